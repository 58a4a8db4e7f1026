"""A service request from the portal becomes a finance order for the department."""

from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.finance.choices import OrderStatus
from styrbord.finance.models import Order, Subscription
from styrbord.finance.tests.factories import make_catalog
from styrbord.servicedesk.choices import EventKind, TicketKind
from styrbord.servicedesk.models import Ticket

from .builders import english  # noqa: F401 - autouse: pages in English


def request_through_portal(world, client, catalog, **extra):
    client.force_login(world.users["employee"])
    data = {
        "service": catalog.dator.pk,
        "requested_level": catalog.levels[("dator", "Standard")].pk,
        "requested_quantity": 3,
        "title": "Tre datorer till nya lärare",
        "urgency": 2,
        **extra,
    }
    response = client.post(reverse("servicedesk:request"), data)
    return response, Ticket.objects.filter(kind=TicketKind.REQUEST).order_by("-pk").first()


def test_employee_requests_and_department_head_orders(world, client):
    catalog = make_catalog(world.org)
    response, ticket = request_through_portal(world, client, catalog)
    assert response.status_code == 302
    assert ticket.requested_quantity == 3 and ticket.department == world.unit
    # The employee cannot order for the department.
    assert client.post(reverse("servicedesk:ticket_order", args=[ticket.pk])).status_code == 403
    assert not Order.objects.exists()

    client.force_login(world.users["department_head"])
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert reverse("servicedesk:ticket_order", args=[ticket.pk]) in page
    client.post(reverse("servicedesk:ticket_order", args=[ticket.pk]))
    ticket.refresh_from_db()
    order = ticket.order
    assert order is not None
    assert (order.department, order.service, order.quantity) == (world.unit, catalog.dator, 3)
    assert order.level == catalog.levels[("dator", "Standard")]
    # A department head's own order carries the approval: a subscription exists.
    assert order.status == OrderStatus.APPROVED
    assert Subscription.objects.filter(department=world.unit, service=catalog.dator, quantity=3).exists()
    assert ticket.events.filter(kind=EventKind.ORDERED).exists()
    # Ordering twice is refused.
    again = client.post(reverse("servicedesk:ticket_order", args=[ticket.pk]))
    assert again.status_code == 403
    assert Order.objects.count() == 1


def test_level_of_another_service_is_refused(world, client):
    catalog = make_catalog(world.org)
    response, ticket = request_through_portal(
        world, client, catalog, requested_level=catalog.levels[("server", "Bas")].pk
    )
    assert response.status_code == 200
    assert "requested_level" in response.context["form"].errors
    assert ticket is None


def test_order_action_in_the_api(world):
    catalog = make_catalog(world.org)
    client = APIClient()
    client.force_authenticate(world.users["employee"])
    created = client.post(
        reverse("servicedesk-api:ticket-list"),
        {
            "kind": "request",
            "title": "Headset",
            "service": catalog.dator.pk,
            "department": world.unit.pk,
            "requested_quantity": 2,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    ticket_id = created.json()["id"]
    url = reverse("servicedesk-api:ticket-order", args=[ticket_id])
    assert client.post(url).status_code == 403
    coordinator = APIClient()
    coordinator.force_authenticate(world.users["it_head"])
    response = coordinator.post(url)
    assert response.status_code == 200, response.content
    order = Order.objects.get(pk=response.json()["order"])
    assert order.quantity == 2
    assert order.status == OrderStatus.SUBMITTED  # the department head still approves


def test_department_head_is_reminded_of_requests_to_order(world, client):
    catalog = make_catalog(world.org)
    request_through_portal(world, client, catalog)
    client.force_login(world.users["department_head"])
    home = client.get(reverse("core:home")).content.decode()
    assert "1 service request from your departments waits to be ordered" in home
    client.force_login(world.users["finance"])
    assert "waits to be ordered" not in client.get(reverse("core:home")).content.decode()
