"""The classification demo: most systems classified, some expired or missing, one restricted, idempotent."""

import pytest

from styrbord.catalog import demo as catalog_demo
from styrbord.infra import demo as infra_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.security import demo as security_demo
from styrbord.security.classification import NeedStatus
from styrbord.security.findings import findings_for
from styrbord.security.models import Classification, InformationType
from styrbord.systems import demo as systems_demo


def run(context):
    for loader in (organisation_demo.load, catalog_demo.load, infra_demo.load, systems_demo.load, security_demo.load):
        loader(context)


@pytest.mark.django_db
def test_the_demo_classifies_most_systems_and_runs_twice():
    from styrbord.security.attention import classification_states

    context = {"options": {"employees": 60}, "stdout": None}
    run(context)
    organisation = context["organisations"]["norrbacken"]
    states = classification_states(organisation)
    statuses = [status for _s, _c, status in states]
    assert statuses.count(NeedStatus.CURRENT) >= 12
    assert NeedStatus.EXPIRED in statuses and NeedStatus.MISSING in statuses and NeedStatus.DUE in statuses
    needs = [c.need() for c in Classification.objects.filter(status="adopted")]
    assert any(n["confidentiality"] >= 3 for n in needs) and any(4 in n.values() for n in needs)
    assert InformationType.objects.filter(sensitive_personal_data=True).exists()
    kinds = {f.kind for f in findings_for(organisation)}
    assert "vital_unclassified" in kinds
    before = (Classification.objects.count(), InformationType.objects.count())
    run({"options": {"employees": 60}, "stdout": None})
    assert (Classification.objects.count(), InformationType.objects.count()) == before
