"""Every change to the service catalogue: areas, services, levels with their targets,
business calendars with their opening hours and closed days, price lists and prices.

Each function is one transaction, validates before it writes, and records who acted in
the change history. Pages, the API, commands and the demo loader all call these.

A published price list is frozen: setting, changing or deleting one of its prices is
refused with an error on ``amount``. Publishing needs a price for every level of every
monthly-charged service in the catalogue.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated

from .choices import CATALOGUE_STATUSES, MONTHLY_UNITS, PriceListStatus, ServiceStatus
from .models import (
    BusinessCalendar,
    ClosedDay,
    CompetenceArea,
    LevelTarget,
    OpeningSegment,
    Price,
    PriceList,
    Service,
    ServiceLevel,
    frozen_error,
)

DEFAULT_AREAS = Path(__file__).parent / "data" / "areas.yaml"

AREA_FIELDS = ("name", "code", "description", "order", "is_active")
SERVICE_FIELDS = (
    "area",
    "name",
    "code",
    "summary",
    "description",
    "includes",
    "excludes",
    "responsible",
    "status",
    "is_base",
    "is_standard",
    "unit",
    "requires_it_review",
    "default_level",
)
LEVEL_FIELDS = ("name", "description", "calendar", "availability_target", "maintenance_window", "order", "is_active")
CALENDAR_FIELDS = ("name", "description", "always_open", "closed_on_public_holidays", "closed_on_de_facto_holidays")
CLOSED_DAY_FIELDS = ("date", "name", "calendar")
PRICE_LIST_FIELDS = ("note",)
ORE = Decimal("0.01")
KRONA = Decimal("1")


def _save(instance, changes, allowed, *, acting_user):
    """Set the allowed fields (refusing others by name), validate and save with history."""
    return save_validated(apply_changes(instance, changes, allowed), acting_user=acting_user)


def _delete(instance, *, acting_user):
    instance._history_user = acting_user
    instance.delete()


def _messages(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


# Competence areas -----------------------------------------------------------------------


@transaction.atomic
def create_area(*, acting_user, organisation, **fields):
    return _save(CompetenceArea(organisation=organisation), fields, AREA_FIELDS, acting_user=acting_user)


@transaction.atomic
def update_area(area, *, acting_user, **changes):
    return _save(area, changes, AREA_FIELDS, acting_user=acting_user)


@transaction.atomic
def create_default_areas(*, acting_user, organisation):
    """Add the default competence areas (data/areas.yaml) that the organisation lacks."""
    data = yaml.safe_load(DEFAULT_AREAS.read_text(encoding="utf-8"))
    existing = set(CompetenceArea.objects.filter(organisation=organisation).values_list("code", flat=True))
    return [
        create_area(acting_user=acting_user, organisation=organisation, **spec)
        for spec in data["areas"]
        if spec["code"] not in existing
    ]


# Services -------------------------------------------------------------------------------


@transaction.atomic
def create_service(*, acting_user, organisation, **fields):
    return _save(Service(organisation=organisation), fields, SERVICE_FIELDS, acting_user=acting_user)


@transaction.atomic
def update_service(service, *, acting_user, **changes):
    if "unit" in changes and changes["unit"] != service.unit and _has_published_prices(service):
        raise ValidationError(
            {"unit": _("The service has published prices in its current unit: it cannot change unit.")}
        )
    return _save(service, changes, SERVICE_FIELDS, acting_user=acting_user)


def _has_published_prices(service):
    return Price.objects.filter(service=service, price_list__status=PriceListStatus.PUBLISHED).exists()


# Service levels and their targets -------------------------------------------------------


@transaction.atomic
def create_level(*, acting_user, service, targets=None, **fields):
    level = _save(ServiceLevel(service=service), fields, LEVEL_FIELDS, acting_user=acting_user)
    if targets is not None:
        set_targets(level, targets, acting_user=acting_user)
    return level


@transaction.atomic
def update_level(level, *, acting_user, targets=None, **changes):
    _save(level, changes, LEVEL_FIELDS, acting_user=acting_user)
    if targets is not None:
        set_targets(level, targets, acting_user=acting_user)
    return level


@transaction.atomic
def set_targets(level, targets, *, acting_user):
    """Make the level's targets exactly ``targets``: [{priority, response_minutes, resolution_minutes}, ...].

    Priorities not listed lose their target. Errors are reported on ``targets``, naming the priority.
    """
    wanted, errors = {}, []
    for item in targets:
        priority = item.get("priority")
        if priority in wanted:
            errors.append(_("P%(priority)s is listed more than once.") % {"priority": priority})
        wanted[priority] = item
    existing = {target.priority: target for target in level.targets.all()}
    for priority, item in sorted(wanted.items(), key=lambda pair: (pair[0] is None, pair[0] or 0)):
        target = existing.pop(priority, None) or LevelTarget(level=level, priority=priority)
        target.response_minutes = item.get("response_minutes")
        target.resolution_minutes = item.get("resolution_minutes")
        try:
            save_validated(target, acting_user=acting_user)
        except ValidationError as error:
            label = f"P{priority}" if priority is not None else _("A target")
            errors.extend(f"{label}: {message}" for message in _messages(error))
    if errors:
        raise ValidationError({"targets": errors})
    for target in existing.values():
        _delete(target, acting_user=acting_user)
    return level


# Business calendars ---------------------------------------------------------------------


@transaction.atomic
def create_calendar(*, acting_user, organisation, segments=None, closed_days=None, **fields):
    calendar = _save(BusinessCalendar(organisation=organisation), fields, CALENDAR_FIELDS, acting_user=acting_user)
    return _set_calendar_parts(calendar, segments, closed_days, acting_user=acting_user)


@transaction.atomic
def update_calendar(calendar, *, acting_user, segments=None, closed_days=None, **changes):
    _save(calendar, changes, CALENDAR_FIELDS, acting_user=acting_user)
    return _set_calendar_parts(calendar, segments, closed_days, acting_user=acting_user)


def _set_calendar_parts(calendar, segments, closed_days, *, acting_user):
    if segments is not None:
        set_segments(calendar, segments, acting_user=acting_user)
    if closed_days is not None:
        set_closed_days(calendar, closed_days, acting_user=acting_user)
    if not calendar.always_open and not calendar.segments.exists():
        raise ValidationError({"segments": _("Give the calendar at least one opening segment, or make it open 24/7.")})
    return calendar


@transaction.atomic
def set_segments(calendar, segments, *, acting_user):
    """Make the calendar's opening hours exactly ``segments``: [{weekday, opens, closes}, ...].

    Segments of one weekday may not overlap. Errors are reported on ``segments``.
    """
    errors, wanted = [], []
    for item in segments:
        segment = OpeningSegment(calendar=calendar, **{k: item.get(k) for k in ("weekday", "opens", "closes")})
        try:
            segment.full_clean()
        except ValidationError as error:
            errors.extend(_messages(error))
            continue
        wanted.append(segment)
    wanted.sort(key=lambda s: (s.weekday, s.opens))
    for before, after in zip(wanted, wanted[1:], strict=False):
        if before.weekday == after.weekday and after.opens < before.closes:
            errors.append(
                _("%(day)s: %(first)s and %(second)s overlap.")
                % {"day": before.get_weekday_display(), "first": before, "second": after}
            )
    if errors:
        raise ValidationError({"segments": errors})
    existing = {(s.weekday, s.opens, s.closes): s for s in calendar.segments.all()}
    for segment in wanted:
        if existing.pop((segment.weekday, segment.opens, segment.closes), None) is None:
            save_validated(segment, acting_user=acting_user)
    for segment in existing.values():
        _delete(segment, acting_user=acting_user)
    return calendar


@transaction.atomic
def set_closed_days(calendar, days, *, acting_user):
    """Make the calendar's own closed days exactly ``days``: [{date, name}, ...]."""
    wanted, errors = {}, []
    for item in days:
        if item.get("date") in wanted:
            errors.append(_("%(date)s is listed more than once.") % {"date": item.get("date")})
        wanted[item.get("date")] = item.get("name", "")
    existing = {day.date: day for day in calendar.closed_days.all()}
    for date, name in wanted.items():
        day = existing.pop(date, None) or ClosedDay(organisation=calendar.organisation, calendar=calendar, date=date)
        if day.pk and day.name == name:
            continue
        day.name = name
        try:
            save_validated(day, acting_user=acting_user)
        except ValidationError as error:
            errors.extend(f"{date}: {message}" for message in _messages(error))
    if errors:
        raise ValidationError({"closed_days": errors})
    for day in existing.values():
        _delete(day, acting_user=acting_user)
    return calendar


