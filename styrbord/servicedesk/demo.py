"""A year of service-desk history for the demo municipalities (data/demo.yaml).

The IT unit's demo staff work every queue ("tekniker"; "support" leads). About 1,500 tickets
for Norrbäcken and 200 for Fjällby, spread over the past year with the peaks a municipal IT
unit sees (the school start in August, January after the holidays, Mondays), over services,
departments and priorities; most targets met, some breached; most tickets closed, many with a
survey answer; the most recent ones open, in every status. Three maintenance plans (monthly
patching on the second Tuesday, a weekly restore test, a yearly firewall review) have the
tickets the daily task would have made, most done on time, some late, a few missed.

Every ticket is reported through ``services.create_ticket``, at its simulated time (the clock
is set back for each step, so timestamps, the timeline and the field history are those of the
past). The last month's tickets then go through the service functions step by step and may stop
in any status. Older ones, closed long since, replay the same planned steps in memory with the
same SLA functions and are written in bulk; a test checks that both ways give the same figures.
That keeps the whole demo within a minute on SQLite.

Idempotent: an organisation that already has tickets (or a plan of that title) is skipped.
Nothing is mailed. Deterministic: one seeded ``random.Random`` per organisation.
"""

import random
import secrets
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import holidays
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrbord.catalog.models import ServiceLevel
from styrbord.core.demo import demo_loader
from styrbord.organisations.choices import IT_ROLES
from styrbord.organisations.models import Membership

from . import clock as sla_clock
from . import desk as desk_actions
from . import maintenance, notifications, services
from .choices import OPEN_STATUSES, EventKind, TicketKind, TicketStatus
from .models import Comment, DeskSettings, MaintenancePlan, QueueMember, SurveyAnswer, Ticket, TicketEvent, TimeEntry
from .sla import STOCKHOLM, ClockCache
from .survey import hash_token
from .tasks import auto_close_text

DATA = Path(__file__).parent / "data" / "demo.yaml"
SEED = "styrbord-servicedesk-demo"
DAYS_BACK = 365
OFFICE_CALENDAR = "Kontorstid"
# Without a level (no targets), the simulation still paces the work on office hours.
FALLBACK_TARGETS = (240, 1440)
CHANNELS = [("portal", 70), ("email", 24), ("phone", 6)]
# Tickets reported before this many days ago (and closed since) are replayed in memory.
REPLAY_BEFORE_DAYS = 30
REPLAYED_FIELDS = [
    "status",
    "first_response_at",
    "response_met",
    "resolved_at",
    "closed_at",
    "resolve_by",
    "at_risk_at",
    "resolution_consumed_seconds",
    "sla_checkpoint",
    "sla_paused_at",
    "resolution_met",
    "resolution_business_minutes",
    "updated_at",
]
# The resolution's reply is written just before the ticket is marked resolved.
ANSWER_FIRST = timedelta(minutes=1)
OPEN_STOPS = [TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.WAITING]
REOPENED = gettext_lazy("It does not work yet.")


class _Later(Exception):
    """The next step lies after now (or after where this ticket is meant to stop): it stays as it is."""


@contextmanager
def _clock_at(when):
    """Everything that asks for the time (timestamps, the field history, the timeline) sees ``when``."""
    real_now = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = real_now


