"""Programme insights: the rules that keep every published figure from exposing anyone.

Pure Python. The services count in the database and hand the counts here; what comes
back is what may be shown.

- Small cells: a count of 1 to 4 people is shown as "fewer than 5" (``FEWER``). A zero
  is shown: it says nothing about anyone.
- Subtraction: a breakdown is shown with its total. When the hidden cells could be
  worked out from the total and the cells shown (one hidden cell alone, or hidden cells
  whose only possible values are pinned by the total), the next-smallest cell is hidden
  too (``HIDDEN``); when nothing is left to hide, the total is hidden.
- Ranges: whole weeks only, from a fixed menu ending with the last complete week. A
  cell is computed for every range of the menu at once and shown in a longer range only
  when it differs from the value shown in the shorter one by 0 or by at least 5, so no
  two ranges can be subtracted to find a small count either.
- Medians and percentiles are shown only over at least 5 people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.domain.insights_disclosure import FEWER, HIDDEN, SHOWN, THRESHOLD, small
from portal.domain.insights_suppression import (
    FEWER_CELL,
    HIDDEN_CELL,
    Breakdown,
    Cell,
    pinned,
    shown,
    single,
    suppress_breakdown,
    suppress_nested,
    suppress_series,
    suppress_table,
    suppress_together,
)

__all__ = [
    "DEFAULT_WEEKS", "FEWER", "FEWER_CELL", "HIDDEN", "HIDDEN_CELL", "RANGE_WEEKS", "SHOWN",
    "THRESHOLD", "Breakdown", "Cell", "Reading", "WeekRange", "clean_weeks",
    "duration_reading", "menu", "percentile_rank", "pinned", "share", "share_reading",
    "shown", "single", "small", "suppress_breakdown", "suppress_nested", "suppress_series",
    "suppress_table", "suppress_together", "week_range", "week_start",
]

# The range menu, in whole weeks; the default is the first.
RANGE_WEEKS = (4, 13, 26, 52)
DEFAULT_WEEKS = 13



def week_start(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekRange:
    """Whole weeks: from ``start`` (a Monday, 00:00 UTC) for ``weeks`` weeks."""

    start: date
    weeks: int

    @property
    def end(self) -> date:
        return self.start + timedelta(weeks=self.weeks)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, UTC)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min, UTC)

    def week_starts(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(weeks=index) for index in range(self.weeks))


def clean_weeks(raw: object) -> int:
    """A range length from the menu; anything else is the default."""
    try:
        weeks = int(str(raw))
    except (TypeError, ValueError):
        return DEFAULT_WEEKS
    return weeks if weeks in RANGE_WEEKS else DEFAULT_WEEKS


def week_range(weeks: int, today: date) -> WeekRange:
    """The last ``weeks`` complete weeks before ``today``'s week."""
    weeks = clean_weeks(weeks)
    return WeekRange(week_start(today) - timedelta(weeks=weeks), weeks)


def menu(today: date) -> tuple[WeekRange, ...]:
    """Every range of the menu, shortest first: nested, all ending on the same Monday."""
    return tuple(week_range(weeks, today) for weeks in RANGE_WEEKS)


# --- readings ----------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """A one-line plain reading of a chart: a translation key and its parameters."""

    key: str
    params: tuple[tuple[str, str], ...] = ()


def percentile_rank(count: int, fraction: float) -> int:
    """The 1-based nearest-rank position of a percentile among ``count`` sorted values."""
    position = math.ceil(round(count * fraction, 9))  # 10 * 0.9 is 9, not 9.000...2
    return min(max(position, 1), count)


def duration_reading(prefix: str, median_hours: float | None, people: int) -> Reading:
    """"Most ... within N days/hours", or that there are too few to say."""
    if median_hours is None or people < THRESHOLD:
        return Reading(f"{prefix}.too_few")
    if median_hours < 48:
        return Reading(f"{prefix}.hours", (("hours", str(max(1, round(median_hours)))),))
    return Reading(f"{prefix}.days", (("days", str(round(median_hours / 24))),))


def share_reading(key: str, part: Cell, whole: Cell) -> Reading:
    """A percentage reading, only when both counts are shown."""
    if not (part.shown and whole.shown) or not whole.value:
        return Reading(f"{key}.too_few")
    return Reading(key, (("percent", str(round(100 * (part.value or 0) / whole.value))),))


def share(part: Cell, whole: Cell) -> int | None:
    if not (part.shown and whole.shown) or not whole.value:
        return None
    return round(100 * (part.value or 0) / whole.value)