def _check_closed_day_is_new(day):
    duplicate = ClosedDay.objects.filter(organisation=day.organisation, calendar=day.calendar, date=day.date)
    if day.pk:
        duplicate = duplicate.exclude(pk=day.pk)
    if duplicate.exists():
        raise ValidationError({"date": _("This day is already closed.")})


@transaction.atomic
def add_closed_day(*, acting_user, organisation, **fields):
    """A day the organisation closes: in every calendar (no ``calendar``) or in one."""
    day = apply_changes(ClosedDay(organisation=organisation), fields, CLOSED_DAY_FIELDS)
    _check_closed_day_is_new(day)
    return save_validated(day, acting_user=acting_user)


@transaction.atomic
def update_closed_day(day, *, acting_user, **changes):
    apply_changes(day, changes, CLOSED_DAY_FIELDS)
    _check_closed_day_is_new(day)
    return save_validated(day, acting_user=acting_user)


@transaction.atomic
def delete_closed_day(day, *, acting_user):
    _delete(day, acting_user=acting_user)


# Price lists and prices -----------------------------------------------------------------


@transaction.atomic
def create_price_list(*, acting_user, organisation, year, note=""):
    """A draft price list for a budget year."""
    price_list = PriceList(organisation=organisation, year=year, note=note, status=PriceListStatus.DRAFT)
    return save_validated(price_list, acting_user=acting_user)


