"""The API for prioritisations and digitalisation plans; the requesting department's organisation
rule in the service (page and API alike); the home page's project attention items."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from styrbord.core.testing import build_world
from styrbord.organisations import services as organisations
from styrbord.projects import attention, services
from styrbord.projects.models import DigitalisationPlan, Project

from .factories import plan, prioritisation, project

PRIORITISATIONS = "/api/governance/prioritisations/"
PLANS = "/api/governance/digitalisation-plans/"
CHANGES = "/api/governance/planned-changes/"


@pytest.fixture
def world(db):
    return build_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _two_organisation_it_head(world):
    """The head of IT also heads IT in the other organisation: its departments are visible to them."""
    head = world.users["it_head"]
    organisations.add_membership(acting_user=None, user=head, organisation=world.other_org)
    organisations.assign_role(acting_user=None, user=head, organisation=world.other_org, role="it_head")
    return head


def test_requesting_department_of_another_organisation_is_refused_everywhere(world):
    head = _two_organisation_it_head(world)
    with pytest.raises(ValidationError) as error:
        services.create_project(
            acting_user=head, organisation=world.org, title="X", requesting_department=world.foreign_department
        )
    assert error.value.message_dict == {"requesting_department": ["This must belong to the same organisation."]}

    response = api(head).post(
        "/api/governance/projects/",
        {"organisation": world.org.pk, "title": "Fel", "requesting_department": world.foreign_department.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"requesting_department": ["This must belong to the same organisation."]}

    existing = project(world, "Rätt")
    moved = api(head).patch(
        f"/api/governance/projects/{existing.pk}/",
        {"requesting_department": world.foreign_department.pk, "title": "Flyttad"},
        format="json",
    )
    assert moved.status_code == 400 and "requesting_department" in moved.json()["errors"]
    with pytest.raises(ValidationError) as error:
        services.update_project(existing, acting_user=head, requesting_department=world.foreign_department)
    assert list(error.value.message_dict) == ["requesting_department"]

    client = Client()
    client.force_login(head)
    session = client.session
    session["styrbord_organisation_id"] = world.org.pk  # working in Testby, not the first by name
    session.save()
    page = client.post(
        reverse("projects:project_create"),
        {"title": "Fel", "kind": "supporting", "requesting_department": world.foreign_department.pk, "origin": "it"},
    )
    assert page.status_code == 200 and "requesting_department" in page.context["form"].errors
    assert list(Project.objects.values_list("title", flat=True)) == ["Rätt"]
    assert Project.objects.get().requesting_department == world.branch


def test_it_head_prioritises_through_the_api(world, django_assert_max_num_queries):
    head = api(world.users["it_head"])
    created = head.post(
        PRIORITISATIONS,
        {
            "organisation": world.org.pk,
            "title": "Prioritering 2027",
            "first_quarter": "2027-Q1",
            "last_quarter": "2027-Q2",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"{PRIORITISATIONS}{created.json()['id']}/"
    big, small = project(world, "Stort", hours=300), project(world, "Litet", hours=50)
    idea = project(world, "Idé", stage="idea")
    assert head.post(f"{url}rank/", {"project": big.pk}, format="json").status_code == 200
    body = head.post(f"{url}rank/", {"project": small.pk}, format="json").json()
    assert [e["title"] for e in body["entries"]] == ["Stort", "Litet"]
    refused = head.post(f"{url}rank/", {"project": idea.pk}, format="json")
    assert refused.status_code == 400 and "project" in refused.json()["errors"]
    bad_quarter = head.post(f"{url}capacity/", {"quarter": "2028-Q1", "hours": 100}, format="json")
    assert bad_quarter.status_code == 400 and "quarter" in bad_quarter.json()["errors"]
    body = head.post(f"{url}capacity/", {"quarter": "2027-Q1", "hours": 200}, format="json").json()
    assert body["capacity_hours"] == 200 and [e["fits"] for e in body["entries"]] == [False, False]

    body = head.post(f"{url}ranking/", {"ranking": [small.pk, big.pk]}, format="json").json()
    assert [(e["rank"], e["title"], e["fits"]) for e in body["entries"]] == [(1, "Litet", True), (2, "Stort", False)]
    assert body["planned_hours"] == 50

    reader = api(world.users["finance"])
    prioritisation(world, "Andra")
    with django_assert_max_num_queries(10):
        listed = reader.get(PRIORITISATIONS)
    assert listed.status_code == 200 and listed.json()["count"] == 2

    adopted = head.post(f"{url}adopt/", {"text": "VUG beslutar."}, format="json")
    assert adopted.status_code == 200, adopted.content
    assert adopted.json()["status"] == "adopted" and adopted.json()["decision"]
    assert Project.objects.get(pk=small.pk).stage == "prioritised"
    assert Project.objects.get(pk=big.pk).stage == "proposed"
    locked = head.patch(url, {"note": "Ändrat"}, format="json")
    assert locked.status_code == 400 and "note" in locked.json()["errors"]
    again = head.post(f"{url}ranking/", {"ranking": [big.pk, small.pk]}, format="json")
    assert again.status_code == 400 and "ranking" in again.json()["errors"]


def test_ranking_errors_name_the_field_and_change_nothing(world):
    head_user = _two_organisation_it_head(world)
    head = api(head_user)
    p = prioritisation(world)
    first, second = project(world, "Ett"), project(world, "Två")
    unranked = project(world, "Tre")
    for item in (first, second):
        services.rank_project(p, acting_user=None, project=item)
    foreign = services.create_project(
        acting_user=None,
        organisation=world.other_org,
        title="Annanby",
        requesting_department=world.foreign_department,
        stage="proposed",
    )
    url = f"{PRIORITISATIONS}{p.pk}/ranking/"
    cases = {
        "unknown": [second.pk, first.pk, 999999],
        "another organisation's": [second.pk, first.pk, foreign.pk],
        "not ranked here": [second.pk, unranked.pk],
        "twice": [second.pk, first.pk, first.pk],
        "missing": [second.pk],
    }
    for case, ranking in cases.items():
        response = head.post(url, {"ranking": ranking}, format="json")
        assert response.status_code == 400, case
        assert list(response.json()["errors"]) == ["ranking"], case
    assert (
        "999999"
        in head.post(url, {"ranking": [second.pk, first.pk, 999999]}, format="json").json()["errors"]["ranking"][0]
    )
    not_ids = head.post(url, {"ranking": ["a", first.pk]}, format="json")
    assert not_ids.status_code == 400 and "ranking" in not_ids.json()["errors"]
    assert list(p.entries.order_by("rank").values_list("project_id", flat=True)) == [first.pk, second.pk]
    # Ranking another organisation's project is refused on ``project``.
    refused = head.post(f"{PRIORITISATIONS}{p.pk}/rank/", {"project": foreign.pk}, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["project"]
    off = head.post(f"{PRIORITISATIONS}{p.pk}/unrank/", {"project": unranked.pk}, format="json")
    assert off.status_code == 400 and "project" in off.json()["errors"]
    assert head.post(f"{PRIORITISATIONS}{p.pk}/unrank/", {"project": first.pk}, format="json").status_code == 200
    assert list(p.entries.values_list("project_id", flat=True)) == [second.pk]

    # The page uses the same rule and shows the message.
    client = Client()
    client.force_login(head_user)
    page = client.post(
        reverse("projects:prioritisation_ranking", args=[p.pk]), {"ranking": f"{second.pk},999999"}, follow=True
    )
    assert "Not ranked in this prioritisation: 999999" in page.text


def test_prioritisations_role_access_and_tenant_separation(world):
    p = prioritisation(world)
    proposal = project(world)
    url = f"{PRIORITISATIONS}{p.pk}/"
    assert api(world.users["employee"]).get(url).status_code == 404
    assert api(world.users["employee"]).get(PRIORITISATIONS).json()["count"] == 0
    assert api(world.users["stranger"]).get(url).status_code == 404
    assert api(world.users["stranger"]).post(f"{url}rank/", {"project": proposal.pk}, format="json").status_code == 404
    support = api(world.users["support_lead"])
    assert support.get(url).status_code == 200
    assert support.post(f"{url}rank/", {"project": proposal.pk}, format="json").status_code == 403
    assert support.post(f"{url}adopt/", {}, format="json").status_code == 403
    assert (
        api(world.users["department_head"]).post(f"{url}capacity/", {"quarter": "2027-Q1", "hours": 5}).status_code
        == 403
    )
    assert not p.entries.exists() and not p.capacity.exists()
    empty = api(world.users["it_head"]).post(f"{url}adopt/", {}, format="json")
    assert empty.status_code == 400 and "entries" in empty.json()["errors"]


def test_digitalisation_plans_through_the_api(world, django_assert_max_num_queries):
    head = api(world.users["department_head"])
    created = head.post(
        PLANS,
        {"organisation": world.org.pk, "department": world.unit.pk, "first_year": 2027, "last_year": 2029},
        format="json",
    )
    assert created.status_code == 201, created.content
    outside = head.post(
        PLANS,
        {"organisation": world.org.pk, "department": world.other_branch.pk, "first_year": 2027, "last_year": 2029},
        format="json",
    )
    assert outside.status_code == 403
    twice = api(world.users["it_head"]).post(
        PLANS,
        {"organisation": world.org.pk, "department": world.unit.pk, "first_year": 2028, "last_year": 2030},
        format="json",
    )
    assert twice.status_code == 400 and "department" in twice.json()["errors"]
    plan_id = created.json()["id"]
    moved = head.patch(f"{PLANS}{plan_id}/", {"department": world.other_branch.pk}, format="json")
    assert moved.status_code == 403

    change = head.post(CHANGES, {"plan": plan_id, "year": 2028, "title": "Digitala prov"}, format="json")
    assert change.status_code == 201, change.content
    late = head.post(CHANGES, {"plan": plan_id, "year": 2031, "title": "För sent"}, format="json")
    assert late.status_code == 400 and "year" in late.json()["errors"]
    other = plan(world, department=world.other_branch)
    assert head.post(CHANGES, {"plan": other.pk, "year": 2028, "title": "X"}, format="json").status_code == 403
    assert api(world.users["support_lead"]).get(f"{PLANS}{plan_id}/").json()["changes"][0]["title"] == "Digitala prov"
    assert api(world.users["employee"]).get(f"{CHANGES}{change.json()['id']}/").status_code == 404
    assert api(world.users["stranger"]).get(f"{PLANS}{plan_id}/").status_code == 404
    with django_assert_max_num_queries(10):
        assert api(world.users["finance"]).get(PLANS).json()["count"] == 2
    assert DigitalisationPlan.objects.filter(organisation=world.org).count() == 2


def _request(user, organisation):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    request.organisation = organisation
    return request


def test_attention_for_project_leads_it_head_and_department_roles(world):
    lead = world.users["it_staff"]
    today = timezone.localdate()
    running = project(world, "Pågår", stage="proposed", project_lead=lead, end_quarter="2020-Q4")
    for stage in ("prioritised", "in_progress"):
        services.change_stage(running, acting_user=None, stage=stage)
    fresh = project(world, "Rapporterat", stage="proposed", project_lead=lead)
    for stage in ("prioritised", "in_progress"):
        services.change_stage(fresh, acting_user=None, stage=stage)
    services.add_status_report(fresh, acting_user=None, date=today - datetime.timedelta(days=3), progress="Bra")
    services.add_status_report(
        running,
        acting_user=None,
        date=today - datetime.timedelta(days=attention.REPORT_INTERVAL_DAYS + 1),
        progress=".",
    )
    project(world, "Förslag", stage="proposed")
    project(world, "Idé", stage="idea", department=world.unit)
    project(world, "Annan idé", stage="idea", department=world.other_branch)

    def counts(role):
        request = _request(world.users[role] if isinstance(role, str) else role, world.org)
        return {
            name: [item.count for item in getattr(attention, name)(request)]
            for name in (
                "status_reports_due",
                "projects_past_planned_end",
                "proposals_to_prioritise",
                "ideas_to_propose",
            )
        }

    assert counts(lead) == {
        "status_reports_due": [1],
        "projects_past_planned_end": [1],
        "proposals_to_prioritise": [],
        "ideas_to_propose": [],
    }
    assert counts("it_head") == {
        "status_reports_due": [1],
        "projects_past_planned_end": [1],
        "proposals_to_prioritise": [1],
        "ideas_to_propose": [],
    }
    # The department head over Skolförvaltningen: the late project and the idea in Skolan, not Socialförvaltningen's.
    assert counts("department_head") == {
        "status_reports_due": [],
        "projects_past_planned_end": [1],
        "proposals_to_prioritise": [],
        "ideas_to_propose": [1],
    }
    assert all(not items for items in counts("employee").values())
    assert all(not items for items in counts("stranger").values())
    item = attention.status_reports_due(_request(lead, world.org))[0]
    assert item.url == running.get_absolute_url()

    # Ranking the proposal in a draft takes it off the head of IT's list; a report clears the overdue one.
    services.rank_project(prioritisation(world), acting_user=None, project=Project.objects.get(title="Förslag"))
    services.add_status_report(running, acting_user=None, date=today, progress="Igen")
    assert counts("it_head")["proposals_to_prioritise"] == []
    assert counts(lead)["status_reports_due"] == []

    client = Client()
    client.force_login(lead)
    home = client.get(reverse("core:home"))
    assert running.get_absolute_url() in {item.url for item in home.context["attention"]}
