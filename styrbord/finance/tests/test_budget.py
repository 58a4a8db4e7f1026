"""The budget round: forecast from subscriptions carried forward, planned needs, deadline, totals."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from styrbord.catalog.models import PriceList
from styrbord.finance import reports, services
from styrbord.finance.choices import OrderKind
from styrbord.finance.models import BudgetNeed, BudgetRound

from .factories import approved_subscription


@pytest.fixture
def budget_round(world, catalog):
    today = timezone.localdate()
    return services.open_budget_round(
        acting_user=world.users["it_head"], organisation=world.org, year=today.year + 1, deadline=today
    )


def next_year():
    return timezone.localdate().year + 1


def test_opening_a_round_checks_year_and_deadline(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.open_budget_round(
            acting_user=None, organisation=world.org, year=today.year, deadline=today - timedelta(days=1)
        )
    assert set(error.value.message_dict) == {"year", "deadline"}
    with pytest.raises(ValidationError) as error:
        services.open_budget_round(
            acting_user=None, organisation=world.org, year=today.year + 1, deadline=date(today.year + 1, 1, 5)
        )
    assert "deadline" in error.value.message_dict
    assert world.users["it_head"].has_perm("finance.add_budgetround", world.org)
    assert not world.users["finance"].has_perm("finance.add_budgetround", world.org)


def test_the_year_is_unique(world, budget_round):
    with pytest.raises(ValidationError) as error:
        services.open_budget_round(
            acting_user=None, organisation=world.org, year=budget_round.year, deadline=budget_round.deadline
        )
    assert "year" in error.value.message_dict


def test_forecast_carries_subscriptions_forward_at_next_years_prices(world, catalog, budget_round):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    year = budget_round.year
    # Next year's price list is published with a higher price.
    PriceList.objects.get(organisation=world.org, year=year).prices.filter(
        service=catalog.arbetsplats, level__name="Bas"
    ).update(amount=Decimal("310.00"))
    # A termination at the end of June next year is part of the forecast.
    end = services.place_order(
        acting_user=None, department=world.unit, service=catalog.dator, quantity=4, effective_date=date(2024, 1, 1)
    )
    services.approve_order(end, acting_user=None)
    stop = services.place_order(
        acting_user=None,
        department=world.unit,
        service=catalog.dator,
        kind=OrderKind.TERMINATE,
        effective_date=date(year, 7, 1),
    )
    services.approve_order(stop, acting_user=None)
    lines = {line.service.code: line for line in reports.budget_forecast(budget_round)}
    assert lines["arbetsplats"].carried == Decimal("310.00") * 10 * 12
    assert lines["dator"].carried == Decimal("250.00") * 4 * 6
    assert not lines["arbetsplats"].estimated


def test_needs_add_to_the_forecast_from_their_month(world, catalog, budget_round):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    coordinator = world.users["it_coordinator"]
    assert coordinator.has_perm("finance.add_budgetneed", world.unit)
    services.add_need(
        acting_user=coordinator,
        round=budget_round,
        department=world.unit,
        service=catalog.arbetsplats,
        quantity_change=5,
        month=8,
        reason="Ny förskoleavdelning",
    )
    services.add_need(
        acting_user=coordinator,
        round=budget_round,
        department=world.unit,
        service=catalog.server,
        quantity_change=1,
        month=1,
        reason="Nytt elevregister",
    )
    services.add_need(
        acting_user=coordinator,
        round=budget_round,
        department=world.unit,
        service=catalog.konsult,
        quantity_change=20,
        month=3,
        reason="Införande",
    )
    lines = {line.service.code: line for line in reports.budget_forecast(budget_round)}
    assert lines["arbetsplats"].needs == Decimal("300.00") * 5 * 5  # August to December
    assert lines["arbetsplats"].total == Decimal("300.00") * 10 * 12 + Decimal("7500.00")
    assert lines["server"].needs == Decimal("1200.00") * 12 and lines["server"].carried == 0
    assert lines["konsult"].needs == Decimal("850.00") * 20  # hours, once
    by_department, by_service = reports.forecast_totals(list(lines.values()))
    assert [(row[0], row[3]) for row in by_department] == [(world.unit, sum(line.total for line in lines.values()))]
    assert {row[0].code for row in by_service} == {"arbetsplats", "server", "konsult"}


def test_this_years_price_is_used_until_next_years_is_published(world, catalog, budget_round):
    approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    PriceList.objects.filter(organisation=world.org, year=budget_round.year).update(status="draft")
    (line,) = reports.budget_forecast(budget_round)
    assert line.estimated and line.carried == Decimal("3600.00")


def test_needs_are_refused_after_the_deadline_or_closing(world, catalog, budget_round):
    BudgetRound.objects.filter(pk=budget_round.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    budget_round.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.add_need(
            acting_user=None,
            round=budget_round,
            department=world.unit,
            service=catalog.arbetsplats,
            quantity_change=1,
            month=1,
            reason="Sent",
        )
    assert "round" in error.value.message_dict
    assert not budget_round.accepts_needs()


def test_bad_needs_are_refused(world, catalog, budget_round):
    def add(**fields):
        values = {
            "department": world.unit,
            "service": catalog.arbetsplats,
            "quantity_change": 1,
            "month": 1,
            "reason": "Skäl",
            **fields,
        }
        with pytest.raises(ValidationError) as error:
            services.add_need(acting_user=None, round=budget_round, **values)
        return error.value.message_dict

    assert "quantity_change" in add(quantity_change=0)
    assert "quantity_change" in add(quantity_change=-2)  # nothing to reduce
    assert "reason" in add(reason=" ")
    assert "month" in add(month=13)
    assert "service" in add(service=catalog.gammal)
    assert not BudgetNeed.objects.exists()


def test_needs_are_entered_for_ones_own_departments(world, catalog, budget_round):
    for role, allowed in [
        ("it_coordinator", True),
        ("department_head", True),
        ("it_head", False),
        ("finance", False),
        ("employee", False),
    ]:
        assert world.users[role].has_perm("finance.add_budgetneed", world.unit) is allowed, role
    assert not world.users["it_coordinator"].has_perm("finance.add_budgetneed", world.other_branch)


def test_the_round_page_and_exports(world, catalog, budget_round, client_as):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    approved_subscription(world, department=world.other_branch, quantity=3, start=date(2024, 1, 1))
    client = client_as("it_head")
    page = client.get(reverse("finance:round_detail", args=[budget_round.pk]))
    assert page.status_code == 200 and "Socialförvaltningen" in page.content.decode()
    response = client.get(reverse("finance:round_export", args=[budget_round.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and {row[1] for row in rows[1:]} == {"Skolan", "Socialförvaltningen"}
    response = client.get(reverse("finance:round_export", args=[budget_round.pk]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert (
        sum(Decimal(str(row[7])) for row in sheet.iter_rows(min_row=2, values_only=True)) == Decimal("300.00") * 13 * 12
    )
    # A coordinator sees the forecast of their own subtree only.
    page = client_as("it_coordinator").get(reverse("finance:round_detail", args=[budget_round.pk])).content.decode()
    assert "Skolan" in page and "Socialförvaltningen" not in page


def test_need_pages(world, catalog, budget_round, client_as):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    client = client_as("it_coordinator")
    url = reverse("finance:need_create", args=[budget_round.pk])
    response = client.post(
        url,
        {
            "department": world.unit.pk,
            "service": catalog.arbetsplats.pk,
            "quantity_change": "3",
            "month": "9",
            "reason": "Fler elever",
        },
    )
    assert response.status_code == 302, response.content
    need = BudgetNeed.objects.get()
    response = client.post(
        reverse("finance:need_edit", args=[need.pk]),
        {
            "department": world.unit.pk,
            "service": catalog.arbetsplats.pk,
            "quantity_change": "4",
            "month": "9",
            "reason": "Fler elever",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.quantity_change == 4
    bad = client.post(
        url,
        {
            "department": world.unit.pk,
            "service": catalog.arbetsplats.pk,
            "quantity_change": "0",
            "month": "9",
            "reason": "x",
        },
    )
    assert bad.status_code == 200 and "quantity_change" in bad.context["form"].errors
    client.post(reverse("finance:need_delete", args=[need.pk]))
    assert not BudgetNeed.objects.exists()
    assert need.history.count() == 3