@transaction.atomic
def update_price_list(price_list, *, acting_user, **changes):
    return _save(price_list, changes, PRICE_LIST_FIELDS, acting_user=acting_user)


def adjusted_amount(amount, percent, *, whole_kronor=False):
    """``amount`` changed by ``percent`` per cent, rounded half up to öre.

    With ``whole_kronor``, prices of 10 kr and more are rounded to whole kronor; smaller ones
    (such as prices per GB) keep their öre.
    """
    result = Decimal(amount) * (Decimal(100) + Decimal(percent)) / Decimal(100)
    step = KRONA if whole_kronor and result >= 10 else ORE
    return result.quantize(step, rounding=ROUND_HALF_UP)


@transaction.atomic
def copy_price_list(source, *, acting_user, year, percent=Decimal("0"), whole_kronor=False, note=None):
    """A new draft for ``year`` with every price of ``source`` changed by ``percent`` per cent.

    Prices of retired services and inactive levels are left out.
    """
    percent = Decimal(percent)
    if percent <= Decimal(-100):
        raise ValidationError(
            {"percent": _("A change of -100 per cent or less would make the prices zero or negative.")}
        )
    if note is None:
        note = _("Copied from %(year)s with a change of %(percent)s %%.") % {"year": source.year, "percent": percent}
    target = create_price_list(acting_user=acting_user, organisation=source.organisation, year=year, note=note)
    prices = (
        source.prices.exclude(service__status=ServiceStatus.RETIRED)
        .exclude(level__is_active=False)
        .select_related("service", "level")
    )
    for price in prices:
        copy = Price(
            price_list=target,
            service=price.service,
            level=price.level,
            amount=adjusted_amount(price.amount, percent, whole_kronor=whole_kronor),
        )
        save_validated(copy, acting_user=acting_user)
    return target


