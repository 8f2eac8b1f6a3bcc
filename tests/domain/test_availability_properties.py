"""Property tests: slots checked against a slow, obviously-correct reading of the rules.

The oracle below walks real instants through ``zoneinfo`` one at a time and asks
"is the mentor's wall clock inside one of that date's windows?", sharing no code with
the minute arithmetic under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from portal.domain.availability import (
    AvailabilityError,
    AvailabilityRules,
    BusyInterval,
    ExtraHours,
    UnavailableDate,
    WeeklyWindow,
    compute_slots,
    is_bookable,
)

ZONES = [
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "America/Phoenix",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "UTC",
]
# Days just before the 2024 and 2025 transitions of the zones above, so horizons cross them.
NEAR_TRANSITIONS = [
    datetime(2024, 3, 8, tzinfo=UTC),
    datetime(2024, 3, 29, tzinfo=UTC),
    datetime(2024, 4, 4, tzinfo=UTC),
    datetime(2024, 9, 26, tzinfo=UTC),
    datetime(2024, 10, 4, tzinfo=UTC),
    datetime(2024, 10, 25, tzinfo=UTC),
    datetime(2024, 11, 1, tzinfo=UTC),
    datetime(2025, 3, 7, tzinfo=UTC),
    datetime(2025, 10, 24, tzinfo=UTC),
    datetime(2025, 6, 15, tzinfo=UTC),
]
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def quarter(index: int) -> time:
    return time((index // 4) % 24, (index % 4) * 15)


@st.composite
def day_windows(draw, weekday: int) -> list[WeeklyWindow]:
    points = sorted(draw(st.sets(st.integers(0, 95), max_size=6)))
    pairs = list(zip(points[::2], points[1::2], strict=False))
    return [WeeklyWindow(weekday, quarter(start), quarter(end)) for start, end in pairs]


@st.composite
def scenarios(draw):
    zone = draw(st.sampled_from(ZONES))
    windows = [item for weekday in range(7) for item in draw(day_windows(weekday))]
    if draw(st.booleans()):
        windows.append(WeeklyWindow(draw(st.integers(0, 6)), time(23), time(1)))
    now = draw(st.sampled_from(NEAR_TRANSITIONS)) + timedelta(
        minutes=draw(st.integers(-3 * 1440, 3 * 1440)), seconds=draw(st.integers(0, 59))
    )
    horizon = draw(st.integers(1, 8))
    local_today = now.astimezone(ZoneInfo(zone)).date()
    overrides = [
        UnavailableDate(local_today + timedelta(days=offset))
        for offset in draw(st.sets(st.integers(0, 8), max_size=2))
    ]
    for offset in draw(st.sets(st.integers(0, 8), max_size=2)):
        start = draw(st.integers(0, 95))
        end = draw(st.integers(start + 1, start + 16))
        overrides.append(
            ExtraHours(local_today + timedelta(days=offset), quarter(start), quarter(end))
        )
    per_day = draw(st.none() | st.integers(1, 4))
    per_week = draw(st.none() | st.integers(per_day or 1, 8))
    lengths = draw(st.sets(st.sampled_from([30, 45, 60]), min_size=1))
    try:
        rules = AvailabilityRules(
            timezone=zone,
            weekly_windows=windows,
            overrides=overrides,
            session_lengths=lengths,
            buffer_before_minutes=draw(st.sampled_from([0, 5, 10, 15, 30])),
            buffer_after_minutes=draw(st.sampled_from([0, 5, 10, 15, 30])),
            minimum_notice_hours=draw(st.integers(0, min(24, horizon * 24 - 1))),
            booking_horizon_days=horizon,
            max_sessions_per_day=per_day,
            max_sessions_per_week=per_week,
        )
    except AvailabilityError as error:
        assume(error.code not in {"window_overlap", "extra_hours_overlap"})
        raise
    busy = []
    for _ in range(draw(st.integers(0, 8))):
        start = now + timedelta(minutes=draw(st.integers(-3 * 1440, horizon * 1440)))
        busy.append(BusyInterval(start, start + timedelta(minutes=draw(st.integers(15, 120)))))
    length = draw(st.sampled_from(sorted(lengths)))
    step = draw(st.sampled_from([5, 15, 30, length]))
    return rules, busy, length, now, step


def offered_wall_spans(rules: AvailabilityRules, day: date) -> list[tuple[int, int]]:
    """The oracle's own reading of which wall-clock minutes of ``day`` are offered."""

    def pieces(start: time, end: time, on: date) -> list[tuple[date, int, int]]:
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if last == 0:
            return [(on, first, 1440)]
        if last > first:
            return [(on, first, last)]
        return [(on, first, 1440), (on + timedelta(days=1), 0, last)]

    spans = []
    unavailable = {item.day for item in rules.overrides if isinstance(item, UnavailableDate)}
    for shift in (0, 1):
        source = day - timedelta(days=shift)
        for item in rules.weekly_windows:
            if item.weekday == source.weekday():
                spans += [(a, b) for on, a, b in pieces(item.start, item.end, source) if on == day]
        for item in rules.overrides:
            if isinstance(item, ExtraHours) and item.day == source:
                extra = [(a, b) for on, a, b in pieces(item.start, item.end, source) if on == day]
                spans += [(a, b, "extra") for a, b in extra]
    return [span[:2] for span in spans if len(span) == 3 or day not in unavailable]


