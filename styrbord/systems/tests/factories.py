"""Builders for the system-management tests, on the two-organisation world of core.testing."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from styrbord.core.testing import unique
from styrbord.systems import services
from styrbord.systems.models import ManagementObject, System


def system(world, name=None, **fields):
    """A vital system in use owned by the world's branch; the same name, the same system."""
    existing = System.objects.filter(organisation=world.org, name=name).first() if name else None
    if existing is not None:
        return existing
    fields.setdefault("owner_department", world.branch)
    fields.setdefault("is_vital", True)
    return services.create_system(acting_user=None, organisation=world.org, name=name or unique("System "), **fields)


def management_object(world, name=None, **fields):
    existing = ManagementObject.objects.filter(organisation=world.org, name=name).first() if name else None
    if existing is not None:
        return existing
    fields.setdefault("owner_department", world.branch)
    return services.create_object(acting_user=None, organisation=world.org, name=name or unique("Objekt "), **fields)


def scope_kwargs(scope):
    return {"system": scope} if isinstance(scope, System) else {"management_object": scope}


def role(scope, kind, person, communicated_on=date(2024, 1, 15)):
    return services.assign_role(
        acting_user=None, kind=kind, person=person, communicated_on=communicated_on, **scope_kwargs(scope)
    )


def plan(scope, year=None, activities=1, **fields):
    fields.setdefault("goals", "Stabil drift.")
    created = services.create_plan(
        acting_user=None, year=year or timezone.localdate().year, **scope_kwargs(scope), **fields
    )
    for index in range(activities):
        services.add_activity(
            created,
            acting_user=None,
            title=f"Aktivitet {index + 1}",
            kind="upkeep" if index % 2 == 0 else "development",
            estimated_cost=Decimal("10000.00"),
            estimated_hours=Decimal("8"),
        )
    return created


def approved_plan(scope, owner, year=None):
    created = plan(scope, year)
    services.submit_plan(created, acting_user=None)
    return services.approve_plan(created, acting_user=owner)


def meeting(scope, day=None, status="held", **fields):
    fields.setdefault("minutes", "Protokoll." if status == "held" else "")
    return services.create_meeting(
        acting_user=None, date=day or timezone.localdate(), status=status, **scope_kwargs(scope), **fields
    )
