"""Weekly opening hours: overnight ranges, whole days, time zones, clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.opening_hours import (
    MINUTES_PER_DAY,
    HoursError,
    OpenRange,
    WeeklyHours,
    describe,
    format_clock_24,
    is_open,
    open_status,
    parse_clock,
)

NEW_YORK = ZoneInfo("America/New_York")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hm(text: str, *, closing: bool = False) -> int:
    return parse_clock(text, closing=closing)


def weekly(zone: str, *ranges: tuple[int, str, str]) -> WeeklyHours:
    return WeeklyHours(zone, tuple(OpenRange(day, hm(opens), hm(closes, closing=True))
                                   for day, opens, closes in ranges))


def local(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("text, closing, minute", [
    ("9:05", False, 545), ("09:05", False, 545), ("23:59:00", False, 1439),
    ("00:00", False, 0), ("00:00", True, MINUTES_PER_DAY), ("24:00", True, MINUTES_PER_DAY),
])
def test_clock_times_parse_with_midnight_closing_as_end_of_day(text, closing, minute):
    assert parse_clock(text, closing=closing) == minute


@pytest.mark.parametrize("text", ["", "9", "25:00", "12:60", "24:00", "noon", "9:5", "-1:00"])
def test_bad_clock_times_are_refused_with_a_message_key(text):
    with pytest.raises(HoursError) as refused:
        parse_clock(text, closing=False)
    assert refused.value.message_key == "resources.hours.bad_time"


def test_closing_midnight_is_written_as_00_00_so_it_reads_back_the_same():
    assert format_clock_24(MINUTES_PER_DAY) == "00:00"
    assert parse_clock(format_clock_24(MINUTES_PER_DAY), closing=True) == MINUTES_PER_DAY


def test_overnight_range_is_open_until_its_morning_closing_time():
    hours = weekly("America/Chicago", (MON, "20:00", "08:00"))
    assert not is_open(hours, at=local("America/Chicago", 2026, 3, 2, 19, 59))  # Monday
    assert is_open(hours, at=local("America/Chicago", 2026, 3, 2, 20, 0))
    assert is_open(hours, at=local("America/Chicago", 2026, 3, 3, 7, 59))  # Tuesday
    assert not is_open(hours, at=local("America/Chicago", 2026, 3, 3, 8, 0))


def test_sunday_night_range_runs_into_monday_morning():
    hours = weekly("UTC", (SUN, "22:00", "06:00"))
    assert is_open(hours, at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC))  # Monday 05:00
    assert not is_open(hours, at=datetime(2026, 3, 2, 6, 0, tzinfo=UTC))


def test_the_same_instant_is_open_in_one_zone_and_closed_in_another():
    nine_to_five = [(day, "09:00", "17:00") for day in range(5)]
    chicago, london = weekly("America/Chicago", *nine_to_five), weekly("Europe/London",
                                                                        *nine_to_five)
    at = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)  # 14:00 in Chicago, 20:00 in London
    assert is_open(chicago, at=at) and not is_open(london, at=at)


def test_open_24_hours_every_day_is_always_open():
    hours = weekly("America/Denver", *[(day, "00:00", "00:00") for day in range(7)])
    assert hours.always_open
    assert open_status(hours, at=datetime(2026, 7, 1, tzinfo=UTC)).state == "always"


def test_no_ranges_means_hours_not_listed_rather_than_closed():
    status = open_status(WeeklyHours("UTC"), at=datetime(2026, 1, 1, tzinfo=UTC))
    assert status.state == "unknown" and not status.is_open


def test_touching_ranges_close_at_the_end_of_the_whole_stretch():
    hours = weekly("UTC", (MON, "00:00", "00:00"), (TUE, "00:00", "12:00"))
    status = open_status(hours, at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert status.state == "open"
    assert status.changes_at == datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


def test_closed_listing_says_when_it_next_opens_even_next_week():
    hours = weekly("UTC", (MON, "09:00", "10:00"))
    status = open_status(hours, at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    assert status.state == "closed"
    assert status.changes_at == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("ranges, code", [
    ([(MON, "09:00", "12:00"), (MON, "11:00", "14:00")], "overlap"),
    ([(MON, "20:00", "08:00"), (TUE, "07:00", "09:00")], "overlap"),
    ([(SUN, "20:00", "08:00"), (MON, "07:30", "09:00")], "overlap"),
    ([(MON, "09:00", "10:00")] * 2, "overlap"),
    ([(MON, "01:00", "02:00"), (MON, "03:00", "04:00"), (MON, "05:00", "06:00"),
      (MON, "07:00", "08:00")], "too_many"),
])
def test_overlapping_or_too_many_ranges_are_refused(ranges, code):
    with pytest.raises(HoursError) as refused:
        weekly("UTC", *ranges)
    assert refused.value.code == code


def test_a_range_that_opens_and_closes_at_the_same_time_is_refused():
    with pytest.raises(HoursError, match="same_time"):
        OpenRange(MON, 480, 480)


def test_touching_ranges_are_allowed():
    hours = weekly("UTC", (MON, "09:00", "12:00"), (MON, "12:00", "17:00"),
                   (SUN, "22:00", "00:00"))
    assert len(hours.ranges) == 3


def test_unknown_timezone_is_refused():
    with pytest.raises(HoursError, match="bad_timezone"):
        WeeklyHours("Mars/Olympus_Mons", ())


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(WeeklyHours("UTC"), at=datetime(2026, 1, 1))  # noqa: DTZ001


# --- clock changes (America/New_York: 2026-03-08 spring forward, 2026-11-01 fall back) ---

def test_overnight_shelter_across_spring_forward_closes_at_eight_on_the_new_clock():
    hours = weekly("America/New_York", (SAT, "20:00", "08:00"))
    at = datetime(2026, 3, 8, 11, 30, tzinfo=UTC)  # 07:30 EDT, Sunday
    status = open_status(hours, at=at)
    assert status.state == "open"
    assert status.changes_at == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)  # 08:00 EDT
    assert not is_open(hours, at=datetime(2026, 3, 8, 12, 0, tzinfo=UTC))


def test_overnight_shelter_across_fall_back_closes_at_eight_on_the_new_clock():
    hours = weekly("America/New_York", (SAT, "20:00", "08:00"))
    status = open_status(hours, at=datetime(2026, 11, 1, 3, 0, tzinfo=UTC))  # Sat 23:00 EDT
    assert status.changes_at == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)  # 08:00 EST


def test_closing_time_in_the_skipped_hour_is_reached_when_the_clock_jumps():
    hours = weekly("America/New_York", (SUN, "00:00", "02:30"))
    status = open_status(hours, at=datetime(2026, 3, 8, 6, 30, tzinfo=UTC))  # 01:30 EST
    assert status.changes_at == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert not is_open(hours, at=status.changes_at)


def test_repeated_hour_is_open_both_times_and_closes_at_the_next_closing():
    hours = weekly("America/New_York", (SUN, "00:00", "01:30"))
    first = datetime(2026, 11, 1, 5, 15, tzinfo=UTC)  # 01:15 EDT
    second = datetime(2026, 11, 1, 6, 15, tzinfo=UTC)  # 01:15 EST
    assert is_open(hours, at=first) and is_open(hours, at=second)
    assert open_status(hours, at=first).changes_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert open_status(hours, at=second).changes_at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


# --- what the member reads -------------------------------------------------------------

def test_closing_time_is_shown_in_the_members_zone():
    hours = weekly("America/Los_Angeles", (WED, "09:00", "17:00"))
    now = local("America/Los_Angeles", 2026, 3, 4, 10, 0)
    line = describe(open_status(hours, at=now), member_timezone="America/New_York", now=now)
    assert line.key == "resources.status.open_today" and line.is_open
    assert line.at_local.hour == 20 and line.at_local.tzinfo == NEW_YORK


def test_opening_tomorrow_and_later_in_the_week_are_told_apart():
    hours = weekly("UTC", (THU, "09:00", "17:00"))
    wednesday = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
    monday = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    assert describe(open_status(hours, at=wednesday), member_timezone="UTC",
                    now=wednesday).key == "resources.status.closed_tomorrow"
    assert describe(open_status(hours, at=monday), member_timezone="UTC",
                    now=monday).day == "later"


def test_unknown_member_zone_falls_back_to_utc():
    hours = weekly("UTC", (MON, "09:00", "17:00"))
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    line = describe(open_status(hours, at=now), member_timezone="Nowhere/Else", now=now)
    assert line.at_local.utcoffset() == timedelta(0)


# --- properties ---------------------------------------------------------------------

ZONES = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]
quarter = st.integers(0, 95).map(lambda q: q * 15)


@st.composite
def hours_and_instant(draw):
    zone = draw(st.sampled_from(ZONES))
    ranges = []
    for _ in range(draw(st.integers(0, 6))):
        opens, closes = draw(quarter), draw(quarter) or MINUTES_PER_DAY
        if opens != closes:
            ranges.append(OpenRange(draw(st.integers(0, 6)), opens, closes))
    try:
        hours = WeeklyHours(zone, tuple(ranges))
    except HoursError:
        hours = WeeklyHours(zone, ())
    start = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=15 * draw(st.integers(0, 2900)))
    return hours, start


@settings(max_examples=150, deadline=None)
@given(hours_and_instant())
def test_status_holds_until_the_change_it_announces_and_then_flips(case):
    hours, at = case
    status = open_status(hours, at=at)
    assert status.is_open == is_open(hours, at=at)
    if status.changes_at is None:
        return
    assert status.changes_at > at
    moment = at
    while moment < status.changes_at:  # ranges and clock changes sit on a 15-minute grid
        assert is_open(hours, at=moment) == status.is_open
        moment += timedelta(minutes=15)
    assert is_open(hours, at=status.changes_at) != status.is_open
