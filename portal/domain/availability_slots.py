"""Bookable slot starts for one mentor, and the same test for one chosen start.

``compute_slots`` and ``check_bookable`` share every rule below, so a start is
bookable exactly when ``compute_slots`` (with the same arguments) would offer it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from portal.domain.availability_clock import (
    local_ordinal_at,
    minute_ceil,
    minute_floor,
    minute_to_datetime,
    monday_ordinal,
    require_aware,
    wall_spans_to_utc,
)
from portal.domain.availability_rules import (
    AvailabilityError,
    AvailabilityRules,
    SlotNotBookable,
)

DEFAULT_STEP_MINUTES = 15


class Interval(Protocol):
    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True)
class BusyInterval:
    """An existing booking of this mentor, as aware datetimes."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class _Piece:
    """A stretch of availability on one local date, in UTC minutes."""

    ordinal: int
    start: int
    end: int
    # End of the continuous availability this piece belongs to (it may run past midnight).
    reach: int


def compute_slots(
    rules: AvailabilityRules,
    *,
    busy: Iterable[Interval],
    length_minutes: int,
    now: datetime,
    step_minutes: int = DEFAULT_STEP_MINUTES,
) -> list[datetime]:
    """UTC starts of every slot of ``length_minutes`` a survivor could book now.

    ``busy`` holds the mentor's existing bookings (cancelled ones left out) from the
    start of the current local week onward, so the weekly limit counts them.
    """
    require_aware(now, "now")
    _require_step(step_minutes)
    _require_offered(rules, length_minutes, AvailabilityError)
    if rules.paused:
        return []
    window = _BookingWindow.of(rules, now)
    bookings = _booking_minutes(busy)
    blocked = _blocked_starts(rules, bookings, length_minutes)
    full_days = _full_days(rules, bookings)
    pieces = _pieces(rules, window.first_ordinal, window.last_ordinal)

    starts: list[int] = []
    cursor = 0
    for piece in pieces:
        if piece.ordinal > window.last_ordinal or piece.ordinal in full_days:
            continue
        first = _next_on_grid(max(piece.start, window.earliest), piece.start, step_minutes)
        last = min(piece.end - 1, piece.reach - length_minutes, window.latest)
        while first <= last:
            while cursor < len(blocked) and blocked[cursor][1] <= first:
                cursor += 1
            if cursor < len(blocked) and blocked[cursor][0] <= first:
                first = _next_on_grid(blocked[cursor][1], piece.start, step_minutes)
                continue
            stop = last if cursor == len(blocked) else min(last, blocked[cursor][0] - 1)
            starts.extend(range(first, stop + 1, step_minutes))
            first = _next_on_grid(stop + 1, piece.start, step_minutes)
    return [minute_to_datetime(start) for start in starts]


def check_bookable(
    rules: AvailabilityRules,
    *,
    busy: Iterable[Interval],
    start: datetime,
    length_minutes: int,
    now: datetime,
    step_minutes: int = DEFAULT_STEP_MINUTES,
) -> None:
    """Raise ``SlotNotBookable`` with the reason a booking at ``start`` must be refused."""
    require_aware(now, "now")
    require_aware(start, "start")
    _require_step(step_minutes)
    _require_offered(rules, length_minutes, SlotNotBookable)
    if rules.paused:
        raise SlotNotBookable("mentor_paused")
    begin = minute_floor(start)
    window = _BookingWindow.of(rules, now)
    if begin < window.earliest:
        raise SlotNotBookable("slot_too_soon", {"hours": rules.minimum_notice_hours})
    if begin > window.latest:
        raise SlotNotBookable("slot_too_far_ahead", {"days": rules.booking_horizon_days})
    zone = rules.compiled.zone
    ordinal = local_ordinal_at(zone, begin)
    on_grid = minute_to_datetime(begin) == start and any(
        piece.ordinal == ordinal
        and piece.start <= begin < piece.end
        and (begin - piece.start) % step_minutes == 0
        and begin + length_minutes <= piece.reach
        for piece in _pieces(rules, ordinal, ordinal)
    )
    if not on_grid:
        raise SlotNotBookable("slot_not_offered")
    bookings = _booking_minutes(busy)
    for blocked_from, blocked_until in _blocked_starts(rules, bookings, length_minutes):
        if blocked_from <= begin < blocked_until:
            raise SlotNotBookable("slot_taken")
    day_counts, week_counts = _session_counts(zone, bookings)
    per_day, per_week = rules.max_sessions_per_day, rules.max_sessions_per_week
    if per_day is not None and day_counts[ordinal] >= per_day:
        raise SlotNotBookable("day_full", {"limit": per_day})
    if per_week is not None and week_counts[monday_ordinal(ordinal)] >= per_week:
        raise SlotNotBookable("week_full", {"limit": per_week})


