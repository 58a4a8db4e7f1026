"""Every change to the measure catalogue, the self-assessments and the action plan.

Each function is one transaction, validates before it writes and records who acted in the
history. Pages, the API, the command and the demo loader all call these.

A self-assessment answer of "partly" or "not met" keeps one open action-plan item for the
measure and system (created with the system manager as owner and a due date 90 days ahead
unless given); "met" or "not applicable" closes the open items (done, with today's date).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated
from styrbord.organisations.models import Membership
from styrbord.systems.choices import RoleKind
from styrbord.systems.models import SystemRole

from .choices import GAP_STATUSES, OPEN_ACTION_STATUSES, ActionStatus, Aspect, AssessmentStatus
from .models import ActionItem, Assessment, Measure

MEASURE_FIELDS = (
    "code",
    "theme",
    "kind",
    "title",
    "guidance",
    "supplier_requirement",
    *(f"required_{aspect}" for aspect in Aspect.values),
    "usability_impact",
    "usability_easing",
    "is_active",
)
ASSESSMENT_FIELDS = ("status", "comment", "evidence", "not_applicable_reason", "assessed_on")
ACTION_FIELDS = ("title", "description", "owner", "due_date", "status")
DEFAULT_DUE_DAYS = 90


def _check_measure(measure):
    if not any(getattr(measure, f"required_{aspect}") is not None for aspect in Aspect.values):
        raise ValidationError(
            {
                "required_confidentiality": _(
                    "Give the level from which the measure is required for at least one aspect."
                )
            }
        )


@transaction.atomic
def create_measure(*, acting_user, organisation, **fields):
    measure = apply_changes(Measure(organisation=organisation), fields, MEASURE_FIELDS)
    _check_measure(measure)
    return save_validated(measure, acting_user=acting_user)


@transaction.atomic
def update_measure(measure, *, acting_user, **changes):
    apply_changes(measure, changes, MEASURE_FIELDS)
    _check_measure(measure)
    return save_validated(measure, acting_user=acting_user)


def set_measure_active(measure, *, acting_user, active):
    """Deactivate (or reactivate) instead of deleting: assessments refer to the measure."""
    return update_measure(measure, acting_user=acting_user, is_active=active)


def system_manager(system):
    """The system's manager (named for the system, else for its management object), or None."""
    scope = Q(system=system)
    if system.management_object_id:
        scope |= Q(management_object_id=system.management_object_id)
    role = (
        SystemRole.objects.filter(scope, kind=RoleKind.MANAGER)
        .select_related("person")
        .order_by("management_object_id", "pk")  # the system's own role first (NULL sorts first)
        .first()
    )
    return role.person if role else None


def _is_member(person, organisation):
    return Membership.objects.filter(user=person, organisation=organisation, is_active=True).exists()


def _check_owner(owner, organisation, field):
    if owner is not None and not _is_member(owner, organisation):
        raise ValidationError({field: _("The owner must be a member of the organisation.")})


@transaction.atomic
def record_assessment(
    *,
    acting_user,
    system,
    measure,
    status,
    comment="",
    evidence="",
    not_applicable_reason="",
    assessed_on=None,
    action_owner=None,
    action_due_date=None,
):
    """Record (or change) the self-assessment of ``measure`` for ``system`` and keep its action items."""
    errors = {}
    if measure.organisation_id != system.organisation_id:
        errors["measure"] = _("This must belong to the same organisation.")
    if status not in AssessmentStatus.values:
        errors["status"] = _("Choose one of the answers.")
    not_applicable_reason = (not_applicable_reason or "").strip()
    if status == AssessmentStatus.NOT_APPLICABLE and not not_applicable_reason:
        errors["not_applicable_reason"] = _("Say why the measure does not apply to this system.")
    assessment = Assessment.objects.filter(system=system, measure=measure).first()
    if assessment is None and not measure.is_active:
        errors["measure"] = _("This measure is no longer in use.")
    if errors:
        raise ValidationError(errors)
    _check_owner(action_owner, system.organisation, "action_owner")
    today = timezone.localdate()
    assessment = assessment or Assessment(system=system, measure=measure)
    assessment.status = status
    assessment.comment = comment or ""
    assessment.evidence = evidence or ""
    assessment.not_applicable_reason = not_applicable_reason if status == AssessmentStatus.NOT_APPLICABLE else ""
    assessment.assessed_on = assessed_on or today
    assessment.assessed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    save_validated(assessment, acting_user=acting_user)
    open_items = list(assessment.actions.filter(status__in=OPEN_ACTION_STATUSES))
    if status in GAP_STATUSES:
        if not open_items:
            owner = action_owner or system_manager(system)
            if owner is not None and not _is_member(owner, system.organisation):
                owner = None
            save_validated(
                ActionItem(
                    assessment=assessment,
                    title=measure.title[:200],
                    description=comment or "",
                    owner=owner,
                    due_date=action_due_date or assessment.assessed_on + timedelta(days=DEFAULT_DUE_DAYS),
                ),
                acting_user=acting_user,
            )
        else:
            for item in open_items:
                if action_owner is not None:
                    item.owner = action_owner
                if action_due_date is not None:
                    item.due_date = action_due_date
                save_validated(item, acting_user=acting_user)
    else:
        for item in open_items:
            item.status = ActionStatus.DONE
            item.completed_on = today
            save_validated(item, acting_user=acting_user)
    return assessment


@transaction.atomic
def update_action(action, *, acting_user, **changes):
    """Plan or follow up an action: owner, due date, status (done records the day)."""
    apply_changes(action, changes, ACTION_FIELDS)
    _check_owner(action.owner, action.assessment.system.organisation, "owner")
    if action.status == ActionStatus.DONE:
        action.completed_on = action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    return save_validated(action, acting_user=acting_user)
