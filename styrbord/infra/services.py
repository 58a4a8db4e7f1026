"""Every change to the CMDB: item types, items, their services and relations.

Each function is one transaction, validates before it writes and records who acted in the
history. Pages, the API, the import, commands and the demo loader all call these.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from styrbord.catalog.models import Service
from styrbord.core.services import apply_changes, save_validated

from . import attributes
from .choices import MILESTONE_FIELDS
from .models import COUNTED_UNITS, ConfigurationItem, ItemRelation, ItemService, ItemType

ITEM_TYPE_FIELDS = (
    "area",
    "name",
    "code",
    "description",
    "field_definitions",
    "charged_as_service",
    "order",
    "is_active",
)
ITEM_FIELDS = (
    "item_type",
    "name",
    "status",
    "status_since",
    "serial_number",
    "manufacturer",
    "model",
    "assigned_to",
    "department",
    "location",
    "supplier",
    "purchase_date",
    "warranty_until",
    "ordered_on",
    "delivered_on",
    "in_use_from",
    "retired_on",
    "notes",
    "attributes",
)


def sync_links(link_model, owner_field, owner, target_field, targets, *, acting_user):
    """Make the link rows from ``owner`` match ``targets``: one history record per added or removed link."""
    current = {getattr(link, f"{target_field}_id"): link for link in link_model.objects.filter(**{owner_field: owner})}
    wanted = {target.pk: target for target in targets}
    for pk, link in current.items():
        if pk not in wanted:
            link._history_user = acting_user
            link.delete()
    for pk, target in wanted.items():
        if pk not in current:
            save_validated(link_model(**{owner_field: owner, target_field: target}), acting_user=acting_user)


@transaction.atomic
def create_item_type(*, acting_user, organisation, **fields):
    item_type = ItemType(organisation=organisation, **fields)
    return save_validated(item_type, acting_user=acting_user)


@transaction.atomic
def update_item_type(item_type, *, acting_user, **changes):
    apply_changes(item_type, changes, ITEM_TYPE_FIELDS)
    return save_validated(item_type, acting_user=acting_user)


def _stamp_status(item, status_changed, today):
    """A new status starts today unless a date is given; its milestone date is kept once set."""
    milestone = MILESTONE_FIELDS.get(item.status)
    if status_changed and item.status_since is None:
        item.status_since = (getattr(item, milestone) if milestone else None) or today
    if milestone and getattr(item, milestone) is None:
        setattr(item, milestone, item.status_since)


def _save_item(item, *, acting_user, given_attributes):
    """Validate every field and constraint; a key that is not a field of the type is an error too."""
    errors = {}
    if given_attributes is not None and item.item_type_id:
        definitions = {field["name"] for field in item.item_type.field_definitions}
        unknown = [name for name in (given_attributes or {}) if name not in definitions]
        errors = {attributes.error_key(name): [attributes.unknown_field_message()] for name in unknown}
    try:
        item.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    item._history_user = acting_user
    item.save()
    return item


@transaction.atomic
def create_item(*, acting_user, organisation, services=None, today=None, **fields):
    apply_changes(ConfigurationItem(), fields, ITEM_FIELDS)  # refuse unknown fields by name
    item = ConfigurationItem(organisation=organisation, **fields)
    _stamp_status(item, True, today or timezone.localdate())
    _save_item(item, acting_user=acting_user, given_attributes=fields.get("attributes"))
    if services:
        sync_links(ItemService, "item", item, "service", services, acting_user=acting_user)
    return item


@transaction.atomic
def update_item(item, *, acting_user, services=None, today=None, **changes):
    previous_status = item.status
    apply_changes(item, changes, ITEM_FIELDS)
    status_changed = item.status != previous_status
    if status_changed and "status_since" not in changes:
        item.status_since = None
    _stamp_status(item, status_changed, today or timezone.localdate())
    _save_item(item, acting_user=acting_user, given_attributes=changes.get("attributes"))
    if services is not None:
        sync_links(ItemService, "item", item, "service", services, acting_user=acting_user)
    return item


@transaction.atomic
def add_relation(*, acting_user, source, target, kind, note=""):
    relation = ItemRelation(source=source, target=target, kind=kind, note=note)
    return save_validated(relation, acting_user=acting_user)


@transaction.atomic
def update_relation(relation, *, acting_user, **changes):
    apply_changes(relation, changes, ("kind", "note", "target"))
    return save_validated(relation, acting_user=acting_user)


@transaction.atomic
def remove_relation(relation, *, acting_user):
    """Remove a relation; the history keeps that it existed."""
    relation._history_user = acting_user
    relation.delete()


LIBRARY = Path(__file__).parent / "data" / "item_types.yaml"


def read_library(path=LIBRARY):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def library_service(organisation, codes):
    """The first catalogue service among ``codes`` that is charged per device or server."""
    if not codes:
        return None
    candidates = Service.objects.in_organisation(organisation).filter(code__in=codes, unit__in=COUNTED_UNITS)
    by_code = {service.code: service for service in candidates}
    return next((by_code[code] for code in codes if code in by_code), None)


@transaction.atomic
def install_item_types(*, acting_user, organisation, library=None):
    """Add the default item types an organisation lacks, and the fields a newer version adds.

    Types and fields an administrator made or changed stay as they are: a field is only added
    when no field of that name exists, nothing is removed. Returns {"created", "extended",
    "unchanged"}: the codes of the types in each group.
    """
    library = library or read_library()
    version = int(library["version"])
    outcome = {"created": [], "extended": [], "unchanged": []}
    existing = {t.code: t for t in ItemType.objects.in_organisation(organisation)}
    for order, spec in enumerate(library["types"]):
        definitions = attributes.clean_definitions(spec.get("fields", []))
        item_type = existing.get(spec["code"])
        if item_type is None:
            create_item_type(
                acting_user=acting_user,
                organisation=organisation,
                code=spec["code"],
                area=spec["area"],
                name=spec["name"],
                description=spec.get("description", ""),
                field_definitions=definitions,
                charged_as_service=library_service(organisation, spec.get("charged_as")),
                order=order,
                library_version=version,
            )
            outcome["created"].append(spec["code"])
            continue
        if item_type.library_version is None or item_type.library_version >= version:
            outcome["unchanged"].append(spec["code"])
            continue
        names = {field["name"] for field in item_type.field_definitions}
        item_type.field_definitions = [
            *item_type.field_definitions,
            *(d for d in definitions if d["name"] not in names),
        ]
        item_type.library_version = version
        if item_type.charged_as_service_id is None:
            item_type.charged_as_service = library_service(organisation, spec.get("charged_as"))
        save_validated(item_type, acting_user=acting_user)
        outcome["extended"].append(spec["code"])
    return outcome
