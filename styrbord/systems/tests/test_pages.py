"""The register's pages: the system list at constant query cost, forms, ownership rules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrbord.infra.tests.factories import item
from styrbord.systems import services
from styrbord.systems.models import System

from .factories import management_object, meeting, plan, role, system


def grow(world, start, stop, ekonomi):
    for index in range(start, stop):
        target = system(world, f"System {index:02d}", management_object=ekonomi if index % 2 else None)
        role(target, "manager", world.users["it_coordinator"])
        plan(target)
        meeting(target)


def test_system_list_query_count_is_constant(world, client_as):
    ekonomi = management_object(world, "Ekonomi")
    role(ekonomi, "owner", world.users["department_head"])
    client = client_as("employee")
    url = reverse("systems:system_list")
    grow(world, 0, 5, ekonomi)
    client.get(url)  # steady state: what is kept between requests (access, settings) is read first
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(world, 5, 30, ekonomi)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "System 29" in page
    assert len(many) == len(few)


def test_system_list_shows_roles_and_gaps(world, client_as):
    ekonomi = management_object(world, "Ekonomi")
    target = system(world, "Ekonomisystem", management_object=ekonomi)
    role(ekonomi, "owner", world.users["department_head"])
    role(target, "manager", world.users["it_coordinator"])
    response = client_as("employee").get(reverse("systems:system_list"))
    row = response.context["systems"][0]
    assert row.owners == [world.users["department_head"]] and row.managers == [world.users["it_coordinator"]]
    assert len(row.evaluation.gaps) == 3


def test_register_a_system_on_the_page(world, client_as):
    server = item(world.org, "srv-eko")
    other = system(world, "Lönesystem")
    response = client_as("it_head").post(
        reverse("systems:system_create"),
        {
            "name": "Ekonomisystem",
            "purpose": "Redovisning",
            "owner_department": world.branch.pk,
            "category": "business",
            "is_vital": "on",
            "lifecycle": "in_use",
            "runs_on": [server.pk],
            "integrations": [other.pk],
            "information_types": "Personuppgifter\nEkonomiska transaktioner\n\nPersonuppgifter",
        },
    )
    created = System.objects.get(name="Ekonomisystem")
    assert response["Location"] == created.get_absolute_url()
    assert list(created.runs_on.all()) == [server] and list(created.integrations.all()) == [other]
    assert created.information_types == ["Personuppgifter", "Ekonomiska transaktioner"]
    page = client_as("employee").get(created.get_absolute_url()).content.decode()
    assert (
        "srv-eko" in page and "Lönesystem" in page and server.get_absolute_url() not in page
    )  # no CMDB link for employees


def test_ownership_follows_the_strategy(world):
    services.update_settings(
        acting_user=None, organisation=world.org, staff_function=world.other_branch, it_unit=world.unit
    )
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        system(world, "Ekonomisystem", category="municipality_wide", owner_department=world.branch)
    assert "owner_department" in caught.value.message_dict
    with pytest.raises(ValidationError):
        system(world, "Nätverk", category="infrastructure", owner_department=world.branch)
    assert system(world, "Brandvägg", category="infrastructure", owner_department=world.unit)
    assert system(world, "Elevregister", category="business", owner_department=world.branch)


def test_roles_on_the_object_page_apply_to_its_systems(world, client_as):
    ekonomi = management_object(world, "Ekonomi")
    target = system(world, "Ekonomisystem", management_object=ekonomi)
    client = client_as("it_head")
    client.post(
        reverse("systems:object_role_create", args=[ekonomi.pk]),
        {"kind": "owner", "person": world.users["department_head"].pk, "communicated_on": "2026-01-10"},
    )
    page = client.get(target.get_absolute_url()).content.decode()
    assert world.users["department_head"].get_full_name() in page and "2026-01-10" in page
    role_row = ekonomi.systemroles.get()
    response = client.post(reverse("systems:role_delete", args=[role_row.pk]))
    assert response["Location"] == ekonomi.get_absolute_url()
    assert not ekonomi.systemroles.exists() and role_row.history.count() == 2


def test_settings_page(world, client_as):
    client = client_as("it_head")
    response = client.post(
        reverse("systems:settings"),
        {
            "min_meetings": "4",
            "months_without_meeting": "3",
            "plan_due_month": "2",
            "plan_due_day": "30",
            "plan_reminder_days": "30",
        },
    )
    assert response.status_code == 200 and "plan_due_day" in response.context["form"].errors
    client.post(
        reverse("systems:settings"),
        {
            "min_meetings": "4",
            "months_without_meeting": "3",
            "plan_due_month": "9",
            "plan_due_day": "30",
            "plan_reminder_days": "30",
        },
    )
    from styrbord.systems.models import settings_for

    assert settings_for(world.org).min_meetings == 4
