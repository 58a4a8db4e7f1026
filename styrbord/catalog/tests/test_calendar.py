"""The calendar rules the service desk's SLA clocks build on: closed days and opening intervals."""

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrbord.catalog import services
from styrbord.catalog.calendar import (
    STOCKHOLM,
    closed_dates,
    closed_days,
    de_facto_holidays,
    duration,
    is_open_day,
    open_time,
    opening_intervals,
    public_holidays,
)
from styrbord.catalog.tests.factories import make_calendar

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def at(day, hour, minute=0):
    """A wall-clock time in Stockholm."""
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def local_intervals(calendar, start, end):
    """Intervals as (date, "HH:MM", "HH:MM") in local time, easy to read in asserts."""
    return [
        (opens.date(), f"{opens:%H:%M}", f"{closes:%H:%M}") for opens, closes in opening_intervals(calendar, start, end)
    ]


@pytest.fixture
def office(world):
    """Kontorstid: Monday to Friday 08:00–17:00, closed on public holidays and the de facto ones."""
    return make_calendar(world.org, name="Kontorstid")


@pytest.fixture
def around_the_clock(world):
    return make_calendar(
        world.org,
        name="Dygnet runt",
        always_open=True,
        closed_on_public_holidays=False,
        closed_on_de_facto_holidays=False,
    )


def test_installed_holidays_package_has_the_categories_we_rely_on():
    public = holidays.country_holidays("SE", years=2026, categories=(holidays.PUBLIC,))
    assert len(public) == 13  # the statutory days; Sundays are not listed
    assert date(2026, 4, 3) in public and date(2026, 6, 20) in public and date(2026, 5, 14) in public
    de_facto = holidays.country_holidays("SE", years=2026, categories=(holidays.DE_FACTO,))
    assert set(de_facto) == {date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)}
    # Påskafton and pingstafton are Saturdays, so the package files them elsewhere; we add them from Easter.
    optional = holidays.country_holidays("SE", years=2026, categories=(holidays.OPTIONAL,))
    assert date(2026, 4, 4) in optional and date(2026, 5, 23) in optional
    assert date(2026, 5, 15) in optional  # the klämdag is optional: open unless the organisation closes it


def test_de_facto_days_include_easter_and_whitsun_eve():
    assert set(de_facto_holidays(2026)) == {
        date(2026, 4, 4),  # påskafton
        date(2026, 5, 23),  # pingstafton
        date(2026, 6, 19),  # midsommarafton
        date(2026, 12, 24),  # julafton
        date(2026, 12, 31),  # nyårsafton
    }
    assert set(de_facto_holidays(2027)) >= {date(2027, 3, 27), date(2027, 5, 15), date(2027, 6, 25)}


def test_holiday_names_follow_the_language():
    with translation.override("sv"):
        assert public_holidays(2026)[date(2026, 4, 3)] == "Långfredagen"
    with translation.override("en"):
        assert public_holidays(2026)[date(2026, 4, 3)] == "Good Friday"


def test_a_week_across_a_weekend(office):
    friday, monday = date(2026, 3, 6), date(2026, 3, 9)
    assert local_intervals(office, at(friday, 16), at(monday, 10)) == [
        (friday, "16:00", "17:00"),
        (monday, "08:00", "10:00"),
    ]
    assert open_time(office, at(friday, 16), at(monday, 10)) == 3 * HOUR
    assert not is_open_day(office, date(2026, 3, 7)) and not is_open_day(office, date(2026, 3, 8))
    assert open_time(office, at(monday, 0), at(monday + timedelta(days=7), 0)) == 45 * HOUR


def test_midsummer_2026(office, around_the_clock):
    assert closed_dates(office, date(2026, 6, 18), date(2026, 6, 22)) == {date(2026, 6, 19), date(2026, 6, 20)}
    assert is_open_day(office, date(2026, 6, 18))
    assert not is_open_day(office, date(2026, 6, 19))  # midsommarafton
    assert is_open_day(office, date(2026, 6, 22))
    assert local_intervals(office, at(date(2026, 6, 18), 16), at(date(2026, 6, 22), 9)) == [
        (date(2026, 6, 18), "16:00", "17:00"),
        (date(2026, 6, 22), "08:00", "09:00"),
    ]
    assert open_time(around_the_clock, at(date(2026, 6, 19), 0), at(date(2026, 6, 21), 0)) == 48 * HOUR


def test_midsummer_eve_is_open_when_the_calendar_keeps_de_facto_days_open(world):
    calendar = make_calendar(world.org, closed_on_de_facto_holidays=False)
    assert is_open_day(calendar, date(2026, 6, 19))
    assert not is_open_day(calendar, date(2026, 6, 20))  # midsommardagen: a Saturday anyway