def is_bookable(
    rules: AvailabilityRules,
    *,
    busy: Iterable[Interval],
    start: datetime,
    length_minutes: int,
    now: datetime,
    step_minutes: int = DEFAULT_STEP_MINUTES,
) -> bool:
    """True when ``compute_slots`` would offer ``start`` for this length."""
    try:
        check_bookable(
            rules,
            busy=busy,
            start=start,
            length_minutes=length_minutes,
            now=now,
            step_minutes=step_minutes,
        )
    except SlotNotBookable:
        return False
    return True


@dataclass(frozen=True)
class _BookingWindow:
    earliest: int
    latest: int
    first_ordinal: int
    last_ordinal: int

    @classmethod
    def of(cls, rules: AvailabilityRules, now: datetime) -> _BookingWindow:
        earliest = minute_ceil(now + timedelta(hours=rules.minimum_notice_hours))
        latest = minute_floor(now + timedelta(days=rules.booking_horizon_days))
        zone = rules.compiled.zone
        return cls(
            earliest=earliest,
            latest=latest,
            first_ordinal=local_ordinal_at(zone, earliest),
            last_ordinal=local_ordinal_at(zone, latest),
        )


def _require_step(step_minutes: int) -> None:
    if not isinstance(step_minutes, int) or not 1 <= step_minutes <= 24 * 60:
        raise ValueError("step_minutes must be a whole number of minutes, 1 to 1440")


def _require_offered(
    rules: AvailabilityRules, length_minutes: int, error: type[AvailabilityError]
) -> None:
    if length_minutes not in rules.session_lengths:
        raise error(
            "session_length_not_offered",
            {"length": length_minutes, "offered": sorted(rules.session_lengths)},
        )


def _next_on_grid(minute: int, anchor: int, step: int) -> int:
    return minute + (anchor - minute) % step


def _pieces(rules: AvailabilityRules, first_ordinal: int, last_ordinal: int) -> list[_Piece]:
    """Availability pieces for these local dates, each knowing how far it continues.

    The date after ``last_ordinal`` is read too, so a slot starting late on the last
    date may run on into availability that begins at midnight.
    """
    compiled = rules.compiled
    spans: list[tuple[int, int, int]] = []
    for ordinal in range(first_ordinal, last_ordinal + 2):
        for start, end in wall_spans_to_utc(compiled.zone_key, ordinal, compiled.spans_on(ordinal)):
            spans.append((ordinal, start, end))
    pieces: list[_Piece] = []
    reach = 0
    for index in range(len(spans) - 1, -1, -1):
        ordinal, start, end = spans[index]
        continues = index + 1 < len(spans) and spans[index + 1][1] == end
        reach = reach if continues else end
        pieces.append(_Piece(ordinal=ordinal, start=start, end=end, reach=reach))
    pieces.reverse()
    return pieces


def _booking_minutes(busy: Iterable[Interval]) -> list[tuple[int, int]]:
    bookings = []
    for interval in busy:
        require_aware(interval.start, "busy start")
        require_aware(interval.end, "busy end")
        if interval.end <= interval.start:
            raise ValueError("a busy interval must end after it starts")
        bookings.append((minute_floor(interval.start), minute_ceil(interval.end)))
    bookings.sort()
    return bookings


def _blocked_starts(
    rules: AvailabilityRules, bookings: list[tuple[int, int]], length_minutes: int
) -> list[tuple[int, int]]:
    """Merged half-open ranges of start minutes that would collide with a booking.

    A slot must stay clear of each booking's buffers and keep its own buffers clear of
    each booking; buffers may overlap each other. Either way the gap between a slot and
    a booking must be at least the larger buffer.
    """
    gap = max(rules.buffer_before_minutes, rules.buffer_after_minutes)
    blocked: list[tuple[int, int]] = []
    for booking_start, booking_end in bookings:
        first, until = booking_start - length_minutes - gap + 1, booking_end + gap
        if blocked and first <= blocked[-1][1]:
            blocked[-1] = (blocked[-1][0], max(blocked[-1][1], until))
        else:
            blocked.append((first, until))
    return blocked


def _session_counts(
    zone: ZoneInfo, bookings: list[tuple[int, int]]
) -> tuple[Counter[int], Counter[int]]:
    """Existing sessions per local date ordinal and per local week (Monday ordinal)."""
    days = Counter(local_ordinal_at(zone, start) for start, _ in bookings)
    weeks: Counter[int] = Counter()
    for ordinal, count in days.items():
        weeks[monday_ordinal(ordinal)] += count
    return days, weeks


def _full_days(rules: AvailabilityRules, bookings: list[tuple[int, int]]) -> set[int]:
    per_day, per_week = rules.max_sessions_per_day, rules.max_sessions_per_week
    if (per_day is None and per_week is None) or not bookings:
        return set()
    day_counts, week_counts = _session_counts(rules.compiled.zone, bookings)
    full = {ordinal for ordinal, count in day_counts.items() if per_day and count >= per_day}
    if per_week is not None:
        for monday, count in week_counts.items():
            if count >= per_week:
                full.update(range(monday, monday + 7))
    return full


__all__ = [
    "DEFAULT_STEP_MINUTES",
    "BusyInterval",
    "Interval",
    "check_bookable",
    "compute_slots",
    "is_bookable",
]
