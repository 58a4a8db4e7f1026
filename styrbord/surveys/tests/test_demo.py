"""The surveys' demo: a closed anonymous NKI round with a few hundred answers and an open round."""

import pytest

from styrbord.catalog import demo as catalog_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.surveys import demo as surveys_demo
from styrbord.surveys import results
from styrbord.surveys.models import Answer, Response, SurveyRound


def run(context):
    for loader in (organisation_demo.load, catalog_demo.load, surveys_demo.load):
        loader(context)


@pytest.mark.django_db
def test_the_demo_has_an_answered_nki_round_and_runs_twice():
    context = {"options": {"employees": 400}, "stdout": None}
    run(context)
    organisation = context["organisations"]["norrbacken"]
    closed = SurveyRound.objects.get(organisation=organisation, status="closed")
    assert closed.anonymous and not Response.objects.filter(invitation__isnull=False).exists()
    quality = results.perceived_quality(organisation, closed.closes_on.year)
    assert 200 <= quality["respondents"] <= 400
    assert 60 <= quality["nki"] <= 70, quality["nki"]
    assert 50 <= quality["response_rate"] <= 75
    assert quality["rounds"][0]["per_department"]
    assert SurveyRound.objects.filter(organisation=organisation, status="open").exists()
    before = (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count())
    run({"options": {"employees": 400}, "stdout": None})
    assert (SurveyRound.objects.count(), Response.objects.count(), Answer.objects.count()) == before
