from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def works_the_desk(user, organisation):
    from styrbord.core.tenancy import access

    from .models import DESK_STAFF_ROLES

    return organisation is not None and (user.is_superuser or access(user).has_role(organisation.pk, *DESK_STAFF_ROLES))


class ServicedeskConfig(AppConfig):
    name = "styrbord.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Service desk")
        register_nav(
            NavItem(area, _("My cases"), "servicedesk:my_tickets", order=300),
            NavItem(area, _("Report a problem"), "servicedesk:report", order=310),
            NavItem(area, _("Queue"), "servicedesk:queue", order=320, visible=works_the_desk),
            NavItem(area, _("My work"), "servicedesk:my_work", order=330, visible=works_the_desk),
            NavItem(area, _("Maintenance plans"), "servicedesk:plan_list", order=340, visible=works_the_desk),
        )
