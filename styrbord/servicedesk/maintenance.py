"""Preventive maintenance: the due dates of a plan, the tickets made ahead of them, and how it went.

``occurrences`` computes due dates for every recurrence kind; ``generate`` creates a ticket for
each due date within the plan's lead time, exactly once (a unique constraint backs the check,
so two runs at once cannot both create one), including the ones missed while it did not run;
``plan_report`` says per occurrence whether it was done on time, late, missed or is upcoming.

A maintenance ticket's target is its due date, not a service level: it gets no SLA clock.
"""

import calendar
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.core.services import save_validated

from .choices import TicketKind, TicketStatus
from .models import MaintenancePlan, QueueMember, Ticket

logger = logging.getLogger(__name__)
Recurrence = MaintenancePlan.Recurrence
DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class OccurrenceState(models.TextChoices):
    ON_TIME = "on_time", _("Done on time")
    LATE = "late", _("Done late")
    MISSED = "missed", _("Missed")
    UPCOMING = "upcoming", _("Upcoming")


# Recurrences ----------------------------------------------------------------------------


def _ceil_div(a, b):
    return -(-a // b)


def _every(first, step_days, start, end):
    if first > end:
        return
    k = max(0, _ceil_div((start - first).days, step_days))
    current = first + timedelta(days=k * step_days)
    while current <= end:
        yield current
        current += timedelta(days=step_days)


def nth_weekday(year, month, weekday, nth):
    """The nth (1–4, or -1 for the last) given weekday (0 = Monday) of a month."""
    if nth == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def clamped_day(year, month, day):
    """Day ``day`` of a month, or its last day when the month is shorter (31 → 30 April, 28/29 Feb)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _monthly(plan, start, end, due_in_month):
    step = max(plan.interval or 1, 1)
    first_index = plan.starts_on.year * 12 + plan.starts_on.month - 1
    start_index = start.year * 12 + start.month - 1
    index = first_index + max(0, _ceil_div(start_index - first_index, step)) * step
    while True:
        year, month = divmod(index, 12)
        if date(year, month + 1, 1) > end:
            return
        due = due_in_month(year, month + 1)
        if start <= due <= end:
            yield due
        index += step


def occurrences(plan, start, end):
    """The plan's due dates from ``start`` to ``end`` (inclusive), never before ``plan.starts_on``."""
    start = max(start, plan.starts_on)
    if end < start:
        return []
    step = max(plan.interval or 1, 1)
    first = plan.starts_on
    kind = plan.recurrence
    if kind == Recurrence.EVERY_N_DAYS:
        return list(_every(first, step, start, end))
    if kind == Recurrence.WEEKLY:
        weekday = first.weekday() if plan.weekday is None else plan.weekday
        first_due = first + timedelta(days=(weekday - first.weekday()) % 7)
        return list(_every(first_due, 7 * step, start, end))
    if kind == Recurrence.MONTHLY_DAY:
        day = plan.day_of_month or first.day
        return list(_monthly(plan, start, end, lambda year, month: clamped_day(year, month, day)))
    if kind == Recurrence.MONTHLY_WEEKDAY:
        weekday = first.weekday() if plan.weekday is None else plan.weekday
        nth = plan.week_of_month or min((first.day - 1) // 7 + 1, 4)
        return list(_monthly(plan, start, end, lambda year, month: nth_weekday(year, month, weekday, nth)))
    if kind == Recurrence.YEARLY:
        month, day = plan.month or first.month, plan.day_of_month or first.day
        return [
            due
            for year in range(first.year, end.year + 1, step)
            if start <= (due := clamped_day(year, month, day)) <= end
        ]
    raise ValueError(f"Unknown recurrence {kind!r}")


# Generation -----------------------------------------------------------------------------


def responsible(plan):
    """Who a maintenance ticket is reported by: the plan's assignee, else a queue lead."""
    if plan.assignee_id:
        return plan.assignee
    member = QueueMember.objects.filter(area=plan.queue_id).select_related("user").order_by("-is_lead", "pk").first()
    return member.user if member else None


def _create(plan, due, reporter, now):
    from . import notifications
    from .services import create_ticket

    ticket = create_ticket(
        acting_user=None,
        organisation=plan.organisation,
        reporter=reporter,
        title=f"{plan.title} ({due:%Y-%m-%d})"[:200],
        kind=TicketKind.MAINTENANCE,
        description=plan.description,
        service=plan.service,
        queue=plan.queue,
        assignee=plan.assignee,
        reported_at=now,
        channel="maintenance",
        maintenance_plan=plan,
        occurrence=due,
        notify=False,
    )
    if ticket.level_id or ticket.resolve_by:
        ticket.level = ticket.respond_by = ticket.resolve_by = None
        save_validated(ticket, acting_user=None)
    if plan.assignee_id:
        notifications.dispatch_after_commit("assigned", ticket.pk)
    return ticket


def generate(plan, today=None, *, now=None):
    """Create the tickets of the plan's due dates up to ``today + lead_days`` that have none yet.

    Starts after the last generated occurrence (or at ``starts_on``), so occurrences missed
    while the task did not run are made too. Returns the created tickets.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not plan.is_active:
        return []
    last = plan.tickets.aggregate(last=Max("occurrence"))["last"]
    start = plan.starts_on if last is None else max(plan.starts_on, last + timedelta(days=1))
    due_dates = occurrences(plan, start, today + timedelta(days=plan.lead_days))
    if not due_dates:
        return []
    reporter = responsible(plan)
    if reporter is None:
        logger.warning("Maintenance plan %s has no assignee and its queue no members: no tickets made", plan.pk)
        return []
    created = []
    for due in due_dates:
        try:
            with transaction.atomic():
                created.append(_create(plan, due, reporter, now))
        except (IntegrityError, ValidationError):
            # Another run made this occurrence's ticket first; anything else is a real error.
            if not Ticket.objects.filter(maintenance_plan=plan, occurrence=due).exists():
                raise
    return created


# Follow-up ------------------------------------------------------------------------------


@dataclass
class OccurrenceRow:
    due: date
    state: str
    ticket: Ticket | None = None

    @property
    def state_label(self):
        return OccurrenceState(self.state).label


@dataclass
class PlanReport:
    rows: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def done_share(self):
        """Share of the past occurrences done on time, in per cent (None before the first one)."""
        past = (
            self.counts[OccurrenceState.ON_TIME]
            + self.counts[OccurrenceState.LATE]
            + self.counts[OccurrenceState.MISSED]
        )
        return round(self.counts[OccurrenceState.ON_TIME] * 100 / past) if past else None


def occurrence_state(due, ticket, today):
    if ticket is not None and ticket.status in DONE and ticket.resolved_at is not None:
        done_on = timezone.localdate(ticket.resolved_at)
        return OccurrenceState.ON_TIME if done_on <= due else OccurrenceState.LATE
    return OccurrenceState.MISSED if due < today else OccurrenceState.UPCOMING


def plan_report(plan, today=None, *, upcoming=3):
    """Every occurrence from ``starts_on``: done on time / done late / missed, and the next few upcoming."""
    today = today or timezone.localdate()
    tickets = {
        ticket.occurrence: ticket
        for ticket in plan.tickets.exclude(occurrence__isnull=True).select_related("assignee").order_by("occurrence")
    }
    due_dates = set(occurrences(plan, plan.starts_on, today - timedelta(days=1))) | set(tickets)
    if plan.is_active:
        # Long enough for the next occurrence of any recurrence, even every few years.
        window = timedelta(days=366 * max(plan.interval or 1, 1) + 31)
        due_dates |= set(occurrences(plan, today, today + window)[:upcoming])
    rows = [
        OccurrenceRow(due, occurrence_state(due, tickets.get(due), today), tickets.get(due))
        for due in sorted(due_dates)
    ]
    counts = dict.fromkeys(OccurrenceState, 0)
    for row in rows:
        counts[row.state] += 1
    return PlanReport(rows=rows, counts=counts)
