"""Writes of the annual follow-up: reports, their assessments, freezing; outages on tickets."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated

from .choices import ReportStatus
from .models import AnnualReport, Outage
from .report import figures_of


@transaction.atomic
def create_report(*, acting_user, organisation, year, covers_cooperation=False, **assessments):
    """A live report of ``organisation`` for ``year`` (its figures are computed when read)."""
    report = AnnualReport(organisation=organisation, year=year, covers_cooperation=covers_cooperation)
    apply_changes(report, assessments, AnnualReport.ASSESSMENT_FIELDS)
    return save_validated(report, acting_user=acting_user)


def _not_frozen(report):
    if report.is_frozen:
        raise ValidationError(_("The report is frozen: it is the year's official version and cannot be changed."))


@transaction.atomic
def update_assessments(report, *, acting_user, **changes):
    """Write the head of IT's assessment of one or more parts (until the report is frozen)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _not_frozen(report)
    apply_changes(report, changes, AnnualReport.ASSESSMENT_FIELDS)
    return save_validated(report, acting_user=acting_user)


@transaction.atomic
def freeze_report(report, *, acting_user, now=None):
    """Store the figures as they are now: from here on the report never changes."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _not_frozen(report)
    snapshot = figures_of(report)
    report.snapshot = snapshot
    report.status = ReportStatus.FROZEN
    report.frozen_at = now or timezone.now()
    report.frozen_by = acting_user
    return save_validated(report, acting_user=acting_user)


@transaction.atomic
def record_outage(*, acting_user, ticket, service=None, level=None, starts_at, ends_at=None, planned=False, note=""):
    """Record on a ticket that a service (or one level of it) was unavailable from–to.

    The service defaults to the ticket's. An outage without an end is still going on.
    """
    service = service or ticket.service
    if service is None:
        raise ValidationError({"service": _("Choose the service that was unavailable.")})
    outage = Outage(
        organisation_id=ticket.organisation_id,
        ticket=ticket,
        service=service,
        level=level,
        starts_at=starts_at,
        ends_at=ends_at,
        planned=planned,
        note=note or "",
        recorded_by=acting_user,
    )
    return save_validated(outage, acting_user=acting_user)


@transaction.atomic
def update_outage(outage, *, acting_user, **changes):
    """Correct an outage, typically to set its end when the service is back."""
    apply_changes(outage, changes, Outage.EDITABLE_FIELDS)
    return save_validated(outage, acting_user=acting_user)
