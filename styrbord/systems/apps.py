from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_change_settings(user, organisation):
    return user.has_perm("systems.change_systemsettings", organisation)


class SystemsConfig(AppConfig):
    name = "styrbord.systems"
    label = "systems"
    verbose_name = _("System management")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Systems")
        register_nav(
            NavItem(area, _("Systems"), "systems:system_list", order=600),
            NavItem(area, _("Management objects"), "systems:object_list", order=610),
            NavItem(area, _("System roles"), "systems:role_list", order=620),
            NavItem(area, _("Management plans"), "systems:plan_list", order=630),
            NavItem(area, _("Management meetings"), "systems:meeting_list", order=640),
            NavItem(area, _("Management quality"), "systems:compliance", order=650),
            NavItem(area, _("Settings"), "systems:settings", order=660, visible=_may_change_settings),
        )
