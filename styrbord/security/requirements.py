"""Which measures a protection need requires.

A measure is required when the need on any aspect it protects reaches the level from which the
catalogue requires it. Level 4 needs are covered by the catalogue's level-3 measures and, beyond
them, a separate analysis (the catalogue stops at 3 by design).
"""

from django.db.models import Q

from .choices import Aspect


def is_required(measure, need):
    """True when ``need`` ({aspect: level or None}) reaches a level ``measure`` is required from."""
    return any(
        need.get(aspect) is not None and need[aspect] >= level for aspect, level in measure.required_from().items()
    )


def required_q(need):
    """The same test as a database filter on Measure rows (nothing required when there is no need)."""
    condition = Q(pk__in=[])
    for aspect in Aspect.values:
        level = need.get(aspect)
        if level is not None:
            condition |= Q(**{f"required_{aspect}__lte": level})
    return condition


def required_measures(need, measures):
    """The active measures among ``measures`` (a queryset) that ``need`` requires, by code."""
    return measures.filter(required_q(need), is_active=True).order_by("code")
