"""The demo loader: realistic Swedish instructions and courses, linked to demo systems; runs twice."""

import pytest

from styrbord.catalog import demo as catalog_demo
from styrbord.infra import demo as infra_demo
from styrbord.knowledge import demo as knowledge_demo
from styrbord.knowledge.access import my_material
from styrbord.knowledge.models import Article, Course, Enrolment
from styrbord.organisations import demo as organisation_demo
from styrbord.systems import demo as systems_demo


def run(context):
    for loader in (organisation_demo.load, catalog_demo.load, infra_demo.load, systems_demo.load, knowledge_demo.load):
        loader(context)


@pytest.mark.django_db
def test_the_demo_has_instructions_and_courses_and_runs_twice():
    context = {"options": {"employees": 60}, "stdout": None}
    run(context)
    organisation = context["organisations"]["norrbacken"]
    articles = Article.objects.filter(organisation=organisation)
    assert articles.filter(status="published").count() >= 8
    siths = articles.get(title__contains="SITHS")
    assert siths.systems.filter(name="Verksamhetssystem socialtjänst").exists()
    assert articles.filter(review_by__lt=siths.review_by).exists()
    assert Course.objects.filter(organisation=organisation).count() >= 3
    assert (
        Enrolment.objects.filter(status="waiting").exists() and Enrolment.objects.filter(status="enrolled").count() > 20
    )
    employee = context["users"]["anstalld"]
    assert my_material(Article, employee, organisation).filter(title="Byta lösenord").exists()
    before = (Article.objects.count(), Course.objects.count(), Enrolment.objects.count())
    run({"options": {"employees": 60}, "stdout": None})
    assert (Article.objects.count(), Course.objects.count(), Enrolment.objects.count()) == before
