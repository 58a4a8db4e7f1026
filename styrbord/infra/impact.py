"""Impact analysis: what depends on an item, transitively.

Breadth-first over the reverse of the relations ("A runs on B": when B fails, A is affected),
one query per level, with a visited set so that a cycle ends the walk instead of hanging it.
From the affected items follow

- the systems that run on any of them (the system register),
- the catalogue services they take part in,
- the departments: those the items are assigned to, those that own an affected system, and
  those that subscribe to an affected service today (where the finance app is installed).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import OPERATIONAL_KINDS, RelationKind
from .models import ConfigurationItem, ItemRelation, ItemService

CHUNK = 500
REASON_ITEM = _("uses an affected item")
REASON_SYSTEM = _("owns an affected system")
REASON_SERVICE = _("subscribes to an affected service")


@dataclass(frozen=True)
class Step:
    depth: int
    via: int | None  # the item this one depends on, one step closer to the start
    kind: str | None


@dataclass
class Impact:
    item: ConfigurationItem
    steps: dict  # item id -> Step, the start included at depth 0
    items: list = field(default_factory=list)  # affected items, the start excluded, nearest first
    systems: list = field(default_factory=list)
    services: list = field(default_factory=list)
    departments: list = field(default_factory=list)  # (department, sorted reasons)
    names: dict = field(default_factory=dict)  # item id -> name, for "reached through"

    def rows(self):
        """(item, depth, relation kind label, name of the item it depends on), nearest first."""
        labels = dict(RelationKind.choices)
        for other in self.items:
            step = self.steps[other.pk]
            yield other, step.depth, labels.get(step.kind, ""), self.names.get(step.via, "")


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def dependants(start_id, kinds=OPERATIONAL_KINDS):
    """Every item that depends on ``start_id`` through ``kinds``, with how it was reached."""
    steps = {start_id: Step(0, None, None)}
    frontier, depth = [start_id], 0
    while frontier:
        depth += 1
        following = []
        for chunk in _chunks(frontier):
            edges = ItemRelation.objects.filter(target_id__in=chunk, kind__in=kinds).values_list(
                "source_id", "target_id", "kind"
            )
            for source_id, target_id, kind in edges.order_by("source_id", "kind"):
                if source_id not in steps:
                    steps[source_id] = Step(depth, target_id, kind)
                    following.append(source_id)
        frontier = following
    return steps


def _systems_on(item_ids):
    if not apps.is_installed("styrbord.systems"):
        return []
    system_model = apps.get_model("systems", "System")
    ids = set()
    for chunk in _chunks(item_ids):
        ids.update(system_model.objects.filter(item_links__item_id__in=chunk).values_list("pk", flat=True))
    return list(system_model.objects.filter(pk__in=ids).select_related("owner_department").order_by("name"))


def _services_of(item_ids):
    service_model = apps.get_model("catalog", "Service")
    ids = set()
    for chunk in _chunks(item_ids):
        ids.update(ItemService.objects.filter(item_id__in=chunk).values_list("service_id", flat=True))
    return list(service_model.objects.filter(pk__in=ids).order_by("name"))


def _subscribers(organisation, services, today):
    if not services or not apps.is_installed("styrbord.finance"):
        return set()
    subscription_model = apps.get_model("finance", "Subscription")
    return set(
        subscription_model.objects.in_organisation(organisation)
        .filter(service__in=services, valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .values_list("department_id", flat=True)
    )


def impact_of(item, *, include_backup=False, today=None):
    kinds = set(OPERATIONAL_KINDS) | ({RelationKind.BACKED_UP_BY} if include_backup else set())
    steps = dependants(item.pk, kinds)
    all_ids = list(steps)
    affected = {
        other.pk: other
        for chunk in _chunks(all_ids)
        for other in ConfigurationItem.objects.filter(pk__in=chunk).select_related("item_type", "department")
    }
    impact = Impact(item=item, steps=steps)
    impact.names = {pk: other.name for pk, other in affected.items()}
    impact.items = sorted(
        (other for pk, other in affected.items() if pk != item.pk), key=lambda i: (steps[i.pk].depth, i.name)
    )
    impact.systems = _systems_on(all_ids)
    impact.services = _services_of(all_ids)
    reasons = {}
    for other in affected.values():
        if other.department_id:
            reasons.setdefault(other.department_id, set()).add(str(REASON_ITEM))
    for system in impact.systems:
        if system.owner_department_id:
            reasons.setdefault(system.owner_department_id, set()).add(str(REASON_SYSTEM))
    for department_id in _subscribers(item.organisation, impact.services, today or timezone.localdate()):
        reasons.setdefault(department_id, set()).add(str(REASON_SERVICE))
    department_model = apps.get_model("organisations", "Department")
    departments = department_model.objects.filter(pk__in=reasons).order_by("path")
    impact.departments = [(department, sorted(reasons[department.pk])) for department in departments]
    return impact