@transaction.atomic
def set_price(price_list, *, acting_user, service, level=None, amount):
    """Set (add or change) the price of a service at a level in a draft price list."""
    if price_list.is_published:
        raise frozen_error(price_list)
    if level is None and service.levels.filter(is_active=True).exists():
        raise ValidationError({"level": _("This service is offered at levels: choose the level the price is for.")})
    price = Price.objects.filter(price_list=price_list, service=service, level=level).first()
    if price is None:
        price = Price(price_list=price_list, service=service, level=level)
    price.amount = amount
    return save_validated(price, acting_user=acting_user)


@transaction.atomic
def update_price(price, *, acting_user, amount):
    return set_price(price.price_list, acting_user=acting_user, service=price.service, level=price.level, amount=amount)


@transaction.atomic
def delete_price(price, *, acting_user):
    if price.price_list.is_published:
        raise frozen_error(price.price_list)
    _delete(price, acting_user=acting_user)


@transaction.atomic
def set_prices(price_list, rows, *, acting_user):
    """Set a table of prices at once: ``rows`` of (service, level, amount); an empty amount removes the price."""
    if price_list.is_published:
        raise frozen_error(price_list)
    existing = {(p.service_id, p.level_id): p for p in price_list.prices.all()}
    for service, level, amount in rows:
        current = existing.get((service.pk, getattr(level, "pk", None)))
        if amount is None:
            if current is not None:
                _delete(current, acting_user=acting_user)
        elif current is None or current.amount != amount:
            set_price(price_list, acting_user=acting_user, service=service, level=level, amount=amount)
    return price_list


def priced_items(organisation, services=None):
    """What a price list prices: (service, level or None) of every service that is not retired, in order.

    A service with active levels is priced per level; one without levels has one price.
    ``services`` narrows the services (e.g. to those a user may see).
    """
    services = (
        (Service.objects.all() if services is None else services)
        .filter(organisation=organisation)
        .exclude(status=ServiceStatus.RETIRED)
        .select_related("area")
        .prefetch_related(
            Prefetch("levels", queryset=ServiceLevel.objects.filter(is_active=True), to_attr="active_levels")
        )
        .order_by("area__order", "area__name", "name")
    )
    for service in services:
        for level in service.active_levels or [None]:
            yield service, level


def missing_prices(price_list):
    """(service, level) pairs that must be priced before the list can be published.

    Every level of every monthly-charged service in the catalogue (active or retiring) needs a
    price; services charged per hour or per purchase and planned services may wait.
    """
    priced = set(price_list.prices.values_list("service_id", "level_id"))
    return [
        (service, level)
        for service, level in priced_items(price_list.organisation)
        if service.status in CATALOGUE_STATUSES
        and service.unit in MONTHLY_UNITS
        and (service.pk, getattr(level, "pk", None)) not in priced
    ]


@transaction.atomic
def publish_price_list(price_list, *, acting_user):
    """Publish a draft price list: its prices become the year's prices and are frozen."""
    if price_list.is_published:
        raise ValidationError(
            {"status": _("The price list for %(year)s is already published.") % {"year": price_list.year}}
        )
    missing = missing_prices(price_list)
    if missing:
        raise ValidationError(
            {
                "prices": [
                    _("%(service)s, level %(level)s, has no price.") % {"service": service, "level": level.name}
                    if level is not None
                    else _("%(service)s has no price.") % {"service": service}
                    for service, level in missing
                ]
            }
        )
    price_list.status = PriceListStatus.PUBLISHED
    price_list.published_at = timezone.now()
    price_list.published_by = acting_user
    return save_validated(price_list, acting_user=acting_user)


# Reading prices -------------------------------------------------------------------------


def published_price_list(organisation, year):
    """The organisation's published price list for ``year``, or None."""
    return PriceList.objects.filter(organisation=organisation, year=year, status=PriceListStatus.PUBLISHED).first()


def price_for(service, level, year):
    """The published price of ``service`` at ``level`` (None for a service without levels) in ``year``, or None."""
    return (
        Price.objects.filter(
            price_list__organisation_id=service.organisation_id,
            price_list__year=year,
            price_list__status=PriceListStatus.PUBLISHED,
            service=service,
            level=level,
        )
        .values_list("amount", flat=True)
        .first()
    )
