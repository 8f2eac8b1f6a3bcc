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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

THRESHOLD = 5
# The range menu, in whole weeks; the default is the first.
RANGE_WEEKS = (4, 13, 26, 52)
DEFAULT_WEEKS = 13

SHOWN = "shown"
FEWER = "fewer"      # 1..4 people: "fewer than 5"
HIDDEN = "hidden"    # hidden so a small cell cannot be found by subtraction


@dataclass(frozen=True)
class Cell:
    """One published figure: the value only when ``state`` is ``SHOWN``."""

    state: str
    value: int | None

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


def shown(value: int) -> Cell:
    return Cell(SHOWN, value)


FEWER_CELL = Cell(FEWER, None)
HIDDEN_CELL = Cell(HIDDEN, None)


def small(count: int) -> bool:
    return 0 < count < THRESHOLD


def single(count: int) -> Cell:
    """A count shown on its own (no breakdown around it)."""
    return FEWER_CELL if small(count) else shown(count)


# --- breakdowns with a total -------------------------------------------------------

BIG = 10**12
Bounds = tuple[int, int]


def pinned(shown_sum: int, hidden: dict[int, Bounds], total: Bounds) -> bool:
    """Whether an onlooker can pin a hidden cell, or a hidden total, to one value.

    Each hidden cell lies in a known interval and so does the total (one value when it
    is shown); the cells add up to the total. With one sum and box bounds the feasible
    values of each unknown form one interval, so an unknown is pinned exactly when its
    interval holds a single value.
    """
    t_low, t_high = total
    all_low = sum(low for low, _ in hidden.values())
    all_high = sum(high for _, high in hidden.values())
    for low, high in hidden.values():
        others_low, others_high = all_low - low, all_high - high
        if max(low, t_low - shown_sum - others_high) >= min(
                high, t_high - shown_sum - others_low):
            return True
    if t_low == t_high:
        return False
    return max(t_low, shown_sum + all_low) >= min(t_high, shown_sum + all_high)


@dataclass(frozen=True)
class Breakdown:
    cells: tuple[Cell, ...]
    total: Cell


def _states(values: list[list[int]], forced: set[tuple[int, int]]) -> list[list[str]]:
    """Each column down the ranges: hidden when forced; "fewer than 5"; hidden when 1
    to 4 away from the value shown in a shorter range; else shown."""
    states = [[SHOWN] * len(values[0]) for _ in values]
    for column in range(len(values[0])):
        last: int | None = None
        for rank, row in enumerate(values):
            value = row[column]
            if (rank, column) in forced:
                states[rank][column] = HIDDEN
            elif small(value):
                states[rank][column] = FEWER
            elif last is not None and small(value - last):
                states[rank][column] = HIDDEN
            else:
                last = value
    return states


def _bounds(values: list[list[int]], states: list[list[str]], rank: int,
            column: int) -> Bounds:
    """What an onlooker knows of one hidden figure: the rule, and the same figure shown
    in a shorter range (never more) or a longer one (never less)."""
    before = [values[r][column] for r in range(rank) if states[r][column] == SHOWN]
    after = [values[r][column] for r in range(rank + 1, len(values))
             if states[r][column] == SHOWN]
    is_total = column == len(values[rank]) - 1
    # A hidden cell is never small (small cells say so): an onlooker knows it is 5+.
    low, high = ((1, THRESHOLD - 1) if states[rank][column] == FEWER
                 else (0, BIG) if is_total else (THRESHOLD, BIG))
    if before:
        low = max(low, before[-1])
    if after:
        high = min(high, after[0])
    return low, high


def _first_pinned_range(values: list[list[int]], states: list[list[str]]) -> int | None:
    for rank, row in enumerate(values):
        total = len(row) - 1
        hidden = {c: _bounds(values, states, rank, c) for c in range(total)
                  if states[rank][c] != SHOWN}
        shown_sum = sum(row[c] for c in range(total) if states[rank][c] == SHOWN)
        total_bounds = ((row[total], row[total]) if states[rank][total] == SHOWN
                        else _bounds(values, states, rank, total))
        if hidden or states[rank][total] != SHOWN:
            if pinned(shown_sum, hidden, total_bounds):
                return rank
            if any(low >= high for low, high in hidden.values()):
                return rank
    return None


def suppress_table(counts_by_range: Sequence[Sequence[int]]) -> tuple[Breakdown, ...]:
    """A breakdown over each range of the menu (shortest first, nested), suppressed so
    that no small count is shown, found from a total, or found between two ranges."""
    rows = [[max(0, int(count)) for count in counts] for counts in counts_by_range]
    if not rows:
        return ()
    values = [[*row, sum(row)] for row in rows]  # the total is the last column
    forced: set[tuple[int, int]] = set()
    while True:
        states = _states(values, forced)
        rank = _first_pinned_range(values, states)
        if rank is None:
            break
        total = len(values[rank]) - 1
        candidates = sorted((values[rank][c], c) for c in range(total)
                            if states[rank][c] == SHOWN and values[rank][c] > 0)
        if candidates:
            forced.add((rank, candidates[0][1]))
        elif states[rank][total] != HIDDEN:
            forced.add((rank, total))
        else:  # nothing left to hide in this range: hide what bounds it from the others
            extra = {(r, c) for r in range(len(values)) if r != rank
                     for c in range(total + 1) if states[r][c] == SHOWN}
            if not extra:
                break
            forced |= extra
    return tuple(
        Breakdown(tuple(Cell(state, value if state == SHOWN else None)
                        for state, value in zip(row_states[:-1], row[:-1], strict=True)),
                  Cell(row_states[-1], row[-1] if row_states[-1] == SHOWN else None))
        for row_states, row in zip(states, values, strict=True))


def suppress_breakdown(counts: Sequence[int]) -> Breakdown:
    """Cells and their total for one range, small cells and their complements hidden."""
    return suppress_table([counts])[0]


# --- the range menu ----------------------------------------------------------------

def suppress_nested(values: Sequence[int]) -> tuple[Cell, ...]:
    """One cell over nested ranges (shortest first, so values never decrease): shown in
    a range only when small nowhere and 0 or 5+ away from every value shown before."""
    cells = []
    last_shown: int | None = None
    for value in values:
        if small(value):
            cells.append(FEWER_CELL)
        elif last_shown is not None and small(value - last_shown):
            cells.append(HIDDEN_CELL)
        else:
            cells.append(shown(value))
            last_shown = value
    return tuple(cells)


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
