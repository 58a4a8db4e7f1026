"""Cancelling a place on a course session: one set of rules (knowledge/services.py) for pages and API."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from styrbord.knowledge import services
from styrbord.knowledge.models import CourseSession, Enrolment

from .builders import course, session

pytestmark = pytest.mark.django_db


def full_session(world, given=None):
    """A session with one place: the employee holds it, finance waits."""
    one = session(given or course(world), capacity=1)
    holder = services.enrol(one, acting_user=world.users["employee"])
    waiting = services.enrol(one, acting_user=world.users["finance"])
    assert (holder.status, waiting.status) == ("enrolled", "waiting")
    return one, holder, waiting


def start(one):
    CourseSession.objects.filter(pk=one.pk).update(starts_at=timezone.now() - timedelta(minutes=5))


def statuses(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


# The service


def test_someone_elses_place_is_cancelled_only_by_those_who_run_the_course(world, django_capture_on_commit_callbacks):
    one, holder, waiting = full_session(world)
    with pytest.raises(ValidationError) as error:
        services.cancel_enrolment(holder, acting_user=world.users["finance"])
    assert error.value.message_dict == {"person": ["Only those who run the course can cancel someone else's place."]}
    with pytest.raises(ValidationError) as error:
        services.cancel_place(one, acting_user=world.users["finance"], person=world.users["employee"])
    assert list(error.value.message_dict) == ["person"]
    assert statuses(holder, waiting) == ["enrolled", "waiting"]

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_place(one, acting_user=world.users["it_staff"], person=world.users["employee"])
    assert cancelled.pk == holder.pk
    assert statuses(holder, waiting) == ["cancelled", "enrolled"]
    assert [m.to for m in mail.outbox] == [[world.users["finance"].email]]


def test_nothing_to_cancel_already_cancelled_and_too_late_are_refused(world):
    one, holder, waiting = full_session(world)
    with pytest.raises(ValidationError) as error:
        services.cancel_place(one, acting_user=world.users["it_coordinator"])
    assert error.value.message_dict == {"session": ["There is no enrolment in this session to cancel."]}
    services.cancel_enrolment(waiting, acting_user=world.users["finance"])  # off the waiting list
    with pytest.raises(ValidationError) as error:
        services.cancel_enrolment(waiting, acting_user=world.users["finance"])
    assert list(error.value.message_dict) == ["status"]
    start(one)
    with pytest.raises(ValidationError) as error:
        services.cancel_place(one, acting_user=world.users["employee"])
    assert error.value.message_dict == {"session": ["The session has started: it is too late to cancel."]}
    assert statuses(holder, waiting) == ["enrolled", "cancelled"]


# The API


def test_api_cancel_follows_the_same_rules(world, api_as, django_capture_on_commit_callbacks):
    given = course(world)
    one, holder, waiting = full_session(world, given)
    url = reverse("knowledge-api:course-cancel", args=[given.pk])

    refused = api_as("finance").post(url, {"session": one.pk, "person": world.users["employee"].pk}, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["person"]
    nothing = api_as("it_coordinator").post(url, {"session": one.pk}, format="json")
    assert nothing.status_code == 400 and list(nothing.json()["errors"]) == ["session"]
    assert api_as("stranger").post(url, {"session": one.pk}, format="json").status_code == 404
    assert statuses(holder, waiting) == ["enrolled", "waiting"]

    with django_capture_on_commit_callbacks(execute=True):
        done = api_as("it_staff").post(url, {"session": one.pk, "person": world.users["employee"].pk}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert statuses(holder, waiting) == ["cancelled", "enrolled"]

    start(one)
    late = api_as("finance").post(url, {"session": one.pk}, format="json")
    assert late.status_code == 400 and list(late.json()["errors"]) == ["session"]
    assert statuses(waiting) == ["enrolled"]


# The pages


def test_those_who_run_the_course_take_someone_off_the_waiting_list_on_the_session_page(world, client_as):
    one, holder, waiting = full_session(world)
    client = client_as("it_staff")
    page = client.get(one.get_absolute_url()).content.decode()
    assert f"Take {world.users['finance']} off the waiting list" in page
    assert f"Cancel the place of {world.users['employee']}" in page
    response = client.post(reverse("knowledge:enrolment_cancel", args=[waiting.pk]), {"back": "session"})
    assert response.status_code == 302 and response["Location"] == one.get_absolute_url()
    assert statuses(holder, waiting) == ["enrolled", "cancelled"]


def test_a_refused_cancel_on_the_page_says_why_and_changes_nothing(world, client_as):
    given = course(world)
    one, holder, waiting = full_session(world, given)
    start(one)
    client = client_as("employee")
    response = client.post(reverse("knowledge:enrolment_cancel", args=[holder.pk]))
    assert response.status_code == 302 and response["Location"] == given.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The session has started: it is too late to cancel."
    ]
    assert statuses(holder, waiting) == ["enrolled", "waiting"]
    # Another member neither sees nor cancels the place (it is not theirs); another organisation neither.
    for role in ("finance", "stranger"):
        assert client_as(role).post(reverse("knowledge:enrolment_cancel", args=[holder.pk])).status_code == 404
    assert statuses(holder) == ["enrolled"]
