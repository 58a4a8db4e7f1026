"""Every change on the classification side: settings, hosting requirements, information types and
classifications. (The measure side's writes are in ``measure_services.py``.)

Each function is one transaction, validates before it writes and records who acted in the
history; bad input raises ValidationError naming the field and nothing changes.

A classification is written as a draft (participants, levels per information type, rationale per
aspect) and edited while it is a draft. Adopting it fixes it: it gets ``valid_until`` (the day
it was classified plus the organisation's valid years), its stored need per aspect, and the
system's previously adopted classification becomes superseded. Adopted records never change,
except that a system change sets ``review_reason`` on the current one (it is then due for
review). Re-classification starts from a copy of the latest adopted one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, delete_if_unused, save_validated

from .choices import ClassificationStatus, Level
from .classification import ADOPTED_STATUSES, current_classifications, need_of
from .models import (
    Classification,
    ClassificationParticipant,
    HostingRequirement,
    InformationType,
    InformationTypeLevel,
    SecuritySettings,
)

SETTINGS_FIELDS = ("classification_valid_years", "review_reminder_days")
HOSTING_FIELDS = ("availability_level", "min_availability_target", "min_weekly_support_hours")
INFORMATION_TYPE_FIELDS = ("name", "description", "personal_data", "sensitive_personal_data", "is_active")
CLASSIFICATION_FIELDS = (
    "classified_on",
    "rationale_confidentiality",
    "rationale_integrity",
    "rationale_availability",
    "rationale_traceability",
    "notes",
)
LEVEL_FIELDS = ("confidentiality", "integrity", "availability", "traceability")


def settings_for(organisation):
    """The organisation's security settings, or unsaved defaults: reading never writes."""
    return SecuritySettings.objects.filter(organisation=organisation).first() or SecuritySettings(
        organisation=organisation
    )


@transaction.atomic
def update_settings(*, acting_user, organisation, **fields):
    rules = settings_for(organisation)
    apply_changes(rules, fields, SETTINGS_FIELDS)
    return save_validated(rules, acting_user=acting_user)


# Hosting requirements


@transaction.atomic
def create_hosting_requirement(*, acting_user, organisation, **fields):
    requirement = apply_changes(HostingRequirement(organisation=organisation), fields, HOSTING_FIELDS)
    return save_validated(requirement, acting_user=acting_user)


@transaction.atomic
def update_hosting_requirement(requirement, *, acting_user, **fields):
    apply_changes(requirement, fields, HOSTING_FIELDS)
    return save_validated(requirement, acting_user=acting_user)


@transaction.atomic
def delete_hosting_requirement(requirement, *, acting_user):
    delete_if_unused(requirement, acting_user=acting_user)


# Information types


@transaction.atomic
def create_information_type(system, *, acting_user, **fields):
    information_type = apply_changes(InformationType(system=system), fields, INFORMATION_TYPE_FIELDS)
    return save_validated(information_type, acting_user=acting_user)


@transaction.atomic
def update_information_type(information_type, *, acting_user, **fields):
    apply_changes(information_type, fields, INFORMATION_TYPE_FIELDS)
    return save_validated(information_type, acting_user=acting_user)


def suggested_information_types(system):
    """Names from the register's "information handled" that are not information types yet."""
    existing = {name.casefold() for name in system.security_information_types.values_list("name", flat=True)}
    return [name for name in system.information_types if name.strip().casefold() not in existing]


@transaction.atomic
def create_suggested_information_types(system, *, acting_user):
    """Create an information type for each suggested name; returns the new ones."""
    return [
        create_information_type(system, acting_user=acting_user, name=name.strip()[:200])
        for name in suggested_information_types(system)
    ]


# Classifications


def _check_draft(classification):
    if classification.status != ClassificationStatus.DRAFT:
        raise ValidationError(_("Only a draft classification can be changed."))


