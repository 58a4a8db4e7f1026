"""The demo loader: a year and a half of history, a closed month with an adjustment, a budget round."""

from io import StringIO

from django.utils import timezone

from styrbord.catalog.models import Service
from styrbord.finance import demo
from styrbord.finance.choices import ChargeKind, OrderStatus
from styrbord.finance.models import BudgetNeed, BudgetRound, ChargeLine, MonthClose, Order, Subscription
from styrbord.organisations.models import Department


def context_for(world, catalog):
    users = world.users
    return {
        "stdout": StringIO(),
        "organisations": {"testby": world.org},
        "departments": {},
        "users": {
            "verksamhetschef": users["department_head"],
            "samordnare": users["it_coordinator"],
            "itchef": users["it_head"],
            "ekonomi": users["finance"],
            "tekniker": users["it_staff"],
        },
        "catalog": {"testby": {service.code: service for service in Service.objects.filter(organisation=world.org)}},
    }


def test_demo_builds_history_and_is_idempotent(world, catalog):
    context = context_for(world, catalog)
    demo.load(context)
    today = timezone.localdate()
    departments = Department.objects.filter(organisation=world.org, is_active=True)
    subscribed = set(Subscription.objects.filter(organisation=world.org).values_list("department_id", flat=True))
    assert subscribed == set(departments.values_list("pk", flat=True))
    assert Order.objects.filter(status=OrderStatus.SUBMITTED).exists()
    assert Order.objects.filter(kind="change", status=OrderStatus.APPROVED).exists()
    assert Subscription.objects.filter(previous__isnull=False).exists()
    first = min(Subscription.objects.values_list("valid_from", flat=True))
    assert (today.year - first.year) * 12 + today.month - first.month == demo.MONTHS_BACK
    assert MonthClose.objects.filter(organisation=world.org).count() >= 1
    adjustment = ChargeLine.objects.get(kind=ChargeKind.ADJUSTMENT, corrects__isnull=False)
    watermark = max(MonthClose.objects.values_list("year", "month"))
    assert (adjustment.corrected_year, adjustment.corrected_month) == watermark
    assert ChargeLine.objects.filter(kind__in=[ChargeKind.HOURLY, ChargeKind.ONE_OFF]).exists()
    budget_round = BudgetRound.objects.get(organisation=world.org)
    assert budget_round.year == today.year + 1 and budget_round.accepts_needs()
    assert BudgetNeed.objects.filter(round=budget_round).exists()
    counts = [model.objects.count() for model in (Order, Subscription, ChargeLine, MonthClose, BudgetNeed)]
    demo.load(context)
    assert [model.objects.count() for model in (Order, Subscription, ChargeLine, MonthClose, BudgetNeed)] == counts


def test_demo_without_a_catalogue_says_so(world):
    context = {"stdout": StringIO(), "organisations": {"testby": world.org}}
    demo.load(context)
    assert "skipped" in context["stdout"].getvalue()
    assert not Order.objects.exists()
