"""Preventive maintenance: due dates for every recurrence, tickets made exactly once, the plan's report."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from styrbord.servicedesk import maintenance, services, tasks
from styrbord.servicedesk.choices import TicketKind, TicketStatus
from styrbord.servicedesk.maintenance import OccurrenceState, occurrences
from styrbord.servicedesk.models import MaintenancePlan, Ticket

from .desk_world import at, build_desk

Recurrence = MaintenancePlan.Recurrence


@pytest.fixture
def desk(world):
    return build_desk(world)


def plan_of(**fields):
    """An unsaved plan, enough for computing due dates."""
    fields.setdefault("interval", 1)
    return MaintenancePlan(title="Test", **fields)


def make_plan(desk, **fields):
    fields.setdefault("title", "Patcha servrarna")
    fields.setdefault("recurrence", Recurrence.WEEKLY)
    fields.setdefault("weekday", 1)
    fields.setdefault("starts_on", date(2025, 1, 1))
    fields.setdefault("lead_days", 7)
    return MaintenancePlan.objects.create(
        organisation=desk.org, queue=desk.queue, service=desk.servers, assignee=desk.staff, **fields
    )


# Due dates ------------------------------------------------------------------------------------


def test_every_n_days_counts_from_the_first_due_date():
    plan = plan_of(recurrence=Recurrence.EVERY_N_DAYS, interval=10, starts_on=date(2025, 1, 5))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 2, 5)) == [
        date(2025, 1, 5),
        date(2025, 1, 15),
        date(2025, 1, 25),
        date(2025, 2, 4),
    ]
    # A window that starts between two due dates finds the next one.
    assert occurrences(plan, date(2025, 1, 16), date(2025, 1, 31)) == [date(2025, 1, 25)]


def test_weekly_on_a_weekday_every_other_week():
    # Starting on Wednesday 1 January 2025, every second Friday.
    plan = plan_of(recurrence=Recurrence.WEEKLY, weekday=4, interval=2, starts_on=date(2025, 1, 1))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 2, 10)) == [
        date(2025, 1, 3),
        date(2025, 1, 17),
        date(2025, 1, 31),
    ]
    assert occurrences(plan, date(2025, 1, 4), date(2025, 1, 20)) == [date(2025, 1, 17)]


def test_monthly_on_a_day_is_clamped_to_short_months():
    plan = plan_of(recurrence=Recurrence.MONTHLY_DAY, day_of_month=31, starts_on=date(2024, 1, 1))
    assert occurrences(plan, date(2024, 1, 1), date(2024, 5, 1)) == [
        date(2024, 1, 31),
        date(2024, 2, 29),  # a leap year
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]


def test_monthly_every_third_month_counts_from_the_start():
    plan = plan_of(recurrence=Recurrence.MONTHLY_DAY, day_of_month=15, interval=3, starts_on=date(2025, 2, 1))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 12, 31)) == [
        date(2025, 2, 15),
        date(2025, 5, 15),
        date(2025, 8, 15),
        date(2025, 11, 15),
    ]
    assert occurrences(plan, date(2025, 6, 1), date(2025, 12, 31)) == [date(2025, 8, 15), date(2025, 11, 15)]


def test_monthly_on_the_second_tuesday():
    plan = plan_of(recurrence=Recurrence.MONTHLY_WEEKDAY, weekday=1, week_of_month=2, starts_on=date(2025, 1, 1))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 6, 30)) == [
        date(2025, 1, 14),
        date(2025, 2, 11),
        date(2025, 3, 11),
        date(2025, 4, 8),
        date(2025, 5, 13),
        date(2025, 6, 10),
    ]


def test_monthly_on_the_last_friday():
    plan = plan_of(recurrence=Recurrence.MONTHLY_WEEKDAY, weekday=4, week_of_month=-1, starts_on=date(2025, 1, 1))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 4, 30)) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 28),
        date(2025, 4, 25),
    ]


def test_a_due_date_before_the_start_date_does_not_count():
    # The second Tuesday of January 2025 is the 14th; a plan starting on the 20th begins in February.
    plan = plan_of(recurrence=Recurrence.MONTHLY_WEEKDAY, weekday=1, week_of_month=2, starts_on=date(2025, 1, 20))
    assert occurrences(plan, date(2025, 1, 1), date(2025, 3, 1)) == [date(2025, 2, 11)]


def test_yearly_on_a_month_and_day():
    plan = plan_of(recurrence=Recurrence.YEARLY, month=10, day_of_month=15, starts_on=date(2024, 11, 1))
    assert occurrences(plan, date(2024, 1, 1), date(2027, 12, 31)) == [
        date(2025, 10, 15),
        date(2026, 10, 15),
        date(2027, 10, 15),
    ]
    leap = plan_of(recurrence=Recurrence.YEARLY, month=2, day_of_month=29, starts_on=date(2024, 1, 1))
    assert occurrences(leap, date(2024, 1, 1), date(2025, 12, 31)) == [date(2024, 2, 29), date(2025, 2, 28)]


def test_an_empty_window_has_no_due_dates():
    plan = plan_of(recurrence=Recurrence.EVERY_N_DAYS, starts_on=date(2025, 1, 1))
    assert occurrences(plan, date(2025, 1, 10), date(2025, 1, 9)) == []
    assert occurrences(plan, date(2024, 1, 1), date(2024, 12, 31)) == []


# Generating tickets ---------------------------------------------------------------------------


def test_tickets_are_made_lead_days_ahead_exactly_once(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))  # Tuesdays
    created = maintenance.generate(plan, date(2025, 3, 3), now=at(2025, 3, 3, 5, 30))
    assert [ticket.occurrence for ticket in created] == [date(2025, 3, 4)]
    ticket = created[0]
    assert ticket.kind == TicketKind.MAINTENANCE
    assert (ticket.service, ticket.queue, ticket.assignee) == (desk.servers, desk.queue, desk.staff)
    assert ticket.status == TicketStatus.ASSIGNED
    assert ticket.reported_at == at(2025, 3, 3, 5, 30)
    assert ticket.title == "Patcha servrarna (2025-03-04)"
    assert (ticket.level, ticket.resolve_by) == (None, None)  # the due date is the target

    # Running again the same day, or twice the next day, adds only what has come within reach.
    assert maintenance.generate(plan, date(2025, 3, 3)) == []
    assert [t.occurrence for t in maintenance.generate(plan, date(2025, 3, 4))] == [date(2025, 3, 11)]
    assert maintenance.generate(plan, date(2025, 3, 4)) == []
    assert plan.tickets.count() == 2


def test_occurrences_missed_while_the_task_did_not_run_are_made_late(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    maintenance.generate(plan, date(2025, 3, 3))
    created = maintenance.generate(plan, date(2025, 3, 27))  # three weeks without a run
    assert [ticket.occurrence for ticket in created] == [
        date(2025, 3, 11),
        date(2025, 3, 18),
        date(2025, 3, 25),
        date(2025, 4, 1),
    ]


def test_nothing_before_the_start_date_or_for_an_inactive_plan(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 20))
    assert maintenance.generate(plan, date(2025, 3, 3)) == []
    plan.is_active = False
    assert maintenance.generate(plan, date(2025, 3, 27)) == []


def test_the_database_refuses_a_second_ticket_for_an_occurrence(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    (ticket,) = maintenance.generate(plan, date(2025, 3, 3))
    with pytest.raises(IntegrityError):
        Ticket.objects.create(
            organisation=desk.org,
            title="Dubblett",
            reporter=desk.staff,
            reported_at=ticket.reported_at,
            maintenance_plan=plan,
            occurrence=ticket.occurrence,
        )


def test_a_concurrent_run_that_made_the_ticket_first_is_not_an_error(desk, monkeypatch):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    # The other run's ticket appears between this run's read and its write.
    original = maintenance.occurrences

    def racing(plan_, start, end):
        due_dates = original(plan_, start, end)
        if due_dates and not plan_.tickets.exists():
            maintenance._create(plan_, due_dates[0], desk.staff, at(2025, 3, 3, 5))
        return due_dates

    monkeypatch.setattr(maintenance, "occurrences", racing)
    assert maintenance.generate(plan, date(2025, 3, 3)) == []
    assert plan.tickets.count() == 1


def test_without_an_assignee_a_queue_lead_reports_it(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    plan.assignee = None
    plan.save()
    (ticket,) = maintenance.generate(plan, date(2025, 3, 3))
    assert (ticket.reporter, ticket.assignee, ticket.status) == (desk.lead, None, TicketStatus.NEW)


def test_the_daily_task_generates_for_every_active_plan_and_is_safe_twice(desk):
    make_plan(desk, starts_on=date(2025, 3, 1))
    make_plan(
        desk,
        title="Återläsningstest",
        recurrence=Recurrence.MONTHLY_DAY,
        day_of_month=5,
        weekday=None,
        starts_on=date(2025, 3, 1),
    )
    make_plan(desk, title="Vilande", is_active=False)
    today = date(2025, 3, 3)
    assert tasks.generate_maintenance.call_local(today=today) == 2
    assert tasks.generate_maintenance.call_local(today=today) == 0
    assert Ticket.objects.filter(kind=TicketKind.MAINTENANCE).count() == 2


# The plan's report ----------------------------------------------------------------------------


def test_report_shows_done_on_time_done_late_missed_and_upcoming(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    maintenance.generate(plan, date(2025, 3, 3), now=at(2025, 3, 3, 5))
    maintenance.generate(plan, date(2025, 3, 10), now=at(2025, 3, 10, 5))
    maintenance.generate(plan, date(2025, 3, 17), now=at(2025, 3, 17, 5))
    on_time, late, missed = plan.tickets.order_by("occurrence")
    services.change_status(on_time, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 3, 4, 15))
    services.change_status(late, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 3, 12, 9))
    services.change_status(late, TicketStatus.CLOSED, acting_user=desk.staff, now=at(2025, 3, 13, 9))

    report = maintenance.plan_report(plan, date(2025, 3, 20), upcoming=2)
    states = [(row.due, row.state) for row in report.rows]
    assert states == [
        (date(2025, 3, 4), OccurrenceState.ON_TIME),
        (date(2025, 3, 11), OccurrenceState.LATE),
        (date(2025, 3, 18), OccurrenceState.MISSED),
        (date(2025, 3, 25), OccurrenceState.UPCOMING),
        (date(2025, 4, 1), OccurrenceState.UPCOMING),
    ]
    assert report.rows[2].ticket == missed
    assert report.rows[3].ticket is None
    assert report.counts == {
        OccurrenceState.ON_TIME: 1,
        OccurrenceState.LATE: 1,
        OccurrenceState.MISSED: 1,
        OccurrenceState.UPCOMING: 2,
    }
    assert report.done_share == 33
    assert str(report.rows[0].state_label)


def test_report_counts_an_occurrence_that_never_got_a_ticket_as_missed(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    report = maintenance.plan_report(plan, date(2025, 3, 12), upcoming=1)
    assert [(row.due, row.state, row.ticket) for row in report.rows] == [
        (date(2025, 3, 4), OccurrenceState.MISSED, None),
        (date(2025, 3, 11), OccurrenceState.MISSED, None),
        (date(2025, 3, 18), OccurrenceState.UPCOMING, None),
    ]


def test_report_of_a_plan_that_has_not_started(desk):
    plan = make_plan(desk, starts_on=date(2025, 3, 1))
    report = maintenance.plan_report(plan, date(2025, 2, 1) - timedelta(days=1))
    assert [row.state for row in report.rows] == [OccurrenceState.UPCOMING] * 3
    assert report.done_share is None
