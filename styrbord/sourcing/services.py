"""Every change to suppliers, contracts and sourcing comparisons.

Each function is one transaction, validates before it writes and records who acted in the
history. Pages, the API, the reminder job and the demo loader all call these.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated
from styrbord.core.tenancy import organisation_id_of
from styrbord.systems.choices import RoleKind

from .choices import SCORE_MAX, SCORE_MIN, WEIGHT_TOTAL, ComparisonStatus, RequirementKind
from .models import (
    Alternative,
    Comparison,
    Contract,
    ContractRequirement,
    Criterion,
    Score,
    SourcingSettings,
    Supplier,
    SupplierContact,
    months_after,
)
from .ranking import ranking_of

CRITERIA_FILE = Path(__file__).parent / "data" / "criteria.yaml"

SETTINGS_FIELDS = ("first_reminder_days", "second_reminder_days")
SUPPLIER_FIELDS = ("name", "org_number", "address", "website", "notes", "is_active")
CONTACT_FIELDS = ("name", "role", "email", "phone")
CONTRACT_FIELDS = (
    "reference",
    "title",
    "supplier",
    "start_date",
    "end_date",
    "notice_months",
    "renewal_count",
    "renewal_months",
    "annual_value",
    "owner",
    "procurement_form",
    "procurement_reference",
    "notice_given_on",
    "notes",
)
CONTRACT_LINKS = ("services", "systems", "items", "classifications")
REQUIREMENT_FIELDS = ("kind", "code", "text", "fulfilment", "comment")
COMPARISON_FIELDS = ("title", "description", "service", "system", "outside_catalogue", "period_months")
ALTERNATIVE_FIELDS = ("kind", "name", "supplier", "price", "notes")


# Settings


@transaction.atomic
def update_settings(*, acting_user, organisation, **changes):
    current = SourcingSettings.objects.filter(organisation=organisation).first() or SourcingSettings(
        organisation=organisation
    )
    apply_changes(current, changes, SETTINGS_FIELDS)
    return save_validated(current, acting_user=acting_user)


# Suppliers


@transaction.atomic
def create_supplier(*, acting_user, organisation, **fields):
    apply_changes(Supplier(), fields, SUPPLIER_FIELDS)
    return save_validated(Supplier(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_supplier(supplier, *, acting_user, **changes):
    apply_changes(supplier, changes, SUPPLIER_FIELDS)
    return save_validated(supplier, acting_user=acting_user)


@transaction.atomic
def add_contact(supplier, *, acting_user, **fields):
    apply_changes(SupplierContact(), fields, CONTACT_FIELDS)
    return save_validated(SupplierContact(supplier=supplier, **fields), acting_user=acting_user)


@transaction.atomic
def update_contact(contact, *, acting_user, **changes):
    apply_changes(contact, changes, CONTACT_FIELDS)
    return save_validated(contact, acting_user=acting_user)


@transaction.atomic
def remove_contact(contact, *, acting_user):
    contact._history_user = acting_user
    contact.delete()


def _replace_rows(manager, rows, add, *, acting_user):
    """Replace a parent's child rows with ``rows`` (the API's nested lists): removed, then added in order."""
    for row in manager.all():
        row._history_user = acting_user
        row.delete()
    return [add(acting_user=acting_user, **dict(fields)) for fields in rows]


@transaction.atomic
def replace_contacts(supplier, *, acting_user, contacts):
    return _replace_rows(supplier.contacts, contacts, lambda **f: add_contact(supplier, **f), acting_user=acting_user)


# Contracts


def system_owners(systems):
    """{system id: [people]}: the system owners named for each system or for its management object."""
    from styrbord.systems.models import SystemRole

    systems = list(systems)
    by_object = {}
    for system in systems:
        if system.management_object_id:
            by_object.setdefault(system.management_object_id, []).append(system.pk)
    owners = {system.pk: [] for system in systems}
    roles = (
        SystemRole.objects.filter(kind=RoleKind.OWNER)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for role in roles.filter(system__in=[s.pk for s in systems]):
        owners[role.system_id].append(role.person)
    for role in roles.filter(management_object_id__in=list(by_object)):
        for system_id in by_object[role.management_object_id]:
            owners[system_id].append(role.person)
    return owners


def _link_errors(organisation_id, links):
    errors = {}
    for name, rows in links.items():
        if rows is None:
            continue
        if any(organisation_id_of(row) != organisation_id for row in rows):
            errors[name] = _("This must belong to the same organisation.")
    return errors


def _owner_rule(contract, systems):
    """A system's contract is its system owner's (strategy §6): default to, or require, that person.

    With no owner given, the contract gets the owner of the first covered system (by name) that has
    one. A given owner must be the system owner of at least one covered system, unless none of
    them has a named owner yet. Contracts covering no system may have any member as owner.
    """
    systems = sorted(systems, key=lambda s: s.name)
    owners = system_owners(systems)
    named = [person for system in systems for person in owners[system.pk]]
    if contract.owner_id is None:
        if named:
            contract.owner = named[0]
        return
    if named and contract.owner_id not in {person.pk for person in named}:
        names = ", ".join(sorted({str(person) for person in named}))
        raise ValidationError(
            {
                "owner": _("The contract owner must be the system owner of a system it covers: %(names)s.")
                % {"names": names}
            }
        )


def _save_contract(contract, links, *, acting_user):
    errors = _link_errors(contract.organisation_id, links)
    if errors:
        raise ValidationError(errors)
    systems = links["systems"]
    if systems is None:
        systems = list(contract.systems.all()) if contract.pk else []
    _owner_rule(contract, systems)
    if contract.owner_id is None:
        raise ValidationError({"owner": _("Name the contract owner.")})
    save_validated(contract, acting_user=acting_user)
    for name, rows in links.items():
        if rows is not None:
            getattr(contract, name).set(rows)
    return contract


def _split_links(fields):
    links = {}
    for name in CONTRACT_LINKS:
        rows = fields.pop(name, None)
        links[name] = None if rows is None else list(rows)
    return links


@transaction.atomic
def create_contract(*, acting_user, organisation, **fields):
    links = _split_links(fields)
    apply_changes(Contract(), fields, CONTRACT_FIELDS)
    fields.setdefault("owner", None)
    contract = Contract(organisation=organisation, **fields)
    return _save_contract(contract, links, acting_user=acting_user)


@transaction.atomic
def update_contract(contract, *, acting_user, **changes):
    links = _split_links(changes)
    apply_changes(contract, changes, CONTRACT_FIELDS)
    return _save_contract(contract, links, acting_user=acting_user)


@transaction.atomic
def use_renewal(contract, *, acting_user):
    """Use one renewal option: the end moves by the renewal period (and so does the notice date)."""
    if contract.notice_given_on:
        raise ValidationError(_("Notice has been given: the contract cannot be renewed."))
    if not contract.end_date or contract.renewals_left < 1:
        raise ValidationError({"renewal_count": _("No renewal option is left.")})
    contract.end_date = months_after(contract.end_date, contract.renewal_months)
    contract.renewals_used += 1
    return save_validated(contract, acting_user=acting_user)


@transaction.atomic
def add_requirement(contract, *, acting_user, **fields):
    apply_changes(ContractRequirement(), fields, REQUIREMENT_FIELDS)
    return save_validated(ContractRequirement(contract=contract, **fields), acting_user=acting_user)


@transaction.atomic
def update_requirement(requirement, *, acting_user, **changes):
    apply_changes(requirement, changes, REQUIREMENT_FIELDS)
    return save_validated(requirement, acting_user=acting_user)


@transaction.atomic
def remove_requirement(requirement, *, acting_user):
    requirement._history_user = acting_user
    requirement.delete()


@transaction.atomic
def replace_requirements(contract, *, acting_user, requirements):
    return _replace_rows(
        contract.requirements, requirements, lambda **f: add_requirement(contract, **f), acting_user=acting_user
    )


def security_requirements(contract):
    """[(classification, [requirement, …])] for the attached classifications (security's own list)."""
    from styrbord.security.procurement import requirements_for

    return [(c, list(requirements_for(c))) for c in contract.classifications.select_related("system")]


def _get(requirement, name):
    return requirement.get(name, "") if isinstance(requirement, dict) else getattr(requirement, name, "")


@transaction.atomic
def copy_security_requirements(contract, *, acting_user):
    """Add the attached classifications' supplier requirements as information-security rows (once per code)."""
    present = set(contract.requirements.filter(kind=RequirementKind.SECURITY).values_list("code", flat=True))
    added = []
    for _classification, requirements in security_requirements(contract):
        for requirement in requirements:
            code = str(_get(requirement, "code"))[:40]
            if code in present:
                continue
            present.add(code)
            added.append(
                add_requirement(
                    contract,
                    acting_user=acting_user,
                    kind=RequirementKind.SECURITY,
                    code=code,
                    text=str(_get(requirement, "text")),
                )
            )
    return added


# Comparisons


def default_criteria(language=None):
    data = yaml.safe_load(CRITERIA_FILE.read_text(encoding="utf-8"))
    language = (language or get_language() or "sv")[:2]
    return [
        {"name": spec["name"].get(language) or spec["name"]["en"], "weight": spec["weight"]}
        for spec in data["criteria"]
    ]


def refuse_when_decided(comparison):
    if comparison.status == ComparisonStatus.DECIDED:
        raise ValidationError(_("The comparison is decided and can no longer change."))


@transaction.atomic
def create_comparison(*, acting_user, organisation, criteria=None, **fields):
    apply_changes(Comparison(), fields, COMPARISON_FIELDS)
    comparison = save_validated(Comparison(organisation=organisation, **fields), acting_user=acting_user)
    set_criteria(comparison, acting_user=acting_user, criteria=default_criteria() if criteria is None else criteria)
    return comparison


@transaction.atomic
def update_comparison(comparison, *, acting_user, criteria=None, **changes):
    refuse_when_decided(comparison)
    apply_changes(comparison, changes, COMPARISON_FIELDS)
    save_validated(comparison, acting_user=acting_user)
    if criteria is not None:
        set_criteria(comparison, acting_user=acting_user, criteria=criteria)
    return comparison


def _criteria_errors(criteria):
    if not criteria:
        return {"criteria": _("Give at least one criterion.")}
    names = [str(row.get("name") or "").strip() for row in criteria]
    if any(not name for name in names):
        return {"criteria": _("Every criterion needs a name.")}
    if len({name.casefold() for name in names}) != len(names):
        return {"criteria": _("Two criteria have the same name.")}
    weights = []
    for row in criteria:
        weight = row.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= WEIGHT_TOTAL:
            return {"criteria": _("A weight is a whole number from 0 to 100.")}
        weights.append(weight)
    if sum(weights) != WEIGHT_TOTAL:
        return {
            "criteria": _("The weights add up to %(total)s; they must add up to exactly 100.") % {"total": sum(weights)}
        }
    return {}


@transaction.atomic
def set_criteria(comparison, *, acting_user, criteria):
    """Replace the criteria with ``criteria`` ([{name, weight}], in order); weights must add up to 100.

    A criterion whose name stays keeps its scores; a removed one loses them.
    """
    refuse_when_decided(comparison)
    criteria = [dict(row) for row in criteria]
    errors = _criteria_errors(criteria)
    if errors:
        raise ValidationError(errors)
    existing = {c.name.casefold(): c for c in comparison.criteria.all()}
    keep = set()
    for order, row in enumerate(criteria):
        name = row["name"].strip()
        criterion = existing.get(name.casefold()) or Criterion(comparison=comparison)
        criterion.name, criterion.weight, criterion.order = name, row["weight"], order
        save_validated(criterion, acting_user=acting_user)
        keep.add(criterion.pk)
    for criterion in comparison.criteria.exclude(pk__in=keep):
        criterion._history_user = acting_user
        criterion.delete()
    return list(comparison.criteria.order_by("order"))


@transaction.atomic
def add_alternative(comparison, *, acting_user, **fields):
    refuse_when_decided(comparison)
    apply_changes(Alternative(), fields, ALTERNATIVE_FIELDS)
    return save_validated(Alternative(comparison=comparison, **fields), acting_user=acting_user)


@transaction.atomic
def update_alternative(alternative, *, acting_user, **changes):
    refuse_when_decided(alternative.comparison)
    apply_changes(alternative, changes, ALTERNATIVE_FIELDS)
    return save_validated(alternative, acting_user=acting_user)


@transaction.atomic
def remove_alternative(alternative, *, acting_user):
    refuse_when_decided(alternative.comparison)
    alternative._history_user = acting_user
    alternative.delete()


@transaction.atomic
def set_scores(comparison, *, acting_user, scores):
    """``scores``: {(alternative, criterion): 1–5, or None to clear}. All or nothing."""
    refuse_when_decided(comparison)
    alternatives = {a.pk: a for a in comparison.alternatives.all()}
    criteria = {c.pk: c for c in comparison.criteria.all()}
    errors = []
    for (alternative, criterion), value in scores.items():
        a_id, c_id = getattr(alternative, "pk", alternative), getattr(criterion, "pk", criterion)
        if a_id not in alternatives or c_id not in criteria:
            errors.append(_("A score names an alternative or criterion of another comparison."))
        elif value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX
        ):
            errors.append(
                _("%(alternative)s, %(criterion)s: a score is a whole number from 1 to 5.")
                % {"alternative": alternatives[a_id], "criterion": criteria[c_id]}
            )
    if errors:
        raise ValidationError({"scores": errors})
    current = {(s.alternative_id, s.criterion_id): s for s in Score.objects.filter(alternative__comparison=comparison)}
    for (alternative, criterion), value in scores.items():
        key = (getattr(alternative, "pk", alternative), getattr(criterion, "pk", criterion))
        row = current.get(key)
        if value is None:
            if row is not None:
                row._history_user = acting_user
                row.delete()
            continue
        if row is None:
            row = Score(alternative=alternatives[key[0]], criterion=criteria[key[1]])
        elif row.value == value:
            continue
        row.value = value
        save_validated(row, acting_user=acting_user)
    return ranking_of(comparison)


