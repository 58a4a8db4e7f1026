"""The business-time engine: holidays, de facto days, segments, DST, and its two directions agreeing."""

from datetime import date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrbord.servicedesk.sla import STOCKHOLM, BusinessClock

OFFICE = {day: [(time(8), time(17))] for day in range(5)}


def swedish_closed(de_facto=True, extra=()):
    def closed(year):
        days = set(holidays.country_holidays("SE", years=year, categories=("public",)))
        if de_facto:
            days |= set(holidays.country_holidays("SE", years=year, categories=("de_facto",)))
        return days | set(extra)

    return closed


def at(*args):
    return datetime(*args, tzinfo=STOCKHOLM)


office = BusinessClock(segments=OFFICE, closed_dates=swedish_closed())
round_the_clock = BusinessClock(always_open=True)


def test_friday_afternoon_to_monday_morning():
    # Friday 20 Nov 2026 16:00 + 2 business hours = Monday 23 Nov 09:00.
    assert office.add(at(2026, 11, 20, 16), 2 * 3600) == at(2026, 11, 23, 9)
    assert office.minutes_between(at(2026, 11, 20, 16), at(2026, 11, 23, 9)) == 120


def test_before_opening_starts_at_opening():
    assert office.add(at(2026, 11, 24, 6, 30), 30 * 60) == at(2026, 11, 24, 8, 30)


def test_easter_2026():
    # Thursday 2 April 16:00; Good Friday 3 April, Easter Monday 6 April closed.
    assert office.add(at(2026, 4, 2, 16), 2 * 3600) == at(2026, 4, 7, 9)


def test_midsummer_eve_is_closed_only_when_the_calendar_says_so():
    # Thursday 18 June 2026 16:00; midsommarafton Friday 19 June.
    assert office.add(at(2026, 6, 18, 16), 2 * 3600) == at(2026, 6, 22, 9)
    open_on_eve = BusinessClock(segments=OFFICE, closed_dates=swedish_closed(de_facto=False))
    assert open_on_eve.add(at(2026, 6, 18, 16), 2 * 3600) == at(2026, 6, 19, 9)


def test_christmas_and_new_year():
    # Wednesday 23 Dec 2026 16:00; 24, 25 Dec closed, 26–27 weekend; Monday 28 Dec open.
    assert office.add(at(2026, 12, 23, 16), 2 * 3600) == at(2026, 12, 28, 9)


def test_klamdag_is_open_unless_the_organisation_closes_it():
    # Kristi himmelsfärd Thursday 14 May 2026; Friday 15 May is a klämdag.
    assert office.add(at(2026, 5, 13, 16), 2 * 3600) == at(2026, 5, 15, 9)
    closing = BusinessClock(segments=OFFICE, closed_dates=swedish_closed(extra=[date(2026, 5, 15)]))
    assert closing.add(at(2026, 5, 13, 16), 2 * 3600) == at(2026, 5, 18, 9)


def test_several_segments_per_day():
    split = BusinessClock(segments={0: [(time(8), time(12)), (time(13), time(17))]})
    monday = at(2026, 11, 23, 11)
    assert split.add(monday, 2 * 3600) == at(2026, 11, 23, 14)
    assert split.minutes_between(monday, at(2026, 11, 23, 14)) == 120
    # Lunch is not business time.
    assert split.minutes_between(at(2026, 11, 23, 12), at(2026, 11, 23, 13)) == 0


@pytest.mark.parametrize("day, hours", [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 3, 30), 24)])
def test_24_7_across_daylight_saving_changes(day, hours):
    start = datetime.combine(day, time(0), tzinfo=STOCKHOLM)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=STOCKHOLM)
    assert round_the_clock.seconds_between(start, end) == hours * 3600
    assert round_the_clock.add(start, hours * 3600) == end


def test_4_hours_24_7_across_spring_forward():
    # 29 March 2026 00:30 CET + 4 real hours = 05:30 CEST (the clock jumps 02:00 -> 03:00).
    assert round_the_clock.add(at(2026, 3, 29, 0, 30), 4 * 3600) == at(2026, 3, 29, 5, 30)


def test_office_hours_on_dst_days_are_wall_clock():
    monday_after = BusinessClock(segments={6: [(time(8), time(17))]})
    start = at(2026, 3, 29, 8)
    assert monday_after.add(start, 9 * 3600) == at(2026, 3, 29, 17)


def test_zero_and_reverse_intervals():
    t = at(2026, 11, 24, 10)
    assert office.add(t, 0) == t
    assert office.seconds_between(t, t - timedelta(hours=1)) == 0


instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=STOCKHOLM)
)
durations = st.integers(min_value=0, max_value=60 * 60 * 24 * 15)


@settings(max_examples=300, deadline=None)
@given(start=instants, seconds=durations)
def test_adding_then_measuring_gives_back_the_same_time(start, seconds):
    for clock in (office, round_the_clock):
        end = clock.add(start, seconds)
        assert end >= start
        assert clock.seconds_between(start, end) == seconds


@settings(max_examples=200, deadline=None)
@given(start=instants, first=durations, second=durations)
def test_both_directions_are_monotone(start, first, second):
    small, large = sorted((first, second))
    assert office.add(start, small) <= office.add(start, large)
    later = start + timedelta(seconds=large)
    assert office.seconds_between(start, start + timedelta(seconds=small)) <= office.seconds_between(start, later)