def offered_at(rules: AvailabilityRules, instant: datetime) -> bool:
    local = instant.astimezone(ZoneInfo(rules.timezone))
    minute = local.hour * 60 + local.minute
    return any(a <= minute < b for a, b in offered_wall_spans(rules, local.date()))


def collides(rules: AvailabilityRules, start: datetime, length: int, busy) -> bool:
    before = timedelta(minutes=rules.buffer_before_minutes)
    after = timedelta(minutes=rules.buffer_after_minutes)
    end = start + timedelta(minutes=length)
    for booking in busy:
        if start < booking.end + after and booking.start - before < end:
            return True
        if start - before < booking.end and booking.start < end + after:
            return True
    return False


def local_week(rules, instant: datetime) -> tuple[int, int]:
    return instant.astimezone(ZoneInfo(rules.timezone)).isocalendar()[:2]


def limits_allow(rules: AvailabilityRules, start: datetime, busy) -> bool:
    zone = ZoneInfo(rules.timezone)
    day = start.astimezone(zone).date()
    same_day = sum(1 for b in busy if b.start.astimezone(zone).date() == day)
    same_week = sum(1 for b in busy if local_week(rules, b.start) == local_week(rules, start))
    day_ok = rules.max_sessions_per_day is None or same_day < rules.max_sessions_per_day
    week_ok = rules.max_sessions_per_week is None or same_week < rules.max_sessions_per_week
    return day_ok and week_ok


def slots_for(scenario) -> list[datetime]:
    rules, busy, length, now, step = scenario
    return compute_slots(rules, busy=busy, length_minutes=length, now=now, step_minutes=step)


@PROPERTY_SETTINGS
@given(scenarios())
def test_no_slot_overlaps_a_booking_or_its_buffers(scenario):
    rules, busy, length, _, _ = scenario
    for slot in slots_for(scenario):
        assert not collides(rules, slot, length, busy)


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_slot_lies_fully_inside_the_mentors_availability(scenario):
    rules, _, length, _, _ = scenario
    for slot in slots_for(scenario):
        minutes = [*range(0, length, 5), length - 1]
        assert all(offered_at(rules, slot + timedelta(minutes=m)) for m in minutes)


@PROPERTY_SETTINGS
@given(scenarios())
def test_slots_are_utc_strictly_increasing_and_unique(scenario):
    slots = slots_for(scenario)
    assert all(slot.utcoffset() == timedelta(0) for slot in slots)
    assert all(earlier < later for earlier, later in zip(slots, slots[1:], strict=False))


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_slot_respects_minimum_notice_and_horizon(scenario):
    rules, _, _, now, _ = scenario
    for slot in slots_for(scenario):
        assert slot >= now + timedelta(hours=rules.minimum_notice_hours)
        assert slot <= now + timedelta(days=rules.booking_horizon_days)


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_slot_respects_daily_and_weekly_limits(scenario):
    rules, busy, _, _, _ = scenario
    for slot in slots_for(scenario):
        assert limits_allow(rules, slot, busy)


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_with_a_one_minute_step_every_valid_start_is_offered(scenario, rng):
    rules, busy, length, now, _ = scenario
    offered = set(compute_slots(rules, busy=busy, length_minutes=length, now=now, step_minutes=1))
    first = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    last = now + timedelta(days=rules.booking_horizon_days)
    span = int((last - first).total_seconds() // 60)
    candidates = {first + timedelta(minutes=m) for m in rng.sample(range(span + 1), min(span, 100))}
    # Starts just either side of each booking, where the buffer rules bite.
    for booking in busy:
        for m in range(0, 32):
            candidates.add(booking.end.replace(second=0, microsecond=0) + timedelta(minutes=m))
            candidates.add(
                booking.start.replace(second=0, microsecond=0) - timedelta(minutes=length + m)
            )
    for start in sorted(c for c in candidates if first <= c <= last):
        valid = (
            start >= now + timedelta(hours=rules.minimum_notice_hours)
            and all(offered_at(rules, start + timedelta(minutes=m)) for m in range(length))
            and not collides(rules, start, length, busy)
            and limits_allow(rules, start, busy)
        )
        assert (start in offered) == valid


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_is_bookable_agrees_with_compute_slots(scenario, rng):
    rules, busy, length, now, step = scenario
    slots = slots_for(scenario)
    for slot in rng.sample(slots, min(len(slots), 20)):
        assert is_bookable(
            rules, busy=busy, start=slot, length_minutes=length, now=now, step_minutes=step
        )
    offered = set(slots)
    first = now.replace(second=0, microsecond=0)
    for _ in range(30):
        start = first + timedelta(minutes=rng.randrange(0, rules.booking_horizon_days * 1440, 5))
        bookable = is_bookable(
            rules, busy=busy, start=start, length_minutes=length, now=now, step_minutes=step
        )
        assert bookable == (start in offered)
