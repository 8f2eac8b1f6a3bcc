"""Weekly opening hours of a directory listing, in the listing's own IANA time zone.

Choices made here, so callers need not guess:

* A range belongs to the weekday it opens on. Minutes count from local midnight.
  ``closes`` lies in 1..1440, where 1440 ("24:00", written "00:00" as a closing time)
  is the midnight that ends the day. A range whose ``closes`` is before ``opens``
  runs overnight into the next day: Monday 20:00–08:00 ends Tuesday 08:00.
  00:00–00:00 is the whole day; any other range that opens and closes at the same
  time is refused (``same_time``).
* "Open 24 hours" on a day is the range 00:00–24:00; open around the clock is that on
  all seven days. A listing with no ranges has no hours listed (``unknown``), which is
  not the same as closed.
* Ranges may touch (09:00–12:00, 12:00–17:00, or Sunday 22:00–02:00 and Monday
  02:00–06:00) and are then treated as one stretch; they may not overlap, even across
  midnight or from Sunday into Monday (``overlap``). At most three ranges a day.
* Wall clock. Hours are what the listing's clock shows, so across a clock change a
  shelter open 20:00–08:00 is open for 11 or 13 real hours. In a repeated (fall-back)
  hour a time inside a range is open both times it occurs. A closing time that falls
  in a skipped (spring-forward) hour is reached at the first real instant after it.
* "Open now" depends only on the instant; the viewer's zone changes only how the
  closing or opening time is shown (``describe``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.domain.refusal import Refused
from portal.domain.resource_catalog import is_known_timezone

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MAX_RANGES_PER_DAY = 3
WEEKDAY_CODES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class HoursError(Refused, ValueError):
    """Hours that cannot be stored: a message key (``resources.hours.<code>``) and params."""

    key_prefix = "resources.hours."

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)


def parse_clock(text: object, *, closing: bool) -> int:
    """"9:30", "09:30" or "09:30:00" as minutes after midnight.

    A closing time of "00:00" or "24:00" is the midnight that ends the day (1440).
    """
    match = _CLOCK.match(str(text or "").strip())
    if match is None:
        raise HoursError("bad_time", value=str(text or "")[:20])
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours == 24 and minutes == 0 and seconds == 0 and closing:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59 or seconds > 59:
        raise HoursError("bad_time", value=str(text)[:20])
    minute = hours * 60 + minutes
    return MINUTES_PER_DAY if closing and minute == 0 else minute


def format_clock_24(minute: int) -> str:
    """"HH:MM"; the midnight that ends a day is written "00:00" (as ``parse_clock`` reads it)."""
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True, order=True)
class OpenRange:
    """Open on ``weekday`` (0 = Monday) from ``opens`` to ``closes`` (see module notes)."""

    weekday: int
    opens: int
    closes: int

    def __post_init__(self) -> None:
        for value in (self.weekday, self.opens, self.closes):
            if not isinstance(value, int) or isinstance(value, bool):
                raise HoursError("bad_time", value=str(value)[:20])
        if not 0 <= self.weekday <= 6:
            raise HoursError("bad_day", value=str(self.weekday))
        if not 0 <= self.opens < MINUTES_PER_DAY or not 0 < self.closes <= MINUTES_PER_DAY:
            raise HoursError("bad_time", value=f"{self.opens}-{self.closes}")
        if self.opens == self.closes:
            raise HoursError("same_time", day=WEEKDAY_CODES[self.weekday])

    @property
    def overnight(self) -> bool:
        return self.closes < self.opens

    @property
    def whole_day(self) -> bool:
        return self.opens == 0 and self.closes == MINUTES_PER_DAY

    @property
    def duration(self) -> int:
        return (self.closes if self.closes > self.opens else self.closes + MINUTES_PER_DAY) \
            - self.opens

    @property
    def week_start(self) -> int:
        """Minutes after local Monday 00:00."""
        return self.weekday * MINUTES_PER_DAY + self.opens

    @property
    def week_end(self) -> int:
        """May pass the end of the week (a Sunday night range ends early on Monday)."""
        return self.week_start + self.duration


def validate_ranges(ranges: list[OpenRange] | tuple[OpenRange, ...]) -> tuple[OpenRange, ...]:
    """Sorted, at most three a day, none overlapping another (across midnight too)."""
    ordered = tuple(sorted(set(ranges)))
    if len(ordered) != len(ranges):
        raise HoursError("overlap", day=WEEKDAY_CODES[_first_repeat(ranges).weekday])
    per_day = [0] * 7
    for item in ordered:
        per_day[item.weekday] += 1
        if per_day[item.weekday] > MAX_RANGES_PER_DAY:
            raise HoursError("too_many", day=WEEKDAY_CODES[item.weekday], most=MAX_RANGES_PER_DAY)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.week_end > later.week_start:
            raise HoursError("overlap", day=WEEKDAY_CODES[later.weekday])
    if len(ordered) > 1 and ordered[-1].week_end - MINUTES_PER_WEEK > ordered[0].week_start:
        raise HoursError("overlap", day=WEEKDAY_CODES[ordered[0].weekday])
    return ordered


def _first_repeat(ranges) -> OpenRange:
    seen: set[OpenRange] = set()
    for item in ranges:
        if item in seen:
            return item
        seen.add(item)
    return ranges[0]


@dataclass(frozen=True)
class WeeklyHours:
    timezone: str
    ranges: tuple[OpenRange, ...] = ()

    def __post_init__(self) -> None:
        if not is_known_timezone(self.timezone):
            raise HoursError("bad_timezone", value=str(self.timezone)[:64])
        object.__setattr__(self, "ranges", validate_ranges(tuple(self.ranges)))

    @property
    def listed(self) -> bool:
        return bool(self.ranges)

    @property
    def always_open(self) -> bool:
        return _merged(self.ranges) == [(0, MINUTES_PER_WEEK)]

    def on_day(self, weekday: int) -> tuple[OpenRange, ...]:
        return tuple(item for item in self.ranges if item.weekday == weekday)


def _require_aware(moment: datetime) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed")


def local_week_minute(timezone: str, at: datetime) -> int:
    """Minutes after local Monday 00:00 in ``timezone`` at the instant ``at``."""
    _require_aware(at)
    local = at.astimezone(ZoneInfo(timezone))
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def _contains(item: OpenRange, minute: int) -> bool:
    return item.week_start <= minute < item.week_end or \
        item.week_start <= minute + MINUTES_PER_WEEK < item.week_end


def is_open(hours: WeeklyHours, *, at: datetime) -> bool:
    """Whether the listing's own clock at the instant ``at`` falls inside a range."""
    minute = local_week_minute(hours.timezone, at)
    return any(_contains(item, minute) for item in hours.ranges)


