"""The service-desk demo: a realistic year, no mail, idempotent; replayed history equals the services'."""

from datetime import timedelta

import pytest
import yaml
from django.core import mail
from django.db.models import Avg, Count
from django.utils import timezone

from styrbord.core.demo import loaders
from styrbord.servicedesk import demo, maintenance, services
from styrbord.servicedesk.choices import OPEN_STATUSES, EventKind, Level, TicketKind, TicketStatus
from styrbord.servicedesk.models import Comment, MaintenancePlan, QueueMember, SurveyAnswer, Ticket, TicketEvent

from .desk_world import at, build_desk

SLA_FIELDS = [
    "status",
    "first_response_at",
    "response_met",
    "resolved_at",
    "closed_at",
    "respond_by",
    "resolve_by",
    "at_risk_at",
    "resolution_consumed_seconds",
    "sla_checkpoint",
    "sla_paused_at",
    "resolution_met",
    "resolution_business_minutes",
]


def load(**options):
    """The organisations, the catalogue and the service desk (the loaders this one builds on)."""
    context = {"options": {"employees": 60, **options}, "stdout": None}
    for order, loader in sorted(loaders, key=lambda item: item[0]):
        if order in (10, 20) or loader is demo.load:
            loader(context)
    return context


def test_a_year_of_tickets_plans_and_surveys_without_mail(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        context = load(ticket_scale=0.1)
    assert mail.outbox == []
    norrbacken, fjallby = context["organisations"]["norrbacken"], context["organisations"]["fjallby"]
    tickets = Ticket.objects.filter(organisation=norrbacken).exclude(kind=TicketKind.MAINTENANCE)
    assert tickets.count() == 150
    assert Ticket.objects.filter(organisation=fjallby).exclude(kind=TicketKind.MAINTENANCE).count() == 20

    # Spread over a year, services, departments and priorities.
    now = timezone.now()
    assert all(now - timedelta(days=366) <= t <= now for t in tickets.values_list("reported_at", flat=True))
    assert tickets.values("service").distinct().count() >= 8
    assert tickets.values("department").distinct().count() >= 8
    assert set(tickets.values_list("priority", flat=True)) >= {2, 3, 4}
    assert set(tickets.values_list("channel", flat=True)) >= {"portal", "email"}

    # Mostly closed, with SLA figures: most targets met, some breached.
    closed = tickets.filter(status=TicketStatus.CLOSED)
    assert closed.count() > 120
    met = dict(closed.values_list("resolution_met").annotate(n=Count("pk")).order_by())
    assert met[True] > 5 * met[False] > 0
    responses = dict(closed.values_list("response_met").annotate(n=Count("pk")).order_by())
    assert responses[True] > 5 * responses.get(False, 0)
    assert not closed.filter(resolved_at__isnull=True).exists()
    assert not closed.filter(resolution_business_minutes__isnull=True, level__isnull=False).exists()
    assert tickets.filter(status__in=OPEN_STATUSES).exists()

    # The timeline and the replies happened when the ticket did, not when the demo ran.
    ticket = closed.annotate(n=Count("events")).filter(n__gte=5).first()
    times = list(ticket.events.values_list("at", flat=True))
    assert times == sorted(times)
    assert ticket.reported_at == times[0] and ticket.closed_at in times
    assert all(ticket.reported_at <= c.created_at <= ticket.closed_at for c in Comment.objects.filter(ticket=ticket))
    assert ticket.history.earliest().history_date == ticket.reported_at

    # Surveys: one per closed ticket, most answered well, stored with service and department.
    surveys = SurveyAnswer.objects.filter(ticket__organisation=norrbacken)
    assert surveys.count() == closed.count()
    answered = surveys.filter(answered_at__isnull=False)
    assert answered.count() > surveys.count() / 3
    assert answered.aggregate(mean=Avg("score"))["mean"] >= 3.8
    assert not answered.filter(service__isnull=True).exists()
    assert (
        TicketEvent.objects.filter(kind=EventKind.SURVEY, ticket__organisation=norrbacken).count() == answered.count()
    )

    # Queues are worked by the IT staff, led by the support lead.
    users = context["users"]
    assert QueueMember.objects.filter(user=users["support"], is_lead=True, area__organisation=norrbacken).count() == 4
    assert QueueMember.objects.filter(user=users["tekniker"], area__organisation=fjallby).count() == 4

    # Maintenance: three plans in Norrbäcken, one in Fjällby, each with its history of tickets.
    plans = MaintenancePlan.objects.filter(organisation=norrbacken)
    assert plans.count() == 3 and MaintenancePlan.objects.filter(organisation=fjallby).count() == 1
    weekly = plans.get(recurrence=MaintenancePlan.Recurrence.WEEKLY)
    assert weekly.tickets.count() >= 52
    report = maintenance.plan_report(weekly)
    assert report.counts[maintenance.OccurrenceState.ON_TIME] > 40
    patching = plans.get(recurrence=MaintenancePlan.Recurrence.MONTHLY_WEEKDAY)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in patching.tickets.values_list("occurrence", flat=True))

    # A second run changes nothing.
    counts = (
        Ticket.objects.count(),
        Comment.objects.count(),
        TicketEvent.objects.count(),
        MaintenancePlan.objects.count(),
    )
    load(ticket_scale=0.1)
    assert counts == (
        Ticket.objects.count(),
        Comment.objects.count(),
        TicketEvent.objects.count(),
        MaintenancePlan.objects.count(),
    )


