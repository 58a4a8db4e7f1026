"""Fill a database with realistic data at a scale (see ``scales.py``).

Structure (municipalities, departments, the catalogue with calendars, levels and price lists,
desk settings, budget rounds) goes through the apps' services, as a person would create it.
Volume (people, subscriptions, the system register and the CMDB (``register.py``), tickets,
replies, timeline, satisfaction answers and the tickets' field history) is bulk-inserted. SLA
figures of generated tickets come from the same business clock as live tickets
(``servicedesk.sla`` and ``servicedesk.clock``), so deadlines, met/missed and business minutes
agree with what the application would have computed.

Deterministic for a seed. Memory stays bounded: tickets are built and written in chunks.
"""

import random
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from styrbord.catalog.choices import MONTHLY_UNITS, ChargeUnit, ServiceStatus
from styrbord.catalog.demo import DATA as CATALOGUE_DATA
from styrbord.catalog.demo import load_catalogue
from styrbord.catalog.models import ServiceLevel
from styrbord.core.validators import luhn_ok
from styrbord.finance import services as finance
from styrbord.finance.charging import months, previous_month
from styrbord.finance.models import Subscription
from styrbord.infra.services import read_library
from styrbord.organisations import services as organisations
from styrbord.organisations.demo import DATA as ORGANISATION_DATA
from styrbord.organisations.demo import FIRST_NAMES, LAST_NAMES, TITLES, WEIGHTS
from styrbord.organisations.models import Membership, Organisation, RoleAssignment, User
from styrbord.servicedesk import clock as sla_clock
from styrbord.servicedesk.choices import EventKind, TicketKind, TicketStatus
from styrbord.servicedesk.models import Comment, DeskSettings, SurveyAnswer, Ticket, TicketEvent
from styrbord.servicedesk.priority import DEFAULT_MATRIX
from styrbord.servicedesk.sla import ClockCache

from .register import Register, load_data
from .scales import SCALES

DESK_DATA = Path(__file__).resolve().parent.parent / "servicedesk" / "data" / "demo.yaml"
TOWNS = [
    "Älvsund", "Granvik", "Tallmo", "Ödeby", "Sjöhamra", "Björkvik", "Lövsta", "Stenholm", "Ekeby",
    "Myrträsk", "Hammarbo", "Kvarnby", "Rönnskär", "Åsmark", "Ljungdal", "Hedemo", "Bäckstad", "Östernäs",
    "Forsmo", "Videbäck", "Granbo", "Lillhärad", "Norrvåg", "Sörby", "Mossberga", "Tjärnvik",
]  # fmt: skip
BATCH = 2_000
CHUNK = 20_000  # tickets built and written at a time
OPEN_DAYS = 15  # tickets younger than this may still be open
STAFF_PER_EMPLOYEES = 100
BENCH_PASSWORD_HASH = make_password(None)  # generated people cannot log in until someone sets a password


@dataclass
class Municipality:
    organisation: Organisation
    employees: int
    departments: list = field(default_factory=list)
    people: list = field(default_factory=list)  # (user_id, department)
    staff: list = field(default_factory=list)  # user ids of the IT staff working its desk
    services: dict = field(default_factory=dict)  # code -> Service
    levels: dict = field(default_factory=dict)  # (department_id, service_id) -> ServiceLevel
    tickets: int = 0


@dataclass
class Counts:
    values: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, name, number):
        self.values[name] += number


@contextmanager
def keep_given_times(*models):
    """Let bulk inserts keep the created/updated times they are given (generated rows are in the past)."""
    changed = []
    for model in models:
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def org_number(index):
    """A valid (Luhn) municipal organisation number 212000-NNNC, different for each index."""
    stem = f"2120007{index:02d}"
    for check in range(10):
        if luhn_ok(stem + str(check)):
            return f"{stem[:6]}-{stem[6:]}{check}"
    raise AssertionError


def weighted(pairs, rng, k):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=k)


