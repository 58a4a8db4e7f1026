"""The rules of a business calendar: which days are closed and when it is open.

Plain functions on a ``BusinessCalendar``; the service desk's SLA clocks build on them.

- Closed days: the Swedish public holidays (lag 1989:253) from the ``holidays`` package when
  the calendar closes on them; the de facto holidays (påskafton, pingstafton, midsommarafton,
  julafton, nyårsafton) when it closes on those; and the organisation's own closed days,
  for every calendar or for this one. Sundays and Saturdays are closed because a calendar
  has no opening segments on them, not because they are listed here.
- Opening hours: one or more segments per weekday, or 24/7. Intervals are built from the
  wall clock in Europe/Stockholm, so the days of the daylight-saving changes are 23 and
  25 hours long. Measure an interval with ``duration`` (or in UTC): Python ignores the zone
  when it subtracts two datetimes that share one tzinfo.
"""

from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MIDNIGHT = time(0, 0)


def _holiday_language():
    return "sv" if (translation.get_language() or "sv").startswith("sv") else "en_US"


@lru_cache(maxsize=256)
def _swedish_holidays(year, category, language):
    return dict(holidays.country_holidays("SE", years=year, categories=(category,), language=language))


def public_holidays(year):
    """The statutory public holidays of a year (Sundays are not listed), date → name."""
    return dict(_swedish_holidays(year, holidays.PUBLIC, _holiday_language()))


def de_facto_holidays(year):
    """Påskafton, pingstafton, midsommarafton, julafton and nyårsafton, date → name.

    ``holidays`` lists midsommarafton, julafton and nyårsafton as ``de_facto``; påskafton and
    pingstafton are always Saturdays, so it does not, and they are added from Easter here.
    """
    days = dict(_swedish_holidays(year, holidays.DE_FACTO, _holiday_language()))
    easter_sunday = easter(year)
    days[easter_sunday - timedelta(days=1)] = _("Easter Eve")
    days[easter_sunday + timedelta(days=48)] = _("Whitsun Eve")
    return days


def _years(start_date, end_date):
    return range(start_date.year, end_date.year + 1)


def closed_days(calendar, start_date, end_date):
    """Every day from ``start_date`` to ``end_date`` (inclusive) the calendar is closed, date → reason.

    The organisation's own closed days are read in one query.
    """
    from .models import ClosedDay

    days = {}
    for year in _years(start_date, end_date):
        if calendar.closed_on_de_facto_holidays:
            days.update(de_facto_holidays(year))
        if calendar.closed_on_public_holidays:
            days.update(public_holidays(year))
    own = ClosedDay.objects.filter(
        Q(calendar__isnull=True) | Q(calendar_id=calendar.pk),
        organisation_id=calendar.organisation_id,
        date__range=(start_date, end_date),
    ).values_list("date", "name")
    days.update(own)
    return {day: name for day, name in sorted(days.items()) if start_date <= day <= end_date}


def closed_dates(calendar, start_date, end_date):
    """The set of days from ``start_date`` to ``end_date`` (inclusive) the calendar is closed."""
    return set(closed_days(calendar, start_date, end_date))


def weekly_segments(calendar):
    """Weekday (0 = Monday) → sorted [(opens, closes), ...]; uses prefetched segments when present."""
    by_day = {}
    for segment in calendar.segments.all():
        by_day.setdefault(segment.weekday, []).append((segment.opens, segment.closes))
    return {weekday: sorted(segments) for weekday, segments in by_day.items()}


def is_open_day(calendar, day, *, closed=None):
    """The calendar is open at some time on ``day`` (``closed``: precomputed closed dates)."""
    closed = closed_dates(calendar, day, day) if closed is None else closed
    if day in closed:
        return False
    return calendar.always_open or bool(weekly_segments(calendar).get(day.weekday()))


def _instant(day, wall_clock):
    """A local wall-clock time as UTC (a time inside the spring gap counts as the hour after)."""
    return datetime.combine(day, wall_clock, tzinfo=STOCKHOLM).astimezone(UTC)


def opening_intervals(calendar, start, end):
    """The intervals in which the calendar is open between two aware datetimes, in order.

    Yields ``(opens, closes)`` as aware datetimes in Europe/Stockholm, clipped to
    ``[start, end)``. The calendar's segments and closed days are read once.
    """
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if end_utc <= start_utc:
        return
    first_day = start_utc.astimezone(STOCKHOLM).date()
    last_day = end_utc.astimezone(STOCKHOLM).date()
    closed = closed_dates(calendar, first_day, last_day)
    segments = {} if calendar.always_open else weekly_segments(calendar)
    day = first_day
    while day <= last_day:
        if day not in closed:
            if calendar.always_open:
                day_intervals = [(_instant(day, MIDNIGHT), _instant(day + timedelta(days=1), MIDNIGHT))]
            else:
                day_intervals = [(_instant(day, o), _instant(day, c)) for o, c in segments.get(day.weekday(), ())]
            for opens, closes in day_intervals:
                opens, closes = max(opens, start_utc), min(closes, end_utc)
                if opens < closes:
                    yield opens.astimezone(STOCKHOLM), closes.astimezone(STOCKHOLM)
        day += timedelta(days=1)


def duration(opens, closes):
    """The real length of an interval, correct across daylight-saving changes."""
    return closes.astimezone(UTC) - opens.astimezone(UTC)


def open_time(calendar, start, end):
    """How long the calendar is open between two aware datetimes."""
    return sum((duration(*interval) for interval in opening_intervals(calendar, start, end)), timedelta())
