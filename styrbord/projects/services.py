"""Write actions for projects, prioritisations and digitalisation plans. Bad input names the field."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, delete_if_unused, save_validated
from styrbord.governance import services as governance

from .capacity import fit_of
from .choices import PrioritisationStatus, Stage, allowed_stages
from .models import (
    CapacityQuarter,
    DigitalisationPlan,
    PlannedChange,
    Prioritisation,
    PrioritisationEntry,
    Project,
    StatusReport,
)

PROJECT_FIELDS = (
    "title",
    "description",
    "kind",
    "requesting_department",
    "sponsor",
    "project_lead",
    "expected_benefits",
    "estimated_cost",
    "estimated_hours",
    "start_quarter",
    "end_quarter",
    "origin",
    "plan_activity",
)
M2M = ("systems", "services")


def _same_organisation(organisation_id, related):
    for name, rows in related.items():
        if rows is not None and any(row.organisation_id != organisation_id for row in rows):
            raise ValidationError({name: _("This must belong to the same organisation.")})


def _set_related(obj, related):
    for name, rows in related.items():
        if rows is not None:
            getattr(obj, name).set(rows)


def _split(fields):
    return {name: fields.pop(name, None) for name in M2M}


def _department_in(organisation_id, department, field):
    """The requesting department (or a plan's department) is one of the organisation's own."""
    if department is not None and department.organisation_id != organisation_id:
        raise ValidationError({field: _("This must belong to the same organisation.")})


@transaction.atomic
def create_project(*, acting_user, organisation, stage=Stage.IDEA, **fields):
    related = _split(fields)
    if stage not in (Stage.IDEA, Stage.PROPOSED):
        raise ValidationError({"stage": _("A new project is an idea or a proposal.")})
    apply_changes(Project(), fields, PROJECT_FIELDS)
    _department_in(organisation.pk, fields.get("requesting_department"), "requesting_department")
    _same_organisation(organisation.pk, related)
    project = save_validated(Project(organisation=organisation, stage=stage, **fields), acting_user=acting_user)
    _set_related(project, related)
    return project


@transaction.atomic
def update_project(project, *, acting_user, **changes):
    related = _split(changes)
    _department_in(project.organisation_id, changes.get("requesting_department"), "requesting_department")
    if "stage" in changes:
        stage = changes.pop("stage")
        if stage != project.stage:
            change_stage(project, acting_user=acting_user, stage=stage)
    apply_changes(project, changes, PROJECT_FIELDS)
    _same_organisation(project.organisation_id, related)
    save_validated(project, acting_user=acting_user)
    _set_related(project, related)
    return project


@transaction.atomic
def change_stage(project, *, acting_user, stage):
    """idea → proposed → prioritised → in progress → done; any unfinished stage → stopped."""
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a valid stage.")})
    if stage not in allowed_stages(project.stage):
        raise ValidationError(
            {
                "stage": _("A project cannot go from “%(from)s” to “%(to)s”.")
                % {"from": Stage(project.stage).label, "to": Stage(stage).label}
            }
        )
    project.stage = stage
    return save_validated(project, acting_user=acting_user)


@transaction.atomic
def add_status_report(project, *, acting_user, date=None, **fields):
    apply_changes(StatusReport(), fields, {"status", "progress", "hours_used"})
    report = StatusReport(
        project=project,
        date=date or timezone.localdate(),
        author=acting_user if getattr(acting_user, "pk", None) else None,
        **fields,
    )
    return save_validated(report, acting_user=acting_user)


# --- Prioritisation ------------------------------------------------------------------------------

PRIORITISATION_FIELDS = ("title", "first_quarter", "last_quarter", "meeting", "note")


def _refuse_if_adopted(prioritisation, field="status"):
    if prioritisation.is_adopted:
        raise ValidationError({field: _("The prioritisation is adopted; it stands as decided.")})


@transaction.atomic
def create_prioritisation(*, acting_user, organisation, **fields):
    apply_changes(Prioritisation(), fields, PRIORITISATION_FIELDS)
    return save_validated(Prioritisation(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_prioritisation(prioritisation, *, acting_user, **changes):
    _refuse_if_adopted(prioritisation, next(iter(changes), "status"))
    apply_changes(prioritisation, changes, PRIORITISATION_FIELDS)
    return save_validated(prioritisation, acting_user=acting_user)


@transaction.atomic
def rank_project(prioritisation, *, acting_user, project, rank=None, note=""):
    """Put a proposal on the list; without a rank it goes last."""
    _refuse_if_adopted(prioritisation, "project")
    if project.organisation_id != prioritisation.organisation_id:
        raise ValidationError({"project": _("This must belong to the same organisation.")})
    if project.stage not in (Stage.PROPOSED, Stage.PRIORITISED):
        raise ValidationError({"project": _("Only proposed (or already prioritised) projects are ranked.")})
    if rank is None:
        rank = (prioritisation.entries.aggregate(m=Max("rank"))["m"] or 0) + 1
    entry = PrioritisationEntry(prioritisation=prioritisation, project=project, rank=rank, note=note)
    return save_validated(entry, acting_user=acting_user)


def _ranking_ids(ranking, ranked):
    """``ranking`` as project ids, checked against the ids on the list (``ranked``); errors on ``ranking``.

    An id that is not on this list — unknown, another organisation's project, or one never ranked
    here — is refused with the same message, so the answer does not tell whether it exists elsewhere.
    """
    ids = []
    for item in ranking:
        value = getattr(item, "pk", item)
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise ValidationError({"ranking": _("Give the projects as ids (whole numbers).")}) from None
        ids.append(value)
    errors = []
    unknown = [str(i) for i in dict.fromkeys(ids) if i not in ranked]
    if unknown:
        errors.append(
            _("Not ranked in this prioritisation: %(ids)s. Rank a project first, then re-order.")
            % {"ids": ", ".join(unknown)}
        )
    twice = [str(i) for i in dict.fromkeys(ids) if ids.count(i) > 1]
    if twice:
        errors.append(_("Listed more than once: %(ids)s.") % {"ids": ", ".join(twice)})
    left_out = [str(i) for i in ranked if i not in ids]
    if left_out:
        errors.append(
            _("Missing from the new order: %(ids)s. List every ranked project once.") % {"ids": ", ".join(left_out)}
        )
    if errors:
        raise ValidationError({"ranking": errors})
    return ids


@transaction.atomic
def set_ranking(prioritisation, *, acting_user, ranking):
    """Re-rank the whole list: ``ranking`` is the entries' projects (ids or objects) in the new order,
    each ranked project exactly once; anything else is refused on ``ranking`` and nothing changes."""
    _refuse_if_adopted(prioritisation, "ranking")
    entries = {entry.project_id: entry for entry in prioritisation.entries.order_by("rank")}
    ids = _ranking_ids(ranking, list(entries))
    # Two passes so that the unique rank never clashes midway.
    offset = len(ids) + 1000
    for position, project_id in enumerate(ids, start=1):
        PrioritisationEntry.objects.filter(pk=entries[project_id].pk).update(rank=offset + position)
    for position, project_id in enumerate(ids, start=1):
        entry = entries[project_id]
        entry.rank = position
        save_validated(entry, acting_user=acting_user)
    return prioritisation


@transaction.atomic
def remove_entry(entry, *, acting_user):
    _refuse_if_adopted(entry.prioritisation, "project")
    entry._history_user = acting_user
    entry.delete()


@transaction.atomic
def remove_project(prioritisation, *, acting_user, project):
    """Take a project off the ranked list (the ranks of the others stay as they are)."""
    _refuse_if_adopted(prioritisation, "project")
    entry = prioritisation.entries.filter(project_id=getattr(project, "pk", project)).first()
    if entry is None:
        raise ValidationError({"project": _("The project is not ranked in this prioritisation.")})
    remove_entry(entry, acting_user=acting_user)


@transaction.atomic
def set_capacity(prioritisation, *, acting_user, quarter, hours):
    """The IT hours for development in one quarter of the period (replaces an earlier figure)."""
    _refuse_if_adopted(prioritisation, "hours")
    row = prioritisation.capacity.filter(quarter=quarter).first() or CapacityQuarter(
        prioritisation=prioritisation, quarter=quarter
    )
    row.hours = hours
    return save_validated(row, acting_user=acting_user)


@transaction.atomic
def adopt_prioritisation(prioritisation, *, acting_user, date=None, text=""):
    """Adopt the ranking: record the governance decision (subject: the prioritisation and its
    projects) at the meeting, or at the tactical level outside a meeting, and move the proposals
    that fit into "prioritised"."""
    _refuse_if_adopted(prioritisation)
    fit = fit_of(prioritisation)
    if not fit.lines:
        raise ValidationError({"entries": _("Rank at least one project before adopting.")})
    fitting = [line.entry.project for line in fit.lines if line.fits]
    summary = "\n".join(
        f"{line.entry.rank}. {line.entry.project} ({line.hours} h) – "
        + (_("within capacity") if line.fits else _("below the line"))
        for line in fit.lines
    )
    level = None
    if prioritisation.meeting is None:
        level = governance.ensure_levels(prioritisation.organisation)["tactical"]
    decision = governance.record_decision(
        acting_user=acting_user,
        meeting=prioritisation.meeting,
        level=level,
        date=date or (prioritisation.meeting.date if prioritisation.meeting else timezone.localdate()),
        title=_("Prioritisation of development projects %(first)s–%(last)s")
        % {"first": prioritisation.first_quarter, "last": prioritisation.last_quarter},
        text=(text + "\n\n" if text else "") + summary,
        rationale=_("Capacity %(capacity)s IT hours; the ranked projects within it: %(hours)s hours.")
        % {"capacity": fit.capacity, "hours": fit.planned},
        subjects=[prioritisation, *fitting],
    )
    prioritisation.status = PrioritisationStatus.ADOPTED
    prioritisation.decision = decision
    prioritisation.adopted_on = decision.date
    save_validated(prioritisation, acting_user=acting_user)
    for project in fitting:
        if project.stage == Stage.PROPOSED:
            change_stage(project, acting_user=acting_user, stage=Stage.PRIORITISED)
    return prioritisation


def put_on_agenda(prioritisation, *, acting_user):
    """Put the ranking on its meeting's agenda (once)."""
    meeting = prioritisation.meeting
    if meeting is None:
        raise ValidationError({"meeting": _("Choose the meeting first.")})
    if meeting.agenda.filter(source_id=prioritisation.pk, title__startswith=prioritisation.title).exists():
        return None
    return governance.add_agenda_item(
        meeting, acting_user=acting_user, source_object=prioritisation, title=prioritisation.title
    )


# --- Digitalisation plans ------------------------------------------------------------------------

PLAN_FIELDS = ("department", "first_year", "last_year", "summary")
CHANGE_FIELDS = ("year", "title", "description", "infrastructure_impact", "estimated_cost")


@transaction.atomic
def create_plan(*, acting_user, organisation, **fields):
    apply_changes(DigitalisationPlan(), fields, PLAN_FIELDS)
    _department_in(organisation.pk, fields.get("department"), "department")
    return save_validated(DigitalisationPlan(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_plan(plan, *, acting_user, **changes):
    _department_in(plan.organisation_id, changes.get("department"), "department")
    apply_changes(plan, changes, PLAN_FIELDS)
    return save_validated(plan, acting_user=acting_user)


@transaction.atomic
def add_change(plan, *, acting_user, **fields):
    related = _split(fields)
    apply_changes(PlannedChange(), fields, CHANGE_FIELDS)
    _same_organisation(plan.organisation_id, related)
    change = save_validated(PlannedChange(plan=plan, **fields), acting_user=acting_user)
    _set_related(change, related)
    return change


@transaction.atomic
def update_change(change, *, acting_user, **changes):
    related = _split(changes)
    apply_changes(change, changes, CHANGE_FIELDS)
    _same_organisation(change.plan.organisation_id, related)
    save_validated(change, acting_user=acting_user)
    _set_related(change, related)
    return change


@transaction.atomic
def remove_change(change, *, acting_user):
    delete_if_unused(change, acting_user=acting_user)
