from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from styrbord.organisations import services as org_services
from styrbord.surveys import results, services
from styrbord.surveys.choices import band
from styrbord.surveys.models import Answer, Invitation, Response, SurveyRound

from .factories import a_round, answer, people

pytestmark = pytest.mark.django_db


def test_nki_arithmetic_against_hand_values(world):
    group = people(world, 3, world.unit)
    survey = a_round(world, opened=True)
    answer(survey, group[0], [10, 10, 10])  # index 100
    answer(survey, group[1], [1, 1, 1])  # index 0
    answer(survey, group[2], [7, 6, 8])  # mean 7 → 66.7
    figures = results.figures(SurveyRound.objects.filter(pk=survey.pk), world.org.pk)[survey.pk]
    # all nine answers: mean 54/9 = 6 → (6 − 1) / 9 × 100 = 55.6
    assert figures["nki"] == 55.6
    # per-respondent indices 100, 0, 66.67: population standard deviation 41.57
    assert figures["spread"] == 41.6
    assert figures["respondents"] == 3
    assert figures["invited"] == Invitation.objects.filter(round=survey).count()
    assert figures["response_rate"] == round(100 * 3 / figures["invited"], 1)
    assert results.index_of(1) == 0 and results.index_of(10) == 100 and results.index_of(5.5) == 50
    assert str(band(39.9)) == "Not acceptable" and str(band(55)) == "Satisfied" and str(band(75)) == "Very satisfied"


def test_anonymous_answers_cannot_be_traced_back(world):
    survey = a_round(world, opened=True, anonymous=True)
    person = world.users["employee"]
    response = answer(survey, person, [8, 7, 9], comment="Bra support")
    names = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not names & {"person", "user", "created_at", "updated_at", "history"}
    assert response.invitation_id is None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table} WHERE id = %s", [response.pk])  # noqa: S608
        row = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
    invitation = Invitation.objects.get(round=survey, person=person)
    assert set(row) == {"id", "round_id", "invitation_id", "department_id", "submitted_on"}
    assert row["invitation_id"] is None and row["submitted_on"] is not None
    answer_rows = Answer.objects.filter(response=response).values()
    assert all(set(a) == {"id", "response_id", "question_id", "number", "choice", "text"} for a in answer_rows)
    # The unit had at least five invited people: its name is kept.
    assert response.department_id == world.unit.pk
    assert invitation.answered_on == timezone.localdate()
    # Keys are random, not in the order of answering.
    assert response.pk > 10_000


def test_a_named_round_keeps_the_invitation_and_department(world):
    survey = a_round(world, opened=True, anonymous=False)
    response = answer(survey, world.users["employee"], [5, 5, 5])
    assert response.invitation.person == world.users["employee"]
    assert response.department_id == world.unit.pk


def test_one_answer_per_invitation_and_only_the_invitee(world):
    survey = a_round(world, opened=True)
    answer(survey, world.users["employee"], [6, 6, 6])
    with pytest.raises(ValidationError) as error:
        answer(survey, world.users["employee"], [6, 6, 6])
    assert "token" in error.value.message_dict
    invitation = Invitation.objects.get(round=survey, person=world.users["finance"])
    with pytest.raises(ValidationError):
        services.answer_round(invitation, acting_user=world.users["employee"], values={})
    assert Response.objects.filter(round=survey).count() == 1


def test_bad_answer_names_the_question_and_stores_nothing(world):
    survey = a_round(world, opened=True)
    invitation = Invitation.objects.get(round=survey, person=world.users["employee"])
    first = survey.questions.filter(kind="nki").first()
    with pytest.raises(ValidationError) as error:
        services.answer_round(invitation, acting_user=world.users["employee"], values={first.pk: 11})
    assert str(first.pk) in error.value.message_dict
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_on is None


def test_open_invites_the_target_group_and_mails_a_link(world):
    people(world, 2, world.other_branch)
    survey = a_round(world, target_kind="department", target_department=world.branch)
    assert (
        services.open_round(survey, acting_user=world.users["it_head"])
        == Invitation.objects.filter(round=survey).count()
    )
    invited = set(Invitation.objects.filter(round=survey).values_list("person__memberships__department", flat=True))
    assert invited == {world.unit.pk}  # the branch's subtree only
    assert mail.outbox and "/surveys/answer/" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.open_round(survey, acting_user=world.users["it_head"])


def test_reminders_are_mailed_once_to_those_who_have_not_answered(world):
    today = timezone.localdate()
    survey = a_round(world, opened=True, closes_on=today + timedelta(days=3), reminder_days=5)
    answer(survey, world.users["employee"], [7, 7, 7])
    waiting = Invitation.objects.filter(round=survey, answered_on__isnull=True).count()
    mail.outbox.clear()
    assert services.send_reminders(today) == waiting
    assert world.users["employee"].email not in {m.to[0] for m in mail.outbox}
    assert services.send_reminders(today) == 0
    assert len(mail.outbox) == waiting


