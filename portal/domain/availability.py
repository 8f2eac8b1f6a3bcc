"""Mentor availability and slot arithmetic: the public face of the ``availability_*`` modules.

Rules (``AvailabilityRules``) are wall-clock in the mentor's IANA zone and validated when
built; a problem raises ``AvailabilityError(code, params)`` whose ``message_key`` is
``availability.<code>``. Choices made here, so callers need not guess:

* Midnight. A window whose end is not after its start runs past midnight and is split:
  Friday 22:00–01:00 becomes Friday 22:00–24:00 plus Saturday 00:00–01:00. An end of
  00:00 means "until midnight", so 00:00–00:00 is the whole day; any other window that
  starts and ends at the same time is rejected (``window_empty``).
  A slot may run on across midnight when availability continues there.
* Overlap. Weekly windows that overlap on the same weekday (after splitting) are
  rejected (``window_overlap``); touching windows (09:00–12:00, 12:00–14:00) join.
  Extra hours on one date may not overlap each other (``extra_hours_overlap``) but may
  overlap the weekly hours; the two are joined.
* Overrides. ``UnavailableDate`` removes that date's weekly hours. ``ExtraHours`` adds
  hours on its date and still applies on an unavailable date, so "off on Friday except
  18:00–19:00" is one unavailable date plus one extra-hours entry.
* Grid. Slot starts step by ``step_minutes`` (default 15) from the start of each stretch
  of availability on a local date. Pass ``step_minutes=length`` to offer back-to-back
  slots only. The same step must be used to re-check a start with ``is_bookable``.
* Buffers. A slot stays clear of each booking's buffers, and its own buffers stay clear
  of each booking; buffers may overlap each other (as in common calendar tools). So
  the gap between a slot and a booking is at least the larger of the two buffers.
* Limits. A slot is offered only if its local date (mentor's zone) has fewer than
  ``max_sessions_per_day`` bookings and its local Monday-to-Sunday week fewer than
  ``max_sessions_per_week``. A booking counts on the local date it starts.
* Notice and horizon. A slot starts at or after ``now + minimum notice`` and at or before
  ``now + horizon``.
* DST. A local date is cut into stretches of constant UTC offset and each window maps
  onto each stretch. On a spring-forward day a window loses the hour that does not
  exist (01:00–04:00 is two real hours). On a fall-back day the repeated hour is
  available twice when a window covers it (the mentor's clock shows it twice), yet each
  real instant is one candidate, so slots never repeat or collide in UTC.
  ``present_slots`` flags a repeated local time so the page can show its zone
  abbreviation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from portal.domain.availability_clock import (
    local_ordinal_at,
    minute_floor,
    monday_ordinal,
    require_aware,
    wall_spans_to_utc,
)
from portal.domain.availability_messages import ENGLISH_MESSAGES, english_message, message_keys
from portal.domain.availability_rules import (
    MESSAGE_KEY_PREFIX,
    SUPPORTED_SESSION_LENGTHS,
    AvailabilityError,
    AvailabilityRules,
    DateOverride,
    ExtraHours,
    SlotNotBookable,
    UnavailableDate,
    WeeklyWindow,
    load_zone,
)
from portal.domain.availability_slots import (
    DEFAULT_STEP_MINUTES,
    BusyInterval,
    Interval,
    check_bookable,
    compute_slots,
    is_bookable,
)

HOURS_PER_WEEK = 7 * 24
# 1970-01-01, where UTC minute 0 falls, was a Thursday.
_EPOCH_WEEKDAY = 3


@dataclass(frozen=True)
class PresentedSlot:
    """One slot as a viewer sees it on their own clock."""

    start_utc: datetime
    local_start: datetime
    zone_abbreviation: str
    # The viewer's clock shows this time twice that day (a fall-back hour).
    repeated_time: bool


@dataclass(frozen=True)
class SlotDay:
    """The slots that start on one date of the viewer's calendar, in order."""

    day: date
    slots: tuple[PresentedSlot, ...]


def present_slots(slots: Iterable[datetime], viewer_timezone: str) -> tuple[SlotDay, ...]:
    """Group slot starts by the viewer's local date, each with its local time."""
    zone = load_zone(viewer_timezone)
    days: list[SlotDay] = []
    current_day: date | None = None
    current: list[PresentedSlot] = []
    for start in sorted(set(slots)):
        require_aware(start, "slot start")
        local = start.astimezone(zone)
        twin = local.replace(fold=1 - local.fold)
        presented = PresentedSlot(
            start_utc=start.astimezone(UTC),
            local_start=local,
            zone_abbreviation=local.tzname() or "",
            repeated_time=twin.utcoffset() != local.utcoffset(),
        )
        local_day = local.date()
        if local_day != current_day:
            if current_day is not None:
                days.append(SlotDay(day=current_day, slots=tuple(current)))
            current_day, current = local_day, []
        current.append(presented)
    if current_day is not None:
        days.append(SlotDay(day=current_day, slots=tuple(current)))
    return tuple(days)


def weekly_hours_utc(rules: AvailabilityRules, *, reference: datetime | date) -> frozenset[int]:
    """UTC hours of the week (0 = Monday 00:00–01:00 UTC, up to 167) the weekly windows touch.

    The windows are read for the mentor's local Monday-to-Sunday week containing
    ``reference``, so the answer follows that week's DST offsets. An hour counts if any
    minute of it is covered. Overrides and the paused flag are ignored: this describes
    the mentor's usual week, for matching.
    """
    zone = rules.compiled.zone
    if isinstance(reference, datetime):
        require_aware(reference, "reference")
        ordinal = local_ordinal_at(zone, minute_floor(reference))
    else:
        ordinal = reference.toordinal()
    compiled = rules.compiled
    hours: set[int] = set()
    monday = monday_ordinal(ordinal)
    for day in range(monday, monday + 7):
        spans = compiled.weekday_spans[(day - 1) % 7]
        for start, end in wall_spans_to_utc(compiled.zone_key, day, spans):
            for hour in range(start // 60, (end - 1) // 60 + 1):
                utc_weekday = (hour // 24 + _EPOCH_WEEKDAY) % 7
                hours.add(utc_weekday * 24 + hour % 24)
    return frozenset(hours)


__all__ = [
    "DEFAULT_STEP_MINUTES",
    "ENGLISH_MESSAGES",
    "HOURS_PER_WEEK",
    "MESSAGE_KEY_PREFIX",
    "SUPPORTED_SESSION_LENGTHS",
    "AvailabilityError",
    "AvailabilityRules",
    "BusyInterval",
    "DateOverride",
    "ExtraHours",
    "Interval",
    "PresentedSlot",
    "SlotDay",
    "SlotNotBookable",
    "UnavailableDate",
    "WeeklyWindow",
    "check_bookable",
    "compute_slots",
    "english_message",
    "is_bookable",
    "message_keys",
    "present_slots",
    "weekly_hours_utc",
]
