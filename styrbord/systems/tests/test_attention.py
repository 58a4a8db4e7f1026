"""Reminders on the home page: the head of IT's vital systems with gaps; managers' plans and meetings."""

from datetime import date, timedelta

from django.test import RequestFactory
from django.utils import timezone, translation

from styrbord.core.testing import make_person
from styrbord.systems import attention, compliance, services
from styrbord.systems.models import settings_for

from .factories import meeting, plan, role, system


def request_for(user, organisation):
    request = RequestFactory().get("/")
    request.user = user
    request.organisation = organisation
    return request


def test_head_of_it_sees_vital_systems_with_gaps(world):
    system(world, "Ekonomisystem")
    system(world, "Inte vitalt", is_vital=False)
    with translation.override("en"):
        items = attention.vital_systems_with_gaps(request_for(world.users["it_head"], world.org))
    assert [item.count for item in items] == [1]
    assert attention.vital_systems_with_gaps(request_for(world.users["employee"], world.org)) == []


def test_a_manager_is_reminded_of_next_years_plan_and_quiet_systems(world):
    anna = make_person(world.org, username="anna")
    target = system(world, "Ekonomisystem")
    role(target, "manager", anna)
    today = timezone.localdate()
    due = settings_for(world.org).plan_due_date(today.year + 1)
    services.update_settings(
        acting_user=None, organisation=world.org, plan_reminder_days=max(0, (due - today).days) + 1
    )
    meeting(target, today - timedelta(days=400))
    items = attention.my_managed_systems(request_for(anna, world.org))
    assert len(items) == 2 and all(item.count == 1 for item in items)
    submitted = plan(target, year=today.year + 1)
    services.submit_plan(submitted, acting_user=anna)
    meeting(target, today - timedelta(days=3))
    assert attention.my_managed_systems(request_for(anna, world.org)) == []


def test_plan_reminders_start_before_the_due_date_and_stop_once_submitted(world):
    target = system(world, "Ekonomisystem")
    rules = services.update_settings(
        acting_user=None, organisation=world.org, plan_due_month=10, plan_due_day=31, plan_reminder_days=60
    )

    def due_on(today):
        return compliance.plans_due(list(compliance.gather([target], today).values()), rules, today)

    assert due_on(date(2026, 8, 31)) == (date(2026, 10, 31), [])
    assert due_on(date(2026, 9, 1)) == (date(2026, 10, 31), [target])
    assert due_on(date(2026, 11, 15))[1] == [target]  # overdue
    services.submit_plan(plan(target, year=2027), acting_user=None)
    assert due_on(date(2026, 11, 15))[1] == []


def test_quiet_vital_systems(world):
    rules = services.update_settings(acting_user=None, organisation=world.org, months_without_meeting=6)
    vital, other = system(world, "Vitalt"), system(world, "Annat", is_vital=False)
    meeting(vital, date(2026, 1, 10))
    facts = list(compliance.gather([vital, other], date(2026, 6, 1)).values())
    assert compliance.without_meetings(facts, rules, date(2026, 6, 1)) == []
    facts = list(compliance.gather([vital, other], date(2026, 8, 1)).values())
    assert compliance.without_meetings(facts, rules, date(2026, 8, 1)) == [vital]


def test_owner_sees_what_awaits_approval(world):
    bo = make_person(world.org, username="bo")
    target = system(world, "Ekonomisystem")
    role(target, "owner", bo)
    submitted = plan(target)
    services.submit_plan(submitted, acting_user=None)
    meeting(target, minutes="Protokoll.")
    items = attention.awaiting_my_approval(request_for(bo, world.org))
    assert len(items) == 2
    assert attention.awaiting_my_approval(request_for(world.users["it_head"], world.org)) == []


def test_home_page_shows_the_reminders(world, client_as):
    system(world, "Ekonomisystem")
    page = client_as("it_head").get("/").content.decode()
    assert "/systems/compliance/" in page