def _set_participants(classification, participants):
    """Replace the participants with ``participants`` (dicts of person, name, role)."""
    classification.participants.all().delete()
    for index, data in enumerate(participants or []):
        data = dict(data)
        unknown = sorted(set(data) - {"person", "name", "role"})
        if unknown:
            raise ValidationError({"participants": _("Unknown participant field: %(f)s.") % {"f": ", ".join(unknown)}})
        participant = ClassificationParticipant(classification=classification, **data)
        person = participant.person if participant.person_id else None
        if person is None and not participant.name.strip():
            raise ValidationError({"participants": _("Give each participant a person or a name.")})
        if (
            person is not None
            and not person.memberships.filter(organisation_id=classification.system.organisation_id).exists()
        ):
            raise ValidationError({"participants": _("A participant must be a member of the organisation.")})
        try:
            participant.full_clean(exclude=["classification"])
        except ValidationError as error:
            raise ValidationError({"participants": [f"{index + 1}: {m}" for m in error.messages]}) from None
        participant.save()


def _set_levels(classification, levels, *, acting_user):
    """Replace the information-type levels with ``levels`` (dicts of information_type and the four levels)."""
    classification.levels.all().delete()
    seen = set()
    rows = []
    for data in levels or []:
        data = dict(data)
        information_type = data.pop("information_type", None)
        unknown = sorted(set(data) - set(LEVEL_FIELDS))
        if unknown:
            raise ValidationError({"levels": _("Unknown level field: %(f)s.") % {"f": ", ".join(unknown)}})
        if information_type is None or information_type.system_id != classification.system_id:
            raise ValidationError({"levels": _("Each level must be for an information type of this system.")})
        if information_type.pk in seen:
            raise ValidationError(
                {"levels": _("An information type is classified twice: %(name)s.") % {"name": information_type.name}}
            )
        seen.add(information_type.pk)
        if data.get("traceability") is not None and not information_type.involves_personal_data:
            raise ValidationError(
                {
                    "levels": _("Traceability is classified only where personal data is involved: %(name)s.")
                    % {"name": information_type.name}
                }
            )
        row = InformationTypeLevel(classification=classification, information_type=information_type, **data)
        try:
            row.full_clean(exclude=["classification"])
        except ValidationError as error:
            raise ValidationError({"levels": [f"{information_type.name}: {m}" for m in error.messages]}) from None
        row._history_user = acting_user
        row.save()
        rows.append(row)
    return rows


def _store_need(classification, rows=None):
    need = need_of(classification, rows)
    for aspect, level in need.items():
        setattr(classification, f"need_{aspect}", level)


def _check_classified_on(classification):
    if classification.classified_on and classification.classified_on > timezone.localdate():
        raise ValidationError({"classified_on": _("A classification cannot be dated in the future.")})


@transaction.atomic
def create_classification(system, *, acting_user, participants=None, levels=None, **fields):
    """A draft classification of ``system``. Only one draft per system at a time."""
    if system.classifications.filter(status=ClassificationStatus.DRAFT).exists():
        raise ValidationError({"system": _("This system already has a draft classification: continue with it.")})
    fields.setdefault("classified_on", timezone.localdate())
    classification = apply_changes(Classification(system=system), fields, CLASSIFICATION_FIELDS)
    _check_classified_on(classification)
    save_validated(classification, acting_user=acting_user)
    _set_participants(classification, participants)
    rows = _set_levels(classification, levels, acting_user=acting_user)
    # The stored need also marks a draft with confidentiality 3 or more as restricted.
    _store_need(classification, rows)
    return save_validated(classification, acting_user=acting_user)


