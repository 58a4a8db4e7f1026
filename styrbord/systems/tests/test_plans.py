"""The annual management plan: drafted, submitted, approved, followed up; meetings and their minutes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styrbord.systems import services
from styrbord.systems.choices import DECISION_LEVEL

from .factories import management_object, meeting, plan, system


def test_a_plan_goes_from_draft_to_followed_up(world):
    owner, manager = world.users["department_head"], world.users["it_coordinator"]
    target = plan(
        system(world), year=2027, activities=2, budget_upkeep=Decimal("50000"), budget_development=Decimal("90000")
    )
    services.submit_plan(target, acting_user=manager)
    with pytest.raises(ValidationError):
        services.update_plan(target, acting_user=manager, goals="Ändrat under granskning")
    services.return_plan(target, acting_user=owner, reason="Lägg till en aktivitet för behörigheter.")
    assert target.status == "draft" and "behörigheter" in target.return_reason
    services.add_activity(
        target, acting_user=manager, title="Behörighetsgenomgång", kind="upkeep", estimated_cost=Decimal("0")
    )
    services.submit_plan(target, acting_user=manager)
    assert target.return_reason == ""
    services.approve_plan(target, acting_user=owner)
    activity = target.activities.first()
    with pytest.raises(ValidationError):
        services.update_activity(activity, acting_user=manager, estimated_cost=Decimal("1"))  # the estimate is approved
    services.update_activity(activity, acting_user=manager, status="done", actual_cost=Decimal("12000"))
    with pytest.raises(ValidationError) as caught:
        services.close_plan(target, acting_user=manager, follow_up="")
    assert "follow_up" in caught.value.message_dict
    services.close_plan(target, acting_user=manager, follow_up="Allt klart.")
    totals = {row["kind"]: row for row in target.totals()}
    assert totals["upkeep"]["budget"] == Decimal("50000") and totals["upkeep"]["actual_cost"] == Decimal("12000")
    assert totals["total"]["budget"] == Decimal("140000")
    assert totals["total"]["estimated_cost"] == Decimal("20000.00")
    assert [record.status for record in target.history.order_by("history_date")][-1] == "closed"


def test_a_plan_needs_goals_and_an_activity_to_be_submitted(world):
    target = plan(system(world), activities=0, goals="")
    with pytest.raises(ValidationError) as caught:
        services.submit_plan(target, acting_user=None)
    assert set(caught.value.message_dict) == {"goals", "activities"}


def test_one_plan_per_scope_and_year(world):
    ekonomi = management_object(world, "Ekonomi")
    plan(ekonomi, year=2027)
    with pytest.raises(ValidationError) as caught:
        plan(ekonomi, year=2027)
    assert "year" in caught.value.message_dict
    plan(system(world, management_object=ekonomi), year=2027)  # a system of the object may have its own


def test_a_plan_belongs_to_a_system_or_an_object_not_both(world):
    with pytest.raises(ValidationError) as caught:
        services.create_plan(
            acting_user=None, year=2027, system=system(world), management_object=management_object(world)
        )
    assert "system" in caught.value.message_dict


def test_the_plan_page_shows_budget_split_and_activities(world, client_as):
    target = plan(system(world), activities=2, budget_upkeep=Decimal("1000"))
    page = client_as("employee").get(target.get_absolute_url()).content.decode()
    assert "Aktivitet 1" in page and "Aktivitet 2" in page and "1000" in page


def test_manager_drafts_on_the_pages(world, client_as):
    target_system = system(world)
    client = client_as("it_head")
    response = client.post(
        reverse("systems:system_plan_create", args=[target_system.pk]),
        {"year": "2027", "goals": "Mål", "budget_upkeep": "100", "budget_development": "0"},
    )
    created = target_system.managementplans.get()
    assert response["Location"] == created.get_absolute_url()
    client.post(
        reverse("systems:activity_create", args=[created.pk]),
        {"title": "Uppgradering", "kind": "upkeep", "estimated_cost": "5000", "estimated_hours": "10", "order": "0"},
    )
    assert created.activities.count() == 1
    client.post(reverse("systems:plan_submit", args=[created.pk]))
    created.refresh_from_db()
    assert created.status == "submitted"
    refused = client.post(reverse("systems:activity_delete", args=[created.activities.get().pk]))
    assert refused.status_code == 403  # only while drafted


def test_minutes_freeze_once_approved_and_decisions_belong_to_their_level(world):
    held = meeting(system(world), minutes="Protokoll från mötet.")
    decision = services.add_decision(held, acting_user=None, text="Uppgradera i maj.", responsible="Förvaltaren")
    assert decision.level == DECISION_LEVEL == "system_management"
    services.approve_minutes(held, acting_user=world.users["department_head"])
    with pytest.raises(ValidationError) as caught:
        services.update_meeting(held, acting_user=None, minutes="Ändrat efteråt")
    assert "minutes" in caught.value.message_dict
    services.update_meeting(held, acting_user=None, agenda="Tillägg")  # the agenda is not part of the minutes
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting(system(world), status="planned"), acting_user=None)


def test_plan_actions_in_the_api(world, api_as):
    from rest_framework.test import APIClient

    from styrbord.core.testing import make_person

    from .factories import role

    bo = make_person(world.org, username="bo")
    target_system = system(world)
    role(target_system, "owner", bo)
    target = plan(target_system)
    head = api_as("it_head")
    assert head.post(f"/api/systems/plans/{target.pk}/submit/").json()["status"] == "submitted"
    assert head.post(f"/api/systems/plans/{target.pk}/approve/").status_code == 403
    owner = APIClient()
    owner.force_authenticate(bo)
    returned = owner.post(f"/api/systems/plans/{target.pk}/return/", {"reason": ""}, format="json")
    assert returned.status_code == 400 and "reason" in returned.json()["errors"]
    head.post(f"/api/systems/plans/{target.pk}/submit/")
    approved = owner.post(f"/api/systems/plans/{target.pk}/approve/")
    assert approved.status_code == 200 and approved.json()["approved_by"] == bo.pk
    closed = head.post(f"/api/systems/plans/{target.pk}/close/", {"follow_up": "Klart"}, format="json")
    assert closed.json()["status"] == "closed"
    assert head.post(f"/api/systems/plans/{target.pk}/submit/").status_code == 403
