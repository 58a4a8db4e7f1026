from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _allowed(permission):
    def visible(user, organisation):
        return user.has_perm(permission, organisation)

    return visible


class InfraConfig(AppConfig):
    name = "styrbord.infra"
    label = "infra"
    verbose_name = _("Infrastructure")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Infrastructure")
        register_nav(
            NavItem(area, _("Configuration items"), "infra:item_list", 500, _allowed("infra.view_configurationitem")),
            NavItem(area, _("Item types"), "infra:type_list", 510, _allowed("infra.view_itemtype")),
            NavItem(area, _("Import"), "infra:import", 520, _allowed("infra.add_importbatch")),
            NavItem(
                area, _("Devices and subscriptions"), "infra:reconciliation", 530, _allowed("infra.view_reconciliation")
            ),
        )
