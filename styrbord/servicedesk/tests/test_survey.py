"""The satisfaction survey page: no login, one question, the link works once."""

import pytest
from django.urls import NoReverseMatch, include, path, reverse

from styrbord import urls as project_urls
from styrbord.servicedesk import services, tasks
from styrbord.servicedesk.choices import EventKind, TicketKind, TicketStatus
from styrbord.servicedesk.models import SurveyAnswer
from styrbord.servicedesk.survey import answer_survey, create_survey, hash_token

from .desk_world import build_desk

# Until the project includes survey_urls itself, these tests do (see the fixture below).
urlpatterns = [path("survey/", include("styrbord.servicedesk.survey_urls")), *project_urls.urlpatterns]


@pytest.fixture(autouse=True)
def survey_urls(settings):
    try:
        reverse("survey:answer", args=["x"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def desk(world):
    return build_desk(world)


@pytest.fixture
def closed(desk):
    ticket = services.create_ticket(
        acting_user=desk.reporter,
        organisation=desk.org,
        reporter=desk.reporter,
        title="Kan inte logga in",
        service=desk.laptop,
        department=desk.reporter.memberships.get().department,
        notify=False,
    )
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff)
    return services.change_status(ticket, TicketStatus.CLOSED, acting_user=desk.staff)


@pytest.fixture
def link(closed):
    _survey, token = create_survey(closed)
    return reverse("survey:answer", args=[token])


def test_the_question_is_shown_without_logging_in(client, closed, link):
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<fieldset" in page and "<legend>" in page
    assert page.count('type="radio"') == 5
    assert 'name="comment"' in page
    assert closed.reference in page


def test_the_answer_is_stored_with_the_service_and_department(client, desk, closed, link):
    response = client.post(link, {"score": "4", "comment": "  Snabbt och vänligt.  "})
    assert response.status_code == 200
    assert "already" not in response.content.decode().lower()
    survey = SurveyAnswer.objects.get(ticket=closed)
    assert (survey.score, survey.comment) == (4, "Snabbt och vänligt.")
    assert survey.answered_at is not None
    assert (survey.service, survey.department) == (closed.service, closed.department)
    assert closed.department is not None
    assert closed.events.filter(kind=EventKind.SURVEY, data__score=4).count() == 1


def test_the_link_works_once(client, closed, link):
    client.post(link, {"score": "5"})
    first = SurveyAnswer.objects.get(ticket=closed)
    again = client.post(link, {"score": "1", "comment": "Ändrat mig"})
    assert again.status_code == 200
    assert "Already answered" in again.content.decode() or "redan" in again.content.decode().lower()
    assert client.get(link).status_code == 200
    survey = SurveyAnswer.objects.get(ticket=closed)
    assert (survey.score, survey.comment, survey.answered_at) == (5, "", first.answered_at)
    assert closed.events.filter(kind=EventKind.SURVEY).count() == 1


def test_a_score_is_required_and_must_be_one_to_five(client, closed, link):
    for data in ({}, {"score": "0"}, {"score": "6"}, {"score": "x"}):
        response = client.post(link, data)
        assert response.status_code == 200
        assert 'id="id_score_error"' in response.content.decode()
    assert SurveyAnswer.objects.get(ticket=closed).answered_at is None


def test_an_unknown_token_is_not_found(client, closed, link):
    assert client.get(reverse("survey:answer", args=["not-a-token"])).status_code == 404
    # The stored hash itself is not a key either.
    stored = SurveyAnswer.objects.get(ticket=closed).token_hash
    assert client.get(reverse("survey:answer", args=[stored])).status_code == 404


def test_answering_twice_in_code_changes_nothing(closed):
    survey, token = create_survey(closed)
    assert survey.token_hash == hash_token(token)
    assert answer_survey(survey, score=3) is True
    assert answer_survey(survey, score=1) is False
    assert SurveyAnswer.objects.get(pk=survey.pk).score == 3


def test_the_survey_task_makes_one_survey_per_closed_ticket(closed, desk):
    assert tasks.send_survey.call_local(closed.pk) == 1
    assert tasks.send_survey.call_local(closed.pk) == 0
    assert SurveyAnswer.objects.filter(ticket=closed).count() == 1


def test_no_survey_for_open_or_maintenance_tickets(desk, closed):
    open_ticket = services.create_ticket(
        acting_user=desk.reporter, organisation=desk.org, reporter=desk.reporter, title="Öppen", notify=False
    )
    assert tasks.send_survey.call_local(open_ticket.pk) == 0
    maintenance = services.create_ticket(
        acting_user=None,
        organisation=desk.org,
        reporter=desk.staff,
        title="Patchning",
        kind=TicketKind.MAINTENANCE,
        notify=False,
    )
    services.change_status(maintenance, TicketStatus.CLOSED, acting_user=desk.staff)
    assert tasks.send_survey.call_local(maintenance.pk) == 0
    assert not SurveyAnswer.objects.exclude(ticket=closed).exists()