def test_easter_2026(office, world):
    closed = closed_dates(office, date(2026, 3, 30), date(2026, 4, 12))
    assert {date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 5), date(2026, 4, 6)} <= closed
    assert is_open_day(office, date(2026, 4, 2))  # skärtorsdagen
    assert not is_open_day(office, date(2026, 4, 3))  # långfredagen
    assert not is_open_day(office, date(2026, 4, 6))  # annandag påsk
    assert is_open_day(office, date(2026, 4, 7))
    assert local_intervals(office, at(date(2026, 4, 2), 12), at(date(2026, 4, 7), 12)) == [
        (date(2026, 4, 2), "12:00", "17:00"),
        (date(2026, 4, 7), "08:00", "12:00"),
    ]
    weekend_duty = make_calendar(world.org, hours=(), always_open=True, closed_on_de_facto_holidays=False)
    assert not is_open_day(weekend_duty, date(2026, 4, 3))
    assert is_open_day(weekend_duty, date(2026, 4, 4))  # påskafton is not a public holiday


def test_christmas_and_new_year(office):
    days = closed_days(office, date(2026, 12, 20), date(2027, 1, 10))
    assert set(days) == {
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 6),
    }
    assert is_open_day(office, date(2026, 12, 23))
    assert is_open_day(office, date(2026, 12, 28))
    assert open_time(office, at(date(2026, 12, 21), 0), at(date(2027, 1, 4), 0)) == 6 * 9 * HOUR


def test_klamdag_is_open_unless_the_organisation_closes_it(office, around_the_clock, world):
    klamdag = date(2026, 5, 15)  # Friday after Kristi himmelsfärdsdag (Thursday 14 May)
    assert not is_open_day(office, date(2026, 5, 14))
    assert is_open_day(office, klamdag)
    services.add_closed_day(acting_user=None, organisation=world.org, calendar=office, date=klamdag, name="Klämdag")
    assert not is_open_day(office, klamdag)
    assert closed_days(office, klamdag, klamdag) == {klamdag: "Klämdag"}
    assert is_open_day(around_the_clock, klamdag)  # closed in that calendar only


def test_an_organisation_closed_day_closes_every_calendar_of_that_organisation(office, around_the_clock, world):
    day = date(2026, 10, 9)
    services.add_closed_day(acting_user=None, organisation=world.org, date=day, name="Personaldag")
    assert not is_open_day(office, day)
    assert not is_open_day(around_the_clock, day)
    others = make_calendar(world.other_org)
    assert is_open_day(others, day)
    assert local_intervals(office, at(day, 0), at(day + timedelta(days=1), 0)) == []


def test_two_segments_in_a_day(world):
    calendar = make_calendar(world.org, hours=("08:00-12:00", "13:00-17:00"))
    wednesday = date(2026, 3, 11)
    assert local_intervals(calendar, at(wednesday, 7), at(wednesday, 18)) == [
        (wednesday, "08:00", "12:00"),
        (wednesday, "13:00", "17:00"),
    ]
    assert local_intervals(calendar, at(wednesday, 11, 30), at(wednesday, 13, 15)) == [
        (wednesday, "11:30", "12:00"),
        (wednesday, "13:00", "13:15"),
    ]
    assert open_time(calendar, at(wednesday, 12, 10), at(wednesday, 12, 50)) == timedelta(0)


def test_around_the_clock_across_the_daylight_saving_changes(around_the_clock):
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)
    assert open_time(around_the_clock, at(spring, 0), at(spring + timedelta(days=1), 0)) == 23 * HOUR
    assert open_time(around_the_clock, at(autumn, 0), at(autumn + timedelta(days=1), 0)) == 25 * HOUR
    [(opens, closes)] = opening_intervals(around_the_clock, at(spring, 0), at(spring + timedelta(days=1), 0))
    assert opens.tzinfo is STOCKHOLM and closes.tzinfo is STOCKHOLM
    assert opens.utcoffset() == HOUR and closes.utcoffset() == 2 * HOUR
    assert duration(opens, closes) == 23 * HOUR


def test_office_hours_keep_their_wall_clock_across_the_change(office):
    monday = date(2026, 3, 30)  # the first day of summer time
    [(opens, closes)] = opening_intervals(office, at(monday, 0), at(monday, 23))
    assert (f"{opens:%H:%M}", f"{closes:%H:%M}") == ("08:00", "17:00")
    assert opens.utcoffset() == 2 * HOUR and duration(opens, closes) == 9 * HOUR


def test_intervals_accept_any_time_zone_and_an_empty_range(office):
    monday = date(2026, 3, 9)
    nine_in_stockholm = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert open_time(office, nine_in_stockholm, at(monday, 10)) == HOUR
    assert list(opening_intervals(office, at(monday, 10), at(monday, 9))) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.integers(min_value=0, max_value=60 * 24 * 60),
    middle=st.integers(min_value=0, max_value=60 * 24 * 60),
    end=st.integers(min_value=0, max_value=60 * 24 * 60),
)
def test_open_time_adds_up_over_any_split(office, start, middle, end):
    first, middle, last = sorted((start, middle, end))
    origin = at(date(2026, 3, 1), 0)
    a, b, c = (origin + timedelta(minutes=m) for m in (first, middle, last))
    assert open_time(office, a, c) == open_time(office, a, b) + open_time(office, b, c)
