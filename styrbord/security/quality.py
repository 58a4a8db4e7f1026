"""Progress of the self-assessments and the security quality of the annual follow-up (§11).

Progress: for each system in use, the measures its current protection need requires (the
organisation's active catalogue), how many are assessed, met, not applicable or gaps (partly or
not met); summed per department (its whole subtree) and for the organisation.

``security_quality(organisation, year, departments=None)`` gives the follow-up's numbers as a
plain dict (see its docstring). A past year is read as it stood at 31 December: classifications
current then, each self-assessment's answer then (from its history), action items open then.
The required measures are those of today's catalogue, which keeps no history of its own.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from styrbord.systems.choices import MANAGED_LIFECYCLES, Lifecycle
from styrbord.systems.models import System

from .choices import ActionStatus, AssessmentStatus
from .models import ActionItem, Assessment, Measure
from .requirements import is_required


def current_classifications(systems, today=None):
    try:
        from .classification import current_classifications as current
    except ImportError:  # pragma: no cover - until the classification side lands
        return _fallback_current(systems, today)
    return current(systems, today)


def _fallback_current(systems, today=None):
    from .choices import ClassificationStatus
    from .models import Classification

    today = today or timezone.localdate()
    rows = (
        Classification.objects.filter(
            system__in=list(systems), status__in=[ClassificationStatus.ADOPTED], classified_on__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("system_id", "-classified_on", "-pk")
    )
    found = {}
    for row in rows:
        found.setdefault(row.system_id, row)
    return found


def share(part, whole):
    """Whole per cent of ``whole`` (None when there is nothing to count)."""
    return round(100 * part / whole) if whole else None


@dataclass
class Progress:
    """Counts of one system, or summed over several (``systems`` > 1)."""

    label: str = ""
    system: object = None
    department: object = None
    classification: object = None
    systems: int = 0
    classified: int = 0
    required: int = 0
    assessed: int = 0
    met: int = 0
    partly: int = 0
    not_met: int = 0
    not_applicable: int = 0
    rows: list = field(default_factory=list)  # (measure, assessment status or None) of one system

    @property
    def gaps(self):
        return self.partly + self.not_met

    @property
    def unassessed(self):
        return self.required - self.assessed

    @property
    def applicable(self):
        return self.required - self.not_applicable

    @property
    def share_met(self):
        return share(self.met, self.applicable)

    def add(self, other):
        self.systems += other.systems
        self.classified += other.classified
        for name in ("required", "assessed", "met", "partly", "not_met", "not_applicable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self):
        return {
            "systems": self.systems,
            "classified": self.classified,
            "required": self.required,
            "assessed": self.assessed,
            "met": self.met,
            "partly": self.partly,
            "not_met": self.not_met,
            "not_applicable": self.not_applicable,
            "gaps": self.gaps,
            "unassessed": self.unassessed,
            "share_met": self.share_met,
        }


COUNTED = {
    AssessmentStatus.MET: "met",
    AssessmentStatus.PARTLY: "partly",
    AssessmentStatus.NOT_MET: "not_met",
    AssessmentStatus.NOT_APPLICABLE: "not_applicable",
}


def _measures_by_organisation(organisation_ids):
    measures = {}
    for measure in Measure.objects.filter(organisation_id__in=organisation_ids, is_active=True).order_by("code"):
        measures.setdefault(measure.organisation_id, []).append(measure)
    return measures


def system_progress(systems, today=None, statuses=None):
    """[Progress] for each of ``systems`` in a constant number of queries.

    ``statuses``: {(system id, measure id): status}; by default today's answers.
    """
    systems = list(systems)
    classifications = current_classifications(systems, today)
    measures = _measures_by_organisation({s.organisation_id for s in systems})
    if statuses is None:
        statuses = {
            (system_id, measure_id): status
            for system_id, measure_id, status in Assessment.objects.filter(system__in=systems).values_list(
                "system_id", "measure_id", "status"
            )
        }
    result = []
    for system in systems:
        classification = classifications.get(system.pk)
        progress = Progress(label=system.name, system=system, classification=classification, systems=1)
        if classification is not None:
            progress.classified = 1
            need = classification.need()
            for measure in measures.get(system.organisation_id, []):
                if not is_required(measure, need):
                    continue
                status = statuses.get((system.pk, measure.pk))
                progress.rows.append((measure, status))
                progress.required += 1
                if status:
                    progress.assessed += 1
                    setattr(progress, COUNTED[status], getattr(progress, COUNTED[status]) + 1)
        result.append(progress)
    return result


def systems_in_use(organisation):
    return System.objects.in_organisation(organisation).filter(lifecycle__in=MANAGED_LIFECYCLES)


def organisation_progress(organisation, systems=None, today=None):
    """(per system, per department with systems in its subtree, organisation total)."""
    if systems is None:
        systems = systems_in_use(organisation)
    systems = systems.select_related("owner_department").order_by("name")
    per_system = system_progress(systems, today)
    from styrbord.organisations.models import Department

    departments = []
    for department in Department.objects.in_organisation(organisation).order_by("path"):
        summary = Progress(label=department.name, department=department)
        for progress in per_system:
            if progress.system.owner_department.path.startswith(department.path):
                summary.add(progress)
        if summary.systems:
            departments.append(summary)
    total = Progress(label=str(organisation))
    for progress in per_system:
        total.add(progress)
    return per_system, departments, total


# The annual follow-up


def reference_date(year, today=None):
    """31 December of ``year``, or today for the current year."""
    today = today or timezone.localdate()
    return today if year >= today.year else date(year, 12, 31)


def _in_departments(departments, path):
    if not departments:
        return Q()
    condition = Q(pk__in=[])
    for department in departments:
        condition |= Q(**{f"{path}__path__startswith": department.path})
    return condition


def _statuses_at(systems, moment):
    """{(system id, measure id): status} as the answers stood at ``moment`` (from the history)."""
    records = (
        Assessment.history.filter(system_id__in=[s.pk for s in systems], history_date__lte=moment)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "system_id", "measure_id", "status", "history_type")
    )
    statuses, seen = {}, set()
    for pk, system_id, measure_id, status, kind in records:
        if pk in seen:
            continue
        seen.add(pk)
        if kind != "-":
            statuses[(system_id, measure_id)] = status
    return statuses


def _figures(organisation, year, departments, today):
    ref = reference_date(year, today)
    moment = timezone.make_aware(datetime.combine(ref, time.max))
    systems = list(
        System.objects.in_organisation(organisation)
        .filter(_in_departments(departments, "owner_department"))
        .filter(Q(in_use_from__isnull=True) | Q(in_use_from__lte=ref))
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=ref))
        .exclude(lifecycle=Lifecycle.PLANNED)
        .exclude(lifecycle=Lifecycle.RETIRED, retired_on__isnull=True)
        .select_related("owner_department")
    )
    current = ref == (today or timezone.localdate())
    progress = system_progress(systems, ref, None if current else _statuses_at(systems, moment))
    vital = [p for p in progress if p.system.is_vital]
    classified = sum(p.classified for p in vital)
    required = sum(p.required for p in progress)
    not_applicable = sum(p.not_applicable for p in progress)
    met = sum(p.met for p in progress)
    actions = ActionItem.objects.filter(assessment__system__organisation=organisation, created_at__lte=moment).filter(
        _in_departments(departments, "assessment__system__owner_department")
    )
    if current:
        open_actions = actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    else:
        open_actions = actions.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=ref))
        open_actions = open_actions.exclude(status=ActionStatus.DONE, completed_on__isnull=True)
    counts = open_actions.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=ref)))
    from styrbord.servicedesk.models import Ticket

    by_month = dict(
        Ticket.objects.filter(organisation=organisation, is_security_incident=True, reported_at__year=year)
        .filter(_in_departments(departments, "department"))
        .annotate(month=ExtractMonth("reported_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    incidents = [by_month.get(month, 0) for month in range(1, 13)]
    return {
        "year": year,
        "reference_date": ref,
        "vital_systems": len(vital),
        "classified": classified,
        "classified_share": share(classified, len(vital)),
        "required_measures": required,
        "not_applicable": not_applicable,
        "measures_met": met,
        "measures_met_share": share(met, required - not_applicable),
        "actions_open": counts["open"],
        "actions_overdue": counts["overdue"],
        "incidents_by_month": incidents,
        "incidents": sum(incidents),
    }


def security_quality(organisation, year, departments=None, today=None, previous=True):
    """The security quality of ``year`` for the annual follow-up (strategy §11), as a plain dict.

    ``departments``: Department rows; when given, only systems owned within their subtrees, the
    action items of those systems and tickets of those departments count. Keys:

    - ``year``, ``reference_date``: 31 December, or today for the current year;
    - ``vital_systems``: vital systems in use then; ``classified``: those with a current
      classification then; ``classified_share``: whole per cent (None without vital systems);
    - ``required_measures``: measures required by the current classifications of every system in
      use (not only vital ones), ``not_applicable`` among them, ``measures_met`` and
      ``measures_met_share`` (whole per cent of the applicable ones);
    - ``actions_open`` and ``actions_overdue`` (past the due date) then;
    - ``incidents_by_month``: 12 numbers, tickets marked as security incidents by the month they
      were reported; ``incidents``: their sum;
    - ``previous``: the same for ``year - 1`` (unless ``previous=False``).
    """
    figures = _figures(organisation, year, departments, today)
    if previous:
        figures["previous"] = _figures(organisation, year - 1, departments, today)
    return figures
