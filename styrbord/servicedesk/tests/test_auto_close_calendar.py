"""Auto-close counts business days on the ticket's SLA calendar: holidays, de facto closed days
(julafton, midsommarafton, nyårsafton) and the organisation's own closed days are not business days."""

from datetime import date, timedelta

import pytest

from styrbord.catalog import services as catalog
from styrbord.servicedesk import services, tasks
from styrbord.servicedesk.choices import TicketStatus
from styrbord.servicedesk.models import Ticket

from .desk_world import at, build_desk


@pytest.fixture
def desk(world):
    return build_desk(world)


def closed_day(desk, day, calendar=None):
    catalog.add_closed_day(acting_user=None, organisation=desk.org, date=day, name="Klämdag", calendar=calendar)


def later(desk, start, days, calendar):
    return services.business_days_later(start, days, desk.org, calendar=calendar)


def test_midsummer_eve_and_an_organisation_closed_day_are_skipped(desk):
    # Wednesday 17 June 2026: Thursday 18 counts; midsommarafton (Friday 19) and the weekend do not,
    # so Monday 22 and Tuesday 23 follow. Once the organisation closes on Monday 22, Wednesday 24 is the third.
    assert later(desk, date(2026, 6, 17), 3, desk.office) == date(2026, 6, 23)
    closed_day(desk, date(2026, 6, 22))
    assert later(desk, date(2026, 6, 17), 3, desk.office) == date(2026, 6, 24)


def test_a_closed_day_of_another_calendar_does_not_count_here(desk):
    closed_day(desk, date(2026, 6, 22), calendar=desk.round_the_clock)
    assert later(desk, date(2026, 6, 17), 3, desk.office) == date(2026, 6, 23)


def test_christmas_and_new_year_across_the_turn_of_the_year(desk):
    # Tuesday 23 December 2025: julafton, juldagen, annandag jul and the weekend are closed;
    # Monday 29 is the organisation's closed day, nyårsafton and nyårsdagen are closed too.
    closed_day(desk, date(2025, 12, 29))
    assert later(desk, date(2025, 12, 23), 1, desk.office) == date(2025, 12, 30)
    assert later(desk, date(2025, 12, 23), 2, desk.office) == date(2026, 1, 2)


def test_without_a_calendar_weekdays_less_holidays_and_the_organisations_closed_days(desk):
    closed_day(desk, date(2025, 12, 29))
    assert later(desk, date(2025, 12, 23), 2, None) == date(2026, 1, 2)
    # A closed day of one calendar only does not close the organisation as a whole.
    closed_day(desk, date(2026, 1, 2), calendar=desk.office)
    assert later(desk, date(2025, 12, 23), 2, None) == date(2026, 1, 2)
    assert later(desk, date(2025, 12, 23), 2, desk.office) == date(2026, 1, 5)


def test_a_round_the_clock_calendar_counts_the_days_it_is_open(desk):
    # The 24/7 calendar is open on weekends and holidays: its SLA clock runs then, and so does this count.
    assert later(desk, date(2025, 12, 23), 2, desk.round_the_clock) == date(2025, 12, 25)


def test_the_task_closes_on_the_calendar_of_the_tickets_level(desk, django_capture_on_commit_callbacks):
    def resolved(service, when):
        ticket = services.create_ticket(
            acting_user=desk.reporter,
            organisation=desk.org,
            reporter=desk.reporter,
            title="Skrivaren skriver inte ut",
            service=service,
            assignee=desk.staff,
            reported_at=when - timedelta(hours=2),
            notify=False,
        )
        return services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=when)

    def auto_close(now):
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.auto_close.call_local(now=now)

    closed_day(desk, date(2026, 6, 22))
    office = resolved(desk.laptop, at(2026, 6, 16, 10))  # Tuesday; the fifth business day: Thursday 25 June
    round_the_clock = resolved(desk.servers, at(2026, 6, 16, 10))  # every day counts: Sunday 21 June
    assert auto_close(at(2026, 6, 20, 23)) == 0
    assert auto_close(at(2026, 6, 21, 0, 7)) == 1
    assert Ticket.objects.get(pk=round_the_clock.pk).status == TicketStatus.CLOSED
    assert auto_close(at(2026, 6, 24, 23)) == 0  # midsommarafton and the closed Monday do not count
    assert Ticket.objects.get(pk=office.pk).status == TicketStatus.RESOLVED
    assert auto_close(at(2026, 6, 25, 0, 7)) == 1
    assert Ticket.objects.get(pk=office.pk).status == TicketStatus.CLOSED
