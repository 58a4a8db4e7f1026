"""SLA clocks through a ticket's life: creation on a level's calendar, replies, pauses, reclassification,
resolution figures, calendar edits, and 24/7 levels across both daylight-saving changes.

The office calendar is open weekdays 08–17 and closed on public and de facto holidays; the
Standard level's P3 targets are 240 business minutes to respond and 1,440 to resolve.
"""

from datetime import UTC, datetime, time, timedelta

import pytest

from styrbord.catalog import services as catalog
from styrbord.servicedesk import clock as sla_clock
from styrbord.servicedesk import services
from styrbord.servicedesk.choices import Level, SlaState, TicketStatus
from styrbord.servicedesk.models import Ticket

from .desk_world import at, build_desk


@pytest.fixture
def desk(world):
    return build_desk(world)


def report(desk, reported_at, **fields):
    fields.setdefault("service", desk.laptop)
    return services.create_ticket(
        acting_user=desk.reporter,
        organisation=desk.org,
        reporter=desk.reporter,
        title="Datorn startar inte",
        reported_at=reported_at,
        notify=False,
        **fields,
    )


def fresh(ticket):
    return Ticket.objects.get(pk=ticket.pk)


# Deadlines on the office calendar -------------------------------------------------------------


def test_deadlines_come_from_the_levels_targets_for_the_priority(desk):
    ticket = report(desk, at(2025, 11, 24, 9))  # Monday
    assert (ticket.level, ticket.priority) == (desk.standard, 3)
    assert ticket.respond_by == at(2025, 11, 24, 13)
    assert ticket.resolve_by == at(2025, 11, 26, 15)  # 8 + 9 + 7 business hours


def test_friday_afternoon_runs_over_the_weekend(desk):
    ticket = report(desk, at(2025, 11, 21, 16))
    assert ticket.respond_by == at(2025, 11, 24, 11)
    assert ticket.resolve_by == at(2025, 11, 26, 13)


