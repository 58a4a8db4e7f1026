"""The generator at a tiny scale: counts, consistent SLA figures, tenants kept apart, pages that work."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.finance.models import Subscription
from styrbord.organisations.models import Organisation, User
from styrbord.servicedesk import clock as sla_clock
from styrbord.servicedesk.choices import OPEN_STATUSES, TicketStatus
from styrbord.servicedesk.models import Comment, SurveyAnswer, Ticket
from styrbord.servicedesk.sla import ClockCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db, settings):
    settings.LANGUAGE_CODE = "en"
    call_command("generate", scale="XS", seed=3, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(Organisation.objects.order_by("pk"))


def test_counts(generated):
    assert len(generated) == 2
    assert Ticket.objects.count() == 240
    assert Ticket.history.count() == 240
    assert Ticket.objects.filter(status__in=OPEN_STATUSES).exists()
    assert Ticket.objects.filter(status=TicketStatus.CLOSED).exists()
    assert Comment.objects.count() > 240
    assert SurveyAnswer.objects.filter(score__isnull=False).exists()
    assert Subscription.objects.filter(organisation=generated[0]).exists()
    # Tickets spread by size: the larger municipality has more.
    assert (
        Ticket.objects.filter(organisation=generated[0]).count()
        > Ticket.objects.filter(organisation=generated[1]).count()
    )


def test_refuses_a_database_with_data(generated):
    with pytest.raises(CommandError):
        call_command("generate", scale="XS", verbosity=0)


def test_sla_figures_agree_with_the_clock(generated):
    clocks = ClockCache()
    settled = Ticket.objects.filter(resolved_at__isnull=False, level__isnull=False).select_related("level__calendar")
    assert settled.exists()
    for ticket in settled:
        response, resolution = sla_clock.targets_for(ticket.level, ticket.priority)
        clock = clocks(ticket.level.calendar)
        assert ticket.respond_by == clock.add(ticket.reported_at, response * 60)
        assert ticket.resolution_met == (ticket.resolution_consumed_seconds <= resolution * 60)
        assert ticket.resolution_business_minutes == ticket.resolution_consumed_seconds // 60
        assert (
            abs(clock.seconds_between(ticket.reported_at, ticket.resolved_at) - ticket.resolution_consumed_seconds) <= 1
        )
        assert ticket.response_met == (ticket.first_response_at <= ticket.respond_by)
    running = Ticket.objects.open().filter(sla_paused_at__isnull=True, level__isnull=False)
    assert all(ticket.resolve_by is not None for ticket in running)
    assert Ticket.objects.filter(resolution_met=False).exists()


def test_tenants_apart_and_pages_work(generated, client):
    first, second = generated
    head = User.objects.filter(role_assignments__organisation=first, role_assignments__role="it_head").first()
    visible = Ticket.objects.restrict(head)
    assert visible.exists()
    assert not visible.filter(organisation=second).exists()
    client.force_login(head)
    response = client.get(reverse("servicedesk:queue"))
    assert response.status_code == 200
    api = APIClient()
    api.force_authenticate(head)
    listing = api.get("/api/servicedesk/tickets/")
    assert listing.status_code == 200
    assert listing.json()["count"] == visible.count()
    ticket = visible.filter(status=TicketStatus.CLOSED).first()
    assert client.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).status_code == 200
    employee = User.objects.filter(memberships__organisation=first, role_assignments__isnull=True).first()
    client.force_login(employee)
    assert client.get(reverse("servicedesk:my_tickets")).status_code == 200
