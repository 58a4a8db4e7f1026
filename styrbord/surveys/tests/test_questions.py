"""Questions of a round: added, edited, moved and removed while the round is a draft; refused once
it is open (answers may exist). The same rules (surveys/services.py) serve the pages and the API."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.surveys import services
from styrbord.surveys.choices import NKI_QUESTIONS
from styrbord.surveys.models import Question, SurveyRound

from .factories import a_round

pytestmark = pytest.mark.django_db

OPEN_REFUSAL = "Questions can only be changed while the round is a draft: once it is open, answers may exist."


def rows(survey):
    """(order, kind, text) of the round's questions, in order."""
    return list(survey.questions.order_by("order", "pk").values_list("order", "kind", "text"))


def page_client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def api_client(world, role):
    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


# The service


def test_a_draft_question_is_edited_moved_and_removed_with_history(world):
    survey = a_round(world)
    it_head = world.users["it_head"]
    choice = services.add_question(
        survey, acting_user=it_head, kind="choice", text="Hur kontaktar du oss?", choices=["Telefon", "E-post"]
    )
    assert choice.order == 5 and [r[0] for r in rows(survey)] == [1, 2, 3, 4, 5]

    services.update_question(
        choice, acting_user=it_head, text="Hur kontaktar du oss oftast?", choices=["Telefon", "Portal"]
    )
    services.update_question(choice, acting_user=it_head, order=1)
    assert rows(survey)[0] == (1, "choice", "Hur kontaktar du oss oftast?")
    assert [r[0] for r in rows(survey)] == [1, 2, 3, 4, 5]
    assert Question.objects.get(pk=choice.pk).choices == ["Telefon", "Portal"]

    # A choice question that becomes a scale drops its options.
    services.update_question(choice, acting_user=it_head, kind="scale", scale_min=1, scale_max=5)
    assert Question.objects.get(pk=choice.pk).choices == []

    text = survey.questions.get(kind="text")
    services.remove_question(text, acting_user=it_head)
    assert not Question.objects.filter(pk=text.pk).exists()
    assert [r[0] for r in rows(survey)] == [1, 2, 3, 4]
    removed = Question.history.filter(id=text.pk, history_type="-").get()
    assert removed.history_user == it_head and removed.text == "Vad kan vi göra bättre?"
    assert Question.history.filter(id=choice.pk, history_type="~").first().history_user == it_head


