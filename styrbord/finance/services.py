"""Every change in finance: orders and their approval, charges and month closing, recorded work,
budgets and the budget round.

Each function is one transaction with a keyword-only ``acting_user`` (None: the system, such as
the demo or a scheduled task), validates before it writes, names the field of each error and
records who acted in the history. Pages, the API, commands, tasks and other apps call these.

Subscriptions are never edited directly: an approved order closes the current period the day
before its effective date and opens the next one, so a subscription's history is its periods.

Charging. A month is *charged* once ``run_month`` has written its subscription lines; while it is
open a new run replaces them (idempotently: an unchanged month is left as it is). Finance
closes months in order, oldest first; a closed month never changes. When something that
concerns a closed month changes later (an order approved with an earlier effective date), the
difference between what was charged and what should have been becomes an adjustment line in the
first open month, pointing at the month and the line it corrects. Work and purchases recorded
for a date in a closed month are charged in the first open month in the same way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as date_type
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from styrbord.catalog.choices import MONTHLY_UNITS, ChargeUnit, ServiceStatus
from styrbord.core.services import apply_changes, save_validated

from . import notifications
from .charging import compute_month, day_before, month_bounds, next_month, published_price, round_ore
from .choices import BudgetKind, ChargeKind, OrderKind, OrderStatus, RoundStatus
from .models import (
    Budget,
    BudgetNeed,
    BudgetRound,
    ChargeLine,
    FinanceSettings,
    MonthClose,
    NoNeedsStatement,
    Order,
    Subscription,
)
from .rules import approves_for_department, approves_for_it
from .scoping import ancestor_paths

# ---------------------------------------------------------------------------------------------
# Validation shared by orders, needs and recorded work


def month_label(year, month):
    return f"{year}-{month:02d}"


def whole_number(value, *, allow_negative=False):
    """``value`` as an int when it is a whole number (positive unless allowed), else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    number = int(number)
    if number == 0 or (number < 0 and not allow_negative):
        return None
    return number


def no_price_message(service, level, year):
    if level is not None:
        return _("No published price for %(service)s %(level)s in %(year)s.") % {
            "service": service.name,
            "level": level.name,
            "year": year,
        }
    return _("No published price for %(service)s in %(year)s.") % {"service": service.name, "year": year}


def resolve_level(service, level, errors):
    """The level to use: the one given (it must be the service's), else the service's default."""
    if level is not None:
        if level.service_id != service.pk:
            errors["level"] = _("The level must be one of the service's levels.")
        return level
    if service.default_level_id:
        return service.default_level
    levels = list(service.levels.filter(is_active=True)[:2])
    if len(levels) == 1:
        return levels[0]
    if levels:
        errors["level"] = _("Choose a service level.")
    return None


def check_department(department, organisation, errors):
    if department.organisation_id != organisation.pk:
        errors["department"] = _("This must belong to the same organisation.")
    elif not department.is_active:
        errors["department"] = _("%(department)s is inactive.") % {"department": department.name}


# ---------------------------------------------------------------------------------------------
# Orders


