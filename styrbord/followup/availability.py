"""Measured availability per service level from the recorded outages.

Availability of a level over a period = 1 − unplanned outage time / service time, both measured
on the level's business calendar (its service hours): an outage at night does not count against
a level whose service hours are office hours, and a 24/7 calendar counts every minute. This is
what the catalogue promises (availability within the service hours) and uses the same clock as
the SLA deadlines (``servicedesk.sla.BusinessClock``).

- An outage recorded for a service without a level applies to every level of the service.
- Overlapping outages of a level are merged first, so the same minute is never counted twice.
- Planned outages (announced maintenance within the maintenance window) are left out; the
  window is free text in the catalogue, so the person recording the outage decides.
- An outage still going on counts up to the end of the period (at most now).
- The current year is measured up to now: service time and outage time both end there.

The work is per level and outage, never per ticket: two queries for the outages and levels,
and the calendars' closed days once per calendar and year.
"""

from datetime import UTC, datetime

from django.db.models import Q
from django.utils import timezone

from styrbord.catalog.models import ServiceLevel
from styrbord.servicedesk.sla import STOCKHOLM, ClockCache

from .models import Outage


def year_bounds(year, now=None):
    """[1 January, the next 1 January) in Stockholm time, the end capped at ``now``."""
    now = now or timezone.now()
    start = datetime(year, 1, 1, tzinfo=STOCKHOLM)
    end = datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
    return start, min(end, max(now, start))


def merged(intervals):
    """Merge overlapping or touching (start, end) intervals."""
    result = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def outages_between(organisation, start, end):
    """Unplanned outages of the organisation that overlap [start, end)."""
    return (
        Outage.objects.filter(organisation=organisation, planned=False, starts_at__lt=end)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=start))
        .values_list("service_id", "level_id", "starts_at", "ends_at")
    )


def availability_by_level(organisation, start, end, *, clocks=None, levels=None):
    """{level id: {"service_minutes", "outage_minutes", "outages", "availability"}} for [start, end).

    ``availability`` is a percentage with three decimals (None when the level had no service time).
    """
    clocks = clocks or ClockCache()
    if levels is None:
        levels = ServiceLevel.objects.filter(service__organisation=organisation).select_related("calendar")
        levels = levels.prefetch_related("calendar__segments")
    by_service, by_level = {}, {}
    for service_id, level_id, starts_at, ends_at in outages_between(organisation, start, end):
        interval = (max(starts_at, start).astimezone(UTC), min(ends_at or end, end).astimezone(UTC))
        if interval[0] >= interval[1]:
            continue
        if level_id is None:
            by_service.setdefault(service_id, []).append(interval)
        else:
            by_level.setdefault(level_id, []).append(interval)
    result = {}
    for level in levels:
        clock = clocks(level.calendar)
        service_seconds = clock.seconds_between(start, end)
        intervals = by_level.get(level.pk, []) + by_service.get(level.service_id, [])
        down_seconds = sum(clock.seconds_between(a, b) for a, b in merged(intervals))
        availability = None
        if service_seconds:
            availability = round(100 * (1 - down_seconds / service_seconds), 3)
        result[level.pk] = {
            "service_minutes": round(service_seconds / 60),
            "outage_minutes": round(down_seconds / 60),
            "outages": len(intervals),
            "availability": availability,
        }
    return result
