# ruff: noqa: F811 - the fixtures are imported from measure_helpers
"""The measure catalogue: loading shipped versions, editing, pages and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from styrbord.security import catalogue, measure_services
from styrbord.security.models import Measure, SecuritySettings

from .measure_helpers import api_as, client_as, english, measure, spec, world, write_catalogue  # noqa: F401

pytestmark = pytest.mark.django_db


def codes(organisation, **filters):
    return set(Measure.objects.in_organisation(organisation).filter(**filters).values_list("code", flat=True))


def test_loading_a_catalogue_copies_it_in_the_site_language_and_records_the_version(world, tmp_path):
    write_catalogue(tmp_path, 1, [spec("A.1"), spec("A.2", availability=3)])
    outcome = catalogue.load_catalogue(acting_user=None, organisation=world.org, directory=tmp_path)
    assert outcome["created"] == ["A.1", "A.2"] and outcome["version"] == 1
    a1 = Measure.objects.get(organisation=world.org, code="A.1")
    assert a1.title == "Title en" and a1.required_confidentiality == 2 and a1.catalogue_version == 1
    assert a1.supplier_requirement == "The supplier shall"
    assert SecuritySettings.objects.get(organisation=world.org).catalogue_version == 1
    assert codes(world.other_org) == set()
    again = catalogue.load_catalogue(acting_user=None, organisation=world.org, directory=tmp_path)
    assert again["created"] == [] and again["unchanged"] == ["A.1", "A.2"]
    swedish = catalogue.load_catalogue(
        acting_user=None, organisation=world.other_org, directory=tmp_path, language="sv"
    )
    assert swedish["created"] and Measure.objects.get(organisation=world.other_org, code="A.1").title == "Title sv"


def test_a_newer_version_adds_and_updates_but_never_overwrites_local_edits(world, tmp_path):
    write_catalogue(tmp_path, 1, [spec("A.1"), spec("A.2"), spec("A.3"), spec("A.4")])
    catalogue.load_catalogue(acting_user=None, organisation=world.org, directory=tmp_path)
    edited = Measure.objects.get(organisation=world.org, code="A.2")
    measure_services.update_measure(edited, acting_user=world.users["security_coordinator"], guidance="Our own words")
    # Usability easing is the organisation's own note: it does not count as an edit of shipped text.
    noted = Measure.objects.get(organisation=world.org, code="A.1")
    measure_services.update_measure(noted, acting_user=None, usability_easing="Single sign-on")
    own = measure(world, "X.1", confidentiality=1)
    write_catalogue(
        tmp_path,
        2,
        [
            spec("A.1", title="Better"),
            spec("A.2", title="Better"),
            spec("A.3", title="Better"),
            spec("B.1"),
            spec("X.1"),
        ],
    )
    outcome = catalogue.load_catalogue(acting_user=None, organisation=world.org, directory=tmp_path)
    assert outcome["created"] == ["B.1"]
    assert sorted(outcome["updated"]) == ["A.1", "A.3"]
    assert sorted(outcome["kept"]) == ["A.2", "X.1"]
    assert outcome["deactivated"] == ["A.4"]
    noted.refresh_from_db()
    edited.refresh_from_db()
    own.refresh_from_db()
    assert noted.title == "Better en" and noted.usability_easing == "Single sign-on" and noted.catalogue_version == 2
    assert edited.guidance == "Our own words" and edited.title == "Title en" and edited.catalogue_version == 1
    assert own.title == "Measure X.1" and own.catalogue_version is None
    assert not Measure.objects.get(organisation=world.org, code="A.4").is_active  # deactivated, not deleted
    assert SecuritySettings.objects.get(organisation=world.org).catalogue_version == 2


def test_the_shipped_catalogue_has_forty_measures_and_loads_with_the_command(world):
    if not catalogue.shipped_versions():
        pytest.skip("the shipped catalogue is not installed yet")
    data = catalogue.newest_catalogue()
    assert len(data["measures"]) >= 40
    assert {m["kind"] for m in data["measures"]} == {"administrative", "technical"}
    call_command("load_measures", world.org.org_number, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Measure.objects.in_organisation(world.org).count() == len(data["measures"])
    assert all(m.required_from() for m in Measure.objects.in_organisation(world.org))


def test_a_measure_needs_a_level_and_a_unique_code_and_nothing_changes(world):
    with pytest.raises(ValidationError) as error:
        measure_services.create_measure(
            acting_user=None, organisation=world.org, code="M.1", theme="people", kind="administrative", title="x"
        )
    assert "required_confidentiality" in error.value.message_dict
    measure(world, "M.1", confidentiality=2)
    with pytest.raises(ValidationError) as error:
        measure(world, "M.1", integrity=1)
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        measure(world, "M.2", integrity=4)
    assert "required_integrity" in error.value.message_dict
    assert codes(world.org) == {"M.1"}


def test_the_catalogue_page_filters_by_theme_kind_aspect_and_level(world, client_as):
    measure(world, "C.2", confidentiality=2)
    measure(world, "C.3", confidentiality=3)
    measure(world, "A.2", availability=2)
    client = client_as("employee")
    url = reverse("security:measure_list")

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {m.code for m in response.context["object_list"]}

    assert listed() == {"C.2", "C.3", "A.2"}
    assert listed(aspect="confidentiality") == {"C.2", "C.3"}
    assert listed(aspect="confidentiality", level=2) == {"C.2"}
    assert listed(level=2) == {"C.2", "A.2"}
    assert listed(kind="administrative") == set()
    assert "C.2" in client.get(url).content.decode()


def test_the_coordinator_creates_edits_and_deactivates_a_measure_through_pages(world, client_as):
    client = client_as("security_coordinator")
    payload = {
        "code": "P.1",
        "theme": "people",
        "kind": "administrative",
        "title": "Security awareness training",
        "required_confidentiality": "1",
        "usability_impact": "Takes an hour a year.",
        "usability_easing": "Short e-learning in work time.",
        "is_active": "on",
    }
    response = client.post(reverse("security:measure_create"), payload)
    created = Measure.objects.get(organisation=world.org, code="P.1")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    page = client.get(created.get_absolute_url()).content.decode()
    assert "Short e-learning in work time." in page
    response = client.post(reverse("security:measure_create"), {**payload, "required_confidentiality": ""})
    assert response.status_code == 200 and "required_confidentiality" in response.context["form"].errors
    response = client.post(reverse("security:measure_edit", args=[created.pk]), {**payload, "title": "Training"})
    created.refresh_from_db()
    assert created.title == "Training"
    client.post(reverse("security:measure_active", args=[created.pk]))
    created.refresh_from_db()
    assert not created.is_active
    employee = client_as("employee")
    assert employee.post(reverse("security:measure_active", args=[created.pk])).status_code == 403


def test_the_load_button_loads_the_shipped_catalogue(world, client_as):
    if not catalogue.shipped_versions():
        pytest.skip("the shipped catalogue is not installed yet")
    client = client_as("it_head")
    assert client.get(reverse("security:measure_load")).status_code == 200
    response = client.post(reverse("security:measure_load"))
    assert response.status_code == 302
    assert Measure.objects.in_organisation(world.org).count() >= 40


def test_the_measures_api_creates_updates_filters_and_reports_errors(world, api_as):
    api = api_as("security_coordinator")
    url = reverse("security-api:measure-list")
    response = api.post(
        url,
        {"organisation": world.org.pk, "code": "T.1", "theme": "technological", "kind": "technical", "title": "MFA"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and "required_confidentiality" in body["errors"]
    response = api.post(
        url,
        {
            "organisation": world.org.pk,
            "code": "T.1",
            "theme": "technological",
            "kind": "technical",
            "title": "MFA",
            "required_confidentiality": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    measure(world, "T.2", availability=3)
    assert {m["code"] for m in api.get(url, {"aspect": "availability"}).json()["results"]} == {"T.2"}
    response = api.patch(reverse("security-api:measure-detail", args=[pk]), {"is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    stranger = api_as("stranger")
    assert stranger.get(reverse("security-api:measure-detail", args=[pk])).status_code == 404
    assert (
        api_as("employee").patch(reverse("security-api:measure-detail", args=[pk]), {"title": "x"}).status_code == 403
    )


def test_the_measure_list_api_has_a_constant_query_count(world, api_as, django_assert_max_num_queries):
    for index in range(15):
        measure(world, f"Q.{index}", confidentiality=2)
    api = api_as("employee")
    with django_assert_max_num_queries(8):
        assert api.get(reverse("security-api:measure-list")).status_code == 200


def _shipped(*words):
    """The shipped measures whose English title contains every one of ``words``."""
    data = catalogue.newest_catalogue()
    return [m for m in data["measures"] if all(word in m["title"]["en"].lower() for word in words)]


def test_the_shipped_catalogue_requires_the_examples_of_the_issue_from_their_levels(world):
    if not catalogue.shipped_versions():
        pytest.skip("the shipped catalogue is not installed yet")
    catalogue.load_catalogue(acting_user=None, organisation=world.org, language="en")
    examples = [
        (("multi-factor",), "confidentiality", 2),
        (("backup",), "confidentiality", 2),
        (("restore",), "availability", 2),
        (("redundan",), "availability", 3),
        (("log",), "traceability", 2),
    ]
    for words, aspect, level in examples:
        found = _shipped(*words)
        assert found, words
        assert any((m.get("required_from") or {}).get(aspect) == level for m in found), (words, aspect, level)
    by_code = {m.code: m for m in Measure.objects.in_organisation(world.org)}
    mfa = by_code[_shipped("multi-factor")[0]["code"]]
    from styrbord.security.requirements import is_required

    assert not is_required(mfa, {"confidentiality": 1}) and is_required(mfa, {"confidentiality": 2})