@transaction.atomic
def decide(comparison, *, acting_user, chosen, decision, decided_on=None):
    """Record the decision: every alternative scored on every criterion, weights adding up to 100.

    The chosen alternative need not be the best ranked, but the decision text must say why; after
    this the comparison is frozen.
    """
    refuse_when_decided(comparison)
    errors = {}
    ranking = ranking_of(comparison)
    if len(ranking.rows) < 2:
        errors["alternatives"] = _("Compare at least two alternatives before deciding.")
    elif not ranking.complete:
        errors["scores"] = _("Score every alternative on every criterion before deciding.")
    if not ranking.weights_ok:
        errors["criteria"] = _("The weights add up to %(total)s; they must add up to exactly 100.") % {
            "total": ranking.weight_total
        }
    if chosen is None or getattr(chosen, "comparison_id", None) != comparison.pk:
        errors["chosen"] = _("Choose one of this comparison's alternatives.")
    if not (decision or "").strip():
        errors["decision"] = _("Write the decision and its reasons.")
    if errors:
        raise ValidationError(errors)
    comparison.status = ComparisonStatus.DECIDED
    comparison.chosen = chosen
    comparison.decision = decision.strip()
    comparison.decided_on = decided_on or timezone.localdate()
    comparison.decided_by = acting_user
    return save_validated(comparison, acting_user=acting_user)
