"""The API: articles (CRUD, filters, full-text q) and courses (sessions, enrolment, participants, attendance)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styrbord.knowledge import services
from styrbord.knowledge.models import Article, CourseSession, Enrolment
from styrbord.systems.tests.factories import system

from .builders import a_system, article, course, session

pytestmark = pytest.mark.django_db

ARTICLES = reverse("knowledge-api:article-list")
COURSES = reverse("knowledge-api:course-list")


def test_create_filter_and_read_articles(world, api_as):
    treserva = a_system(world)
    client = api_as("it_staff")
    created = client.post(
        ARTICLES,
        {
            "organisation": world.org.pk,
            "title": "Så loggar du in i Treserva med SITHS-kort",
            "body": "1. Sätt i kortet\n2. Skriv **PIN**\n<script>x</script>",
            "kind": "instruction",
            "status": "published",
            "systems": [treserva.pk],
            "review_by": "2020-01-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["owner"] == world.users["it_staff"].pk and data["version"] == 1 and data["review_overdue"] is True
    assert "<ol><li>Sätt i kortet</li><li>Skriv <strong>PIN</strong></li></ol>" in data["body_html"]
    assert "<script>" not in data["body_html"] and "&lt;script&gt;" in data["body_html"]
    article(world, title="Om lönesystemet", systems=[system(world, "Lönesystem")], kind="guide")
    by_system = client.get(ARTICLES, {"system": treserva.pk}).json()
    assert [a["title"] for a in by_system["results"]] == ["Så loggar du in i Treserva med SITHS-kort"]
    by_kind = client.get(ARTICLES, {"kind": "guide"}).json()
    assert [a["title"] for a in by_kind["results"]] == ["Om lönesystemet"]


def test_bad_input_names_the_field_and_changes_nothing(world, api_as):
    client = api_as("it_head")
    response = client.post(
        ARTICLES,
        {"organisation": world.org.pk, "title": "Tom", "body": "", "status": "published", "kind": "poem"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The input is invalid." and "kind" in body["errors"]
    response = client.post(
        ARTICLES, {"organisation": world.org.pk, "title": "Tom", "body": "", "status": "published"}, format="json"
    )
    assert response.status_code == 400 and "body" in response.json()["errors"]
    assert not Article.objects.exists()


def test_another_organisations_article_is_not_there(world, api_as):
    target = article(world)
    assert api_as("stranger").get(reverse("knowledge-api:article-detail", args=[target.pk])).status_code == 404
    assert api_as("stranger").delete(reverse("knowledge-api:article-detail", args=[target.pk])).status_code == 404


def test_only_drafts_are_deleted(world, api_as):
    published, draft = article(world), article(world, status="draft")
    client = api_as("it_staff")
    assert client.delete(reverse("knowledge-api:article-detail", args=[published.pk])).status_code == 403
    assert api_as("employee").delete(reverse("knowledge-api:article-detail", args=[draft.pk])).status_code == 404
    assert client.delete(reverse("knowledge-api:article-detail", args=[draft.pk])).status_code == 204
    assert list(Article.objects.all()) == [published]


def test_article_list_has_a_constant_number_of_queries(world, api_as, django_assert_max_num_queries):
    treserva = a_system(world)
    for index in range(12):
        article(world, title=f"Artikel {index}", systems=[treserva])
    client = api_as("employee")
    with django_assert_max_num_queries(16):
        response = client.get(ARTICLES)
    assert response.json()["count"] == 12


def test_courses_with_sessions_enrol_cancel_and_attendance(world, api_as, django_assert_max_num_queries):
    given = course(world, title="Outlook på 60 minuter")
    one = session(given, capacity=1)
    for index in range(5):
        session(course(world, title=f"Kurs {index}"))
    employee, finance = api_as("employee"), api_as("finance")
    with django_assert_max_num_queries(16):
        listed = employee.get(COURSES).json()
    detail = next(c for c in listed["results"] if c["id"] == given.pk)
    assert detail["sessions"][0]["capacity"] == 1 and detail["sessions"][0]["taken"] == 0
    enrol_url = reverse("knowledge-api:course-enrol", args=[given.pk])
    first = employee.post(enrol_url, {"session": one.pk}, format="json")
    assert first.status_code == 201 and first.json()["status"] == "enrolled"
    second = finance.post(enrol_url, {"session": one.pk}, format="json")
    assert second.json()["status"] == "waiting"
    again = employee.post(enrol_url, {"session": one.pk}, format="json")
    assert again.status_code == 400 and "session" in again.json()["errors"]
    other = session(course(world))
    wrong = employee.post(enrol_url, {"session": other.pk}, format="json")
    assert wrong.status_code == 400 and "session" in wrong.json()["errors"]
    assert employee.get(reverse("knowledge-api:course-participants", args=[given.pk])).status_code == 403
    cancelled = employee.post(
        reverse("knowledge-api:course-cancel", args=[given.pk]), {"session": one.pk}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
    assert Enrolment.objects.get(person=world.users["finance"]).status == "enrolled"
    staff = api_as("it_staff")
    participants = staff.get(reverse("knowledge-api:course-participants", args=[given.pk])).json()
    assert {p["status"] for p in participants} == {"enrolled", "cancelled"}
    CourseSession.objects.filter(pk=one.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    enrolment = Enrolment.objects.get(person=world.users["finance"])
    marked = staff.post(
        reverse("knowledge-api:course-attendance", args=[given.pk]),
        {"enrolment": enrolment.pk, "attended": True},
        format="json",
    )
    assert marked.status_code == 200 and marked.json()["attended"] is True
    stranger = api_as("stranger").post(enrol_url, {"session": one.pk}, format="json")
    assert stranger.status_code == 404


def test_a_course_for_it_staff_is_not_there_for_an_employee(world, api_as):
    hidden = course(world, audience="it_staff")
    one = session(hidden)
    response = api_as("employee").post(
        reverse("knowledge-api:course-enrol", args=[hidden.pk]), {"session": one.pk}, format="json"
    )
    assert response.status_code == 404
    services.enrol(one, acting_user=world.users["support_lead"])
    assert Enrolment.objects.count() == 1
