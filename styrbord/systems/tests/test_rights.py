"""System roles are permissions: a system's manager edits its plans and meetings, its owner approves."""

from django.urls import reverse

from styrbord.core.testing import make_person
from styrbord.systems import services
from styrbord.systems.access import system_roles
from styrbord.systems.models import ManagementPlan, Meeting

from .factories import management_object, meeting, plan, role, system


def setup(world):
    """Anna manages the finance object (and so its system); Bo owns it; nobody of them has the HR system."""
    anna = make_person(world.org, username="anna", department=world.unit)
    bo = make_person(world.org, username="bo", department=world.branch)
    ekonomi = management_object(world, "Ekonomi")
    finance_system = system(world, "Ekonomisystem", management_object=ekonomi)
    hr_system = system(world, "Lönesystem")
    role(ekonomi, "manager", anna)
    role(finance_system, "owner", bo)
    return anna, bo, ekonomi, finance_system, hr_system


def test_roles_are_cached_once_per_request(world, django_assert_num_queries):
    anna, _bo, ekonomi, finance_system, hr_system = setup(world)
    with django_assert_num_queries(2):
        roles = system_roles(anna)
    with django_assert_num_queries(0):
        assert system_roles(anna).holds(("system", finance_system.pk), "manager")
    assert roles.object_ids("manager") == {ekonomi.pk}
    assert not roles.holds(("system", hr_system.pk), "manager")


def test_a_system_manager_edits_only_their_systems_plans(world, client):
    anna, _bo, ekonomi, finance_system, hr_system = setup(world)
    own, foreign = plan(finance_system), plan(hr_system)
    object_plan = plan(ekonomi)
    client.force_login(anna)
    for target in (own, object_plan):
        response = client.post(
            reverse("systems:plan_edit", args=[target.pk]),
            {"goals": "Nya mål", "budget_upkeep": "1000", "budget_development": "0"},
        )
        assert response.status_code == 302, response.content
    assert client.post(reverse("systems:plan_edit", args=[foreign.pk]), {"goals": "Kapat"}).status_code == 403
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert own.goals == "Nya mål" and foreign.goals == "Stabil drift."
    assert client.get(reverse("systems:system_plan_create", args=[finance_system.pk])).status_code == 200
    assert client.get(reverse("systems:system_plan_create", args=[hr_system.pk])).status_code == 403


def test_a_system_manager_edits_only_their_systems_meetings(world, client):
    anna, _bo, ekonomi, finance_system, hr_system = setup(world)
    client.force_login(anna)
    created = client.post(
        reverse("systems:system_meeting_create", args=[finance_system.pk]),
        {"kind": "management", "date": "2026-03-01", "status": "planned"},
    )
    assert created.status_code == 302
    assert Meeting.objects.get().system == finance_system
    foreign = meeting(hr_system)
    assert (
        client.post(
            reverse("systems:meeting_edit", args=[foreign.pk]),
            {"kind": "management", "date": "2026-03-01", "status": "held"},
        ).status_code
        == 403
    )
    assert client.post(reverse("systems:decision_create", args=[foreign.pk]), {"text": "x"}).status_code == 403


def test_the_api_follows_the_same_rights(world, api_as):
    from rest_framework.test import APIClient

    anna, _bo, _ekonomi, finance_system, hr_system = setup(world)
    client = APIClient()
    client.force_authenticate(anna)
    own, foreign = plan(finance_system), plan(hr_system)
    assert client.patch(f"/api/systems/plans/{own.pk}/", {"goals": "API"}, format="json").status_code == 200
    assert client.patch(f"/api/systems/plans/{foreign.pk}/", {"goals": "API"}, format="json").status_code == 403
    created = client.post("/api/systems/plans/", {"system": finance_system.pk, "year": 2031}, format="json")
    assert created.status_code == 201, created.content
    refused = client.post("/api/systems/plans/", {"system": hr_system.pk, "year": 2031}, format="json")
    assert refused.status_code == 403
    assert (
        client.post("/api/systems/meetings/", {"system": hr_system.pk, "date": "2026-01-01"}, format="json").status_code
        == 403
    )


