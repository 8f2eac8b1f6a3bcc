"""Availability across time zones: DST days for mentors and viewers, weekly UTC hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from portal.domain.availability import AvailabilityError, present_slots, weekly_hours_utc
from tests.factories.calendar import MONDAY, SUNDAY, rules_for, slots_on, wall, window

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")

# --- DST, mentor side -----------------------------------------------------------------


def test_spring_forward_window_in_new_york_loses_the_missing_hour():
    rules = rules_for("America/New_York", window(SUNDAY, "01:00", "04:00"))
    slots = slots_on(rules, date(2024, 3, 10), NEW_YORK, length=30, step=30)
    assert wall(NEW_YORK, slots) == [
        "03-10 01:00 EST",
        "03-10 01:30 EST",
        "03-10 03:00 EDT",
        "03-10 03:30 EDT",
    ]


def test_window_starting_inside_the_missing_hour_begins_when_clocks_jump():
    rules = rules_for("America/New_York", window(SUNDAY, "02:30", "05:00"))
    slots = slots_on(rules, date(2024, 3, 10), NEW_YORK, length=60, step=60)
    assert wall(NEW_YORK, slots) == ["03-10 03:00 EDT", "03-10 04:00 EDT"]


def test_window_wholly_inside_the_missing_hour_offers_nothing():
    rules = rules_for("America/New_York", window(SUNDAY, "02:00", "03:00"))
    assert slots_on(rules, date(2024, 3, 10), NEW_YORK, length=30, step=15) == []


def test_fall_back_window_in_new_york_covers_the_repeated_hour_once_per_real_instant():
    rules = rules_for("America/New_York", window(SUNDAY, "00:00", "03:00"))
    slots = slots_on(rules, date(2024, 11, 3), NEW_YORK, length=60, step=60)
    assert wall(NEW_YORK, slots) == [
        "11-03 00:00 EDT",
        "11-03 01:00 EDT",
        "11-03 01:00 EST",
        "11-03 02:00 EST",
    ]
    assert [slot.hour for slot in slots] == [4, 5, 6, 7]


def test_fall_back_slots_with_a_fine_step_never_repeat_an_instant():
    rules = rules_for("America/New_York", window(SUNDAY, "00:30", "02:30"))
    slots = slots_on(rules, date(2024, 11, 3), NEW_YORK, length=30, step=15)
    assert len(slots) == len(set(slots))
    assert slots == sorted(slots)
    # 00:30 EDT to 02:30 EST is three real hours: starts every 15 min but the last 15.
    assert len(slots) == 3 * 4 - 1


def test_spring_forward_window_in_london_loses_the_missing_hour():
    rules = rules_for("Europe/London", window(SUNDAY, "00:00", "03:00"))
    slots = slots_on(rules, date(2024, 3, 31), LONDON, length=60, step=60)
    assert wall(LONDON, slots) == ["03-31 00:00 GMT", "03-31 02:00 BST"]


def test_fall_back_window_in_london_covers_the_repeated_hour_once_per_real_instant():
    rules = rules_for("Europe/London", window(SUNDAY, "00:30", "02:30"))
    slots = slots_on(rules, date(2024, 10, 27), LONDON, length=60, step=30)
    assert wall(LONDON, slots) == [
        "10-27 00:30 BST",
        "10-27 01:00 BST",
        "10-27 01:30 BST",
        "10-27 01:00 GMT",
        "10-27 01:30 GMT",
    ]


def test_london_evening_window_keeps_its_wall_clock_hours_across_the_change():
    rules = rules_for("Europe/London", window(MONDAY, "18:00", "19:00"))
    winter = slots_on(rules, date(2024, 3, 18), LONDON, length=60)
    summer = slots_on(rules, date(2024, 4, 1), LONDON, length=60)
    assert [slot.hour for slot in winter] == [18]
    assert [slot.hour for slot in summer] == [17]


def test_kolkata_mentor_has_the_same_utc_slots_all_year():
    rules = rules_for("Asia/Kolkata", window(SUNDAY, "09:00", "10:00"))
    march = slots_on(rules, date(2024, 3, 10), KOLKATA, length=60)
    november = slots_on(rules, date(2024, 11, 3), KOLKATA, length=60)
    assert [slot.time() for slot in march] == [time(3, 30)]
    assert [slot.time() for slot in november] == [time(3, 30)]


def test_phoenix_mentor_is_unmoved_by_new_york_clock_changes():
    phoenix = ZoneInfo("America/Phoenix")
    rules = rules_for("America/Phoenix", window(SUNDAY, "09:00", "11:00"))
    hours = {
        day: [slot.hour for slot in slots_on(rules, day, phoenix)]
        for day in (date(2024, 3, 3), date(2024, 3, 10), date(2024, 11, 3))
    }
    assert hours == {day: [16, 17] for day in hours}


# --- DST and time zones, viewer side ------------------------------------------------


def test_new_york_viewer_sees_the_repeated_hour_flagged_on_fall_back_day():
    starts = [datetime(2024, 11, 3, hour, 30, tzinfo=UTC) for hour in (4, 5, 6, 7)]
    (day,) = present_slots(starts, "America/New_York")
    assert day.day == date(2024, 11, 3)
    assert [(s.local_start.strftime("%H:%M"), s.zone_abbreviation) for s in day.slots] == [
        ("00:30", "EDT"),
        ("01:30", "EDT"),
        ("01:30", "EST"),
        ("02:30", "EST"),
    ]
    assert [slot.repeated_time for slot in day.slots] == [False, True, True, False]


def test_london_viewer_sees_spring_forward_slots_on_their_own_clock():
    starts = [datetime(2024, 3, 31, 0, 30, tzinfo=UTC), datetime(2024, 3, 31, 1, 0, tzinfo=UTC)]
    (day,) = present_slots(starts, "Europe/London")
    assert [s.local_start.strftime("%H:%M %Z") for s in day.slots] == ["00:30 GMT", "02:00 BST"]


def test_london_viewer_on_fall_back_day_gets_distinct_repeated_times():
    starts = [datetime(2024, 10, 27, 0, 30, tzinfo=UTC), datetime(2024, 10, 27, 1, 30, tzinfo=UTC)]
    (day,) = present_slots(starts, "Europe/London")
    assert [s.local_start.strftime("%H:%M %Z") for s in day.slots] == ["01:30 BST", "01:30 GMT"]
    assert all(slot.repeated_time for slot in day.slots)


def test_viewer_in_new_york_spring_forward_groups_by_their_own_date():
    starts = [datetime(2024, 3, 10, 6, 30, tzinfo=UTC), datetime(2024, 3, 10, 7, 0, tzinfo=UTC)]
    (day,) = present_slots(starts, "America/New_York")
    assert [s.local_start.strftime("%H:%M") for s in day.slots] == ["01:30", "03:00"]


def test_slots_are_grouped_by_the_viewers_date_not_the_mentors():
    rules = rules_for("Asia/Kolkata", window(MONDAY, "08:00", "09:00"))
    slots = slots_on(rules, date(2024, 6, 3), KOLKATA, length=60)
    days = present_slots(slots, "America/New_York")
    assert [day.day for day in days] == [date(2024, 6, 2)]
    assert days[0].slots[0].local_start.strftime("%H:%M") == "22:30"
    assert days[0].slots[0].start_utc == slots[0]


def test_presenting_slots_for_an_unknown_zone_is_refused():
    with pytest.raises(AvailabilityError) as caught:
        present_slots([], "Mars/Olympus_Mons")
    assert caught.value.code == "unknown_timezone"


# --- weekly hours for matching ----------------------------------------------------------


def test_weekly_hours_follow_the_reference_weeks_offset():
    rules = rules_for("America/New_York", window(MONDAY, "09:00", "10:00"))
    assert weekly_hours_utc(rules, reference=date(2024, 1, 10)) == {14}
    assert weekly_hours_utc(rules, reference=date(2024, 7, 10)) == {13}


def test_weekly_hours_count_partly_covered_hours_for_half_hour_zones():
    rules = rules_for("Asia/Kolkata", window(MONDAY, "09:00", "10:00"))
    assert weekly_hours_utc(rules, reference=datetime(2024, 5, 1, tzinfo=UTC)) == {3, 4}


def test_weekly_hours_wrap_around_the_utc_week():
    rules = rules_for("Pacific/Auckland", window(MONDAY, "07:00", "08:00"))
    # Monday 07:00 in Auckland (NZST, +12) is Sunday 19:00 UTC.
    assert weekly_hours_utc(rules, reference=date(2024, 6, 12)) == {6 * 24 + 19}


def test_weekly_hours_include_the_part_of_a_window_after_midnight():
    rules = rules_for("UTC", window(SUNDAY, "23:00", "01:00"))
    assert weekly_hours_utc(rules, reference=date(2024, 6, 12)) == {0, 167}
