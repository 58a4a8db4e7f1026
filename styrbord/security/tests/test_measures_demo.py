"""The measure-side demo loader: catalogue, assessments with gaps, action plans; idempotent."""

import importlib
from datetime import datetime

import pytest
from django.utils import timezone

from styrbord.catalog import demo as catalog_demo
from styrbord.infra import demo as infra_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.security import catalogue, demo_measures
from styrbord.security.models import ActionItem, Assessment, Classification, Measure
from styrbord.servicedesk.models import Ticket
from styrbord.systems import demo as systems_demo

from .measure_helpers import classify, spec, write_catalogue


def classification_demo():
    try:
        return importlib.import_module("styrbord.security.demo").load
    except (ImportError, AttributeError):
        return None


def run(context):
    for loader in (organisation_demo.load, catalog_demo.load, infra_demo.load, systems_demo.load):
        loader(context)
    load = classification_demo()
    if load is not None:
        load(context)
    organisation = context["organisations"]["norrbacken"]
    if not Classification.objects.filter(system__organisation=organisation).exists():
        # Until the classification demo exists: classify every other vital system.
        from styrbord.systems.models import System

        for index, system in enumerate(
            System.objects.filter(organisation=organisation, is_vital=True).order_by("name")
        ):
            if index % 2 == 0:
                classify(system, confidentiality=2 + index % 2, integrity=2, availability=1 + index % 3, traceability=2)
    demo_measures.load(context)


@pytest.mark.django_db
def test_the_demo_assesses_classified_systems_with_gaps_and_runs_twice(tmp_path, monkeypatch):
    if not catalogue.shipped_versions():
        write_catalogue(
            tmp_path,
            1,
            [spec(f"T.{n}", confidentiality=1 + n % 2) for n in range(8)] + [spec("A.1", availability=1)],
        )
        monkeypatch.setattr(catalogue, "DATA_DIR", tmp_path)
    context = {"options": {"employees": 60}, "stdout": None}
    run(context)
    organisation = context["organisations"]["norrbacken"]
    reporter = context["users"]["sakerhet"]
    year = timezone.localdate().year
    for month in (2, 5, 8):
        Ticket.objects.create(
            organisation=organisation,
            title="Misstänkt nätfiske",
            reporter=reporter,
            reported_at=timezone.make_aware(datetime(year - 1, month, 3, 9)),
        )
    demo_measures.load(context)
    assert Measure.objects.filter(organisation=organisation).count() >= 9
    statuses = set(Assessment.objects.filter(system__organisation=organisation).values_list("status", flat=True))
    assert {"met", "partly"} <= statuses or {"met", "not_met"} <= statuses
    actions = ActionItem.objects.filter(assessment__system__organisation=organisation)
    assert actions.filter(status="open").exists() and actions.filter(status="in_progress").exists()
    assert Ticket.objects.filter(organisation=organisation, is_security_incident=True).exists()
    before = (Measure.objects.count(), Assessment.objects.count(), ActionItem.objects.count())
    incidents = Ticket.objects.filter(is_security_incident=True).count()
    run({"options": {"employees": 60}, "stdout": None})
    assert (Measure.objects.count(), Assessment.objects.count(), ActionItem.objects.count()) == before
    assert Ticket.objects.filter(is_security_incident=True).count() == incidents
