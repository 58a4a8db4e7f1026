from datetime import timedelta

from django.utils import timezone

from styrbord.core.testing import make_person
from styrbord.surveys import services
from styrbord.surveys.models import Invitation


def a_round(world, *, anonymous=True, title="Kundenkät", opened=False, **fields):
    today = timezone.localdate()
    fields.setdefault("opens_on", today)
    fields.setdefault("closes_on", today + timedelta(days=20))
    survey = services.create_round(
        acting_user=world.users["it_head"],
        organisation=world.org,
        title=title,
        anonymous=anonymous,
        questions=[{"kind": "text", "text": "Vad kan vi göra bättre?", "required": False}],
        **fields,
    )
    if opened:
        services.open_round(survey, acting_user=world.users["it_head"], send=False)
        survey.refresh_from_db()
    return survey


def answer(survey, person, scores, comment=""):
    invitation = Invitation.objects.get(round=survey, person=person)
    nki = list(survey.questions.filter(kind="nki").order_by("order"))
    values = {q.pk: s for q, s in zip(nki, scores, strict=True)}
    text = survey.questions.filter(kind="text").first()
    if text is not None and comment:
        values[text.pk] = comment
    return services.answer_round(invitation, acting_user=person, values=values)


def people(world, n, department):
    return [make_person(world.org, department=department) for _ in range(n)]
