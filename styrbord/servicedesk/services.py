"""Every change to tickets: intake, classification, status, replies, time, links, SLA bookkeeping.

Each action is one transaction, validates before writing, records a timeline event and the
field history with the acting user, and sends notifications only after the commit.
"""

from datetime import date, time, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import save_validated

from . import clock as sla_clock
from .choices import OPEN_STATUSES, TRANSITIONS, EventKind, Level, TicketKind, TicketStatus
from .models import Comment, DeskSettings, Ticket, TicketEvent, TicketLink, TimeEntry
from .priority import priority_for
from .sla import MAX_DAYS, BusinessClock, ClockCache, ConfigCache, shared_config

STAFF_ROLES = ("it_head", "support_lead", "it_staff")


def desk_settings(organisation):
    found = DeskSettings.objects.filter(organisation=organisation).first()
    return found or DeskSettings(organisation=organisation)


def governing_level(department, service, on_date=None):
    """The level the department (or the nearest ancestor) subscribes to for the service, else its default."""
    level_id = governing_level_id(department, service, on_date)
    if level_id is None:
        return None
    if service.default_level_id == level_id:
        return service.default_level
    return service.levels.model.objects.get(pk=level_id)


def governing_level_id(department, service, on_date=None):
    """The id of ``governing_level`` without reading the level itself."""
    if service is None:
        return None
    on_date = on_date or timezone.localdate()
    if department is not None:
        subscription_model = _subscription_model()
        if subscription_model is not None:
            ancestor_ids = [int(part) for part in department.path.strip("/").split("/") if part]
            rows = (
                subscription_model.objects.filter(
                    department_id__in=ancestor_ids, service=service, valid_from__lte=on_date
                )
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
                .exclude(level__isnull=True)
                .values_list("department_id", "level_id")
            )
            by_department = dict(rows)
            for department_id in reversed(ancestor_ids):  # nearest first
                if department_id in by_department:
                    return by_department[department_id]
    return service.default_level_id


def _subscription_model():
    try:
        return apps.get_model("finance", "Subscription")
    except LookupError:
        return None


def _event(ticket, kind, actor, text="", at=None, **data):
    return TicketEvent.objects.create(
        ticket=ticket, kind=kind, actor=actor, at=at or timezone.now(), text=text, data=data
    )


def _notify_after_commit(event_name, ticket, **extra):
    from . import notifications

    ticket_id = ticket.pk
    transaction.on_commit(lambda: notifications.dispatch(event_name, ticket_id, **extra))


def _validate_reported_at(reported_at, now):
    if reported_at is not None and reported_at > now:
        raise ValidationError({"reported_at": _("The report time cannot be in the future.")})


@transaction.atomic
def create_ticket(
    *,
    acting_user,
    organisation,
    reporter,
    title,
    kind=TicketKind.INCIDENT,
    description="",
    service=None,
    department=None,
    impact=Level.MEDIUM,
    urgency=Level.MEDIUM,
    reported_at=None,
    queue=None,
    assignee=None,
    channel="portal",
    maintenance_plan=None,
    occurrence=None,
    notify=True,
    clocks=None,
    priority_rules=None,
    requested_level=None,
    requested_quantity=None,
    requested_from=None,
):
    now = timezone.now()
    _validate_reported_at(reported_at, now)
    if department is None and reporter is not None:
        membership = reporter.memberships.filter(organisation=organisation).select_related("department").first()
        department = membership.department if membership else None
    ticket = Ticket(
        organisation=organisation,
        kind=kind,
        title=title,
        description=description,
        reporter=reporter,
        created_by=acting_user,
        department=department,
        service=service,
        impact=impact,
        urgency=urgency,
        reported_at=reported_at or now,
        channel=channel,
        assignee=assignee,
        queue=queue or (service.area if service is not None else None),
        maintenance_plan=maintenance_plan,
        occurrence=occurrence,
        requested_level=requested_level,
        requested_quantity=requested_quantity,
        requested_from=requested_from,
    )
    if assignee is not None:
        ticket.status = TicketStatus.ASSIGNED
    if clocks is None:
        # Levels, targets, calendars and the priority matrix from the process's cache while unchanged.
        clocks = shared_config()
    if priority_rules is None and isinstance(clocks, ConfigCache):
        priority_rules = clocks.priority_rules(organisation.pk)
    ticket.priority = priority_for(organisation, ticket.impact, ticket.urgency, rules=priority_rules)
    level_id = governing_level_id(department, service, timezone.localdate(ticket.reported_at))
    if isinstance(clocks, ConfigCache):
        ticket.level = clocks.level(level_id)
    else:
        ticket.level = governing_level(department, service, timezone.localdate(ticket.reported_at))
    ticket.sla_checkpoint = ticket.reported_at
    sla_clock.recompute_deadlines(ticket, clocks)
    # Related rows the caller passed in (or this function read) exist: skip one query per foreign key.
    save_validated(ticket, acting_user=acting_user, exclude=_loaded_relations(ticket))
    _event(ticket, EventKind.CREATED, acting_user, at=ticket.reported_at, channel=channel)
    if notify:
        _notify_after_commit("created", ticket)
    return ticket


