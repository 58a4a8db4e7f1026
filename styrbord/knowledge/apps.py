from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "styrbord.knowledge"
    label = "knowledge"
    verbose_name = _("Instructions and training")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo, tasks  # noqa: F401

        area = _("Knowledge")
        register_nav(
            NavItem(area, _("My material"), "knowledge:my_material", order=900),
            NavItem(area, _("Instructions"), "knowledge:article_list", order=910),
            NavItem(area, _("Courses"), "knowledge:course_list", order=920),
        )
