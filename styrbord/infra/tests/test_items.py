"""Configuration items: types as data, lifecycle dates, uniqueness, errors named by field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styrbord.infra import services
from styrbord.infra.models import ConfigurationItem, ItemType

from .factories import item, item_type, service


def test_attributes_are_checked_against_the_type(world):
    laptop = item_type(world.org)
    with pytest.raises(ValidationError) as caught:
        services.create_item(
            acting_user=None,
            organisation=world.org,
            item_type=laptop,
            name="pc-1",
            attributes={"ram_gb": "many", "gpu": "RTX"},
        )
    assert set(caught.value.message_dict) >= {"attributes.ram_gb", "attributes.gpu", "attributes.operating_system"}
    assert not ConfigurationItem.objects.exists()


def test_administrator_adds_a_type_with_its_own_fields(world):
    phone_type = services.create_item_type(
        acting_user=world.users["it_head"],
        organisation=world.org,
        area="workplace",
        code="desk_phone",
        name="Desk phone",
        field_definitions=[{"name": "extension", "label": "Extension", "kind": "number", "required": True}],
    )
    phone = services.create_item(
        acting_user=None, organisation=world.org, item_type=phone_type, name="tel-1", attributes={"extension": "4021"}
    )
    assert phone.attributes == {"extension": 4021}
    assert phone.attribute_rows() == [("Extension", "4021")]


def test_lifecycle_dates_follow_the_status(world):
    pc = item(world.org, "pc-2", type_code="laptop", status="ordered", today=date(2025, 1, 10))
    assert (pc.status_since, pc.ordered_on) == (date(2025, 1, 10), date(2025, 1, 10))
    services.update_item(pc, acting_user=None, status="in_stock", today=date(2025, 2, 1))
    services.update_item(pc, acting_user=None, status="in_use", status_since=date(2025, 2, 5), today=date(2025, 2, 6))
    pc.refresh_from_db()
    assert (pc.delivered_on, pc.in_use_from, pc.status_since) == (date(2025, 2, 1), date(2025, 2, 5), date(2025, 2, 5))
    assert pc.ordered_on == date(2025, 1, 10)
    assert pc.history.count() == 3


def test_names_and_serial_numbers_are_unique_in_the_organisation(world):
    item(world.org, "srv-1", serial_number="ABC")
    with pytest.raises(ValidationError) as caught:
        services.create_item(
            acting_user=None,
            organisation=world.org,
            item_type=item_type(world.org, code="server"),
            name="srv-1",
            serial_number="ABC",
        )
    assert set(caught.value.message_dict) == {"name", "serial_number"}
    other = item(world.other_org, "srv-1", serial_number="ABC")  # another organisation may
    assert other.organisation == world.other_org


def test_an_item_is_not_tied_to_another_organisations_rows(world):
    with pytest.raises(ValidationError) as caught:
        services.create_item(
            acting_user=None,
            organisation=world.org,
            item_type=item_type(world.other_org, code="server"),
            name="srv-x",
            department=world.foreign_department,
            assigned_to=world.users["stranger"],
        )
    assert set(caught.value.message_dict) == {"item_type", "department", "assigned_to"}


def test_charged_as_service_must_count_items(world):
    per_user = service(world.org, unit="user")
    with pytest.raises(ValidationError) as caught:
        services.create_item_type(
            acting_user=None, organisation=world.org, area="workplace", code="x", name="X", charged_as_service=per_user
        )
    assert "charged_as_service" in caught.value.message_dict


def test_default_types_load_once_and_a_newer_version_only_adds(world):
    first = services.install_item_types(acting_user=None, organisation=world.org)
    assert "laptop" in first["created"] and not first["extended"]
    again = services.install_item_types(acting_user=None, organisation=world.org)
    assert not again["created"] and not again["extended"]
    laptop = ItemType.objects.get(organisation=world.org, code="laptop")
    services.update_item_type(
        laptop, acting_user=None, name="Min bärbara", field_definitions=laptop.field_definitions[:1]
    )
    library = services.read_library()
    library["version"] += 1
    library["types"][0]["fields"].append({"name": "dock", "label": "Docka", "kind": "text"})
    newer = services.install_item_types(acting_user=None, organisation=world.org, library=library)
    assert "laptop" in newer["extended"]
    laptop.refresh_from_db()
    names = [field["name"] for field in laptop.field_definitions]
    assert laptop.name == "Min bärbara" and names[-1] == "dock" and "cpu" in names


def test_load_item_types_command(world):
    from django.core.management import call_command

    call_command("load_item_types", "--organisation", world.org.org_number)
    assert ItemType.objects.filter(organisation=world.org).count() == len(services.read_library()["types"])
    assert not ItemType.objects.filter(organisation=world.other_org).exists()


def test_api_names_attribute_errors(world, api_as):
    laptop = item_type(world.org)
    response = api_as("it_staff").post(
        reverse("infra-api:item-list"),
        {"organisation": world.org.pk, "item_type": laptop.pk, "name": "pc-9", "attributes": {"ram_gb": "x"}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"attributes.ram_gb", "attributes.operating_system"}


def test_api_creates_an_item_with_services(world, api_as):
    laptop = item_type(world.org)
    device = service(world.org)
    response = api_as("it_staff").post(
        reverse("infra-api:item-list"),
        {
            "organisation": world.org.pk,
            "item_type": laptop.pk,
            "name": "pc-10",
            "department": world.unit.pk,
            "attributes": {"operating_system": "Windows 11", "ram_gb": 16},
            "services": [device.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["services"] == [device.pk] and body["attributes"]["ram_gb"] == 16
    assert body["status_since"] is not None


def test_api_type_definitions_are_validated(world, api_as):
    response = api_as("it_head").post(
        reverse("infra-api:itemtype-list"),
        {
            "organisation": world.org.pk,
            "area": "network",
            "name": "Router",
            "code": "router",
            "field_definitions": [{"name": "Bad Name"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "field_definitions" in response.json()["errors"]


def test_api_item_list_query_count_is_constant(world, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    device = service(world.org)
    client = api_as("it_staff")
    url = reverse("infra-api:item-list")

    def add(count):
        for _ in range(count):
            services.update_item(item(world.org), acting_user=None, services=[device])

    add(5)
    client.get(url)  # the user's access is computed once and cached on the (forced) user
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(25)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["results"]) == 30
    assert len(many) == len(few)
