from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from styrbord.core.testing import build_world
from styrbord.governance import services as governance
from styrbord.governance.models import Decision
from styrbord.projects import services
from styrbord.projects.capacity import compute
from styrbord.projects.models import Project

from .factories import prioritisation, project


@pytest.fixture
def world(db):
    return build_world()


def test_stages_move_forward_or_stop_and_errors_name_the_field(world):
    p = project(world, stage="idea")
    for stage in ("proposed", "prioritised", "in_progress", "done"):
        services.change_stage(p, acting_user=None, stage=stage)
    with pytest.raises(ValidationError) as error:
        services.change_stage(p, acting_user=None, stage="stopped")
    assert "stage" in error.value.message_dict
    q = project(world, "Wi-Fi", stage="idea")
    with pytest.raises(ValidationError) as error:
        services.change_stage(q, acting_user=None, stage="in_progress")
    assert error.value.message_dict["stage"] == ["A project cannot go from “Idea” to “In progress”."]
    assert Project.objects.get(pk=q.pk).stage == "idea"
    services.change_stage(q, acting_user=None, stage="stopped")
    with pytest.raises(ValidationError) as error:
        project(world, "Direkt", stage="in_progress")
    assert "stage" in error.value.message_dict


def test_project_checks_organisation_people_and_quarters(world):
    with pytest.raises(ValidationError) as error:
        project(world, "X", department=world.foreign_department)
    assert "requesting_department" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        project(world, "Y", project_lead=world.users["stranger"], start_quarter="2027-Q3", end_quarter="2027-Q1")
    assert {"project_lead", "end_quarter"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        project(world, "Z", start_quarter="2027/3")
    assert "start_quarter" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        project(world, "W", origin="management_plan")
    assert "plan_activity" in error.value.message_dict
    assert not Project.objects.exists()


def _entries(*hours):
    return [SimpleNamespace(project=SimpleNamespace(estimated_hours=h)) for h in hours]


def test_fits_walks_down_the_ranking_and_draws_one_line():
    fit = compute(_entries(100, 300, None, 200, 50), 500)
    assert [line.cumulative for line in fit.lines] == [100, 400, 400, 600, 650]
    # The 50-hour project would squeeze in, but it is below the line: ranking decides.
    assert [line.fits for line in fit.lines] == [True, True, True, False, False]
    assert fit.lines[2].missing_estimate and fit.planned == 400 and fit.remaining == 100
    exact = compute(_entries(250, 250), 500)
    assert all(line.fits for line in exact.lines)
    assert compute([], 0).lines == []


def test_adopting_records_a_tactical_decision_and_prioritises_what_fits(world):
    a, b, c = project(world, "A", hours=300), project(world, "B", hours=300), project(world, "C", hours=100)
    pr = prioritisation(world)
    services.set_capacity(pr, acting_user=None, quarter="2027-Q1", hours=250)
    services.set_capacity(pr, acting_user=None, quarter="2027-Q2", hours=250)
    services.set_capacity(pr, acting_user=None, quarter="2027-Q2", hours=400)  # replaces
    for p in (a, b, c):
        services.rank_project(pr, acting_user=None, project=p)
    services.set_ranking(pr, acting_user=None, ranking=[c.pk, a.pk, b.pk])
    assert [e.project for e in pr.entries.order_by("rank")] == [c, a, b]
    services.adopt_prioritisation(pr, acting_user=world.users["it_head"])
    pr.refresh_from_db()
    decision = pr.decision
    assert pr.status == "adopted" and decision.level.key == "tactical" and decision.reference.startswith("TAK-")
    assert set(Decision.objects.for_object(pr)) == {decision}
    assert set(Decision.objects.for_object(a)) == {decision} and not Decision.objects.for_object(b).exists()
    stages = dict(Project.objects.values_list("title", "stage"))
    assert stages == {"A": "prioritised", "B": "proposed", "C": "prioritised"}
    with pytest.raises(ValidationError) as error:
        services.set_capacity(pr, acting_user=None, quarter="2027-Q3", hours=10)
    assert "hours" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.adopt_prioritisation(pr, acting_user=None)


def test_adoption_at_a_meeting_and_ranking_errors(world):
    levels = governance.ensure_levels(world.org)
    forum = governance.create_forum(acting_user=None, organisation=world.org, level=levels["tactical"], name="VUG")
    meeting = governance.create_meeting(acting_user=None, forum=forum, date="2026-11-10")
    pr = prioritisation(world, meeting=meeting)
    idea = project(world, "Idé", stage="idea")
    with pytest.raises(ValidationError) as error:
        services.rank_project(pr, acting_user=None, project=idea)
    assert "project" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.adopt_prioritisation(pr, acting_user=None)
    assert "entries" in error.value.message_dict
    p = project(world, "P", hours=None)
    services.rank_project(pr, acting_user=None, project=p)
    with pytest.raises(ValidationError) as error:
        services.rank_project(pr, acting_user=None, project=p)
    assert "project" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.set_ranking(pr, acting_user=None, ranking=[p.pk, idea.pk])
    assert "ranking" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.set_capacity(pr, acting_user=None, quarter="2028-Q1", hours=10)
    assert "quarter" in error.value.message_dict
    services.put_on_agenda(pr, acting_user=None)
    services.adopt_prioritisation(pr, acting_user=None)
    pr.refresh_from_db()
    assert pr.decision.meeting == meeting and meeting.agenda.count() == 1
    other_levels = levels["operational"]
    drift = governance.create_forum(acting_user=None, organisation=world.org, level=other_levels, name="Drift")
    m2 = governance.create_meeting(acting_user=None, forum=drift, date="2026-11-11")
    with pytest.raises(ValidationError) as error:
        prioritisation(world, "Fel", meeting=m2)
    assert "meeting" in error.value.message_dict


def test_plan_changes_stay_within_the_years(world):
    plan = services.create_plan(
        acting_user=None, organisation=world.org, department=world.branch, first_year=2027, last_year=2029
    )
    with pytest.raises(ValidationError) as error:
        services.add_change(plan, acting_user=None, year=2031, title="Sent")
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_plan(
            acting_user=None, organisation=world.org, department=world.branch, first_year=2027, last_year=2028
        )
    assert "department" in error.value.message_dict
    change = services.add_change(plan, acting_user=None, year=2028, title="Ny lärplattform")
    assert str(change) == "2028 Ny lärplattform"
