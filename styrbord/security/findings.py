"""Consistency checks across the register, the catalogue, finance and the classifications.

``findings_for(organisation, today)`` returns a list of ``Finding`` (kind, system, severity,
message, details) for the systems in use, in a constant number of queries whatever their number:

- ``hosting``: the system's availability need has a configured hosting requirement (the one for
  the highest level up to the need) and the hosting service's subscribed service level promises
  a lower availability target or fewer weekly support hours — or there is no hosting service or
  no level to compare with. Which level is "subscribed": the owner department's subscription to
  the hosting service on ``today``; else the nearest parent department's; else the best level any
  department subscribes to (the service runs once for all); else the service's default level,
  which is what the catalogue promises without an order (the finding then says so); with none of
  these the level is unknown, which is a finding too. Weekly support hours come from the level's
  calendar: 168 when open 24/7, else the sum of its weekday opening segments (holidays ignored).
- ``vital_unclassified``: a vital system without a current classification (never classified,
  expired). One due for review still counts as current (the attention list shows it).
- ``traceability``: a system with an active information type holding sensitive personal data
  whose current need requires traceability measures (measures with ``required_traceability``)
  that are not assessed as met — or that has no current classification, so that its traceability
  measures are not known.

``visible_findings(user, findings)`` keeps what the user may see: the head of IT, the security
coordinator, IT staff and the management group see all; a system's role holders see their
systems' findings; a finding that rests on a restricted classification only for those who may
see it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrbord.core.tenancy import access
from styrbord.systems.access import system_roles
from styrbord.systems.choices import MANAGED_LIFECYCLES, RoleKind
from styrbord.systems.models import System

from .choices import AssessmentStatus, Level
from .classification import can_see, current_classifications, latest_adopted
from .classification_rules import FINDING_READERS
from .models import Assessment, HostingRequirement, InformationType, Measure
from .requirements import is_required

AROUND_THE_CLOCK = Decimal("168")


class FindingKind(models.TextChoices):
    HOSTING = "hosting", gettext_lazy("Hosting below the availability need")
    VITAL_UNCLASSIFIED = "vital_unclassified", gettext_lazy("Vital system without a current classification")
    TRACEABILITY = "traceability", gettext_lazy("Sensitive personal data without traceability")


class Severity(models.TextChoices):
    DANGER = "danger", gettext_lazy("Serious")
    WARNING = "warning", gettext_lazy("Warning")


@dataclass
class Finding:
    kind: str
    system: object
    severity: str
    message: str
    details: dict = field(default_factory=dict)
    classification: object = None  # the current classification the finding rests on, if any

    @property
    def kind_label(self):
        return FindingKind(self.kind).label

    @property
    def severity_label(self):
        return Severity(self.severity).label


def weekly_hours(calendar):
    """Support hours per week of a business calendar (uses prefetched segments)."""
    if calendar.always_open:
        return AROUND_THE_CLOCK
    minutes = 0
    for segment in calendar.segments.all():
        minutes += (segment.closes.hour * 60 + segment.closes.minute) - (segment.opens.hour * 60 + segment.opens.minute)
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


def _segments():
    from styrbord.catalog.models import OpeningSegment

    return Prefetch("segments", queryset=OpeningSegment.objects.order_by("weekday", "opens"))


def _subscriptions(organisation, service_ids, today):
    """Active subscriptions on ``today`` to the hosting services, by service id."""
    from styrbord.finance.models import Subscription

    rows = (
        Subscription.objects.in_organisation(organisation)
        .filter(service_id__in=service_ids, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("department", "level__calendar")
        .prefetch_related(Prefetch("level__calendar__segments"))
    )
    by_service = {}
    for row in rows:
        by_service.setdefault(row.service_id, []).append(row)
    return by_service


def _level_facts(level):
    return {
        "level": level.name,
        "level_id": level.pk,
        "availability_target": level.availability_target,
        "weekly_support_hours": weekly_hours(level.calendar),
    }


def subscribed_level(system, subscriptions):
    """(service level, how it was chosen) for the system's hosting service; (None, reason) if none."""
    service = system.hosting_service
    with_level = [s for s in subscriptions if s.level_id]
    own = [s for s in with_level if s.department_id == system.owner_department_id]
    if own:
        return own[0].level, "owner_department"
    path = system.owner_department.path
    parents = [s for s in with_level if path.startswith(s.department.path)]
    if parents:
        nearest = max(parents, key=lambda s: len(s.department.path))
        return nearest.level, "parent_department"
    if with_level:
        best = max(with_level, key=lambda s: (s.level.availability_target, weekly_hours(s.level.calendar)))
        return best.level, "other_department"
    if service.default_level_id:
        return service.default_level, "default_level"
    return None, "none"


def _requirement_for(need, requirements):
    fitting = [r for r in requirements if r.availability_level <= need]
    return max(fitting, key=lambda r: r.availability_level) if fitting else None


