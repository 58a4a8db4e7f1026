"""The catalogue API: the contract's shapes, its errors and its cost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrbord.catalog import services
from styrbord.catalog.choices import ChargeUnit, PriceListStatus, ServiceStatus
from styrbord.catalog.models import LevelTarget, Price
from styrbord.catalog.tests.factories import (
    TARGETS,
    make_area,
    make_calendar,
    make_price_list,
    make_service,
)


@pytest.fixture(autouse=True)
def english_requests(settings):
    """The API answers in the default language; these tests read the English messages."""
    settings.LANGUAGE_CODE = "en"


def url(name, *args):
    return reverse(f"catalog-api:{name}", args=args)


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_a_level_has_its_targets_calendar_and_availability(world, api_as):
    service = make_service(world.org, levels=("Bas",))
    level = service.levels.get()
    body = api_as("employee").get(url("servicelevel-detail", level.pk)).json()
    assert body["service"] == service.pk
    assert body["calendar"] == level.calendar_id
    assert Decimal(body["availability_target"]) == Decimal("99")
    assert body["targets"] == TARGETS


def test_a_level_and_its_targets_are_written_in_one_call(world, api_as):
    client = api_as("it_head")
    service = make_service(world.org, levels=())
    calendar = make_calendar(world.org)
    created = client.post(
        url("servicelevel-list"),
        {
            "service": service.pk,
            "name": "Standard",
            "calendar": calendar.pk,
            "availability_target": "99.5",
            "targets": TARGETS[:2],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    level_id = created.json()["id"]
    assert [t["priority"] for t in created.json()["targets"]] == [1, 2]
    changed = client.patch(
        url("servicelevel-detail", level_id),
        {"targets": [{"priority": 1, "response_minutes": 10, "resolution_minutes": 60}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["targets"] == [{"priority": 1, "response_minutes": 10, "resolution_minutes": 60}]
    assert LevelTarget.objects.filter(level_id=level_id).count() == 1


def test_resolution_before_response_is_400_naming_the_field(world, api_as):
    level = make_service(world.org, levels=("Bas",)).levels.get()
    bad = [dict(t) for t in TARGETS]
    bad[1]["resolution_minutes"] = 10
    response = api_as("it_head").patch(url("servicelevel-detail", level.pk), {"targets": bad}, format="json")
    assert response.status_code == 400
    # The failing item of the list, by its index, and the field.
    assert response.json()["errors"]["targets"] == {
        "1": {"resolution_minutes": ["Resolution cannot come before the response."]}
    }
    twice = api_as("it_head").patch(
        url("servicelevel-detail", level.pk), {"targets": [TARGETS[0], TARGETS[0]]}, format="json"
    )
    assert twice.status_code == 400 and "targets" in twice.json()["errors"]
    assert LevelTarget.objects.get(level=level, priority=2).resolution_minutes == 480


def test_a_negative_price_is_400_on_amount(world, api_as):
    service = make_service(world.org, levels=())
    price_list = make_price_list(world.org, 2027)
    response = api_as("it_head").post(
        url("price-list"), {"price_list": price_list.pk, "service": service.pk, "amount": "-5"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"amount"}
    assert not Price.objects.filter(service=service, price_list=price_list, amount__lt=0).exists()


def test_a_published_price_cannot_change_through_the_api(world, api_as):
    make_service(world.org, levels=("Standard",))
    price = make_price_list(world.org, 2026, published=True).prices.get()
    client = api_as("it_head")
    changed = client.patch(url("price-detail", price.pk), {"amount": "1.00"}, format="json")
    assert changed.status_code == 400
    assert "frozen" in changed.json()["errors"]["amount"][0]
    deleted = client.delete(url("price-detail", price.pk))
    assert deleted.status_code == 400 and "amount" in deleted.json()["errors"]
    added = client.post(
        url("price-list"),
        {"price_list": price.price_list_id, "service": make_service(world.org, levels=()).pk, "amount": "5"},
        format="json",
    )
    assert added.status_code == 400 and "amount" in added.json()["errors"]
    assert Price.objects.get(pk=price.pk).amount == Decimal("100.00")


def test_setting_a_price_twice_changes_it(world, api_as):
    service = make_service(world.org, levels=())
    price_list = make_price_list(world.org, 2027)
    client = api_as("it_head")
    payload = {"price_list": price_list.pk, "service": service.pk, "amount": "780"}
    first = client.post(url("price-list"), payload, format="json")
    second = client.post(url("price-list"), {**payload, "amount": "803"}, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and second.json()["amount"] == "803.00"
    assert second.json()["year"] == 2027
    assert client.delete(url("price-detail", first.json()["id"])).status_code == 204


def test_publish_and_copy_actions(world, api_as):
    service = make_service(world.org, levels=("Bas", "Standard"))
    draft = services.create_price_list(acting_user=None, organisation=world.org, year=2026)
    client = api_as("it_head")
    refused = client.post(url("pricelist-publish", draft.pk))
    assert refused.status_code == 400
    assert len(refused.json()["errors"]["prices"]) == 2
    for level in service.levels.all():
        client.post(
            url("price-list"),
            {"price_list": draft.pk, "service": service.pk, "level": level.pk, "amount": "200"},
            format="json",
        )
    published = client.post(url("pricelist-publish", draft.pk))
    assert published.status_code == 200 and published.json()["status"] == PriceListStatus.PUBLISHED
    assert api_as("it_staff").post(url("pricelist-publish", draft.pk)).status_code == 403
    copied = client.post(url("pricelist-copy", draft.pk), {"year": 2027, "percent": "3.5"}, format="json")
    assert copied.status_code == 201, copied.content
    assert copied.json()["status"] == PriceListStatus.DRAFT and copied.json()["year"] == 2027
    prices = client.get(url("price-list"), {"year": 2027}).json()["results"]
    assert {p["amount"] for p in prices} == {"207.00"}
    taken = client.post(url("pricelist-copy", draft.pk), {"year": 2027}, format="json")
    assert taken.status_code == 400 and "year" in taken.json()["errors"]
    assert api_as("finance").post(url("pricelist-copy", draft.pk), {"year": 2028}, format="json").status_code == 403


def test_calendars_carry_segments_and_closed_days(world, api_as):
    client = api_as("it_head")
    created = client.post(
        url("calendar-list"),
        {
            "organisation": world.org.pk,
            "name": "Växeltid",
            "segments": [
                {"weekday": 0, "opens": "08:00", "closes": "12:00"},
                {"weekday": 0, "opens": "13:00", "closes": "16:30"},
            ],
            "closed_days": [{"date": "2026-05-15", "name": "Klämdag"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = client.get(url("calendar-detail", created.json()["id"])).json()
    assert body["segments"] == [
        {"weekday": 0, "opens": "08:00:00", "closes": "12:00:00"},
        {"weekday": 0, "opens": "13:00:00", "closes": "16:30:00"},
    ]
    assert body["closed_days"] == [{"date": "2026-05-15", "name": "Klämdag"}]
    assert body["closed_on_public_holidays"] is True and body["always_open"] is False
    overlapping = client.patch(
        url("calendar-detail", body["id"]),
        {
            "segments": [
                {"weekday": 1, "opens": "08:00", "closes": "12:00"},
                {"weekday": 1, "opens": "11:00", "closes": "13:00"},
            ]
        },
        format="json",
    )
    assert overlapping.status_code == 400 and "segments" in overlapping.json()["errors"]
    backwards = client.patch(
        url("calendar-detail", body["id"]),
        {"segments": [{"weekday": 1, "opens": "12:00", "closes": "08:00"}]},
        format="json",
    )
    assert backwards.status_code == 400 and "closes" in backwards.json()["errors"]["segments"]["0"]


def test_organisation_wide_closed_days(world, api_as):
    client = api_as("it_head")
    created = client.post(
        url("closedday-list"), {"organisation": world.org.pk, "date": "2026-05-15", "name": "Klämdag"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["calendar"] is None
    duplicate = client.post(
        url("closedday-list"), {"organisation": world.org.pk, "date": "2026-05-15", "name": "Igen"}, format="json"
    )
    assert duplicate.status_code == 400 and "date" in duplicate.json()["errors"]
    assert ids(client.get(url("closedday-list"), {"year": 2026})) == {created.json()["id"]}
    assert client.delete(url("closedday-detail", created.json()["id"])).status_code == 204


def test_service_filters(world, api_as):
    area = make_area(world.org)
    laptop = make_service(world.org, area=area, name="Bärbar dator", unit=ChargeUnit.DEVICE, levels=())
    licence = make_service(world.org, name="Licens", unit=ChargeUnit.USER, is_base=True, levels=())
    planned = make_service(world.org, name="Pilot", status=ServiceStatus.PLANNED, levels=())
    client = api_as("it_staff")
    assert ids(client.get(url("service-list"), {"area": area.pk})) == {laptop.pk}
    assert ids(client.get(url("service-list"), {"unit": "device"})) == {laptop.pk}
    assert ids(client.get(url("service-list"), {"is_base": "true"})) == {licence.pk}
    assert ids(client.get(url("service-list"), {"status": "planned"})) == {planned.pk}
    assert ids(client.get(url("service-list"), {"q": "dator"})) == {laptop.pk}
    assert client.get(url("service-list"), {"unit": "bogus"}).status_code == 400
    assert ids(api_as("employee").get(url("service-list"), {"status": "planned"})) == set()


def test_price_and_level_filters(world, api_as):
    service = make_service(world.org, levels=("Bas", "Standard"))
    other = make_service(world.org, levels=("Bas",))
    bas = service.levels.get(name="Bas")
    make_price_list(world.org, 2025, published=True)
    make_price_list(world.org, 2026, published=True)
    client = api_as("employee")
    assert len(ids(client.get(url("price-list"), {"year": 2026}))) == 3
    assert len(ids(client.get(url("price-list"), {"service": service.pk}))) == 4
    assert len(ids(client.get(url("price-list"), {"level": bas.pk, "year": 2025}))) == 1
    assert ids(client.get(url("servicelevel-list"), {"service": other.pk})) == set(
        other.levels.values_list("pk", flat=True)
    )


def test_another_organisations_rows_are_not_found(world, api_as):
    foreign = make_service(world.other_org)
    foreign_level = foreign.levels.first()
    client = api_as("it_head")
    assert client.get(url("service-detail", foreign.pk)).status_code == 404
    assert client.get(url("servicelevel-detail", foreign_level.pk)).status_code == 404
    assert client.patch(url("service-detail", foreign.pk), {"name": "x"}, format="json").status_code == 404
    refused = client.post(
        url("servicelevel-list"),
        {"service": foreign.pk, "name": "Intrång", "calendar": foreign_level.calendar_id},
        format="json",
    )
    assert refused.status_code == 400
    assert {"service", "calendar"} <= set(refused.json()["errors"])


def assert_constant_queries(client, path, grow):
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        first = client.get(path).json()["count"]
    grow()
    with CaptureQueriesContext(connection) as many:
        second = client.get(path).json()["count"]
    assert second > first
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    "name, grow",
    [
        ("service-list", lambda org: [make_service(org, levels=()) for _ in range(8)]),
        ("servicelevel-list", lambda org: [make_service(org) for _ in range(4)]),
        ("calendar-list", lambda org: [make_calendar(org) for _ in range(5)]),
        ("price-list", lambda org: make_service(org) and make_price_list(org, 2026, published=True)),
    ],
)
def test_list_queries_do_not_grow_with_rows(world, api_as, name, grow):
    make_service(world.org)
    make_price_list(world.org, 2025, published=True)
    assert_constant_queries(api_as("employee"), url(name), lambda: grow(world.org))
