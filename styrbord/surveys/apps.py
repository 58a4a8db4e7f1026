from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_surveys(user, organisation):
    return user.has_perm("surveys.list_surveyround", organisation)


class SurveysConfig(AppConfig):
    name = "styrbord.surveys"
    label = "surveys"
    verbose_name = _("Customer surveys")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo, rules, tasks  # noqa: F401

        register_nav(
            NavItem(_("Follow-up"), _("Customer surveys"), "surveys:round_list", order=1000, visible=_reads_surveys)
        )
