"""Order e-mail over a real SMTP conversation (aiosmtpd): approvers are told of a new order, the
orderer of the decision, each in their language, and only after the order's commit."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from styrbord.finance import notifications, services
from styrbord.finance.choices import OrderStatus
from styrbord.finance.models import Order
from styrbord.servicedesk.tests.desk_world import smtp_server, text_of

from .factories import pending_order

BASE_URL = "https://styrbord.norrbacken.example"


@pytest.fixture
def inbox(settings):
    yield from smtp_server(settings)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what is scheduled for after the commit, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def speak(person, language):
    person.language = language
    person.save()


def subject_of(message):
    return " ".join(str(message["Subject"]).split())


def next_year():
    return date(timezone.localdate().year + 1, 1, 1)


def test_a_new_order_goes_to_the_department_head_and_the_decision_back_to_the_orderer(
    world, catalog, inbox, after_commit
):
    head, coordinator = world.users["department_head"], world.users["it_coordinator"]
    speak(head, "en")
    speak(coordinator, "sv")
    with after_commit():
        order = pending_order(world, quantity=5)
    (message,) = inbox.messages
    assert message[1] == [head.email]  # the service needs no IT review; only the head approves
    mail = message[2]
    assert subject_of(mail) == f"Order {order.pk} awaits your approval: Arbetsplats for Skolan"
    body = text_of(mail)
    assert "New subscription: Arbetsplats – Bas × 5" in body
    assert f"{BASE_URL}/finance/orders/{order.pk}/" in body
    assert f"{BASE_URL}{reverse('finance:approvals')}" in body
    assert mail["Auto-Submitted"] == "auto-generated"

    with after_commit():
        services.approve_order(order, acting_user=head)
    assert order.status == OrderStatus.APPROVED
    (decided,) = inbox.to(coordinator.email)
    assert str(order.pk) in subject_of(decided)
    body = text_of(decided)
    assert "Nytt abonnemang: Arbetsplats – Bas × 5" in body  # the orderer's language (sv)
    assert "Gäller från: " + next_year().strftime("%Y-%m-%d") in body
    assert len(inbox.messages) == 2


def test_an_order_needing_it_review_also_goes_to_the_it_reviewers(world, catalog, inbox, after_commit):
    with after_commit():
        pending_order(world, service_code="server", quantity=1)
    recipients = sorted(r for _s, rs, _m in inbox.messages for r in rs)
    expected = [world.users[role].email for role in ("department_head", "it_head", "support_lead")]
    assert recipients == sorted(expected)


def test_a_heads_own_order_is_not_mailed_to_themself(world, catalog, inbox, after_commit):
    with after_commit():
        order = pending_order(world, by="department_head")
    assert order.status == OrderStatus.APPROVED
    assert inbox.messages == []
    with after_commit():
        server = pending_order(world, service_code="server", quantity=1, by="department_head")
    assert server.status == OrderStatus.SUBMITTED and not server.needs_department_approval
    recipients = sorted(r for _s, rs, _m in inbox.messages for r in rs)
    assert recipients == sorted([world.users["it_head"].email, world.users["support_lead"].email])


def test_a_rejection_tells_the_orderer_the_reason(world, catalog, inbox, after_commit, client_as):
    coordinator = world.users["it_coordinator"]
    with after_commit():
        order = pending_order(world)
        client_as("department_head").post(
            reverse("finance:order_reject", args=[order.pk]), {"reason": "Budgeten räcker inte i år"}
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED
    (rejected,) = inbox.to(coordinator.email)
    assert subject_of(rejected) == f"Order {order.pk} rejected: Arbetsplats for Skolan"
    body = text_of(rejected)
    assert "Reason for rejection: Budgeten räcker inte i år" in body
    assert f"rejected by {world.users['department_head'].get_full_name()}" in body


def test_an_order_rolled_back_sends_nothing(world, catalog, inbox, after_commit):
    with after_commit():
        try:
            with transaction.atomic():
                pending_order(world)
                raise RuntimeError("the request failed after the order was placed")
        except RuntimeError:
            pass
    assert inbox.messages == []
    assert not Order.objects.exists()


def test_muted_sends_nothing(world, catalog, inbox, after_commit):
    with after_commit(), notifications.muted():
        pending_order(world)
    assert inbox.messages == []


def test_placing_through_the_api_mails_the_approver(world, catalog, inbox, after_commit, api_as):
    with after_commit():
        response = api_as("it_coordinator").post(
            reverse("finance-api:order-list"),
            {"department": world.unit.pk, "service": catalog.dator.pk, "quantity": 3, "effective_date": "2025-02-01"},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert [rs for _s, rs, _m in inbox.messages] == [[world.users["department_head"].email]]
