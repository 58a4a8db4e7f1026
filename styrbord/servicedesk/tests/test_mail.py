"""Ticket e-mail over a real SMTP conversation: who gets what, in which language, and only after commit."""

import re

import pytest
from django.db import transaction

from styrbord.servicedesk import notifications, services
from styrbord.servicedesk.choices import TicketStatus
from styrbord.servicedesk.mail_in import process_message
from styrbord.servicedesk.models import Comment, SurveyAnswer
from styrbord.servicedesk.survey import hash_token

from .desk_world import build_desk, smtp_server, text_of

BASE_URL = "https://styrbord.norrbacken.example"


@pytest.fixture
def desk(world):
    return build_desk(world)


@pytest.fixture
def inbox(settings):
    yield from smtp_server(settings)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what is scheduled for after the commit, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def report(desk, **fields):
    return services.create_ticket(
        acting_user=desk.reporter,
        organisation=desk.org,
        reporter=desk.reporter,
        title="Skrivaren på plan 2 skriver inte ut",
        service=desk.laptop,
        **fields,
    )


def subject_of(message):
    # Django folds a long non-ASCII subject onto the next line; the parsed header keeps that space.
    return str(message["Subject"]).strip()


def speak(person, language):
    person.language = language
    person.save()


def test_the_reporter_is_told_in_english_when_that_is_their_language(desk, inbox, after_commit):
    speak(desk.reporter, "en")
    with after_commit():
        ticket = report(desk)
    (message,) = inbox.to(desk.reporter.email)
    assert subject_of(message) == f"[#{ticket.pk}] We have received your case: {ticket.title}"
    assert message["From"] == "support@norrbacken.example"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Styrbord-Ticket"] == str(ticket.pk)
    body = text_of(message)
    assert f"IT support has received your case #{ticket.pk}" in body
    assert f"{BASE_URL}/servicedesk/tickets/{ticket.pk}/" in body
    assert "reply to this e-mail" in body
    assert len(inbox.messages) == 1  # nobody else


def test_without_a_language_the_mail_is_in_swedish_with_the_same_reference_and_link(desk, inbox, after_commit):
    assert desk.reporter.language == ""
    with after_commit():
        ticket = report(desk)
    (message,) = inbox.to(desk.reporter.email)
    assert subject_of(message).startswith(f"[#{ticket.pk}] ")
    assert ticket.title in subject_of(message)
    body = text_of(message)
    assert f"#{ticket.pk}" in body
    assert f"{BASE_URL}/servicedesk/tickets/{ticket.pk}/" in body
    assert message.get_content_charset() == "utf-8"


def test_the_assignee_is_told_but_not_when_they_took_it_themselves(desk, inbox, after_commit):
    speak(desk.staff, "en")
    ticket = report(desk, notify=False)
    with after_commit():
        services.assign(ticket, acting_user=desk.lead, assignee=desk.staff)
    (message,) = inbox.to(desk.staff.email)
    assert subject_of(message) == f"[#{ticket.pk}] Assigned to you: {ticket.title}"
    assert f"Case #{ticket.pk} has been assigned to you." in text_of(message)

    inbox.messages.clear()
    with after_commit():
        services.assign(ticket, acting_user=desk.lead, assignee=desk.lead)
        services.assign(ticket, acting_user=desk.staff, assignee=desk.staff)
    assert inbox.messages == []


def test_nothing_is_sent_when_the_transaction_rolls_back(desk, inbox, after_commit):
    with after_commit(), pytest.raises(RuntimeError), transaction.atomic():
        ticket = report(desk)
        services.assign(ticket, acting_user=desk.lead, assignee=desk.staff)
        raise RuntimeError("the request failed after the writes")
    assert inbox.messages == []


