"""Finance pages: ordering from the catalogue, approvals, costs, closing, settings, home page, demo."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from styrbord.finance import services
from styrbord.finance.charging import previous_month
from styrbord.finance.choices import OrderStatus
from styrbord.finance.models import Budget, ChargeLine, FinanceSettings, MonthClose, Order

from .factories import approved_subscription, pending_order


def test_ordering_from_the_catalogue(world, catalog, client_as):
    client = client_as("it_coordinator")
    url = reverse("finance:order_create")
    page = client.get(url, {"service": catalog.dator.pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["service"] == catalog.dator.pk
    assert list(form.fields["level"].queryset) == [catalog.levels[("dator", "Standard")]]
    # Only the coordinator's own subtree is offered.
    assert set(form.fields["department"].queryset) == {world.branch, world.unit}
    response = client.post(
        url,
        {
            "kind": "new",
            "department": world.unit.pk,
            "service": catalog.dator.pk,
            "quantity": "12",
            "effective_date": "2025-09-01",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.ordered_by == world.users["it_coordinator"] and order.status == OrderStatus.SUBMITTED


def test_a_bad_order_returns_to_the_form_with_the_reason(world, catalog, client_as):
    response = client_as("it_coordinator").post(
        reverse("finance:order_create"),
        {
            "kind": "new",
            "department": world.unit.pk,
            "service": catalog.arbetsplats.pk,
            "quantity": "0",
            "effective_date": "2025-09-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quantity"] == ["The quantity must be a positive whole number."]
    assert not Order.objects.exists()


def test_approve_and_reject_from_the_approvals_page(world, catalog, client_as):
    first = pending_order(world)
    second = pending_order(world, service_code="dator")
    client = client_as("department_head")
    page = client.get(reverse("finance:approvals")).content.decode()
    assert str(first) in page and str(second) in page
    client.post(reverse("finance:order_approve", args=[first.pk]), {"next": reverse("finance:approvals")})
    assert Order.objects.get(pk=first.pk).status == OrderStatus.APPROVED
    no_reason = client.post(reverse("finance:order_reject", args=[second.pk]), {"reason": ""})
    assert no_reason.status_code == 200 and "reason" in no_reason.context["form"].errors
    client.post(reverse("finance:order_reject", args=[second.pk]), {"reason": "Finns redan"})
    assert Order.objects.get(pk=second.pk).status == OrderStatus.REJECTED
    assert client_as("it_coordinator").post(reverse("finance:order_approve", args=[first.pk])).status_code == 403


def test_department_subscriptions_show_the_history(world, catalog, client_as):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    change = services.place_order(
        acting_user=None,
        department=world.unit,
        service=catalog.arbetsplats,
        kind="change",
        quantity=14,
        effective_date=date(2024, 8, 1),
    )
    services.approve_order(change, acting_user=None)
    page = client_as("department_head").get(reverse("finance:department_subscriptions", args=[world.branch.pk]))
    content = page.content.decode()
    assert "2024-07-31" in content and "2024-08-01" in content
    (group,) = page.context["groups"]
    assert [period.quantity for period in group["periods"]] == [14, 10]


def test_cost_page_shows_outcome_forecast_and_budget(world, catalog, client_as):
    year = timezone.localdate().year
    approved_subscription(world, quantity=10, start=date(year, 1, 1))
    services.run_month(world.org, year, 1, acting_user=None)
    services.set_budget(
        acting_user=None, organisation=world.org, year=year, department=world.branch, amount=Decimal("40000")
    )
    page = client_as("department_head").get(reverse("finance:department_cost", args=[world.branch.pk]), {"year": year})
    costs = page.context["costs"]
    assert costs.total.outcome == Decimal("3000.00")
    assert costs.total.forecast == Decimal("3000.00") * 11
    assert costs.total.budget == Decimal("40000") and costs.total.deviation == Decimal("4000.00")
    assert [row.label for row in costs.services] == ["Arbetsplats"]
    assert page.context["month_headers"][0] == (1, False) and page.context["month_headers"][1] == (2, True)


def test_cost_page_queries_are_constant(world, catalog, client_as):
    client = client_as("finance")
    url = reverse("finance:department_cost", args=[world.branch.pk])
    approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    services.run_month(world.org, 2024, 1, acting_user=None)
    client.get(url, {"year": 2024})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": 2024})
    approved_subscription(world, service_code="dator", quantity=3, start=date(2024, 2, 10))
    from styrbord.organisations import services as org_services

    for index in range(3):
        department = org_services.create_department(
            acting_user=None, organisation=world.org, name=f"Klass {index}", parent=world.unit
        )
        approved_subscription(world, department=department, quantity=2 + index, start=date(2024, 1, 1))
    for month in (1, 2, 3):
        services.run_month(world.org, 2024, month, acting_user=None)
    services.record_work(
        acting_user=None,
        organisation=world.org,
        department=world.unit,
        service=catalog.konsult,
        date=date(2024, 5, 2),
        hours=3,
    )
    client.get(url, {"year": 2024})  # steady state: what is kept between requests is read again first
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"year": 2024})
    assert response.status_code == 200
    assert len(many) == len(few)
    assert len(response.context["costs"].services) == 3


def test_overview_for_the_head_of_it_with_cost_coverage(world, catalog, client_as):
    year = timezone.localdate().year
    approved_subscription(world, quantity=10, start=date(year, 1, 1))
    approved_subscription(world, department=world.other_branch, quantity=5, start=date(year, 1, 1))
    services.set_budget(acting_user=None, organisation=world.org, year=year, amount=Decimal("60000"))
    page = client_as("it_head").get(reverse("finance:cost_overview"))
    overview = page.context["overview"]
    assert [row.label for row in overview.rows] == ["Skolförvaltningen", "Socialförvaltningen"]
    assert overview.total.total == Decimal("300") * 15 * 12
    assert overview.coverage == Decimal("90.0")
    head = client_as("department_head").get(reverse("finance:cost_overview")).context["overview"]
    assert [row.label for row in head.rows] == ["Skolförvaltningen"]


def test_month_page_runs_and_closes(world, catalog, client_as):
    approved_subscription(world, quantity=2, start=date(2024, 1, 1))
    client = client_as("finance")
    client.post(reverse("finance:month_run"), {"year": 2024, "month": 1})
    assert ChargeLine.objects.filter(year=2024, month=1).count() == 1
    response = client.post(reverse("finance:month_close"), {"year": 2024, "month": 2}, follow=True)
    assert "Close 2024-01 first." in response.content.decode()
    client.post(reverse("finance:month_close"), {"year": 2024, "month": 1})
    assert MonthClose.objects.filter(year=2024, month=1).exists()
    page = client.get(reverse("finance:month_list"), {"year": 2024})
    assert page.context["rows"][0]["closed"] and page.context["rows"][1]["can_close"]
    assert (
        client_as("department_head").post(reverse("finance:month_close"), {"year": 2024, "month": 2}).status_code == 403
    )


def test_record_work_page(world, catalog, client_as):
    response = client_as("it_staff").post(
        reverse("finance:record_work"),
        {
            "department": world.unit.pk,
            "service": catalog.konsult.pk,
            "date": "2024-05-06",
            "hours": "2",
            "description": "Installation",
        },
    )
    assert response.status_code == 302
    assert ChargeLine.objects.get().amount == Decimal("1700.00")


def test_settings_and_budgets(world, client_as):
    client = client_as("finance")
    form = client.get(reverse("finance:settings")).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(it_cost_centre="1050", cost_account="7410")
    assert client.post(reverse("finance:settings"), data).status_code == 302
    assert FinanceSettings.objects.get(organisation=world.org).cost_account == "7410"
    bad = client.post(reverse("finance:settings"), {**data, "revenue_account": "35A"})
    assert "revenue_account" in bad.context["form"].errors
    response = client.post(
        reverse("finance:budget_list") + "?year=2025", {"year": 2025, "department": world.branch.pk, "amount": "125000"}
    )
    assert response.status_code == 302
    assert Budget.objects.get().amount == Decimal("125000")
    assert (
        client_as("department_head").post(reverse("finance:budget_list"), {"year": 2025, "amount": "1"}).status_code
        == 403
    )


def attention(client):
    return {item.url: item for item in client.get(reverse("core:home")).context["attention"]}


def test_home_page_attention(world, catalog, client_as):
    pending_order(world)
    approvals = reverse("finance:approvals")
    assert attention(client_as("department_head"))[approvals].count == 1
    assert approvals not in attention(client_as("employee"))
    today = timezone.localdate()
    budget_round = services.open_budget_round(
        acting_user=None, organisation=world.org, year=today.year + 1, deadline=today
    )
    assert budget_round.get_absolute_url() in attention(client_as("it_coordinator"))
    services.add_need(
        acting_user=None,
        round=budget_round,
        department=world.unit,
        service=catalog.server,
        quantity_change=1,
        month=1,
        reason="Nytt system",
    )
    assert budget_round.get_absolute_url() not in attention(client_as("it_coordinator"))
    approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    last = previous_month(today.year, today.month)
    months = f"{reverse('finance:month_list')}?year={last[0]}"
    item = attention(client_as("finance"))[months]
    assert f"{last[0]}-{last[1]:02d}" in item.title


def test_navigation_by_role(world, client_as):
    page = client_as("employee").get(reverse("core:home")).content.decode()
    assert reverse("finance:order_list") not in page
    page = client_as("it_coordinator").get(reverse("core:home")).content.decode()
    assert reverse("finance:order_create") in page and reverse("finance:month_list") not in page
    page = client_as("finance").get(reverse("core:home")).content.decode()
    assert reverse("finance:month_list") in page and reverse("finance:order_create") not in page


def test_order_list_page_queries_are_constant(world, catalog, client_as):
    client = client_as("department_head")
    url = reverse("finance:order_list")
    pending_order(world)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code in ("dator", "server"):
        pending_order(world, service_code=code)
    pending_order(world, department=world.branch, by="department_head")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few) and response.context["paginator"].count == 4


def test_the_finance_area_root_leads_to_the_orders(world, client_as):
    response = client_as("it_coordinator").get("/finance/")
    assert response.status_code == 302 and response["Location"] == reverse("finance:order_list")