def test_only_the_owner_approves(world, client):
    anna, bo, _ekonomi, finance_system, _hr_system = setup(world)
    target = plan(finance_system)
    services.submit_plan(target, acting_user=anna)
    for person in (anna, world.users["it_head"]):
        client.force_login(person)
        assert client.post(reverse("systems:plan_approve", args=[target.pk])).status_code == 403
    client.force_login(bo)
    assert client.post(reverse("systems:plan_approve", args=[target.pk])).status_code == 302
    target.refresh_from_db()
    assert target.status == "approved" and target.approved_by == bo and target.approved_on is not None


def test_the_owner_approves_minutes_and_names_roles(world, client):
    anna, bo, _ekonomi, finance_system, hr_system = setup(world)
    held = meeting(finance_system)
    client.force_login(anna)
    assert client.post(reverse("systems:meeting_approve", args=[held.pk])).status_code == 403
    client.force_login(bo)
    assert client.post(reverse("systems:meeting_approve", args=[held.pk])).status_code == 302
    held.refresh_from_db()
    assert held.minutes_approved_by == bo
    response = client.post(
        reverse("systems:system_role_create", args=[finance_system.pk]),
        {"kind": "administrator", "person": world.users["employee"].pk, "communicated_on": "2026-02-01"},
    )
    assert response.status_code == 302
    assert client.get(reverse("systems:system_role_create", args=[hr_system.pk])).status_code == 403


def test_head_of_it_edits_every_plan_but_does_not_approve(world, client):
    _anna, _bo, _ekonomi, _finance_system, hr_system = setup(world)
    target = plan(hr_system)
    client.force_login(world.users["it_head"])
    assert client.get(reverse("systems:plan_edit", args=[target.pk])).status_code == 200
    services.submit_plan(target, acting_user=None)
    assert client.get(reverse("systems:plan_approve", args=[target.pk])).status_code == 403


def test_a_closed_plan_cannot_be_edited_by_anyone(world, client):
    anna, bo, _ekonomi, finance_system, _hr_system = setup(world)
    target = plan(finance_system)
    services.submit_plan(target, acting_user=anna)
    services.approve_plan(target, acting_user=bo)
    services.close_plan(target, acting_user=anna, follow_up="Klart.")
    for person in (anna, world.users["it_head"]):
        client.force_login(person)
        assert client.get(reverse("systems:plan_edit", args=[target.pk])).status_code == 403
        assert client.get(reverse("systems:activity_create", args=[target.pk])).status_code == 403
    assert ManagementPlan.objects.get().status == "closed"


def test_a_role_in_another_organisation_gives_nothing_here(world, client):
    _anna, _bo, _ekonomi, finance_system, _hr_system = setup(world)
    stranger = world.users["stranger"]
    other_system = services.create_system(
        acting_user=None, organisation=world.other_org, name="Deras system", owner_department=world.foreign_department
    )
    role(other_system, "manager", stranger)
    client.force_login(stranger)
    assert client.get(reverse("systems:system_plan_create", args=[finance_system.pk])).status_code == 404


def test_a_manager_keeps_the_entry_but_not_the_register_fields(world, client):
    from rest_framework.test import APIClient

    anna, _bo, ekonomi, finance_system, hr_system = setup(world)
    client.force_login(anna)
    form = client.get(reverse("systems:system_edit", args=[finance_system.pk])).context["form"]
    assert "supplier_name" in form.fields and "owner_department" not in form.fields
    response = client.post(
        reverse("systems:system_edit", args=[finance_system.pk]),
        {
            "purpose": "Redovisning",
            "supplier_name": "Nordekonomi AB",
            "contract_reference": "AVT-1",
            "user_count": "150",
        },
    )
    assert response.status_code == 302
    finance_system.refresh_from_db()
    assert finance_system.supplier_name == "Nordekonomi AB" and finance_system.management_object == ekonomi
    api = APIClient()
    api.force_authenticate(anna)
    moved = api.patch(f"/api/systems/systems/{finance_system.pk}/", {"management_object": None}, format="json")
    assert moved.status_code == 400 and "management_object" in moved.json()["errors"]
    assert api.patch(f"/api/systems/systems/{hr_system.pk}/", {"notes": "x"}, format="json").status_code == 403
