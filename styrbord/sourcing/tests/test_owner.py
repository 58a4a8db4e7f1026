"""A system's contract is its system owner's (strategy §6): the default, the rule and the rights."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.core.testing import make_person
from styrbord.sourcing import services
from styrbord.sourcing.models import Contract

from .factories import contract, owned_system, supplier

pytestmark = pytest.mark.django_db


def test_the_system_owner_becomes_the_owner_by_default(world):
    system = owned_system(world)
    created = contract(world, systems=[system])
    assert created.owner == world.users["employee"]


def test_another_owner_than_the_system_owner_is_refused(world):
    system = owned_system(world)
    with pytest.raises(ValidationError) as excinfo:
        contract(world, systems=[system], owner=world.users["finance"])
    assert "system owner" in excinfo.value.message_dict["owner"][0]
    assert not Contract.objects.exists()


def test_a_system_without_an_owner_needs_a_named_owner(world):
    from styrbord.systems.tests.factories import system as make_system

    bare = make_system(world, "Utan ägare")
    with pytest.raises(ValidationError) as excinfo:
        services.create_contract(
            acting_user=None,
            organisation=world.org,
            reference="AVT-1",
            title="T",
            supplier=supplier(world),
            start_date=date(2025, 1, 1),
            systems=[bare],
        )
    assert "owner" in excinfo.value.message_dict
    assert contract(world, systems=[bare], owner=world.users["finance"]).owner == world.users["finance"]


def test_the_system_owner_keeps_their_systems_contracts_only(world, client):
    owner = world.users["employee"]
    mine = contract(world, "AVT-MIN", systems=[owned_system(world)])
    theirs = contract(world, "AVT-ANNAN")
    client.force_login(owner)
    assert client.get(reverse("sourcing:contract_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("sourcing:contract_edit", args=[theirs.pk])).status_code == 403
    response = client.post(
        reverse("sourcing:requirement_create", args=[mine.pk]), {"kind": "technical", "text": "Tvåfaktor"}
    )
    assert response.status_code == 302 and mine.requirements.count() == 1
    listed = client.get(reverse("sourcing:contract_list"))
    assert [c.pk for c in listed.context["contracts"]] == [mine.pk]


def test_a_system_owner_adds_contracts_for_their_own_systems_only(world):
    owned = owned_system(world)
    from styrbord.systems.tests.factories import system as make_system

    other = make_system(world, "Annat system")
    api = APIClient()
    api.force_authenticate(world.users["employee"])
    payload = {
        "organisation": world.org.pk,
        "reference": "AVT-API",
        "title": "Support",
        "supplier": supplier(world).pk,
        "start_date": "2025-01-01",
    }
    refused = api.post(reverse("sourcing-api:contract-list"), {**payload, "systems": [other.pk]}, format="json")
    assert refused.status_code == 400 and "systems" in refused.json()["errors"]
    created = api.post(reverse("sourcing-api:contract-list"), {**payload, "systems": [owned.pk]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == world.users["employee"].pk


def test_department_heads_read_their_departments_contracts(world, client):
    covered = contract(world, "AVT-SKOLA", systems=[owned_system(world)])
    from styrbord.systems.tests.factories import system as make_system

    social = make_system(world, "Socialsystem", owner_department=world.other_branch)
    outside = contract(world, "AVT-SOC", systems=[social], owner=world.users["it_head"])
    client.force_login(world.users["department_head"])
    assert client.get(covered.get_absolute_url()).status_code == 200
    assert client.get(outside.get_absolute_url()).status_code == 403
    assert client.get(reverse("sourcing:contract_edit", args=[covered.pk])).status_code == 403


def test_owner_of_a_management_object_owns_its_systems_contracts(world):
    from styrbord.systems.tests.factories import management_object, role
    from styrbord.systems.tests.factories import system as make_system

    obj = management_object(world, "Ekonomi")
    person = make_person(world.org, department=world.unit)
    role(obj, "owner", person)
    in_object = make_system(world, "Fakturaskanning", management_object=obj)
    assert contract(world, systems=[in_object]).owner == person
    assert person.has_perm("sourcing.change_contract", Contract.objects.get(systems=in_object))
