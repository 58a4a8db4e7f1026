from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_reports(user, organisation):
    return user.has_perm("followup.list_annualreport", organisation)


class FollowUpConfig(AppConfig):
    name = "styrbord.followup"
    label = "followup"
    verbose_name = _("Annual follow-up")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import dashboards, demo  # noqa: F401

        register_nav(
            NavItem(_("Follow-up"), _("Annual follow-up"), "followup:report_list", order=900, visible=_reads_reports)
        )
