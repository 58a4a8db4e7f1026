"""Pages and API of classifications: who sees a confidentiality-3 classification, forms, lists."""

import pytest
from django.utils import translation

from styrbord.security.models import Classification

from .classification_helpers import classified, information_type, role, system

pytestmark = pytest.mark.django_db

SEES_RESTRICTED = {"it_head", "security_coordinator"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def secret(world):
    """Social services' case system: confidentiality 3, its manager is the employee."""
    adopted = classified(world, "Procapita", 3, 2, 2, 3)
    role(adopted.system, "manager", world.users["employee"])
    return adopted


@pytest.mark.parametrize(
    "who",
    ["it_head", "security_coordinator", "employee", "it_staff", "department_head", "management_group", "stranger"],
)
def test_a_confidentiality_3_classification_is_visible_only_to_roles_coordinator_and_it_head(
    world, client, secret, who
):
    client.force_login(world.users[who])
    allowed = who in SEES_RESTRICTED or who == "employee"  # the employee manages the system
    assert client.get(f"/security/classifications/{secret.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/security/classifications/{secret.pk}/requirements/").status_code == (200 if allowed else 404)
    assert client.get(f"/security/classifications/{secret.pk}/requirements.docx").status_code == (
        200 if allowed else 404
    )
    response = client.get(f"/api/security/classifications/{secret.pk}/")
    assert response.status_code == (200 if allowed else 404)
    listed = [row["id"] for row in client.get("/api/security/classifications/").json()["results"]]
    assert (secret.pk in listed) == allowed
    if who != "stranger":
        page = client.get("/security/classifications/").content.decode()
        assert "Procapita" in page
        assert ("restricted" in page) != allowed


def test_a_role_on_the_management_object_counts(world, client):
    from styrbord.systems.tests.factories import management_object

    social = management_object(world, "Socialtjänst")
    adopted = classified(world, "Lifecare", 3, 1, 1, management_object=social)
    client.force_login(world.users["it_staff"])
    assert client.get(adopted.get_absolute_url()).status_code == 404
    role(social, "key_user", world.users["it_staff"])
    from styrbord.systems.access import forget

    forget(world.users["it_staff"])
    client.force_login(world.users["it_staff"])
    assert client.get(adopted.get_absolute_url()).status_code == 200


def test_open_classifications_are_read_by_every_member(world, client_as):
    adopted = classified(world, "Webb", 1, 1, 2)
    page = client_as("employee").get(adopted.get_absolute_url())
    assert page.status_code == 200 and "Webb" in page.content.decode()


def test_the_manager_classifies_and_adopts_through_the_pages(world, client_as):
    target = system(world, "Elevregister", information_types=["Elevuppgifter"])
    role(target, "manager", world.users["employee"])
    client = client_as("employee")
    client.post(f"/security/systems/{target.pk}/information-types/suggested/")
    kind = target.security_information_types.get()
    assert kind.name == "Elevuppgifter"
    client.post(
        f"/security/information-types/{kind.pk}/edit/",
        {"name": "Elevuppgifter", "personal_data": "on", "is_active": "on"},
    )
    data = {
        "classified_on": "2026-01-10",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "1",
        "levels-0-information_type": str(kind.pk),
        "levels-0-included": "on",
        "levels-0-confidentiality": "2",
        "levels-0-integrity": "2",
        "levels-0-availability": "1",
        "levels-0-traceability": "2",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-person": str(world.users["security_coordinator"].pk),
        "participants-0-role": "security_coordinator",
        "rationale_confidentiality": "Uppgifter om elever.",
    }
    response = client.post(f"/security/systems/{target.pk}/classify/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Classification.objects.get(system=target)
    assert draft.need_confidentiality == 2 and draft.participants.get().role == "security_coordinator"
    assert client.post(f"/security/classifications/{draft.pk}/adopt/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "adopted" and draft.valid_until is not None
    page = client.get(f"/systems/{target.pk}/").content.decode()
    assert "Protection need" in page and "Current" in page


def test_a_bad_level_form_names_the_field_and_changes_nothing(world, client_as):
    target = system(world, "Fel")
    kind = information_type(target, "Webb")
    data = {
        "classified_on": "2099-01-01",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "1",
        "levels-0-information_type": str(kind.pk),
        "levels-0-included": "on",
        "levels-0-confidentiality": "1",
        "levels-0-integrity": "1",
        "levels-0-availability": "1",
        "levels-0-traceability": "1",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
    }
    response = client_as("security_coordinator").post(f"/security/systems/{target.pk}/classify/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Classification.objects.filter(system=target).exists()


def test_others_may_not_classify(world, client_as):
    target = system(world, "Annan")
    assert client_as("employee").get(f"/security/systems/{target.pk}/classify/").status_code == 403
    assert client_as("it_staff").get(f"/security/systems/{target.pk}/classify/").status_code == 403
    assert client_as("security_coordinator").get(f"/security/systems/{target.pk}/classify/").status_code == 200


def test_api_creates_a_draft_adopts_it_and_reports_bad_input(world, api_as):
    target = system(world, "API-system")
    kind = information_type(target, "Fakturor")
    api = api_as("security_coordinator")
    created = api.post(
        "/api/security/classifications/",
        {
            "system": target.pk,
            "levels": [{"information_type": kind.pk, "confidentiality": 1, "integrity": 3, "availability": 2}],
            "participants": [{"name": "Kim Användare", "role": "user"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["need_integrity"] == 3
    adopted = api.post(f"/api/security/classifications/{body['id']}/adopt/")
    assert adopted.status_code == 200 and adopted.json()["valid_until"]
    second = api.patch(f"/api/security/classifications/{body['id']}/", {"notes": "x"}, format="json")
    assert second.status_code == 403
    bad = api.post("/api/security/information-types/", {"system": target.pk, "name": "Fakturor"}, format="json")
    assert bad.status_code == 400 and "name" in bad.json()["errors"]
    assert (
        api_as("employee")
        .post("/api/security/information-types/", {"system": target.pk, "name": "Ny"}, format="json")
        .status_code
        == 403
    )


def test_list_page_and_api_cost_a_constant_number_of_queries(world, client_as, django_assert_max_num_queries):
    for n in range(6):
        classified(world, f"Q{n}", 1, 2, 3)
    client = client_as("security_coordinator")
    with django_assert_max_num_queries(25):
        assert client.get("/security/classifications/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/api/security/classifications/").status_code == 200


def test_list_filters_by_status_and_need(world, client_as):
    classified(world, "Hög", 1, 1, 3)
    classified(world, "Låg", 1, 1, 1)
    system(world, "Saknas")
    client = client_as("it_head")
    names = lambda query: [r["system"].name for r in client.get("/security/classifications/" + query).context["rows"]]  # noqa: E731
    assert names("?status=missing") == ["Saknas"]
    assert names("?aspect=availability&level=3") == ["Hög"]


def test_the_system_list_shows_each_need_in_short_and_hides_a_restricted_one(world, client, secret):
    open_one = classified(world, "Ekonomisystem", 2, 3, 1)
    client.force_login(world.users["it_staff"])
    rows = {
        line.split("</a>")[0].rsplit(">", 1)[-1]: line
        for line in client.get("/systems/").content.decode().split("<tr>")
        if "</a>" in line
    }
    assert "C2 I3 A1" in rows[open_one.system.name]
    assert "restricted" in rows["Procapita"] and "C3" not in rows["Procapita"]
    client.force_login(world.users["security_coordinator"])
    assert "C3 I2 A2 T3" in client.get("/systems/").content.decode()
