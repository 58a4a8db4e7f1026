from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_contracts(user, organisation):
    return user.has_perm("sourcing.view_contracts", organisation)


def _reads_comparisons(user, organisation):
    return user.has_perm("sourcing.view_comparison", organisation)


def _may_change_settings(user, organisation):
    return user.has_perm("sourcing.change_sourcingsettings", organisation)


class SourcingConfig(AppConfig):
    name = "styrbord.sourcing"
    label = "sourcing"
    verbose_name = _("Sourcing")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo, tasks  # noqa: F401

        area = _("Sourcing")
        register_nav(
            NavItem(area, _("Contracts"), "sourcing:contract_list", order=800, visible=_reads_contracts),
            NavItem(area, _("Suppliers"), "sourcing:supplier_list", order=810, visible=_reads_contracts),
            NavItem(area, _("Sourcing comparisons"), "sourcing:comparison_list", order=820, visible=_reads_comparisons),
            NavItem(area, _("Contract reminders"), "sourcing:settings", order=830, visible=_may_change_settings),
        )