# The replayed history and the services agree --------------------------------------------------


@pytest.fixture
def demo_desk(world):
    desk = build_desk(world)
    context = {
        "options": {},
        "stdout": None,
        "users": {"tekniker": desk.staff, "support": desk.lead, "itchef": desk.it_head},
        "catalog": {"test": {"dator": desk.laptop, "server": desk.servers}},
        "catalog_areas": {"test": {"arbetsplats": desk.queue}},
        "catalog_calendars": {"test": {"Kontorstid": desk.office}},
    }
    data = yaml.safe_load(demo.DATA.read_text(encoding="utf-8"))
    return desk, demo.DemoDesk(context, "test", desk.org, data, timezone.now())


LIVES = {
    "answered-and-resolved": {"replied_at": at(2025, 11, 24, 10), "resolved_at": at(2025, 11, 25, 15)},
    "late-reply-and-breach": {"replied_at": at(2025, 11, 24, 15), "resolved_at": at(2025, 11, 28, 16)},
    "waiting-for-the-reporter": {
        "replied_at": at(2025, 11, 24, 11),
        "asks": True,
        "answered_at": at(2025, 11, 26, 9, 30),
        "noted_at": at(2025, 11, 26, 13),
        "resolved_at": at(2025, 11, 27, 10),
    },
    "reopened": {
        "replied_at": at(2025, 11, 24, 9, 45),
        "first_resolved_at": at(2025, 11, 24, 16),
        "reopened_at": at(2025, 11, 25, 10),
        "resolved_at": at(2025, 11, 26, 11),
    },
}


@pytest.mark.parametrize("steps", LIVES.values(), ids=LIVES.keys())
def test_replayed_history_gives_the_figures_of_the_service_functions(demo_desk, steps):
    desk, simulation = demo_desk
    case = demo.Case(
        reported_at=at(2025, 11, 24, 9),
        title="Datorn startar inte",
        description="",
        kind=TicketKind.INCIDENT,
        service=desk.laptop,
        impact=Level.MEDIUM,
        urgency=Level.MEDIUM,
        reporter=desk.reporter,
        department=desk.reporter.memberships.get().department,
        channel="portal",
    )

    def create():
        return simulation.with_level(
            simulation.at(
                case.reported_at,
                services.create_ticket,
                acting_user=desk.reporter,
                organisation=desk.org,
                reporter=desk.reporter,
                title=case.title,
                service=desk.laptop,
                department=case.department,
                reported_at=case.reported_at,
                assignee=desk.staff,
                notify=False,
            )
        )

    closing = at(2025, 12, 5, 0, 7)
    life = demo.Life(staff=desk.staff, closed_at=closing, **steps)
    through_services, replayed = create(), create()
    simulation.work(through_services, case, life)
    simulation.replay(replayed, life)
    simulation.write_replayed()
    simulation.bulk.write()

    one, other = Ticket.objects.get(pk=through_services.pk), Ticket.objects.get(pk=replayed.pk)
    assert one.status == TicketStatus.CLOSED
    assert {name: getattr(one, name) for name in SLA_FIELDS} == {name: getattr(other, name) for name in SLA_FIELDS}

    def timeline(ticket):
        return [(event.kind, event.at, event.data.get("new")) for event in ticket.events.order_by("at", "kind")]

    assert timeline(one) == timeline(other)