def test_results_per_department_and_the_year(world):
    group = people(world, 5, world.other_branch)
    tiny = org_services.create_department(
        acting_user=None, organisation=world.org, name="Revisionen", kind="forvaltning", cost_centre="9000"
    )
    small = people(world, 2, tiny)
    survey = a_round(world, opened=True, anonymous=True)
    for person, score in zip(group, [10, 10, 10, 1, 1], strict=True):
        answer(survey, person, [score] * 3)
    answer(survey, small[0], [4, 4, 4])  # too small a group: counted, but under no department
    services.close_round(survey, acting_user=world.users["it_head"])
    year = survey.closes_on.year
    quality = results.perceived_quality(world.org, year)
    assert quality["respondents"] == 6 and quality["nki"] == 55.6  # (36 / 6 − 1) / 9 × 100
    rows = {row["id"]: row for row in quality["rounds"][0]["per_department"]}
    assert rows[world.other_branch.pk]["nki"] == 60.0 and rows[world.other_branch.pk]["response_rate"] == 100.0
    assert rows[None]["respondents"] == 1
    own = results.perceived_quality(world.org, year, departments=[world.other_branch])
    assert own["respondents"] == 5 and own["nki"] == 60.0 and own["response_rate"] == 100.0
    assert results.perceived_quality(world.org, year + 1)["nki"] is None


def test_pages_answer_and_results(world):
    survey = a_round(world, opened=True)
    invitation = Invitation.objects.get(round=survey, person=world.users["employee"])
    token = "known-token"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=services.hash_token(token))
    url = reverse("surveys:answer", args=[token])
    client = Client()
    assert client.get(url).status_code == 302  # login first
    client.force_login(world.users["finance"])
    assert client.get(url).status_code == 403  # someone else's link
    client.force_login(world.users["employee"])
    nki = list(survey.questions.filter(kind="nki"))
    page = client.post(url, {str(nki[0].pk): "8"})
    assert page.status_code == 200 and not Response.objects.exists()
    page = client.post(url, {str(q.pk): "8" for q in nki} | {str(survey.questions.get(kind="text").pk): "Tack"})
    assert page.status_code == 302 and Response.objects.count() == 1
    assert "answered" in client.get(url).content.decode()
    client.force_login(world.users["it_head"])
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert "77.8" in detail and "Tack" in detail and "Very satisfied" in detail


def test_create_round_page(world):
    client = Client()
    client.force_login(world.users["support_lead"])
    today = timezone.localdate()
    data = {"title": "Vår", "target_kind": "department", "opens_on": today, "closes_on": today, "nki": "on"}
    page = client.post(reverse("surveys:round_create"), data)
    assert page.status_code == 200 and "target_department" in page.context["form"].errors
    page = client.post(reverse("surveys:round_create"), {**data, "target_department": world.branch.pk})
    assert page.status_code == 302
    assert SurveyRound.objects.get(title="Vår").questions.filter(kind="nki").count() == 3


def test_api_error_format_answer_and_no_person_data(world):
    survey = a_round(world, opened=True)
    client = APIClient()
    client.force_authenticate(world.users["it_head"])
    bad = client.post(
        reverse("surveys-api:survey-list"),
        {"organisation": world.org.pk, "title": "X", "opens_on": "2030-03-02", "closes_on": "2030-03-01"},
        format="json",
    )
    assert bad.status_code == 400 and "closes_on" in bad.json()["errors"] and "detail" in bad.json()
    invitation = Invitation.objects.get(round=survey, person=world.users["employee"])
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=services.hash_token("t0k"))
    employee = APIClient()
    employee.force_authenticate(world.users["employee"])
    nki = list(survey.questions.filter(kind="nki"))
    wrong = employee.post(reverse("surveys-api:response-list"), {"token": "nope", "values": {}}, format="json")
    assert wrong.status_code == 400 and "token" in wrong.json()["errors"]
    missing = employee.post(reverse("surveys-api:response-list"), {"token": "t0k", "values": {}}, format="json")
    assert missing.status_code == 400 and str(nki[0].pk) in missing.json()["errors"]
    done = employee.post(
        reverse("surveys-api:response-list"),
        {"token": "t0k", "values": {str(q.pk): 9 for q in nki}},
        format="json",
    )
    assert done.status_code == 201, done.content
    listed = client.get(reverse("surveys-api:response-list")).json()["results"]
    assert set(listed[0]) == {"id", "round", "department", "submitted_on", "answers"}
    detail = client.get(reverse("surveys-api:survey-detail", args=[survey.pk])).json()
    assert detail["results"]["nki"] == round((9 - 1) / 9 * 100, 1) and detail["results"]["respondents"] == 1


def test_list_queries_do_not_grow(world, django_assert_max_num_queries):
    for n in range(4):
        survey = a_round(world, title=f"R{n}", opened=True)
        answer(survey, world.users["employee"], [5, 6, 7])
    client = APIClient()
    client.force_authenticate(world.users["it_head"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys-api:response-list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("surveys-api:survey-list")).status_code == 200
    page = Client()
    page.force_login(world.users["it_head"])
    with django_assert_max_num_queries(30):
        assert page.get(reverse("surveys:round_list")).status_code == 200
