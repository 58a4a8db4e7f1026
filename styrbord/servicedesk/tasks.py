"""Background work of the service desk: e-mail, SLA checks, auto-close, maintenance tickets, mail polling.

Every periodic task is a plain function underneath (tests call ``task.call_local(now=...)``)
and is safe to run twice, late or in two workers at once: each notification is claimed with
a conditional UPDATE before it is sent, status changes lock their row, and maintenance
tickets are unique per occurrence.
"""

import logging
import os
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60)
def send_ticket_mail(event, ticket_id, extra):
    from .models import Ticket
    from .notifications import deliver

    ticket = Ticket.objects.select_related("reporter", "assignee", "queue", "organisation").filter(pk=ticket_id).first()
    if ticket is None:
        return 0
    return deliver(event, ticket, extra or {})


@db_task(retries=3, retry_delay=60)
def send_survey(ticket_id):
    """The one-question satisfaction survey for a closed ticket (at most one per ticket)."""
    from .survey import send_survey_mail

    return send_survey_mail(ticket_id)


class _DeskSettingsCache(dict):
    def __missing__(self, organisation_id):
        from .models import DeskSettings

        found = DeskSettings.objects.filter(organisation_id=organisation_id).first()
        self[organisation_id] = found or DeskSettings(organisation_id=organisation_id)
        return self[organisation_id]


def _notify_once(ticket, field, now, event, **also):
    """Set a notification mark only if no other run set it first, and send for the one that did."""
    from .models import Ticket
    from .notifications import dispatch_after_commit

    with transaction.atomic():
        claimed = Ticket.objects.filter(pk=ticket.pk, **{f"{field}__isnull": True}).update(**{field: now}, **also)
        if claimed:
            dispatch_after_commit(event, ticket.pk)
    return bool(claimed)


def _escalate(ticket, now, overdue_seconds):
    from .choices import EventKind
    from .models import TicketEvent

    with transaction.atomic():
        if not _notify_once(ticket, "escalated_at", now, "escalated"):
            return False
        ticket.escalated_at = now
        ticket._history_user = None
        ticket.save(update_fields=["escalated_at"])  # once more, for the field history
        minutes = overdue_seconds // 60
        TicketEvent.objects.create(
            ticket=ticket,
            kind=EventKind.ESCALATED,
            at=now,
            text=_("Escalated to the head of IT: the target was breached %(minutes)s business minutes ago.")
            % {"minutes": minutes},
            data={"overdue_minutes": minutes},
        )
    return True


@db_periodic_task(crontab(minute="*/5"))
@lock_task("servicedesk-check-sla")
def check_sla(now=None):
    """Notify about tickets about to breach and breached; escalate long breaches to the head of IT.

    One query reads exactly the tickets with a notice due (``at_risk_at`` and ``resolve_by`` are
    stored, computed by the same clock); one clock per calendar serves them all.
    """
    from . import clock as sla_clock
    from .choices import SlaState
    from .models import Ticket
    from .sla import ClockCache

    now = now or timezone.now()
    clocks, desk = ClockCache(), _DeskSettingsCache()
    counts = {"at_risk": 0, "breached": 0, "escalated": 0}
    notice_due = Q(risk_notified_at__isnull=True, at_risk_at__lte=now) | (
        Q(resolve_by__lte=now) & (Q(breach_notified_at__isnull=True) | Q(escalated_at__isnull=True))
    )
    tickets = (
        Ticket.objects.open()
        .filter(notice_due, sla_paused_at__isnull=True, resolve_by__isnull=False, level__isnull=False)
        .select_related("level__calendar")
        .prefetch_related("level__targets")
        .order_by("resolve_by")
    )
    for ticket in tickets.iterator(chunk_size=500):
        settings = desk[ticket.organisation_id]
        state = sla_clock.sla_state(ticket, now, settings.at_risk_percent, clocks)
        if state == SlaState.AT_RISK and ticket.risk_notified_at is None:
            counts["at_risk"] += _notify_once(ticket, "risk_notified_at", now, "at_risk")
        elif state == SlaState.BREACHED:
            if ticket.breach_notified_at is None:
                # A ticket found already breached is not reported as at risk afterwards.
                also = {"risk_notified_at": ticket.risk_notified_at or now}
                counts["breached"] += _notify_once(ticket, "breach_notified_at", now, "breached", **also)
            if ticket.escalated_at is None:
                overdue = sla_clock.clock_of(ticket, clocks).seconds_between(ticket.resolve_by, now)
                if overdue > settings.escalate_after_breach_minutes * 60:
                    counts["escalated"] += _escalate(ticket, now, overdue)
    return counts


