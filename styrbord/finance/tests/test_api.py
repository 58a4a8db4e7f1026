"""The finance API: orders with approve/reject, read-only subscriptions and charges, budget lines."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from styrbord.finance import services
from styrbord.finance.choices import OrderStatus
from styrbord.finance.models import Order

from .factories import approved_subscription, pending_order

ORDERS = reverse("finance-api:order-list")


def order_payload(world, catalog, **fields):
    return {
        "department": world.unit.pk,
        "service": catalog.arbetsplats.pk,
        "quantity": 4,
        "effective_date": "2025-02-01",
        **fields,
    }


def test_order_approve_and_the_subscription_appears(world, catalog, api_as):
    created = api_as("it_coordinator").post(ORDERS, order_payload(world, catalog), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "submitted" and body["level"] == catalog.levels[("arbetsplats", "Bas")].pk
    approve = reverse("finance-api:order-approve", args=[body["id"]])
    assert api_as("it_coordinator").post(approve).status_code == 403
    assert api_as("employee").post(approve).status_code == 404
    approved = api_as("department_head").post(approve)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    subscriptions = api_as("it_coordinator").get(reverse("finance-api:subscription-list")).json()["results"]
    assert [(s["quantity"], s["valid_from"]) for s in subscriptions] == [(4, "2025-02-01")]
    again = api_as("department_head").post(approve)
    assert again.status_code == 403  # nothing awaits approval any more


def test_reject_needs_a_reason(world, catalog, api_as):
    order = pending_order(world)
    url = reverse("finance-api:order-reject", args=[order.pk])
    missing = api_as("department_head").post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    rejected = api_as("department_head").post(url, {"reason": "Inte nu"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["rejection_reason"] == "Inte nu"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.REJECTED


def test_cancel(world, catalog, api_as):
    order = pending_order(world)
    url = reverse("finance-api:order-cancel", args=[order.pk])
    assert api_as("finance").post(url).status_code == 403
    assert api_as("it_coordinator").post(url).json()["status"] == "cancelled"


def test_bad_orders_name_the_field_and_save_nothing(world, catalog, api_as):
    client = api_as("it_coordinator")
    cases = [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"service": catalog.gammal.pk}, "service"),
        ({"effective_date": "2023-05-01"}, "service"),
        ({"level": catalog.levels[("dator", "Standard")].pk}, "level"),
        ({"kind": "change"}, "service"),
    ]
    for fields, field in cases:
        response = client.post(ORDERS, order_payload(world, catalog, **fields), format="json")
        assert response.status_code == 400, (fields, response.content)
        assert field in response.json()["errors"], (fields, response.json())
    unpublished = client.post(ORDERS, order_payload(world, catalog, effective_date="2023-05-01"), format="json")
    assert unpublished.json()["errors"]["service"] == ["No published price for Arbetsplats Bas in 2023."]
    assert not Order.objects.exists()


def test_ordering_outside_ones_subtree_is_refused(world, catalog, api_as):
    response = api_as("it_coordinator").post(
        ORDERS, order_payload(world, catalog, department=world.other_branch.pk), format="json"
    )
    assert response.status_code == 403
    assert api_as("finance").post(ORDERS, order_payload(world, catalog), format="json").status_code == 403


def test_orders_are_not_edited(world, catalog, api_as):
    order = pending_order(world)
    response = api_as("it_head").patch(
        reverse("finance-api:order-detail", args=[order.pk]), {"quantity": 9}, format="json"
    )
    assert response.status_code == 405


def test_charges_filter_by_department_year_and_month(world, catalog, api_as):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    approved_subscription(world, department=world.other_branch, quantity=2, start=date(2024, 1, 1))
    for month in (1, 2, 3):
        services.run_month(world.org, 2024, month, acting_user=None)
    url = reverse("finance-api:charge-list")
    client = api_as("finance")
    assert client.get(url).json()["count"] == 6
    march = client.get(url, {"year": 2024, "month": 3}).json()["results"]
    assert len(march) == 2 and {line["month"] for line in march} == {3}
    branch = client.get(url, {"department": world.branch.pk}).json()["results"]  # the subtree
    assert {line["cost_centre"] for line in branch} == {"2100"} and len(branch) == 3
    assert branch[0]["amount"] == "3000.00"
    # A department head sees only their subtree; an employee nothing.
    assert api_as("department_head").get(url).json()["count"] == 3
    assert api_as("employee").get(url).json()["count"] == 0
    assert client.post(url, {}, format="json").status_code == 405


def test_budget_lines_and_the_forecast(world, catalog, api_as):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    today = timezone.localdate()
    budget_round = services.open_budget_round(
        acting_user=None, organisation=world.org, year=today.year + 1, deadline=today
    )
    url = reverse("finance-api:budgetline-list")
    payload = {
        "round": budget_round.pk,
        "department": world.unit.pk,
        "service": catalog.arbetsplats.pk,
        "quantity_change": 2,
        "month": 7,
        "reason": "Ny klass",
    }
    created = api_as("it_coordinator").post(url, payload, format="json")
    assert created.status_code == 201, created.content
    bad = api_as("it_coordinator").post(url, {**payload, "quantity_change": 0}, format="json")
    assert bad.status_code == 400 and "quantity_change" in bad.json()["errors"]
    forecast = api_as("it_head").get(reverse("finance-api:budgetline-forecast"), {"round": budget_round.pk})
    assert forecast.status_code == 200
    (line,) = forecast.json()
    assert (line["carried_forward"], line["planned_needs"], line["total"]) == ("36000.00", "3600.00", "39600.00")
    assert api_as("it_head").get(reverse("finance-api:budgetline-forecast")).status_code == 400
    assert (
        api_as("employee").get(reverse("finance-api:budgetline-forecast"), {"round": budget_round.pk}).status_code
        == 403
    )


def assert_constant_queries(client, url, add_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_rows()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
    return response


def test_order_list_queries_are_constant(world, catalog, api_as):
    pending_order(world, quantity=1)

    def more():
        for service in (catalog.dator, catalog.server):
            pending_order(world, service_code=service.code, quantity=2)
        pending_order(world, department=world.branch)

    response = assert_constant_queries(api_as("department_head"), ORDERS, more)
    assert response.json()["count"] == 4


def test_charge_list_queries_are_constant(world, catalog, api_as):
    approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    services.run_month(world.org, 2024, 1, acting_user=None)

    def more():
        approved_subscription(world, service_code="dator", quantity=2, start=date(2024, 1, 1))
        approved_subscription(world, department=world.other_branch, quantity=2, start=date(2024, 1, 1))
        for month in (1, 2, 3):
            services.run_month(world.org, 2024, month, acting_user=None)

    response = assert_constant_queries(api_as("finance"), reverse("finance-api:charge-list"), more)
    assert response.json()["count"] == 9