def test_bad_question_changes_name_the_field_and_change_nothing(world):
    survey = a_round(world)
    it_head = world.users["it_head"]
    text = survey.questions.get(kind="text")
    before = rows(survey)
    cases = [
        ({"order": 0}, "order"),
        ({"kind": "choice", "choices": ["Ja", "Ja"]}, "choices"),
        ({"kind": "choice", "choices": ["Ja", "x" * 201]}, "choices"),
        ({"kind": "choice", "choices": ["Ja", 3]}, "choices"),
        ({"kind": "choice", "choices": ["Ja"]}, "choices"),
        ({"kind": "nki"}, "kind"),
        ({"round": a_round(world, title="Annan")}, "round"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as error:
            services.update_question(text, acting_user=it_head, **changes)
        assert field in error.value.message_dict, changes
    assert rows(survey) == before


def test_the_nki_questions_only_move_or_go(world):
    survey = a_round(world)
    it_head = world.users["it_head"]
    first = survey.questions.filter(kind="nki").order_by("order").first()
    for changes in ({"text": "Är du nöjd?"}, {"scale_max": 5}, {"required": False}):
        with pytest.raises(ValidationError) as error:
            services.update_question(first, acting_user=it_head, **changes)
        assert list(error.value.message_dict) == list(changes)
    services.update_question(first, acting_user=it_head, order=3)
    assert rows(survey)[2] == (3, "nki", NKI_QUESTIONS[0])
    # Only the standard NKI questions, each once.
    with pytest.raises(ValidationError) as error:
        services.add_question(survey, acting_user=it_head, kind="nki", text="Egen indexfråga")
    assert list(error.value.message_dict) == ["text"]
    with pytest.raises(ValidationError) as error:
        services.add_question(survey, acting_user=it_head, kind="nki", text=NKI_QUESTIONS[0])
    assert list(error.value.message_dict) == ["text"]
    services.remove_question(first, acting_user=it_head)
    again = services.add_question(survey, acting_user=it_head, kind="nki", text=NKI_QUESTIONS[0], order=1)
    assert (again.order, again.scale_min, again.scale_max) == (1, 1, 10)


def test_once_open_questions_are_refused_by_field_and_nothing_changes(world):
    survey = a_round(world, opened=True)
    it_head = world.users["it_head"]
    text = survey.questions.get(kind="text")
    before = rows(survey)
    attempts = [
        lambda: services.add_question(survey, acting_user=it_head, kind="text", text="Något mer?"),
        lambda: services.update_question(text, acting_user=it_head, text="Ändrad"),
        lambda: services.update_question(text, acting_user=it_head, order=1),
        lambda: services.remove_question(text, acting_user=it_head),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.message_dict == {"round": [OPEN_REFUSAL]}
    assert rows(survey) == before


# The pages


def test_pages_edit_move_and_remove_a_draft_question(world):
    survey = a_round(world)
    text = survey.questions.get(kind="text")
    client = page_client(world, "support_lead")
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert "Edit question 4" in detail and "Move question 4 up" in detail and "Remove question 4" in detail
    assert "Move question 4 down" not in detail and "Move question 1 up" not in detail

    edit_url = reverse("surveys:question_edit", args=[text.pk])
    form = client.get(edit_url).context["form"]
    assert set(form.fields) == {"kind", "text", "choices", "scale_min", "scale_max", "required", "order"}
    data = {"kind": "choice", "text": "Hur når du oss?", "choices": "Telefon\nPortal\n", "scale_min": 1}
    data |= {"scale_max": 5, "order": 1}
    bad = client.post(edit_url, {**data, "choices": "Telefon"})
    assert bad.status_code == 200 and "choices" in bad.context["form"].errors
    response = client.post(edit_url, data)
    assert response.status_code == 302 and response["Location"] == f"{survey.get_absolute_url()}#question-{text.pk}"
    assert rows(survey)[0] == (1, "choice", "Hur når du oss?")
    assert Question.objects.get(pk=text.pk).choices == ["Telefon", "Portal"]
    assert "Telefon\nPortal" in client.get(edit_url).content.decode()

    client.post(reverse("surveys:question_move", args=[text.pk]), {"direction": "down"})
    assert rows(survey)[1][2] == "Hur når du oss?"

    nki = survey.questions.filter(kind="nki").first()
    assert set(client.get(reverse("surveys:question_edit", args=[nki.pk])).context["form"].fields) == {"order"}

    delete_url = reverse("surveys:question_delete", args=[text.pk])
    assert "Remove the question" in client.get(delete_url).content.decode()
    response = client.post(delete_url)
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert not Question.objects.filter(pk=text.pk).exists() and [r[0] for r in rows(survey)] == [1, 2, 3]


def test_pages_refuse_question_changes_once_the_round_is_open(world):
    survey = a_round(world, opened=True)
    text = survey.questions.get(kind="text")
    before = rows(survey)
    client = page_client(world, "it_head")
    assert "Edit question" not in client.get(survey.get_absolute_url()).content.decode()
    data = {"kind": "text", "text": "Ändrad", "choices": "", "scale_min": 1, "scale_max": 5, "order": 4}
    edited = client.post(reverse("surveys:question_edit", args=[text.pk]), data)
    assert edited.status_code == 200 and edited.context["form"].non_field_errors() == [OPEN_REFUSAL]
    removed = client.post(reverse("surveys:question_delete", args=[text.pk]))
    assert removed.status_code == 200 and OPEN_REFUSAL in removed.content.decode()
    moved = client.post(reverse("surveys:question_move", args=[text.pk]), {"direction": "up"})
    assert moved.status_code == 302 and [str(m) for m in get_messages(moved.wsgi_request)] == [OPEN_REFUSAL]
    assert rows(survey) == before


def test_question_pages_follow_roles_and_organisations(world):
    survey = a_round(world)
    text = survey.questions.get(kind="text")
    for name in ("surveys:question_edit", "surveys:question_delete"):
        url = reverse(name, args=[text.pk])
        assert page_client(world, "management_group").get(url).status_code == 403
        assert page_client(world, "stranger").get(url).status_code == 404
        assert page_client(world, "stranger").post(url, {"text": "X", "kind": "text"}).status_code == 404
    move = reverse("surveys:question_move", args=[text.pk])
    assert page_client(world, "stranger").post(move, {"direction": "up"}).status_code == 404
    assert page_client(world, "employee").post(move, {"direction": "up"}).status_code == 403
    assert Question.objects.get(pk=text.pk).order == 4


def test_opening_a_round_without_questions_says_why_on_the_page(world):
    survey = a_round(world)
    for question in survey.questions.all():
        services.remove_question(question, acting_user=None)
    response = page_client(world, "it_head").post(reverse("surveys:round_open", args=[survey.pk]))
    assert response.status_code == 200
    assert "Add at least one question before opening the round." in response.content.decode()
    assert SurveyRound.objects.get(pk=survey.pk).is_draft


# The API


def test_api_adds_edits_moves_and_deletes_draft_questions(world):
    survey = a_round(world)
    client = api_client(world, "it_head")
    added = client.post(
        reverse("surveys-api:question-list"),
        {"round": survey.pk, "kind": "choice", "text": "Hur når du oss?", "choices": ["Telefon", "Portal"]},
        format="json",
    )
    assert added.status_code == 201, added.content
    assert added.json()["order"] == 5
    url = reverse("surveys-api:question-detail", args=[added.json()["id"]])
    moved = client.patch(url, {"order": 1, "text": "Hur når du oss oftast?"}, format="json")
    assert moved.status_code == 200 and moved.json()["order"] == 1
    assert rows(survey)[0] == (1, "choice", "Hur når du oss oftast?")
    listed = client.get(reverse("surveys-api:question-list"), {"round": survey.pk}).json()["results"]
    assert [q["order"] for q in listed] == [1, 2, 3, 4, 5] and listed[0]["text"] == "Hur når du oss oftast?"
    bad = client.patch(url, {"choices": ["Telefon"]}, format="json")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["choices"]
    nki = survey.questions.filter(kind="nki").first()
    fixed = client.patch(reverse("surveys-api:question-detail", args=[nki.pk]), {"text": "Nöjd?"}, format="json")
    assert fixed.status_code == 400 and list(fixed.json()["errors"]) == ["text"]
    assert client.delete(url).status_code == 204
    assert [r[0] for r in rows(survey)] == [1, 2, 3, 4]


def test_api_refuses_question_changes_once_the_round_is_open(world):
    survey = a_round(world, opened=True)
    text = survey.questions.get(kind="text")
    before = rows(survey)
    client = api_client(world, "support_lead")
    url = reverse("surveys-api:question-detail", args=[text.pk])
    for response in (
        client.patch(url, {"text": "Ändrad"}, format="json"),
        client.patch(url, {"order": 1}, format="json"),
        client.delete(url),
        client.post(reverse("surveys-api:question-list"), {"round": survey.pk, "kind": "text", "text": "Mer?"}),
    ):
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {"round": [OPEN_REFUSAL]}
    assert rows(survey) == before
    # The round itself still refuses a question list: questions are changed one by one.
    patched = client.patch(
        reverse("surveys-api:survey-detail", args=[survey.pk]),
        {"questions": [{"kind": "text", "text": "X"}]},
        format="json",
    )
    assert patched.status_code == 400 and list(patched.json()["errors"]) == ["questions"]


def test_api_questions_are_separated_by_organisation_and_role(world):
    survey = a_round(world)
    text = survey.questions.get(kind="text")
    url = reverse("surveys-api:question-detail", args=[text.pk])
    stranger = api_client(world, "stranger")
    assert stranger.get(url).status_code == 404
    assert stranger.patch(url, {"text": "Ändrad"}, format="json").status_code == 404
    assert stranger.delete(url).status_code == 404
    into_ours = stranger.post(
        reverse("surveys-api:question-list"), {"round": survey.pk, "kind": "text", "text": "In?"}, format="json"
    )
    assert into_ours.status_code == 400 and "round" in into_ours.json()["errors"]
    assert text.pk not in {q["id"] for q in stranger.get(reverse("surveys-api:question-list")).json()["results"]}
    # Another organisation's round cannot take our question either.
    theirs = services.create_round(
        acting_user=None,
        organisation=world.other_org,
        title="Deras",
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
    )
    moved = api_client(world, "it_head").patch(url, {"round": theirs.pk}, format="json")
    assert moved.status_code == 400 and "round" in moved.json()["errors"]
    management = api_client(world, "management_group")
    assert management.get(url).status_code == 200
    assert management.patch(url, {"text": "Ändrad"}, format="json").status_code == 403
    assert management.delete(url).status_code == 403
    assert rows(survey)[-1] == (4, "text", "Vad kan vi göra bättre?")


def test_api_round_without_nki_questions(world):
    client = api_client(world, "it_head")
    created = client.post(
        reverse("surveys-api:survey-list"),
        {
            "organisation": world.org.pk,
            "title": "Utan index",
            "opens_on": "2030-03-01",
            "closes_on": "2030-03-31",
            "nki": False,
            "questions": [{"kind": "text", "text": "Något att tillägga?", "required": False}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert [(q["order"], q["kind"]) for q in created.json()["questions"]] == [(1, "text")]
