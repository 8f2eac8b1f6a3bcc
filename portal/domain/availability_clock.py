"""Wall clock to UTC, in whole minutes since the Unix epoch.

Slot arithmetic runs on plain ints (minutes since 1970-01-01T00:00Z) because building
datetimes for every candidate would cost more than the whole computation. A local date
is split into stretches of constant UTC offset, and a wall-clock span maps onto each
stretch separately: that one rule makes a spring-forward window lose its missing hour
and a fall-back window cover its repeated hour exactly once per real instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from portal.domain.availability_rules import MINUTES_PER_DAY, Span, merge_spans

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
ONE_MINUTE = timedelta(minutes=1)
# Offsets in use lie within -12h..+14h; a margin past both bounds the instants of a date.
_SEARCH_MARGIN_MINUTES = 16 * 60

# (utc_start_minute, utc_end_minute, utc_offset_minutes)
Stretch = tuple[int, int, int]


def require_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def minute_floor(moment: datetime) -> int:
    return (moment - EPOCH) // ONE_MINUTE


def minute_ceil(moment: datetime) -> int:
    return -((EPOCH - moment) // ONE_MINUTE)


def minute_to_datetime(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


def offset_minutes_at(zone: ZoneInfo, minute: int) -> int:
    offset = datetime.fromtimestamp(minute * 60, zone).utcoffset()
    assert offset is not None
    return offset // ONE_MINUTE


def local_ordinal_at(zone: ZoneInfo, minute: int) -> int:
    """Ordinal of the local date in ``zone`` at this UTC minute."""
    return (minute + offset_minutes_at(zone, minute)) // MINUTES_PER_DAY + EPOCH_ORDINAL


def monday_ordinal(ordinal: int) -> int:
    return ordinal - (ordinal - 1) % 7


@lru_cache(maxsize=16384)
def day_stretches(zone_key: str, ordinal: int) -> tuple[Stretch, ...]:
    """The constant-offset stretches of UTC minutes whose local date is ``ordinal``.

    Usually one stretch; two on a day the zone changes offset. Assumes a zone changes
    offset at most once within about two days, true of every zone in current use.
    """
    zone = ZoneInfo(zone_key)
    wall_midnight = (ordinal - EPOCH_ORDINAL) * MINUTES_PER_DAY
    low = wall_midnight - _SEARCH_MARGIN_MINUTES
    high = wall_midnight + MINUTES_PER_DAY + _SEARCH_MARGIN_MINUTES
    pieces: list[Stretch] = []
    piece_start, piece_offset = low, offset_minutes_at(zone, low)
    for change, new_offset in _offset_changes(
        zone, low, high, piece_offset, offset_minutes_at(zone, high)
    ):
        pieces.append((piece_start, change, piece_offset))
        piece_start, piece_offset = change, new_offset
    pieces.append((piece_start, high, piece_offset))

    stretches: list[Stretch] = []
    for start, end, offset in pieces:
        first = max(start, wall_midnight - offset)
        last = min(end, wall_midnight + MINUTES_PER_DAY - offset)
        if first < last:
            stretches.append((first, last, offset))
    return tuple(stretches)


def _offset_changes(
    zone: ZoneInfo, low: int, high: int, low_offset: int, high_offset: int
) -> list[tuple[int, int]]:
    """(first minute of new offset, new offset) for changes within (low, high]."""
    if low_offset == high_offset:
        return []
    if high - low == 1:
        return [(high, high_offset)]
    middle = (low + high) // 2
    middle_offset = offset_minutes_at(zone, middle)
    return _offset_changes(zone, low, middle, low_offset, middle_offset) + _offset_changes(
        zone, middle, high, middle_offset, high_offset
    )


def wall_spans_to_utc(zone_key: str, ordinal: int, spans: tuple[Span, ...]) -> list[Span]:
    """Merged UTC minute intervals of the instants whose local wall time lies in ``spans``."""
    if not spans:
        return []
    wall_midnight = (ordinal - EPOCH_ORDINAL) * MINUTES_PER_DAY
    stretches = day_stretches(zone_key, ordinal)
    if len(stretches) == 1:
        offset = stretches[0][2]
        base = wall_midnight - offset
        return [(base + start, base + end) for start, end in spans]
    pieces: list[Span] = []
    for stretch_start, stretch_end, offset in stretches:
        base = wall_midnight - offset
        for start, end in spans:
            first, last = max(stretch_start, base + start), min(stretch_end, base + end)
            if first < last:
                pieces.append((first, last))
    return list(merge_spans(sorted(pieces)))
