"""The service desk API: the contract's fields, who sees and does what, and constant query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from styrbord.catalog.models import PriceList
from styrbord.core.testing import ROLES, make_person
from styrbord.organisations import services as org_services
from styrbord.servicedesk import services
from styrbord.servicedesk.models import DeskSettings, QueueMember, Ticket

from .builders import (
    STAFF,
    catalogue,
    english,  # noqa: F401  (autouse: pages in English)
    plan,
    ticket,
)

LIST = reverse("servicedesk-api:ticket-list")


def detail(ticket_or_pk, suffix=""):
    pk = getattr(ticket_or_pk, "pk", ticket_or_pk)
    name = f"servicedesk-api:ticket-{suffix}" if suffix else "servicedesk-api:ticket-detail"
    return reverse(name, args=[pk])


def listed_ids(client, **params):
    response = client.get(LIST, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def cat(world):
    return catalogue(world.org)


# ---------------------------------------------------------------------------------------------
# Create


def test_create_returns_the_read_fields_and_the_requester_reports(world, api_as, cat):
    response = api_as("employee").post(
        LIST,
        {
            "kind": "incident",
            "title": "Skrivaren skriver inte ut",
            "description": "Papper fastnar.",
            "service": cat.service.pk,
            "department": world.unit.pk,
            "impact": 1,
            "urgency": 1,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    for field in (
        "priority",
        "status",
        "respond_by",
        "resolve_by",
        "sla_paused",
        "response_met",
        "resolution_met",
        "sla_state",
    ):
        assert field in body
    assert body["priority"] == 1 and body["status"] == "new"
    assert body["reporter"] == world.users["employee"].pk
    assert body["queue"] == cat.area.pk and body["level"] == cat.level.pk
    assert body["respond_by"] and body["resolve_by"] and body["sla_paused"] is False
    assert body["response_met"] is None and body["sla_state"] == "ok"


def test_staff_log_for_someone_at_an_earlier_time(world, api_as, cat):
    earlier = timezone.now() - timedelta(hours=3)
    response = api_as("it_staff").post(
        LIST,
        {
            "kind": "request",
            "title": "Ny dator",
            "service": cat.service.pk,
            "reporter": world.users["employee"].pk,
            "reported_at": earlier.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = Ticket.objects.get(pk=response.json()["id"])
    assert created.reporter == world.users["employee"] and created.created_by == world.users["it_staff"]
    assert abs(created.reported_at - earlier) < timedelta(seconds=1)
    assert created.department == world.unit  # the reporter's department


def test_report_time_in_the_future_is_refused_on_the_field(world, api_as, cat):
    before = Ticket.objects.count()
    response = api_as("it_staff").post(
        LIST,
        {
            "title": "Framtid",
            "service": cat.service.pk,
            "reported_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "reported_at" in response.json()["errors"]
    assert Ticket.objects.count() == before


@pytest.mark.parametrize("field", ["reporter", "reported_at"])
def test_only_staff_name_another_reporter_or_an_earlier_time(world, api_as, cat, field):
    value = world.users["finance"].pk if field == "reporter" else (timezone.now() - timedelta(days=1)).isoformat()
    response = api_as("employee").post(LIST, {"title": "Hjälp", "service": cat.service.pk, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("field", ["service", "department"])
def test_rows_of_another_organisation_are_refused(world, api_as, field):
    foreign = catalogue(world.other_org).service if field == "service" else world.foreign_department
    response = api_as("it_head").post(LIST, {"title": "Intrång", field: foreign.pk}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_service_and_department_must_agree_on_the_organisation(world, api_as, cat):
    # A head of IT of both organisations can name rows of either, but not mix them.
    org_services.add_membership(acting_user=None, user=world.users["it_head"], organisation=world.other_org)
    response = api_as("it_head").post(
        LIST,
        {"title": "Blandat", "service": cat.service.pk, "department": world.foreign_department.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "service" in response.json()["errors"]


def test_bad_choices_name_their_fields(world, api_as):
    response = api_as("employee").post(LIST, {"title": "", "kind": "nonsense", "impact": 9}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"title", "kind", "impact"}


# ---------------------------------------------------------------------------------------------
# Who sees what


def test_employee_sees_own_and_department_tickets_only_when_the_desk_allows(world, api_as, cat):
    own = ticket(world, service=cat.service)
    colleague = make_person(world.org, department=world.unit)
    colleagues = ticket(world, reporter=colleague, service=cat.service)
    elsewhere = ticket(
        world, reporter=make_person(world.org, department=world.other_branch), department=world.other_branch
    )
    client = api_as("employee")
    assert listed_ids(client) == {own.pk}
    assert client.get(detail(colleagues)).status_code == 404
    DeskSettings.objects.create(organisation=world.org, employees_see_department_tickets=True)
    assert listed_ids(client) == {own.pk, colleagues.pk}
    assert client.get(detail(colleagues)).status_code == 200
    assert client.get(detail(elsewhere)).status_code == 404


def test_department_head_sees_the_subtree_staff_see_all_strangers_nothing(world, api_as, cat):
    in_unit = ticket(world, reporter=make_person(world.org, department=world.unit), service=cat.service)
    in_branch = ticket(world, reporter=make_person(world.org, department=world.branch), department=world.branch)
    outside = ticket(
        world, reporter=make_person(world.org, department=world.other_branch), department=world.other_branch
    )
    assert listed_ids(api_as("department_head")) == {in_unit.pk, in_branch.pk}
    for role in STAFF:
        assert listed_ids(api_as(role)) == {in_unit.pk, in_branch.pk, outside.pk}
    for role in ("finance", "security_coordinator", "management_group", "it_coordinator", "stranger"):
        assert listed_ids(api_as(role)) == set()


@pytest.mark.parametrize("setting", [False, True])
def test_has_perm_and_the_scoped_queryset_agree_for_every_role(world, cat, setting):
    DeskSettings.objects.create(organisation=world.org, employees_see_department_tickets=setting)
    tickets = [
        ticket(world, service=cat.service),
        ticket(world, reporter=make_person(world.org, department=world.unit)),
        ticket(world, reporter=make_person(world.org, department=world.other_branch), department=world.other_branch),
        ticket(world, reporter=make_person(world.org), department=None),
    ]
    for role in [*ROLES, "stranger"]:
        user = world.users[role]
        visible = set(Ticket.objects.restrict(user).values_list("pk", flat=True))
        for one in tickets:
            assert user.has_perm("servicedesk.view_ticket", one) == (one.pk in visible), (role, one)


# ---------------------------------------------------------------------------------------------
# Replies, notes and time


def test_internal_notes_never_reach_the_reporter(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    url = detail(mine, "comments")
    staff = api_as("support_lead")
    assert staff.post(url, {"body": "Vi tittar på det."}, format="json").status_code == 201
    assert (
        staff.post(url, {"body": "Troligen trasig fixeringsenhet.", "is_public": False}, format="json").status_code
        == 201
    )
    reporter = api_as("employee")
    bodies = [c["body"] for c in reporter.get(url).json()]
    assert bodies == ["Vi tittar på det."]
    assert len(staff.get(url).json()) == 2
    assert [c["body"] for c in api_as("department_head").get(url).json()] == ["Vi tittar på det."]
    assert "fixeringsenhet" not in str(reporter.get(detail(mine)).json())


def test_reporter_replies_but_never_writes_internal_notes(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    url = detail(mine, "comments")
    reporter = api_as("employee")
    assert reporter.post(url, {"body": "Den blinkar rött."}, format="json").status_code == 201
    assert reporter.post(url, {"body": "hemligt", "is_public": False}, format="json").status_code == 403
    assert api_as("department_head").post(url, {"body": "Jag med"}, format="json").status_code == 403
    assert api_as("finance").post(url, {"body": "?"}, format="json").status_code == 404
    blank = reporter.post(url, {"body": ""}, format="json")
    assert blank.status_code == 400 and "body" in blank.json()["errors"]


def test_staff_reply_is_the_first_response(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    api_as("it_staff").post(detail(mine, "comments"), {"body": "Hej!"}, format="json")
    body = api_as("employee").get(detail(mine)).json()
    assert body["response_met"] is True


def test_time_entries_are_for_staff_only(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    url = detail(mine, "time-entries")
    staff = api_as("it_staff")
    created = staff.post(url, {"minutes": 30, "note": "Bytte toner"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["user"] == world.users["it_staff"].pk and created.json()["date"]
    assert [e["minutes"] for e in staff.get(url).json()] == [30]
    reporter = api_as("employee")
    assert reporter.get(url).status_code == 403
    assert reporter.post(url, {"minutes": 5}, format="json").status_code == 403
    too_long = staff.post(url, {"minutes": 0}, format="json")
    assert too_long.status_code == 400 and "minutes" in too_long.json()["errors"]
    future = staff.post(url, {"minutes": 5, "date": str(timezone.localdate() + timedelta(days=2))}, format="json")
    assert future.status_code == 400 and "date" in future.json()["errors"]


def test_billable_time_becomes_a_charge_line_on_the_hourly_service(world, api_as, cat):
    from styrbord.catalog.models import Price
    from styrbord.finance.models import ChargeLine

    hourly = catalogue(world.org, unit="hour")
    year = timezone.localdate().year
    prices = PriceList.objects.create(organisation=world.org, year=year, status="published")
    Price.objects.create(price_list=prices, service=hourly.service, level=hourly.level, amount=Decimal("900.00"))
    mine = ticket(world, service=cat.service)  # a monthly service: the work is charged per hour elsewhere
    url = detail(mine, "time-entries")
    staff = api_as("it_staff")
    refused = staff.post(url, {"minutes": 30, "billable": True}, format="json")
    assert refused.status_code == 400 and "billable" in refused.json()["errors"]
    assert not mine.time_entries.exists()
    DeskSettings.objects.create(organisation=world.org, hourly_service=hourly.service)
    created = staff.post(url, {"minutes": 30, "billable": True}, format="json")
    assert created.status_code == 201, created.content
    line = ChargeLine.objects.get(pk=created.json()["charge_line_id"])
    assert line.department == world.unit and line.service == hourly.service
    assert line.amount == Decimal("450.00")


# ---------------------------------------------------------------------------------------------
# Status and assignment


def test_the_workflow_through_the_actions(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    staff = api_as("it_staff")
    reporter = api_as("employee")
    assigned = staff.post(detail(mine, "assign"), {"assignee": world.users["it_staff"].pk}, format="json")
    assert assigned.status_code == 200 and assigned.json()["status"] == "assigned"
    assert reporter.post(detail(mine, "start"), format="json").status_code == 403
    assert staff.post(detail(mine, "start"), format="json").json()["status"] == "in_progress"
    waiting = staff.post(detail(mine, "wait"), {"text": "Vilket rum?"}, format="json").json()
    assert waiting["status"] == "waiting" and waiting["sla_paused"] and waiting["resolve_by"] is None
    assert waiting["sla_state"] == "paused"
    # The reporter's answer restarts the clock.
    reporter.post(detail(mine, "comments"), {"body": "Rum 12."}, format="json")
    resumed = reporter.get(detail(mine)).json()
    assert resumed["status"] == "in_progress" and not resumed["sla_paused"] and resumed["resolve_by"]
    resolved = staff.post(detail(mine, "resolve"), format="json").json()
    assert resolved["status"] == "resolved" and resolved["resolution_met"] is True
    reopened = reporter.post(detail(mine, "reopen"), {"text": "Fortfarande trasig"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "in_progress"
    staff.post(detail(mine, "transition"), {"status": "resolved"}, format="json")
    assert reporter.post(detail(mine, "close"), format="json").status_code == 403
    assert staff.post(detail(mine, "close"), format="json").json()["status"] == "closed"
    again = staff.post(detail(mine, "reopen"), format="json")
    assert again.status_code == 403  # only a resolved ticket is reopened


def test_a_transition_the_workflow_does_not_allow_names_the_status(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    response = api_as("it_staff").post(detail(mine, "transition"), {"status": "bogus"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    services.change_status(mine, "resolved", acting_user=world.users["it_staff"])
    services.change_status(mine, "closed", acting_user=world.users["it_staff"])
    closed = api_as("it_staff").post(detail(mine, "transition"), {"status": "in_progress"}, format="json")
    assert closed.status_code == 400 and "status" in closed.json()["errors"]
    reporter = api_as("employee").post(detail(mine, "transition"), {"status": "waiting"}, format="json")
    assert reporter.status_code == 403


def test_only_staff_are_assigned_and_only_staff_assign(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    url = detail(mine, "assign")
    refused = api_as("it_head").post(url, {"assignee": world.users["finance"].pk}, format="json")
    assert refused.status_code == 400 and "assignee" in refused.json()["errors"]
    assert api_as("employee").post(url, {"assignee": world.users["it_staff"].pk}, format="json").status_code == 403
    other_queue = catalogue(world.org).area
    moved = api_as("support_lead").post(url, {"assignee": None, "queue": other_queue.pk}, format="json")
    assert moved.status_code == 200 and moved.json()["queue"] == other_queue.pk


def test_staff_reclassify_and_the_priority_follows(world, api_as, cat):
    mine = ticket(world, service=cat.service)
    response = api_as("it_staff").patch(detail(mine), {"impact": 1, "urgency": 1}, format="json")
    assert response.status_code == 200 and response.json()["priority"] == 1
    assert api_as("employee").patch(detail(mine), {"impact": 1}, format="json").status_code == 403


# ---------------------------------------------------------------------------------------------
# The list: filters, order, search and query counts


def _set(one, **fields):
    Ticket.objects.filter(pk=one.pk).update(**fields)


def test_sla_state_filter_and_order_by_nearest_deadline(world, api_as, cat):
    now = timezone.now()
    breached, at_risk, ok, paused, no_target = (ticket(world, service=cat.service) for _ in range(5))
    _set(breached, resolve_by=now - timedelta(minutes=5), at_risk_at=now - timedelta(hours=1))
    _set(at_risk, resolve_by=now + timedelta(minutes=30), at_risk_at=now - timedelta(minutes=1))
    _set(ok, resolve_by=now + timedelta(hours=5), at_risk_at=now + timedelta(hours=4))
    _set(paused, status="waiting", sla_paused_at=now, resolve_by=None, at_risk_at=None)
    _set(no_target, resolve_by=None, at_risk_at=None, respond_by=None)
    client = api_as("support_lead")
    for state, expected in (
        ("breached", breached),
        ("at_risk", at_risk),
        ("ok", ok),
        ("paused", paused),
        ("none", no_target),
    ):
        assert listed_ids(client, sla_state=state) == {expected.pk}, state
        assert client.get(detail(expected)).json()["sla_state"] == state
    order = [row["id"] for row in client.get(LIST).json()["results"]]
    assert order[:3] == [breached.pk, at_risk.pk, ok.pk]
    assert set(order[3:]) == {paused.pk, no_target.pk}
    assert client.get(LIST, {"sla_state": "bogus"}).status_code == 400


def test_filters_by_queue_status_priority_department_and_assignee(world, api_as, cat):
    other = catalogue(world.org)
    a = ticket(world, service=cat.service, impact=1, urgency=1)
    b = ticket(world, service=other.service, department=world.branch)
    services.assign(b, acting_user=world.users["it_head"], assignee=world.users["it_staff"])
    client = api_as("it_head")
    assert listed_ids(client, queue=other.area.pk) == {b.pk}
    assert listed_ids(client, priority=1) == {a.pk}
    assert listed_ids(client, status="assigned") == {b.pk}
    assert listed_ids(client, status="open") == {a.pk, b.pk}
    assert listed_ids(client, assignee=world.users["it_staff"].pk) == {b.pk}
    assert listed_ids(client, unassigned=True) == {a.pk}
    assert listed_ids(client, department=world.branch.pk) == {a.pk, b.pk}  # the unit is under the branch
    assert listed_ids(client, department=world.unit.pk) == {a.pk}
    assert listed_ids(client, service=cat.service.pk) == {a.pk}
    foreign = client.get(LIST, {"department": world.foreign_department.pk})
    assert foreign.status_code == 400


def test_search_covers_title_description_and_replies_not_notes_for_the_reporter(world, api_as, cat):
    by_title = ticket(world, title="Projektorn i aulan")
    by_text = ticket(world, description="Det luktar bränt från projektorn")
    by_reply = ticket(world, title="Ljud")
    by_note = ticket(world, title="Bild")
    services.add_comment(by_reply, acting_user=world.users["it_staff"], body="Kolla projektorns kabel")
    services.add_comment(by_note, acting_user=world.users["it_staff"], body="projektor", is_public=False)
    assert listed_ids(api_as("it_staff"), q="projektor") == {by_title.pk, by_text.pk, by_reply.pk, by_note.pk}
    assert listed_ids(api_as("employee"), q="projektor") == {by_title.pk, by_text.pk, by_reply.pk}
    assert listed_ids(api_as("it_staff"), q=f"#{by_note.pk}") == {by_note.pk}


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["it_staff", "employee"])
def test_ticket_list_queries_are_constant(world, api_as, cat, role):
    client = api_as(role)
    for _ in range(5):
        one = ticket(world, service=cat.service)
        services.assign(one, acting_user=world.users["it_head"], assignee=world.users["it_staff"])
    client.get(LIST)
    few = _queries(client, LIST)
    for _ in range(25):
        ticket(world, service=catalogue(world.org).service, department=world.branch)
    many = _queries(client, LIST)
    assert many == few


def test_queue_list_has_members_and_counts_in_constant_queries(world, api_as, cat):
    QueueMember.objects.create(area=cat.area, user=world.users["it_staff"], is_lead=True)
    ticket(world, service=cat.service)
    breached = ticket(world, service=cat.service)
    _set(breached, resolve_by=timezone.now() - timedelta(hours=1))
    client = api_as("support_lead")
    url = reverse("servicedesk-api:queue-list")
    row = next(q for q in client.get(url).json()["results"] if q["id"] == cat.area.pk)
    assert row["open_count"] == 2 and row["unassigned_count"] == 2 and row["breached_count"] == 1
    assert row["members"] == [
        {"user": world.users["it_staff"].pk, "name": str(world.users["it_staff"]), "is_lead": True}
    ]
    few = _queries(client, url)
    for _ in range(5):
        area = catalogue(world.org).area
        QueueMember.objects.create(area=area, user=world.users["it_head"])
    assert _queries(client, url) == few
    assert api_as("employee").get(url).json()["results"] == []


# ---------------------------------------------------------------------------------------------
# Maintenance plans


def test_maintenance_plan_validation_and_delete(world, api_as):
    url = reverse("servicedesk-api:maintenanceplan-list")
    client = api_as("it_staff")
    area = catalogue(world.org).area
    incomplete = client.post(
        url,
        {
            "organisation": world.org.pk,
            "title": "Veckokoll",
            "queue": area.pk,
            "recurrence": "weekly",
            "starts_on": "2027-01-01",
        },
        format="json",
    )
    assert incomplete.status_code == 400 and "weekday" in incomplete.json()["errors"]
    foreign = client.post(
        url,
        {
            "organisation": world.org.pk,
            "title": "X",
            "queue": catalogue(world.other_org).area.pk,
            "recurrence": "days",
            "starts_on": "2027-01-01",
        },
        format="json",
    )
    assert foreign.status_code == 400 and "queue" in foreign.json()["errors"]
    unused = plan(world)
    assert client.delete(reverse("servicedesk-api:maintenanceplan-detail", args=[unused.pk])).status_code == 204
    used = plan(world)
    ticket(world, kind="maintenance", maintenance_plan=used, occurrence=timezone.localdate())
    in_use = client.delete(reverse("servicedesk-api:maintenanceplan-detail", args=[used.pk]))
    assert in_use.status_code == 400


def test_schema_documents_the_status_actions(world, client_as):
    schema = client_as("employee").get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for action in ("transition", "assign", "start", "wait", "resolve", "close", "reopen", "comments", "time-entries"):
        assert f"/api/servicedesk/tickets/{{id}}/{action}/" in paths, action
    assert "/api/servicedesk/queues/" in paths and "/api/servicedesk/maintenance-plans/" in paths
