"""What the cost pages and the budget round show: outcome, forecast, budget and cost coverage.

Outcome and forecast (predictable costs, strategy §5): a month that has been charged (run or
closed) shows its charge lines. A month not yet charged shows the forecast: the subscription
periods × that year's published prices, computed exactly as the charges will be (so a forecast
turns into the same outcome), plus hourly work and purchases already recorded in it. Scheduled
changes (orders approved with a later effective date) are part of the forecast.

Budget of a department: its own budget row for the year when it has one; otherwise the sum of
the budgets set for departments under it. A förvaltning can be budgeted as a whole or per unit.

Budget round forecast for the budget year: the subscriptions carried forward (an open period
continues; scheduled changes apply) at the budget year's published prices, plus the planned
needs from their month to December (monthly units) or once (hourly and one-off services). If
the budget year's prices are not yet published, this year's are used and the line is marked as
estimated, so departments can start before IT publishes.

Every function reads a fixed number of queries whatever the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from styrbord.catalog.choices import MONTHLY_UNITS
from styrbord.catalog.models import Service
from styrbord.core.tenancy import access
from styrbord.organisations.models import Department

from .charging import (
    PriceBook,
    charges_for,
    compute_range,
    months,
    subscriptions_between,
    summed,
    within_departments,
)
from .choices import COST_READERS, DEPARTMENT_ROLES, BudgetKind
from .models import Budget, BudgetNeed, ChargeLine
from .services import charged_months

MONTHS = list(range(1, 13))
ZERO = Decimal("0")


@dataclass(frozen=True)
class Entry:
    """An amount of a department and service in a month; ``forecast`` when the month is not charged."""

    department_id: int
    department_path: str
    service_id: int
    month: int
    amount: Decimal
    forecast: bool


@dataclass
class Row:
    """A row of a months table: twelve monthly amounts and their split into outcome and forecast."""

    label: object
    cells: list = field(default_factory=lambda: [ZERO] * 12)
    outcome: Decimal = ZERO
    forecast: Decimal = ZERO
    budget: Decimal | None = None
    obj: object = None

    def add(self, entry):
        self.cells[entry.month - 1] += entry.amount
        if entry.forecast:
            self.forecast += entry.amount
        else:
            self.outcome += entry.amount

    @property
    def total(self):
        return self.outcome + self.forecast

    @property
    def deviation(self):
        return None if self.budget is None else self.budget - self.total


def cost_entries(organisation, year, within=None):
    """(entries, charged month numbers, subscriptions without a published price) of a year."""
    charged = {month for _year, month in charged_months(organisation, year)}
    lines = (
        ChargeLine.objects.in_organisation(organisation)
        .filter(within_departments(within), year=year)
        .values("department_id", "department__path", "service_id", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    entries = [
        Entry(
            row["department_id"],
            row["department__path"],
            row["service_id"],
            row["month"],
            row["total"],
            row["month"] not in charged,
        )
        for row in summed(lines)
    ]
    missing = []
    open_months = [month for month in MONTHS if month not in charged]
    if open_months:
        for charge in compute_range(organisation, (year, open_months[0]), (year, open_months[-1]), within):
            if charge.month in charged:
                continue
            if charge.missing_price:
                missing.append(charge)
            subscription = charge.subscription
            entries.append(
                Entry(
                    subscription.department_id,
                    subscription.department.path,
                    subscription.service_id,
                    charge.month,
                    charge.amount,
                    True,
                )
            )
    return entries, charged, missing


def budgets_by_department(organisation, year):
    """{department path: amount} of the departments' budgets for a year (one query)."""
    return dict(
        Budget.objects.in_organisation(organisation)
        .filter(year=year, kind=BudgetKind.DEPARTMENT)
        .values_list("department__path", "amount")
    )


def budget_of(department, budgets):
    if department.path in budgets:
        return budgets[department.path]
    below = [amount for path, amount in budgets.items() if path.startswith(department.path)]
    return sum(below, ZERO) if below else None


@dataclass
class DepartmentCosts:
    department: object
    year: int
    services: list  # Row per service
    parts: list  # Row per direct sub-department (and the department itself when it has charges)
    total: Row
    charged: set
    missing: list

    @property
    def forecast_months(self):
        return [month not in self.charged for month in MONTHS]


def department_costs(department, year):
    """A department's (and its subtree's) costs of a year per service and month, against its budget."""
    organisation = department.organisation
    entries, charged, missing = cost_entries(organisation, year, [department])
    services = Service.objects.in_bulk({entry.service_id for entry in entries})
    children = list(Department.objects.filter(parent=department).order_by("name"))
    by_service, by_part = {}, {}
    total = Row(label=department.name, obj=department)
    for entry in entries:
        service = services[entry.service_id]
        by_service.setdefault(service.pk, Row(label=service.name, obj=service)).add(entry)
        part = next((child for child in children if entry.department_path.startswith(child.path)), department)
        by_part.setdefault(part.pk, Row(label=part.name, obj=part)).add(entry)
        total.add(entry)
    budgets = budgets_by_department(organisation, year)
    total.budget = budget_of(department, budgets)
    for row in by_part.values():
        if row.obj != department:  # the department's own charges have no budget of their own
            row.budget = budget_of(row.obj, budgets)
    return DepartmentCosts(
        department=department,
        year=year,
        services=sorted(by_service.values(), key=lambda row: row.label),
        parts=sorted(by_part.values(), key=lambda row: (row.obj != department, row.label)),
        total=total,
        charged=charged,
        missing=missing,
    )


