import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.core.testing import build_world
from styrbord.governance import services
from styrbord.systems.tests.factories import system

from .factories import decision, forum, meeting


@pytest.fixture
def world():
    return build_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_decision_with_subjects_and_errors(world):
    m = meeting(world, days=1)
    s = system(world, "Ekonomisystem")
    client = api(world.users["department_head"])
    url = reverse("governance-api:decision-list")
    response = client.post(
        url,
        {
            "meeting": m.pk,
            "title": "Ny version",
            "text": "Uppgradera.",
            "subjects": [{"type": "systems.system", "id": s.pk}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("TAK-") and body["level"] == m.forum.level_id
    assert body["subjects"] == [{"type": "systems.system", "id": s.pk, "label": "Ekonomisystem"}]
    before = m.decisions.count()
    bad = client.post(
        url, {"meeting": m.pk, "title": "X", "text": "Y", "subjects": [{"type": "auth.group", "id": 1}]}, format="json"
    )
    assert bad.status_code == 400 and "subjects" in bad.json()["errors"]
    missing = client.post(
        url,
        {"meeting": m.pk, "title": "X", "text": "Y", "subjects": [{"type": "systems.system", "id": 99999}]},
        format="json",
    )
    assert missing.status_code == 400 and "subjects" in missing.json()["errors"]
    assert m.decisions.count() == before
    services.close_meeting(m, acting_user=None)
    locked = client.patch(reverse("governance-api:decision-detail", args=[body["id"]]), {"text": "Nytt"}, format="json")
    assert locked.status_code == 400 and "text" in locked.json()["errors"]


@pytest.mark.django_db
def test_list_query_count(world, django_assert_max_num_queries):
    m = meeting(world)
    s = system(world, "Ekonomisystem")
    for n in range(6):
        decision(world, m, title=f"B{n}", subjects=[s])
    client = api(world.users["employee"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance-api:decision-list"))
    assert response.json()["count"] == 6


@pytest.mark.django_db
def test_close_and_escalate_via_api(world):
    m = meeting(world, "operational", days=1)
    client = api(world.users["support_lead"])
    response = client.post(reverse("governance-api:meeting-close", args=[m.pk]))
    assert response.status_code == 200 and response.json()["status"] == "closed"
    employee = api(world.users["employee"])
    assert employee.post(reverse("governance-api:meeting-close", args=[m.pk])).status_code == 403
    vug = forum(world, "tactical")
    response = client.post(
        reverse("governance-api:escalation-list"),
        {"from_forum": m.forum_id, "to_forum": vug.pk, "question": "Q", "reason": "R"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["path"] == [response.json()["id"]]
    wrong = client.post(
        reverse("governance-api:escalation-list"),
        {"from_forum": vug.pk, "to_forum": m.forum_id, "question": "Q", "reason": "R"},
        format="json",
    )
    assert wrong.status_code in (400, 403)