def _merged(ranges: tuple[OpenRange, ...]) -> list[tuple[int, int]]:
    """Open stretches on one week [0, 10080), touching ranges joined."""
    pieces: list[tuple[int, int]] = []
    for item in ranges:
        start, end = item.week_start, item.week_end
        if end > MINUTES_PER_WEEK:
            pieces.append((start, MINUTES_PER_WEEK))
            pieces.append((0, end - MINUTES_PER_WEEK))
        else:
            pieces.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class OpenStatus:
    """``state`` is "always", "open", "closed" or "unknown" (no hours listed).

    ``changes_at`` is the instant (UTC) it next closes ("open") or opens ("closed").
    """

    state: str
    changes_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state in ("always", "open")


def _wall_of(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None, fold=0)


def _wall_to_utc(zone: ZoneInfo, wall: datetime, after: datetime) -> datetime:
    """The first real instant after ``after`` at which the clock reads ``wall``.

    A repeated wall time has two instants; a skipped one has none, and then the change
    happens when the clock jumps past it (the first instant reading later than ``wall``).
    """
    first, second = sorted(wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
                           for fold in (0, 1))
    if _wall_of(first, zone) == wall:
        return first if first > after else second
    moment = first  # reads just before the skipped stretch; step to the jump
    while _wall_of(moment, zone) < wall and moment < second:
        moment += timedelta(minutes=1)
    return moment


def open_status(hours: WeeklyHours, *, at: datetime) -> OpenStatus:
    _require_aware(at)
    if not hours.ranges:
        return OpenStatus("unknown")
    stretches = _merged(hours.ranges)
    if stretches == [(0, MINUTES_PER_WEEK)]:
        return OpenStatus("always")
    zone = ZoneInfo(hours.timezone)
    local = at.astimezone(zone)
    minute = local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0))
    wraps = stretches[0][0] == 0 and stretches[-1][1] == MINUTES_PER_WEEK
    for start, end in stretches:
        if start <= minute < end:
            if end == MINUTES_PER_WEEK and wraps:
                end = MINUTES_PER_WEEK + stretches[0][1]
            wall = monday + timedelta(minutes=end)
            return OpenStatus("open", _wall_to_utc(zone, wall, at.astimezone(UTC)))
    later = [start for start, _ in stretches if start > minute]
    next_start = later[0] if later else stretches[0][0] + MINUTES_PER_WEEK
    wall = monday + timedelta(minutes=next_start)
    return OpenStatus("closed", _wall_to_utc(zone, wall, at.astimezone(UTC)))


@dataclass(frozen=True)
class StatusLine:
    """What a member reads: a catalog key, and the time it names in the member's zone.

    ``day`` is "today", "tomorrow" or "later" (then show the weekday) in the member's zone.
    """

    key: str
    is_open: bool
    at_local: datetime | None = None
    day: str = ""


