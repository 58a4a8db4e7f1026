import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrbord.core.testing import make_person
from styrbord.organisations.models import ApiToken, Department, User


def test_bad_input_names_the_field_and_changes_nothing(world, api_as):
    client = api_as("it_head")
    before = Department.objects.count()
    response = client.post(
        reverse("organisations-api:department-list"),
        {"organisation": world.org.pk, "name": "", "kind": "nonsense", "cost_centre": "bad code!"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) >= {"name", "kind", "cost_centre"}
    assert all(isinstance(reasons, list) and reasons for reasons in body["errors"].values())
    assert Department.objects.count() == before


def test_model_rule_errors_use_the_same_format(world, api_as):
    response = api_as("it_head").patch(
        reverse("organisations-api:department-detail", args=[world.branch.pk]),
        {"parent": world.unit.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()["errors"]


def test_malformed_json_is_400_not_500(world, api_as):
    response = api_as("it_head").generic(
        "POST", reverse("organisations-api:department-list"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_org_number_check_digit_via_api(world, api_as):
    response = api_as("it_head").patch(
        reverse("organisations-api:organisation-detail", args=[world.org.pk]),
        {"org_number": "212000-2495"},
        format="json",
    )
    assert response.status_code == 400
    assert "org_number" in response.json()["errors"]


def test_reference_to_other_organisations_row_is_invalid(world, api_as):
    response = api_as("it_head").post(
        reverse("organisations-api:department-list"),
        {"organisation": world.other_org.pk, "name": "Intrång", "kind": "enhet"},
        format="json",
    )
    assert response.status_code == 400
    assert "organisation" in response.json()["errors"]


def test_department_filters_and_subtree(world, api_as):
    client = api_as("employee")
    url = reverse("organisations-api:department-list")
    within = client.get(url, {"within": world.branch.pk}).json()
    assert {d["id"] for d in within["results"]} == {world.branch.pk, world.unit.pk}
    searched = client.get(url, {"q": "social"}).json()
    assert [d["id"] for d in searched["results"]] == [world.other_branch.pk]
    assert client.get(url, {"kind": "bogus"}).status_code == 400


def test_delete_only_when_nothing_is_lost(world, api_as):
    client = api_as("it_head")
    in_use = client.delete(reverse("organisations-api:department-detail", args=[world.unit.pk]))
    assert in_use.status_code == 400
    assert Department.objects.filter(pk=world.unit.pk).exists()
    spare = client.post(
        reverse("organisations-api:department-list"),
        {"organisation": world.org.pk, "name": "Tom", "kind": "enhet"},
        format="json",
    ).json()
    assert client.delete(reverse("organisations-api:department-detail", args=[spare["id"]])).status_code == 204
    person = world.users["employee"]
    assert client.delete(reverse("organisations-api:person-detail", args=[person.pk])).status_code == 405


def test_create_person_makes_membership_and_refuses_duplicate_email(world, api_as):
    client = api_as("it_head")
    url = reverse("organisations-api:person-list")
    payload = {
        "organisation": world.org.pk,
        "department": world.unit.pk,
        "first_name": "Nora",
        "last_name": "Nyberg",
        "email": "Nora.Nyberg@Example.org",
    }
    created = client.post(url, payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["email"] == "nora.nyberg@example.org"
    assert body["memberships"][0]["organisation"] == world.org.pk
    again = client.post(url, payload, format="json")
    assert again.status_code == 400 and "email" in again.json()["errors"]


def test_person_list_queries_do_not_grow_with_rows(world, api_as):
    client = api_as("employee")
    url = reverse("organisations-api:person-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        make_person(world.org, department=world.unit)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.json()["count"] == 24
    assert len(many) == len(few)


def test_department_list_queries_are_constant(world, api_as):
    client = api_as("employee")
    url = reverse("organisations-api:department-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from styrbord.organisations import services

    for index in range(10):
        services.create_department(acting_user=None, organisation=world.org, name=f"D{index}", parent=world.unit)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_personal_token_authenticates_and_revocation_ends_it(world, api):
    from styrbord.organisations import services

    token, key = services.create_api_token(acting_user=None, user=world.users["finance"], name="rapport")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    url = reverse("organisations-api:organisation-list")
    response = api.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [world.org.pk]
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    services.revoke_api_token(stored, acting_user=None)
    refused = api.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 401
    assert api.get(url, HTTP_AUTHORIZATION="Token nonsense").status_code == 401


def test_unauthenticated_api_answers_401_with_token_challenge(world, api):
    response = api.get(reverse("organisations-api:department-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_stranger_cannot_patch_our_person(world, api_as):
    person = world.users["employee"]
    response = api_as("stranger").patch(
        reverse("organisations-api:person-detail", args=[person.pk]), {"title": "Hacker"}, format="json"
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.title == ""


@pytest.mark.parametrize("path", ["/api/organisations/departments/999999999999999999999/", "/api/nowhere/"])
def test_unknown_ids_and_paths_are_404_json(world, api_as, path):
    response = api_as("employee").get(path)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_membership_in_second_organisation_gives_access(world, api_as):
    from styrbord.organisations import services

    helper = world.users["it_staff"]
    services.add_membership(acting_user=None, user=helper, organisation=world.other_org)
    User.objects.get(pk=helper.pk)  # fresh object: access is computed per request
    response = api_as("it_staff").get(reverse("organisations-api:organisation-list"))
    assert {o["id"] for o in response.json()["results"]} == {world.org.pk, world.other_org.pk}
