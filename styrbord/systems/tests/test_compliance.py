"""Management-quality rules per system, and their summaries per department and organisation."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from styrbord.systems import compliance, services
from styrbord.systems.models import System

from .factories import approved_plan, management_object, meeting, plan, role, system

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def results(target, today=TODAY):
    return compliance.evaluate_systems([target], today)[0]


def fully_managed(world, scope, today=TODAY):
    owner = world.users["department_head"]
    role(scope, "owner", owner)
    role(scope, "manager", world.users["it_coordinator"])
    role(scope, "administrator", world.users["employee"])
    approved_plan(scope, owner, year=today.year)
    meeting(scope, today - timedelta(days=20))
    meeting(scope, today - timedelta(days=200))


def test_a_fully_managed_system_meets_every_rule(world):
    target = system(world, "Lönesystem")
    fully_managed(world, target)
    evaluation = results(target)
    assert evaluation.met and evaluation.gaps == []
    assert evaluation.as_dict()["meetings"] == {"met": True, "detail": "2 of 2 meetings held in the last 12 months."}


def test_roles_on_the_object_count_for_its_systems(world):
    ekonomi = management_object(world, "Ekonomi")
    target = system(world, "Ekonomisystem", management_object=ekonomi)
    fully_managed(world, ekonomi)
    assert results(target).met


def test_missing_and_uncommunicated_roles(world):
    target = system(world)
    role(target, "owner", world.users["department_head"], communicated_on=None)
    role(target, "manager", world.users["it_coordinator"])
    detail = results(target).as_dict()["roles"]
    assert detail["met"] is False
    assert detail["detail"] == "Not named: System administrator. Not communicated to IT: System owner."


def test_the_plan_must_be_approved_for_the_current_year(world):
    target = system(world)
    assert results(target).as_dict()["plan"] == {"met": False, "detail": "No management plan for 2025."}
    draft = plan(target, year=2025)
    assert "not approved: draft" in results(target).as_dict()["plan"]["detail"]
    services.submit_plan(draft, acting_user=None)
    services.approve_plan(draft, acting_user=world.users["department_head"])
    assert results(target).as_dict()["plan"]["met"]
    assert not results(target, date(2026, 1, 2)).as_dict()["plan"]["met"]  # a new year needs a new plan


def test_meetings_count_within_twelve_months_and_only_when_held(world):
    target = system(world)
    meeting(target, TODAY - timedelta(days=400))  # too long ago
    meeting(target, TODAY - timedelta(days=10), status="cancelled")
    meeting(target, TODAY + timedelta(days=10), status="planned")
    meeting(target, TODAY - timedelta(days=30))
    outcome = results(target).as_dict()["meetings"]
    assert outcome == {"met": False, "detail": "1 of 2 meetings held in the last 12 months."}
    services.update_settings(acting_user=None, organisation=world.org, min_meetings=1)
    assert results(target).as_dict()["meetings"]["met"]


def test_summary_per_department_and_organisation(world):
    good = system(world, "Bra", owner_department=world.branch)
    fully_managed(world, good)
    system(world, "Sämre", owner_department=world.branch)
    system(world, "Socialt", owner_department=world.other_branch)
    systems = System.objects.filter(organisation=world.org).select_related("owner_department")
    by_department, total = compliance.summarise(compliance.evaluate_systems(systems, TODAY), "Testby")
    assert [(s.label, s.systems, s.compliant, s.share) for s in by_department] == [
        (world.branch.name, 2, 1, 50),
        (world.other_branch.name, 1, 0, 0),
    ]
    assert (total.systems, total.compliant, total.share) == (3, 1, 33)
    assert total.rules == {"roles": 1, "plan": 1, "meetings": 1}


def test_gathering_costs_the_same_for_many_systems(world):
    ekonomi = management_object(world, "Ekonomi")
    few = [system(world, f"S{index}", management_object=ekonomi) for index in range(2)]
    fully_managed(world, ekonomi)
    with CaptureQueriesContext(connection) as small:
        compliance.evaluate_systems(few, TODAY)
    many = few + [system(world, f"T{index}", management_object=ekonomi) for index in range(20)]
    with CaptureQueriesContext(connection) as large:
        evaluations = compliance.evaluate_systems(many, TODAY)
    assert all(e.met for e in evaluations)
    assert len(small) == len(large)


def test_a_rule_can_be_added_later(world, monkeypatch):
    monkeypatch.setattr(compliance, "RULES", list(compliance.RULES))
    compliance.register_rule(compliance.Rule("classification", "Classified", lambda facts: (False, "Not classified.")))
    compliance.register_rule(compliance.Rule("classification", "Twice", lambda facts: (True, "")))
    evaluation = results(system(world))
    assert [r.rule for r in evaluation.results] == ["roles", "plan", "meetings", "classification"]
    assert evaluation.as_dict()["classification"] == {"met": False, "detail": "Not classified."}


def test_compliance_page_lists_vital_systems_with_gaps(world, client_as):
    good = system(world, "Bra system")
    fully_managed(world, good, today=date.today())
    system(world, "Bristfälligt system")
    system(world, "Inte vitalt", is_vital=False)
    system(world, "Pensionerat", lifecycle="retired")
    response = client_as("employee").get("/systems/compliance/")
    assert [e.system.name for e in response.context["with_gaps"]] == ["Bristfälligt system"]
    assert response.context["total"].systems == 2 and response.context["total"].compliant == 1
    page = response.content.decode()
    assert "Bristfälligt system" in page and "Inte vitalt" not in page and "Pensionerat" not in page


def test_compliance_api(world, api_as):
    target = system(world, "Lönesystem")
    system(world, "Planerat", lifecycle="planned")
    body = api_as("employee").get("/api/systems/compliance/").json()
    assert [row["name"] for row in body["results"]] == ["Lönesystem"]
    row = body["results"][0]
    assert row["id"] == target.pk and row["met"] is False
    assert [rule["rule"] for rule in row["rules"]] == ["roles", "plan", "meetings"]
