"""Catalogue rows for tests, made through the services like everything else."""

from decimal import Decimal

from django.utils import timezone

from styrbord.catalog import services
from styrbord.catalog.choices import ChargeUnit, ServiceStatus
from styrbord.catalog.demo import weekday_segments
from styrbord.core.testing import unique

TARGETS = [
    {"priority": 1, "response_minutes": 30, "resolution_minutes": 240},
    {"priority": 2, "response_minutes": 60, "resolution_minutes": 480},
    {"priority": 3, "response_minutes": 240, "resolution_minutes": 1440},
    {"priority": 4, "response_minutes": 480, "resolution_minutes": 2400},
]


def this_year():
    return timezone.localdate().year


def make_calendar(organisation, *, name=None, hours=("08:00-17:00",), always_open=False, **fields):
    """Office hours Monday to Friday (closed on public and de facto holidays) unless told otherwise."""
    return services.create_calendar(
        acting_user=None,
        organisation=organisation,
        name=name or unique("Kalender "),
        always_open=always_open,
        segments=[] if always_open else weekday_segments(hours),
        **fields,
    )


def make_area(organisation, **fields):
    fields.setdefault("name", unique("Område "))
    fields.setdefault("code", unique("omrade-"))
    return services.create_area(acting_user=None, organisation=organisation, **fields)


def make_service(organisation, *, levels=("Bas", "Standard"), calendar=None, **fields):
    """A service with levels (each with targets for P1–P4) on ``calendar`` (a new office-hours one)."""
    fields.setdefault("area", make_area(organisation))
    fields.setdefault("name", unique("Tjänst "))
    fields.setdefault("code", unique("tjanst-"))
    fields.setdefault("unit", ChargeUnit.USER)
    fields.setdefault("status", ServiceStatus.ACTIVE)
    service = services.create_service(acting_user=None, organisation=organisation, **fields)
    if levels:
        calendar = calendar or make_calendar(organisation)
        for order, name in enumerate(levels):
            services.create_level(
                acting_user=None, service=service, name=name, calendar=calendar, order=order, targets=TARGETS
            )
    return service


def make_level(organisation, **fields):
    return make_service(organisation, **fields).levels.first()


def make_price_list(organisation, year=None, *, published=False, amount=Decimal("100.00")):
    """A price list with ``amount`` for every level of every service of the organisation."""
    price_list = services.create_price_list(acting_user=None, organisation=organisation, year=year or this_year())
    for service, level in services.priced_items(organisation):
        services.set_price(price_list, acting_user=None, service=service, level=level, amount=amount)
    if published:
        services.publish_price_list(price_list, acting_user=None)
    return price_list


def make_price(organisation, *, published=False, year=None):
    """A price of a new service in a (new) price list of ``year``."""
    service = make_service(organisation, levels=("Standard",))
    price_list = make_price_list(organisation, year, published=published)
    return price_list.prices.get(service=service)