def _loaded_relations(instance):
    """Foreign keys whose related row was read from the database (its existence needs no new query)."""
    names = []
    for field in instance._meta.concrete_fields:
        # Not the maintenance plan: the one-ticket-per-occurrence constraint is validated through it.
        if field.is_relation and field.name != "maintenance_plan" and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and not related._state.adding and related.pk == getattr(instance, field.attname):
                names.append(field.name)
    return names


def _lock(ticket):
    # Lock the ticket row only: PostgreSQL cannot lock the nullable side of the level's outer join.
    return Ticket.objects.select_for_update(of=("self",)).select_related("level__calendar").get(pk=ticket.pk)


@transaction.atomic
def change_status(ticket, status, *, acting_user, text="", now=None):
    ticket = _lock(ticket)
    now = now or timezone.now()
    old = ticket.status
    if status == old:
        return ticket
    if status not in TRANSITIONS[TicketStatus(old)]:
        raise ValidationError(
            {
                "status": _("A ticket cannot go from %(old)s to %(new)s.")
                % {"old": TicketStatus(old).label, "new": TicketStatus(status).label}
            }
        )
    clocks = ClockCache()
    sla_clock.checkpoint(ticket, now, clocks)
    ticket.status = status
    if status == TicketStatus.WAITING:
        ticket.sla_paused_at = now
    elif old == TicketStatus.WAITING:
        ticket.sla_paused_at = None
    if status == TicketStatus.RESOLVED:
        _settle(ticket, now)
    elif status == TicketStatus.CLOSED:
        if ticket.resolved_at is None:
            _settle(ticket, now)
        ticket.closed_at = now
    elif old == TicketStatus.RESOLVED:  # reopened: the time while resolved does not count
        ticket.resolved_at = None
        ticket.resolution_met = None
        ticket.resolution_business_minutes = None
    if status in OPEN_STATUSES:
        sla_clock.recompute_deadlines(ticket, clocks)
    save_validated(ticket, acting_user=acting_user)
    _event(ticket, EventKind.STATUS, acting_user, text=text, at=now, old=old, new=status)
    _notify_after_commit("status", ticket, old=old, new=status)
    return ticket


def _settle(ticket, now):
    """Store the figures of a resolved ticket for the follow-up."""
    ticket.resolved_at = now
    ticket.sla_paused_at = None
    target = sla_clock.resolution_target_seconds(ticket)
    ticket.resolution_business_minutes = ticket.resolution_consumed_seconds // 60
    ticket.resolution_met = None if target is None else ticket.resolution_consumed_seconds <= target
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    if ticket.respond_by is not None and ticket.response_met is None:
        ticket.response_met = ticket.first_response_at <= ticket.respond_by


