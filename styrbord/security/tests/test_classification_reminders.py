"""E-mail reminders of classifications to renew, over a real SMTP conversation (aiosmtpd).

Who gets them (the system's owner and manager, the organisation's security coordinators), one
e-mail per person in their language, and never the same reminder twice.
"""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from styrbord.organisations.models import Membership
from styrbord.security import services
from styrbord.security.models import ClassificationReminder
from styrbord.security.tasks import classification_reminders, send_classification_reminders
from styrbord.servicedesk.tests.desk_world import smtp_server, text_of
from styrbord.systems.tests.factories import management_object

from .classification_helpers import classified, role

BASE_URL = "https://styrbord.norrbacken.example"


@pytest.fixture
def inbox(settings):
    yield from smtp_server(settings)


def speak(person, language):
    person.language = language
    person.save()


def subject_of(message):
    return " ".join(str(message["Subject"]).split())


@pytest.fixture
def due(world):
    """Four systems: one expiring in a month, one expired, one changed (due for review), one current."""
    owner, manager = world.users["employee"], world.users["it_staff"]
    today = timezone.localdate()
    expiring = classified(world, "Lönesystem", days_ago=3 * 365 - 30)
    expired = classified(world, "Diariet", days_ago=3 * 365 + 30)
    changed = classified(world, "Skolportalen")
    services.mark_system_changed(changed.system, acting_user=None, reason="Ny molntjänst")
    current = classified(world, "Intranätet")
    role(expiring.system, "owner", owner)
    role(current.system, "owner", owner)
    # The manager's role is held for the management object, and so for its systems.
    group = management_object(world, "Administrativa system")
    for system in (expired.system, changed.system):
        system.management_object = group
        system.save()
    role(group, "manager", manager)
    return {"today": today, "expiring": expiring, "expired": expired, "changed": changed, "current": current}


def test_owner_manager_and_coordinator_each_get_one_mail_listing_their_systems(world, due, inbox):
    owner, manager = world.users["employee"], world.users["it_staff"]
    coordinator = world.users["security_coordinator"]
    speak(owner, "en")
    speak(coordinator, "sv")

    assert send_classification_reminders(due["today"]) == 3

    (to_owner,) = inbox.to(owner.email)
    assert subject_of(to_owner) == "1 security classification to renew"
    body = text_of(to_owner)
    assert "Lönesystem: expires on " + due["expiring"].valid_until.strftime("%Y-%m-%d") in body
    assert "(your role: System owner)" in body
    assert f"{BASE_URL}/security/systems/{due['expiring'].system.pk}/" in body
    assert "Intranätet" not in body and "Diariet" not in body

    (to_manager,) = inbox.to(manager.email)
    body = text_of(to_manager)  # the manager has no language of their own: Swedish
    assert "Diariet: gick ut " + due["expired"].valid_until.strftime("%Y-%m-%d") in body
    assert "Skolportalen: ska ses över: Ny molntjänst" in body
    assert "Lönesystem" not in body

    (to_coordinator,) = inbox.to(coordinator.email)
    body = text_of(to_coordinator)
    for name in ("Lönesystem", "Diariet", "Skolportalen"):
        assert name in body
    assert "Intranätet" not in body
    assert "Informationssäkerhetssamordnare" in body  # their role, in their language
    # No one in the other organisation hears of our systems; the head of IT is not a recipient.
    assert inbox.to(world.users["stranger"].email) == []
    assert inbox.to(world.users["it_head"].email) == []
    assert to_owner["Auto-Submitted"] == "auto-generated"


def test_the_same_reminder_is_not_sent_twice_but_the_next_stage_is(world, due, inbox):
    owner = world.users["employee"]
    today = due["today"]
    assert classification_reminders.call_local(today) == 3
    assert ClassificationReminder.objects.count() == 1 + 2 + 3
    assert send_classification_reminders(today) == 0
    assert send_classification_reminders(today + timedelta(days=7)) == 0
    assert len(inbox.messages) == 3

    # The expiring classification expires: its owner and the coordinator are told once more.
    later = due["expiring"].valid_until + timedelta(days=1)
    assert send_classification_reminders(later) == 2
    (_first, second) = inbox.to(owner.email)
    assert "Lönesystem: gick ut" in text_of(second)  # Swedish, the default
    assert send_classification_reminders(later) == 0


def test_reclassifying_ends_the_reminders(world, due, inbox):
    from .classification_helpers import classify, information_type

    system = due["expiring"].system
    classify(system, (information_type(system, "Ärenden"), 1, 1, 1))
    send_classification_reminders(due["today"])
    assert all("Lönesystem" not in text_of(message) for _s, _r, message in inbox.messages)


def test_no_mail_to_people_without_address_or_membership(world, due, inbox):
    owner, manager = world.users["employee"], world.users["it_staff"]
    owner.email = ""
    owner.save()
    Membership.objects.filter(user=manager, organisation=world.org).update(is_active=False)
    assert send_classification_reminders(due["today"]) == 1
    assert [recipients for _s, recipients, _m in inbox.messages] == [[world.users["security_coordinator"].email]]
    assert not ClassificationReminder.objects.filter(person__in=[owner, manager]).exists()


def test_a_mail_that_cannot_be_sent_is_tried_again(world, due, inbox, settings):
    working_port = settings.EMAIL_PORT
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = sock.getsockname()[1]  # nothing listens there once the socket closes
    assert send_classification_reminders(due["today"]) == 0
    assert not ClassificationReminder.objects.exists()
    settings.EMAIL_PORT = working_port
    assert send_classification_reminders(due["today"]) == 3