def auto_close_text(days):
    return _("Closed automatically %(days)s business days after it was resolved.") % {"days": days}


@db_periodic_task(crontab(minute="7"))
@lock_task("servicedesk-auto-close")
def auto_close(now=None):
    """Close resolved tickets after the organisation's number of business days, unless reopened.

    Business days are those of the ticket's SLA calendar (``services.business_days_later``).
    """
    from styrbord.catalog.models import BusinessCalendar
    from styrbord.organisations.models import Organisation

    from .choices import TicketStatus
    from .models import DeskSettings, Ticket
    from .services import business_days_later, change_status
    from .sla import ClockCache

    now = now or timezone.now()
    today = timezone.localdate(now)
    desk = _DeskSettingsCache()
    shortest = DeskSettings.objects.aggregate(shortest=Min("auto_close_business_days"))["shortest"]
    shortest = min(shortest if shortest is not None else 5, DeskSettings().auto_close_business_days)
    # N business days after a date are at least N calendar days after it: later resolutions wait.
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=shortest - 1), time.min))
    candidates = Ticket.objects.filter(status=TicketStatus.RESOLVED, resolved_at__lt=cutoff).values_list(
        "pk", "organisation_id", "resolved_at", "level__calendar_id"
    )
    due_dates, organisations, calendars, clocks, closed = {}, {}, {}, ClockCache(), 0
    for pk, organisation_id, resolved_at, calendar_id in candidates.iterator():
        days = desk[organisation_id].auto_close_business_days
        key = (timezone.localdate(resolved_at), days, organisation_id, calendar_id)
        if key not in due_dates:
            if organisation_id not in organisations:
                organisations[organisation_id] = Organisation.objects.get(pk=organisation_id)
            if calendar_id is not None and calendar_id not in calendars:
                calendars[calendar_id] = BusinessCalendar.objects.prefetch_related("segments").get(pk=calendar_id)
            due_dates[key] = business_days_later(
                key[0], days, organisations[organisation_id], calendar=calendars.get(calendar_id), clocks=clocks
            )
        if today < due_dates[key]:
            continue
        try:
            ticket = change_status(
                Ticket(pk=pk), TicketStatus.CLOSED, acting_user=None, text=auto_close_text(days), now=now
            )
        except ValidationError:  # reopened meanwhile
            continue
        closed += ticket.closed_at == now
    return closed


@db_periodic_task(crontab(hour="5", minute="30"))
@lock_task("servicedesk-maintenance")
def generate_maintenance(today=None, now=None):
    """Create the tickets of every active maintenance plan's coming occurrences (and missed ones)."""
    from .maintenance import generate
    from .models import MaintenancePlan

    created = 0
    plans = MaintenancePlan.objects.filter(is_active=True).select_related("organisation", "queue", "assignee")
    for plan in plans:
        try:
            created += len(generate(plan, today, now=now))
        except Exception:  # one broken plan must not stop the others
            logger.exception("Maintenance plan %s could not generate its tickets", plan.pk)
    return created


@db_periodic_task(crontab(minute="*/2"))
@lock_task("servicedesk-poll-mail")
def poll_mail():
    """Read new mail from the IMAP mailbox in STYRBORD_IMAP_URL, when it is set."""
    url = os.environ.get("STYRBORD_IMAP_URL", "")
    if not url:
        return None
    from .mail_in import poll_imap

    return poll_imap(url)
