"""Writes of the desk beyond one ticket: settings and priority matrix, queue members, maintenance plans,
bulk assignment.

Each function is one transaction with a keyword-only ``acting_user``, validates before it writes
and keeps the change in the history, like ``services.py`` (which holds the ticket actions).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, delete_if_unused, save_validated

from . import clock as sla_clock
from . import services
from .models import DeskSettings, MaintenancePlan, PriorityRule, QueueMember, Ticket, is_desk_staff
from .priority import DEFAULT_MATRIX
from .sla import ClockCache

SETTINGS_FIELDS = DeskSettings.EDITABLE_FIELDS
PLAN_FIELDS = MaintenancePlan.EDITABLE_FIELDS


def priority_matrix(organisation):
    """(impact, urgency) → priority: the organisation's cells over the default matrix."""
    matrix = dict(DEFAULT_MATRIX)
    for rule in PriorityRule.objects.filter(organisation=organisation):
        matrix[(rule.impact, rule.urgency)] = rule.priority
    return matrix


@transaction.atomic
def update_desk_settings(organisation, *, acting_user, matrix=None, **changes):
    """Save the desk settings and, when given, the priority matrix.

    A new matrix applies to tickets created or reclassified from now on. A new at-risk share
    moves the at-risk instant of every open ticket at once.
    """
    settings = DeskSettings.objects.select_for_update().filter(organisation=organisation).first()
    settings = settings or DeskSettings(organisation=organisation)
    old_percent = settings.at_risk_percent if settings.pk else None
    hourly = changes.get("hourly_service")
    if hourly is not None and hourly.organisation_id != organisation.pk:
        raise ValidationError({"hourly_service": _("Must belong to the same organisation.")})
    apply_changes(settings, changes, SETTINGS_FIELDS)
    save_validated(settings, acting_user=acting_user)
    if matrix is not None:
        _save_matrix(organisation, matrix, acting_user)
    if settings.at_risk_percent != (old_percent or sla_clock.DEFAULT_AT_RISK_PERCENT):
        recompute_open_tickets(organisation)
    return settings


def _save_matrix(organisation, matrix, acting_user):
    existing = {(r.impact, r.urgency): r for r in PriorityRule.objects.filter(organisation=organisation)}
    for (impact, urgency), priority in matrix.items():
        rule = existing.get((impact, urgency)) or PriorityRule(
            organisation=organisation, impact=impact, urgency=urgency
        )
        if rule.pk and rule.priority == priority:
            continue
        rule.priority = priority
        save_validated(rule, acting_user=acting_user)


def recompute_open_tickets(organisation):
    """New deadlines and at-risk instants for the organisation's open tickets (consumed time is kept)."""
    clocks = ClockCache()
    tickets = list(
        Ticket.objects.select_for_update(of=("self",))
        .open()
        .filter(organisation=organisation, level__isnull=False)
        .select_related("level__calendar")
        .prefetch_related("level__targets", "level__calendar__segments")
    )
    for ticket in tickets:
        sla_clock.recompute_deadlines(ticket, clocks)
    Ticket.objects.bulk_update(tickets, ["respond_by", "resolve_by", "at_risk_at"], batch_size=1000)
    return len(tickets)


@transaction.atomic
def add_queue_member(*, acting_user, area, user, is_lead=False):
    member = QueueMember.objects.filter(area=area, user=user).first()
    if member is not None:
        if member.is_lead == is_lead:
            raise ValidationError({"user": _("This person already works this queue.")})
        member.is_lead = is_lead
    else:
        member = QueueMember(area=area, user=user, is_lead=is_lead)
    if not is_desk_staff(user.pk, area.organisation_id):
        raise ValidationError({"user": _("Only IT staff of the organisation can work a queue.")})
    return save_validated(member, acting_user=acting_user)


@transaction.atomic
def remove_queue_member(member, *, acting_user):
    """Take a person off a queue; the history keeps that they worked it."""
    member._history_user = acting_user
    member.delete()


@transaction.atomic
def create_plan(*, acting_user, organisation, **fields):
    plan = MaintenancePlan(organisation=organisation)
    apply_changes(plan, fields, PLAN_FIELDS)
    return save_validated(plan, acting_user=acting_user)


@transaction.atomic
def update_plan(plan, *, acting_user, **changes):
    apply_changes(plan, changes, PLAN_FIELDS)
    return save_validated(plan, acting_user=acting_user)


@transaction.atomic
def delete_plan(plan, *, acting_user):
    """Delete a plan that never made a ticket; otherwise it is deactivated instead."""
    delete_if_unused(
        plan,
        acting_user=acting_user,
        message=_("This plan has made tickets and cannot be deleted: deactivate it instead."),
    )


@transaction.atomic
def bulk_assign(tickets, *, acting_user, assignee=None, queue=None):
    """Assign several tickets at once (and move them to a queue); all or none."""
    changed = []
    for ticket in tickets:
        if queue is not None and queue.organisation_id != ticket.organisation_id:
            raise ValidationError({"queue": _("Must belong to the same organisation.")})
        changed.append(services.assign(ticket, acting_user=acting_user, assignee=assignee, queue=queue))
    return changed
