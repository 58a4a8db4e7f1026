"""E-mail about tickets, in each recipient's language, sent by the background worker.

``dispatch`` is called after the transaction commits; it only enqueues, so intake stays fast.
Every subject starts with ``[#<id>]`` so that a reply finds its ticket (see ``mail_in``).
Closing a ticket sends the satisfaction survey instead of a status mail.

``muted()`` silences everything that happens inside it, including what would be sent when the
surrounding transaction commits later (the demo loads a year of history without mail).
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .choices import TicketStatus
from .tasks import send_survey, send_ticket_mail

# event -> (template, who gets it)
RULES = {
    "created": ("created", ("reporter",)),
    "assigned": ("assigned", ("assignee",)),
    "comment": ("comment", ("reporter", "assignee")),
    "status": ("status", ("reporter",)),
    "at_risk": ("at_risk", ("assignee", "queue_leads")),
    "breached": ("breached", ("assignee", "queue_leads")),
    "escalated": ("escalated", ("it_heads",)),
    "survey": ("survey", ("reporter",)),
}

_muted = contextvars.ContextVar("styrbord_ticket_mail_muted", default=False)


def is_muted():
    return _muted.get()


@contextmanager
def muted(using=None):
    """No ticket e-mail from what happens inside, not even after the outer transaction commits."""
    connection = transaction.get_connection(using)
    first_pending = len(connection.run_on_commit)
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)
        # Callbacks queued inside the block run at the outer commit, after the block has ended:
        # wrap them so that they still run muted. (Django keeps them as (savepoints, func, robust).)
        pending = connection.run_on_commit
        pending[first_pending:] = [(sids, _run_muted(func), robust) for sids, func, robust in pending[first_pending:]]


def _run_muted(func):
    def run():
        token = _muted.set(True)
        try:
            return func()
        finally:
            _muted.reset(token)

    return run


def dispatch(event, ticket_id, **extra):
    if is_muted():
        return
    if event == "status" and extra.get("new") == TicketStatus.CLOSED:
        send_survey(ticket_id)
    elif event in RULES:
        send_ticket_mail(event, ticket_id, extra)


def dispatch_after_commit(event, ticket_id, **extra):
    """For tasks and other writers outside ``services``: send once the current transaction commits."""
    if is_muted():
        return
    transaction.on_commit(lambda: dispatch(event, ticket_id, **extra))


def recipients(ticket, roles, actor_id=None):
    from styrbord.organisations.choices import Role
    from styrbord.organisations.models import User

    people = []
    for role in roles:
        if role == "reporter":
            people.append(ticket.reporter)
        elif role == "assignee" and ticket.assignee_id:
            people.append(ticket.assignee)
        elif role == "queue_leads" and ticket.queue_id:
            people.extend(User.objects.filter(queue_memberships__area=ticket.queue, queue_memberships__is_lead=True))
        elif role == "it_heads":
            people.extend(
                User.objects.filter(
                    role_assignments__organisation=ticket.organisation_id, role_assignments__role=Role.IT_HEAD
                )
            )
    seen, result = set(), []
    for person in people:
        if person.pk in seen or not person.email or not person.is_active or person.pk == actor_id:
            continue
        seen.add(person.pk)
        result.append(person)
    return result


def language_of(person):
    return person.language or settings.LANGUAGE_CODE


def render_mail(template, ticket, person, extra):
    with translation.override(language_of(person)):
        context = {"ticket": ticket, "person": person, "base_url": settings.STYRBORD_BASE_URL, **extra}
        subject = render_to_string(f"servicedesk/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"servicedesk/email/{template}.txt", context)
    # The reference in brackets lets replies find their ticket.
    return f"[{ticket.reference}] {' '.join(subject.split())}", body


def _with_comment(extra):
    """A reply's mail quotes the reply; its author is not told about their own words."""
    from .models import Comment

    comment = Comment.objects.select_related("author").filter(pk=extra["comment_id"], is_public=True).first()
    if comment is None:
        return extra
    return {**extra, "comment": comment, "actor_id": extra.get("actor_id") or comment.author_id}


def headers_for(ticket):
    domain = settings.STYRBORD_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "styrbord"
    thread = f"<ticket-{ticket.pk}@{domain}>"
    return {
        "X-Styrbord-Ticket": str(ticket.pk),
        # RFC 3834: automatic mail; well-behaved auto-responders do not answer it.
        "Auto-Submitted": "auto-generated",
        # Mail clients thread every message of one ticket together.
        "References": thread,
        "In-Reply-To": thread,
    }


def deliver(event, ticket, extra):
    template, roles = RULES[event]
    if extra.get("comment_id"):
        extra = _with_comment(extra)
    messages = []
    for person in recipients(ticket, roles, extra.get("actor_id")):
        subject, body = render_mail(template, ticket, person, extra)
        messages.append(EmailMessage(subject, body, to=[person.email], headers=headers_for(ticket)))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
