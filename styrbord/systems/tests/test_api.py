"""The system register's API: errors named by field, scope and organisation checks, follow-up rules."""

from decimal import Decimal

from styrbord.systems import services

from .factories import management_object, plan, system


def test_a_role_needs_one_scope(world, api_as):
    response = api_as("it_head").post(
        "/api/systems/roles/",
        {
            "system": system(world).pk,
            "management_object": management_object(world).pk,
            "kind": "owner",
            "person": world.users["employee"].pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "system" in response.json()["errors"]


def test_a_person_of_another_organisation_cannot_hold_a_role(world, api_as):
    response = api_as("it_head").post(
        "/api/systems/roles/",
        {"system": system(world).pk, "kind": "owner", "person": world.users["stranger"].pk},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()["errors"]


def test_a_role_is_named_once_and_its_date_recorded(world, api_as):
    client = api_as("it_head")
    payload = {"system": system(world).pk, "kind": "manager", "person": world.users["employee"].pk}
    created = client.post("/api/systems/roles/", payload, format="json")
    assert created.status_code == 201
    again = client.post("/api/systems/roles/", payload, format="json")
    assert again.status_code == 400 and "person" in again.json()["errors"]
    patched = client.patch(
        f"/api/systems/roles/{created.json()['id']}/", {"communicated_on": "2026-01-15"}, format="json"
    )
    assert patched.json()["communicated_on"] == "2026-01-15"
    moved = client.patch(f"/api/systems/roles/{created.json()['id']}/", {"kind": "owner"}, format="json")
    assert moved.status_code == 200 and moved.json()["kind"] == "manager"  # read-only after creation
    assert client.delete(f"/api/systems/roles/{created.json()['id']}/").status_code == 204


def test_activities_follow_the_plans_status(world, api_as):
    client = api_as("it_head")
    target = plan(system(world))
    activity = target.activities.get()
    assert (
        client.patch(f"/api/systems/plan-activities/{activity.pk}/", {"actual_cost": "10"}, format="json").status_code
        == 400
    )
    services.submit_plan(target, acting_user=None)
    services.approve_plan(target, acting_user=None)
    estimate = client.patch(f"/api/systems/plan-activities/{activity.pk}/", {"estimated_cost": "1"}, format="json")
    assert estimate.status_code == 400 and "estimated_cost" in estimate.json()["errors"]
    done = client.patch(
        f"/api/systems/plan-activities/{activity.pk}/", {"status": "done", "actual_cost": "9500.50"}, format="json"
    )
    assert done.status_code == 200
    activity.refresh_from_db()
    assert activity.actual_cost == Decimal("9500.50")
    added = client.post("/api/systems/plan-activities/", {"plan": target.pk, "title": "Sent"}, format="json")
    assert added.status_code == 400


def test_system_list_filters_and_items(world, api_as):
    from styrbord.infra.tests.factories import item

    server = item(world.org, "srv-1")
    system(world, "Ekonomisystem", runs_on=[server], information_types=["Personuppgifter"])
    system(world, "Annat", is_vital=False)
    body = api_as("employee").get("/api/systems/systems/", {"is_vital": "true"}).json()
    assert [row["name"] for row in body["results"]] == ["Ekonomisystem"]
    assert body["results"][0]["runs_on"] == [server.pk]
    assert body["results"][0]["information_types"] == ["Personuppgifter"]
