"""Demo surveys: last autumn's closed, anonymous NKI round answered by a few hundred employees,
and an open round this year with a few answers. Running it twice changes nothing."""

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.organisations.models import Membership

from . import services
from .choices import MIN_GROUP, QuestionKind, TargetKind
from .models import Answer, Invitation, Response, SurveyRound

DATA = Path(__file__).parent / "data" / "demo.yaml"


def _it_head(context, organisation):
    return context.get("users", {}).get("itchef")


@transaction.atomic
def _autumn(organisation, spec, year, acting_user, rng):
    title = spec["title"].format(year=year)
    if SurveyRound.objects.filter(organisation=organisation, title=title).exists():
        return
    opens = date(year, *spec["opens"])
    closes = date(year, *spec["closes"])
    survey = services.create_round(
        acting_user=acting_user,
        organisation=organisation,
        title=title,
        introduction=spec["introduction"],
        target_kind=TargetKind.ALL,
        opens_on=opens,
        closes_on=closes,
        reminder_days=7,
        anonymous=True,
        questions=[{"kind": QuestionKind.TEXT, "text": spec["comment_question"], "required": False}],
    )
    services.open_round(survey, acting_user=acting_user, today=opens, send=False)
    questions = list(survey.questions.all())
    invitations = list(Invitation.objects.filter(round=survey).order_by("pk"))
    departments = dict(Membership.objects.filter(organisation=organisation).values_list("user_id", "department_id"))
    invited = Counter(departments.get(i.person_id) for i in invitations)
    answering = [i for i in invitations if rng.random() < spec["share_answering"]]
    responses, answers = [], []
    for invitation in answering:
        department = departments.get(invitation.person_id)
        day = opens + timedelta(days=rng.randint(0, (closes - opens).days))
        response = Response(
            round=survey,
            department_id=department if invited[department] >= MIN_GROUP else None,
            submitted_on=day,
        )
        responses.append(response)
        base = rng.gauss(spec["mean"], 1.7)
        for question in questions:
            if question.kind == QuestionKind.NKI:
                value = min(10, max(1, round(base + rng.gauss(0, 0.8))))
                answers.append(Answer(response=response, question=question, number=value))
            elif rng.random() < 0.15:
                answers.append(Answer(response=response, question=question, text=rng.choice(spec["comments"])))
        invitation.answered_on = day
    rng.shuffle(responses)  # no order of insertion that follows the invitations
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    Invitation.objects.bulk_update(answering, ["answered_on"])
    services.close_round(survey, acting_user=acting_user)


@transaction.atomic
def _spring(organisation, spec, today, acting_user, rng):
    title = spec["title"].format(year=today.year)
    if SurveyRound.objects.filter(organisation=organisation, title=title).exists():
        return
    survey = services.create_round(
        acting_user=acting_user,
        organisation=organisation,
        title=title,
        introduction=spec["introduction"],
        target_kind=TargetKind.ALL,
        opens_on=today,
        closes_on=today + timedelta(days=spec["days_open"]),
        reminder_days=5,
        anonymous=True,
    )
    services.open_round(survey, acting_user=acting_user, today=today, send=False)
    invitations = list(Invitation.objects.filter(round=survey).select_related("person").order_by("pk"))
    questions = list(survey.questions.all())
    for invitation in rng.sample(invitations, min(spec["answers"], len(invitations))):
        base = rng.gauss(7, 1.5)
        values = {q.pk: min(10, max(1, round(base + rng.gauss(0, 0.7)))) for q in questions}
        services.answer_round(invitation, acting_user=invitation.person, values=values, today=today)


@demo_loader(order=95)
def load(context):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    organisation = context["organisations"]["norrbacken"]
    acting_user = _it_head(context, organisation)
    today = timezone.localdate()
    rng = random.Random(95)  # noqa: S311 - a repeatable demo
    _autumn(organisation, data["autumn"], today.year - 1, acting_user, rng)
    _spring(organisation, data["spring"], today, acting_user, rng)