def period_on(department, service, day):
    """The department's subscription period for the service that is active on ``day``, if any."""
    return (
        Subscription.objects.filter(department=department, service=service, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def _service_errors(order, errors):
    service = order.service
    if service.organisation_id != order.organisation_id:
        errors["service"] = _("This must belong to the same organisation.")
    elif service.unit not in MONTHLY_UNITS:
        errors["service"] = _(
            "%(service)s is charged %(unit)s: it is not subscribed to, IT records it when it is delivered."
        ) % {"service": service.name, "unit": service.get_unit_display()}
    elif service.status == ServiceStatus.RETIRED and order.kind != OrderKind.TERMINATE:
        errors["service"] = _("%(service)s is retired and can no longer be ordered.") % {"service": service.name}
    elif order.kind == OrderKind.NEW and service.status != ServiceStatus.ACTIVE:
        errors["service"] = _("%(service)s is %(status)s: new subscriptions are not taken.") % {
            "service": service.name,
            "status": service.get_status_display().lower(),
        }


def _state_errors(order, errors):
    """The order must fit the subscription periods as they are now; sets ``order.subscription``."""
    day = order.effective_date
    periods = Subscription.objects.filter(department=order.department, service=order.service)
    if order.kind == OrderKind.NEW:
        existing = periods.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("valid_from").first()
        if existing is not None:
            errors["service"] = _(
                "%(department)s already subscribes to %(service)s from %(date)s: order a change instead."
            ) % {"department": order.department.name, "service": order.service.name, "date": existing.valid_from}
        return
    current = period_on(order.department, order.service, day)
    order.subscription = current
    if current is None:
        errors["service"] = _("%(department)s has no subscription to %(service)s on %(date)s.") % {
            "department": order.department.name,
            "service": order.service.name,
            "date": day,
        }
        return
    if current.valid_from >= day:
        errors["effective_date"] = _("The current period started on %(date)s: the change must take effect later.") % {
            "date": current.valid_from
        }
    later = periods.filter(valid_from__gt=day).order_by("valid_from").first()
    if later is not None:
        errors["effective_date"] = _("A change already takes effect on %(date)s: this one must not come before it.") % {
            "date": later.valid_from
        }
    if order.kind == OrderKind.CHANGE:
        order.level = order.level or current.level
        order.quantity = order.quantity or current.quantity
        if order.level == current.level and order.quantity == current.quantity:
            errors["quantity"] = _("This is the current level and quantity: nothing would change.")


def order_errors(order):
    """Everything that stops an order, by field; also fills in defaults from the current period."""
    errors = {}
    if order.effective_date is None:
        errors["effective_date"] = _("Enter the date the order takes effect.")
    check_department(order.department, order.organisation, errors)
    _service_errors(order, errors)
    if errors:
        return errors
    if order.kind == OrderKind.TERMINATE:
        order.quantity = 0
    else:
        quantity = order.quantity
        if quantity is not None or order.kind == OrderKind.NEW:
            quantity = whole_number(quantity)
            if quantity is None:
                errors["quantity"] = _("The quantity must be a positive whole number.")
            order.quantity = quantity
        if order.level is not None or order.kind == OrderKind.NEW:
            order.level = resolve_level(order.service, order.level, errors)
    if errors:
        return errors
    _state_errors(order, errors)
    if not errors and order.kind != OrderKind.TERMINATE:
        year = order.effective_date.year
        if published_price(order.service, order.level, year) is None:
            errors["service"] = no_price_message(order.service, order.level, year)
    return errors


@transaction.atomic
def place_order(
    *, acting_user, department, service, effective_date, kind=OrderKind.NEW, level=None, quantity=None, note=""
):
    """Order a service for a department; a department head's own order carries their approval."""
    order = Order(
        organisation=department.organisation,
        department=department,
        service=service,
        level=level,
        kind=kind,
        quantity=quantity,
        effective_date=effective_date,
        note=note or "",
        ordered_by=acting_user,
        it_review_required=service.requires_it_review,
    )
    errors = order_errors(order)
    if errors:
        raise ValidationError(errors)
    save_validated(order, acting_user=acting_user)
    if acting_user is not None and approves_for_department(acting_user, order):
        _give_approvals(order, acting_user, department=True, it=False)
    if order.status == OrderStatus.SUBMITTED:
        notifications.after_commit("placed", order, acting_user)
    return order


def _give_approvals(order, acting_user, *, department, it):
    now = timezone.now()
    if department:
        order.department_approved_by, order.department_approved_at = acting_user, now
    if it:
        order.it_approved_by, order.it_approved_at = acting_user, now
    if order.department_approved_at is not None and (not order.it_review_required or order.it_approved_at):
        _apply(order, acting_user)
    save_validated(order, acting_user=acting_user)
    if order.status == OrderStatus.APPROVED:
        recharge_from(order.organisation, order.effective_date, acting_user=acting_user, order=order)
        notifications.after_commit("approved", order, acting_user)


def _apply(order, acting_user):
    """Turn the approved order into subscription periods."""
    errors = order_errors(order)
    if errors:
        raise ValidationError(errors)
    current = order.subscription
    previous_end = current.valid_to if current else None
    if current is not None:
        current.valid_to = day_before(order.effective_date)
        current.ended_by = order
        save_validated(current, acting_user=acting_user)
    if order.kind != OrderKind.TERMINATE:
        result = Subscription(
            organisation=order.organisation,
            department=order.department,
            service=order.service,
            level=order.level,
            quantity=order.quantity,
            valid_from=order.effective_date,
            valid_to=previous_end,
            order=order,
            previous=current,
        )
        order.result = save_validated(result, acting_user=acting_user)
    order.status = OrderStatus.APPROVED
    order.decided_by, order.decided_at = acting_user, timezone.now()


def _check_pending(order):
    if order.status != OrderStatus.SUBMITTED:
        raise ValidationError({"status": _("This order is no longer awaiting approval.")})


def _approvals_of(acting_user, order):
    """Which pending approvals ``acting_user`` gives: (department, it). None is the system."""
    if acting_user is None or acting_user.is_superuser:
        return order.needs_department_approval, order.needs_it_approval
    return approves_for_department(acting_user, order), approves_for_it(acting_user, order)


@transaction.atomic
def approve_order(order, *, acting_user):
    """Give every pending approval that is the acting user's to give; apply the order when complete."""
    _check_pending(order)
    department, it = _approvals_of(acting_user, order)
    if not (department or it):
        raise PermissionDenied
    _give_approvals(order, acting_user, department=department, it=it)
    return order


@transaction.atomic
def reject_order(order, *, acting_user, reason):
    _check_pending(order)
    if not any(_approvals_of(acting_user, order)):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the order is rejected.")})
    order.status = OrderStatus.REJECTED
    order.rejection_reason = reason.strip()
    order.decided_by, order.decided_at = acting_user, timezone.now()
    save_validated(order, acting_user=acting_user)
    notifications.after_commit("rejected", order, acting_user)
    return order


@transaction.atomic
def cancel_order(order, *, acting_user):
    _check_pending(order)
    order.status = OrderStatus.CANCELLED
    order.decided_by, order.decided_at = acting_user, timezone.now()
    return save_validated(order, acting_user=acting_user)


# ---------------------------------------------------------------------------------------------
# Charging and month closing


def closed_until(organisation):
    """The last closed month as (year, month), or None; every month up to it is closed."""
    return (
        MonthClose.objects.filter(organisation=organisation)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )


def first_open_month(organisation, not_before):
    """The first month at or after ``not_before`` that is not closed."""
    watermark = closed_until(organisation)
    if watermark is not None and tuple(not_before) <= watermark:
        return next_month(*watermark)
    return tuple(not_before)


def charged_months(organisation, year=None):
    """Months that have been run (they have subscription lines) or closed, oldest first (of ``year``)."""
    run = ChargeLine.objects.filter(organisation=organisation, kind=ChargeKind.MONTHLY)
    closed = MonthClose.objects.filter(organisation=organisation)
    if year is not None:
        run, closed = run.filter(year=year), closed.filter(year=year)
    # order_by(): the model's default ordering would otherwise join the DISTINCT and return every line.
    run = run.values_list("year", "month").order_by().distinct()
    return sorted(set(run) | set(closed.values_list("year", "month")))


@dataclass
class MonthRun:
    year: int
    month: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    adjustments: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # ComputedCharge without a published price

    @property
    def label(self):
        return month_label(self.year, self.month)


MONTHLY_FIELDS = [
    "department_id",
    "service_id",
    "level_id",
    "quantity",
    "unit_price",
    "active_days",
    "days_in_month",
    "amount",
    "order_id",
]


def _monthly_values(charge):
    subscription = charge.subscription
    return {
        "department_id": subscription.department_id,
        "service_id": subscription.service_id,
        "level_id": subscription.level_id,
        "quantity": Decimal(charge.quantity),
        "unit_price": charge.unit_price,
        "active_days": charge.active_days,
        "days_in_month": charge.days_in_month,
        "amount": charge.amount,
        "order_id": subscription.order_id,
    }


@transaction.atomic
def run_month(organisation, year, month, *, acting_user, order=None):
    """Write a month's subscription charges; for a closed month, adjust in the first open month."""
    if month_bounds(year, month)[0] > timezone.localdate():
        raise ValidationError({"month": _("%(month)s has not started yet.") % {"month": month_label(year, month)}})
    computed = compute_month(organisation, year, month)
    run = MonthRun(year, month, missing=[charge for charge in computed if charge.missing_price])
    priced = {charge.subscription.pk: charge for charge in computed if not charge.missing_price}
    unpriced = {charge.subscription.pk for charge in run.missing}
    watermark = closed_until(organisation)
    if watermark is not None and (year, month) <= watermark:
        _adjust_closed_month(organisation, run, priced, unpriced, next_month(*watermark), acting_user, order)
    else:
        _replace_monthly_lines(organisation, run, priced, unpriced, acting_user)
    return run


def _replace_monthly_lines(organisation, run, priced, unpriced, acting_user):
    existing = {
        line.subscription_id: line
        for line in ChargeLine.objects.filter(
            organisation=organisation, kind=ChargeKind.MONTHLY, year=run.year, month=run.month
        )
    }
    created, updated = [], []
    for subscription_id, charge in priced.items():
        values = _monthly_values(charge)
        line = existing.pop(subscription_id, None)
        if line is None:
            created.append(
                ChargeLine(
                    organisation=organisation,
                    kind=ChargeKind.MONTHLY,
                    year=run.year,
                    month=run.month,
                    subscription_id=subscription_id,
                    created_by=acting_user,
                    **values,
                )
            )
        elif any(getattr(line, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(line, name, value)
            updated.append(line)
    if created:
        bulk_create_with_history(created, ChargeLine, default_user=acting_user)
    if updated:
        bulk_update_with_history(
            updated, ChargeLine, fields=[name.removesuffix("_id") for name in MONTHLY_FIELDS], default_user=acting_user
        )
    for subscription_id, line in existing.items():
        if subscription_id not in unpriced:  # without a price now, keep what was charged
            line._history_user = acting_user
            line.delete()
            run.removed += 1
    run.created, run.updated = len(created), len(updated)


def _adjust_closed_month(organisation, run, priced, unpriced, open_month, acting_user, order):
    originals = {
        line.subscription_id: line
        for line in ChargeLine.objects.filter(
            organisation=organisation, kind=ChargeKind.MONTHLY, year=run.year, month=run.month
        )
    }
    charged = defaultdict(Decimal)
    for subscription_id, line in originals.items():
        charged[subscription_id] += line.amount
    for subscription_id, amount in ChargeLine.objects.filter(
        organisation=organisation,
        kind=ChargeKind.ADJUSTMENT,
        corrected_year=run.year,
        corrected_month=run.month,
        subscription__isnull=False,
    ).values_list("subscription_id", "amount"):
        charged[subscription_id] += amount
    keys = (set(priced) | set(charged)) - unpriced
    periods = Subscription.objects.in_bulk(keys - set(priced))
    adjustments = []
    for subscription_id in sorted(keys):
        charge = priced.get(subscription_id)
        difference = (charge.amount if charge else Decimal("0")) - charged.get(subscription_id, Decimal("0"))
        if not difference:
            continue
        subscription = charge.subscription if charge else periods[subscription_id]
        original = originals.get(subscription_id)
        adjustments.append(
            ChargeLine(
                organisation=organisation,
                department_id=subscription.department_id,
                service_id=subscription.service_id,
                level_id=subscription.level_id,
                year=open_month[0],
                month=open_month[1],
                kind=ChargeKind.ADJUSTMENT,
                quantity=Decimal(charge.quantity if charge else 0),
                unit_price=charge.unit_price if charge else (original.unit_price if original else Decimal("0")),
                active_days=charge.active_days if charge else 0,
                days_in_month=charge.days_in_month if charge else None,
                amount=difference,
                subscription_id=subscription_id,
                order=order,
                corrects=original,
                corrected_year=run.year,
                corrected_month=run.month,
                created_by=acting_user,
            )
        )
    if adjustments:
        bulk_create_with_history(adjustments, ChargeLine, default_user=acting_user)
    run.adjustments = adjustments


def recharge_from(organisation, day, *, acting_user, order=None):
    """Run again every charged month from ``day``'s month on, after subscriptions changed."""
    start = (day.year, day.month)
    return [
        run_month(organisation, year, month, acting_user=acting_user, order=order)
        for year, month in charged_months(organisation)
        if (year, month) >= start
    ]


@transaction.atomic
def close_month(organisation, year, month, *, acting_user):
    """Run the month a last time and close it; months are closed in order, oldest first."""
    label = month_label(year, month)
    if month_bounds(year, month)[1] >= timezone.localdate():
        raise ValidationError({"month": _("%(month)s can be closed when it has ended.") % {"month": label}})
    watermark = closed_until(organisation)
    if watermark is not None and (year, month) <= watermark:
        raise ValidationError({"month": _("%(month)s is already closed.") % {"month": label}})
    if watermark is not None and (year, month) != next_month(*watermark):
        raise ValidationError({"month": _("Close %(month)s first.") % {"month": month_label(*next_month(*watermark))}})
    if watermark is None:
        earlier = (
            ChargeLine.objects.filter(organisation=organisation)
            .filter(Q(year__lt=year) | Q(year=year, month__lt=month))
            .order_by("year", "month")
            .values_list("year", "month")
            .first()
        )
        if earlier is not None:
            raise ValidationError({"month": _("Close %(month)s first.") % {"month": month_label(*earlier)}})
    run = run_month(organisation, year, month, acting_user=acting_user)
    if run.missing:
        charge = run.missing[0]
        raise ValidationError(
            {
                "month": _("%(problem)s Publish the price list before closing %(month)s.")
                % {"problem": no_price_message(charge.service, charge.level, year), "month": label}
            }
        )
    closing = MonthClose(
        organisation=organisation, year=year, month=month, closed_by=acting_user, closed_at=timezone.now()
    )
    save_validated(closing, acting_user=acting_user)
    return closing


def _minutes(hours, minutes, errors):
    total = Decimal("0")
    try:
        if hours not in (None, ""):
            total += Decimal(str(hours)) * 60
        if minutes not in (None, ""):
            total += Decimal(str(minutes))
    except (InvalidOperation, ValueError):
        total = Decimal("-1")
    if total <= 0 or total != total.to_integral_value():
        errors["hours"] = _("Enter the time worked as a positive number of whole minutes.")
        return None
    return int(total)


@transaction.atomic
def record_work(
    *,
    acting_user,
    organisation,
    department,
    service,
    date,
    hours=None,
    minutes=None,
    quantity=None,
    level=None,
    description="",
    source=None,
    reference="",
):
    """Charge hourly work or a one-off purchase to a department (the service desk calls this).

    An hour-unit service takes ``hours`` and/or ``minutes``; a one-off service takes a whole
    ``quantity`` (default 1). The price is the published price of the date's year. The line is
    charged in the date's month, or in the first open month when that month is closed.
    ``source`` (any model instance, such as a ticket) is kept as a reference.
    """
    errors = {}
    check_department(department, organisation, errors)
    if service.organisation_id != organisation.pk:
        errors["service"] = _("This must belong to the same organisation.")
    if date is None or date > timezone.localdate():
        errors["date"] = _("Enter a date that is not in the future.")
    work_minutes = units = None
    if service.unit == ChargeUnit.HOUR:
        kind = ChargeKind.HOURLY
        work_minutes = _minutes(hours, minutes, errors)
    elif service.unit == ChargeUnit.ONE_OFF:
        kind = ChargeKind.ONE_OFF
        units = whole_number(1 if quantity in (None, "") else quantity)
        if units is None:
            errors["quantity"] = _("The quantity must be a positive whole number.")
    else:
        errors.setdefault(
            "service",
            _("%(service)s is charged monthly through subscriptions: order it instead.") % {"service": service.name},
        )
    level = resolve_level(service, level, errors)
    if errors:
        raise ValidationError(errors)
    price = published_price(service, level, date.year)
    if price is None:
        raise ValidationError({"service": no_price_message(service, level, date.year)})
    if kind == ChargeKind.HOURLY:
        amount = round_ore(price * work_minutes / 60)
        charged_quantity = round_ore(Decimal(work_minutes) / 60)
    else:
        amount = round_ore(price * units)
        charged_quantity = Decimal(units)
    year, month = first_open_month(organisation, (date.year, date.month))
    if source is not None and not reference:
        reference = f"{source._meta.label_lower}:{source.pk}"
    line = ChargeLine(
        organisation=organisation,
        department=department,
        service=service,
        level=level,
        year=year,
        month=month,
        kind=kind,
        quantity=charged_quantity,
        unit_price=price,
        amount=amount,
        description=(description or "").strip()[:300],
        work_date=date,
        reference=reference[:100],
        created_by=acting_user,
    )
    return save_validated(line, acting_user=acting_user)


# ---------------------------------------------------------------------------------------------
# Settings and budgets

SETTINGS_FIELDS = (
    "cost_account",
    "cost_account_name",
    "revenue_account",
    "revenue_account_name",
    "it_cost_centre",
    "cost_centre_dimension",
    "cost_centre_dimension_name",
    "counterpart_code",
    "counterpart_dimension",
    "voucher_series",
)


@transaction.atomic
def update_settings(organisation, *, acting_user, **changes):
    settings = FinanceSettings.for_organisation(organisation)
    apply_changes(settings, changes, SETTINGS_FIELDS)
    return save_validated(settings, acting_user=acting_user)


@transaction.atomic
def set_budget(*, acting_user, organisation, year, amount, department=None, note=""):
    """Set a department's IT cost budget for a year, or (without a department) the IT unit's."""
    kind = BudgetKind.DEPARTMENT if department is not None else BudgetKind.IT_UNIT
    budget = Budget.objects.filter(organisation=organisation, year=year, kind=kind, department=department).first()
    if budget is None:
        budget = Budget(organisation=organisation, year=year, kind=kind, department=department)
    budget.amount = amount
    budget.note = note or ""
    return save_validated(budget, acting_user=acting_user)


@transaction.atomic
def open_budget_round(*, acting_user, organisation, year, deadline, note=""):
    today = timezone.localdate()
    errors = {}
    if year is None or year <= today.year:
        errors["year"] = _("A budget round is for a coming year.")
    if deadline is None or deadline < today:
        errors["deadline"] = _("The deadline must not have passed.")
    elif year and deadline >= date_type(year, 1, 1):
        errors["deadline"] = _("The deadline must come before the budget year starts.")
    if errors:
        raise ValidationError(errors)
    budget_round = BudgetRound(
        organisation=organisation, year=year, deadline=deadline, note=note, opened_by=acting_user
    )
    return save_validated(budget_round, acting_user=acting_user)


@transaction.atomic
def close_budget_round(budget_round, *, acting_user):
    budget_round.status = RoundStatus.CLOSED
    return save_validated(budget_round, acting_user=acting_user)


NEED_FIELDS = ("department", "service", "level", "quantity_change", "month", "reason")


def _need_errors(need):
    errors = {}
    budget_round = need.round
    if not budget_round.accepts_needs():
        errors["round"] = _("Needs for %(year)s were entered until %(deadline)s; the round is closed.") % {
            "year": budget_round.year,
            "deadline": budget_round.deadline,
        }
        return errors
    check_department(need.department, budget_round.organisation, errors)
    if "department" not in errors:
        said_none = no_needs_over(budget_round, need.department)
        if said_none is not None:
            errors["department"] = _("%(department)s has said it has no needs for %(year)s: withdraw that first.") % {
                "department": said_none.department.name,
                "year": budget_round.year,
            }
    service = need.service
    if service.organisation_id != budget_round.organisation_id:
        errors["service"] = _("This must belong to the same organisation.")
    elif service.status == ServiceStatus.RETIRED:
        errors["service"] = _("%(service)s is retired and can no longer be ordered.") % {"service": service.name}
    quantity = whole_number(need.quantity_change, allow_negative=True)
    if quantity is None:
        errors["quantity_change"] = _("Enter how many units more (positive) or fewer (negative).")
    need.quantity_change = quantity
    if errors:
        return errors
    need.level = resolve_level(service, need.level, errors)
    if quantity < 0 and service.unit in MONTHLY_UNITS:
        start = date_type(budget_round.year, 1, 1)
        subscribed = Subscription.objects.filter(department=need.department, service=service).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )
        if not subscribed.exists():
            errors["quantity_change"] = _("%(department)s has no subscription to %(service)s to reduce.") % {
                "department": need.department.name,
                "service": service.name,
            }
    return errors


def _save_need(need, acting_user):
    errors = _need_errors(need)
    if errors:
        raise ValidationError(errors)
    return save_validated(need, acting_user=acting_user)


@transaction.atomic
def add_need(*, acting_user, round, department, service, quantity_change, month, reason, level=None):
    need = BudgetNeed(
        organisation=round.organisation,
        round=round,
        department=department,
        service=service,
        level=level,
        quantity_change=quantity_change,
        month=month,
        reason=(reason or "").strip(),
        created_by=acting_user,
    )
    return _save_need(need, acting_user)


@transaction.atomic
def update_need(need, *, acting_user, **changes):
    apply_changes(need, changes, NEED_FIELDS)
    return _save_need(need, acting_user)


@transaction.atomic
def delete_need(need, *, acting_user):
    if not need.round.accepts_needs():
        raise ValidationError({"round": _("The deadline has passed: needs can no longer be removed.")})
    need._history_user = acting_user
    need.delete()


def no_needs_over(budget_round, department):
    """The round's "no needs" answer that covers ``department`` (its own or an ancestor's), if any."""
    return (
        NoNeedsStatement.objects.filter(round=budget_round, department__path__in=ancestor_paths(department))
        .select_related("department")
        .first()
    )


def _closed_round_error(budget_round):
    return {
        "round": _("Needs for %(year)s were entered until %(deadline)s; the round is closed.")
        % {"year": budget_round.year, "deadline": budget_round.deadline}
    }


@transaction.atomic
def record_no_needs(*, acting_user, round, department, note=""):
    """The department (and those under it) plans no new services or changes in volume for the round's year."""
    if not round.accepts_needs():
        raise ValidationError(_closed_round_error(round))
    errors = {}
    check_department(department, round.organisation, errors)
    if not errors:
        covering = no_needs_over(round, department)
        if covering is not None:
            errors["department"] = _("%(department)s has already said it has no needs for %(year)s.") % {
                "department": covering.department.name,
                "year": round.year,
            }
        elif BudgetNeed.objects.filter(round=round, department__path__startswith=department.path).exists():
            errors["department"] = _(
                "%(department)s has planned needs for %(year)s: remove them first, or keep them as its answer."
            ) % {"department": department.name, "year": round.year}
    if errors:
        raise ValidationError(errors)
    statement = NoNeedsStatement(
        organisation=round.organisation,
        round=round,
        department=department,
        note=(note or "").strip(),
        recorded_by=acting_user,
    )
    return save_validated(statement, acting_user=acting_user)


@transaction.atomic
def withdraw_no_needs(statement, *, acting_user):
    """Take back a "no needs" answer while the round is open, so that needs can be entered."""
    if not statement.round.accepts_needs():
        raise ValidationError({"round": _("The deadline has passed: the answer can no longer be changed.")})
    statement._history_user = acting_user
    statement.delete()
