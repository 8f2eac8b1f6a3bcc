"""Slot arithmetic benchmarks (pure domain): ``python -m bench.calendar_slots``.

Builds 1,000 synthetic mentors (seeded) spread over many zones, with weekly windows,
overrides, buffers, limits and existing bookings, and times ``compute_slots`` for
30 days ahead. ``bench/calendar.py`` imports ``run_benchmarks`` and adds database figures.
Targets: all 1,000 mentors within 1 s; one mentor within 5 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.domain.availability import (
    AvailabilityRules,
    BusyInterval,
    ExtraHours,
    UnavailableDate,
    WeeklyWindow,
    compute_slots,
    is_bookable,
)
from portal.domain.availability_clock import day_stretches

SEED = 20240601
MENTOR_COUNT = 1000
ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Bucharest",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Kolkata",
    "Asia/Manila",
    "Asia/Bangkok",
    "Australia/Sydney",
    "Pacific/Auckland",
)
# Starts the benchmark across the March clock changes, the awkward case.
NOW = datetime(2025, 3, 1, 15, 7, 12, tzinfo=UTC)


@dataclass(frozen=True)
class MentorFixture:
    rules: AvailabilityRules
    busy: tuple[BusyInterval, ...]
    length_minutes: int


def _quarter(index: int) -> time:
    return time((index // 4) % 24, (index % 4) * 15)


def _weekly_windows(rng: random.Random, *, heavy: bool) -> list[WeeklyWindow]:
    if heavy:
        return [WeeklyWindow(day, time(8), time(20)) for day in range(7)]
    windows = []
    for weekday in rng.sample(range(7), rng.randint(2, 6)):
        start = rng.randrange(6 * 4, 22 * 4)
        end = start + rng.randint(4, 16)  # one to four hours; may run past midnight
        windows.append(WeeklyWindow(weekday, _quarter(start), _quarter(end)))
    return windows


def _overrides(rng: random.Random, today: date) -> list[UnavailableDate | ExtraHours]:
    overrides: list[UnavailableDate | ExtraHours] = [
        UnavailableDate(today + timedelta(days=rng.randrange(30))) for _ in range(rng.randint(0, 3))
    ]
    for offset in rng.sample(range(30), rng.randint(0, 2)):
        start = rng.randrange(8 * 4, 20 * 4)
        overrides.append(
            ExtraHours(today + timedelta(days=offset), _quarter(start), _quarter(start + 8))
        )
    return overrides


def build_mentor(rng: random.Random, *, heavy: bool = False) -> MentorFixture:
    lengths = set(rng.sample([30, 45, 60], rng.randint(1, 3)))
    rules = AvailabilityRules(
        timezone=rng.choice(ZONES),
        weekly_windows=tuple(_weekly_windows(rng, heavy=heavy)),
        overrides=tuple(_overrides(rng, NOW.date())),
        session_lengths=frozenset(lengths),
        buffer_before_minutes=rng.choice([0, 5, 10, 15]),
        buffer_after_minutes=rng.choice([0, 5, 10, 15]),
        minimum_notice_hours=rng.choice([0, 12, 12, 24, 48]),
        booking_horizon_days=30,
        max_sessions_per_day=None if heavy else rng.choice([None, 1, 2, 3]),
        max_sessions_per_week=None if heavy else rng.choice([None, 3, 5, 8]),
    )
    length = rng.choice(sorted(lengths))
    # Book some of what is actually offered so the busy and limit paths do real work.
    offered = compute_slots(rules, busy=[], length_minutes=length, now=NOW - timedelta(days=3))
    booked = rng.sample(offered, min(len(offered), 40 if heavy else rng.randint(0, 12)))
    busy = tuple(BusyInterval(start, start + timedelta(minutes=length)) for start in booked)
    return MentorFixture(rules=rules, busy=busy, length_minutes=length)


def build_mentors(count: int = MENTOR_COUNT, *, seed: int = SEED) -> list[MentorFixture]:
    rng = random.Random(seed)
    return [build_mentor(rng) for _ in range(count)]


def time_all_mentors(mentors: list[MentorFixture], *, repeats: int = 5) -> tuple[float, int]:
    """Median seconds to compute 30 days of slots for every mentor, zone cache cold."""
    runs, total = [], 0
    for _ in range(repeats):
        day_stretches.cache_clear()
        started = clock.perf_counter()
        total = sum(
            len(compute_slots(m.rules, busy=m.busy, length_minutes=m.length_minutes, now=NOW))
            for m in mentors
        )
        runs.append(clock.perf_counter() - started)
    return statistics.median(runs), total


def time_each_mentor_ms(mentors: list[MentorFixture]) -> list[float]:
    timings = []
    for mentor in mentors:
        started = clock.perf_counter()
        compute_slots(mentor.rules, busy=mentor.busy, length_minutes=mentor.length_minutes, now=NOW)
        timings.append((clock.perf_counter() - started) * 1000)
    return timings


def time_rebooking_check_us(mentors: list[MentorFixture]) -> list[float]:
    timings = []
    for mentor in mentors:
        args = {"busy": mentor.busy, "length_minutes": mentor.length_minutes, "now": NOW}
        slots = compute_slots(mentor.rules, **args)
        if not slots:
            continue
        started = clock.perf_counter()
        is_bookable(mentor.rules, start=slots[len(slots) // 2], **args)
        timings.append((clock.perf_counter() - started) * 1e6)
    return timings


def time_rules_build_s(count: int = MENTOR_COUNT) -> float:
    rng = random.Random(SEED + 1)
    started = clock.perf_counter()
    for _ in range(count):
        AvailabilityRules(
            timezone=rng.choice(ZONES),
            weekly_windows=tuple(_weekly_windows(rng, heavy=False)),
            overrides=tuple(_overrides(rng, NOW.date())),
            session_lengths=frozenset({30, 60}),
        )
    return clock.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_benchmarks() -> dict[str, float | int]:
    """The slot figures, as a dict the calendar benchmark can merge into its own."""
    mentors = build_mentors()
    heavy = build_mentor(random.Random(SEED + 2), heavy=True)
    all_seconds, slot_count = time_all_mentors(mentors)
    each_ms = time_each_mentor_ms(mentors)
    heavy_ms = time_each_mentor_ms([heavy] * 50)
    return {
        "slots_1000_mentors_s": round(all_seconds, 4),
        "slots_one_mentor_ms": round(percentile(each_ms, 0.95), 3),
        "slots_one_mentor_max_ms": round(max(each_ms), 3),
        "slots_heavy_mentor_ms": round(statistics.median(heavy_ms), 3),
        "slots_heavy_mentor_count": len(
            compute_slots(
                heavy.rules, busy=heavy.busy, length_minutes=heavy.length_minutes, now=NOW
            )
        ),
        "slots_total_1000_mentors": slot_count,
        "is_bookable_us": round(percentile(time_rebooking_check_us(mentors), 0.95), 1),
        "rules_build_1000_mentors_s": round(time_rules_build_s(), 4),
    }


def main() -> None:
    figures = run_benchmarks()
    print(f"1,000 mentors x 30 days: {figures['slots_1000_mentors_s']} s (target <= 1 s)")
    print(f"one mentor, p95: {figures['slots_one_mentor_ms']} ms (target <= 5 ms)")
    print(
        f"heavy mentor (08-20 daily, 15-min step), median: {figures['slots_heavy_mentor_ms']} ms"
        f" for {figures['slots_heavy_mentor_count']} slots"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
