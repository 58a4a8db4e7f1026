from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def allowed(permission):
    """A navigation entry shown to those who hold ``permission`` in the current organisation."""

    def visible(user, organisation):
        return organisation is not None and user.has_perm(permission, organisation)

    return visible


class FinanceConfig(AppConfig):
    name = "styrbord.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Finance")
        register_nav(
            NavItem(area, _("Order a service"), "finance:order_create", 300, allowed("finance.add_order")),
            NavItem(area, _("Orders"), "finance:order_list", 305, allowed("finance.view_order_list")),
            NavItem(area, _("Approvals"), "finance:approvals", 310, allowed("finance.view_approvals")),
            NavItem(
                area, _("Subscriptions"), "finance:subscription_list", 315, allowed("finance.view_subscription_list")
            ),
            NavItem(area, _("IT costs"), "finance:cost_overview", 320, allowed("finance.view_costs")),
            NavItem(area, _("Budgets"), "finance:budget_list", 325, allowed("finance.view_costs")),
            NavItem(area, _("Budget rounds"), "finance:round_list", 330, allowed("finance.view_budgetround")),
            NavItem(area, _("Record work"), "finance:record_work", 335, allowed("finance.add_chargeline")),
            NavItem(area, _("Charging and closing"), "finance:month_list", 340, allowed("finance.view_monthclose")),
            NavItem(area, _("Exports"), "finance:exports", 345, allowed("finance.view_costs")),
            NavItem(area, _("Finance settings"), "finance:settings", 350, allowed("finance.change_financesettings")),
        )
