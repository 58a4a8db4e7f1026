"""Proration, rounding and the monthly computation."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styrbord.finance import charging, services
from styrbord.finance.charging import active_days, compute_month, monthly_amount
from styrbord.finance.choices import OrderKind

from .factories import approved_subscription


def test_a_whole_month_is_price_times_quantity():
    assert monthly_amount(Decimal("300.00"), 10, 31, 31) == Decimal("3000.00")


def test_a_period_starting_inside_the_month_pays_its_days():
    # 15–31 March: 17 of 31 days.
    assert active_days(date(2024, 3, 15), None, 2024, 3) == 17
    assert monthly_amount(Decimal("300"), 10, 17, 31) == Decimal("1645.16")


def test_a_period_ending_inside_the_month_pays_its_days():
    # 1–10 March: 10 of 31 days; the end date is the last day charged.
    assert active_days(date(2023, 1, 1), date(2024, 3, 10), 2024, 3) == 10
    assert monthly_amount(Decimal("300"), 10, 10, 31) == Decimal("967.74")


def test_start_and_end_in_the_same_month():
    assert active_days(date(2024, 4, 10), date(2024, 4, 20), 2024, 4) == 11
    assert active_days(date(2024, 5, 1), None, 2024, 4) == 0
    assert active_days(date(2024, 1, 1), date(2024, 3, 31), 2024, 4) == 0


def test_february_of_a_leap_year_has_29_days():
    assert charging.days_in_month(2024, 2) == 29
    assert charging.days_in_month(2025, 2) == 28
    assert active_days(date(2024, 2, 15), None, 2024, 2) == 15
    assert monthly_amount(Decimal("300"), 1, 15, 29) == Decimal("155.17")
    assert monthly_amount(Decimal("300"), 1, 29, 29) == Decimal("300.00")
    # The same start in a common year: 14 of 28 days is exactly half.
    assert active_days(date(2025, 2, 15), None, 2025, 2) == 14
    assert monthly_amount(Decimal("300"), 1, 14, 28) == Decimal("150.00")


def test_rounding_is_to_whole_ore_half_up():
    assert monthly_amount(Decimal("0.05"), 1, 15, 30) == Decimal("0.03")  # 0.025 → 0.03, not banker's 0.02
    assert monthly_amount(Decimal("0.15"), 1, 15, 30) == Decimal("0.08")  # 0.075 → 0.08
    assert monthly_amount(Decimal("100"), 1, 1, 3) == Decimal("33.33")
    assert monthly_amount(Decimal("100"), 2, 1, 3) == Decimal("66.67")
    assert charging.round_ore(Decimal("-0.005")) == Decimal("-0.01")


def test_active_days_out_of_range_is_refused():
    with pytest.raises(ValueError):
        monthly_amount(Decimal("1"), 1, 32, 31)


@given(
    price=st.decimals(min_value=0, max_value=100000, places=2),
    quantity=st.integers(min_value=1, max_value=10000),
    days=st.integers(min_value=0, max_value=31),
)
def test_a_share_of_a_month_never_costs_more_than_the_month(price, quantity, days):
    length = 31
    part = monthly_amount(price, quantity, days, length)
    whole = monthly_amount(price, quantity, length, length)
    assert Decimal("0") <= part <= whole
    assert part.as_tuple().exponent == -2
    assert abs(part - price * quantity * days / length) <= Decimal("0.005")


def test_compute_month_prorates_a_change_inside_the_month(world, catalog):
    subscription = approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    change = services.place_order(
        acting_user=None,
        department=world.unit,
        service=catalog.arbetsplats,
        kind=OrderKind.CHANGE,
        quantity=16,
        effective_date=date(2024, 2, 20),
    )
    services.approve_order(change, acting_user=None)
    charges = sorted(compute_month(world.org, 2024, 2), key=lambda c: c.active_days, reverse=True)
    assert [(c.subscription.pk, c.quantity, c.active_days, c.days_in_month) for c in charges] == [
        (subscription.pk, 10, 19, 29),
        (change.result.pk, 16, 10, 29),
    ]
    assert charges[0].amount == monthly_amount(Decimal("300"), 10, 19, 29) == Decimal("1965.52")
    assert charges[1].amount == Decimal("1655.17")
    # March is the new period alone, for the whole month.
    (march,) = compute_month(world.org, 2024, 3)
    assert march.amount == Decimal("4800.00")


def test_draft_price_lists_are_never_used(world, catalog):
    from styrbord.catalog.models import PriceList

    book = charging.PriceBook(world.org, [2023, 2024])
    level = catalog.levels[("arbetsplats", "Bas")]
    assert book.price(2024, catalog.arbetsplats.pk, level.pk) == Decimal("300.00")
    assert book.price(2023, catalog.arbetsplats.pk, level.pk) is None
    assert PriceList.objects.get(organisation=world.org, year=2023).status == "draft"
