"""Builders for the sourcing tests, on the two-organisation world of core.testing."""

from datetime import date
from decimal import Decimal

from styrbord.core.testing import unique
from styrbord.sourcing import services
from styrbord.sourcing.models import Comparison, Contract, Supplier
from styrbord.systems.tests.factories import role, system

ORG_NUMBERS = ["556712-3400", "556803-2212", "559011-4574", "556644-0987", "556977-3103"]


def supplier(world, org_number="556712-3400", organisation=None, **fields):
    organisation = organisation or world.org
    existing = Supplier.objects.filter(organisation=organisation, org_number=org_number).first()
    if existing is not None:
        return existing
    fields.setdefault("name", unique("Leverantör AB "))
    return services.create_supplier(acting_user=None, organisation=organisation, org_number=org_number, **fields)


def owned_system(world, name="Ekonomisystem", owner=None):
    """A system owned by the branch, with ``owner`` (default: the world's employee) as system owner."""
    found = system(world, name)
    owner = owner or world.users["employee"]
    if not found.systemroles.filter(kind="owner", person=owner).exists():
        role(found, "owner", owner)
    return found


def contract(world, reference=None, **fields):
    if reference:
        existing = Contract.objects.filter(organisation=world.org, reference=reference).first()
        if existing is not None:
            return existing
    fields.setdefault("supplier", supplier(world))
    fields.setdefault("title", "Licens och support")
    fields.setdefault("start_date", date(2022, 1, 1))
    fields.setdefault("end_date", date(2030, 12, 31))
    fields.setdefault("notice_months", 6)
    fields.setdefault("annual_value", Decimal("100000.00"))
    if "systems" not in fields and "owner" not in fields:
        fields["owner"] = world.users["it_head"]
    return services.create_contract(
        acting_user=None, organisation=world.org, reference=reference or unique("AVT-"), **fields
    )


def comparison(world, title=None, alternatives=2, **fields):
    if title:
        existing = Comparison.objects.filter(organisation=world.org, title=title).first()
        if existing is not None:
            return existing
    created = services.create_comparison(
        acting_user=None, organisation=world.org, title=title or unique("Behov "), **fields
    )
    for index in range(alternatives):
        services.add_alternative(
            created,
            acting_user=None,
            kind="internal" if index == 0 else "external",
            name=f"Alternativ {index + 1}",
            price=Decimal(100000 * (index + 1)),
        )
    return created


def score_all(comparison_, values):
    """``values``: {alternative name: [score per criterion in order]}."""
    alternatives = {a.name: a for a in comparison_.alternatives.all()}
    criteria = list(comparison_.criteria.order_by("order"))
    scores = {}
    for name, row in values.items():
        for criterion, value in zip(criteria, row, strict=True):
            scores[(alternatives[name].pk, criterion.pk)] = value
    return services.set_scores(comparison_, acting_user=None, scores=scores)


__all__ = ["ORG_NUMBERS", "owned_system", "system"]