@transaction.atomic
def update_classification(classification, *, acting_user, participants=None, levels=None, **fields):
    """Change a draft; ``participants`` and ``levels`` (when given) replace the earlier ones."""
    _check_draft(classification)
    apply_changes(classification, fields, CLASSIFICATION_FIELDS)
    _check_classified_on(classification)
    if participants is not None:
        _set_participants(classification, participants)
    if levels is not None:
        _set_levels(classification, levels, acting_user=acting_user)
    _store_need(classification, list(classification.levels.select_related("information_type")))
    return save_validated(classification, acting_user=acting_user)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def adopt_classification(classification, *, acting_user):
    """Adopt a draft: it becomes the system's current classification and replaces the earlier one."""
    _check_draft(classification)
    _check_classified_on(classification)
    rows = list(classification.levels.select_related("information_type"))
    if not rows:
        raise ValidationError({"levels": _("Classify at least one information type before adopting.")})
    missing = [
        row.information_type.name
        for row in rows
        if row.information_type.involves_personal_data and row.traceability is None
    ]
    if missing:
        raise ValidationError(
            {
                "levels": _("Give the traceability level of information with personal data: %(names)s.")
                % {"names": ", ".join(missing)}
            }
        )
    system = classification.system
    earlier = (
        Classification.objects.select_for_update()
        .filter(system=system, status=ClassificationStatus.ADOPTED)
        .exclude(pk=classification.pk)
    )
    previous = (
        Classification.objects.filter(system=system, status__in=ADOPTED_STATUSES)
        .exclude(pk=classification.pk)
        .order_by("-classified_on", "-pk")
        .first()
    )
    if previous is not None and previous.classified_on > classification.classified_on:
        raise ValidationError(
            {
                "classified_on": _("A later classification is already adopted (%(day)s).")
                % {"day": previous.classified_on}
            }
        )
    for old in earlier:
        old.status = ClassificationStatus.SUPERSEDED
        save_validated(old, acting_user=acting_user)
    _store_need(classification, rows)
    years = settings_for(system.organisation).classification_valid_years
    classification.status = ClassificationStatus.ADOPTED
    classification.valid_until = add_years(classification.classified_on, years)
    classification.adopted_by = acting_user
    classification.adopted_at = timezone.now()
    classification.supersedes = previous
    return save_validated(classification, acting_user=acting_user)


@transaction.atomic
def delete_draft(classification, *, acting_user):
    _check_draft(classification)
    classification.levels.all().delete()
    classification.participants.all().delete()
    delete_if_unused(classification, acting_user=acting_user)


@transaction.atomic
def mark_system_changed(system, *, acting_user, reason, today=None):
    """The system changed: its current classification is due for review (before it expires)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what changed.")})
    current = current_classifications([system], today).get(system.pk)
    if current is None:
        raise ValidationError({"reason": _("The system has no current classification to review.")})
    current = Classification.objects.select_for_update().get(pk=current.pk)
    current.review_reason = reason[:300]
    return save_validated(current, acting_user=acting_user)


@transaction.atomic
def start_reclassification(system, *, acting_user, classified_on=None):
    """A new draft copied from the latest adopted classification (levels, participants, rationales)."""
    source = (
        Classification.objects.filter(system=system, status__in=ADOPTED_STATUSES)
        .order_by("-classified_on", "-pk")
        .first()
    )
    if source is None:
        raise ValidationError({"system": _("The system has no adopted classification to start from.")})
    copied = {field: getattr(source, field) for field in CLASSIFICATION_FIELDS if field != "classified_on"}
    return create_classification(
        system,
        acting_user=acting_user,
        classified_on=classified_on or timezone.localdate(),
        participants=[
            {"person": p.person, "name": p.name, "role": p.role} for p in source.participants.select_related("person")
        ],
        levels=[
            {"information_type": row.information_type, **{f: getattr(row, f) for f in LEVEL_FIELDS}}
            for row in source.levels.select_related("information_type")
            if row.information_type.is_active
        ],
        **copied,
    )


def level_4_aspects(classification):
    """The aspects whose need is 4: outside the measure catalogue, a separate analysis is needed."""
    return [aspect for aspect, level in classification.need().items() if level == Level.EXTREMELY_SERIOUS]
