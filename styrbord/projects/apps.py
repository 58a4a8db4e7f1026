from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_plans(user, organisation):
    return user.has_perm("projects.view_prioritisation", organisation)


class ProjectsConfig(AppConfig):
    name = "styrbord.projects"
    label = "projects"
    verbose_name = _("Development projects")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo, rules  # noqa: F401

        area = _("Governance")
        register_nav(
            NavItem(area, _("Development projects"), "projects:project_list", order=850),
            NavItem(area, _("Prioritisation"), "projects:prioritisation_list", order=860, visible=_reads_plans),
            NavItem(area, _("Digitalisation plans"), "projects:plan_overview", order=870, visible=_reads_plans),
        )
