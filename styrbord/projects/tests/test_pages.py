import pytest
from django.test import Client
from django.urls import reverse

from styrbord.core.testing import build_world
from styrbord.projects import services
from styrbord.projects.models import Project

from .factories import plan, prioritisation, project


@pytest.fixture
def world(db):
    return build_world()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_department_head_proposes_for_their_department_only(world):
    client = client_for(world.users["department_head"])
    url = reverse("projects:project_create")
    page = client.get(url)
    assert world.branch.name in page.text and world.other_branch.name not in page.text
    response = client.post(
        url,
        {
            "title": "Wi-Fi i skolor",
            "kind": "supporting",
            "requesting_department": world.other_branch.pk,
            "origin": "department",
            "propose": "on",
        },
    )
    assert response.status_code == 200 and not Project.objects.exists()  # not a choice for them
    response = client.post(
        url,
        {
            "title": "Wi-Fi i skolor",
            "kind": "supporting",
            "requesting_department": world.unit.pk,
            "origin": "department",
            "propose": "on",
            "estimated_hours": "300",
        },
    )
    created = Project.objects.get()
    assert response.status_code == 302 and created.stage == "proposed" and created.estimated_hours == 300
    bad = client.post(reverse("projects:project_stage", args=[created.pk]), {"stage": "prioritised"})
    assert bad.status_code == 200 and Project.objects.get().stage == "proposed"  # only IT head prioritises
    assert "prioritised" not in bad.text.split("<select")[1].split("</select>")[0]


def test_list_filters_and_detail_shows_reports_and_decisions(world, django_assert_max_num_queries):
    a = project(world, "Digital signering", kind="driving")
    project(world, "Wi-Fi i skolor", department=world.other_branch)
    services.add_status_report(a, acting_user=None, date="2026-11-01", status="yellow", progress="Försenad leverans")
    client = client_for(world.users["employee"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("projects:project_list"), {"kind": "driving"})
    assert "Digital signering" in page.text and "Wi-Fi i skolor" not in page.text
    page = client.get(reverse("projects:project_list"), {"department": world.other_branch.pk})
    assert "Wi-Fi i skolor" in page.text and "Digital signering" not in page.text
    detail = client.get(a.get_absolute_url())
    assert "Försenad leverans" in detail.text and "New status report" not in detail.text


def test_project_lead_writes_status_reports(world):
    lead = world.users["it_staff"]
    p = project(world, project_lead=lead)
    client = client_for(lead)
    response = client.post(
        reverse("projects:report_create", args=[p.pk]),
        {"date": "2026-11-20", "status": "green", "progress": "Klart enligt plan", "hours_used": "40"},
    )
    assert response.status_code == 302 and p.status_reports.get().author == lead
    assert client.get(reverse("projects:project_edit", args=[p.pk])).status_code == 200


def test_it_head_ranks_sets_capacity_and_adopts_on_the_page(world):
    a, b = project(world, "A", hours=300), project(world, "B", hours=300)
    pr = prioritisation(world)
    client = client_for(world.users["it_head"])
    client.post(reverse("projects:prioritisation_capacity", args=[pr.pk]), {"quarter": "2027-Q1", "hours": "400"})
    client.post(reverse("projects:prioritisation_rank", args=[pr.pk]), {"project": a.pk})
    client.post(reverse("projects:prioritisation_rank", args=[pr.pk]), {"project": b.pk})
    response = client.post(
        reverse("projects:prioritisation_capacity", args=[pr.pk]), {"quarter": "2029-Q1", "hours": "1"}
    )
    page = client.get(response.url)
    assert "within the prioritisation" in page.text and "Below the line" in page.text
    client.post(reverse("projects:prioritisation_adopt", args=[pr.pk]), {"text": "VUG beslutar."})
    pr.refresh_from_db()
    assert pr.status == "adopted" and pr.decision.text.startswith("VUG beslutar.")
    page = client.get(pr.get_absolute_url())
    assert pr.decision.reference in page.text and "Adopt the ranking" not in page.text
    assert pr.decision.reference in client.get(a.get_absolute_url()).text  # decisions_about


def test_plan_overview_lists_all_departments_by_year(world, django_assert_max_num_queries):
    first, second = plan(world), plan(world, world.other_branch)
    services.add_change(first, acting_user=None, year=2028, title="Ny lärplattform", infrastructure_impact="SSO")
    services.add_change(second, acting_user=None, year=2027, title="Digitala trygghetslarm")
    client = client_for(world.users["it_staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("projects:plan_overview"))
    assert page.text.index("Digitala trygghetslarm") < page.text.index("Ny lärplattform")
    coordinator = client_for(world.users["it_coordinator"])
    response = coordinator.post(
        reverse("projects:change_create", args=[first.pk]), {"year": "2029", "title": "E-arkiv för elevakter"}
    )
    assert response.status_code == 302 and first.changes.count() == 2
    assert coordinator.get(reverse("projects:change_create", args=[second.pk])).status_code == 403
