import pytest
from django.utils import timezone

from styrbord.catalog import demo as catalog_demo
from styrbord.finance import demo as finance_demo
from styrbord.governance import demo as governance_demo
from styrbord.governance import services
from styrbord.governance.models import Decision, Escalation, Forum, Meeting, StrategyDocument, mandate_period
from styrbord.infra import demo as infra_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.systems import demo as systems_demo


@pytest.mark.django_db
def test_governance_demo_runs_twice():
    context = {"options": {"employees": 40}, "stdout": None}
    for loader in (organisation_demo.load, catalog_demo.load, finance_demo.load, infra_demo.load, systems_demo.load):
        loader(context)
    governance_demo.load(context)
    org = context["organisations"]["norrbacken"]
    counts = (Forum.objects.count(), Meeting.objects.count(), Decision.objects.count(), Escalation.objects.count())
    assert counts[0] == 4 and counts[2] >= 5
    assert Decision.objects.filter(status="amended").exists()
    top = Escalation.objects.get(parent__isnull=False)
    assert len(top.path()) == 2
    assert Decision.objects.filter(subjects__content_type__model="budgetround").exists()
    strategy = services.current_strategy(org)
    # Adopted in the current mandate period (version 1.1); version 1.0 of 2023 is superseded.
    assert strategy.version == "1.1" and "Styrning" in strategy.text
    assert mandate_period(strategy.adopted_on) == mandate_period(timezone.localdate())
    assert not services.review_state(strategy)["is_due"]
    assert StrategyDocument.objects.get(organisation=org, version="1.0").status == "superseded"
    governance_demo.load(context)
    assert counts == (
        Forum.objects.count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        Escalation.objects.count(),
    )
    assert StrategyDocument.objects.count() == 2
