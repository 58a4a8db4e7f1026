from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "styrbord.organisations"
    label = "organisations"
    verbose_name = _("Organisation")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Organisation")
        register_nav(
            NavItem(area, _("Organisation"), "organisations:organisation", order=900),
            NavItem(area, _("Departments"), "organisations:department_list", order=910),
            NavItem(area, _("People"), "organisations:person_list", order=920),
            NavItem(area, _("Roles"), "organisations:role_list", order=930),
        )
