"""The periodic tasks: SLA risk, breach and escalation notices; closing resolved tickets; each safe twice."""

from datetime import timedelta

import pytest
from django.core import mail

from styrbord.servicedesk import services, tasks
from styrbord.servicedesk.choices import EventKind, TicketStatus
from styrbord.servicedesk.models import DeskSettings, SurveyAnswer, Ticket

from .desk_world import at, build_desk


@pytest.fixture
def desk(world):
    return build_desk(world)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a task as the worker would: what it schedules after its commits is carried out."""

    def call(task, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return task.call_local(**kwargs)

    return call


def report(desk, reported_at, **fields):
    fields.setdefault("service", desk.laptop)
    fields.setdefault("assignee", desk.staff)
    return services.create_ticket(
        acting_user=desk.reporter,
        organisation=desk.org,
        reporter=desk.reporter,
        title="Wifi i aulan fungerar inte",
        reported_at=reported_at,
        notify=False,
        **fields,
    )


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def subjects():
    return [message.subject for message in mail.outbox]


# SLA notices ----------------------------------------------------------------------------------


def test_at_risk_then_breached_then_escalated_each_once(desk, run):
    # Monday 09:00, P3: 24 business hours to resolve, i.e. by Wednesday 15:00; at risk from 75 %.
    ticket = report(desk, at(2025, 11, 24, 9))
    assert ticket.resolve_by == at(2025, 11, 26, 15)

    assert run(tasks.check_sla, now=at(2025, 11, 25, 12)) == {"at_risk": 0, "breached": 0, "escalated": 0}
    assert mail.outbox == []

    assert run(tasks.check_sla, now=at(2025, 11, 26, 9))["at_risk"] == 1
    assert recipients() == sorted([desk.staff.email, desk.lead.email])
    assert all(subject.startswith(f"[#{ticket.pk}] ") for subject in subjects())
    assert run(tasks.check_sla, now=at(2025, 11, 26, 9, 5)) == {"at_risk": 0, "breached": 0, "escalated": 0}

    mail.outbox.clear()
    assert run(tasks.check_sla, now=at(2025, 11, 26, 15))["breached"] == 1
    assert recipients() == sorted([desk.staff.email, desk.lead.email])
    assert run(tasks.check_sla, now=at(2025, 11, 26, 16))["breached"] == 0

    # Escalation after 240 business minutes past the deadline: Wednesday 15–17 and Thursday 08–10.
    mail.outbox.clear()
    assert run(tasks.check_sla, now=at(2025, 11, 27, 10))["escalated"] == 0
    assert run(tasks.check_sla, now=at(2025, 11, 27, 10, 1))["escalated"] == 1
    assert recipients() == [desk.it_head.email]
    assert run(tasks.check_sla, now=at(2025, 11, 27, 12)) == {"at_risk": 0, "breached": 0, "escalated": 0}

    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.risk_notified_at == at(2025, 11, 26, 9)
    assert ticket.breach_notified_at == at(2025, 11, 26, 15)
    assert ticket.escalated_at == at(2025, 11, 27, 10, 1)
    (event,) = ticket.events.filter(kind=EventKind.ESCALATED)
    assert event.data == {"overdue_minutes": 241}
    assert ticket.history.filter(escalated_at__isnull=False).exists()


def test_a_ticket_found_already_breached_gets_no_at_risk_notice_afterwards(desk, run):
    ticket = report(desk, at(2025, 11, 24, 9))
    assert run(tasks.check_sla, now=at(2025, 11, 26, 16))["breached"] == 1
    assert run(tasks.check_sla, now=at(2025, 11, 26, 16, 5)) == {"at_risk": 0, "breached": 0, "escalated": 0}
    assert len(mail.outbox) == 2  # the assignee and the queue lead, once
    assert Ticket.objects.get(pk=ticket.pk).risk_notified_at is not None


def test_the_organisations_settings_decide_risk_and_escalation(desk, run):
    DeskSettings.objects.create(organisation=desk.org, at_risk_percent=50, escalate_after_breach_minutes=30)
    report(desk, at(2025, 11, 24, 9))
    assert run(tasks.check_sla, now=at(2025, 11, 25, 13))["at_risk"] == 1  # 12 of 24 hours
    assert run(tasks.check_sla, now=at(2025, 11, 26, 15, 31))["escalated"] == 1


def test_paused_resolved_and_far_off_tickets_are_left_alone(desk, run):
    waiting = report(desk, at(2025, 11, 24, 9))
    services.change_status(waiting, TicketStatus.WAITING, acting_user=desk.staff, now=at(2025, 11, 24, 10))
    done = report(desk, at(2025, 11, 24, 9))
    services.change_status(done, TicketStatus.RESOLVED, acting_user=desk.staff, now=at(2025, 11, 26, 16))
    report(desk, at(2025, 11, 24, 9), impact=3, urgency=3)  # P4: 40 hours, by Friday 13:00
    assert run(tasks.check_sla, now=at(2025, 11, 26, 12)) == {"at_risk": 0, "breached": 0, "escalated": 0}
    assert mail.outbox == []


def test_without_an_assignee_the_queue_lead_is_told(desk, run):
    report(desk, at(2025, 11, 24, 9), assignee=None)
    run(tasks.check_sla, now=at(2025, 11, 26, 15))
    assert recipients() == [desk.lead.email]


def test_the_check_reads_a_constant_number_of_queries(desk, run, django_assert_max_num_queries):
    tickets = [report(desk, at(2025, 11, 24, 9)) for _ in range(3)]
    run(tasks.check_sla, now=at(2025, 11, 26, 9))  # every one is at risk now, and told so
    for _ in range(20):
        report(desk, at(2025, 11, 24, 9))
    Ticket.objects.update(risk_notified_at=at(2025, 11, 26, 9))
    assert len(tickets) == 3
    with django_assert_max_num_queries(8):
        assert run(tasks.check_sla, now=at(2025, 11, 26, 10)) == {"at_risk": 0, "breached": 0, "escalated": 0}


# Closing resolved tickets ----------------------------------------------------------------------


def resolved_at(desk, when):
    ticket = report(desk, when - timedelta(hours=1))
    return services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff, now=when)


def test_resolved_tickets_close_after_five_business_days_skipping_christmas(desk, run):
    # Resolved Thursday 18 December 2025: Friday 19, Monday 22, Tuesday 23 and (after julafton,
    # juldagen and annandag jul, closed in the level's calendar) Monday 29 and Tuesday 30 December:
    # the fifth business day.
    ticket = resolved_at(desk, at(2025, 12, 18, 10))
    assert run(tasks.auto_close, now=at(2025, 12, 29, 23)) == 0
    assert run(tasks.auto_close, now=at(2025, 12, 30, 0, 7)) == 1
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == TicketStatus.CLOSED
    assert ticket.closed_at == at(2025, 12, 30, 0, 7)
    assert ticket.resolved_at == at(2025, 12, 18, 10)  # the figures of the resolution stay
    event = ticket.events.get(kind=EventKind.STATUS, data__new=TicketStatus.CLOSED)
    assert event.actor is None and "5" in event.text
    # Closing sends the survey.
    assert SurveyAnswer.objects.filter(ticket=ticket).exists()
    assert [message.to for message in mail.outbox] == [[desk.reporter.email]]
    assert run(tasks.auto_close, now=at(2025, 12, 30, 1, 7)) == 0


def test_a_reopened_ticket_is_not_closed(desk, run):
    ticket = resolved_at(desk, at(2025, 12, 1, 10))
    services.change_status(ticket, TicketStatus.IN_PROGRESS, acting_user=desk.reporter, now=at(2025, 12, 2, 10))
    assert run(tasks.auto_close, now=at(2025, 12, 20, 10)) == 0
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.IN_PROGRESS


def test_each_organisation_sets_its_own_number_of_days(desk, world, run):
    DeskSettings.objects.create(organisation=desk.org, auto_close_business_days=1)
    other_reporter = world.users["stranger"]
    mine = resolved_at(desk, at(2025, 12, 1, 10))  # Monday: closes on Tuesday
    theirs = services.create_ticket(
        acting_user=other_reporter,
        organisation=world.other_org,
        reporter=other_reporter,
        title="Telefonen",
        reported_at=at(2025, 12, 1, 9),
        notify=False,
    )
    services.change_status(theirs, TicketStatus.RESOLVED, acting_user=other_reporter, now=at(2025, 12, 1, 10))
    assert run(tasks.auto_close, now=at(2025, 12, 2, 1)) == 1
    assert Ticket.objects.get(pk=mine.pk).status == TicketStatus.CLOSED
    assert Ticket.objects.get(pk=theirs.pk).status == TicketStatus.RESOLVED
    assert run(tasks.auto_close, now=at(2025, 12, 8, 1)) == 1


def test_mail_for_a_ticket_that_is_gone_is_dropped(db):
    assert tasks.send_ticket_mail.call_local("created", 999_999, {}) == 0


def test_no_mail_to_inactive_people_or_people_without_an_address(desk, run):
    desk.staff.is_active = False
    desk.staff.save()
    desk.lead.email = ""
    desk.lead.save()
    report(desk, at(2025, 11, 24, 9))
    run(tasks.check_sla, now=at(2025, 11, 26, 15))
    assert mail.outbox == []