@transaction.atomic
def reclassify(ticket, *, acting_user, now=None, **changes):
    """Change impact, urgency, service, level or department; consumed SLA time is kept."""
    allowed = {
        "impact",
        "urgency",
        "service",
        "level",
        "department",
        "kind",
        "title",
        "description",
        "is_security_incident",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    ticket = _lock(ticket)
    now = now or timezone.now()
    clocks = ClockCache()
    sla_clock.checkpoint(ticket, now, clocks)
    old_priority, old_service = ticket.priority, ticket.service_id
    for name, value in changes.items():
        setattr(ticket, name, value)
    ticket.priority = priority_for(ticket.organisation, ticket.impact, ticket.urgency)
    if "level" not in changes and ({"service", "department"} & set(changes)):
        ticket.level = governing_level(ticket.department, ticket.service, now.date())
    if "service" in changes and ticket.service is not None and ticket.queue_id is None:
        ticket.queue = ticket.service.area
    sla_clock.recompute_deadlines(ticket, clocks)
    save_validated(ticket, acting_user=acting_user)
    if ticket.priority != old_priority:
        _event(ticket, EventKind.PRIORITY, acting_user, at=now, old=old_priority, new=ticket.priority)
    if ticket.service_id != old_service:
        _event(ticket, EventKind.SERVICE, acting_user, at=now, old=old_service, new=ticket.service_id)
    return ticket


@transaction.atomic
def assign(ticket, *, acting_user, assignee=None, queue=None):
    ticket = _lock(ticket)
    if queue is not None:
        if queue.organisation_id != ticket.organisation_id:
            raise ValidationError({"queue": _("Must belong to the same organisation.")})
        ticket.queue = queue
    ticket.assignee = assignee
    if assignee is not None and ticket.status == TicketStatus.NEW:
        ticket.status = TicketStatus.ASSIGNED
    save_validated(ticket, acting_user=acting_user)
    _event(ticket, EventKind.ASSIGNED, acting_user, assignee=getattr(assignee, "pk", None), queue=ticket.queue_id)
    if assignee is not None and assignee != acting_user:
        _notify_after_commit("assigned", ticket)
    return ticket


def is_staff_for(user, ticket):
    from styrbord.core.tenancy import access

    return user.is_superuser or access(user).has_role(ticket.organisation_id, *STAFF_ROLES)


@transaction.atomic
def add_comment(ticket, *, acting_user, body, is_public=True, via_email=False, now=None):
    if not (body or "").strip():
        raise ValidationError({"body": _("Write something.")})
    staff = is_staff_for(acting_user, ticket)
    if not is_public and not staff:
        raise ValidationError({"is_public": _("Only IT staff can write internal notes.")})
    ticket = _lock(ticket)
    now = now or timezone.now()
    comment = Comment(ticket=ticket, author=acting_user, body=body.strip(), is_public=is_public, via_email=via_email)
    save_validated(comment, acting_user=acting_user)
    _event(
        ticket,
        EventKind.REPLY if is_public else EventKind.NOTE,
        acting_user,
        text=comment.body[:500],
        at=now,
        comment=comment.pk,
    )
    if is_public and staff and ticket.first_response_at is None and acting_user != ticket.reporter:
        ticket.first_response_at = now
        if ticket.respond_by is not None:
            ticket.response_met = now <= ticket.respond_by
        save_validated(ticket, acting_user=acting_user)
    if is_public:
        _notify_after_commit("comment", ticket, comment_id=comment.pk)
    if is_public and not staff and ticket.status == TicketStatus.WAITING:
        change_status(
            ticket, TicketStatus.IN_PROGRESS, acting_user=acting_user, now=now, text=_("The reporter answered.")
        )
    return comment


@transaction.atomic
def record_time(ticket, *, acting_user, minutes, billable=False, on_date=None, note=""):
    if on_date is not None and on_date > timezone.localdate():
        raise ValidationError({"date": _("Time cannot be recorded for a day in the future.")})
    entry = TimeEntry(
        ticket=ticket,
        user=acting_user,
        minutes=minutes,
        billable=billable,
        date=on_date or timezone.localdate(),
        note=note,
    )
    save_validated(entry, acting_user=acting_user)
    if billable:
        entry.charge_line_id = _charge_time(ticket, entry, acting_user)
        TimeEntry.objects.filter(pk=entry.pk).update(charge_line_id=entry.charge_line_id)
    _event(ticket, EventKind.TIME, acting_user, minutes=minutes, billable=billable)
    return entry


def _charge_time(ticket, entry, acting_user):
    """Billable time becomes a charge line in the finance app.

    It is charged on the ticket's service when that service is priced per hour, otherwise on the
    hourly service named in the desk settings (a laptop is charged per device, work on it per hour).
    """
    from styrbord.catalog.choices import ChargeUnit

    service = ticket.service
    if service is None or service.unit != ChargeUnit.HOUR:
        service = desk_settings(ticket.organisation).hourly_service
    if ticket.department is None or service is None:
        raise ValidationError(
            {
                "billable": _(
                    "Billable time needs the ticket's department and an hourly service: the ticket's own "
                    "or the one in the service-desk settings."
                )
            }
        )
    from styrbord.finance import services as finance

    try:
        line = finance.record_work(
            acting_user=acting_user,
            organisation=ticket.organisation,
            department=ticket.department,
            service=service,
            minutes=entry.minutes,
            date=entry.date,
            description=f"{ticket.reference} {ticket.title}"[:200],
            source=entry,
        )
    except ValidationError as error:
        # The finance app names its own fields; on a time entry they are about the billing.
        raise ValidationError({"billable": error.messages}) from None
    return getattr(line, "pk", None)


@transaction.atomic
def link(ticket, *, acting_user, target, kind):
    created = TicketLink(source=ticket, target=target, kind=kind, created_by=acting_user)
    save_validated(created, acting_user=acting_user)
    _event(ticket, EventKind.LINK, acting_user, target=target.pk, link_kind=kind)
    return created


@transaction.atomic
def recompute_for_calendar(calendar, *, now=None):
    """After a calendar edit: every open ticket on it gets deadlines from the new hours.

    Time consumed up to each ticket's last checkpoint stays as it was measured.
    """
    clocks = ClockCache()
    tickets = (
        Ticket.objects.select_for_update(of=("self",))
        .filter(level__calendar=calendar, status__in=OPEN_STATUSES)
        .select_related("level__calendar")
        .prefetch_related("level__targets")
    )
    changed = []
    for ticket in tickets:
        sla_clock.recompute_deadlines(ticket, clocks)
        changed.append(ticket)
    Ticket.objects.bulk_update(changed, ["respond_by", "resolve_by", "at_risk_at"], batch_size=1000)
    return len(changed)


def _organisation_clock(organisation, clocks):
    """Monday to Friday less public and de facto holidays and the organisation's closed days for
    every calendar: the business days of a ticket without a level (and so without a calendar)."""
    from styrbord.catalog.calendar import closed_dates
    from styrbord.catalog.models import BusinessCalendar

    known = clocks.__dict__.setdefault("organisation_clocks", {})
    if organisation.pk not in known:
        calendar = BusinessCalendar(organisation=organisation)  # closes on both kinds of holiday

        def closed_in(year):
            return closed_dates(calendar, date(year, 1, 1), date(year, 12, 31))

        weekdays = {weekday: [(time(0), time(23, 59))] for weekday in range(5)}
        known[organisation.pk] = BusinessClock(segments=weekdays, closed_dates=closed_in)
    return known[organisation.pk]


def _open_days_later(clock, start, days):
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if (current - start).days > MAX_DAYS:
            return None
        if clock.day_intervals(current):
            counted += 1
    return current


def business_days_later(start: date, days: int, organisation, *, calendar=None, clocks=None):
    """The date ``days`` business days after ``start``.

    A business day is a day the ticket's SLA calendar (its level's) is open, read by the same clock
    the SLA deadlines come from: its opening weekdays less the public and de facto holidays it
    closes on and the organisation's closed days. Without a calendar, or with one that is never
    open: Monday to Friday less public and de facto holidays and the organisation's closed days.
    """
    clocks = clocks or ClockCache()
    if calendar is not None:
        later = _open_days_later(clocks(calendar), start, days)
        if later is not None:
            return later
    return _open_days_later(_organisation_clock(organisation, clocks), start, days)


@transaction.atomic
def order_from_request(ticket, *, acting_user, now=None):
    """Turn a service request into a finance order for the ticket's department.

    Whoever may order for the department (its IT coordinator or head, or the head of IT) does
    this; a department head's order carries their approval, otherwise finance's approval flow
    takes over. The ticket keeps a link to the order.
    """
    from django.core.exceptions import PermissionDenied

    from styrbord.finance import services as finance

    ticket = _lock(ticket)
    if ticket.kind != TicketKind.REQUEST or ticket.service_id is None:
        raise ValidationError({"kind": _("Only a service request for a catalogue service can be ordered.")})
    if ticket.order_id is not None:
        raise ValidationError({"order": _("This request has already been ordered.")})
    if ticket.department is None:
        raise ValidationError({"department": _("The request needs a department to order for.")})
    if not acting_user.has_perm("finance.add_order", ticket.department):
        raise PermissionDenied
    today = (now or timezone.now()).astimezone(timezone.get_current_timezone()).date()
    order = finance.place_order(
        acting_user=acting_user,
        department=ticket.department,
        service=ticket.service,
        level=ticket.requested_level or ticket.service.default_level,
        quantity=ticket.requested_quantity or 1,
        effective_date=max(ticket.requested_from or today, today),
        note=f"{ticket.reference} {ticket.title}"[:500],
    )
    ticket.order = order
    save_validated(ticket, acting_user=acting_user)
    _event(ticket, EventKind.ORDERED, acting_user, at=now, order=order.pk, status=order.status)
    return order
