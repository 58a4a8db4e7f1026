"""How a month's charges are computed: prices × quantities × the share of the month.

Pure arithmetic first, then the two reads every computation needs (subscription periods and
published prices), each a single query whatever the number of rows.

Rules, and why:

- A subscription is charged ``monthly price × quantity``; a period that starts or ends inside
  the month pays ``active days / days in the month`` of it (calendar days, so February 2024 has
  29 and a period from the 15th of a 30-day month pays 16/30). Calendar days are what
  departments can check by hand; working days would make the same subscription cost a different
  amount each month.
- Each line is rounded on its own to whole öre, half up (0.005 → 0.01), the way Swedish
  invoices round. Totals are sums of rounded lines, so an export always adds up to the lines.
- The price is the published price of the month's year: prices are set once a year and frozen
  when the price list is published. A draft price list is never used; a subscription without a
  published price is reported, not charged at zero.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from styrbord.catalog.choices import PriceListStatus
from styrbord.catalog.models import Price

ORE = Decimal("0.01")


def round_ore(value):
    """Round to whole öre, half up."""
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def summed(rows, field="total"):
    """Rows of a ``Sum`` aggregate with the sum rounded to öre: SQLite adds decimals as floating point."""
    for row in rows:
        if row[field] is not None:
            row[field] = round_ore(row[field])
        yield row


def monthly_amount(price, quantity, active_days, days_in_month):
    """``price × quantity × active_days / days_in_month``, rounded to whole öre half up."""
    if not 0 <= active_days <= days_in_month:
        raise ValueError("active_days must be between 0 and days_in_month")
    return round_ore(Decimal(price) * Decimal(quantity) * Decimal(active_days) / Decimal(days_in_month))


def days_in_month(year, month):
    return calendar.monthrange(year, month)[1]


def month_bounds(year, month):
    return date(year, month, 1), date(year, month, days_in_month(year, month))


def active_days(valid_from, valid_to, year, month):
    """How many days of the month a period from ``valid_from`` to ``valid_to`` (inclusive) covers."""
    first, last = month_bounds(year, month)
    start = max(valid_from, first)
    end = min(valid_to or last, last)
    return max(0, (end - start).days + 1)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def months(start, end):
    """Every (year, month) from ``start`` to ``end`` inclusive."""
    current = start
    while current <= end:
        yield current
        current = next_month(*current)


def day_before(day):
    return day - timedelta(days=1)


class PriceBook:
    """The published prices of some years of an organisation, read in one query."""

    def __init__(self, organisation, years):
        self.years = sorted(set(years))
        rows = Price.objects.filter(
            price_list__organisation=organisation,
            price_list__year__in=self.years,
            price_list__status=PriceListStatus.PUBLISHED,
        ).values_list("price_list__year", "service_id", "level_id", "amount")
        self.prices = {(year, service_id, level_id): amount for year, service_id, level_id, amount in rows}

    def price(self, year, service_id, level_id):
        return self.prices.get((year, service_id, level_id))


def published_price(service, level, year):
    """The published price of a service at a level in a year, or None."""
    return PriceBook(service.organisation_id, [year]).price(year, service.pk, getattr(level, "pk", None))


@dataclass
class ComputedCharge:
    """What a subscription period should cost in a month (``unit_price`` None: no published price)."""

    subscription: object
    year: int
    month: int
    quantity: int
    unit_price: Decimal | None
    active_days: int
    days_in_month: int
    amount: Decimal

    @property
    def missing_price(self):
        return self.unit_price is None

    @property
    def department(self):
        return self.subscription.department

    @property
    def service(self):
        return self.subscription.service

    @property
    def level(self):
        return self.subscription.level


def charges_for(subscriptions, month_list, prices):
    """Pure: the charge of every period in every month it is active in."""
    result = []
    for year, month in month_list:
        length = days_in_month(year, month)
        for subscription in subscriptions:
            days = active_days(subscription.valid_from, subscription.valid_to, year, month)
            if not days:
                continue
            price = prices.price(year, subscription.service_id, subscription.level_id)
            amount = monthly_amount(price, subscription.quantity, days, length) if price is not None else Decimal("0")
            result.append(ComputedCharge(subscription, year, month, subscription.quantity, price, days, length, amount))
    return result


def within_departments(departments, prefix="department__"):
    """A filter for rows of the given departments and everything under them (None: no filter)."""
    if departments is None:
        return Q()
    condition = Q(pk__in=[])
    for department in departments:
        condition |= Q(**{f"{prefix}path__startswith": department.path})
    return condition


def subscriptions_between(organisation, first_day, last_day, within=None):
    """Subscription periods active on some day from ``first_day`` to ``last_day`` (one query).

    ``within``: only those of these departments' subtrees (None: the whole organisation).
    """
    from .models import Subscription

    return list(
        Subscription.objects.in_organisation(organisation)
        .filter(within_departments(within), valid_from__lte=last_day)
        .exclude(valid_to__lt=first_day)
        .select_related("department", "service", "level")
    )


def compute_range(organisation, start, end, within=None, prices=None):
    """The subscription charges of every month from ``start`` to ``end`` ((year, month) pairs)."""
    month_list = list(months(start, end))
    if not month_list:
        return []
    first_day = month_bounds(*month_list[0])[0]
    last_day = month_bounds(*month_list[-1])[1]
    subscriptions = subscriptions_between(organisation, first_day, last_day, within)
    prices = prices or PriceBook(organisation, {year for year, _month in month_list})
    return charges_for(subscriptions, month_list, prices)


def compute_month(organisation, year, month):
    """The monthly subscription charges of one month, from that year's published prices."""
    return compute_range(organisation, (year, month), (year, month))
