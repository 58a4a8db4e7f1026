"""Management quality: rules evaluated per system, summarised per department and organisation.

Feeds the annual follow-up (strategy §11, "Kvalitet på systemförvaltning"). The rules (§7, §9):

- ``roles``: the system owner, system manager and system administrator are named (on the system
  or on its management object) and communicated to the IT unit;
- ``plan``: an approved management plan for the current year (the system's or its object's);
- ``meetings``: at least the configured number of held management meetings in the last 12 months.

The security issue adds a rule for a current classification with ``register_rule``. The rules
are pure functions of gathered facts; ``gather`` reads the facts of any number of systems in a
constant number of queries. A rule applies to every system in use (or being replaced); the
management-quality figures count the vital ones, which the strategy requires to be managed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .choices import APPROVED_STATUSES, MANAGED_LIFECYCLES, REQUIRED_ROLES, MeetingStatus, PlanStatus, RoleKind
from .models import ManagementPlan, Meeting, SystemRole, SystemSettings

YEAR = timedelta(days=365)
SUBMITTED_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.CLOSED)


@dataclass
class Facts:
    """What the rules look at for one system; roles and plans of its management object included."""

    system: object
    settings: object
    today: date
    roles: list = field(default_factory=list)  # SystemRole rows of the system and its object
    plans: list = field(default_factory=list)  # (year, status) of the system's and its object's plans
    meetings: list = field(default_factory=list)  # dates of held meetings of the system and its object

    def plan_status(self, year):
        """The most advanced status among the plans for ``year``, or None."""
        order = [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.CLOSED]
        statuses = [status for plan_year, status in self.plans if plan_year == year]
        return max(statuses, key=order.index) if statuses else None

    def meetings_in_last_year(self):
        return [day for day in self.meetings if self.today - YEAR < day <= self.today]

    def last_meeting(self):
        past = [day for day in self.meetings if day <= self.today]
        return max(past) if past else None


@dataclass(frozen=True)
class Result:
    rule: str
    label: str
    met: bool
    detail: str


@dataclass
class Rule:
    key: str
    label: str
    check: object  # callable(Facts) -> (met, detail)


def _roles(facts):
    labels = dict(RoleKind.choices)
    named = {kind: [r for r in facts.roles if r.kind == kind] for kind in REQUIRED_ROLES}
    missing = [str(labels[kind]) for kind in REQUIRED_ROLES if not named[kind]]
    silent = [
        str(labels[kind])
        for kind in REQUIRED_ROLES
        if named[kind] and not any(role.communicated_on for role in named[kind])
    ]
    problems = []
    if missing:
        problems.append(_("Not named: %(roles)s.") % {"roles": ", ".join(missing)})
    if silent:
        problems.append(_("Not communicated to IT: %(roles)s.") % {"roles": ", ".join(silent)})
    if problems:
        return False, " ".join(problems)
    return True, _("All three roles are named and communicated to IT.")


def _plan(facts):
    year = facts.today.year
    status = facts.plan_status(year)
    if status in APPROVED_STATUSES:
        return True, _("The plan for %(year)d is approved.") % {"year": year}
    if status is None:
        return False, _("No management plan for %(year)d.") % {"year": year}
    return False, _("The plan for %(year)d is not approved: %(status)s.") % {
        "year": year,
        "status": PlanStatus(status).label.lower(),
    }


def _meetings(facts):
    held, needed = len(facts.meetings_in_last_year()), facts.settings.min_meetings
    text = ngettext(
        "%(held)d of %(needed)d meeting held in the last 12 months.",
        "%(held)d of %(needed)d meetings held in the last 12 months.",
        needed,
    ) % {"held": held, "needed": needed}
    return held >= needed, text


RULES = [
    Rule("roles", gettext_lazy("Roles named and communicated"), _roles),
    Rule("plan", gettext_lazy("Approved plan for this year"), _plan),
    Rule("meetings", gettext_lazy("Management meetings held"), _meetings),
]


def register_rule(rule):
    """Add a rule (the security issue adds one for a current classification)."""
    if all(existing.key != rule.key for existing in RULES):
        RULES.append(rule)
    return rule


def evaluate(facts):
    results = []
    for rule in RULES:
        met, detail = rule.check(facts)
        results.append(Result(rule.key, str(rule.label), bool(met), str(detail)))
    return results


@dataclass
class Evaluation:
    system: object
    facts: Facts
    results: list

    @property
    def met(self):
        return all(result.met for result in self.results)

    @property
    def gaps(self):
        return [result for result in self.results if not result.met]

    def as_dict(self):
        return {result.rule: {"met": result.met, "detail": result.detail} for result in self.results}


def _by_scope(rows, system_ids_of_object):
    """Spread rows that carry (system_id, management_object_id) onto the system ids they apply to."""
    spread = defaultdict(list)
    for system_id, object_id, value in rows:
        targets = [system_id] if system_id else system_ids_of_object.get(object_id, [])
        for target in targets:
            spread[target].append(value)
    return spread


def settings_by_organisation(organisation_ids):
    found = {s.organisation_id: s for s in SystemSettings.objects.filter(organisation_id__in=organisation_ids)}
    return {org: found.get(org) or SystemSettings(organisation_id=org) for org in organisation_ids}


def gather(systems, today=None):
    """Facts for each of ``systems``, in four queries whatever their number."""
    today = today or timezone.localdate()
    systems = list(systems)
    system_ids = [s.pk for s in systems]
    objects = defaultdict(list)
    for system in systems:
        if system.management_object_id:
            objects[system.management_object_id].append(system.pk)
    in_scope = Q(system_id__in=system_ids) | Q(management_object_id__in=list(objects))
    roles = SystemRole.objects.filter(in_scope, kind__in=REQUIRED_ROLES).select_related("person")
    plans = ManagementPlan.objects.filter(in_scope, year__in=[today.year, today.year + 1]).values_list(
        "system_id", "management_object_id", "year", "status"
    )
    meetings = Meeting.objects.filter(in_scope, status=MeetingStatus.HELD, date__lte=today).values_list(
        "system_id", "management_object_id", "date"
    )
    role_map = _by_scope([(r.system_id, r.management_object_id, r) for r in roles], objects)
    plan_map = _by_scope([(s, o, (y, st)) for s, o, y, st in plans], objects)
    meeting_map = _by_scope(list(meetings), objects)
    rules = settings_by_organisation({s.organisation_id for s in systems})
    return {
        system.pk: Facts(
            system=system,
            settings=rules[system.organisation_id],
            today=today,
            roles=role_map.get(system.pk, []),
            plans=plan_map.get(system.pk, []),
            meetings=meeting_map.get(system.pk, []),
        )
        for system in systems
    }


def evaluate_systems(systems, today=None):
    facts = gather(systems, today)
    return [Evaluation(system, facts[system.pk], evaluate(facts[system.pk])) for system in systems]


def plans_due(facts_list, rules, today):
    """(due date of next year's plan, systems without a submitted or approved one) once reminders start.

    Reminders start ``plan_reminder_days`` before the due date and go on after it.
    """
    next_year = today.year + 1
    due = rules.plan_due_date(next_year)
    if today < due - timedelta(days=rules.plan_reminder_days):
        return due, []
    return due, [f.system for f in facts_list if f.plan_status(next_year) not in SUBMITTED_STATUSES]


def without_meetings(facts_list, rules, today):
    """Vital systems whose last held meeting is older than ``months_without_meeting`` months (or none)."""
    cutoff = today - timedelta(days=30 * rules.months_without_meeting)
    quiet = []
    for facts in facts_list:
        last = facts.last_meeting()
        if facts.system.is_vital and (last is None or last < cutoff):
            quiet.append(facts.system)
    return quiet


def managed(queryset):
    """The systems the rules apply to: in use or being replaced."""
    return queryset.filter(lifecycle__in=MANAGED_LIFECYCLES)


@dataclass
class Summary:
    label: str
    department: object = None
    systems: int = 0
    compliant: int = 0
    rules: dict = field(default_factory=dict)  # rule key -> systems meeting it

    @property
    def share(self):
        """Percentage of the systems that meet every rule (None without systems)."""
        return round(100 * self.compliant / self.systems) if self.systems else None

    def rule_counts(self):
        return [(rule.key, str(rule.label), self.rules.get(rule.key, 0)) for rule in RULES]

    def add(self, evaluation):
        self.systems += 1
        self.compliant += evaluation.met
        for result in evaluation.results:
            self.rules[result.rule] = self.rules.get(result.rule, 0) + result.met


def organisation_quality(organisation, today=None):
    """The numbers behind the annual follow-up (§11): every vital system in use with its results,
    summarised per owner department and for the organisation. Returns (evaluations, per department, total).
    """
    from .models import System

    systems = managed(System.objects.in_organisation(organisation)).filter(is_vital=True)
    systems = systems.select_related("owner_department", "management_object").order_by("name")
    evaluations = evaluate_systems(systems, today)
    return (evaluations, *summarise(evaluations, str(organisation)))


def summarise(evaluations, organisation_label=""):
    """(per owner department sorted by name, the organisation's total)."""
    total = Summary(organisation_label)
    departments = {}
    for evaluation in evaluations:
        department = evaluation.system.owner_department
        if department.pk not in departments:
            departments[department.pk] = Summary(department.name, department)
        departments[department.pk].add(evaluation)
        total.add(evaluation)
    return sorted(departments.values(), key=lambda summary: summary.label), total
