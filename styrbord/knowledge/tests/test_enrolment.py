"""Courses: enrolment with capacity and a waiting list, cancelling, attendance, reminders by e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from styrbord.core.testing import make_person
from styrbord.knowledge import services
from styrbord.knowledge.models import CourseSession, Enrolment
from styrbord.knowledge.tasks import course_reminders, send_reminders

from .builders import course, session

pytestmark = pytest.mark.django_db


def test_places_are_given_in_order_then_the_waiting_list(world):
    one = session(course(world), capacity=2)
    first, second, third, fourth = (
        world.users[r] for r in ("employee", "finance", "it_coordinator", "security_coordinator")
    )
    assert services.enrol(one, acting_user=first).status == "enrolled"
    assert services.enrol(one, acting_user=second).status == "enrolled"
    assert services.enrol(one, acting_user=third).status == "waiting"
    assert services.enrol(one, acting_user=fourth).status == "waiting"
    with pytest.raises(Exception) as error:
        services.enrol(one, acting_user=first)
    assert error.value.message_dict["session"] == ["Already enrolled in this session."]


def test_one_session_per_course_and_only_open_sessions(world):
    given = course(world)
    early, late = session(given), session(given, days=10)
    employee = world.users["employee"]
    services.enrol(early, acting_user=employee)
    with pytest.raises(Exception) as error:
        services.enrol(late, acting_user=employee)
    assert "another session" in error.value.message_dict["session"][0]
    started = session(given, days=-1)
    with pytest.raises(Exception) as error:
        services.enrol(started, acting_user=world.users["finance"])
    assert "session" in error.value.message_dict
    draft = session(course(world, status="draft"))
    with pytest.raises(Exception) as error:
        services.enrol(draft, acting_user=employee)
    assert error.value.message_dict["session"] == ["The course is not open for enrolment."]


def test_only_those_who_run_the_course_enrol_someone_else(world):
    one = session(course(world))
    with pytest.raises(Exception) as error:
        services.enrol(one, acting_user=world.users["employee"], person=world.users["finance"])
    assert "person" in error.value.message_dict
    assert not Enrolment.objects.exists()
    enrolment = services.enrol(one, acting_user=world.users["it_staff"], person=world.users["finance"])
    assert enrolment.person == world.users["finance"]
    with pytest.raises(Exception) as error:
        services.enrol(one, acting_user=world.users["it_staff"], person=world.users["stranger"])
    assert "person" in error.value.message_dict


def test_cancelling_a_place_gives_it_to_the_first_waiting_and_tells_them(world, django_capture_on_commit_callbacks):
    one = session(course(world, title="Treserva för nya handläggare"), capacity=1)
    holder = services.enrol(one, acting_user=world.users["employee"])
    first = services.enrol(one, acting_user=world.users["finance"])
    second = services.enrol(one, acting_user=world.users["it_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_enrolment(holder, acting_user=world.users["employee"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("enrolled", "waiting")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.users["finance"].email]
    assert "Treserva för nya handläggare" in mail.outbox[0].subject
    with pytest.raises(Exception) as error:
        services.cancel_enrolment(holder, acting_user=world.users["employee"])
    assert "status" in error.value.message_dict


def test_more_places_move_the_waiting_list_up(world):
    one = session(course(world), capacity=1)
    services.enrol(one, acting_user=world.users["employee"])
    waiting = services.enrol(one, acting_user=world.users["finance"])
    with pytest.raises(Exception) as error:
        services.update_session(one, acting_user=None, capacity=0)
    assert "capacity" in error.value.message_dict
    services.update_session(one, acting_user=None, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


def test_a_session_needs_a_place_or_a_secure_link_and_ends_after_it_starts(world):
    given = course(world)
    starts = timezone.now() + timedelta(days=2)
    with pytest.raises(Exception) as error:
        services.add_session(
            given,
            acting_user=None,
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
            capacity=5,
            online_url="http://moten.example/kurs",
        )
    assert set(error.value.message_dict) == {"ends_at", "online_url"}
    with pytest.raises(Exception) as error:
        services.add_session(given, acting_user=None, starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=5)
    assert "place" in error.value.message_dict
    assert not CourseSession.objects.exists()


def test_attendance_is_recorded_once_the_session_has_started(world, client_as):
    one = session(course(world), capacity=3)
    enrolment = services.enrol(one, acting_user=world.users["employee"])
    with pytest.raises(Exception) as error:
        services.mark_attendance(enrolment, acting_user=world.users["it_staff"], attended=True)
    assert "attended" in error.value.message_dict
    CourseSession.objects.filter(pk=one.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    enrolment.refresh_from_db()
    client = client_as("employee")
    refused = client.post(reverse("knowledge:attendance", args=[enrolment.pk]), {"attended": "true"})
    assert refused.status_code == 403
    client.logout()
    client = client_as("it_staff")
    participants = client.get(reverse("knowledge:session_detail", args=[one.pk])).content.decode()
    assert str(world.users["employee"]) in participants
    client.post(reverse("knowledge:attendance", args=[enrolment.pk]), {"attended": "true", "back": "session"})
    enrolment.refresh_from_db()
    assert enrolment.attended is True


def test_the_reminder_goes_the_day_before_once_in_the_persons_language(world):
    given = course(world, title="Outlook på 60 minuter")
    now = timezone.now()
    tomorrow = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate(now) + timedelta(days=1), timezone.datetime.min.time())
    ) + timedelta(hours=9)
    soon = services.add_session(
        given,
        acting_user=None,
        starts_at=tomorrow,
        ends_at=tomorrow + timedelta(hours=1),
        capacity=1,
        online_url="https://moten.example/outlook",
    )
    later = session(given, days=5)
    swede = make_person(world.org, department=world.unit, language="sv")
    services.enrol(soon, acting_user=swede)
    services.enrol(soon, acting_user=world.users["finance"])  # waiting: no reminder
    services.enrol(later, acting_user=world.users["employee"])
    assert send_reminders(now) == 1
    assert course_reminders.call_local(now=now) == 0  # already reminded
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [swede.email]
    assert "Outlook på 60 minuter" in message.subject and message.subject.startswith("Påminnelse")
    assert "https://moten.example/outlook" in message.body and given.get_absolute_url() in message.body


def test_enrolling_and_cancelling_through_the_course_page(world, client_as):
    given = course(world)
    one = session(given, capacity=1)
    client = client_as("employee")
    client.post(reverse("knowledge:enrol", args=[given.pk]), {"session": one.pk})
    enrolment = Enrolment.objects.get(person=world.users["employee"])
    assert enrolment.status == "enrolled"
    page = client.get(given.get_absolute_url()).content.decode()
    assert "Cancel my place" in page
    client.post(reverse("knowledge:enrolment_cancel", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"
    client.logout()
    client = client_as("finance")
    assert client.post(reverse("knowledge:enrolment_cancel", args=[enrolment.pk])).status_code == 404
