"""The catalogue's pages: what employees read, and the head of IT's forms."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from styrbord.catalog import services
from styrbord.catalog.choices import ChargeUnit, PriceListStatus, ServiceStatus
from styrbord.catalog.models import BusinessCalendar, ClosedDay, CompetenceArea, PriceList, Service
from styrbord.catalog.tests.factories import make_area, make_calendar, make_price_list, make_service, this_year


@pytest.fixture
def english_client(world, client):
    """A client whose people read the pages in English."""

    def make(role):
        user = world.users[role]
        user.language = "en"
        user.save(update_fields=["language"])
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return make


def page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_catalogue_groups_by_area_and_hides_planned_services(world, english_client):
    laptop = make_service(world.org, name="Bärbar dator", summary="En dator som går att bära")
    make_service(world.org, name="Hemlig pilot", status=ServiceStatus.PLANNED)
    make_price_list(world.org, this_year(), published=True, amount=Decimal("365"))
    body = page(english_client("employee").get(reverse("catalog:catalogue")))
    assert laptop.name in body and laptop.area.name in body and "Hemlig pilot" not in body
    assert "from 365 kr" in body
    staff = page(english_client("it_staff").get(reverse("catalog:catalogue"), {"status": "planned"}))
    assert "Hemlig pilot" in staff and laptop.name not in staff


def test_the_catalogue_searches(world, english_client):
    make_service(world.org, name="Mobiltelefon")
    make_service(world.org, name="Skrivare", description="Skriv ut med passerkort")
    client = english_client("employee")
    assert "Skrivare" in page(client.get(reverse("catalog:catalogue"), {"q": "passerkort"}))
    assert "Mobiltelefon" not in page(client.get(reverse("catalog:catalogue"), {"q": "passerkort"}))


def test_the_catalogue_costs_the_same_queries_whatever_its_size(world, client_as):
    client = client_as("employee")
    make_service(world.org)
    make_price_list(world.org, this_year(), published=True)
    path = reverse("catalog:catalogue")
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    calendar = make_calendar(world.org)
    for _ in range(6):
        make_service(world.org, calendar=calendar)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert len(response.context["object_list"]) == 7
    assert len(many) == len(few)


def test_a_service_page_tells_what_it_includes_its_levels_and_prices(world, english_client):
    service = make_service(
        world.org,
        name="Virtuell server",
        unit=ChargeUnit.SERVER,
        includes="Patchning\nÖvervakning",
        excludes="Lagring",
        levels=("Bas", "Standard"),
    )
    bas = service.levels.get(name="Bas")
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=this_year())
    services.set_price(price_list, acting_user=None, service=service, level=bas, amount=Decimal("1350"))
    services.set_price(
        price_list, acting_user=None, service=service, level=service.levels.get(name="Standard"), amount=Decimal("1850")
    )
    services.publish_price_list(price_list, acting_user=None)
    body = page(english_client("employee").get(service.get_absolute_url()))
    assert "<li>Patchning</li>" in body and "<li>Lagring</li>" in body
    assert "1,350 kr per server and month" in body or "1 350 kr per server and month" in body
    assert "Monday–Friday 08:00–17:00" in body
    assert "<td>30 min</td><td>4 h</td>" in body  # P1 at level Bas
    assert "99 %" in body


def test_the_order_link_appears_only_when_ordering_exists(world, client_as, monkeypatch):
    service = make_service(world.org)
    client = client_as("employee")
    try:
        order = reverse("finance:order_create")
    except NoReverseMatch:
        order = None
    body = page(client.get(service.get_absolute_url()))
    if order:
        assert f"{order}?service={service.pk}" in body

    def no_finance(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr("styrbord.catalog.views.reverse", no_finance)
    assert "?service=" not in page(client.get(service.get_absolute_url()))


def test_retiring_and_planned_services_cannot_be_ordered(world, client_as):
    service = make_service(world.org, status=ServiceStatus.RETIRING)
    assert "?service=" not in page(client_as("employee").get(service.get_absolute_url()))


def test_the_level_form_edits_all_four_priorities_in_hours(world, client_as):
    level = make_service(world.org, levels=("Bas",)).levels.get()
    data = {
        "name": "Bas",
        "calendar": level.calendar_id,
        "availability_target": "99,5",
        "order": 0,
        "is_active": "on",
        "p1_response": "0,25",
        "p1_resolution": "2",
        "p2_response": "1",
        "p2_resolution": "8",
        "p3_response": "4",
        "p3_resolution": "24",
        "p4_response": "8",
        "p4_resolution": "40",
    }
    client = client_as("it_head")
    response = client.post(reverse("catalog:level_edit", args=[level.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    level.refresh_from_db()
    assert level.availability_target == Decimal("99.5")
    assert [(t.priority, t.response_minutes, t.resolution_minutes) for t in level.targets.all()] == [
        (1, 15, 120),
        (2, 60, 480),
        (3, 240, 1440),
        (4, 480, 2400),
    ]
    bad = client.post(reverse("catalog:level_edit", args=[level.pk]), {**data, "p3_resolution": "2"})
    assert bad.status_code == 200 and "p3_resolution" in bad.context["form"].errors
    assert level.targets.get(priority=3).resolution_minutes == 1440


def test_a_new_level_is_created_with_its_targets(world, client_as):
    service = make_service(world.org, levels=())
    calendar = make_calendar(world.org)
    targets = {
        f"p{p}_{kind}": str(p * (1 if kind == "response" else 4))
        for p in (1, 2, 3, 4)
        for kind in ("response", "resolution")
    }
    response = client_as("it_head").post(
        reverse("catalog:level_create", args=[service.pk]),
        {"name": "Utökad", "calendar": calendar.pk, "availability_target": "99,9", "order": 3, **targets},
    )
    assert response.status_code == 302
    level = service.levels.get()
    assert response["Location"] == level.get_absolute_url()
    assert level.targets.count() == 4


def test_the_service_form_creates_and_edits(world, client_as):
    area = make_area(world.org)
    client = client_as("it_head")
    response = client.post(
        reverse("catalog:service_create"),
        {"name": "Surfplatta", "code": "surfplatta", "area": area.pk, "unit": "device", "status": "active"},
    )
    assert response.status_code == 302
    service = Service.objects.get(code="surfplatta")
    duplicate = client.post(
        reverse("catalog:service_create"),
        {"name": "Igen", "code": "surfplatta", "area": area.pk, "unit": "device", "status": "active"},
    )
    assert duplicate.status_code == 200 and "code" in duplicate.context["form"].errors
    edited = client.post(
        reverse("catalog:service_edit", args=[service.pk]),
        {"name": "Surfplatta", "code": "surfplatta", "area": area.pk, "unit": "device", "status": "retiring"},
    )
    assert edited.status_code == 302
    assert Service.objects.get(pk=service.pk).status == ServiceStatus.RETIRING
    assert service.history.count() == 2


def test_the_calendar_form_takes_several_periods_a_day(world, client_as):
    client = client_as("it_head")
    response = client.post(
        reverse("catalog:calendar_create"),
        {
            "name": "Växeltid",
            "closed_on_public_holidays": "on",
            "hours_0": "08:00-12:00, 13:00-16:30",
            "hours_4": "8.00–12.00",
        },
    )
    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="Växeltid")
    assert [(s.weekday, s.opens, s.closes) for s in calendar.segments.all()] == [
        (0, time(8), time(12)),
        (0, time(13), time(16, 30)),
        (4, time(8), time(12)),
    ]
    edit = client.get(reverse("catalog:calendar_edit", args=[calendar.pk]))
    assert edit.context["form"].initial["hours_0"] == "08:00-12:00, 13:00-16:30"
    bad = client.post(reverse("catalog:calendar_edit", args=[calendar.pk]), {"name": "Växeltid", "hours_1": "åtta"})
    assert bad.status_code == 200 and "hours_1" in bad.context["form"].errors
    empty = client.post(reverse("catalog:calendar_edit", args=[calendar.pk]), {"name": "Växeltid"})
    assert "hours_0" in empty.context["form"].errors
    assert calendar.segments.count() == 3


def test_the_calendar_page_lists_the_coming_closed_days(world, english_client):
    calendar = make_calendar(world.org)
    services.add_closed_day(
        acting_user=None, organisation=world.org, calendar=calendar, date=date(2027, 5, 7), name="Klämdag"
    )
    body = page(english_client("employee").get(calendar.get_absolute_url()))
    assert "Klämdag" in body and "Monday" in body


def test_closed_days_are_added_and_removed(world, client_as):
    client = client_as("it_head")
    response = client.post(reverse("catalog:closed_day_create"), {"date": "2026-05-15", "name": "Klämdag"})
    assert response.status_code == 302 and response["Location"] == reverse("catalog:calendar_list")
    day = ClosedDay.objects.get()
    assert day.calendar is None and day.organisation == world.org
    assert client_as("it_staff").post(reverse("catalog:closed_day_delete", args=[day.pk])).status_code == 403
    client = client_as("it_head")
    assert client.post(reverse("catalog:closed_day_delete", args=[day.pk])).status_code == 302
    assert not ClosedDay.objects.exists()


def test_the_default_areas_are_added_on_request(world, client_as):
    assert client_as("employee").post(reverse("catalog:area_defaults")).status_code == 403
    assert client_as("it_head").post(reverse("catalog:area_defaults")).status_code == 302
    assert CompetenceArea.objects.filter(organisation=world.org).count() == 4


def test_prices_are_set_in_a_table_with_decimal_commas(world, client_as):
    storage = make_service(world.org, levels=("Standard",), unit=ChargeUnit.GB)
    hour = make_service(world.org, levels=(), unit=ChargeUnit.HOUR)
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=2027)
    client = client_as("it_head")
    form = client.get(reverse("catalog:price_list_prices", args=[price_list.pk])).context["form"]
    names = [field.name for _service, _level, field in form.rows]
    assert len(names) == 2
    level = storage.levels.get()
    response = client.post(
        reverse("catalog:price_list_prices", args=[price_list.pk]),
        {f"price_{storage.pk}_{level.pk}": "0,85", f"price_{hour.pk}_0": ""},
    )
    assert response.status_code == 302
    assert {(p.service_id, p.amount) for p in price_list.prices.all()} == {(storage.pk, Decimal("0.85"))}
    negative = client.post(
        reverse("catalog:price_list_prices", args=[price_list.pk]), {f"price_{storage.pk}_{level.pk}": "-1"}
    )
    assert negative.status_code == 200 and negative.context["form"].errors


def test_a_published_list_shows_frozen_and_refuses_a_posted_table(world, client_as):
    service = make_service(world.org, levels=("Standard",))
    price_list = make_price_list(world.org, 2026, published=True)
    client = client_as("it_head")
    assert client.get(reverse("catalog:price_list_prices", args=[price_list.pk])).context["object"].is_published
    level = service.levels.get()
    refused = client.post(
        reverse("catalog:price_list_prices", args=[price_list.pk]), {f"price_{service.pk}_{level.pk}": "1"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert price_list.prices.get().amount == Decimal("100.00")


def test_publishing_asks_for_confirmation_and_lists_what_is_missing(world, client_as):
    service = make_service(world.org, levels=("Bas", "Standard"))
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=2027)
    client = client_as("it_head")
    path = reverse("catalog:price_list_publish", args=[price_list.pk])
    assert len(client.get(path).context["missing"]) == 2
    unconfirmed = client.post(path, {})
    assert "confirm" in unconfirmed.context["form"].errors
    refused = client.post(path, {"confirm": "on"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    for level in service.levels.all():
        services.set_price(price_list, acting_user=None, service=service, level=level, amount=Decimal("10"))
    assert client.post(path, {"confirm": "on"}).status_code == 302
    assert PriceList.objects.get(pk=price_list.pk).status == PriceListStatus.PUBLISHED


def test_copy_to_next_year_from_the_price_list_page(world, client_as):
    make_service(world.org, levels=("Standard",))
    source = make_price_list(world.org, 2026, published=True, amount=Decimal("200"))
    client = client_as("it_head")
    form = client.get(reverse("catalog:price_list_create"), {"source": source.pk}).context["form"]
    assert form.initial == {"year": 2027, "source": source.pk}
    response = client.post(
        reverse("catalog:price_list_create"),
        {"year": 2027, "source": source.pk, "percent": "3,5", "whole_kronor": "on"},
    )
    assert response.status_code == 302
    copy = PriceList.objects.get(year=2027)
    assert copy.status == PriceListStatus.DRAFT and copy.prices.get().amount == Decimal("207.00")
    again = client.post(reverse("catalog:price_list_create"), {"year": 2027})
    assert "year" in again.context["form"].errors


def test_an_employee_sees_published_lists_only(world, client_as):
    make_service(world.org)
    make_price_list(world.org, 2026, published=True)
    make_price_list(world.org, 2027)
    years = {p.year for p in client_as("employee").get(reverse("catalog:price_list_list")).context["object_list"]}
    assert years == {2026}
    years = {p.year for p in client_as("finance").get(reverse("catalog:price_list_list")).context["object_list"]}
    assert years == {2026, 2027}


def test_navigation_shows_management_to_the_it_unit_only(world, client_as):
    home = reverse("core:home")
    employee = client_as("employee").get(home).content.decode()
    assert reverse("catalog:catalogue") in employee and reverse("catalog:price_list_list") not in employee
    it_staff = client_as("it_staff").get(home).content.decode()
    assert reverse("catalog:price_list_list") in it_staff and reverse("catalog:calendar_list") in it_staff


def test_the_head_of_it_is_reminded_of_the_budget_price_lists(world, english_client):
    make_service(world.org)
    home = reverse("core:home")
    body = page(english_client("it_head").get(home))
    assert f"No published price list for {this_year()}" in body
    make_price_list(world.org, this_year(), published=True)
    body = page(english_client("it_head").get(home))
    assert f"No price list for {this_year() + 1} yet" in body and "No published price list" not in body
    make_price_list(world.org, this_year() + 1)
    assert f"The price list for {this_year() + 1} is a draft" in page(english_client("it_head").get(home))
    assert "price list" not in page(english_client("employee").get(home))


@pytest.mark.parametrize(
    "model", ["competencearea", "service", "servicelevel", "businesscalendar", "closedday", "pricelist", "price"]
)
def test_admin_pages_open(world, client, django_user_model, model):
    make_service(world.org)
    make_price_list(world.org, 2026, published=True)
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-Styrbord-1")
    client.force_login(admin)
    assert client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:catalog_{model}_add")).status_code == 200
