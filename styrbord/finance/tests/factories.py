"""A small catalogue made directly with the ORM, for finance tests and the authorization matrix.

Prices (SEK per unit and month unless the unit says otherwise), published for 2024 (a leap
year) and 2025, and for the current and next year so that orders dated from today work; 2023's
list is a draft.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from styrbord.catalog.choices import ChargeUnit, PriceListStatus, ServiceStatus
from styrbord.catalog.models import BusinessCalendar, CompetenceArea, Price, PriceList, Service, ServiceLevel
from styrbord.finance import services
from styrbord.finance.choices import OrderStatus

PRICES = {
    ("arbetsplats", "Bas"): Decimal("300.00"),
    ("arbetsplats", "Standard"): Decimal("450.00"),
    ("dator", "Standard"): Decimal("250.00"),
    ("server", "Bas"): Decimal("1200.00"),
    ("gammal", "Bas"): Decimal("100.00"),
    ("konsult", None): Decimal("850.00"),
    ("headset", None): Decimal("1290.00"),
}
SERVICES = {
    # code: (name, unit, levels, extra)
    "arbetsplats": ("Arbetsplats", ChargeUnit.USER, ["Bas", "Standard"], {"is_base": True}),
    "dator": ("Dator", ChargeUnit.DEVICE, ["Standard"], {"is_base": True}),
    "server": ("Virtuell server", ChargeUnit.SERVER, ["Bas"], {"requires_it_review": True}),
    "gammal": ("Gammal tjänst", ChargeUnit.USER, ["Bas"], {"status": ServiceStatus.RETIRED}),
    "konsult": ("Konsulttimme", ChargeUnit.HOUR, [], {}),
    "headset": ("Headset", ChargeUnit.ONE_OFF, [], {}),
}
PUBLISHED_YEARS = (2024, 2025)
DRAFT_YEAR = 2023


def published_years():
    today = timezone.localdate()
    return sorted({*PUBLISHED_YEARS, today.year, today.year + 1})


def make_catalog(organisation):
    """The catalogue of ``organisation`` (made once; later calls return the same rows)."""
    existing = {s.code: s for s in Service.objects.filter(organisation=organisation, code__in=SERVICES)}
    if len(existing) < len(SERVICES):
        area = CompetenceArea.objects.create(organisation=organisation, name="Arbetsplats", code="arbetsplats")
        calendar = BusinessCalendar.objects.create(organisation=organisation, name="Kontorstid")
        for code, (name, unit, level_names, extra) in SERVICES.items():
            service = Service.objects.create(
                organisation=organisation, area=area, name=name, code=code, unit=unit, **extra
            )
            levels = [
                ServiceLevel.objects.create(service=service, name=level, calendar=calendar, order=index)
                for index, level in enumerate(level_names)
            ]
            if levels:
                service.default_level = levels[0]
                service.save()
            existing[code] = service
        lists = [(year, PriceListStatus.PUBLISHED) for year in published_years()] + [
            (DRAFT_YEAR, PriceListStatus.DRAFT)
        ]
        for year, status in lists:
            price_list = PriceList.objects.create(organisation=organisation, year=year, status=status)
            for (code, level_name), amount in PRICES.items():
                service = existing[code]
                level = service.levels.get(name=level_name) if level_name else None
                Price.objects.create(price_list=price_list, service=service, level=level, amount=amount)
    levels = {
        (level.service.code, level.name): level
        for level in ServiceLevel.objects.filter(service__in=existing.values()).select_related("service")
    }
    return SimpleNamespace(levels=levels, **existing)


def approved_subscription(
    world, *, service_code="arbetsplats", department=None, quantity=10, start=date(2024, 1, 1), level=None
):
    """A subscription made through an order approved by the system."""
    catalog = make_catalog(world.org)
    order = services.place_order(
        acting_user=None,
        department=department or world.unit,
        service=getattr(catalog, service_code),
        level=level,
        quantity=quantity,
        effective_date=start,
    )
    services.approve_order(order, acting_user=None)
    assert order.status == OrderStatus.APPROVED
    return order.result


def pending_order(world, *, service_code="arbetsplats", department=None, quantity=5, by="it_coordinator"):
    catalog = make_catalog(world.org)
    today = timezone.localdate()
    return services.place_order(
        acting_user=world.users[by],
        department=department or world.unit,
        service=getattr(catalog, service_code),
        quantity=quantity,
        effective_date=date(today.year + 1, 1, 1),
    )
