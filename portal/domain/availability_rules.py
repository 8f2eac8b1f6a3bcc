"""A mentor's availability rules, validated when they are built.

See ``portal.domain.availability`` for the choices (midnight, overrides, DST). Invalid
rules cannot be constructed: ``AvailabilityRules(...)`` raises ``AvailabilityError``
with a message key, so every rules object that reaches slot arithmetic is sound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.domain.keyed_error import KeyedError

SUPPORTED_SESSION_LENGTHS: tuple[int, ...] = (30, 45, 60)
MINUTES_PER_DAY = 24 * 60
MAX_BUFFER_MINUTES = 240
MAX_HORIZON_DAYS = 365
MESSAGE_KEY_PREFIX = "availability."

# (start_minute, end_minute) of local wall-clock time within one date, end <= 1440.
Span = tuple[int, int]


class AvailabilityError(KeyedError):
    """A rule or request that cannot be honoured, as a message key plus params."""

    key_prefix = MESSAGE_KEY_PREFIX


class SlotNotBookable(AvailabilityError):
    """The chosen start time cannot be booked; ``code`` says why."""


@dataclass(frozen=True)
class WeeklyWindow:
    """Recurring hours on one weekday (0 = Monday), wall-clock in the mentor's zone.

    ``end <= start`` means the window runs past midnight; ``end == 00:00`` means
    "until midnight" (so 00:00–00:00 is the whole day).
    """

    weekday: int
    start: time
    end: time

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class UnavailableDate:
    """The mentor's weekly hours do not apply on this local date."""

    day: date


