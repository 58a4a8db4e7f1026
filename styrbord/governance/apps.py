from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "styrbord.governance"
    label = "governance"
    verbose_name = _("Governance and development")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo, tasks  # noqa: F401

        area = _("Governance")
        register_nav(
            NavItem(area, _("Decision log"), "governance:decision_list", order=800),
            NavItem(area, _("IT strategy"), "governance:strategy", order=805),
            NavItem(area, _("Forums"), "governance:forum_list", order=810),
            NavItem(area, _("Meetings"), "governance:meeting_list", order=815),
            NavItem(area, _("Escalations"), "governance:escalation_list", order=820),
            NavItem(area, _("Decision levels"), "governance:level_list", order=825),
            NavItem(area, _("Strategy documents"), "governance:strategy_list", order=830),
        )