@pytest.mark.parametrize(
    ("reported", "respond_by", "closed_days"),
    [
        # Långfredagen 18 April and annandag påsk 21 April 2025.
        (at(2025, 4, 17, 16), at(2025, 4, 22, 11), "Easter"),
        # Nationaldagen, Friday 6 June 2025.
        (at(2025, 6, 5, 16), at(2025, 6, 9, 11), "National Day"),
        # Midsommarafton (de facto) Friday 20 June 2025.
        (at(2025, 6, 19, 16), at(2025, 6, 23, 11), "Midsummer Eve"),
        # Julafton (de facto), juldagen and annandag jul, Wednesday to Friday 2025.
        (at(2025, 12, 23, 16), at(2025, 12, 29, 11), "Christmas"),
        # Alla helgons dag is a Saturday: the Friday before is open (1 November 2025).
        (at(2025, 10, 30, 16), at(2025, 10, 31, 11), "All Saints' Day falls on a Saturday"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_public_and_de_facto_holidays_are_closed(desk, reported, respond_by, closed_days):
    assert report(desk, reported).respond_by == respond_by


def test_new_year_and_the_open_klamdag_after_it(desk):
    # Nyårsafton (de facto) and nyårsdagen are closed; Friday 2 January 2026 is an ordinary
    # working day; trettondedag jul, Tuesday 6 January, is closed.
    ticket = report(desk, at(2025, 12, 30, 16))
    assert ticket.respond_by == at(2026, 1, 2, 11)
    assert ticket.resolve_by == at(2026, 1, 7, 13)  # 1 + 9 (2 Jan) + 9 (5 Jan) + 5 (7 Jan)


def test_a_de_facto_day_counts_when_the_calendar_stays_open(desk):
    catalog.update_calendar(desk.office, acting_user=None, closed_on_de_facto_holidays=False)
    assert report(desk, at(2025, 6, 19, 16)).respond_by == at(2025, 6, 20, 11)


def test_closing_a_klamdag_moves_open_tickets_deadlines(desk):
    # Kristi himmelsfärd is Thursday 29 May 2025; Friday 30 May is a klämdag, open by default.
    ticket = report(desk, at(2025, 5, 28, 16))
    assert ticket.respond_by == at(2025, 5, 30, 11)
    assert ticket.resolve_by == at(2025, 6, 3, 13)
    resolved = report(desk, at(2025, 5, 28, 16))
    services.change_status(resolved, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 5, 28, 16, 30))
    before = fresh(resolved)

    catalog.add_closed_day(acting_user=None, organisation=desk.org, date=at(2025, 5, 30).date(), name="Klämdag")
    assert services.recompute_for_calendar(desk.office) == 1

    ticket = fresh(ticket)
    assert ticket.respond_by == at(2025, 6, 2, 11)
    assert ticket.resolve_by == at(2025, 6, 4, 13)
    after = fresh(resolved)  # a resolved ticket keeps the figures it was settled with
    assert (after.respond_by, after.resolve_by, after.resolution_met) == (
        before.respond_by,
        before.resolve_by,
        before.resolution_met,
    )


def test_shorter_opening_hours_recompute_from_the_checkpoint(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    services.change_status(ticket, TicketStatus.IN_PROGRESS, acting_user=desk.staff, now=at(2025, 11, 24, 12))
    # From now on the office closes at 16:00: three hours are already used, 21 remain.
    shorter = [{"weekday": day, "opens": time(8), "closes": time(16)} for day in range(5)]
    catalog.set_segments(desk.office, shorter, acting_user=None)
    services.recompute_for_calendar(desk.office)
    ticket = fresh(ticket)
    assert ticket.resolution_consumed_seconds == 3 * 3600
    # Monday 12–16 (4 h), Tuesday and Wednesday 8 h each, Thursday 1 h.
    assert ticket.resolve_by == at(2025, 11, 27, 9)


# The response target ----------------------------------------------------------------------


def test_the_first_public_reply_by_staff_meets_the_response_target(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    services.add_comment(
        ticket, acting_user=desk.reporter, body="Det gäller min jobbdator.", now=at(2025, 11, 24, 9, 5)
    )
    services.add_comment(ticket, acting_user=desk.staff, body="Intern anteckning", is_public=False)
    ticket = fresh(ticket)
    assert (ticket.first_response_at, ticket.response_met) == (None, None)

    services.add_comment(ticket, acting_user=desk.staff, body="Vi tittar på det.", now=at(2025, 11, 24, 12, 59))
    ticket = fresh(ticket)
    assert ticket.first_response_at == at(2025, 11, 24, 12, 59)
    assert ticket.response_met is True


def test_a_late_first_reply_misses_the_response_target(desk):
    ticket = report(desk, at(2025, 11, 21, 16))
    services.add_comment(ticket, acting_user=desk.staff, body="Vi tittar på det.", now=at(2025, 11, 24, 11, 1))
    assert fresh(ticket).response_met is False


# Pausing while waiting for the reporter ---------------------------------------------------


def test_waiting_for_the_reporter_pauses_the_resolution_clock(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    services.add_comment(ticket, acting_user=desk.staff, body="Vilken modell?", now=at(2025, 11, 24, 10, 30))
    services.change_status(ticket, TicketStatus.WAITING, acting_user=desk.staff, now=at(2025, 11, 24, 12))
    ticket = fresh(ticket)
    assert ticket.sla_paused_at == at(2025, 11, 24, 12)
    assert ticket.resolve_by is None
    assert ticket.resolution_consumed_seconds == 3 * 3600
    assert sla_clock.sla_state(ticket, at(2025, 11, 28, 12)) == SlaState.PAUSED

    # The reporter answers a day and a half later: the clock runs again from there.
    services.add_comment(ticket, acting_user=desk.reporter, body="En Lenovo T14.", now=at(2025, 11, 25, 15))
    ticket = fresh(ticket)
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.sla_paused_at is None
    assert ticket.resolution_consumed_seconds == 3 * 3600
    assert ticket.resolve_by == at(2025, 11, 28, 9)  # 21 h left: Tue 2 + Wed 9 + Thu 9 + Fri 1

    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 11, 28, 8, 30))
    ticket = fresh(ticket)
    assert ticket.resolution_business_minutes == 180 + 120 + 540 + 540 + 30
    assert (ticket.response_met, ticket.resolution_met) == (True, True)
    assert sla_clock.sla_state(ticket) == SlaState.OK


def test_the_paused_time_and_time_after_the_deadline_decide_the_resolution_target(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    services.change_status(ticket, TicketStatus.WAITING, acting_user=desk.staff, now=at(2025, 11, 24, 10))
    services.change_status(ticket, TicketStatus.IN_PROGRESS, acting_user=desk.staff, now=at(2025, 12, 1, 10))
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 12, 5, 10))
    ticket = fresh(ticket)
    assert ticket.resolution_business_minutes == 60 + (7 + 3 * 9 + 2) * 60
    assert ticket.resolution_met is False
    assert ticket.response_met is False  # nobody answered before the target
    assert sla_clock.sla_state(ticket) == SlaState.BREACHED


# Reclassification keeps what was consumed ---------------------------------------------------


def test_raising_the_priority_keeps_consumed_time(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    ticket = services.reclassify(ticket, acting_user=desk.staff, impact=Level.HIGH, now=at(2025, 11, 24, 13))
    assert ticket.priority == 2
    assert ticket.resolution_consumed_seconds == 4 * 3600
    assert ticket.respond_by == at(2025, 11, 24, 10)
    assert ticket.resolve_by == at(2025, 11, 24, 17)  # 8 h target, 4 h used

    ticket = services.reclassify(ticket, acting_user=desk.staff, urgency=Level.LOW, now=at(2025, 11, 24, 14))
    assert ticket.priority == 3
    assert ticket.resolution_consumed_seconds == 5 * 3600
    assert ticket.resolve_by == at(2025, 11, 26, 15)  # 19 h left: Mon 3 + Tue 9 + Wed 7


def test_a_priority_whose_target_is_already_used_up_is_breached_at_once(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    ticket = services.reclassify(
        ticket, acting_user=desk.staff, impact=Level.HIGH, urgency=Level.HIGH, now=at(2025, 11, 24, 14)
    )
    assert ticket.priority == 1
    assert ticket.resolve_by == at(2025, 11, 24, 14)
    assert sla_clock.sla_state(ticket, at(2025, 11, 24, 14)) == SlaState.BREACHED
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 11, 24, 15))
    assert fresh(ticket).resolution_met is False


def test_a_new_level_keeps_consumed_time_on_its_own_calendar(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    ticket = services.reclassify(ticket, acting_user=desk.staff, level=desk.laptop_24_7, now=at(2025, 11, 24, 13))
    assert ticket.resolution_consumed_seconds == 4 * 3600
    # The 24/7 level's P3 target is 960 minutes: 12 hours remain, counted round the clock.
    assert ticket.resolve_by == at(2025, 11, 25, 1)


def test_a_new_service_brings_its_level_and_keeps_consumed_time(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    ticket = services.reclassify(ticket, acting_user=desk.staff, service=desk.servers, now=at(2025, 11, 24, 13))
    assert ticket.level == desk.server_level
    assert ticket.resolution_consumed_seconds == 4 * 3600
    assert ticket.resolve_by == at(2025, 11, 25, 1)


def test_progress_and_state_use_the_same_clock_as_the_deadline(desk):
    ticket = report(desk, at(2025, 11, 24, 9))
    assert sla_clock.progress_percent(ticket, at(2025, 11, 24, 9)) == 0
    assert sla_clock.sla_state(ticket, at(2025, 11, 24, 9), 75) == SlaState.OK
    # 75 % of 24 business hours = 18 h: Monday 8, Tuesday 9 and Wednesday's first hour.
    assert sla_clock.sla_state(ticket, at(2025, 11, 26, 8, 59), 75) == SlaState.OK
    assert sla_clock.sla_state(ticket, at(2025, 11, 26, 9), 75) == SlaState.AT_RISK
    # Overnight nothing is consumed: 17 of 24 hours.
    assert sla_clock.progress_percent(ticket, at(2025, 11, 25, 17)) == 71
    assert sla_clock.progress_percent(ticket, at(2025, 11, 26, 7)) == 71
    assert sla_clock.progress_percent(ticket, ticket.resolve_by) == 100
    assert sla_clock.sla_state(ticket, ticket.resolve_by) == SlaState.BREACHED
    assert sla_clock.sla_state(ticket, ticket.resolve_by - timedelta(seconds=1)) == SlaState.AT_RISK


# 24/7 levels across the daylight-saving changes -------------------------------------------


def critical_server_ticket(desk, reported_at):
    return report(desk, reported_at, service=desk.servers, impact=Level.HIGH, urgency=Level.HIGH)


def test_round_the_clock_across_the_spring_change(desk):
    # Saturday 29 March 2025 23:00 CET; at 02:00 the clocks jump to 03:00 CEST.
    ticket = critical_server_ticket(desk, at(2025, 3, 29, 23))
    assert ticket.respond_by == at(2025, 3, 29, 23, 15)
    # Four real hours later is 04:00 on the wall clock, not 03:00.
    assert ticket.resolve_by == datetime(2025, 3, 30, 2, tzinfo=UTC) == at(2025, 3, 30, 4)
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 3, 30, 8))
    ticket = fresh(ticket)
    assert ticket.resolution_business_minutes == 8 * 60  # 23:00 CET to 08:00 CEST is eight hours
    assert ticket.resolution_met is False


def test_round_the_clock_across_the_autumn_change(desk):
    # Saturday 25 October 2025 23:00 CEST; at 03:00 the clocks go back to 02:00 CET.
    ticket = critical_server_ticket(desk, at(2025, 10, 25, 23))
    # Four real hours later is the second 02:00 of the night (01:00 UTC). (Compared in UTC: Python
    # never finds a wall-clock time inside the repeated hour equal to a time in another zone.)
    assert ticket.resolve_by.astimezone(UTC) == datetime(2025, 10, 26, 1, tzinfo=UTC)
    services.change_status(ticket, TicketStatus.WAITING, acting_user=desk.staff, now=at(2025, 10, 26, 1))
    services.change_status(ticket, TicketStatus.IN_PROGRESS, acting_user=desk.staff, now=at(2025, 10, 26, 9))
    ticket = fresh(ticket)
    assert ticket.resolution_consumed_seconds == 2 * 3600
    # Two hours left from 09:00 CET.
    assert ticket.resolve_by == at(2025, 10, 26, 11)
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 10, 26, 10))
    ticket = fresh(ticket)
    assert (ticket.resolution_business_minutes, ticket.resolution_met) == (3 * 60, True)


def test_the_office_calendar_counts_working_hours_in_the_week_of_a_change(desk):
    # Friday 28 March 16:00 CET to Monday 31 March 11:00 CEST: four business hours either way.
    ticket = report(desk, at(2025, 3, 28, 16))
    assert ticket.respond_by == at(2025, 3, 31, 11)
