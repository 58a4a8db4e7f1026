"""The demo catalogue: believable, complete enough to publish, and loaded twice without change."""

import pytest

from styrbord.catalog import demo
from styrbord.catalog.choices import PriceListStatus, ServiceStatus
from styrbord.catalog.models import BusinessCalendar, LevelTarget, Price, PriceList, Service, ServiceLevel
from styrbord.catalog.tests.factories import this_year
from styrbord.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db

MODELS = (Service, ServiceLevel, LevelTarget, Price, PriceList, BusinessCalendar)


def snapshot():
    return [(model.objects.count(), model.history.count()) for model in MODELS]


def test_the_demo_catalogue_loads_once_for_each_organisation():
    context = {"options": {"employees": 10}, "stdout": None}
    organisations_demo.load(context)
    demo.load(context)
    before = snapshot()
    demo.load(context)
    assert snapshot() == before

    for key, organisation in context["organisations"].items():
        catalogue = context["catalog"][key]
        assert 20 <= len(catalogue) <= 30
        assert Service.objects.filter(organisation=organisation).count() == len(catalogue)
        assert {s.status for s in catalogue.values()} >= {ServiceStatus.ACTIVE, ServiceStatus.PLANNED}
        assert set(context["catalog_levels"][key]["serverdrift"]) == {"bas", "standard", "utokad"}
        assert set(context["catalog_calendars"][key]) == {"Kontorstid", "Utökad tid", "Dygnet runt"}
        lists = context["price_lists"][key]
        year = this_year()
        assert {y: p.status for y, p in lists.items()} == {
            year - 1: PriceListStatus.PUBLISHED,
            year: PriceListStatus.PUBLISHED,
            year + 1: PriceListStatus.DRAFT,
        }
        assert lists[year].prices.count() > 50
        assert (
            not ServiceLevel.objects.filter(service__organisation=organisation)
            .exclude(pk__in=LevelTarget.objects.filter(priority=4).values("level_id"))
            .exists()
        )
        # A planned service is priced from next year only.
        assert lists[year + 1].prices.filter(service=catalogue["ai-assistent"]).exists()
        assert not lists[year].prices.filter(service=catalogue["ai-assistent"]).exists()
    office = context["catalog_calendars"]["norrbacken"]["Kontorstid"]
    assert office.segments.count() == 5 and office.closed_days.count() == 2
    assert context["catalog"]["norrbacken"]["arbetsplats"].default_level.name == "Bas"