def _hosting_findings(organisation, systems, classifications, today):
    requirements = list(HostingRequirement.objects.in_organisation(organisation))
    if not requirements:
        return []
    candidates = []
    for system in systems:
        current = classifications.get(system.pk)
        need = current.need_availability if current else None
        requirement = _requirement_for(need, requirements) if need is not None else None
        if requirement is not None:
            candidates.append((system, current, need, requirement))
    service_ids = {s.hosting_service_id for s, *_ in candidates if s.hosting_service_id}
    subscriptions = _subscriptions(organisation, service_ids, today) if service_ids else {}
    found = []
    for system, current, need, requirement in candidates:
        details = {
            "availability_need": need,
            "required_availability_target": requirement.min_availability_target,
            "required_weekly_support_hours": requirement.min_weekly_support_hours,
        }
        level_label = Level(need).label
        if system.hosting_service is None:
            found.append(
                Finding(
                    FindingKind.HOSTING,
                    system,
                    Severity.WARNING,
                    _("Availability need %(level)s, but no hosting service is registered.") % {"level": level_label},
                    {**details, "reason": "no_hosting_service"},
                    current,
                )
            )
            continue
        level, basis = subscribed_level(system, subscriptions.get(system.hosting_service_id, []))
        details.update(hosting_service=system.hosting_service.name, basis=basis)
        if level is None:
            found.append(
                Finding(
                    FindingKind.HOSTING,
                    system,
                    Severity.WARNING,
                    _(
                        "Availability need %(level)s, but %(service)s has no subscribed or default service level "
                        "to compare with."
                    )
                    % {"level": level_label, "service": system.hosting_service},
                    {**details, "reason": "no_service_level"},
                    current,
                )
            )
            continue
        facts = _level_facts(level)
        details.update(facts)
        short = []
        if facts["availability_target"] < requirement.min_availability_target:
            short.append(
                _("availability target %(has)s per cent, at least %(needs)s per cent needed")
                % {"has": facts["availability_target"], "needs": requirement.min_availability_target}
            )
        if facts["weekly_support_hours"] < requirement.min_weekly_support_hours:
            short.append(
                _("%(has)s support hours a week, at least %(needs)s needed")
                % {"has": facts["weekly_support_hours"], "needs": requirement.min_weekly_support_hours}
            )
        if not short:
            continue
        message = _("Availability need %(level)s, but %(service)s at level %(service_level)s offers %(gaps)s.") % {
            "level": level_label,
            "service": system.hosting_service,
            "service_level": level.name,
            "gaps": "; ".join(short),
        }
        if basis == "default_level":
            message += " " + _("No department subscribes to the service: compared with its default level.")
        found.append(
            Finding(
                FindingKind.HOSTING,
                system,
                Severity.DANGER if need >= Level.SERIOUS else Severity.WARNING,
                message,
                {**details, "reason": "below_requirement"},
                current,
            )
        )
    return found


def _vital_findings(systems, classifications, today):
    vital = [s for s in systems if s.is_vital and s.pk not in classifications]
    latest = latest_adopted(vital, today) if vital else {}
    found = []
    for system in vital:
        previous = latest.get(system.pk)
        if previous is None:
            message, details = _("Vital, but never classified."), {"reason": "never_classified"}
        else:
            message = _("Vital, but the classification expired on %(day)s.") % {"day": previous.valid_until}
            details = {"reason": "expired", "expired_on": previous.valid_until, "classification_id": previous.pk}
        found.append(Finding(FindingKind.VITAL_UNCLASSIFIED, system, Severity.DANGER, message, details))
    return found


def _traceability_findings(organisation, systems, classifications):
    sensitive = set(
        InformationType.objects.filter(
            system__in=[s.pk for s in systems], sensitive_personal_data=True, is_active=True
        ).values_list("system_id", flat=True)
    )
    if not sensitive:
        return []
    measures = list(
        Measure.objects.in_organisation(organisation)
        .filter(is_active=True, required_traceability__isnull=False)
        .order_by("code")
    )
    met = set(
        Assessment.objects.filter(
            system_id__in=sensitive, measure__in=measures, status=AssessmentStatus.MET
        ).values_list("system_id", "measure_id")
    )
    found = []
    for system in systems:
        if system.pk not in sensitive:
            continue
        current = classifications.get(system.pk)
        if current is None:
            found.append(
                Finding(
                    FindingKind.TRACEABILITY,
                    system,
                    Severity.WARNING,
                    _(
                        "Handles sensitive personal data, but without a current classification its traceability "
                        "measures are not known."
                    ),
                    {"reason": "no_classification", "measures": []},
                )
            )
            continue
        need = current.need()
        lacking = [m for m in measures if is_required(m, need) and (system.pk, m.pk) not in met]
        if lacking:
            codes = ", ".join(m.code for m in lacking)
            found.append(
                Finding(
                    FindingKind.TRACEABILITY,
                    system,
                    Severity.DANGER,
                    _("Handles sensitive personal data, but these traceability measures are not met: %(codes)s.")
                    % {"codes": codes},
                    {"reason": "measures_not_met", "measures": [m.code for m in lacking]},
                    current,
                )
            )
    return found


def findings_for(organisation, today=None):
    """Every finding of the organisation's systems in use, ordered by system name and kind."""
    today = today or timezone.localdate()
    systems = list(
        System.objects.in_organisation(organisation)
        .filter(lifecycle__in=MANAGED_LIFECYCLES)
        .select_related("owner_department", "hosting_service__default_level__calendar")
        .prefetch_related(Prefetch("hosting_service__default_level__calendar__segments"))
        .order_by("name")
    )
    classifications = current_classifications(systems, today)
    found = [
        *_hosting_findings(organisation, systems, classifications, today),
        *_vital_findings(systems, classifications, today),
        *_traceability_findings(organisation, systems, classifications),
    ]
    order = list(FindingKind.values)
    found.sort(key=lambda f: (f.system.name.casefold(), order.index(f.kind)))
    return found


def sees_all_findings(user, organisation):
    return user.is_superuser or access(user).has_role(organisation.pk, *FINDING_READERS)


def visible_findings(user, organisation, findings):
    """The findings ``user`` may see (see the module docstring)."""
    everything = sees_all_findings(user, organisation)
    own = system_roles(user).system_ids(*RoleKind.values)
    return [
        f
        for f in findings
        if (everything or f.system.pk in own) and (f.classification is None or can_see(user, f.classification))
    ]
