"""Builders for the classification tests, on the two-organisation world of core.testing."""

from datetime import timedelta

from django.utils import timezone

from styrbord.security import services
from styrbord.security.models import InformationType
from styrbord.systems.tests.factories import role, system  # noqa: F401 - re-exported


def information_type(target, name="Ärenden", **fields):
    existing = InformationType.objects.filter(system=target, name=name).first()
    if existing is not None:
        return existing
    return services.create_information_type(target, acting_user=None, name=name, **fields)


def classify(target, *rows, adopt=True, classified_on=None, acting_user=None, **fields):
    """A classification of ``target``; each row is (information type, c, i, a[, t])."""
    levels = []
    for row in rows:
        kind, c, i, a, *rest = row
        levels.append(
            {
                "information_type": kind,
                "confidentiality": c,
                "integrity": i,
                "availability": a,
                "traceability": rest[0] if rest else None,
            }
        )
    draft = services.create_classification(
        target,
        acting_user=acting_user,
        classified_on=classified_on or timezone.localdate(),
        levels=levels,
        **fields,
    )
    return services.adopt_classification(draft, acting_user=acting_user) if adopt else draft


def classified(world, name=None, c=1, i=1, a=1, t=None, *, days_ago=0, **system_fields):
    """A system with one information type classified at (c, i, a[, t]) ``days_ago`` days ago."""
    target = system(world, name, **system_fields)
    kind = information_type(target, "Ärenden", personal_data=t is not None)
    return classify(target, (kind, c, i, a, t), classified_on=timezone.localdate() - timedelta(days=days_ago))
