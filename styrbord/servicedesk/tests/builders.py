"""Catalogue rows and tickets for the service-desk tests, created through the ORM and the services."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from styrbord.catalog.models import BusinessCalendar, CompetenceArea, LevelTarget, Service, ServiceLevel
from styrbord.core.testing import unique
from styrbord.servicedesk import services
from styrbord.servicedesk.models import MaintenancePlan

STAFF = frozenset({"it_head", "support_lead", "it_staff"})


@pytest.fixture(autouse=True)
def english(settings):
    """Pages and messages in English: the tests read the msgids; Swedish is translated separately.

    Autouse in every test module that imports it.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def catalogue(organisation, *, always_open=True, response_minutes=60, resolution_minutes=8 * 60, unit="user"):
    """An area (queue), a calendar, a service and its default level with targets for every priority."""
    area = CompetenceArea.objects.create(organisation=organisation, name=unique("Arbetsplats "), code=unique("area"))
    calendar = BusinessCalendar.objects.create(
        organisation=organisation,
        name=unique("Dygnet runt "),
        always_open=always_open,
        closed_on_public_holidays=not always_open,
        closed_on_de_facto_holidays=not always_open,
    )
    service = Service.objects.create(
        organisation=organisation, area=area, name=unique("Dator "), code=unique("svc"), unit=unit
    )
    level = ServiceLevel.objects.create(service=service, name="Bas", calendar=calendar)
    for priority in (1, 2, 3, 4):
        LevelTarget.objects.create(
            level=level,
            priority=priority,
            response_minutes=response_minutes * priority,
            resolution_minutes=resolution_minutes * priority,
        )
    service.default_level = level
    service.save()
    return SimpleNamespace(area=area, calendar=calendar, service=service, level=level)


def ticket(world, *, reporter="employee", service=None, department=None, **fields):
    """A fault report by ``reporter`` (a role of the world) in the first organisation."""
    person = world.users[reporter] if isinstance(reporter, str) else reporter
    fields.setdefault("title", unique("Skrivaren krånglar "))
    return services.create_ticket(
        acting_user=person,
        organisation=world.org,
        reporter=person,
        service=service,
        department=department or world.unit,
        notify=False,
        **fields,
    )


def plan(world, **fields):
    area = CompetenceArea.objects.create(organisation=world.org, name=unique("Datacenter "), code=unique("dc"))
    fields.setdefault("title", unique("Byt backupband "))
    fields.setdefault("recurrence", MaintenancePlan.Recurrence.EVERY_N_DAYS)
    fields.setdefault("interval", 30)
    fields.setdefault("starts_on", "2027-01-04")
    return MaintenancePlan.objects.create(organisation=world.org, queue=area, **fields)
