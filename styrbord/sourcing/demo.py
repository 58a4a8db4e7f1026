"""Demo sourcing (data/demo.yaml): suppliers, contracts for the demo systems and two comparisons.

Runs after the system register (order 60), whose systems and owners the contracts use; a system's
contract gets its system owner as owner through the service's default. Dates are relative to the
day of loading, so there is always a contract whose notice date is near and one that has expired.
Deterministic and idempotent: suppliers by organisation number, contracts by reference and
comparisons by title are created only when absent.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.catalog.models import Service
from styrbord.core.demo import demo_loader
from styrbord.organisations.models import User
from styrbord.systems.models import System

from . import services
from .models import Comparison, Contract, SourcingSettings, Supplier, months_after, months_before

DATA = Path(__file__).parent / "data" / "demo.yaml"


def _suppliers(organisation, specs):
    existing = {s.org_number: s for s in Supplier.objects.in_organisation(organisation)}
    suppliers = {}
    for spec in specs:
        supplier = existing.get(spec["org_number"])
        if supplier is None:
            supplier = services.create_supplier(
                acting_user=None,
                organisation=organisation,
                name=spec["name"],
                org_number=spec["org_number"],
                address=spec.get("address", ""),
                website=spec.get("website", ""),
                notes=spec.get("notes", ""),
                is_active=spec.get("is_active", True),
            )
            for contact in spec.get("contacts", []):
                services.add_contact(supplier, acting_user=None, **contact)
        suppliers[spec["key"]] = supplier
    return suppliers


def _period(spec, today):
    """(start, end) from the spec's relative dates."""
    notice_months = spec.get("notice_months", 3)
    if "start_in_days" in spec:
        start = today + timedelta(days=spec["start_in_days"])
    else:
        start = months_before(today, spec["start_years_ago"] * 12)
    if spec.get("open_ended"):
        return start, None
    if "notice_in_days" in spec:
        end = months_after(today + timedelta(days=spec["notice_in_days"]), notice_months)
    elif "ended_days_ago" in spec:
        end = today - timedelta(days=spec["ended_days_ago"])
    else:
        end = months_after(start, spec["months"])
    return start, end


def _classifications(systems):
    """The newest classification of each system, when the security demo made any."""
    try:
        from styrbord.security.models import Classification
    except ImportError:
        return []
    found = []
    for system in systems:
        latest = Classification.objects.filter(system=system).order_by("-classified_on", "-pk").first()
        if latest is not None:
            found.append(latest)
    return found


def _contracts(organisation, specs, suppliers, users, today):
    existing = set(Contract.objects.in_organisation(organisation).values_list("reference", flat=True))
    systems = {s.name: s for s in System.objects.in_organisation(organisation)}
    catalogue = {s.code: s for s in Service.objects.in_organisation(organisation)}
    for spec in specs:
        if spec["reference"] in existing:
            continue
        start, end = _period(spec, today)
        covered = [systems[name] for name in spec.get("systems", []) if name in systems]
        renewals = spec.get("renewals", {})
        procurement = spec.get("procurement", {})
        wanted = _person(spec.get("owner"), users)
        contract = services.create_contract(
            acting_user=None,
            organisation=organisation,
            reference=spec["reference"],
            title=spec["title"],
            supplier=suppliers[spec["supplier"]],
            start_date=start,
            end_date=end,
            notice_months=spec.get("notice_months", 3),
            renewal_count=renewals.get("count", 0),
            renewal_months=renewals.get("months", 0),
            annual_value=Decimal(spec.get("annual_value", 0)),
            owner=_owner_for(wanted, covered, users),
            procurement_form=procurement.get("form", "direct_award"),
            procurement_reference=procurement.get("reference", ""),
            notes=spec.get("notes", ""),
            systems=covered,
            services=[catalogue[code] for code in spec.get("services", []) if code in catalogue],
            classifications=_classifications(covered),
        )
        for _index in range(spec.get("renewals_used", 0)):
            services.use_renewal(contract, acting_user=None)
        for requirement in spec.get("requirements", []):
            services.add_requirement(contract, acting_user=None, **requirement)


def _person(username, users):
    if not username:
        return None
    return users.get(username) or User.objects.filter(username=username).first()


def _owner_for(wanted, covered, users):
    """The systems' owner by the service's default (None); the given login where they have none."""
    named = {person.pk for people in services.system_owners(covered).values() for person in people}
    if named:
        return wanted if wanted is not None and wanted.pk in named else None
    return wanted or _person("itchef", users)


def _comparisons(organisation, specs, suppliers, users, today):
    existing = set(Comparison.objects.in_organisation(organisation).values_list("title", flat=True))
    systems = {s.name: s for s in System.objects.in_organisation(organisation)}
    decider = _person("itchef", users)
    for spec in specs:
        if spec["title"] in existing:
            continue
        comparison = services.create_comparison(
            acting_user=decider,
            organisation=organisation,
            title=spec["title"],
            description=spec.get("description", ""),
            system=systems.get(spec.get("system")),
            outside_catalogue=spec.get("outside_catalogue", False),
            period_months=spec.get("period_months", 48),
            criteria=services.default_criteria("sv"),
        )
        alternatives = {}
        for alt in spec["alternatives"]:
            alternatives[alt["key"]] = services.add_alternative(
                comparison,
                acting_user=decider,
                kind=alt["kind"],
                name=alt["name"],
                supplier=suppliers.get(alt.get("supplier")),
                price=Decimal(alt["price"]),
                notes=alt.get("notes", ""),
            )
        criteria = list(comparison.criteria.order_by("order"))
        scores = {}
        for key, values in spec.get("scores", {}).items():
            for criterion, value in zip(criteria, values, strict=False):
                scores[(alternatives[key].pk, criterion.pk)] = value
        services.set_scores(comparison, acting_user=decider, scores=scores)
        decision = spec.get("decision")
        if decision:
            services.decide(
                comparison,
                acting_user=decider,
                chosen=alternatives[decision["chosen"]],
                decision=decision["text"],
                decided_on=today - timedelta(days=decision.get("days_ago", 0)),
            )


@demo_loader(order=85)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    if organisation is None:
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    users = context.get("users", {})
    today = timezone.localdate()
    if not SourcingSettings.objects.filter(organisation=organisation).exists():
        services.update_settings(acting_user=None, organisation=organisation, **data["settings"])
    suppliers = _suppliers(organisation, data["suppliers"])
    _contracts(organisation, data["contracts"], suppliers, users, today)
    _comparisons(organisation, data["comparisons"], suppliers, users, today)
    context["sourcing"] = {"suppliers": suppliers}
