"""Articles, courses and sessions for the knowledge tests, made through the services."""

from datetime import timedelta

from django.utils import timezone

from styrbord.core.testing import unique
from styrbord.knowledge import services
from styrbord.systems.tests.factories import system


def article(world, *, systems=(), services_=(), **fields):
    fields.setdefault("title", unique("Artikel "))
    fields.setdefault("body", "Så här gör du.")
    fields.setdefault("status", "published")
    fields.setdefault("owner", world.users["it_staff"])
    return services.create_article(
        acting_user=None, organisation=world.org, systems=list(systems), services=list(services_), **fields
    )


def course(world, *, systems=(), **fields):
    fields.setdefault("title", unique("Kurs "))
    fields.setdefault("status", "published")
    fields.setdefault("owner", world.users["it_staff"])
    return services.create_course(acting_user=None, organisation=world.org, systems=list(systems), **fields)


def session(course_, *, days=3, capacity=2, **fields):
    starts = timezone.now() + timedelta(days=days)
    fields.setdefault("place", "Kommunhuset, sal Älven")
    return services.add_session(
        course_, acting_user=None, starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=capacity, **fields
    )


def a_system(world):
    return system(world, "Verksamhetssystem socialtjänst")
