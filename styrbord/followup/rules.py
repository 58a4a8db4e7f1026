"""Who reads, writes and freezes the annual follow-up, and who records outages.

- The head of IT creates a year's report, writes the assessment of each part and freezes it.
- The management group and finance read every report, live or frozen (strategic level).
- Department heads read the frozen reports, in full: the official version is presented to the
  management group and is an official record; the live draft is the IT unit's work in progress.
  Their own departments' figures are on their home page, live.
- Outages are recorded and corrected by the desk staff (IT roles), like the ticket they belong to.
"""

import rules
from django.db.models import Q

from styrbord.core.predicates import has_role
from styrbord.core.tenancy import access

from .choices import FROZEN_READERS, OUTAGE_RECORDERS, READERS, WRITERS, ReportStatus

is_writer = has_role(*WRITERS)
is_reader = has_role(*READERS)
is_frozen_reader = has_role(*FROZEN_READERS)
is_recorder = has_role(*OUTAGE_RECORDERS)


@rules.predicate
def is_frozen(user, report=None):
    return report is not None and getattr(report, "is_frozen", False)


rules.add_perm("followup.list_annualreport", is_reader | is_frozen_reader)
rules.add_perm("followup.view_annualreport", is_reader | (is_frozen & is_frozen_reader))
rules.add_perm("followup.add_annualreport", is_writer)
rules.add_perm("followup.change_annualreport", is_writer & ~is_frozen)
rules.add_perm("followup.freeze_annualreport", is_writer & ~is_frozen)

rules.add_perm("followup.view_outage", is_recorder)
rules.add_perm("followup.add_outage", is_recorder)
rules.add_perm("followup.change_outage", is_recorder)


def organisations_with(user, roles):
    user_access = access(user)
    return [org for org in user_access.organisation_ids if user_access.has_role(org, *roles)]


def readable_reports(user, queryset):
    """The reports ``user`` reads: every one where they read live reports, else the frozen ones."""
    if user.is_superuser:
        return queryset
    return queryset.filter(
        Q(organisation__in=organisations_with(user, READERS))
        | Q(organisation__in=organisations_with(user, FROZEN_READERS), status=ReportStatus.FROZEN)
    )
