"""Demo finance data: a year and a half of orders, changes and subscriptions for every department,
charges for every month up to last month, closed months with a later correction (an adjustment),
budgets, and next year's budget round in progress.

Runs after the catalogue's loader (order 20), whose ``context["catalog"]`` maps an organisation
key to its services by code. Everything goes through the services, as a person would do it:
coordinators order, the department head approves (the system approves for departments without a
demo head), finance runs and closes months. Deterministic (seeded) and idempotent: an
organisation that already has orders is left alone.

Where the catalogue lacks a published price list for a past year the demo needs, one is derived
from the nearest published year (3 % a year) and marked as demo data in its note.
"""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from styrbord.catalog.choices import MONTHLY_UNITS, ChargeUnit, PriceListStatus, ServiceStatus
from styrbord.catalog.models import Price, PriceList
from styrbord.core.demo import demo_loader
from styrbord.organisations.models import Department, Membership

from . import notifications, reports, services
from .charging import month_bounds, months, next_month, previous_month, round_ore
from .choices import OrderKind, OrderStatus
from .models import Order

MONTHS_BACK = 18


def _say(context, message):
    stdout = context.get("stdout")
    if stdout is not None:
        stdout.write(message)


def _months_ago(day, count):
    year, month = day.year, day.month
    for _index in range(count):
        year, month = previous_month(year, month)
    return date(year, month, 1)


def _ensure_price_lists(organisation, years):
    """Published price lists for ``years``; a missing one is derived from the nearest published year."""
    lists = {price_list.year: price_list for price_list in PriceList.objects.filter(organisation=organisation)}
    published = sorted(year for year, price_list in lists.items() if price_list.is_published)
    if not published:
        return "no published price list"
    for year in years:
        if year in lists:
            if not lists[year].is_published:
                return f"the price list of {year} is a draft"
            continue
        source_year = min(published, key=lambda candidate: (abs(candidate - year), -candidate))
        factor = (
            Decimal("1.03") ** (year - source_year) if year > source_year else Decimal("0.97") ** (source_year - year)
        )
        price_list = PriceList.objects.create(
            organisation=organisation,
            year=year,
            status=PriceListStatus.PUBLISHED,
            published_at=timezone.now(),
            note=f"Demo: derived from the prices of {source_year}.",
        )
        bulk_create_with_history(
            [
                Price(
                    price_list=price_list,
                    service_id=price.service_id,
                    level_id=price.level_id,
                    amount=round_ore(price.amount * factor),
                )
                for price in Price.objects.filter(price_list=lists[source_year])
            ],
            Price,
        )
        lists[year] = price_list
    return None


