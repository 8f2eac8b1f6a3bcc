"""Weekly hours read in the viewer's zone, so a listing needs one time-zone note."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.domain.opening_hours import OpenRange, WeeklyHours, shown_in_zone

MARCH = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # both US zones on standard time
OFFICE = tuple(OpenRange(day, 9 * 60, 17 * 60) for day in range(5))


def test_the_same_clock_changes_nothing():
    hours = WeeklyHours("America/Chicago", OFFICE)
    assert shown_in_zone(hours, "America/Chicago", at=MARCH) == OFFICE
    assert shown_in_zone(hours, "America/Winnipeg", at=MARCH) == OFFICE  # same offset


def test_office_hours_in_los_angeles_read_two_hours_later_in_chicago():
    shown = shown_in_zone(WeeklyHours("America/Los_Angeles", OFFICE), "America/Chicago",
                          at=MARCH)
    assert shown == tuple(OpenRange(day, 11 * 60, 19 * 60) for day in range(5))


def test_an_overnight_shelter_stays_one_range_a_night_across_the_week_end():
    nights = WeeklyHours("America/Chicago", tuple(OpenRange(d, 19 * 60, 7 * 60)
                                                   for d in range(7)))
    shown = shown_in_zone(nights, "America/Los_Angeles", at=MARCH)
    assert shown == tuple(OpenRange(d, 17 * 60, 5 * 60) for d in range(7))
    madrid = shown_in_zone(nights, "Europe/Madrid", at=MARCH)
    assert madrid == tuple(OpenRange(d, 2 * 60, 14 * 60) for d in range(7))


def test_around_the_clock_stays_open_24_hours_and_whole_days_split_at_midnight():
    always = WeeklyHours("America/Los_Angeles", tuple(OpenRange(d, 0, 1440) for d in range(7)))
    assert shown_in_zone(always, "Asia/Tokyo", at=MARCH) == always.ranges
    weekend = WeeklyHours("America/Los_Angeles", (OpenRange(5, 0, 1440), OpenRange(6, 0, 1440)))
    assert shown_in_zone(weekend, "America/New_York", at=MARCH) == (
        OpenRange(0, 0, 180), OpenRange(5, 180, 1440), OpenRange(6, 0, 1440))


def test_no_hours_and_unknown_zones():
    assert shown_in_zone(WeeklyHours("America/Chicago"), "Asia/Tokyo", at=MARCH) == ()
    utc = shown_in_zone(WeeklyHours("America/Chicago", OFFICE), "Not/A_Zone", at=MARCH)
    assert utc == tuple(OpenRange(day, 15 * 60, 23 * 60) for day in range(5))
