"""Availability rules and slot arithmetic: midnight, overrides, buffers, limits, validation.

DST and viewer-zone cases live in ``test_availability_timezones.py``; property tests in
``test_availability_properties.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.domain.availability import (
    ENGLISH_MESSAGES,
    AvailabilityError,
    AvailabilityRules,
    BusyInterval,
    ExtraHours,
    SlotNotBookable,
    UnavailableDate,
    WeeklyWindow,
    check_bookable,
    compute_slots,
    english_message,
    is_bookable,
    message_keys,
)
from tests.factories.calendar import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    rules_for,
    slots_on,
    window,
)

NEW_YORK = ZoneInfo("America/New_York")


# --- midnight, overrides, buffers, limits -----------------------------------------------


def test_window_crossing_midnight_is_split_and_a_session_may_span_midnight():
    rules = rules_for("UTC", window(FRIDAY, "22:00", "01:00"))
    now = datetime(2024, 6, 6, tzinfo=UTC)
    slots = compute_slots(rules, busy=[], length_minutes=60, now=now, step_minutes=30)
    assert [slot.strftime("%a %H:%M") for slot in slots[:5]] == [
        "Fri 22:00",
        "Fri 22:30",
        "Fri 23:00",
        "Fri 23:30",
        "Sat 00:00",
    ]


def test_unavailable_saturday_cuts_the_part_of_friday_night_after_midnight():
    rules = rules_for(
        "UTC", window(FRIDAY, "22:00", "01:00"), overrides=[UnavailableDate(date(2024, 6, 8))]
    )
    now = datetime(2024, 6, 6, tzinfo=UTC)
    slots = compute_slots(rules, busy=[], length_minutes=60, now=now, step_minutes=30)
    assert [slot.strftime("%d %H:%M") for slot in slots[:3]] == ["07 22:00", "07 22:30", "07 23:00"]


def test_window_ending_at_midnight_runs_until_midnight():
    rules = rules_for("UTC", window(MONDAY, "23:00", "00:00"))
    slots = slots_on(rules, date(2024, 6, 3), ZoneInfo("UTC"), length=30, step=30)
    assert [slot.strftime("%H:%M") for slot in slots] == ["23:00", "23:30"]


def test_unavailable_date_removes_weekly_hours_but_extra_hours_still_apply():
    day = date(2024, 6, 3)
    rules = rules_for(
        "UTC",
        window(MONDAY, "09:00", "12:00"),
        overrides=[UnavailableDate(day), ExtraHours(day, time(18), time(19))],
    )
    slots = slots_on(rules, day, ZoneInfo("UTC"), length=60)
    assert [slot.hour for slot in slots] == [18]


def test_extra_hours_join_the_weekly_hours_they_touch():
    day = date(2024, 6, 3)
    rules = rules_for(
        "UTC", window(MONDAY, "09:00", "10:00"), overrides=[ExtraHours(day, time(10), time(11))]
    )
    slots = slots_on(rules, day, ZoneInfo("UTC"), length=60, step=30)
    assert [slot.strftime("%H:%M") for slot in slots] == ["09:00", "09:30", "10:00"]


def test_slots_keep_the_larger_buffer_clear_of_a_booking_on_each_side():
    rules = rules_for(
        "UTC", window(MONDAY, "08:00", "14:00"), buffer_before_minutes=15, buffer_after_minutes=10
    )
    booking = BusyInterval(
        datetime(2024, 6, 3, 10, tzinfo=UTC), datetime(2024, 6, 3, 11, tzinfo=UTC)
    )
    slots = slots_on(rules, date(2024, 6, 3), ZoneInfo("UTC"), step=15, busy=[booking])
    times = [slot.strftime("%H:%M") for slot in slots]
    assert times[:5] == ["08:00", "08:15", "08:30", "08:45", "11:15"]


def test_day_limit_counts_existing_bookings_in_the_mentors_zone():
    rules = rules_for("America/New_York", window(MONDAY, "09:00", "17:00"), max_sessions_per_day=1)
    # 23:30 UTC on Monday 3 June is 19:30 the same Monday in New York.
    booking = BusyInterval(
        datetime(2024, 6, 3, 23, 30, tzinfo=UTC), datetime(2024, 6, 4, 0, 30, tzinfo=UTC)
    )
    now = datetime(2024, 6, 1, tzinfo=UTC)
    slots = compute_slots(rules, busy=[booking], length_minutes=60, now=now)
    local_dates = {slot.astimezone(NEW_YORK).date() for slot in slots}
    assert date(2024, 6, 3) not in local_dates
    assert date(2024, 6, 10) in local_dates


def test_week_limit_closes_the_rest_of_the_week_and_reopens_on_monday():
    rules = rules_for(
        "UTC",
        *(window(day, "09:00", "11:00") for day in range(7)),
        max_sessions_per_week=2,
    )
    bookings = [
        BusyInterval(datetime(2024, 6, d, 9, tzinfo=UTC), datetime(2024, 6, d, 10, tzinfo=UTC))
        for d in (3, 4)
    ]
    now = datetime(2024, 6, 3, 11, tzinfo=UTC)
    slots = compute_slots(rules, busy=bookings, length_minutes=60, now=now)
    assert min(slots) == datetime(2024, 6, 10, 9, tzinfo=UTC)


def test_slots_respect_minimum_notice_and_horizon_to_the_minute():
    rules = rules_for(
        "UTC",
        *(window(day, "00:00", "00:00") for day in range(7)),
        minimum_notice_hours=12,
        booking_horizon_days=2,
    )
    now = datetime(2024, 6, 3, 8, 7, 30, tzinfo=UTC)
    slots = compute_slots(rules, busy=[], length_minutes=30, now=now, step_minutes=15)
    assert slots[0] == datetime(2024, 6, 3, 20, 15, tzinfo=UTC)
    assert slots[-1] == datetime(2024, 6, 5, 8, 0, tzinfo=UTC)


def test_paused_mentor_is_never_offered():
    rules = rules_for("UTC", window(MONDAY, "09:00", "17:00"), paused=True)
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert compute_slots(rules, busy=[], length_minutes=60, now=now) == []
    with pytest.raises(SlotNotBookable) as caught:
        check_bookable(
            rules, busy=[], start=datetime(2024, 6, 3, 9, tzinfo=UTC), length_minutes=60, now=now
        )
    assert caught.value.code == "mentor_paused"


# --- re-checking a chosen slot ---------------------------------------------------------

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
LIMITED = rules_for(
    "UTC",
    window(MONDAY, "09:00", "12:00"),
    window(TUESDAY, "09:00", "12:00"),
    session_lengths={60},
    minimum_notice_hours=12,
    booking_horizon_days=10,
    max_sessions_per_day=1,
    max_sessions_per_week=1,
)
MONDAY_NINE = datetime(2024, 6, 3, 9, tzinfo=UTC)


def refusal(start: datetime, *, busy=(), length=60, rules=LIMITED) -> str | None:
    try:
        check_bookable(rules, busy=list(busy), start=start, length_minutes=length, now=NOW)
    except SlotNotBookable as error:
        return error.code
    return None


def test_an_offered_slot_is_bookable():
    assert refusal(MONDAY_NINE) is None
    assert is_bookable(LIMITED, busy=[], start=MONDAY_NINE, length_minutes=60, now=NOW)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2024, 6, 1, 23, tzinfo=UTC), "slot_too_soon"),
        (datetime(2024, 6, 17, 9, tzinfo=UTC), "slot_too_far_ahead"),
        (datetime(2024, 6, 3, 9, 5, tzinfo=UTC), "slot_not_offered"),
        (datetime(2024, 6, 3, 9, 0, 30, tzinfo=UTC), "slot_not_offered"),
        (datetime(2024, 6, 3, 11, 30, tzinfo=UTC), "slot_not_offered"),
        (datetime(2024, 6, 5, 9, tzinfo=UTC), "slot_not_offered"),
    ],
)
def test_a_start_outside_the_offer_is_refused_with_its_reason(start, expected):
    assert refusal(start) == expected
    assert not is_bookable(LIMITED, busy=[], start=start, length_minutes=60, now=NOW)


def test_a_start_colliding_with_a_booking_is_refused_as_taken():
    booking = BusyInterval(MONDAY_NINE + timedelta(minutes=30), MONDAY_NINE + timedelta(hours=1))
    assert refusal(MONDAY_NINE, busy=[booking]) == "slot_taken"


def test_a_full_day_and_a_full_week_are_refused_with_their_own_reasons():
    same_day = BusyInterval(MONDAY_NINE + timedelta(hours=2), MONDAY_NINE + timedelta(hours=3))
    assert refusal(MONDAY_NINE, busy=[same_day]) == "day_full"
    tuesday = MONDAY_NINE + timedelta(days=1)
    assert refusal(tuesday, busy=[same_day]) == "week_full"


def test_a_length_the_mentor_does_not_offer_is_refused():
    assert refusal(MONDAY_NINE, length=30) == "session_length_not_offered"
    with pytest.raises(AvailabilityError) as caught:
        compute_slots(LIMITED, busy=[], length_minutes=45, now=NOW)
    assert caught.value.params == {"length": 45, "offered": [60]}


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_slots(LIMITED, busy=[], length_minutes=60, now=datetime(2024, 6, 1))


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"timezone": "Atlantis/Capital"}, "unknown_timezone"),
        ({"timezone": "../../etc/passwd"}, "unknown_timezone"),
        ({"weekly_windows": [window(MONDAY, "09:00", "09:00")]}, "window_empty"),
        ({"weekly_windows": [WeeklyWindow(7, time(9), time(10))]}, "weekday_invalid"),
        ({"weekly_windows": [WeeklyWindow(0, time(9, 0, 30), time(10))]}, "time_invalid"),
        (
            {
                "weekly_windows": [
                    window(MONDAY, "09:00", "12:00"),
                    window(MONDAY, "11:00", "13:00"),
                ]
            },
            "window_overlap",
        ),
        (
            {
                "weekly_windows": [
                    window(SUNDAY, "22:00", "02:00"),
                    window(MONDAY, "01:00", "03:00"),
                ]
            },
            "window_overlap",
        ),
        (
            {
                "overrides": [
                    ExtraHours(date(2024, 6, 3), time(9), time(11)),
                    ExtraHours(date(2024, 6, 3), time(10), time(12)),
                ]
            },
            "extra_hours_overlap",
        ),
        ({"overrides": [ExtraHours(date(2024, 6, 3), time(9), time(9))]}, "window_empty"),
        ({"session_lengths": set()}, "no_session_lengths"),
        ({"session_lengths": {30, 50}}, "session_length_unsupported"),
        ({"buffer_before_minutes": -5}, "buffer_negative"),
        ({"buffer_after_minutes": 600}, "buffer_too_long"),
        ({"booking_horizon_days": 0}, "horizon_out_of_range"),
        ({"booking_horizon_days": 1000}, "horizon_out_of_range"),
        ({"minimum_notice_hours": -1}, "notice_negative"),
        ({"minimum_notice_hours": 48, "booking_horizon_days": 2}, "notice_beyond_horizon"),
        ({"max_sessions_per_day": 0}, "limit_not_positive"),
        ({"max_sessions_per_week": -2}, "limit_not_positive"),
        ({"max_sessions_per_day": 3, "max_sessions_per_week": 2}, "weekly_limit_below_daily"),
    ],
)
def test_nonsense_rules_are_refused_with_a_message_key(options, code):
    fields = {"timezone": "Europe/London", **options}
    with pytest.raises(AvailabilityError) as caught:
        AvailabilityRules(**fields)
    assert caught.value.code == code
    assert caught.value.message_key == f"availability.{code}"


def test_overlap_error_names_the_weekday_and_both_windows():
    with pytest.raises(AvailabilityError) as caught:
        rules_for("UTC", window(FRIDAY, "22:00", "01:00"), window(SATURDAY, "00:30", "02:00"))
    assert caught.value.params == {
        "weekday": SATURDAY,
        "first": "22:00–01:00",
        "second": "00:30–02:00",
    }
    assert english_message(caught.value) == (
        "On Saturday, the hours 22:00–01:00 and 00:30–02:00 overlap."
    )


def test_rules_built_from_lists_are_frozen_and_hashable():
    rules = rules_for("UTC", *[window(MONDAY, "09:00", "10:00")], session_lengths=[30, 60])
    assert rules.weekly_windows == (window(MONDAY, "09:00", "10:00"),)
    assert rules.session_lengths == frozenset({30, 60})
    assert hash(rules) == hash(
        rules_for("UTC", window(MONDAY, "09:00", "10:00"), session_lengths=[60, 30])
    )


SAMPLE_PARAMS = {
    "timezone": "Mars/Base",
    "supported": [30, 45, 60],
    "offered": [30, 60],
    "length": 50,
    "which": "before",
    "minutes": 600,
    "maximum": 240,
    "days": 2,
    "hours": 48,
    "limit": 1,
    "per_day": 3,
    "per_week": 2,
    "time": "09:00:30",
    "window": "09:00–09:00",
    "weekday": 2,
    "first": "09:00–11:00",
    "second": "10:00–12:00",
    "date": "2024-06-03",
}


@pytest.mark.parametrize("code", sorted(ENGLISH_MESSAGES))
def test_every_message_key_renders_plain_english(code):
    text = english_message(AvailabilityError(code, SAMPLE_PARAMS))
    assert text and "{" not in text and "[" not in text
    assert f"availability.{code}" in message_keys()
