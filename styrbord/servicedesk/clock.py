"""The SLA clocks of one ticket, on top of the business-time engine in ``sla.py``.

Response: ``respond_by`` = reported_at + the level's response target for the priority; the
first public reply by staff meets it. Resolution: business time consumed is accumulated up
to a checkpoint; waiting for the reporter pauses it; a change of priority, level or service
keeps what was consumed and sets a new ``resolve_by`` from the remaining target.
"""

from django.utils import timezone

from .choices import OPEN_STATUSES, SlaState, TicketStatus
from .sla import ClockCache

DEFAULT_AT_RISK_PERCENT = 75


def targets_for(level, priority):
    """(response_minutes, resolution_minutes) or (None, None) without a level or target."""
    if level is None:
        return None, None
    for target in level.targets.all():
        if target.priority == priority:
            return target.response_minutes, target.resolution_minutes
    return None, None


def clock_of(ticket, clocks):
    return clocks(ticket.level.calendar) if ticket.level_id else None


def checkpoint(ticket, now, clocks):
    """Add the business time since the last checkpoint to what the resolution clock has consumed."""
    clock = clock_of(ticket, clocks)
    # Only an open ticket's clock runs: the time a ticket spent resolved does not count when it is reopened.
    running = ticket.sla_paused_at is None and ticket.status in OPEN_STATUSES
    if clock is not None and ticket.sla_checkpoint is not None and running:
        ticket.resolution_consumed_seconds += clock.seconds_between(ticket.sla_checkpoint, now)
    ticket.sla_checkpoint = now


def at_risk_percent(ticket, clocks):
    """The organisation's at-risk share (DeskSettings), read once per organisation and clock cache."""
    from .models import DeskSettings

    known = clocks.__dict__.setdefault("at_risk_percent", {})
    if ticket.organisation_id not in known:
        stored = (
            DeskSettings.objects.filter(organisation_id=ticket.organisation_id)
            .values_list("at_risk_percent", flat=True)
            .first()
        )
        known[ticket.organisation_id] = stored or DEFAULT_AT_RISK_PERCENT
    return known[ticket.organisation_id]


def recompute_deadlines(ticket, clocks=None):
    """Set respond_by and resolve_by from the level's targets, keeping consumed time."""
    clocks = clocks or ClockCache()
    response, resolution = targets_for(ticket.level, ticket.priority)
    clock = clock_of(ticket, clocks)
    if clock is None or response is None:
        ticket.respond_by = ticket.resolve_by = ticket.at_risk_at = None
        return
    ticket.respond_by = clock.add(ticket.reported_at, response * 60)
    if ticket.sla_checkpoint is None:
        ticket.sla_checkpoint = ticket.reported_at
    if ticket.sla_paused_at is not None or ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        if ticket.sla_paused_at is not None:
            ticket.resolve_by = ticket.at_risk_at = None
        return
    remaining = resolution * 60 - ticket.resolution_consumed_seconds
    if remaining > 0:
        ticket.resolve_by = clock.add(ticket.sla_checkpoint, remaining)
    elif ticket.resolve_by is None or ticket.resolve_by > ticket.sla_checkpoint:
        # Already past the (new) target: breached as of the checkpoint at the latest.
        ticket.resolve_by = ticket.sla_checkpoint
    # At risk once the consumed time reaches the share that sla_state() uses (rounded up to a second).
    threshold = -(-resolution * 60 * at_risk_percent(ticket, clocks) // 100)
    left = threshold - ticket.resolution_consumed_seconds
    ticket.at_risk_at = clock.add(ticket.sla_checkpoint, left) if left > 0 else ticket.sla_checkpoint


def resolution_target_seconds(ticket):
    _response, resolution = targets_for(ticket.level, ticket.priority)
    return None if resolution is None else resolution * 60


def consumed_seconds(ticket, now, clocks):
    """Business seconds of the resolution clock used so far (the same clock as the deadlines)."""
    clock = clock_of(ticket, clocks)
    used = ticket.resolution_consumed_seconds
    if clock is not None and ticket.sla_checkpoint is not None and ticket.sla_paused_at is None and ticket.is_open:
        used += clock.seconds_between(ticket.sla_checkpoint, now)
    return used


def sla_state(ticket, now=None, at_risk_percent=75, clocks=None):
    """The state a queue shows: on track, at risk, breached, paused or no target."""
    now = now or timezone.now()
    if ticket.sla_paused_at is not None:
        return SlaState.PAUSED
    if not ticket.is_open:
        if ticket.resolution_met is False:
            return SlaState.BREACHED
        return SlaState.OK if ticket.resolution_met else SlaState.NONE
    if ticket.resolve_by is None:
        return SlaState.NONE
    if now >= ticket.resolve_by:
        return SlaState.BREACHED
    target = resolution_target_seconds(ticket)
    if target:
        used = consumed_seconds(ticket, now, clocks or ClockCache())
        if used * 100 >= target * at_risk_percent:
            return SlaState.AT_RISK
    return SlaState.OK


def progress_percent(ticket, now=None, clocks=None):
    """Share of the resolution target used, for progress bars (same clock as the deadline)."""
    target = resolution_target_seconds(ticket)
    if not target:
        return None
    used = consumed_seconds(ticket, now or timezone.now(), clocks or ClockCache())
    return min(100, round(used * 100 / target))
