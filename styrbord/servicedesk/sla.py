"""Business time on a calendar: the one engine behind every SLA figure.

``BusinessClock`` walks a calendar's open intervals; both ``seconds_between`` (elapsed
business time) and ``add`` (the instant N business seconds after t) are built on that
one walk, so deadlines, elapsed time, progress bars and reports can never disagree.

Intervals are built from wall-clock times in Europe/Stockholm and measured in UTC, so
the 23- and 25-hour days of the daylight-saving changes count their real length.
Several segments per day, Swedish public holidays, a calendar's de facto closed days and
the organisation's own closed days all come from the calendar. The clock touches the
database only when it first needs a year's closed days; reuse one clock for many tickets.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")
MIDNIGHT = time(0, 0)
# How far a walk may go before giving up (a calendar with no opening hours at all).
MAX_DAYS = 366 * 5


@dataclass
class BusinessClock:
    """Pure schedule data; ``closed_dates(year) -> set[date]`` supplies holidays lazily."""

    always_open: bool = False
    segments: dict = field(default_factory=dict)  # weekday (0=Monday) -> [(opens, closes), ...]
    closed_dates: object = None
    tz: ZoneInfo = STOCKHOLM
    _closed_cache: dict = field(default_factory=dict, repr=False)
    # Pure functions of the schedule, memoised: reports measure the same year for many levels.
    _day_cache: dict = field(default_factory=dict, repr=False)
    _between_cache: dict = field(default_factory=dict, repr=False)

    def is_closed(self, day: date) -> bool:
        if self.closed_dates is None:
            return False
        closed = self._closed_cache.get(day.year)
        if closed is None:
            closed = self._closed_cache[day.year] = frozenset(self.closed_dates(day.year))
        return day in closed

    def _instant(self, day: date, wall_clock: time) -> datetime:
        # Arithmetic on aware datetimes sharing one tzinfo ignores DST; UTC makes it exact.
        return datetime.combine(day, wall_clock, tzinfo=self.tz).astimezone(UTC)

    def day_intervals(self, day: date):
        """The open intervals of one local day, as UTC datetimes, in order."""
        intervals = self._day_cache.get(day)
        if intervals is None:
            if len(self._day_cache) > 20000:  # a long-lived clock: bound the memory
                self._day_cache.clear()
            intervals = self._day_cache[day] = self._day_intervals(day)
        return intervals

    def _day_intervals(self, day: date):
        if self.is_closed(day):
            return []
        if self.always_open:
            return [(self._instant(day, MIDNIGHT), self._instant(day + timedelta(days=1), MIDNIGHT))]
        return [
            (self._instant(day, opens), self._instant(day, closes))
            for opens, closes in self.segments.get(day.weekday(), ())
        ]

    def intervals_from(self, start: datetime):
        """Open intervals from ``start`` onwards, the first one clipped to begin at ``start``."""
        start = start.astimezone(UTC)
        day = start.astimezone(self.tz).date()
        for _ in range(MAX_DAYS):
            for opens, closes in self.day_intervals(day):
                if closes <= start:
                    continue
                yield max(opens, start), closes
            day += timedelta(days=1)

    def seconds_between(self, start: datetime, end: datetime) -> int:
        """Business seconds in [start, end); zero when end is not after start."""
        if end <= start:
            return 0
        key = (start, end)
        known = self._between_cache.get(key)
        if known is not None:
            return known
        if len(self._between_cache) > 1000:
            self._between_cache.clear()
        known = self._between_cache[key] = self._seconds_between(start, end)
        return known

    def _seconds_between(self, start: datetime, end: datetime) -> int:
        end = end.astimezone(UTC)
        total = 0.0
        for opens, closes in self.intervals_from(start):
            if opens >= end:
                break
            total += (min(closes, end) - opens).total_seconds()
            if closes >= end:
                break
        return round(total)

    def add(self, start: datetime, seconds: int) -> datetime:
        """The instant when ``seconds`` business seconds have passed after ``start``."""
        remaining = seconds
        if remaining <= 0:
            return start.astimezone(UTC)
        for opens, closes in self.intervals_from(start):
            available = (closes - opens).total_seconds()
            if remaining <= available:
                # UTC: exact and unambiguous, also in the repeated hour of the autumn change.
                return opens + timedelta(seconds=remaining)
            remaining -= available
        raise ValueError("The calendar has no opening hours within five years.")

    def minutes_between(self, start: datetime, end: datetime) -> float:
        return self.seconds_between(start, end) / 60

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        return self.add(start, round(minutes * 60))


def clock_for(calendar):
    """A clock for a catalogue BusinessCalendar (segments read once; closed days per year on demand)."""
    from styrbord.catalog.calendar import closed_dates

    segments = {}
    for segment in calendar.segments.all():
        segments.setdefault(segment.weekday, []).append((segment.opens, segment.closes))
    for day_segments in segments.values():
        day_segments.sort()

    def closed_in(year):
        return closed_dates(calendar, date(year, 1, 1), date(year, 12, 31))

    return BusinessClock(always_open=calendar.always_open, segments=segments, closed_dates=closed_in)


class ClockCache:
    """One clock per calendar for the length of a task or request."""

    def __init__(self):
        self._clocks = {}

    def __call__(self, calendar):
        clock = self._clocks.get(calendar.pk)
        if clock is None:
            clock = self._clocks[calendar.pk] = clock_for(calendar)
        return clock


# The history tables of everything a new ticket's priority and deadlines depend on. Every change
# through the services (and the admin) adds a history row, so the largest history ids name the
# configuration's version: one cheap query instead of re-reading levels, targets, calendars,
# segments, closed days, the priority matrix and the desk settings on every request. A change
# that is rolled back leaves ids that never become the largest again, so the cache cannot keep it.
CONFIG_HISTORY_TABLES = (
    "catalog_historicalservicelevel",
    "catalog_historicalleveltarget",
    "catalog_historicalbusinesscalendar",
    "catalog_historicalopeningsegment",
    "catalog_historicalclosedday",
    "servicedesk_historicalpriorityrule",
    "servicedesk_historicaldesksettings",
)
_shared = {}


def config_version(using="default"):
    from django.db import connections

    connection = connections[using]
    tables = CONFIG_HISTORY_TABLES  # constants, not input
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return (connection.settings_dict["NAME"], *cursor.fetchone())


class ConfigCache(ClockCache):
    """A ``ClockCache`` kept by the process while the configuration does not change, with the
    levels (targets, calendar and segments prefetched) and priority matrices it has read."""

    def __init__(self, version):
        super().__init__()
        self.version = version
        self._levels = {}
        self._rules = {}

    def level(self, level_id):
        from styrbord.catalog.models import ServiceLevel

        if level_id is None:
            return None
        level = self._levels.get(level_id)
        if level is None:
            level = self._levels[level_id] = (
                ServiceLevel.objects.select_related("calendar")
                .prefetch_related("targets", "calendar__segments")
                .get(pk=level_id)
            )
        return level

    def priority_rules(self, organisation_id):
        from .models import PriorityRule

        rules = self._rules.get(organisation_id)
        if rules is None:
            rules = self._rules[organisation_id] = {
                (r.impact, r.urgency): r.priority for r in PriorityRule.objects.filter(organisation_id=organisation_id)
            }
        return rules


def shared_config():
    """The process's ``ConfigCache`` for the current configuration (one query to check it is current)."""
    version = config_version()
    cache = _shared.get("config")
    if cache is None or cache.version != version:
        cache = _shared["config"] = ConfigCache(version)
    return cache
