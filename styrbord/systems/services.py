"""Every change to the system register, plans and meetings.

Each function is one transaction, validates before it writes and records who acted in the
history. Pages, the API, commands and the demo loader all call these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated
from styrbord.infra.services import sync_links

from .access import forget
from .choices import MeetingStatus, PlanStatus
from .models import (
    Integration,
    ManagementObject,
    ManagementPlan,
    Meeting,
    MeetingDecision,
    PlanActivity,
    PlanRisk,
    System,
    SystemItem,
    SystemRole,
    SystemSettings,
)

SETTINGS_FIELDS = (
    "min_meetings",
    "plan_due_month",
    "plan_due_day",
    "plan_reminder_days",
    "months_without_meeting",
    "staff_function",
    "it_unit",
)
OBJECT_FIELDS = ("name", "description", "owner_department", "is_active")
SYSTEM_FIELDS = (
    "name",
    "purpose",
    "owner_department",
    "category",
    "is_vital",
    "lifecycle",
    "in_use_from",
    "retired_on",
    "replaced_by",
    "management_object",
    "supplier_name",
    "contract_reference",
    "user_count",
    "hosting_service",
    "information_types",
    "notes",
)
# What a system's owner and manager keep up to date themselves; the rest of the entry (owner
# department, category, vital, lifecycle, management object) is the register's, kept by the head of IT.
ENTRY_FIELDS = ("purpose", "supplier_name", "contract_reference", "user_count", "information_types", "notes")
ROLE_FIELDS = ("communicated_on", "note")
# What may change in a plan, by its status: the plan itself while drafted, its follow-up once approved.
PLAN_FIELDS = {
    PlanStatus.DRAFT: ("goals", "budget_upkeep", "budget_development"),
    PlanStatus.SUBMITTED: (),
    PlanStatus.APPROVED: ("follow_up",),
    PlanStatus.CLOSED: (),
}
ACTIVITY_FIELDS = {
    PlanStatus.DRAFT: ("title", "description", "kind", "estimated_cost", "estimated_hours", "order"),
    PlanStatus.SUBMITTED: (),
    PlanStatus.APPROVED: ("status", "actual_cost", "actual_hours", "description"),
    PlanStatus.CLOSED: (),
}
RISK_FIELDS = ("description", "level", "mitigation")
MEETING_FIELDS = ("kind", "date", "status", "participants", "agenda", "minutes")
DECISION_FIELDS = ("text", "responsible", "due_on")
# What the owner approved when approving the minutes.
FROZEN_AFTER_APPROVAL = ("date", "status", "participants", "minutes")


@transaction.atomic
def update_settings(*, acting_user, organisation, **changes):
    current = SystemSettings.objects.filter(organisation=organisation).first() or SystemSettings(
        organisation=organisation
    )
    apply_changes(current, changes, SETTINGS_FIELDS)
    return save_validated(current, acting_user=acting_user)


@transaction.atomic
def create_object(*, acting_user, organisation, **fields):
    return save_validated(ManagementObject(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_object(management_object, *, acting_user, **changes):
    apply_changes(management_object, changes, OBJECT_FIELDS)
    return save_validated(management_object, acting_user=acting_user)


def _system_links(system, runs_on, integrations, *, acting_user):
    if runs_on is not None:
        sync_links(SystemItem, "system", system, "item", runs_on, acting_user=acting_user)
    if integrations is not None:
        sync_links(Integration, "source", system, "target", integrations, acting_user=acting_user)


@transaction.atomic
def create_system(*, acting_user, organisation, runs_on=None, integrations=None, **fields):
    apply_changes(System(), fields, SYSTEM_FIELDS)
    system = save_validated(System(organisation=organisation, **fields), acting_user=acting_user)
    _system_links(system, runs_on, integrations, acting_user=acting_user)
    return system


@transaction.atomic
def update_system(system, *, acting_user, runs_on=None, integrations=None, allowed=SYSTEM_FIELDS, **changes):
    """Change the register entry; ``allowed`` narrows the fields (``ENTRY_FIELDS`` for a system's roles)."""
    apply_changes(system, changes, allowed)
    save_validated(system, acting_user=acting_user)
    _system_links(system, runs_on, integrations, acting_user=acting_user)
    forget(acting_user)  # roles held for a management object may now reach this system, or no longer
    return system


@transaction.atomic
def assign_role(*, acting_user, kind, person, system=None, management_object=None, **fields):
    apply_changes(SystemRole(), fields, ROLE_FIELDS)
    scope = system or management_object
    role = SystemRole(
        organisation_id=getattr(scope, "organisation_id", None),
        system=system,
        management_object=management_object,
        kind=kind,
        person=person,
        **fields,
    )
    save_validated(role, acting_user=acting_user)
    forget(person)
    return role


@transaction.atomic
def update_role(role, *, acting_user, **changes):
    apply_changes(role, changes, ROLE_FIELDS)
    return save_validated(role, acting_user=acting_user)


@transaction.atomic
def remove_role(role, *, acting_user):
    """Remove a role; the history keeps who held it and until when."""
    _delete(role, acting_user=acting_user)
    forget(role.person)


def _scoped(model, *, system, management_object, **fields):
    scope = system or management_object
    return model(
        organisation_id=getattr(scope, "organisation_id", None),
        system=system,
        management_object=management_object,
        **fields,
    )


@transaction.atomic
def create_plan(*, acting_user, year, system=None, management_object=None, **fields):
    apply_changes(ManagementPlan(), fields, PLAN_FIELDS[PlanStatus.DRAFT])
    plan = _scoped(ManagementPlan, system=system, management_object=management_object, year=year, **fields)
    return save_validated(plan, acting_user=acting_user)


def _refuse_in_status(instance_status, allowed, changes):
    if changes and not allowed:
        raise ValidationError(_("The plan cannot be changed while it is %(status)s.") % {"status": instance_status})


@transaction.atomic
def update_plan(plan, *, acting_user, **changes):
    allowed = PLAN_FIELDS[plan.status]
    _refuse_in_status(plan.get_status_display().lower(), allowed, changes)
    apply_changes(plan, changes, allowed)
    return save_validated(plan, acting_user=acting_user)


def _move(plan, expected, status, *, acting_user, **fields):
    if plan.status != expected:
        raise ValidationError(
            _("This cannot be done while the plan is %(status)s.") % {"status": plan.get_status_display().lower()}
        )
    plan.status = status
    for name, value in fields.items():
        setattr(plan, name, value)
    return save_validated(plan, acting_user=acting_user)


@transaction.atomic
def submit_plan(plan, *, acting_user):
    """The manager hands the draft to the owner for approval; it needs goals and at least one activity."""
    errors = {}
    if not plan.goals.strip():
        errors["goals"] = _("Describe the goals before the plan is submitted.")
    if not plan.activities.exists():
        errors["activities"] = _("Add at least one activity before the plan is submitted.")
    if errors:
        raise ValidationError(errors)
    return _move(
        plan,
        PlanStatus.DRAFT,
        PlanStatus.SUBMITTED,
        acting_user=acting_user,
        submitted_at=timezone.now(),
        return_reason="",
    )


@transaction.atomic
def approve_plan(plan, *, acting_user, on=None):
    """The owner approves: who and when are recorded on the plan."""
    return _move(
        plan,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
        acting_user=acting_user,
        approved_by=acting_user,
        approved_on=on or timezone.localdate(),
    )


@transaction.atomic
def return_plan(plan, *, acting_user, reason):
    """The owner sends the plan back to the manager with a reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what should change.")})
    return _move(plan, PlanStatus.SUBMITTED, PlanStatus.DRAFT, acting_user=acting_user, return_reason=reason.strip())


@transaction.atomic
def close_plan(plan, *, acting_user, follow_up=None, on=None):
    """The year is followed up: the summary is written and the plan can no longer change."""
    summary = plan.follow_up if follow_up is None else follow_up
    if not (summary or "").strip():
        raise ValidationError({"follow_up": _("Summarise the follow-up before closing the plan.")})
    return _move(
        plan,
        PlanStatus.APPROVED,
        PlanStatus.CLOSED,
        acting_user=acting_user,
        follow_up=summary.strip(),
        closed_on=on or timezone.localdate(),
    )


@transaction.atomic
def add_activity(plan, *, acting_user, **fields):
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Activities are added while the plan is a draft."))
    apply_changes(PlanActivity(), fields, ACTIVITY_FIELDS[PlanStatus.DRAFT])
    return save_validated(PlanActivity(plan=plan, **fields), acting_user=acting_user)


@transaction.atomic
def update_activity(activity, *, acting_user, **changes):
    """While drafted: the estimate; once approved: the follow-up (status, actual cost and hours)."""
    status = activity.plan.status
    allowed = ACTIVITY_FIELDS[status]
    _refuse_in_status(activity.plan.get_status_display().lower(), allowed, changes)
    apply_changes(activity, changes, allowed)
    return save_validated(activity, acting_user=acting_user)


def _delete(row, *, acting_user):
    """Delete a row; its history keeps what it was, who removed it and when."""
    row._history_user = acting_user
    row.delete()


def _refuse_when_closed(plan):
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("The plan is followed up and closed."))


@transaction.atomic
def remove_activity(activity, *, acting_user):
    if activity.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Activities are removed while the plan is a draft; otherwise cancel them."))
    _delete(activity, acting_user=acting_user)


@transaction.atomic
def add_risk(plan, *, acting_user, **fields):
    _refuse_when_closed(plan)
    apply_changes(PlanRisk(), fields, RISK_FIELDS)
    return save_validated(PlanRisk(plan=plan, **fields), acting_user=acting_user)


@transaction.atomic
def update_risk(risk, *, acting_user, **changes):
    _refuse_when_closed(risk.plan)
    apply_changes(risk, changes, RISK_FIELDS)
    return save_validated(risk, acting_user=acting_user)


@transaction.atomic
def remove_risk(risk, *, acting_user):
    if risk.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Risks are removed while the plan is a draft."))
    _delete(risk, acting_user=acting_user)


@transaction.atomic
def create_meeting(*, acting_user, system=None, management_object=None, **fields):
    apply_changes(Meeting(), fields, MEETING_FIELDS)
    meeting = _scoped(Meeting, system=system, management_object=management_object, **fields)
    return save_validated(meeting, acting_user=acting_user)


@transaction.atomic
def update_meeting(meeting, *, acting_user, **changes):
    if meeting.minutes_approved_on:
        frozen = [name for name in FROZEN_AFTER_APPROVAL if name in changes and changes[name] != getattr(meeting, name)]
        if frozen:
            raise ValidationError({name: _("The minutes are approved: this can no longer change.") for name in frozen})
    apply_changes(meeting, changes, MEETING_FIELDS)
    return save_validated(meeting, acting_user=acting_user)


@transaction.atomic
def approve_minutes(meeting, *, acting_user, on=None):
    if meeting.status != MeetingStatus.HELD or not meeting.minutes.strip():
        raise ValidationError(_("Only the minutes of a held meeting can be approved."))
    if meeting.minutes_approved_on:
        raise ValidationError(_("The minutes are already approved."))
    meeting.minutes_approved_by = acting_user
    meeting.minutes_approved_on = on or timezone.localdate()
    return save_validated(meeting, acting_user=acting_user)


@transaction.atomic
def add_decision(meeting, *, acting_user, **fields):
    apply_changes(MeetingDecision(), fields, DECISION_FIELDS)
    return save_validated(MeetingDecision(meeting=meeting, **fields), acting_user=acting_user)


@transaction.atomic
def update_decision(decision, *, acting_user, **changes):
    apply_changes(decision, changes, DECISION_FIELDS)
    return save_validated(decision, acting_user=acting_user)
