"""The demo service catalogue (data/catalogue.yaml) for every demo organisation.

Norrbäcken's IT unit also serves Fjällby, so both get the same catalogue: the default
competence areas, three business calendars, 29 services with their levels, and price lists
for last year and this year (published) and next year (a draft in the budget round).

Idempotent: rows are found by their natural keys (area and service code, calendar and level
name, price-list year) and only missing ones are created. For later loaders the context gets:

- ``catalog``: {org_key: {service_code: Service}}
- ``catalog_levels``: {org_key: {service_code: {level_key: ServiceLevel}}}, level keys as in
  the YAML file ("bas", "standard", "utokad")
- ``catalog_areas``: {org_key: {area_code: CompetenceArea}}
- ``catalog_calendars``: {org_key: {calendar_name: BusinessCalendar}}
- ``price_lists``: {org_key: {year: PriceList}}
"""

from datetime import time
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader

from . import services
from .choices import PriceListStatus, ServiceStatus, Weekday
from .models import BusinessCalendar, CompetenceArea, PriceList, Service, ServiceLevel

DATA = Path(__file__).parent / "data" / "catalogue.yaml"
WEEKDAYS = range(Weekday.MONDAY, Weekday.FRIDAY + 1)
SERVICE_TEXT_FIELDS = ("summary", "description", "includes", "excludes")


def _time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def weekday_segments(ranges):
    """["08:00-17:00", ...] → one segment per range on every weekday Monday to Friday."""
    segments = []
    for text in ranges:
        opens, closes = (_time(part) for part in text.split("-"))
        segments += [{"weekday": day, "opens": opens, "closes": closes} for day in WEEKDAYS]
    return segments


def _calendar(organisation, spec, acting_user):
    calendar = BusinessCalendar.objects.filter(organisation=organisation, name=spec["name"]).first()
    if calendar is not None:
        return calendar
    return services.create_calendar(
        acting_user=acting_user,
        organisation=organisation,
        name=spec["name"],
        description=spec.get("description", ""),
        always_open=spec.get("always_open", False),
        closed_on_public_holidays=spec.get("closed_on_public_holidays", True),
        closed_on_de_facto_holidays=spec.get("closed_on_de_facto_holidays", True),
        segments=weekday_segments(spec.get("weekdays", [])),
        closed_days=spec.get("closed_days", []),
    )


def _level(service, template, calendars, acting_user):
    level = ServiceLevel.objects.filter(service=service, name=template["name"]).first()
    if level is not None:
        return level
    return services.create_level(
        acting_user=acting_user,
        service=service,
        name=template["name"],
        order=template["order"],
        description=template.get("description", ""),
        calendar=calendars[template["calendar"]],
        availability_target=Decimal(str(template["availability_target"])),
        maintenance_window=template.get("maintenance_window", ""),
        targets=[
            {"priority": priority, "response_minutes": response, "resolution_minutes": resolution}
            for priority, (response, resolution) in enumerate(template["targets"], start=1)
        ],
    )


def _service(organisation, spec, *, areas, calendars, templates, responsible, acting_user):
    service = Service.objects.filter(organisation=organisation, code=spec["code"]).first()
    if service is None:
        service = services.create_service(
            acting_user=acting_user,
            organisation=organisation,
            area=areas[spec["area"]],
            code=spec["code"],
            name=spec["name"],
            unit=spec["unit"],
            status=spec.get("status", ServiceStatus.ACTIVE),
            is_base=spec.get("is_base", False),
            requires_it_review=spec.get("requires_it_review", False),
            responsible=responsible.get(spec["area"]),
            **{field: spec.get(field, "").strip() for field in SERVICE_TEXT_FIELDS},
        )
    overrides = spec.get("overrides", {})
    levels = {
        key: _level(service, {**templates[key], **overrides.get(key, {})}, calendars, acting_user)
        for key in spec.get("levels", [])
    }
    if levels and service.default_level_id is None:
        services.update_service(service, acting_user=acting_user, default_level=next(iter(levels.values())))
    return service, levels


def _price_lists(organisation, data, catalogue, levels, acting_user):
    """Each year's list: the first from the YAML prices, later ones copied from the year before."""
    this_year = timezone.localdate().year
    first_offset = data["price_lists"][0]["year_offset"]
    lists, previous = {}, None
    for entry in data["price_lists"]:
        offset = entry["year_offset"]
        year = this_year + offset
        price_list = PriceList.objects.filter(organisation=organisation, year=year).first()
        if price_list is None:
            note = entry.get("note", "")
            if previous is None:
                price_list = services.create_price_list(
                    acting_user=acting_user, organisation=organisation, year=year, note=note
                )
            else:
                price_list = services.copy_price_list(
                    previous,
                    acting_user=acting_user,
                    year=year,
                    percent=Decimal(str(entry["increase"])),
                    whole_kronor=True,
                    note=note,
                )
            for spec in data["services"]:
                first_priced = spec.get("first_year_offset", first_offset)
                if first_priced == offset or (previous is None and first_priced < offset):
                    for key, amount in spec["prices"].items():
                        services.set_price(
                            price_list,
                            acting_user=acting_user,
                            service=catalogue[spec["code"]],
                            level=levels[spec["code"]].get(key),
                            amount=Decimal(str(amount)),
                        )
            if entry["status"] == PriceListStatus.PUBLISHED:
                services.publish_price_list(price_list, acting_user=acting_user)
        lists[year] = previous = price_list
    return lists


def load_catalogue(organisation, data, *, users, acting_user):
    services.create_default_areas(acting_user=acting_user, organisation=organisation)
    areas = {area.code: area for area in CompetenceArea.objects.filter(organisation=organisation)}
    calendars = {spec["name"]: _calendar(organisation, spec, acting_user) for spec in data["calendars"]}
    responsible = {area: users.get(username) for area, username in data["responsible"].items()}
    catalogue, levels = {}, {}
    for spec in data["services"]:
        catalogue[spec["code"]], levels[spec["code"]] = _service(
            organisation,
            spec,
            areas=areas,
            calendars=calendars,
            templates=data["levels"],
            responsible=responsible,
            acting_user=acting_user,
        )
    price_lists = _price_lists(organisation, data, catalogue, levels, acting_user)
    return areas, calendars, catalogue, levels, price_lists


@demo_loader(order=20)
def load(context):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    users = context.get("users", {})
    acting_user = users.get("itchef")
    results = {
        key: load_catalogue(organisation, data, users=users, acting_user=acting_user)
        for key, organisation in context["organisations"].items()
    }
    context.update(
        catalog_areas={key: result[0] for key, result in results.items()},
        catalog_calendars={key: result[1] for key, result in results.items()},
        catalog={key: result[2] for key, result in results.items()},
        catalog_levels={key: result[3] for key, result in results.items()},
        price_lists={key: result[4] for key, result in results.items()},
    )
