"""Running months, closing them, adjustments for closed months, and recorded work."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from styrbord.finance import services
from styrbord.finance.choices import ChargeKind, OrderKind
from styrbord.finance.models import ChargeLine, MonthClose, Subscription

from .factories import approved_subscription


def monthly(world, year, month):
    return list(ChargeLine.objects.filter(organisation=world.org, year=year, month=month, kind=ChargeKind.MONTHLY))


def change(world, catalog, day, quantity=None, kind=OrderKind.CHANGE):
    placed = services.place_order(
        acting_user=None,
        department=world.unit,
        service=catalog.arbetsplats,
        kind=kind,
        quantity=quantity,
        effective_date=day,
    )
    return services.approve_order(placed, acting_user=None)


def test_running_a_month_writes_one_line_per_period_and_is_idempotent(world, catalog):
    subscription = approved_subscription(world, quantity=10, start=date(2024, 3, 15))
    run = services.run_month(world.org, 2024, 3, acting_user=world.users["finance"])
    assert (run.created, run.updated, run.removed) == (1, 0, 0)
    (line,) = monthly(world, 2024, 3)
    assert (line.subscription, line.quantity, line.unit_price, line.active_days, line.days_in_month, line.amount) == (
        subscription,
        Decimal("10"),
        Decimal("300.00"),
        17,
        31,
        Decimal("1645.16"),
    )
    assert line.created_by == world.users["finance"]
    history = line.history.count()
    again = services.run_month(world.org, 2024, 3, acting_user=None)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert line.history.count() == history and len(monthly(world, 2024, 3)) == 1


def test_an_open_month_is_recomputed_when_subscriptions_change(world, catalog):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    services.run_month(world.org, 2024, 4, acting_user=None)
    change(world, catalog, date(2024, 4, 16), quantity=20)  # approval runs the charged month again
    lines = sorted(monthly(world, 2024, 4), key=lambda line: line.quantity)
    assert [(line.quantity, line.active_days, line.amount) for line in lines] == [
        (Decimal("10"), 15, Decimal("1500.00")),
        (Decimal("20"), 15, Decimal("3000.00")),
    ]
    assert not ChargeLine.objects.filter(kind=ChargeKind.ADJUSTMENT).exists()


def test_a_month_not_started_cannot_be_run(world):
    with pytest.raises(ValidationError) as error:
        today = timezone.localdate()
        services.run_month(world.org, today.year + 1, 1, acting_user=None)
    assert "month" in error.value.message_dict


def test_months_are_closed_in_order_once_they_have_ended(world, catalog):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    services.run_month(world.org, 2024, 1, acting_user=None)
    services.run_month(world.org, 2024, 2, acting_user=None)
    with pytest.raises(ValidationError) as error:
        services.close_month(world.org, 2024, 2, acting_user=None)
    assert error.value.message_dict["month"] == ["Close 2024-01 first."]
    closing = services.close_month(world.org, 2024, 1, acting_user=world.users["finance"])
    assert closing.closed_by == world.users["finance"]
    with pytest.raises(ValidationError):
        services.close_month(world.org, 2024, 1, acting_user=None)
    with pytest.raises(ValidationError):
        services.close_month(world.org, 2024, 3, acting_user=None)
    services.close_month(world.org, 2024, 2, acting_user=None)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.close_month(world.org, today.year, today.month, acting_user=None)
    assert "month" in error.value.message_dict
    assert services.closed_until(world.org) == (2024, 2)


def test_closing_runs_the_month_first(world, catalog):
    approved_subscription(world, quantity=2, start=date(2024, 1, 1))
    services.close_month(world.org, 2024, 1, acting_user=None)
    assert [line.amount for line in monthly(world, 2024, 1)] == [Decimal("600.00")]


def close(world, *months):
    for year, month in months:
        services.close_month(world.org, year, month, acting_user=None)


def test_a_later_correction_of_a_closed_month_becomes_an_adjustment_in_the_first_open_month(world, catalog):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    close(world, (2024, 1), (2024, 2), (2024, 3))
    services.run_month(world.org, 2024, 4, acting_user=None)
    (original,) = monthly(world, 2024, 3)
    frozen = list(ChargeLine.objects.filter(year=2024, month__lte=3).values_list("pk", "amount"))
    # Approved in April, effective 16 March: 16 of 31 March days at 15 users instead of 10.
    order = change(world, catalog, date(2024, 3, 16), quantity=15)
    assert list(ChargeLine.objects.filter(year=2024, month__lte=3).values_list("pk", "amount")) == frozen
    adjustment = ChargeLine.objects.get(kind=ChargeKind.ADJUSTMENT, corrects=original)
    assert (adjustment.year, adjustment.month) == (2024, 4)
    assert (adjustment.corrected_year, adjustment.corrected_month, adjustment.corrects) == (2024, 3, original)
    assert adjustment.order == order
    expected = Decimal("1451.61") + Decimal("2322.58")  # 10 × 15/31 and 15 × 16/31 of 300
    assert original.amount + adjustment.amount == Decimal("1451.61")
    # The new period's March share has no original line: it is a second adjustment, without `corrects`.
    adjustments = ChargeLine.objects.filter(kind=ChargeKind.ADJUSTMENT, corrected_month=3)
    assert adjustments.count() == 2
    new_share = adjustments.get(corrects__isnull=True)
    assert new_share.subscription == order.result and new_share.amount == Decimal("2322.58")
    assert original.amount + sum(a.amount for a in adjustments) == expected
    # The open month was recomputed normally: 15 users for all of April.
    assert [line.amount for line in monthly(world, 2024, 4)] == [Decimal("4500.00")]
    # Running the closed month again adds nothing.
    run = services.run_month(world.org, 2024, 3, acting_user=None)
    assert run.adjustments == [] and ChargeLine.objects.filter(kind=ChargeKind.ADJUSTMENT).count() == 2


def test_a_backdated_termination_credits_the_closed_months(world, catalog):
    approved_subscription(world, quantity=4, start=date(2024, 1, 1))
    close(world, (2024, 1), (2024, 2))
    change(world, catalog, date(2024, 2, 1), kind=OrderKind.TERMINATE)
    (credit,) = ChargeLine.objects.filter(kind=ChargeKind.ADJUSTMENT)
    assert (credit.year, credit.month, credit.corrected_month, credit.amount) == (2024, 3, 2, Decimal("-1200.00"))
    assert credit.corrects == monthly(world, 2024, 2)[0]


def test_a_month_without_published_prices_cannot_be_closed(world, catalog):
    subscription = approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    Subscription.objects.filter(pk=subscription.pk).update(valid_from=date(2023, 5, 1))  # before the 2024 order
    with pytest.raises(ValidationError) as error:
        services.close_month(world.org, 2023, 5, acting_user=None)
    assert "No published price for Arbetsplats Bas in 2023." in error.value.message_dict["month"][0]
    assert not MonthClose.objects.exists()
    run = services.run_month(world.org, 2023, 5, acting_user=None)
    assert len(run.missing) == 1 and not monthly(world, 2023, 5)


def test_record_hourly_work(world, catalog):
    line = services.record_work(
        acting_user=world.users["it_staff"],
        organisation=world.org,
        department=world.unit,
        service=catalog.konsult,
        date=date(2024, 5, 6),
        hours="1.5",
        description="Flytt av skrivare",
    )
    assert (line.kind, line.year, line.month, line.quantity, line.unit_price, line.amount) == (
        ChargeKind.HOURLY,
        2024,
        5,
        Decimal("1.50"),
        Decimal("850.00"),
        Decimal("1275.00"),
    )
    short = services.record_work(
        acting_user=None,
        organisation=world.org,
        department=world.unit,
        service=catalog.konsult,
        date=date(2024, 5, 6),
        minutes=10,
        source=world.unit,
    )
    assert short.amount == Decimal("141.67") and short.reference == f"organisations.department:{world.unit.pk}"


def test_record_a_one_off_purchase_in_a_closed_month(world, catalog):
    approved_subscription(world, quantity=1, start=date(2024, 1, 1))
    close(world, (2024, 1), (2024, 2))
    line = services.record_work(
        acting_user=None,
        organisation=world.org,
        department=world.unit,
        service=catalog.headset,
        date=date(2024, 1, 20),
        quantity=2,
        description="Headset till nya medarbetare",
    )
    assert (line.kind, line.year, line.month, line.work_date, line.amount) == (
        ChargeKind.ONE_OFF,
        2024,
        3,
        date(2024, 1, 20),
        Decimal("2580.00"),
    )


@pytest.mark.parametrize(
    ("service", "fields", "field"),
    [
        ("arbetsplats", {"quantity": 1}, "service"),
        ("konsult", {}, "hours"),
        ("konsult", {"hours": "-1"}, "hours"),
        ("konsult", {"hours": "0.001"}, "hours"),
        ("headset", {"quantity": 0}, "quantity"),
        ("headset", {"quantity": 1, "date": date(2023, 3, 1)}, "service"),
        ("headset", {"quantity": 1, "date": date(2999, 1, 1)}, "date"),
    ],
)
def test_bad_recorded_work_is_refused(world, catalog, service, fields, field):
    fields.setdefault("date", date(2024, 5, 6))
    with pytest.raises(ValidationError) as error:
        services.record_work(
            acting_user=None,
            organisation=world.org,
            department=world.unit,
            service=getattr(catalog, service),
            **fields,
        )
    assert field in error.value.message_dict
    assert not ChargeLine.objects.exists()