def _aware(day, hour=0, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def update_rows(model, objects, names):
    """Write some fields of many rows: one prepared UPDATE run for all (``bulk_update`` is slow on this)."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Only the model's own table and column names go into the statement; the values are parameters.
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class Bulk:
    """Rows that need no business rule of their own, written together at the end with their history."""

    def __init__(self):
        self.comments, self.entries, self.events = [], [], []

    def event(self, ticket, kind, actor, at, text="", **data):
        self.events.append(TicketEvent(ticket=ticket, kind=kind, actor=actor, at=at, text=text, data=data))

    def comment(self, ticket, author, when, body, is_public=True):
        comment = Comment(ticket=ticket, author=author, body=body, is_public=is_public)
        self.comments.append((comment, when))

    def time(self, ticket, user, when, minutes, note):
        entry = TimeEntry(ticket=ticket, user=user, minutes=minutes, date=timezone.localdate(when), note=note)
        self.entries.append((entry, when))
        return entry

    def write(self):
        for model, rows in ((Comment, self.comments), (TimeEntry, self.entries)):
            objects = [obj for obj, _when in rows]
            model.objects.bulk_create(objects, batch_size=500)
            for obj, when in rows:
                obj.created_at = obj._history_date = when  # bulk_create stamps the time of writing
                obj._history_user = getattr(obj, "author", None) or getattr(obj, "user", None)
            update_rows(model, objects, ["created_at"])
            model.history.bulk_history_create(objects, batch_size=500)
        for comment, when in self.comments:
            kind = EventKind.REPLY if comment.is_public else EventKind.NOTE
            self.event(comment.ticket, kind, comment.author, when, comment.body[:500], comment=comment.pk)
        for entry, when in self.entries:
            self.event(entry.ticket, EventKind.TIME, entry.user, when, minutes=entry.minutes, billable=False)
        TicketEvent.objects.bulk_create(self.events, batch_size=500)
        self.__init__()


@dataclass
class Case:
    reported_at: datetime
    title: str
    description: str
    kind: str
    service: object
    impact: int
    urgency: int
    reporter: object
    department: object
    channel: str
    stop: str | None = None  # the status to stay in (recent tickets); None: as far as time allows


@dataclass
class Life:
    """The planned steps of one ticket, decided before any of them is carried out."""

    staff: object
    replied_at: datetime
    asks: bool = False  # the first reply is a question: waiting for the reporter
    answered_at: datetime | None = None
    noted_at: datetime | None = None
    first_resolved_at: datetime | None = None  # when it was reopened afterwards
    reopened_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    minutes: int = 30
    billable: bool = False


@dataclass
class DemoDesk:
    """One organisation's simulation: its people, catalogue, clocks and random numbers."""

    context: dict
    key: str
    organisation: object
    data: dict
    now: datetime
    rng: random.Random = None
    clocks: ClockCache = field(default_factory=ClockCache)
    closed: list = field(default_factory=list)
    bulk: Bulk = field(default_factory=Bulk)
    replayed: list = field(default_factory=list)
    levels: dict = field(default_factory=dict)
    billable_works: bool = True

    def __post_init__(self):
        self.rng = random.Random(f"{SEED}-{self.organisation.org_number}")  # noqa: S311 - demo data
        users = self.context["users"]
        self.staff = [users["tekniker"], users["support"]]
        self.lead = users["support"]
        self.it_head = users["itchef"]
        self.services = self.context["catalog"][self.key]
        self.areas = self.context["catalog_areas"][self.key]
        calendars = self.context.get("catalog_calendars", {}).get(self.key, {})
        self.office = calendars.get(OFFICE_CALENDAR) or next(iter(calendars.values()))
        self.matrix = desk_actions.priority_matrix(self.organisation)
        self.replay_before = self.now - timedelta(days=REPLAY_BEFORE_DAYS)
        self.reporters = list(
            Membership.objects.filter(organisation=self.organisation, is_active=True, department__isnull=False)
            .exclude(user__role_assignments__role__in=IT_ROLES)
            .select_related("user", "department")
            .order_by("pk")
        )

    # Time ------------------------------------------------------------------------------

    def at(self, when, action, *args, **kwargs):
        if when > self.now:
            raise _Later
        with _clock_at(when):
            return action(*args, **kwargs)

    def with_level(self, ticket):
        """The ticket with its level's targets and calendar read once per level, not once per step."""
        if ticket.level_id:
            if ticket.level_id not in self.levels:
                level = ServiceLevel.objects.select_related("calendar").prefetch_related("targets")
                self.levels[ticket.level_id] = level.get(pk=ticket.level_id)
            ticket.level = self.levels[ticket.level_id]
        return ticket

    def clock_of(self, ticket):
        return self.clocks(ticket.level.calendar if ticket.level_id else self.office)

    def closing_day(self, ticket, resolved_on, days):
        """The day the auto-close task closes the ticket: on its level's calendar, as the task counts."""
        calendar = ticket.level.calendar if ticket.level_id else None
        return services.business_days_later(resolved_on, days, self.organisation, calendar=calendar, clocks=self.clocks)

    def targets_of(self, ticket):
        response, resolution = sla_clock.targets_for(ticket.level, ticket.priority)
        return (response, resolution) if response is not None else FALLBACK_TARGETS

    # Setting up ------------------------------------------------------------------------

    def ensure_queues(self):
        for area in self.areas.values():
            for user, is_lead in ((self.staff[0], False), (self.lead, True)):
                if not QueueMember.objects.filter(area=area, user=user).exists():
                    desk_actions.add_queue_member(acting_user=self.it_head, area=area, user=user, is_lead=is_lead)
        if not DeskSettings.objects.filter(organisation=self.organisation).exists():
            desk_actions.update_desk_settings(
                self.organisation, acting_user=self.it_head, hourly_service=self.services.get("konsult-tekniker")
            )

    # Which tickets -----------------------------------------------------------------------

    def schedule(self, count):
        """When each ticket comes in and what it is about, in order of arrival."""
        rng, data = self.rng, self.data
        today = timezone.localdate(self.now)
        days = [today - timedelta(days=n) for n in range(DAYS_BACK, 0, -1)]
        closed = set(holidays.country_holidays("SE", years={d.year for d in days}, categories=("public",)))
        weights = [
            data["months"][d.month - 1] * data["weekdays"][d.weekday()] * (0.1 if d in closed else 1) for d in days
        ]
        templates = [t for t in data["tickets"] if t["service"] in self.services]
        cases = []
        for day in sorted(rng.choices(days, weights=weights, k=count)):
            hour = rng.choices(range(24), weights=data["hours"])[0]
            template = rng.choices(
                templates, weights=[t["weight"] * t.get("peaks", {}).get(day.month, 1) for t in templates]
            )[0]
            title, description = rng.choice(template["cases"])
            profile = data["profiles"][template.get("profile", "normal")]
            impact, urgency, _weight = rng.choices(profile, weights=[p[2] for p in profile])[0]
            membership = rng.choice(self.reporters)
            cases.append(
                Case(
                    reported_at=_aware(day, hour, rng.randrange(60)),
                    title=title,
                    description=description,
                    kind=template.get("kind", TicketKind.INCIDENT),
                    service=self.services[template["service"]],
                    impact=impact,
                    urgency=urgency,
                    reporter=membership.user,
                    department=membership.department,
                    channel=_weighted(rng, CHANNELS),
                )
            )
        self.choose_stops(cases, today)
        return cases

    def choose_stops(self, cases, today):
        """The last days' tickets stay open in every status; a few older ones are stuck past their target."""
        recent = [case for case in cases if case.reported_at.date() >= today - timedelta(days=4)]
        for index, case in enumerate(recent):
            case.stop = [*OPEN_STOPS, TicketStatus.RESOLVED][index % (len(OPEN_STOPS) + 1)]
        for case in cases:
            if case.stop is None and case.reported_at.date() >= today - timedelta(days=30) and self.rng.random() < 0.05:
                case.stop = TicketStatus.IN_PROGRESS

    # One ticket's life ---------------------------------------------------------------------

    def live(self, case):
        staff = None if case.stop == TicketStatus.NEW else self.rng.choice(self.staff)
        ticket = self.at(
            case.reported_at,
            services.create_ticket,
            acting_user=self.lead if case.channel == "phone" else case.reporter,
            organisation=self.organisation,
            reporter=case.reporter,
            title=case.title,
            description=case.description,
            kind=case.kind,
            service=case.service,
            department=case.department,
            impact=case.impact,
            urgency=case.urgency,
            reported_at=case.reported_at,
            channel=case.channel,
            assignee=staff,
            notify=False,
            clocks=self.clocks,
            priority_rules=self.matrix,
        )
        if staff is None:
            return ticket
        life = self.plan_life(self.with_level(ticket), case)
        if case.stop is None and life.closed_at <= self.now and case.reported_at < self.replay_before:
            self.replay(ticket, life)
        else:
            with suppress(_Later):
                self.work(ticket, case, life)
        return ticket

    def plan_life(self, ticket, case):
        """When each step of the ticket happens, on the calendar of its level."""
        rng, data = self.rng, self.data
        clock = self.clock_of(ticket)
        response, resolution = self.targets_of(ticket)
        start = case.reported_at
        factor = rng.uniform(1.1, 3.0) if rng.random() < data["late_response"] else rng.uniform(0.35, 0.95)
        life = Life(staff=ticket.assignee, replied_at=clock.add(start, max(round(response * 60 * factor), 60)))
        life.asks = case.stop == TicketStatus.WAITING or rng.random() < data["waiting"]
        consumed = clock.seconds_between(start, life.replied_at)
        resumed = life.replied_at
        if life.asks:  # the reporter's answer starts the clock again
            life.answered_at = resumed = life.replied_at + timedelta(minutes=rng.randint(30, 48 * 60))
        late = rng.random() < data["late_resolution"]
        target = resolution * 60 * (rng.uniform(1.05, 2.5) if late else rng.uniform(0.15, 0.9))
        life.resolved_at = clock.add(resumed, max(round(target - consumed), 15 * 60))
        if rng.random() < 0.2:  # an internal note halfway through the work
            life.noted_at = clock.add(resumed, clock.seconds_between(resumed, life.resolved_at) // 2)
        if rng.random() < data["reopened"]:  # "it does not work yet": some more work, resolved again
            life.first_resolved_at = life.resolved_at
            life.reopened_at = life.resolved_at + timedelta(hours=rng.uniform(2, 30))
            life.resolved_at = clock.add(life.reopened_at, rng.randint(30, 240) * 60)
        days = data["closed_after_business_days"]
        closing_day = self.closing_day(ticket, timezone.localdate(life.resolved_at), days)
        life.closed_at = _aware(closing_day, 0, 7)  # the hourly auto-close task's first run that day
        life.minutes = rng.choice([15, 20, 30, 30, 45, 60, 90, 120])
        life.billable = bool(ticket.department_id) and rng.random() < data["billable"]
        return life

    # Through the service functions (recent tickets; they may stop in any status) -------------

    @staticmethod
    def stop_at(status, case):
        if status == case.stop:
            raise _Later

    def change(self, when, ticket, status, acting_user, text=""):
        return self.at(when, services.change_status, ticket, status, acting_user=acting_user, text=text, now=when)

    def reply(self, when, ticket, author, kind):
        body = self.rng.choice(self.data[kind])
        self.at(when, services.add_comment, ticket, acting_user=author, body=body, now=when)

    def work(self, ticket, case, life):
        staff = life.staff
        self.stop_at(ticket.status, case)
        self.bulk.event(ticket, EventKind.ASSIGNED, self.lead, case.reported_at, assignee=staff.pk)
        self.reply(life.replied_at, ticket, staff, "questions" if life.asks else "first_replies")
        if life.asks:
            ticket = self.change(life.replied_at, ticket, TicketStatus.WAITING, staff)
            self.stop_at(ticket.status, case)
            self.reply(life.answered_at, ticket, case.reporter, "answers")
            self.stop_at(TicketStatus.IN_PROGRESS, case)
        elif case.stop == TicketStatus.IN_PROGRESS:
            self.change(life.replied_at, ticket, TicketStatus.IN_PROGRESS, staff)
            raise _Later
        if life.noted_at:
            self.bulk.comment(ticket, staff, life.noted_at, self.rng.choice(self.data["notes"]), is_public=False)
        if life.reopened_at:
            ticket = self.resolve(ticket, staff, life.first_resolved_at, life, self.change)
            ticket = self.change(life.reopened_at, ticket, TicketStatus.IN_PROGRESS, case.reporter, REOPENED)
        ticket = self.resolve(ticket, staff, life.resolved_at, life, self.change)
        self.stop_at(ticket.status, case)
        self.close(ticket, life.closed_at, self.change)

    def resolve(self, ticket, staff, when, life, step):
        """``step`` is ``change`` (through the services) or ``move`` (in memory)."""
        ticket = step(when, ticket, TicketStatus.RESOLVED, staff)
        self.bulk.comment(ticket, staff, when - ANSWER_FIRST, self.rng.choice(self.data["resolutions"]))
        self.record_work(ticket, staff, when, life)
        return ticket

    def close(self, ticket, when, step):
        text = auto_close_text(self.data["closed_after_business_days"])
        ticket = step(when, ticket, TicketStatus.CLOSED, None, text)
        if ticket.kind != TicketKind.MAINTENANCE:
            self.closed.append(ticket)
        return ticket

    def record_work(self, ticket, staff, when, life):
        """Time on the ticket; some is charged to the department (when the finance app can)."""
        note = _("Troubleshooting and fix")
        if life.billable and self.billable_works:
            try:
                with transaction.atomic():
                    return self.at(
                        when,
                        services.record_time,
                        ticket,
                        acting_user=staff,
                        minutes=life.minutes,
                        billable=True,
                        on_date=timezone.localdate(when),
                        note=note,
                    )
            except (ValidationError, TypeError) as error:
                self.billable_works = False
                say(self.context, f"Service-desk demo: billable time is not charged ({error}); kept as internal time.")
        return self.bulk.time(ticket, staff, when, life.minutes, note)

    # Replayed in memory (older tickets, closed long ago) --------------------------------------

    def replay(self, ticket, life):
        """The same steps as ``work`` with the same SLA functions, without a round trip per step.

        ``move`` does to the SLA fields what ``services.change_status`` does; the timeline,
        replies and time go in bulk, and the final state gets one history record. A test checks
        that both ways give the same figures.
        """
        staff, reporter = life.staff, ticket.reporter
        self.bulk.event(ticket, EventKind.ASSIGNED, self.lead, ticket.reported_at, assignee=staff.pk)
        first = self.rng.choice(self.data["questions" if life.asks else "first_replies"])
        self.bulk.comment(ticket, staff, life.replied_at, first)
        ticket.first_response_at = life.replied_at
        if ticket.respond_by is not None:
            ticket.response_met = life.replied_at <= ticket.respond_by
        if life.asks:
            self.move(life.replied_at, ticket, TicketStatus.WAITING, staff)
            self.bulk.comment(ticket, reporter, life.answered_at, self.rng.choice(self.data["answers"]))
            self.move(life.answered_at, ticket, TicketStatus.IN_PROGRESS, reporter, _("The reporter answered."))
        if life.noted_at:
            self.bulk.comment(ticket, staff, life.noted_at, self.rng.choice(self.data["notes"]), is_public=False)
        if life.reopened_at:
            self.resolve(ticket, staff, life.first_resolved_at, life, self.move)
            self.move(life.reopened_at, ticket, TicketStatus.IN_PROGRESS, reporter, REOPENED)
        self.resolve(ticket, staff, life.resolved_at, life, self.move)
        self.close(ticket, life.closed_at, self.move)
        self.replayed.append(ticket)

    def move(self, when, ticket, status, actor, text=""):
        """A status change's effect on the SLA fields (as in ``services.change_status``), in memory."""
        sla_clock.checkpoint(ticket, when, self.clocks)
        old, ticket.status = ticket.status, status
        if status == TicketStatus.WAITING:
            ticket.sla_paused_at = when
        elif old == TicketStatus.WAITING:
            ticket.sla_paused_at = None
        if status == TicketStatus.RESOLVED:
            services._settle(ticket, when)
        elif status == TicketStatus.CLOSED:
            ticket.closed_at = when
        elif old == TicketStatus.RESOLVED:
            ticket.resolved_at = ticket.resolution_met = ticket.resolution_business_minutes = None
        if status in OPEN_STATUSES:
            sla_clock.recompute_deadlines(ticket, self.clocks)
        ticket.updated_at = ticket._history_date = when
        ticket._history_user = actor
        self.bulk.event(ticket, EventKind.STATUS, actor, when, text, old=old, new=status)
        return ticket

    def write_replayed(self):
        update_rows(Ticket, self.replayed, REPLAYED_FIELDS)
        Ticket.history.bulk_history_create(self.replayed, batch_size=500, update=True)
        self.replayed = []

    # Afterwards ----------------------------------------------------------------------------

    def surveys(self):
        """Each closed ticket's survey was sent when it closed; most reporters answered within days."""
        rng, data = self.rng, self.data
        scores = list(data["scores"].items())
        answers, events = [], []
        for ticket in self.closed:
            survey = SurveyAnswer(
                ticket=ticket, token_hash=hash_token(secrets.token_urlsafe(32)), sent_at=ticket.closed_at
            )
            answered_at = ticket.closed_at + timedelta(minutes=rng.randint(10, 4 * 24 * 60))
            if rng.random() < data["survey_answered"] and answered_at <= self.now:
                survey.score = _weighted(rng, scores)
                comments = data["survey_comments"].get(survey.score, [])
                survey.comment = rng.choice(comments) if comments and rng.random() < 0.3 else ""
                survey.answered_at = answered_at
                survey.service_id, survey.department_id = ticket.service_id, ticket.department_id
                events.append(
                    TicketEvent(ticket=ticket, kind=EventKind.SURVEY, at=answered_at, data={"score": survey.score})
                )
            answers.append(survey)
        SurveyAnswer.objects.bulk_create(answers, batch_size=500)
        TicketEvent.objects.bulk_create(events, batch_size=500)
        return sum(1 for survey in answers if survey.answered_at)

    def mark_breaches(self):
        """The SLA check would have told the assignee about each breach when it happened."""
        Ticket.objects.filter(
            organisation=self.organisation, resolution_met=False, resolve_by__lt=F("resolved_at")
        ).update(breach_notified_at=F("resolve_by"), risk_notified_at=F("at_risk_at"))

    # Maintenance -------------------------------------------------------------------------

    def plans(self):
        made = []
        today = timezone.localdate(self.now)
        outcomes = list(self.data["plan_outcomes"].items())
        for spec in self.data["plans"]:
            if self.key not in spec["organisations"] or spec["service"] not in self.services:
                continue
            if MaintenancePlan.objects.filter(organisation=self.organisation, title=spec["title"]).exists():
                continue
            plan = desk_actions.create_plan(
                acting_user=self.it_head,
                organisation=self.organisation,
                title=spec["title"],
                description=spec["description"].strip(),
                service=self.services[spec["service"]],
                queue=self.areas[spec["area"]],
                assignee=self.context["users"][spec["assignee"]],
                recurrence=spec["recurrence"],
                weekday=spec.get("weekday"),
                week_of_month=spec.get("week_of_month"),
                day_of_month=spec.get("day_of_month"),
                month=spec.get("month"),
                starts_on=today - timedelta(days=DAYS_BACK),
                lead_days=spec["lead_days"],
            )
            self.plan_history(plan, today, outcomes)
            made.append(plan)
        return made

    def plan_history(self, plan, today, outcomes):
        """The tickets the daily task made (at 05:30, lead days ahead), and how each went."""
        horizon = today + timedelta(days=plan.lead_days)
        for due in maintenance.occurrences(plan, plan.starts_on, horizon):
            made_on = max(due - timedelta(days=plan.lead_days), plan.starts_on)
            try:
                self.at(_aware(made_on, 5, 30), maintenance.generate, plan, made_on, now=_aware(made_on, 5, 30))
            except _Later:
                break
        for ticket in plan.tickets.filter(occurrence__lt=today).order_by("occurrence"):
            outcome = _weighted(self.rng, outcomes)
            if outcome == "missed":
                continue
            done_on = ticket.occurrence + timedelta(days=self.rng.randint(1, 10) if outcome == "late" else 0)
            when = _aware(done_on, self.rng.randint(9, 15), self.rng.randrange(60))
            life = Life(staff=plan.assignee, replied_at=when, minutes=self.rng.choice([30, 45, 60, 90, 120]))
            days = self.data["closed_after_business_days"]
            closing = _aware(self.closing_day(self.with_level(ticket), done_on, days), 0, 7)
            with suppress(_Later):
                self.close(self.resolve(ticket, plan.assignee, when, life, self.change), closing, self.change)


def say(context, message):
    if context.get("stdout") is not None:
        context["stdout"].write(message)


@demo_loader(order=40)
def load(context):
    if not context.get("catalog"):
        say(context, "Service-desk demo skipped: the catalogue demo has not run (no context['catalog']).")
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    scale = context["options"].get("ticket_scale", 1)
    now = timezone.now()
    summary = context.setdefault("servicedesk", {})
    with notifications.muted(), translation.override(settings.LANGUAGE_CODE):
        for key, organisation in context["organisations"].items():
            if key not in context["catalog"]:
                continue
            desk = DemoDesk(context, key, organisation, data, now)
            desk.ensure_queues()
            plans = desk.plans()
            desk.bulk.write()
            if Ticket.objects.filter(organisation=organisation).exclude(kind=TicketKind.MAINTENANCE).exists():
                continue
            if not desk.reporters:
                continue
            tickets = [desk.live(case) for case in desk.schedule(round(data["volume"].get(key, 100) * scale))]
            desk.write_replayed()
            desk.bulk.write()
            answered = desk.surveys()
            desk.mark_breaches()
            summary[key] = {"tickets": len(tickets), "surveys_answered": answered, "plans": plans}
            say(
                context,
                f"Service-desk demo: {organisation.name} has {len(tickets)} tickets, "
                f"{answered} survey answers and {len(plans)} maintenance plans.",
            )