class DemoOrganisation:
    """Builds one organisation's finance history."""

    def __init__(self, context, key, organisation, catalogue):
        self.context = context
        self.organisation = organisation
        self.users = context.get("users", {})
        self.rng = random.Random(f"{organisation.org_number}-finance")  # noqa: S311 - demo data
        self.today = timezone.localdate()
        self.start = _months_ago(self.today, MONTHS_BACK)
        services_by_code = dict(catalogue)
        monthly = [s for s in services_by_code.values() if s.unit in MONTHLY_UNITS and s.status == ServiceStatus.ACTIVE]
        self.base = [s for s in monthly if s.is_base]
        self.optional = [s for s in monthly if not s.is_base]
        self.work = [s for s in services_by_code.values() if s.unit in (ChargeUnit.HOUR, ChargeUnit.ONE_OFF)]
        self.departments = list(
            Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
        )
        counts = (
            Membership.objects.filter(organisation=organisation, is_active=True, department__isnull=False)
            .values("department")
            .annotate(n=Count("id"))
        )
        self.members = Counter({row["department"]: row["n"] for row in counts})
        head = self.users.get("verksamhetschef")
        self.head_paths = self._paths(head)
        coordinator = self.users.get("samordnare")
        self.coordinator_paths = self._paths(coordinator)

    def _paths(self, user):
        if user is None:
            return []
        from styrbord.core.tenancy import access

        return access(user).department_paths(self.organisation.pk, "department_head", "it_coordinator")

    def orderer(self, department):
        coordinator = self.users.get("samordnare")
        if coordinator and any(department.path.startswith(path) for path in self.coordinator_paths):
            return coordinator
        return self.users.get("itchef")

    def approver(self, department):
        head = self.users.get("verksamhetschef")
        if head and any(department.path.startswith(path) for path in self.head_paths):
            return head
        return None  # the system approves for departments without a demo head

    def order(self, department, service, day, *, kind=OrderKind.NEW, quantity=None, level=None, approve=True, note=""):
        """Place (and approve) an order; one the catalogue cannot take (no price that year) is skipped."""
        try:
            return self._order(
                department, service, day, kind=kind, quantity=quantity, level=level, approve=approve, note=note
            )
        except ValidationError:
            return None

    def _order(self, department, service, day, *, kind, quantity, level, approve, note):
        order = services.place_order(
            acting_user=self.orderer(department),
            department=department,
            service=service,
            kind=kind,
            quantity=quantity,
            level=level,
            effective_date=day,
            note=note,
        )
        if approve:
            while order.status == OrderStatus.SUBMITTED:
                approver = self.approver(department) if order.needs_department_approval else self.users.get("itchef")
                services.approve_order(order, acting_user=approver)
        return order

    def headcount(self, department):
        return max(self.members[department.pk], 2)

    def build(self):
        self.initial_subscriptions()
        self.changes_over_time()
        last = previous_month(self.today.year, self.today.month)
        for year, month in months((self.start.year, self.start.month), last):
            services.run_month(self.organisation, year, month, acting_user=None)
        self.recorded_work(last)
        self.close_and_correct(last)
        self.pending_orders()
        self.budgets()
        self.budget_round()

    def initial_subscriptions(self):
        for department in self.departments:
            people = self.headcount(department)
            for service in self.base:
                quantity = people if service.unit == ChargeUnit.USER else max(1, round(people * 0.8))
                if service.unit not in (ChargeUnit.USER, ChargeUnit.DEVICE):
                    quantity = self.rng.randint(1, 3)
                self.order(department, service, self.start, quantity=quantity, note="Övertagna abonnemang")
            for service in self.optional:
                if self.rng.random() < 0.3:
                    self.order(department, service, self.start, quantity=self.rng.randint(1, max(2, people // 4)))

    def changes_over_time(self):
        """Volume and level changes and terminations, each dated after the previous change."""
        from .models import Subscription

        first_change = next_month(self.start.year, self.start.month)
        last = previous_month(self.today.year, self.today.month)
        candidates = list(months(first_change, last))
        for period in Subscription.objects.in_organisation(self.organisation).select_related(
            "department", "service", "level"
        ):
            if self.rng.random() > 0.35 or not candidates:
                continue
            year, month = self.rng.choice(candidates)
            day = date(year, month, self.rng.choice([1, 1, 1, 10, 15]))
            roll = self.rng.random()
            other_levels = [level for level in period.service.levels.all() if level.pk != period.level_id]
            if roll < 0.15 and not period.service.is_base:
                self.order(period.department, period.service, day, kind=OrderKind.TERMINATE, note="Behövs inte längre")
            elif roll < 0.35 and other_levels:
                self.order(
                    period.department,
                    period.service,
                    day,
                    kind=OrderKind.CHANGE,
                    level=self.rng.choice(other_levels),
                    note="Byte av servicenivå",
                )
            else:
                quantity = max(1, period.quantity + self.rng.choice([-3, -2, -1, 1, 2, 3, 5]))
                if quantity != period.quantity:
                    self.order(
                        period.department,
                        period.service,
                        day,
                        kind=OrderKind.CHANGE,
                        quantity=quantity,
                        note="Ändrat antal",
                    )

    def recorded_work(self, last):
        if not self.work:
            return
        technician = self.users.get("tekniker") or self.users.get("itchef")
        for _index in range(min(24, 2 * len(self.departments))):
            year, month = self.rng.choice(list(months((self.start.year, self.start.month), last)))
            day = date(year, month, self.rng.randint(1, month_bounds(year, month)[1].day))
            service = self.rng.choice(self.work)
            kwargs = (
                {"hours": Decimal(self.rng.choice([1, 2, 3, 4, 6])) / 2}
                if service.unit == ChargeUnit.HOUR
                else {"quantity": self.rng.randint(1, 3)}
            )
            services.record_work(
                acting_user=technician,
                organisation=self.organisation,
                department=self.rng.choice(self.departments),
                service=service,
                date=day,
                description="Beställt arbete" if service.unit == ChargeUnit.HOUR else "Inköp",
                **kwargs,
            )

    def close_and_correct(self, last):
        """Close every month but the last; then a correction dated in the last closed month."""
        finance = self.users.get("ekonomi")
        closable = list(months((self.start.year, self.start.month), previous_month(*last)))
        for year, month in closable:
            services.close_month(self.organisation, year, month, acting_user=finance)
        if not closable:
            return
        year, month = closable[-1]
        from .models import Subscription

        day = date(year, month, 10)
        period = (
            Subscription.objects.in_organisation(self.organisation)
            .filter(valid_from__lt=day, valid_to__isnull=True, service__in=self.base)
            .select_related("department", "service")
            .order_by("department__path")
            .first()
        )
        if period is not None:
            self.order(
                period.department,
                period.service,
                day,
                kind=OrderKind.CHANGE,
                quantity=period.quantity + 4,
                note="Efterregistrerad ändring: nya medarbetare från den 10:e",
            )

    def pending_orders(self):
        day = date(*next_month(self.today.year, self.today.month), 1)
        for department in [d for d in self.departments if self.orderer(d) == self.users.get("samordnare")][:3]:
            services_to_add = list(self.optional)
            self.rng.shuffle(services_to_add)
            for service in services_to_add:
                note = "Behov inför nästa termin"
                if self.order(department, service, day, quantity=self.rng.randint(1, 5), approve=False, note=note):
                    break

    def budgets(self):
        finance = self.users.get("ekonomi")
        year = self.today.year
        roots = [department for department in self.departments if department.parent_id is None]
        overview = reports.overview(self.organisation, year, roots)
        for row in overview.rows:
            amount = (row.total * Decimal(str(self.rng.uniform(0.97, 1.1)))).quantize(Decimal("1000"))
            services.set_budget(
                acting_user=finance, organisation=self.organisation, year=year, department=row.obj, amount=amount
            )
        it_budget = (overview.total.total * Decimal("1.03")).quantize(Decimal("1000"))
        services.set_budget(
            acting_user=finance,
            organisation=self.organisation,
            year=year,
            amount=it_budget,
            note="IT-enhetens kostnadsbudget",
        )

    def budget_round(self):
        itchef = self.users.get("itchef")
        year = self.today.year + 1
        deadline = min(self.today + timedelta(days=30), date(self.today.year, 12, 31))
        budget_round = services.open_budget_round(
            acting_user=itchef,
            organisation=self.organisation,
            year=year,
            deadline=deadline,
            note="Gå igenom prognosen och lägg in nya behov och förändrade volymer.",
        )
        coordinator = self.users.get("samordnare")
        mine = [d for d in self.departments if self.orderer(d) == coordinator and coordinator is not None]
        for department in mine[:3]:
            for service in self.base[:1]:
                services.add_need(
                    acting_user=coordinator,
                    round=budget_round,
                    department=department,
                    service=service,
                    quantity_change=self.rng.choice([3, 5, 8]),
                    month=8,
                    reason="Fler elever och ny personal till höstterminen",
                )
            if self.optional:
                services.add_need(
                    acting_user=coordinator,
                    round=budget_round,
                    department=department,
                    service=self.rng.choice(self.optional),
                    quantity_change=self.rng.randint(1, 4),
                    month=self.rng.randint(1, 6),
                    reason="Nytt behov i verksamheten",
                )


@demo_loader(order=30)
def load(context):
    catalog = context.get("catalog")
    if not catalog:
        _say(context, "Finance demo skipped: the catalogue demo has not run (no context['catalog']).")
        return
    today = timezone.localdate()
    start = _months_ago(today, MONTHS_BACK)
    for key, organisation in context.get("organisations", {}).items():
        catalogue = catalog.get(key)
        if not catalogue:
            _say(context, f"Finance demo: no catalogue for {organisation.name}, skipped.")
            continue
        if Order.objects.in_organisation(organisation).exists():
            continue
        problem = _ensure_price_lists(organisation, range(start.year, today.year + 1))
        if problem:
            _say(context, f"Finance demo: {organisation.name} skipped ({problem}).")
            continue
        settings_department = next(
            (
                d
                for d in context.get("departments", {}).values()
                if d.organisation_id == organisation.pk and d.name.lower().startswith("it")
            ),
            Department.objects.in_organisation(organisation)
            .filter(parent__isnull=True)
            .order_by("cost_centre")
            .first(),
        )
        services.update_settings(
            organisation, acting_user=None, it_cost_centre=getattr(settings_department, "cost_centre", "")
        )
        with notifications.muted():  # a year of orders, not a year of e-mail
            DemoOrganisation(context, key, organisation, catalogue).build()
        _say(context, f"Finance demo: {organisation.name} has orders, subscriptions, charges and a budget round.")
