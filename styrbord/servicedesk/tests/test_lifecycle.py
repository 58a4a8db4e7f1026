"""A ticket's life through the services: the governing level, SLA clocks with pause, reopening and
reclassification, the at-risk instant, the priority matrix, assignment and the timeline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from styrbord.core.testing import make_person
from styrbord.finance.models import Subscription
from styrbord.servicedesk import desk, services
from styrbord.servicedesk.choices import SlaState
from styrbord.servicedesk.models import DeskSettings, PriorityRule, Ticket, TicketEvent

from .builders import (
    catalogue,
    english,  # noqa: F401  (autouse: pages in English)
    ticket,
)

HOUR = timedelta(hours=1)


@pytest.fixture
def cat(world):
    # 24/7: P3 (medium × medium) has a 3 h response and a 24 h resolution target.
    return catalogue(world.org, response_minutes=60, resolution_minutes=8 * 60)


@pytest.fixture
def start():
    return (timezone.now() - timedelta(days=3)).replace(microsecond=0)


def test_the_department_subscription_governs_else_the_default_level(world, cat):
    from styrbord.catalog.models import ServiceLevel

    better = ServiceLevel.objects.create(service=cat.service, name="Utökad", calendar=cat.calendar)
    assert services.governing_level(world.unit, cat.service) == cat.level
    Subscription.objects.create(
        organisation=world.org,
        department=world.branch,
        service=cat.service,
        level=better,
        quantity=10,
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    # The unit has no subscription of its own: the branch above it has.
    assert services.governing_level(world.unit, cat.service) == better
    assert services.governing_level(world.other_branch, cat.service) == cat.level
    assert ticket(world, service=cat.service).level == better


def test_deadlines_and_the_at_risk_instant(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    assert one.priority == 3
    assert one.respond_by == start + 3 * HOUR
    assert one.resolve_by == start + 24 * HOUR
    assert one.at_risk_at == start + 18 * HOUR  # 75 % of 24 h


def test_the_database_and_python_agree_on_the_sla_state(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    for offset, expected in (
        (1, SlaState.OK),
        (18, SlaState.AT_RISK),
        (23.9, SlaState.AT_RISK),
        (24, SlaState.BREACHED),
    ):
        now = start + timedelta(hours=offset)
        assert one.sla_state_at(now) == expected
        assert Ticket.objects.with_sla_state(now).get(pk=one.pk).sla == expected
        assert set(Ticket.objects.in_sla_state(expected, now).values_list("pk", flat=True)) == {one.pk}


def test_waiting_pauses_the_clock_and_keeps_the_consumed_time(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    staff = world.users["it_staff"]
    one = services.change_status(one, "waiting", acting_user=staff, now=start + 2 * HOUR)
    assert one.sla_paused and one.resolve_by is None and one.at_risk_at is None
    assert one.sla_state_at(start + 30 * HOUR) == SlaState.PAUSED
    one = services.change_status(one, "in_progress", acting_user=staff, now=start + 10 * HOUR)
    assert one.resolution_consumed_seconds == 2 * 3600
    assert one.resolve_by == start + 32 * HOUR  # 22 h left from hour 10
    assert one.at_risk_at == start + 26 * HOUR


def test_the_time_a_ticket_was_resolved_does_not_count_after_reopening(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    staff = world.users["it_staff"]
    one = services.change_status(one, "resolved", acting_user=staff, now=start + 4 * HOUR)
    assert one.resolution_met is True and one.resolution_business_minutes == 240
    one = services.change_status(one, "in_progress", acting_user=world.users["employee"], now=start + 30 * HOUR)
    assert one.resolution_consumed_seconds == 4 * 3600
    assert one.resolve_by == start + 50 * HOUR  # 20 h left from hour 30
    assert one.resolved_at is None and one.resolution_met is None


def test_reclassifying_keeps_what_the_clock_consumed(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    one = services.reclassify(one, acting_user=world.users["it_staff"], impact=1, urgency=1, now=start + 2 * HOUR)
    assert one.priority == 1
    assert one.resolve_by == start + 8 * HOUR  # P1: 8 h in all, 2 h used
    assert TicketEvent.objects.filter(ticket=one, kind="priority").exists()


def test_a_new_at_risk_share_moves_open_tickets(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    desk.update_desk_settings(world.org, acting_user=world.users["it_head"], at_risk_percent=50)
    one.refresh_from_db()
    assert one.at_risk_at == start + 12 * HOUR
    assert ticket(world, service=cat.service, reported_at=start).at_risk_at == start + 12 * HOUR


def test_a_calendar_change_recomputes_the_at_risk_instant_too(world, cat, start):
    one = ticket(world, service=cat.service, reported_at=start)
    Ticket.objects.filter(pk=one.pk).update(at_risk_at=None, resolve_by=None)
    assert services.recompute_for_calendar(cat.calendar) == 1
    one.refresh_from_db()
    assert one.resolve_by == start + 24 * HOUR and one.at_risk_at == start + 18 * HOUR


def test_the_organisations_priority_matrix(world, cat):
    matrix = desk.priority_matrix(world.org)
    matrix[(2, 2)] = 2
    desk.update_desk_settings(world.org, acting_user=world.users["it_head"], matrix=matrix)
    assert PriorityRule.objects.filter(organisation=world.org).count() == 9
    assert ticket(world, service=cat.service).priority == 2
    assert desk.priority_matrix(world.other_org)[(2, 2)] == 3


def test_report_time_cannot_be_in_the_future(world, cat):
    with pytest.raises(ValidationError) as caught:
        ticket(world, service=cat.service, reported_at=timezone.now() + HOUR)
    assert "reported_at" in caught.value.message_dict


def test_reporter_must_be_a_member_and_assignee_staff(world, cat):
    with pytest.raises(ValidationError) as caught:
        ticket(world, reporter="stranger")
    assert "reporter" in caught.value.message_dict
    one = ticket(world, service=cat.service)
    with pytest.raises(ValidationError) as caught:
        services.assign(one, acting_user=world.users["it_head"], assignee=world.users["finance"])
    assert "assignee" in caught.value.message_dict
    one = services.assign(one, acting_user=world.users["it_head"], assignee=world.users["it_staff"])
    assert one.status == "assigned"


def test_bulk_assignment_is_all_or_nothing(world, cat):
    tickets = [ticket(world, service=cat.service) for _ in range(3)]
    with pytest.raises(ValidationError):
        desk.bulk_assign(tickets, acting_user=world.users["support_lead"], assignee=world.users["employee"])
    assert not Ticket.objects.filter(assignee__isnull=False).exists()
    other_queue = catalogue(world.org).area
    desk.bulk_assign(
        tickets, acting_user=world.users["support_lead"], assignee=world.users["it_staff"], queue=other_queue
    )
    assert Ticket.objects.filter(assignee=world.users["it_staff"], queue=other_queue, status="assigned").count() == 3


def test_queue_members_are_desk_staff(world, cat):
    with pytest.raises(ValidationError) as caught:
        desk.add_queue_member(acting_user=world.users["it_head"], area=cat.area, user=world.users["finance"])
    assert "user" in caught.value.message_dict
    member = desk.add_queue_member(acting_user=world.users["it_head"], area=cat.area, user=world.users["it_staff"])
    promoted = desk.add_queue_member(
        acting_user=world.users["it_head"], area=cat.area, user=world.users["it_staff"], is_lead=True
    )
    assert promoted.pk == member.pk and promoted.is_lead


def test_the_timeline_tells_what_happened(world, cat):
    one = ticket(world, service=cat.service)
    staff = world.users["it_staff"]
    services.assign(one, acting_user=staff, assignee=staff)
    services.add_comment(one, acting_user=staff, body="Vi kommer", is_public=True)
    services.add_comment(one, acting_user=staff, body="Intern", is_public=False)
    services.record_time(one, acting_user=staff, minutes=15)
    kinds = list(TicketEvent.objects.filter(ticket=one).values_list("kind", flat=True))
    assert kinds == ["created", "assigned", "reply", "note", "time"]
    reporter_view = TicketEvent.objects.restrict(world.users["employee"]).filter(ticket=one)
    assert list(reporter_view.values_list("kind", flat=True)) == ["created", "assigned", "reply"]


def test_employees_in_other_departments_are_not_told(world, cat):
    DeskSettings.objects.create(organisation=world.org, employees_see_department_tickets=True)
    outsider = make_person(world.org, department=world.other_branch)
    one = ticket(world, service=cat.service)
    assert not Ticket.objects.restrict(outsider).filter(pk=one.pk).exists()
    assert not outsider.has_perm("servicedesk.view_ticket", one)