def describe(status: OpenStatus, *, member_timezone: str, now: datetime) -> StatusLine:
    _require_aware(now)
    if status.state == "always":
        return StatusLine("resources.status.always", True)
    if status.state == "unknown" or status.changes_at is None:
        return StatusLine("resources.status.unknown", False)
    zone = ZoneInfo(member_timezone if is_known_timezone(member_timezone) else "UTC")
    at_local = status.changes_at.astimezone(zone)
    today: date = now.astimezone(zone).date()
    gap = (at_local.date() - today).days
    day = "today" if gap <= 0 else "tomorrow" if gap == 1 else "later"
    prefix = "open" if status.is_open else "closed"
    return StatusLine(f"resources.status.{prefix}_{day}", status.is_open, at_local, day)


def shown_in_zone(hours: WeeklyHours, zone: str, *, at: datetime) -> tuple[OpenRange, ...]:
    """The weekly hours as a clock in ``zone`` reads them in the week of ``at``, so a
    page can show every time in the viewer's zone with one note.

    The listing's ranges move by the difference between the two zones' offsets at
    ``at`` (in a week where only one of them changes its clocks, times after the change
    may read an hour off). Unchanged when the offsets agree. Moved ranges that touch
    are joined; a stretch of 24 hours or more is split at the viewer's midnights.
    """
    _require_aware(at)
    target = ZoneInfo(zone if is_known_timezone(zone) else "UTC")
    own = ZoneInfo(hours.timezone)
    offset = at.astimezone(target).utcoffset() - at.astimezone(own).utcoffset()
    shift = int(offset.total_seconds()) // 60
    if shift == 0 or not hours.ranges:
        return hours.ranges
    if hours.always_open:
        return tuple(OpenRange(day, 0, MINUTES_PER_DAY) for day in range(7))
    moved = sorted(((start + shift) % MINUTES_PER_WEEK,
                    (start + shift) % MINUTES_PER_WEEK + end - start)
                   for start, end in _merged(hours.ranges))
    joined: list[tuple[int, int]] = []
    for start, end in moved:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    if len(joined) > 1 and joined[-1][1] >= joined[0][0] + MINUTES_PER_WEEK:
        first = joined.pop(0)  # the week's end runs on into its start
        joined[-1] = (joined[-1][0], max(joined[-1][1], first[1] + MINUTES_PER_WEEK))
    return tuple(sorted(piece for start, end in joined for piece in _pieces(start, end)))


def _pieces(start: int, end: int) -> list[OpenRange]:
    """[start, end) in week minutes as ranges; under 24 hours it stays one range."""
    def weekday(minute: int) -> int:
        return (minute // MINUTES_PER_DAY) % 7

    if end - start < MINUTES_PER_DAY:
        closes = end % MINUTES_PER_DAY or MINUTES_PER_DAY
        return [OpenRange(weekday(start), start % MINUTES_PER_DAY, closes)]
    pieces = []
    while start < end:
        day_end = (start // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY
        stop = min(day_end, end)
        pieces.append(OpenRange(weekday(start), start % MINUTES_PER_DAY,
                                stop - (day_end - MINUTES_PER_DAY)))
        start = stop
    return pieces


# --- the listing editor's form -------------------------------------------------------

FORM_SLOTS = MAX_RANGES_PER_DAY


def hours_from_form(form: dict[str, object]) -> tuple[OpenRange, ...]:
    """Ranges from the editor's fields: ``mon_all_day`` ("on") or ``mon_1_opens`` /
    ``mon_1_closes`` ... ``sun_3_closes`` ("HH:MM"); a slot left empty is no range."""
    ranges: list[OpenRange] = []
    for weekday, day in enumerate(WEEKDAY_CODES):
        if str(form.get(f"{day}_all_day") or "") in ("on", "true", "1"):
            ranges.append(OpenRange(weekday, 0, MINUTES_PER_DAY))
            continue
        for slot in range(1, FORM_SLOTS + 1):
            opens = str(form.get(f"{day}_{slot}_opens") or "").strip()
            closes = str(form.get(f"{day}_{slot}_closes") or "").strip()
            if not opens and not closes:
                continue
            if not opens or not closes:
                raise HoursError("half_range", day=day)
            ranges.append(OpenRange(weekday, parse_clock(opens, closing=False),
                                    parse_clock(closes, closing=True)))
    return tuple(ranges)


def hours_to_form(ranges: tuple[OpenRange, ...]) -> dict[str, str]:
    form: dict[str, str] = {}
    for weekday, day in enumerate(WEEKDAY_CODES):
        todays = [item for item in ranges if item.weekday == weekday]
        form[f"{day}_all_day"] = "on" if any(item.whole_day for item in todays) else ""
        for slot in range(1, FORM_SLOTS + 1):
            item = todays[slot - 1] if slot <= len(todays) and not todays[0].whole_day else None
            form[f"{day}_{slot}_opens"] = format_clock_24(item.opens) if item else ""
            form[f"{day}_{slot}_closes"] = format_clock_24(item.closes) if item else ""
    return form
