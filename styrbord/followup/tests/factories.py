"""A small, hand-countable world for the follow-up tests: tickets, charges, budgets, answers, outages."""

from datetime import date, datetime, time
from decimal import Decimal

from styrbord.catalog.models import BusinessCalendar, OpeningSegment
from styrbord.core.testing import unique
from styrbord.finance import services as finance
from styrbord.finance.tests.factories import make_catalog
from styrbord.followup import services
from styrbord.servicedesk import services as desk
from styrbord.servicedesk.models import SurveyAnswer, Ticket
from styrbord.servicedesk.sla import STOCKHOLM

YEAR = 2025


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


def catalogue(world):
    """The finance test catalogue; its calendar made 24/7 and an office-hours calendar for the 'dator' level."""
    catalog = make_catalog(world.org)
    server_level = catalog.levels[("server", "Bas")]
    BusinessCalendar.objects.filter(pk=server_level.calendar_id).update(
        always_open=True, closed_on_public_holidays=False, closed_on_de_facto_holidays=False
    )
    office = BusinessCalendar.objects.create(organisation=world.org, name=unique("Kontor "))
    for weekday in range(5):
        OpeningSegment.objects.create(calendar=office, weekday=weekday, opens=time(8), closes=time(17))
    dator = catalog.levels[("dator", "Standard")]
    dator.calendar = office
    dator.availability_target = Decimal("99.000")
    dator.save()
    server_level.availability_target = Decimal("99.500")
    server_level.save()
    return catalog


def ticket(world, *, reported_at, service=None, level=None, department=None, kind="incident", **outcome):
    """A ticket reported at a given time, with its SLA outcome set exactly as given."""
    made = desk.create_ticket(
        acting_user=world.users["employee"],
        organisation=world.org,
        reporter=world.users["employee"],
        title=unique("Ärende "),
        kind=kind,
        service=service,
        department=department or world.unit,
        reported_at=reported_at,
        notify=False,
    )
    Ticket.objects.filter(pk=made.pk).update(level=level, **outcome)
    made.refresh_from_db()
    return made


def answer(ticket, *, sent_at, score=None, answered_at=None):
    return SurveyAnswer.objects.create(
        ticket=ticket,
        token_hash=unique("token-"),
        sent_at=sent_at,
        answered_at=answered_at,
        score=score,
        service=ticket.service,
        department=ticket.department,
    )


def work(world, service, department, day, **amount):
    return finance.record_work(
        acting_user=None, organisation=world.org, department=department, service=service, date=day, **amount
    )


def outage(ticket, service, starts_at, ends_at, *, level=None, planned=False):
    return services.record_outage(
        acting_user=None,
        ticket=ticket,
        service=service,
        level=level,
        starts_at=starts_at,
        ends_at=ends_at,
        planned=planned,
    )


def hand_counted(world):
    """The data set whose every figure the tests compute by hand (see test_figures.py)."""
    catalog = catalogue(world)
    server, server_level = catalog.server, catalog.levels[("server", "Bas")]
    dator, dator_level = catalog.dator, catalog.levels[("dator", "Standard")]
    # Tickets of 2025 on the server level: response met 2 of 3 known, resolution met 1 of 3 known.
    t1 = ticket(
        world, reported_at=at(2025, 3, 1, 9), service=server, level=server_level, response_met=True, resolution_met=True
    )
    t2 = ticket(
        world,
        reported_at=at(2025, 3, 2, 9),
        service=server,
        level=server_level,
        response_met=True,
        resolution_met=False,
    )
    t3 = ticket(
        world,
        reported_at=at(2025, 4, 1, 9),
        service=server,
        level=server_level,
        department=world.other_branch,
        response_met=False,
        resolution_met=False,
        is_security_incident=True,
    )
    ticket(world, reported_at=at(2025, 4, 2, 9), service=server, level=server_level)  # still open: unknown
    # One on the office-hours level, met.
    t5 = ticket(
        world, reported_at=at(2025, 5, 5, 9), service=dator, level=dator_level, response_met=True, resolution_met=True
    )
    # 2024: two tickets, both met.
    t6 = ticket(
        world, reported_at=at(2024, 6, 3, 9), service=server, level=server_level, response_met=True, resolution_met=True
    )
    ticket(
        world, reported_at=at(2024, 6, 4, 9), service=server, level=server_level, response_met=True, resolution_met=True
    )
    # A maintenance ticket has no SLA: never counted, whatever its fields say.
    ticket(
        world,
        reported_at=at(2025, 3, 3, 9),
        service=server,
        level=server_level,
        kind="maintenance",
        response_met=False,
        resolution_met=False,
    )
    # Costs: 2 h consulting (850/h) for the school unit, a headset (1290) for social services; 1 h in 2024.
    work(world, catalog.konsult, world.unit, date(2025, 2, 10), hours=2)
    work(world, catalog.headset, world.other_branch, date(2025, 5, 12), quantity=1)
    work(world, catalog.konsult, world.branch, date(2024, 9, 2), hours=1)
    finance.set_budget(
        acting_user=None, organisation=world.org, year=YEAR, amount=Decimal("10000"), department=world.branch
    )
    finance.set_budget(
        acting_user=None, organisation=world.org, year=YEAR, amount=Decimal("5000"), department=world.other_branch
    )
    finance.set_budget(acting_user=None, organisation=world.org, year=YEAR, amount=Decimal("23000"))
    # Satisfaction: 5, 4 and 2 answered in 2025, one survey unanswered; a 1 in 2024.
    answer(t1, sent_at=at(2025, 3, 5, 9), answered_at=at(2025, 3, 5, 10), score=5)
    answer(t2, sent_at=at(2025, 3, 6, 9), answered_at=at(2025, 3, 6, 10), score=4)
    answer(t3, sent_at=at(2025, 4, 5, 9), answered_at=at(2025, 4, 5, 10), score=2)
    answer(t5, sent_at=at(2025, 5, 6, 9))
    answer(t6, sent_at=at(2024, 6, 5, 9), answered_at=at(2024, 6, 5, 10), score=1)
    # Outages of the 24/7 server level: 10–14 and 12–16 overlap (6 h), a planned 8 h does not count.
    outage(t1, server, at(2025, 3, 1, 10), at(2025, 3, 1, 14), level=server_level)
    outage(t2, server, at(2025, 3, 1, 12), at(2025, 3, 1, 16))  # every level of the service
    outage(t2, server, at(2025, 6, 1, 0), at(2025, 6, 1, 8), planned=True)
    # The office-hours level: a Saturday outage is outside its service hours; Monday 16–18 counts 1 h.
    outage(t5, dator, at(2025, 3, 8, 10), at(2025, 3, 8, 12), level=dator_level)
    outage(t5, dator, at(2025, 3, 10, 16), at(2025, 3, 10, 18), level=dator_level)
    return catalog