class Generator:
    def __init__(self, scale, *, seed=1, tickets=None, now=None, stdout=None, tag=None):
        self.scale = SCALES[scale] if isinstance(scale, str) else scale
        self.ticket_total = self.scale.tickets if tickets is None else tickets
        self.rng = random.Random(seed)  # noqa: S311 - generated data, not security
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.start = self.now - timedelta(days=365 * self.scale.years)
        self.stdout = stdout
        self.counts = Counts()
        self.tag = tag if tag is not None else Organisation.objects.count()
        self.desk = yaml.safe_load(DESK_DATA.read_text(encoding="utf-8"))
        self.catalogue_data = yaml.safe_load(CATALOGUE_DATA.read_text(encoding="utf-8"))
        self.trees = {
            spec["key"]: spec["departments"] for spec in yaml.safe_load(ORGANISATION_DATA.read_text())["organisations"]
        }
        self.register_data, self.cmdb_data = load_data()
        self.library = read_library()
        self.municipalities = []
        self.clocks = ClockCache()

    def say(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    # Structure ------------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        with transaction.atomic():
            for number, sizes in enumerate(self.scale.cooperations):
                self.cooperation(number, sizes)
        self.say(f"Structure: {self.scale.municipalities} municipalities in {time.monotonic() - started:.1f} s")
        self.registers()
        self.charges()
        self.tickets()
        self.counts.add("organisations", len(self.municipalities))
        return self.counts.values

    def cooperation(self, number, sizes):
        host = None
        members = []
        for employees in sizes:
            position = self.tag + len(self.municipalities) + len(members)
            town = TOWNS[position % len(TOWNS)] + (f" {position // len(TOWNS) + 1}" if position >= len(TOWNS) else "")
            organisation = organisations.create_organisation(
                acting_user=None,
                name=f"{town}s kommun",
                short_name=town,
                org_number=org_number(position),
                served_by=host,
            )
            host = host or organisation
            municipality = Municipality(organisation, employees)
            self.departments(municipality, "norrbacken" if employees >= 300 else "fjallby")
            members.append(municipality)
        self.people(members)
        for municipality in members:
            self.catalogue(municipality)
            self.subscriptions(municipality)
        self.municipalities += members

    def departments(self, municipality, tree):
        def create(nodes, parent):
            for node in nodes:
                department = organisations.create_department(
                    acting_user=None,
                    organisation=municipality.organisation,
                    name=node["name"],
                    parent=parent,
                    kind=node["kind"],
                    cost_centre=node["cost_centre"],
                )
                municipality.departments.append(department)
                create(node.get("children", []), department)

        create(self.trees[tree], None)
        self.counts.add("departments", len(municipality.departments))

    def people(self, members):
        """Employees in each municipality; the host's IT unit works the desk of every member."""
        host = members[0]
        it_unit = next((d for d in host.departments if d.cost_centre == "1050"), host.departments[0])
        users, memberships = [], []
        for municipality in members:
            organisation = municipality.organisation
            children = {d.parent_id for d in municipality.departments}
            leaves = [d for d in municipality.departments if d.pk not in children]
            weights = [WEIGHTS.get(d.cost_centre[:1], 1) for d in leaves]
            for index, department in enumerate(self.rng.choices(leaves, weights=weights, k=municipality.employees)):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                username = f"{first}.{last}.{organisation.pk}.{index}".lower().translate(str.maketrans("åäö", "aao"))
                users.append(
                    User(
                        username=username,
                        first_name=first,
                        last_name=last,
                        email=f"{username}@{organisation.short_name.lower()}.example",
                        title=self.rng.choice(TITLES.get(department.cost_centre[:1], ["Handläggare"])),
                        password=BENCH_PASSWORD_HASH,
                    )
                )
                memberships.append((municipality, department))
        staff_count = max(4, sum(m.employees for m in members) // STAFF_PER_EMPLOYEES)
        for index in range(staff_count):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            username = f"it.{host.organisation.pk}.{index}"
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{host.organisation.short_name.lower()}.example",
                    title="IT-tekniker" if index > 1 else ("IT-chef" if index == 0 else "Supportansvarig"),
                    password=BENCH_PASSWORD_HASH,
                )
            )
        with keep_given_times(User):
            created = User.objects.bulk_create(users, batch_size=BATCH)
        people, staff = created[: len(memberships)], created[len(memberships) :]
        rows = []
        for user, (municipality, department) in zip(people, memberships, strict=True):
            municipality.people.append((user.pk, department))
            rows.append(Membership(user=user, organisation=municipality.organisation, department=department))
        roles = []
        for municipality in members:
            municipality.staff = [user.pk for user in staff]
            for index, user in enumerate(staff):
                department = it_unit if municipality is host else None
                rows.append(Membership(user=user, organisation=municipality.organisation, department=department))
                role = "it_head" if index == 0 else ("support_lead" if index == 1 else "it_staff")
                roles.append(RoleAssignment(user=user, organisation=municipality.organisation, role=role))
        bulk_create_with_history(rows, Membership, batch_size=BATCH)
        bulk_create_with_history(roles, RoleAssignment, batch_size=BATCH)
        self.counts.add("people", len(created))
        self.counts.add("IT staff", len(staff))

    def catalogue(self, municipality):
        organisation = municipality.organisation
        _areas, _calendars, services, _levels, _lists = load_catalogue(
            organisation, self.catalogue_data, users={}, acting_user=None
        )
        municipality.services = services
        from styrbord.finance.demo import _ensure_price_lists

        _ensure_price_lists(organisation, range(timezone.localdate(self.start).year, self.today.year + 1))
        DeskSettings.objects.create(organisation=organisation, reference_prefix=organisation.short_name[:3].upper())
        head = User.objects.get(pk=municipality.staff[0])
        finance.open_budget_round(
            acting_user=head,
            organisation=organisation,
            year=self.today.year + 1,
            deadline=min(self.today + timedelta(days=30), date(self.today.year, 12, 31)),
        )
        self.counts.add("services", len(services))

    def subscriptions(self, municipality):
        """Every department subscribes to the base services; some to optional ones, some at another level."""
        levels = defaultdict(list)
        for level in ServiceLevel.objects.filter(service__organisation=municipality.organisation).order_by("order"):
            levels[level.service_id].append(level)
        monthly = [
            s for s in municipality.services.values() if s.unit in MONTHLY_UNITS and s.status == ServiceStatus.ACTIVE
        ]
        heads = defaultdict(int)
        for _user, department in municipality.people:
            heads[department.pk] += 1
        valid_from = date(timezone.localdate(self.start).year, 1, 1)
        rows = []
        for department in municipality.departments:
            people = max(heads[department.pk], 2)
            for service in monthly:
                if not service.is_base and self.rng.random() > 0.3:
                    continue
                level = service.default_level
                if levels[service.pk] and self.rng.random() < 0.2:
                    level = self.rng.choice(levels[service.pk])
                quantity = people if service.unit in (ChargeUnit.USER, ChargeUnit.DEVICE) else self.rng.randint(1, 3)
                rows.append(
                    Subscription(
                        organisation=municipality.organisation,
                        department=department,
                        service=service,
                        level=level,
                        quantity=quantity,
                        valid_from=valid_from,
                    )
                )
                municipality.levels[(department.pk, service.pk)] = level
        bulk_create_with_history(rows, Subscription, batch_size=BATCH)
        self.counts.add("subscriptions", len(rows))

    # System register and CMDB ------------------------------------------------------------------

    def registers(self):
        """Each municipality's systems and configuration items (``register.py``), one transaction each."""
        started = time.monotonic()
        for municipality in self.municipalities:
            with transaction.atomic():
                Register(self, municipality, self.register_data, self.cmdb_data).build()
        self.say(
            f"Systems and CMDB: {self.counts.values['systems']} systems, "
            f"{self.counts.values['configuration items']} items in {time.monotonic() - started:.1f} s"
        )

    # Tickets -----------------------------------------------------------------------------------

    def charges(self):
        """Every past month charged, as the monthly task leaves a running installation.

        Reports of a past year then read the charge lines, as they would in use, instead of
        computing every month from the subscriptions.
        """
        started = time.monotonic()
        first = (timezone.localdate(self.start).year, 1)
        last = previous_month(self.today.year, self.today.month)
        lines = 0
        for municipality in self.municipalities:
            with transaction.atomic():
                for year, month in months(first, last):
                    run = finance.run_month(municipality.organisation, year, month, acting_user=None)
                    lines += run.created
        self.counts.add("charge lines", lines)
        self.say(f"Charges: {lines} lines in {time.monotonic() - started:.1f} s")

    def governing_level(self, municipality, department, service):
        """As ``services.governing_level``: the nearest department up the tree that subscribes, else the default."""
        ancestors = [int(part) for part in department.path.strip("/").split("/") if part]
        for department_id in reversed(ancestors):
            level = municipality.levels.get((department_id, service.pk))
            if level is not None:
                return level
        return service.default_level

    def tickets(self):
        started = time.monotonic()
        total_employees = self.scale.employees
        remaining = self.ticket_total
        levels = {
            level.pk: level
            for level in ServiceLevel.objects.filter(
                service__organisation__in=[m.organisation for m in self.municipalities]
            )
            .select_related("calendar")
            .prefetch_related("targets", "calendar__segments")
        }
        for index, municipality in enumerate(self.municipalities):
            share = (
                remaining
                if index == len(self.municipalities) - 1
                else round(self.ticket_total * municipality.employees / total_employees)
            )
            municipality.tickets = min(share, remaining)
            remaining -= municipality.tickets
            # Levels with their targets and calendars, read once.
            municipality.levels = {key: levels[level.pk] for key, level in municipality.levels.items() if level}
            for service in municipality.services.values():
                if service.default_level_id:
                    service.default_level = levels[service.default_level_id]
            done = 0
            while done < municipality.tickets:
                size = min(CHUNK, municipality.tickets - done)
                with transaction.atomic():
                    self.ticket_chunk(municipality, size)
                done += size
            self.say(f"  {municipality.organisation.short_name}: {municipality.tickets} tickets")
        elapsed = time.monotonic() - started
        self.say(f"Tickets: {self.ticket_total} in {elapsed:.1f} s ({self.ticket_total / max(elapsed, 0.001):.0f}/s)")

    def reported_times(self, count):
        """Report instants over the scale's years, shaped by month, weekday and hour as in the desk demo."""
        months, weekdays, hours = self.desk["months"], self.desk["weekdays"], self.desk["hours"]
        first = timezone.localtime(self.start).date()
        days = [first + timedelta(days=offset) for offset in range((self.today - first).days + 1)]
        day_weights = [months[day.month - 1] * weekdays[day.weekday()] for day in days]
        chosen = self.rng.choices(days, weights=day_weights, k=count)
        chosen_hours = self.rng.choices(range(24), weights=hours, k=count)
        tz = timezone.get_current_timezone()
        result = []
        for day, hour in zip(chosen, chosen_hours, strict=True):
            instant = datetime(
                day.year, day.month, day.day, hour, self.rng.randrange(60), self.rng.randrange(60), tzinfo=tz
            )
            result.append(min(instant, self.now - timedelta(minutes=self.rng.randint(5, 600))))
        return sorted(result)

    def templates(self, municipality):
        rows = []
        for spec in self.desk["tickets"]:
            service = municipality.services.get(spec["service"])
            if service is None:
                continue
            rows.append(((spec, service), spec["weight"]))
        return rows

    def ticket_chunk(self, municipality, count):
        rng, organisation = self.rng, municipality.organisation
        templates = self.templates(municipality)
        profiles = self.desk["profiles"]
        late_response, late_resolution = self.desk["late_response"], self.desk["late_resolution"]
        tickets, plans = [], []
        for reported_at, (spec, service), (user_id, department) in zip(
            self.reported_times(count),
            weighted(templates, rng, count),
            (rng.choice(municipality.people) for _ in range(count)),
            strict=True,
        ):
            title, description = rng.choice(spec["cases"])
            kind = spec.get("kind", TicketKind.INCIDENT)
            impact, urgency, _weight = rng.choices(
                profiles[spec.get("profile", "normal")], weights=[p[2] for p in profiles[spec.get("profile", "normal")]]
            )[0]
            ticket = Ticket(
                organisation=organisation,
                kind=kind,
                title=title,
                description=description,
                reporter_id=user_id,
                created_by_id=user_id,
                department=department,
                service=service,
                queue_id=service.area_id,
                impact=impact,
                urgency=urgency,
                priority=DEFAULT_MATRIX[(impact, urgency)],
                channel=rng.choice(("portal", "portal", "portal", "email", "phone")),
                reported_at=reported_at,
                created_at=reported_at,
                updated_at=reported_at,
            )
            ticket.level = self.governing_level(municipality, department, service)
            ticket.sla_checkpoint = reported_at
            sla_clock.recompute_deadlines(ticket, self.clocks)
            age = (self.now - reported_at).total_seconds() / 86400
            still_open = age < OPEN_DAYS and rng.random() < 1 - age / OPEN_DAYS
            plan = (
                self.settle_open(ticket, municipality)
                if still_open
                else self.settle_closed(
                    ticket, municipality, rng.random() < late_response, rng.random() < late_resolution
                )
            )
            tickets.append(ticket)
            plans.append(plan)
        with keep_given_times(Ticket, Comment):
            Ticket.objects.bulk_create(tickets, batch_size=BATCH)
            for ticket in tickets:
                ticket._history_date = ticket.reported_at
                ticket._history_user = None
            Ticket.history.bulk_history_create(tickets, batch_size=BATCH)
            self.timeline(municipality, tickets, plans)
        self.counts.add("tickets", len(tickets))
        self.counts.add("open tickets", sum(1 for t in tickets if t.is_open))

    def settle_open(self, ticket, municipality):
        rng = self.rng
        status = rng.choices(
            (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.WAITING),
            weights=(25, 25, 35, 15),
        )[0]
        ticket.status = status
        if status == TicketStatus.NEW:
            return {}
        ticket.assignee_id = rng.choice(municipality.staff)
        clock = sla_clock.clock_of(ticket, self.clocks)
        if status in (TicketStatus.IN_PROGRESS, TicketStatus.WAITING) and clock is not None and ticket.respond_by:
            seconds = (ticket.respond_by - ticket.reported_at).total_seconds()
            reply = ticket.reported_at + timedelta(seconds=seconds * rng.uniform(0.1, 0.9))
            ticket.first_response_at = min(reply, self.now)
            ticket.response_met = ticket.first_response_at <= ticket.respond_by
        if status == TicketStatus.WAITING and ticket.first_response_at:
            paused = ticket.first_response_at
            ticket.resolution_consumed_seconds = clock.seconds_between(ticket.reported_at, paused)
            ticket.sla_checkpoint = ticket.sla_paused_at = paused
            ticket.resolve_by = ticket.at_risk_at = None
        return {"reply": ticket.first_response_at}

    def settle_closed(self, ticket, municipality, late_response, late_resolution):
        """Resolve (and close) a ticket with business times drawn around its targets."""
        rng = self.rng
        ticket.assignee_id = rng.choice(municipality.staff)
        clock = sla_clock.clock_of(ticket, self.clocks)
        response, resolution = sla_clock.targets_for(ticket.level, ticket.priority)
        if clock is None or response is None:
            respond_after, consumed = rng.randint(600, 7200), rng.randint(3600, 86400)
            clock = None
        else:
            respond_after = round(response * 60 * (rng.uniform(1.05, 3) if late_response else rng.uniform(0.05, 0.95)))
            consumed = round(resolution * 60 * (rng.uniform(1.02, 2.5) if late_resolution else rng.uniform(0.05, 0.97)))
            consumed = max(consumed, respond_after + 60)
        if clock is not None:
            first_response_at = clock.add(ticket.reported_at, respond_after)
            resolved_at = clock.add(ticket.reported_at, consumed)
        else:
            first_response_at = ticket.reported_at + timedelta(seconds=respond_after)
            resolved_at = ticket.reported_at + timedelta(seconds=consumed)
        if resolved_at >= self.now:  # would be resolved in the future: still being worked on
            ticket.status = TicketStatus.IN_PROGRESS
            if first_response_at < self.now:
                ticket.first_response_at = first_response_at
                ticket.response_met = None if ticket.respond_by is None else first_response_at <= ticket.respond_by
            return {"reply": ticket.first_response_at}
        ticket.first_response_at = first_response_at
        ticket.resolved_at = resolved_at
        ticket.resolution_consumed_seconds = consumed
        ticket.sla_checkpoint = resolved_at
        ticket.resolution_business_minutes = consumed // 60
        ticket.response_met = None if ticket.respond_by is None else first_response_at <= ticket.respond_by
        ticket.resolution_met = None if resolution is None else consumed <= resolution * 60
        closed_at = resolved_at + timedelta(days=7)
        if closed_at < self.now:
            ticket.status, ticket.closed_at = TicketStatus.CLOSED, closed_at
        else:
            ticket.status = TicketStatus.RESOLVED
        ticket.updated_at = ticket.closed_at or resolved_at
        return {"reply": first_response_at, "resolved": resolved_at, "closed": ticket.closed_at}

    def timeline(self, municipality, tickets, plans):
        """Replies, timeline events and satisfaction answers for a chunk of tickets."""
        rng, desk = self.rng, self.desk
        comments, events, surveys = [], [], []
        scores = list(desk["scores"].items())
        for ticket, plan in zip(tickets, plans, strict=True):
            events.append(
                TicketEvent(
                    ticket=ticket,
                    kind=EventKind.CREATED,
                    actor_id=ticket.created_by_id,
                    at=ticket.reported_at,
                    data={"channel": ticket.channel},
                )
            )
            replies = []
            if plan.get("reply"):
                replies.append((ticket.assignee_id, plan["reply"], rng.choice(desk["first_replies"])))
                if rng.random() < desk["waiting"] and plan.get("resolved"):
                    middle = plan["reply"] + (plan["resolved"] - plan["reply"]) / 2
                    replies.append((ticket.assignee_id, middle, rng.choice(desk["questions"])))
                    replies.append(
                        (
                            ticket.reporter_id,
                            middle + timedelta(minutes=rng.randint(5, 120)),
                            rng.choice(desk["answers"]),
                        )
                    )
            if plan.get("resolved"):
                replies.append((ticket.assignee_id, plan["resolved"], rng.choice(desk["resolutions"])))
                events.append(
                    TicketEvent(
                        ticket=ticket,
                        kind=EventKind.STATUS,
                        actor_id=ticket.assignee_id,
                        at=plan["resolved"],
                        data={"old": "in_progress", "new": "resolved"},
                    )
                )
            for author, at, body in replies:
                comments.append(
                    Comment(ticket=ticket, author_id=author, body=body, created_at=min(at, plan.get("resolved") or at))
                )
            if plan.get("closed"):
                events.append(
                    TicketEvent(
                        ticket=ticket,
                        kind=EventKind.STATUS,
                        actor_id=None,
                        at=plan["closed"],
                        data={"old": "resolved", "new": "closed"},
                    )
                )
                if rng.random() < 0.4:
                    answered = rng.random() < desk["survey_answered"]
                    score = weighted(scores, rng, 1)[0] if answered else None
                    surveys.append(
                        SurveyAnswer(
                            ticket=ticket,
                            token_hash=f"{rng.getrandbits(256):064x}",
                            sent_at=plan["closed"],
                            answered_at=min(plan["closed"] + timedelta(hours=rng.randint(1, 72)), self.now)
                            if answered
                            else None,
                            score=score,
                            comment=rng.choice(desk["survey_comments"][score])
                            if answered and rng.random() < 0.3
                            else "",
                            service_id=ticket.service_id,
                            department_id=ticket.department_id,
                        )
                    )
        created = Comment.objects.bulk_create(comments, batch_size=BATCH)
        for comment in created:
            events.append(
                TicketEvent(
                    ticket_id=comment.ticket_id,
                    kind=EventKind.REPLY,
                    actor_id=comment.author_id,
                    at=comment.created_at,
                    text=comment.body,
                    data={"comment": comment.pk},
                )
            )
        TicketEvent.objects.bulk_create(events, batch_size=BATCH)
        SurveyAnswer.objects.bulk_create(surveys, batch_size=BATCH)
        self.counts.add("replies", len(comments))
        self.counts.add("timeline events", len(events))
        self.counts.add("satisfaction answers", len(surveys))


def generate(scale, *, seed=1, tickets=None, now=None, stdout=None):
    """Build the scale in the current database; returns {what: count}."""
    return Generator(scale, seed=seed, tickets=tickets, now=now, stdout=stdout).run()


__all__ = ["generate", "Generator", "UTC"]