def test_a_reply_reaches_the_other_side_quoted_and_not_its_author(desk, inbox, after_commit):
    speak(desk.reporter, "en")
    ticket = report(desk, notify=False, assignee=desk.staff)
    with after_commit():
        services.add_comment(ticket, acting_user=desk.staff, body="Starta om skrivaren och prova igen.")
    (message,) = inbox.messages and inbox.to(desk.reporter.email)
    assert subject_of(message) == f"[#{ticket.pk}] New reply: {ticket.title}"
    body = text_of(message)
    assert "Starta om skrivaren och prova igen." in body
    assert f"{desk.staff} wrote:" in body
    assert inbox.to(desk.staff.email) == []

    inbox.messages.clear()
    with after_commit():
        services.add_comment(ticket, acting_user=desk.reporter, body="Nu fungerar det!")
    assert [recipients for _sender, recipients, _message in inbox.messages] == [[desk.staff.email]]


def test_internal_notes_are_not_mailed(desk, inbox, after_commit):
    ticket = report(desk, notify=False, assignee=desk.staff)
    with after_commit():
        services.add_comment(ticket, acting_user=desk.lead, body="Beställ ny fixeringsenhet.", is_public=False)
    assert inbox.messages == []


def test_status_changes_reach_the_reporter_and_closing_sends_the_survey_instead(desk, inbox, after_commit):
    speak(desk.reporter, "en")
    ticket = report(desk, notify=False, assignee=desk.staff)
    with after_commit():
        services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff)
    (resolved,) = inbox.to(desk.reporter.email)
    assert subject_of(resolved) == f"[#{ticket.pk}] Resolved: {ticket.title}"
    assert "reopen the case" in text_of(resolved)

    inbox.messages.clear()
    with after_commit():
        services.change_status(ticket, TicketStatus.CLOSED, acting_user=desk.staff)
    (survey,) = inbox.to(desk.reporter.email)
    assert subject_of(survey) == f"[#{ticket.pk}] How did we do? {ticket.title}"
    token = re.search(rf"{re.escape(BASE_URL)}/survey/([\w-]+)/", text_of(survey)).group(1)
    stored = SurveyAnswer.objects.get(ticket=ticket)
    assert stored.token_hash == hash_token(token) != token
    assert len(inbox.messages) == 1


def test_the_round_trip_a_mailed_reply_lands_on_its_ticket(desk, inbox, after_commit):
    """The reporter answers the notification from their mail program; the assignee hears of it."""
    ticket = report(desk, notify=False, assignee=desk.staff)
    with after_commit():
        services.add_comment(ticket, acting_user=desk.staff, body="Vilken skrivare gäller det?")
    (notification,) = inbox.to(desk.reporter.email)
    reply = (
        f"From: {desk.reporter.get_full_name()} <{desk.reporter.email.upper()}>\r\n"
        f"To: {notification['From']}\r\n"
        f"Subject: SV: {notification['Subject']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Den på plan 2 vid köket.\r\n"
        "\r\n"
        "> Vilken skrivare gäller det?\r\n"
    ).encode()

    inbox.messages.clear()
    with after_commit():
        comment = process_message(reply)
    assert isinstance(comment, Comment)
    assert (comment.ticket_id, comment.author, comment.via_email) == (ticket.pk, desk.reporter, True)
    assert comment.body == "Den på plan 2 vid köket."
    (to_assignee,) = inbox.to(desk.staff.email)
    assert "Den på plan 2 vid köket." in text_of(to_assignee)


def test_muted_sends_nothing_even_after_the_commit(desk, inbox, after_commit):
    with after_commit(), notifications.muted():
        ticket = report(desk)
        services.assign(ticket, acting_user=desk.lead, assignee=desk.staff)
        services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff)
        services.change_status(ticket, TicketStatus.CLOSED, acting_user=desk.staff)
    with after_commit():
        other = report(desk)
    assert [message["X-Styrbord-Ticket"] for _s, _r, message in inbox.messages] == [str(other.pk)]
    assert not SurveyAnswer.objects.filter(ticket=ticket).exists()
