"""Reconciliation with finance: per department and per-device service, subscribed vs counted.

So that charging matches reality. Rules, and why:

- The items counted are those whose type is charged as a service (``ItemType.charged_as_service``)
  and that are in use or in repair (a device away for repair is still the department's).
- The subscribed quantity is the finance app's subscription period active on the day.
- A device counts for the nearest department, from its own up through its ancestors, that
  subscribes to the service: a school unit's computers meet the school administration's
  subscription when the order was placed at that level. Where no department on the way
  subscribes, the device counts for its own department, against a subscribed quantity of 0.
- Devices without a department cannot be charged at all; they are listed apart, per service.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from styrbord.organisations.models import Department

from .choices import Lifecycle
from .models import ConfigurationItem, ItemType

COUNTED_STATUSES = (Lifecycle.IN_USE, Lifecycle.IN_REPAIR)


@dataclass
class Line:
    department: object
    service: object
    subscribed: int = 0
    counted: int = 0

    @property
    def difference(self):
        return self.counted - self.subscribed

    @property
    def matches(self):
        return self.difference == 0


def finance_available():
    return apps.is_installed("styrbord.finance")


def subscribed_quantities(organisation, services, day):
    """{(department id, service id): quantity} of the subscription periods active on ``day``."""
    if not finance_available() or not services:
        return {}
    subscription_model = apps.get_model("finance", "Subscription")
    quantities = defaultdict(int)
    periods = (
        subscription_model.objects.in_organisation(organisation)
        .filter(service__in=services, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .values_list("department_id", "service_id", "quantity")
    )
    for department_id, service_id, quantity in periods:
        quantities[(department_id, service_id)] += quantity
    return quantities


def _charged_department(department_id, service_id, paths, by_path, subscribed):
    """The nearest department on the way up that subscribes to the service, else the item's own."""
    parts = [part for part in paths[department_id].strip("/").split("/") if part]
    for depth in range(len(parts), 0, -1):
        candidate = by_path.get("/" + "/".join(parts[:depth]) + "/")
        if candidate is not None and (candidate, service_id) in subscribed:
            return candidate
    return department_id


def reconcile(organisation, day=None):
    """(lines sorted by department and service, {service: devices without a department})."""
    day = day or timezone.localdate()
    types = {
        item_type.pk: item_type.charged_as_service
        for item_type in ItemType.objects.in_organisation(organisation)
        .filter(charged_as_service__isnull=False)
        .select_related("charged_as_service")
    }
    services = {service.pk: service for service in types.values()}
    subscribed = subscribed_quantities(organisation, list(services), day)
    departments = Department.objects.in_organisation(organisation).in_bulk()
    paths = {pk: department.path for pk, department in departments.items()}
    by_path = {path: pk for pk, path in paths.items()}
    counted, unassigned = defaultdict(int), defaultdict(int)
    groups = (
        ConfigurationItem.objects.in_organisation(organisation)
        .filter(item_type_id__in=types, status__in=COUNTED_STATUSES)
        .values("department_id", "item_type_id")
        .annotate(count=Count("pk"))
    )
    for group in groups:
        service = types[group["item_type_id"]]
        if group["department_id"] is None:
            unassigned[service] += group["count"]
            continue
        charged = _charged_department(group["department_id"], service.pk, paths, by_path, subscribed)
        counted[(charged, service.pk)] += group["count"]
    lines = [
        Line(departments[department_id], services[service_id], subscribed.get(key, 0), counted.get(key, 0))
        for key in set(subscribed) | set(counted)
        for department_id, service_id in [key]
    ]
    lines.sort(key=lambda line: (line.department.path, line.service.name))
    return lines, dict(unassigned)