@dataclass(frozen=True)
class ExtraHours:
    """Hours offered on one local date on top of (or instead of) the weekly ones."""

    day: date
    start: time
    end: time

    def describe(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


DateOverride = UnavailableDate | ExtraHours


@dataclass(frozen=True)
class CompiledAvailability:
    """Rules reduced to merged minute spans: what slot arithmetic reads."""

    zone_key: str
    # Held here so zoneinfo's weak cache keeps the zone loaded while the rules live.
    zone: ZoneInfo
    weekday_spans: tuple[tuple[Span, ...], ...]
    unavailable_ordinals: frozenset[int]
    extra_spans_by_ordinal: Mapping[int, tuple[Span, ...]]

    def spans_on(self, ordinal: int) -> tuple[Span, ...]:
        """Merged wall-clock spans offered on the local date with this ordinal."""
        extra = self.extra_spans_by_ordinal.get(ordinal, ())
        if ordinal in self.unavailable_ordinals:
            return extra
        weekly = self.weekday_spans[(ordinal - 1) % 7]
        if not extra:
            return weekly
        return merge_spans(sorted(weekly + extra))


@dataclass(frozen=True)
class AvailabilityRules:
    """Everything a mentor says about when they can meet."""

    timezone: str
    weekly_windows: tuple[WeeklyWindow, ...] = ()
    overrides: tuple[DateOverride, ...] = ()
    session_lengths: frozenset[int] = frozenset({60})
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    minimum_notice_hours: int = 12
    booking_horizon_days: int = 30
    max_sessions_per_day: int | None = None
    max_sessions_per_week: int | None = None
    paused: bool = False
    compiled: CompiledAvailability = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Callers often hold lists; freezing them keeps the rules hashable and immutable.
        object.__setattr__(self, "weekly_windows", tuple(self.weekly_windows))
        object.__setattr__(self, "overrides", tuple(self.overrides))
        object.__setattr__(self, "session_lengths", frozenset(self.session_lengths))
        _validate_scalars(self)
        object.__setattr__(self, "compiled", _compile(self))


def merge_spans(sorted_spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Merge sorted half-open spans that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted_spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def load_zone(key: object) -> ZoneInfo:
    """The named IANA zone, or ``AvailabilityError('unknown_timezone')``."""
    if not isinstance(key, str) or not key:
        raise AvailabilityError("unknown_timezone", {"timezone": str(key)})
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise AvailabilityError("unknown_timezone", {"timezone": key}) from error


def _validate_scalars(rules: AvailabilityRules) -> None:
    load_zone(rules.timezone)
    if not rules.session_lengths:
        raise AvailabilityError("no_session_lengths")
    for length in sorted(rules.session_lengths, key=str):
        if not _is_int(length) or length not in SUPPORTED_SESSION_LENGTHS:
            raise AvailabilityError(
                "session_length_unsupported",
                {"length": length, "supported": list(SUPPORTED_SESSION_LENGTHS)},
            )
    for which, minutes in (
        ("before", rules.buffer_before_minutes),
        ("after", rules.buffer_after_minutes),
    ):
        if not _is_int(minutes) or minutes < 0:
            raise AvailabilityError("buffer_negative", {"which": which, "minutes": minutes})
        if minutes > MAX_BUFFER_MINUTES:
            raise AvailabilityError(
                "buffer_too_long",
                {"which": which, "minutes": minutes, "maximum": MAX_BUFFER_MINUTES},
            )
    horizon = rules.booking_horizon_days
    if not _is_int(horizon) or not 1 <= horizon <= MAX_HORIZON_DAYS:
        raise AvailabilityError(
            "horizon_out_of_range", {"days": horizon, "maximum": MAX_HORIZON_DAYS}
        )
    notice = rules.minimum_notice_hours
    if not _is_int(notice) or notice < 0:
        raise AvailabilityError("notice_negative", {"hours": notice})
    if notice >= horizon * 24:
        raise AvailabilityError("notice_beyond_horizon", {"hours": notice, "days": horizon})
    for which, limit in (
        ("day", rules.max_sessions_per_day),
        ("week", rules.max_sessions_per_week),
    ):
        if limit is not None and (not _is_int(limit) or limit < 1):
            raise AvailabilityError("limit_not_positive", {"which": which, "limit": limit})
    per_day, per_week = rules.max_sessions_per_day, rules.max_sessions_per_week
    if per_day is not None and per_week is not None and per_week < per_day:
        raise AvailabilityError(
            "weekly_limit_below_daily", {"per_day": per_day, "per_week": per_week}
        )
    if not isinstance(rules.paused, bool):
        raise TypeError("paused must be a bool")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _minute_of_day(moment: object) -> int:
    if not isinstance(moment, time) or moment.tzinfo is not None:
        raise AvailabilityError("time_invalid", {"time": str(moment)})
    if moment.second or moment.microsecond:
        raise AvailabilityError("time_invalid", {"time": moment.isoformat()})
    return moment.hour * 60 + moment.minute


def _split_at_midnight(start: time, end: time, describe: str) -> list[tuple[int, int, int]]:
    """(day_shift, start_minute, end_minute) pieces; day_shift 1 is the next day."""
    start_minute, end_minute = _minute_of_day(start), _minute_of_day(end)
    if end_minute == 0:
        # An end of 00:00 is "until midnight", so 00:00–00:00 is the whole day.
        return [(0, start_minute, MINUTES_PER_DAY)]
    if start_minute == end_minute:
        raise AvailabilityError("window_empty", {"window": describe})
    if end_minute > start_minute:
        return [(0, start_minute, end_minute)]
    return [(0, start_minute, MINUTES_PER_DAY), (1, 0, end_minute)]


def _check_no_overlap(
    pieces: list[tuple[int, int, str]], code: str, params: dict[str, object]
) -> None:
    ordered = sorted(pieces)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later[0] < earlier[1]:
            raise AvailabilityError(code, {**params, "first": earlier[2], "second": later[2]})


def _compile(rules: AvailabilityRules) -> CompiledAvailability:
    by_weekday: dict[int, list[tuple[int, int, str]]] = {day: [] for day in range(7)}
    for window in rules.weekly_windows:
        if not isinstance(window, WeeklyWindow):
            raise TypeError("weekly_windows must hold WeeklyWindow values")
        if not _is_int(window.weekday) or not 0 <= window.weekday <= 6:
            raise AvailabilityError("weekday_invalid", {"weekday": window.weekday})
        label = window.describe()
        for shift, start, end in _split_at_midnight(window.start, window.end, label):
            by_weekday[(window.weekday + shift) % 7].append((start, end, label))
    for weekday, pieces in by_weekday.items():
        _check_no_overlap(pieces, "window_overlap", {"weekday": weekday})

    unavailable: set[int] = set()
    extras: dict[int, list[tuple[int, int, str]]] = {}
    for override in rules.overrides:
        if not isinstance(override, UnavailableDate | ExtraHours):
            raise TypeError("overrides must hold UnavailableDate or ExtraHours values")
        if isinstance(override.day, datetime) or not isinstance(override.day, date):
            raise TypeError("an override's day must be a date")
        ordinal = override.day.toordinal()
        if isinstance(override, UnavailableDate):
            unavailable.add(ordinal)
            continue
        label = override.describe()
        for shift, start, end in _split_at_midnight(override.start, override.end, label):
            extras.setdefault(ordinal + shift, []).append((start, end, label))
    for ordinal, pieces in extras.items():
        _check_no_overlap(
            pieces, "extra_hours_overlap", {"date": date.fromordinal(ordinal).isoformat()}
        )

    return CompiledAvailability(
        zone_key=rules.timezone,
        zone=load_zone(rules.timezone),
        weekday_spans=tuple(
            merge_spans(sorted((start, end) for start, end, _ in by_weekday[weekday]))
            for weekday in range(7)
        ),
        unavailable_ordinals=frozenset(unavailable),
        extra_spans_by_ordinal={
            ordinal: merge_spans(sorted((start, end) for start, end, _ in pieces))
            for ordinal, pieces in extras.items()
        },
    )
