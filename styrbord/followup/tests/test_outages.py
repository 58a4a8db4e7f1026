"""Recording outages on a ticket (page and API) and the security-incident flag on the ticket."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.followup import services
from styrbord.followup.models import Outage

from .factories import at, catalogue, ticket


@pytest.fixture
def catalog(world):
    return catalogue(world)


@pytest.fixture
def incident(world, catalog):
    return ticket(world, reported_at=at(2025, 3, 1, 9), service=catalog.server)


def test_staff_record_an_outage_on_the_ticket_page(client, world, catalog, incident):
    client.force_login(world.users["it_staff"])
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'id="outages"' in page and reverse("followup:outage_create", args=[incident.pk]) in page
    response = client.post(
        reverse("followup:outage_create", args=[incident.pk]),
        {"starts_at": "2025-03-01T10:00", "ends_at": "2025-03-01T12:30", "level": catalog.levels[("server", "Bas")].pk},
    )
    assert response.status_code == 302
    outage = Outage.objects.get(ticket=incident)
    assert outage.service == catalog.server and outage.recorded_by == world.users["it_staff"] and not outage.planned
    assert "2025-03-01 10:00" in client.get(incident.get_absolute_url()).content.decode()


def test_a_bad_outage_names_the_field_and_changes_nothing(client, world, catalog, incident):
    client.force_login(world.users["it_staff"])
    response = client.post(
        reverse("followup:outage_create", args=[incident.pk]),
        {"starts_at": "2025-03-01T12:00", "ends_at": "2025-03-01T10:00"},
    )
    assert response.status_code == 400 and "The end must be after the start." in response.content.decode()
    other_level = catalog.levels[("dator", "Standard")]
    with pytest.raises(ValidationError) as error:
        services.record_outage(acting_user=None, ticket=incident, level=other_level, starts_at=at(2025, 3, 1, 10))
    assert "level" in error.value.message_dict
    assert not Outage.objects.exists()


def test_outages_through_the_api(world, catalog, incident):
    api = APIClient()
    api.force_authenticate(world.users["support_lead"])
    created = api.post(
        reverse("followup-api:outage-list"),
        {"ticket": incident.pk, "starts_at": "2025-03-01T10:00:00+01:00"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["service"] == catalog.server.pk and created.json()["ends_at"] is None
    detail = reverse("followup-api:outage-detail", args=[created.json()["id"]])
    ended = api.patch(detail, {"ends_at": "2025-03-01T11:00:00+01:00"}, format="json")
    assert ended.status_code == 200 and ended.json()["ends_at"].startswith("2025-03-01T11:00")
    bad = api.patch(detail, {"ends_at": "2025-03-01T09:00:00+01:00"}, format="json")
    assert bad.status_code == 400 and "ends_at" in bad.json()["errors"]


def test_security_incident_flag_on_the_staff_form_and_the_api(client, world, incident):
    client.force_login(world.users["it_staff"])
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'name="classify-is_security_incident"' in page
    data = {
        "classify-kind": incident.kind,
        "classify-title": incident.title,
        "classify-description": "",
        "classify-service": incident.service_id,
        "classify-department": incident.department_id,
        "classify-impact": incident.impact,
        "classify-urgency": incident.urgency,
        "classify-is_security_incident": "on",
    }
    assert client.post(reverse("servicedesk:ticket_classify", args=[incident.pk]), data).status_code == 302
    incident.refresh_from_db()
    assert incident.is_security_incident
    api = APIClient()
    api.force_authenticate(world.users["it_staff"])
    url = reverse("servicedesk-api:ticket-detail", args=[incident.pk])
    assert api.get(url).json()["is_security_incident"] is True
    assert api.patch(url, {"is_security_incident": False}, format="json").json()["is_security_incident"] is False