@dataclass
class Overview:
    year: int
    rows: list
    total: Row
    it_budget: Decimal | None
    charged: set
    missing: list

    @property
    def coverage(self):
        """The IT unit's revenue (outcome + forecast) as a percentage of its cost budget."""
        if not self.it_budget:
            return None
        return (self.total.total / self.it_budget * 100).quantize(Decimal("0.1"))


def overview(organisation, year, departments):
    """One row per department given (each with its subtree), the total and the IT unit's cost coverage."""
    entries, charged, missing = cost_entries(organisation, year, departments)
    budgets = budgets_by_department(organisation, year)
    rows = [
        Row(label=department.name, obj=department, budget=budget_of(department, budgets)) for department in departments
    ]
    total = Row(label="")
    for entry in entries:
        row = next((row for row in rows if entry.department_path.startswith(row.obj.path)), None)
        if row is not None:
            row.add(entry)
            total.add(entry)
    budgeted = [row.budget for row in rows if row.budget is not None]
    total.budget = sum(budgeted, ZERO) if budgeted else None
    it_budget = (
        Budget.objects.in_organisation(organisation)
        .filter(year=year, kind=BudgetKind.IT_UNIT)
        .values_list("amount", flat=True)
        .first()
    )
    return Overview(year, rows, total, it_budget, charged, missing)


def sees_everything(user, organisation):
    """The person reads every department's costs (head of IT, finance, management group)."""
    return user.is_superuser or access(user).has_role(organisation.pk, *COST_READERS)


def own_departments(user, organisation):
    """The departments a department head or IT coordinator holds their roles for (no nesting)."""
    paths = access(user).department_paths(organisation.pk, *DEPARTMENT_ROLES)
    return top_departments(Department.objects.filter(organisation=organisation, path__in=paths))


def top_departments(departments):
    """Drop the departments that lie under another one of the list."""
    ordered = sorted(departments, key=lambda department: department.path)
    kept = []
    for department in ordered:
        if not any(department.path.startswith(other.path) for other in kept):
            kept.append(department)
    return kept


# ---------------------------------------------------------------------------------------------
# Budget round


class PricesWithFallback:
    """The budget year's published prices, else last year's (and remember which were estimated)."""

    def __init__(self, organisation, year):
        self.year = year
        self.book = PriceBook(organisation, [year, year - 1])
        self.estimated = set()

    def price(self, year, service_id, level_id):
        price = self.book.price(year, service_id, level_id)
        if price is None:
            price = self.book.price(year - 1, service_id, level_id)
            if price is not None:
                self.estimated.add((service_id, level_id))
        return price


@dataclass
class ForecastLine:
    department: object
    service: object
    level: object
    carried: Decimal = ZERO
    needs: Decimal = ZERO
    estimated: bool = False
    missing_price: bool = False
    need_rows: list = field(default_factory=list)

    @property
    def total(self):
        return self.carried + self.needs

    @property
    def key(self):
        return (self.department.pk, self.service.pk, getattr(self.level, "pk", None))


def need_amount(need, prices):
    price = prices.price(need.round.year, need.service_id, need.level_id)
    if price is None:
        return None
    if need.service.unit in MONTHLY_UNITS:
        return price * need.quantity_change * (13 - need.month)
    return price * need.quantity_change


def budget_forecast(budget_round, within=None):
    """Forecast lines (department × service × level) of a budget round's year, sorted."""
    organisation, year = budget_round.organisation, budget_round.year
    prices = PricesWithFallback(organisation, year)
    subscriptions = subscriptions_between(organisation, date(year, 1, 1), date(year, 12, 31), within)
    lines = {}

    def line_for(department, service, level):
        key = (department.pk, service.pk, getattr(level, "pk", None))
        if key not in lines:
            lines[key] = ForecastLine(department, service, level)
        return lines[key]

    for charge in charges_for(subscriptions, months((year, 1), (year, 12)), prices):
        line = line_for(charge.department, charge.service, charge.level)
        line.carried += charge.amount
        line.missing_price |= charge.missing_price
    needs = (
        BudgetNeed.objects.filter(round=budget_round)
        .filter(within_departments(within))
        .select_related("round", "department", "service", "level", "created_by")
    )
    for need in needs:
        line = line_for(need.department, need.service, need.level)
        amount = need_amount(need, prices)
        line.missing_price |= amount is None
        line.needs += amount or ZERO
        line.need_rows.append(need)
    for line in lines.values():
        line.estimated = (line.service.pk, getattr(line.level, "pk", None)) in prices.estimated
    return sorted(lines.values(), key=lambda line: (line.department.path, line.service.name))


def forecast_totals(lines):
    """Totals per department and per service: ([(department, carried, needs, total)], [(service, …)])."""
    by_department, by_service = defaultdict(lambda: [ZERO, ZERO]), defaultdict(lambda: [ZERO, ZERO])
    departments, services = {}, {}
    for line in lines:
        departments[line.department.pk] = line.department
        services[line.service.pk] = line.service
        for totals, key in ((by_department, line.department.pk), (by_service, line.service.pk)):
            totals[key][0] += line.carried
            totals[key][1] += line.needs

    def rows(totals, objects, order):
        return [
            (objects[key], carried, needs, carried + needs)
            for key, (carried, needs) in sorted(totals.items(), key=lambda item: order(objects[item[0]]))
        ]

    return (
        rows(by_department, departments, lambda department: department.path),
        rows(by_service, services, lambda service: service.name),
    )
