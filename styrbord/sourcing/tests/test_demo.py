"""The sourcing demo: suppliers, contracts (one with notice due, one expired), two comparisons; idempotent."""

import pytest

from styrbord.catalog import demo as catalog_demo
from styrbord.core.validators import normalise_org_number
from styrbord.infra import demo as infra_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.sourcing import demo as sourcing_demo
from styrbord.sourcing.models import Comparison, Contract, ContractRequirement, Supplier, with_status
from styrbord.systems import demo as systems_demo


def run(context):
    for loader in (
        organisation_demo.load,
        catalog_demo.load,
        infra_demo.load,
        systems_demo.load,
        sourcing_demo.load,
    ):
        loader(context)


@pytest.mark.django_db
def test_the_demo_has_contracts_to_act_on_and_runs_twice():
    context = {"options": {"employees": 60}, "stdout": None}
    run(context)
    suppliers = Supplier.objects.all()
    assert suppliers.count() >= 10
    assert all(normalise_org_number(s.org_number) == s.org_number for s in suppliers)
    contracts = with_status(Contract.objects.select_related("owner"))
    statuses = {c.reference: c.status for c in contracts}
    assert statuses["AVT-2021-014"] == "notice_due"
    assert statuses["AVT-2016-022"] == "expired"
    assert statuses["UPH-2025-002"] == "upcoming"
    economy = Contract.objects.get(reference="AVT-2021-014")
    assert economy.systems.count() == 2 and economy.owner.system_roles.filter(kind="owner").exists()
    assert set(Comparison.objects.values_list("status", flat=True)) == {"open", "decided"}
    before = (
        Supplier.objects.count(),
        Contract.objects.count(),
        Comparison.objects.count(),
        ContractRequirement.objects.count(),
    )
    run({"options": {"employees": 60}, "stdout": None})
    after = (
        Supplier.objects.count(),
        Contract.objects.count(),
        Comparison.objects.count(),
        ContractRequirement.objects.count(),
    )
    assert after == before
