"""E-mail about orders, in each recipient's language, sent by the background worker after the commit.

- ``placed``: an order that awaits approval goes to everyone who may give a pending approval —
  the department heads over the department (held for it or an ancestor) while the department's
  approval is missing, and the IT reviewers (head of IT, support lead) while a required IT
  review is missing.
- ``approved`` / ``rejected``: the decision goes to the person who placed the order.

Nobody is told about their own act (a department head's own order, an orderer who approves it
themself). The services call ``after_commit``, so an order whose transaction rolls back sends
nothing; the mail itself is sent by a huey task, so a slow mail server never slows a page.
``muted()`` silences everything scheduled inside it (the demo places hundreds of orders).
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from styrbord.organisations.choices import Role

from .choices import IT_REVIEWERS, OrderStatus
from .scoping import ancestor_paths

EVENTS = {"placed": "order_to_approve", "approved": "order_decided", "rejected": "order_decided"}

_muted = contextvars.ContextVar("styrbord_finance_mail_muted", default=False)


@contextmanager
def muted():
    """No order e-mail is scheduled by what happens inside."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def after_commit(event, order, acting_user):
    """Send the ``event`` mail about ``order`` once the current transaction commits."""
    if _muted.get():
        return
    from .tasks import send_order_mail

    actor_id = getattr(acting_user, "pk", None)
    order_id = order.pk
    transaction.on_commit(lambda: send_order_mail(event, order_id, actor_id))


def _active(people, organisation_id):
    from styrbord.organisations.models import Membership

    people = {person for person in people if person.is_active and person.email}
    members = set(
        Membership.objects.filter(
            organisation_id=organisation_id, is_active=True, user__in=[person.pk for person in people]
        ).values_list("user_id", flat=True)
    )
    return sorted((person for person in people if person.pk in members), key=lambda person: person.email)


def approvers(order):
    """The people who may give one of the order's pending approvals."""
    from django.db.models import Q

    from styrbord.organisations.models import RoleAssignment

    condition = Q(pk__in=[])
    if order.needs_department_approval:
        condition |= Q(role=Role.DEPARTMENT_HEAD, department__path__in=ancestor_paths(order.department))
    if order.needs_it_approval:
        condition |= Q(role__in=IT_REVIEWERS)
    assignments = RoleAssignment.objects.filter(condition, organisation_id=order.organisation_id).select_related("user")
    return _active({assignment.user for assignment in assignments}, order.organisation_id)


def recipients(event, order):
    if event == "placed":
        return approvers(order) if order.status == OrderStatus.SUBMITTED else []
    if order.ordered_by is None:
        return []
    return _active({order.ordered_by}, order.organisation_id)


def render_mail(event, order, person):
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            "order": order,
            "person": person,
            "event": event,
            "base_url": settings.STYRBORD_BASE_URL,
            "approvals_url": settings.STYRBORD_BASE_URL + _approvals_path(),
        }
        template = EVENTS[event]
        subject = render_to_string(f"finance/email/{template}_subject.txt", context)
        body = render_to_string(f"finance/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _approvals_path():
    from django.urls import reverse

    return reverse("finance:approvals")


def deliver(event, order, actor_id=None):
    """Send the ``event`` mail about ``order``; returns how many went out."""
    messages = []
    for person in recipients(event, order):
        if person.pk == actor_id:
            continue
        subject, body = render_mail(event, order, person)
        messages.append(EmailMessage(subject, body, to=[person.email], headers={"Auto-Submitted": "auto-generated"}))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
