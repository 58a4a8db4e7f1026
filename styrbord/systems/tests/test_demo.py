"""The demo loaders of the CMDB and the system register: deterministic, consistent, idempotent."""

import pytest
from django.db.models import Count

from styrbord.catalog import demo as catalog_demo
from styrbord.infra import demo as infra_demo
from styrbord.infra.models import ConfigurationItem, ItemRelation
from styrbord.organisations import demo as organisation_demo
from styrbord.systems import compliance
from styrbord.systems import demo as systems_demo
from styrbord.systems.models import ManagementPlan, Meeting, System, SystemRole


def run(context):
    for loader in (organisation_demo.load, catalog_demo.load, infra_demo.load, systems_demo.load):
        loader(context)


@pytest.mark.django_db
def test_the_demo_has_a_lived_in_cmdb_and_register_and_runs_twice():
    context = {"options": {"employees": 120}, "stdout": None}
    run(context)
    counts = dict(ConfigurationItem.objects.values_list("item_type__area").annotate(n=Count("pk")))
    assert counts["network"] >= 150 and counts["datacenter"] >= 140 and counts["workplace"] >= 200
    systems = System.objects.filter(organisation=context["organisations"]["norrbacken"])
    assert 38 <= systems.count() <= 50
    assert systems.filter(runs_on__isnull=False).distinct().count() >= 25
    assert (
        ManagementPlan.objects.filter(status="approved").exists()
        and ManagementPlan.objects.filter(status="draft").exists()
    )
    vital = compliance.managed(systems.filter(is_vital=True)).select_related("owner_department")
    evaluations = compliance.evaluate_systems(vital)
    assert any(e.met for e in evaluations) and any(not e.met for e in evaluations)  # some gaps on purpose
    before = (
        ConfigurationItem.objects.count(),
        ItemRelation.objects.count(),
        System.objects.count(),
        SystemRole.objects.count(),
        ManagementPlan.objects.count(),
        Meeting.objects.count(),
    )
    run({"options": {"employees": 120}, "stdout": None})
    after = (
        ConfigurationItem.objects.count(),
        ItemRelation.objects.count(),
        System.objects.count(),
        SystemRole.objects.count(),
        ManagementPlan.objects.count(),
        Meeting.objects.count(),
    )
    assert after == before
