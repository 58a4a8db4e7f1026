"""My material: articles and courses for the systems I use and my department's services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styrbord.catalog.tests.factories import make_service
from styrbord.finance.models import Subscription
from styrbord.knowledge.access import my_material, subscribed_services, used_systems
from styrbord.knowledge.models import Article, Course
from styrbord.systems.tests.factories import role, system

from .builders import article, course, session

pytestmark = pytest.mark.django_db


def subscribe(world, department, service, *, start=-30, end=None):
    today = timezone.localdate()
    return Subscription.objects.create(
        organisation=world.org,
        department=department,
        service=service,
        quantity=5,
        valid_from=today + timedelta(days=start),
        valid_to=today + timedelta(days=end) if end is not None else None,
    )


def titles(rows):
    return sorted(row.title for row in rows)


def test_the_systems_i_use_are_my_roles_and_my_departments_systems(world):
    employee = world.users["employee"]  # works in the unit, under the branch
    of_branch = system(world, "Skoladministrativt system", owner_department=world.branch)
    of_other = system(world, "Bygglov", owner_department=world.other_branch)
    held = system(world, "Lönesystem", owner_department=world.other_branch)
    retired = system(world, "Gammalt", owner_department=world.unit, lifecycle="retired", is_vital=False)
    role(held, "key_user", employee)
    assert set(used_systems(employee, world.org)) == {of_branch, held}
    assert of_other not in used_systems(employee, world.org) and retired not in used_systems(employee, world.org)


def test_the_services_of_my_department_are_its_subscriptions_today_and_the_base_services(world):
    employee = world.users["employee"]
    printers, phones, old, other, base = (make_service(world.org, levels=()) for _ in range(5))
    base.is_base = True
    base.save()
    subscribe(world, world.branch, printers)  # an ancestor of the employee's unit
    subscribe(world, world.unit, phones, start=5)  # not yet valid
    subscribe(world, world.unit, old, start=-90, end=-1)  # ended
    subscribe(world, world.other_branch, other)
    assert set(subscribed_services(employee, world.org)) == {printers, base}


def test_my_material_lists_published_readable_material_for_my_systems_and_services(world):
    employee = world.users["employee"]
    mine = system(world, "Skoladministrativt system", owner_department=world.branch)
    theirs = system(world, "Bygglov", owner_department=world.other_branch)
    printers = make_service(world.org, levels=())
    subscribe(world, world.unit, printers)
    article(world, title="Logga in", systems=[mine])
    article(world, title="Skrivare på Mac", services_=[printers])
    article(world, title="Bygglov för handläggare", systems=[theirs])
    article(world, title="Utkast", systems=[mine], status="draft")
    article(world, title="För IT", systems=[mine], audience="it_staff")
    course(world, title="Kurs i skolsystemet", systems=[mine])
    assert titles(my_material(Article, employee, world.org)) == ["Logga in", "Skrivare på Mac"]
    assert titles(my_material(Course, employee, world.org)) == ["Kurs i skolsystemet"]
    assert titles(my_material(Article, world.users["stranger"], world.org)) == []


def test_the_my_material_page_shows_the_material_and_the_reasons(world, client_as, django_assert_max_num_queries):
    mine = system(world, "Skoladministrativt system", owner_department=world.branch)
    for index in range(4):
        article(world, title=f"Instruktion {index}", systems=[mine])
        session(course(world, title=f"Kurs {index}", systems=[mine]))
    client = client_as("employee")
    with django_assert_max_num_queries(30):
        response = client.get(reverse("knowledge:my_material"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Instruktion 3" in content and "Kurs 3" in content and "Skoladministrativt system" in content
