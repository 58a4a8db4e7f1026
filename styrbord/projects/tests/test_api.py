import pytest
from rest_framework.test import APIClient

from styrbord.core.testing import build_world
from styrbord.projects import services
from styrbord.projects.models import Project

from .factories import project

URL = "/api/governance/projects/"


@pytest.fixture
def world(db):
    return build_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_create_filter_and_nested_reports(world, django_assert_max_num_queries):
    client = api(world.users["it_coordinator"])
    response = client.post(
        URL,
        {
            "organisation": world.org.pk,
            "title": "Elevdatorer",
            "requesting_department": world.unit.pk,
            "stage": "proposed",
            "estimated_hours": 200,
            "estimated_cost": "90000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = Project.objects.get(pk=response.json()["id"])
    services.add_status_report(created, acting_user=None, date="2026-11-01", progress="Upphandlat")
    project(world, "Annat", department=world.other_branch, stage="idea")
    reader = api(world.users["employee"])
    with django_assert_max_num_queries(12):
        rows = reader.get(URL, {"stage": "proposed"}).json()["results"]
    assert [r["title"] for r in rows] == ["Elevdatorer"] and rows[0]["status_reports"][0]["progress"] == "Upphandlat"
    assert [r["title"] for r in reader.get(URL, {"department": world.other_branch.pk}).json()["results"]] == ["Annat"]
    refused = client.post(
        URL, {"organisation": world.org.pk, "title": "X", "requesting_department": world.other_branch.pk}, format="json"
    )
    assert refused.status_code == 403


def test_errors_name_the_field_and_change_nothing(world):
    p = project(world, stage="idea")
    client = api(world.users["it_head"])
    response = client.patch(f"{URL}{p.pk}/", {"stage": "done", "title": "Nytt namn"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "detail" in body and "stage" in body["errors"]
    assert Project.objects.get(pk=p.pk).title == p.title
    response = client.patch(f"{URL}{p.pk}/", {"end_quarter": "Q3"}, format="json")
    assert response.status_code == 400 and "end_quarter" in response.json()["errors"]
    assert client.patch(f"{URL}{p.pk}/", {"stage": "proposed"}, format="json").json()["stage"] == "proposed"


def test_only_it_head_prioritises_by_hand_and_strangers_see_nothing(world):
    p = project(world)
    head = api(world.users["department_head"])
    assert head.patch(f"{URL}{p.pk}/", {"stage": "prioritised"}, format="json").status_code == 403
    assert head.patch(f"{URL}{p.pk}/", {"stage": "stopped"}, format="json").status_code == 200
    assert api(world.users["stranger"]).get(f"{URL}{p.pk}/").status_code == 404
    assert api(world.users["employee"]).patch(f"{URL}{p.pk}/", {"title": "X"}, format="json").status_code == 403
