from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "styrbord.organisations"
    label = "organisations"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from styrbord.core.navigation import NavItem, register_nav
        from styrbord.core.tenancy import access_changed

        from . import attention, demo  # noqa: F401

        # What core.tenancy.access reads: a change gives every worker a new access version.
        for name in ("Membership", "RoleAssignment", "Department", "Organisation"):
            model = self.get_model(name)
            post_save.connect(access_changed, sender=model, dispatch_uid=f"access-saved-{name}")
            post_delete.connect(access_changed, sender=model, dispatch_uid=f"access-deleted-{name}")

        area = _("Organisation")
        register_nav(
            NavItem(area, _("Organisation"), "organisations:organisation", order=900),
            NavItem(area, _("Departments"), "organisations:department_list", order=910),
            NavItem(area, _("People"), "organisations:person_list", order=920),
            NavItem(area, _("Roles"), "organisations:role_list", order=930),
        )
