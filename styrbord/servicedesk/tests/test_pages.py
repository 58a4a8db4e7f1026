"""The service desk's pages: the portal, the staff's ticket page and queue, plans, settings, navigation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from styrbord.core.testing import ANONYMOUS, SUBJECTS, make_person
from styrbord.finance.models import Subscription
from styrbord.servicedesk import services
from styrbord.servicedesk.models import DeskSettings, MaintenancePlan, PriorityRule, QueueMember, Ticket, TimeEntry

from .builders import (
    STAFF,
    catalogue,
    english,  # noqa: F401  (autouse: pages in English)
    plan,
    ticket,
)

READERS = STAFF | {"employee", "department_head"}


@pytest.fixture
def cat(world):
    return catalogue(world.org)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# Who gets a ticket's pages


@pytest.mark.parametrize("subject", SUBJECTS)
def test_ticket_pages_by_role(world, cat, subject):
    one = ticket(world, service=cat.service)
    client = Client()
    if subject != ANONYMOUS:
        client.force_login(world.users[subject])
    detail = client.get(one.get_absolute_url())
    history = client.get(reverse("servicedesk:ticket_history", args=[one.pk]))
    if subject == ANONYMOUS:
        assert detail.status_code == 302 and history.status_code == 302
    elif subject in STAFF:
        assert detail.status_code == 200 and history.status_code == 200
        assert "servicedesk/ticket_staff.html" in [t.name for t in detail.templates]
    elif subject in READERS:
        assert detail.status_code == 200 and history.status_code == 403
        assert "servicedesk/ticket_portal.html" in [t.name for t in detail.templates]
    else:
        assert detail.status_code == 404 and history.status_code == 404


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("ticket_classify", STAFF),
        ("ticket_assign", STAFF),
        ("ticket_status", STAFF),
        ("ticket_time", STAFF),
        ("ticket_link", STAFF),
        ("ticket_reply", STAFF | {"employee"}),
        ("ticket_attach", STAFF | {"employee"}),
    ],
)
def test_ticket_actions_by_role(world, cat, client_as, name, allowed):
    one = ticket(world, service=cat.service)
    for role in ("it_staff", "employee", "department_head", "finance", "stranger"):
        response = client_as(role).post(reverse(f"servicedesk:{name}", args=[one.pk]), {})
        if role in allowed:
            # Allowed: the empty form has errors, except assignment, where empty means "unassign".
            assert response.status_code == (302 if name == "ticket_assign" else 400), (name, role)
        elif role in READERS:
            assert response.status_code == 403, (name, role)
        else:
            assert response.status_code == 404, (name, role)


# ---------------------------------------------------------------------------------------------
# The portal


def test_report_a_problem(world, client_as, cat):
    client = client_as("employee")
    form = page(client, reverse("servicedesk:report"))
    assert 'for="id_title"' in form and "How urgent is it?" in form
    missing = client.post(reverse("servicedesk:report"), {"title": "", "impact": 2, "urgency": 2})
    assert missing.status_code == 200 and "title" in missing.context["form"].errors
    assert not Ticket.objects.exists()
    response = client.post(
        reverse("servicedesk:report"),
        {"title": "Wifi i matsalen", "description": "Inget nät", "service": cat.service.pk, "impact": 3, "urgency": 1},
    )
    created = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.kind == "incident" and created.reporter == world.users["employee"]
    assert created.department == world.unit and created.queue == cat.area and created.priority == 3


def test_order_from_the_catalogue_with_the_service_chosen(world, client_as, cat):
    cat.service.summary = "En bärbar dator med dockningsstation"
    cat.service.save()
    client = client_as("employee")
    url = reverse("servicedesk:request") + f"?service={cat.service.pk}"
    shown = page(client, url)
    assert "En bärbar dator med dockningsstation" in shown
    assert f'<option value="{cat.service.pk}" selected>' in shown
    no_service = client.post(reverse("servicedesk:request"), {"title": "Dator", "urgency": 2})
    assert "service" in no_service.context["form"].errors
    client.post(url, {"service": cat.service.pk, "title": "Dator till nyanställd", "urgency": 2})
    created = Ticket.objects.get()
    assert created.kind == "request" and created.service == cat.service


def test_my_cases_and_the_departments_tab(world, client_as, cat):
    mine = ticket(world, service=cat.service)
    services.change_status(mine, "waiting", acting_user=world.users["it_staff"])
    theirs = ticket(world, reporter=make_person(world.org, department=world.unit))
    shown = page(client_as("employee"), reverse("servicedesk:my_tickets"))
    assert mine.title in shown and theirs.title not in shown
    assert "your answer is needed" in shown
    assert "My departments' tickets" not in shown
    head = client_as("department_head")
    assert "My departments' tickets" in page(head, reverse("servicedesk:my_tickets"))
    departments = page(head, reverse("servicedesk:my_tickets") + "?scope=departments")
    assert mine.title in departments and theirs.title in departments


def test_reporter_follows_replies_and_reopens(world, client_as, cat):
    mine = ticket(world, service=cat.service)
    staff = world.users["it_staff"]
    services.add_comment(mine, acting_user=staff, body="Har du startat om?")
    services.add_comment(mine, acting_user=staff, body="Användaren verkar ha fel behörighet", is_public=False)
    client = client_as("employee")
    shown = page(client, mine.get_absolute_url())
    assert "Har du startat om?" in shown and "fel behörighet" not in shown
    assert "Reopen the ticket" not in shown
    assert client.post(reverse("servicedesk:ticket_reopen", args=[mine.pk])).status_code == 403
    reply = client.post(reverse("servicedesk:ticket_reply", args=[mine.pk]), {"reply-body": "Ja, två gånger."})
    assert reply.status_code == 302
    assert mine.comments.filter(author=world.users["employee"], is_public=True).exists()
    internal = client.post(
        reverse("servicedesk:ticket_reply", args=[mine.pk]), {"reply-body": "x", "reply-internal": "on"}
    )
    assert internal.status_code == 302 and not mine.comments.filter(body="x", is_public=False).exists()
    services.change_status(mine, "resolved", acting_user=staff)
    assert "Reopen the ticket" in page(client, mine.get_absolute_url())
    client.post(reverse("servicedesk:ticket_reopen", args=[mine.pk]), {"reason": "Samma fel igen"})
    mine.refresh_from_db()
    assert mine.status == "in_progress"
    assert "Samma fel igen" in page(client, mine.get_absolute_url())


def test_planned_maintenance_that_affects_me(world, client_as):
    subscribed = catalogue(world.org)
    other = catalogue(world.org)
    Subscription.objects.create(
        organisation=world.org,
        department=world.branch,
        service=subscribed.service,
        quantity=1,
        valid_from=timezone.localdate() - timedelta(days=10),
    )
    soon = timezone.localdate() + timedelta(days=3)
    mine = ticket(
        world, reporter="it_staff", kind="maintenance", service=subscribed.service, title="Uppgradera servern"
    )
    Ticket.objects.filter(pk=mine.pk).update(occurrence=soon)
    ticket(world, reporter="it_staff", kind="maintenance", service=other.service, title="Byt switch")
    shown = page(client_as("employee"), reverse("servicedesk:planned_maintenance"))
    assert "Uppgradera servern" in shown and soon.isoformat() in shown
    assert "Byt switch" not in shown


# ---------------------------------------------------------------------------------------------
# The staff's ticket page


def test_staff_ticket_page_shows_sla_timeline_and_forms(world, client_as, cat):
    one = ticket(world, service=cat.service)
    staff = world.users["it_staff"]
    services.add_comment(one, acting_user=staff, body="Kontrollerade loggarna", is_public=False)
    services.record_time(one, acting_user=staff, minutes=20, note="Felsökning")
    shown = page(client_as("support_lead"), one.get_absolute_url())
    assert "<progress" in shown and "% of the business time" in shown
    assert "On track" in shown  # the SLA state as text
    assert "Internal" in shown and "Kontrollerade loggarna" in shown
    assert "Felsökning" in shown and "20 minutes recorded" in shown
    for button in ("Set to: In progress", "Set to: Waiting for reporter", "Set to: Resolved"):
        assert button in shown
    for label in (
        'for="id_classify-impact"',
        'for="id_assign-assignee"',
        'for="id_time-minutes"',
        'for="id_link-target"',
    ):
        assert label in shown


def test_staff_work_the_ticket_through_the_page(world, client_as, cat):
    one = ticket(world, service=cat.service)
    client = client_as("it_staff")
    url = lambda name: reverse(f"servicedesk:{name}", args=[one.pk])  # noqa: E731
    client.post(url("ticket_assign"), {"assign-queue": cat.area.pk, "assign-assignee": world.users["it_staff"].pk})
    client.post(url("ticket_status"), {"status-status": "in_progress", "status-text": "Påbörjad"})
    client.post(
        url("ticket_classify"),
        {
            "classify-kind": "incident",
            "classify-title": one.title,
            "classify-description": "",
            "classify-service": cat.service.pk,
            "classify-department": world.unit.pk,
            "classify-impact": 1,
            "classify-urgency": 1,
        },
    )
    other = ticket(world, service=cat.service)
    client.post(url("ticket_link"), {"link-kind": "duplicate_of", "link-target": f"#{other.pk}"})
    client.post(url("ticket_time"), {"time-minutes": 45, "time-date": timezone.localdate().isoformat()})
    one.refresh_from_db()
    assert one.assignee == world.users["it_staff"] and one.status == "in_progress" and one.priority == 1
    assert one.links_from.get().target == other
    assert TimeEntry.objects.get(ticket=one).minutes == 45
    shown = page(client, one.get_absolute_url())
    assert "Påbörjad" in shown and f"duplicate of #{other.pk}" in shown


def test_bad_input_on_the_ticket_page_names_the_field(world, client_as, cat):
    one = ticket(world, service=cat.service)
    client = client_as("it_staff")
    unknown = client.post(
        reverse("servicedesk:ticket_link", args=[one.pk]), {"link-kind": "caused_by", "link-target": "#999999"}
    )
    assert unknown.status_code == 400
    assert "There is no ticket #999999" in unknown.content.decode()
    bad_status = client.post(reverse("servicedesk:ticket_status", args=[one.pk]), {"status-status": "new"})
    assert bad_status.status_code == 400 and "status" in bad_status.context["status_form"].errors
    future = client.post(
        reverse("servicedesk:ticket_time", args=[one.pk]),
        {"time-minutes": 5, "time-date": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert future.status_code == 400 and "date" in future.context["time_form"].errors
    assert not TimeEntry.objects.exists()


def test_staff_log_a_phone_call_but_not_in_the_future(world, client_as, cat):
    client = client_as("it_staff")
    data = {
        "kind": "incident",
        "reporter": world.users["employee"].pk,
        "title": "Ringde om lösenord",
        "impact": 3,
        "urgency": 2,
        "channel": "phone",
        "reported_at": (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }
    refused = client.post(reverse("servicedesk:ticket_create"), data)
    assert refused.status_code == 200 and "reported_at" in refused.context["form"].errors
    data["reported_at"] = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("servicedesk:ticket_create"), data)
    created = Ticket.objects.get()
    assert created.channel == "phone" and created.reporter == world.users["employee"]
    assert created.created_by == world.users["it_staff"] and created.reported_at < timezone.now() - timedelta(hours=1)


# ---------------------------------------------------------------------------------------------
# The queue


def test_queue_shows_open_tickets_nearest_deadline_first_with_sla_as_text(world, client_as, cat):
    now = timezone.now()
    late = ticket(world, service=cat.service, title="Sen")
    early = ticket(world, service=cat.service, title="Tidig")
    done = ticket(world, service=cat.service, title="Klar")
    Ticket.objects.filter(pk=late.pk).update(resolve_by=now - timedelta(minutes=1))
    Ticket.objects.filter(pk=early.pk).update(resolve_by=now + timedelta(days=3), at_risk_at=now + timedelta(days=2))
    services.change_status(done, "resolved", acting_user=world.users["it_staff"])
    response = client_as("it_staff").get(reverse("servicedesk:queue"))
    tickets = list(response.context["object_list"])
    assert tickets == [Ticket.objects.get(pk=late.pk), Ticket.objects.get(pk=early.pk)]
    shown = response.content.decode()
    assert "Breached" in shown and "On track" in shown
    assert f'<label for="select-{late.pk}" class="visually-hidden">' in shown
    everything = client_as("it_staff").get(reverse("servicedesk:queue"), {"status": ""})
    assert len(everything.context["object_list"]) == 3
    breached = client_as("it_staff").get(reverse("servicedesk:queue"), {"sla_state": "breached"})
    assert [t.pk for t in breached.context["object_list"]] == [late.pk]


def test_queue_search(world, client_as, cat):
    hit = ticket(world, title="Skrivaren på plan 2")
    ticket(world, title="Telefonen")
    services.add_comment(ticket(world, title="Annat"), acting_user=world.users["it_staff"], body="skrivaren igen")
    response = client_as("it_staff").get(reverse("servicedesk:queue"), {"q": "skrivaren"})
    assert {t.title for t in response.context["object_list"]} == {hit.title, "Annat"}


def test_queue_page_queries_are_constant(world, client_as, cat):
    client = client_as("it_staff")
    for _ in range(5):
        services.assign(
            ticket(world, service=cat.service), acting_user=world.users["it_head"], assignee=world.users["it_staff"]
        )

    def count():
        client.get(reverse("servicedesk:queue"))  # steady state: what people and roles allow is read already
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("servicedesk:queue")).status_code == 200
        return len(captured)

    few = count()
    for _ in range(25):
        one = ticket(
            world, service=catalogue(world.org).service, reporter=make_person(world.org, department=world.branch)
        )
        services.assign(one, acting_user=world.users["it_head"], assignee=world.users["support_lead"])
    assert count() == few


def test_bulk_assign(world, client_as, cat):
    tickets = [ticket(world, service=cat.service) for _ in range(3)]
    other_queue = catalogue(world.org).area
    client = client_as("support_lead")
    response = client.post(
        reverse("servicedesk:bulk_assign"),
        {"tickets": [t.pk for t in tickets[:2]], "assignee": world.users["it_staff"].pk, "queue": other_queue.pk},
    )
    assert response.status_code == 302
    assigned = Ticket.objects.filter(assignee=world.users["it_staff"])
    assert set(assigned.values_list("pk", flat=True)) == {tickets[0].pk, tickets[1].pk}
    assert all(t.queue == other_queue for t in assigned)
    nothing = client.post(reverse("servicedesk:bulk_assign"), {"assignee": world.users["it_staff"].pk}, follow=True)
    assert "Select at least one ticket." in nothing.content.decode()
    assert client_as("employee").post(reverse("servicedesk:bulk_assign"), {}).status_code == 403


def test_my_work(world, client_as, cat):
    QueueMember.objects.create(area=cat.area, user=world.users["it_staff"])
    mine = ticket(world, service=cat.service, title="Min")
    services.assign(mine, acting_user=world.users["it_head"], assignee=world.users["it_staff"])
    waiting = ticket(world, service=cat.service, title="Oplockad")
    ticket(world, service=catalogue(world.org).service, title="Annan kö")
    response = client_as("it_staff").get(reverse("servicedesk:my_work"))
    assert [t.pk for t in response.context["assigned"]] == [mine.pk]
    assert [t.pk for t in response.context["unassigned"]] == [waiting.pk]


# ---------------------------------------------------------------------------------------------
# Plans, settings, queue membership


def test_maintenance_plan_pages(world, client_as, cat):
    client = client_as("it_staff")
    data = {
        "title": "Testa reservkraft",
        "description": "Starta elverket.",
        "queue": cat.area.pk,
        "recurrence": "monthly_weekday",
        "interval": 1,
        "weekday": 2,
        "week_of_month": 1,
        "starts_on": "2027-01-01",
        "lead_days": 7,
        "is_active": "on",
    }
    incomplete = client.post(reverse("servicedesk:plan_create"), {**data, "week_of_month": ""})
    assert incomplete.status_code == 200 and "week_of_month" in incomplete.context["form"].errors
    response = client.post(reverse("servicedesk:plan_create"), data)
    created = MaintenancePlan.objects.get()
    assert response["Location"] == created.get_absolute_url()
    client.post(reverse("servicedesk:plan_edit", args=[created.pk]), {**data, "title": "Testa elverket"})
    created.refresh_from_db()
    assert created.title == "Testa elverket"
    assert "Testa elverket" in page(client, reverse("servicedesk:plan_list"))
    assert "Testa reservkraft" in page(client, reverse("servicedesk:plan_history", args=[created.pk]))
    page(client_as("employee"), reverse("servicedesk:plan_detail", args=[plan(world).pk]), status=403)


def test_head_of_it_sets_the_matrix_and_the_settings(world, client_as, cat):
    client = client_as("it_head")
    shown = page(client, reverse("servicedesk:desk_settings"))
    assert "Priority when impact is high and urgency is low" in shown and 'scope="row"' in shown
    data = {
        "reference_prefix": "IT",
        "at_risk_percent": 60,
        "escalate_after_breach_minutes": 120,
        "auto_close_business_days": 3,
        "employees_see_department_tickets": "on",
    }
    for impact in (1, 2, 3):
        for urgency in (1, 2, 3):
            data[f"cell_{impact}_{urgency}"] = 1 if (impact, urgency) == (3, 3) else 4
    response = client.post(reverse("servicedesk:desk_settings"), data)
    assert response.status_code == 302
    settings = DeskSettings.objects.get(organisation=world.org)
    assert settings.at_risk_percent == 60 and settings.employees_see_department_tickets
    assert PriorityRule.objects.get(organisation=world.org, impact=3, urgency=3).priority == 1
    bad = client.post(reverse("servicedesk:desk_settings"), {**data, "at_risk_percent": 150})
    assert bad.status_code == 200 and "at_risk_percent" in bad.context["form"].errors
    assert client_as("support_lead").get(reverse("servicedesk:desk_settings")).status_code == 403


def test_queue_membership_page(world, client_as, cat):
    client = client_as("support_lead")
    response = client.post(
        reverse("servicedesk:queue_members"), {"area": cat.area.pk, "user": world.users["it_staff"].pk, "is_lead": "on"}
    )
    assert response.status_code == 302
    member = QueueMember.objects.get()
    assert member.is_lead
    shown = page(client, reverse("servicedesk:queue_members"))
    assert "queue lead" in shown and "0 open tickets" in shown
    not_staff = client.post(
        reverse("servicedesk:queue_members"), {"area": cat.area.pk, "user": world.users["finance"].pk}
    )
    assert not_staff.status_code == 400
    assert client_as("it_staff").post(reverse("servicedesk:queue_members"), {"remove": member.pk}).status_code == 403
    client_as("support_lead").post(reverse("servicedesk:queue_members"), {"remove": member.pk})
    assert not QueueMember.objects.exists()


# ---------------------------------------------------------------------------------------------
# Navigation and the home page


def test_navigation_by_role(world, client_as):
    employee = page(client_as("employee"), reverse("core:home"))
    assert reverse("servicedesk:my_tickets") in employee and reverse("servicedesk:report") in employee
    assert reverse("servicedesk:queue") not in employee
    staff = page(client_as("it_staff"), reverse("core:home"))
    for name in ("queue", "my_work", "plan_list"):
        assert reverse(f"servicedesk:{name}") in staff


def test_home_page_attention(world, client_as, cat):
    mine = ticket(world, service=cat.service)
    services.change_status(mine, "waiting", acting_user=world.users["it_staff"])
    assert "1 of your tickets waits for your answer" in page(client_as("employee"), reverse("core:home"))
    late = ticket(world, service=cat.service)
    services.assign(late, acting_user=world.users["it_head"], assignee=world.users["it_staff"])
    Ticket.objects.filter(pk=late.pk).update(resolve_by=timezone.now() - timedelta(hours=1))
    staff_home = page(client_as("it_staff"), reverse("core:home"))
    assert "1 ticket of yours is past its resolution target" in staff_home
    assert "past its resolution target" not in page(client_as("support_lead"), reverse("core:home"))
