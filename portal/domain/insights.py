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

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.domain.insights_disclosure import (
    FEWER,
    HIDDEN,
    SHOWN,
    THRESHOLD,
    Published,
    first_exposed,
    small,
)

# The range menu, in whole weeks; the default is the first.
RANGE_WEEKS = (4, 13, 26, 52)
DEFAULT_WEEKS = 13



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


def _published_table(values: list[list[int]], states: list[list[str]]) -> Published:
    """What every range of a table publishes, for the exact check across ranges; each
    small figure is tagged with the range to hide more in."""
    known = Published()
    index = [[known.count(value, state) for value, state in zip(row[:-1], row_states[:-1],
                                                                 strict=True)]
             for row, row_states in zip(values, states, strict=True)]
    for rank, counts in enumerate(index):
        known.total(counts, states[rank][-1])
        for column, count in enumerate(counts):
            if states[rank][column] != SHOWN:
                known.guard(rank, {count: 1})
            if rank:
                known.never_larger.append((index[rank - 1][column], count))
        if states[rank][-1] != SHOWN:
            known.guard(rank, dict.fromkeys(counts, 1))
    for shorter, longer in itertools.combinations(range(len(values)), 2):
        for column in range(len(values[0])):
            if states[shorter][column] == SHOWN and states[longer][column] == SHOWN:
                continue  # shown figures are never a small step apart
            cells = (range(len(values[0]) - 1) if column == len(values[0]) - 1
                     else (column,))
            difference = {index[longer][c]: 1 for c in cells}
            difference.update({index[shorter][c]: -1 for c in cells})
            known.guard(longer, difference)
    return known


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
        if rank is None and len(values) > 1:
            rank = first_exposed(_published_table(values, states))
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
            extra = ({(r, c) for r in range(len(values)) if r != rank
                      for c in range(total + 1) if states[r][c] == SHOWN
                      or (c == total and states[r][c] == FEWER)}
                     or {(rank, c) for c in range(total) if states[rank][c] == SHOWN})
            if not extra:  # everything is hidden or "fewer than 5": nothing is pinned
                break
            forced |= extra
    return tuple(
        Breakdown(tuple(Cell(state, value if state == SHOWN else None)
                        for state, value in zip(row_states[:-1], row[:-1], strict=True)),
                  Cell(row_states[-1], row[-1] if row_states[-1] == SHOWN else None))
        for row_states, row in zip(states, values, strict=True))


def _nested_states(values: Sequence[int], forced: set[int]) -> list[str]:
    """One figure over nested ranges: hidden when forced; "fewer than 5"; hidden when 1
    to 4 away from the value shown in a shorter range; else shown."""
    states, last = [], None
    for rank, value in enumerate(values):
        if rank in forced:
            states.append(HIDDEN)
        elif small(value):
            states.append(FEWER)
        elif last is not None and small(value - last):
            states.append(HIDDEN)
        else:
            states.append(SHOWN)
            last = value
    return states


def _published_series(weeks: list[int], week_states: list[str], spans: Sequence[range],
                      total_states: list[str]) -> Published:
    """What a weekly series publishes over every range: one count per week, whichever
    range shows it, and each range's total. Each small figure is tagged with the range
    and the weeks to hide more in."""
    known = Published()
    for value, state in zip(weeks, week_states, strict=True):
        known.count(value, state)
    for week, state in enumerate(week_states):
        if state != SHOWN:
            shortest = next(rank for rank, span in enumerate(spans) if week in span)
            known.guard((shortest, spans[shortest]), {week: 1})
    for rank, span in enumerate(spans):
        known.total(span, total_states[rank])
        if total_states[rank] != SHOWN:
            known.guard((rank, span), dict.fromkeys(span, 1))
    for shorter, longer in itertools.combinations(range(len(spans)), 2):
        if total_states[shorter] == SHOWN and total_states[longer] == SHOWN:
            continue
        added = [week for week in spans[longer] if week not in spans[shorter]]
        known.guard((longer, added), dict.fromkeys(added, 1))
    return known


def suppress_series(by_week: Sequence[int], spans: Sequence[range]) -> tuple[Breakdown, ...]:
    """Weekly counts over nested ranges of weeks (shortest first, each span the last
    weeks of the next), suppressed so no small count is shown or worked out.

    A week is one count whichever range shows it, so it shows the same in every range
    (hiding it in one range alone would hide nothing). Each range's total is its weeks'
    sum, shown by the nested rule. Every breakdown holds a cell for every week; the
    weeks outside its span are not part of it."""
    weeks = [max(0, int(count)) for count in by_week]
    totals = [sum(weeks[week] for week in span) for span in spans]
    forced_weeks: set[int] = set()
    forced_totals: set[int] = set()
    while True:
        week_states = [HIDDEN if week in forced_weeks else FEWER if small(value) else SHOWN
                       for week, value in enumerate(weeks)]
        total_states = _nested_states(totals, forced_totals)
        tag = first_exposed(_published_series(weeks, week_states, spans, total_states))
        if tag is None:
            break
        rank, region = tag
        candidates = sorted((weeks[week], week) for week in region
                            if week_states[week] == SHOWN and weeks[week] > 0)
        if candidates:
            forced_weeks.add(candidates[0][1])
        elif total_states[rank] != HIDDEN:
            forced_totals.add(rank)
        else:  # nothing left to hide there: hide every other total, then every week
            extra = {r for r, state in enumerate(total_states) if state != HIDDEN}
            if extra:
                forced_totals |= extra
                continue
            weeks_left = {week for week, state in enumerate(week_states) if state == SHOWN
                          and weeks[week] > 0}
            if not weeks_left:  # only "fewer than 5" and hidden: nothing is pinned
                break
            forced_weeks |= weeks_left
    cells = tuple(Cell(state, value if state == SHOWN else None)
                  for state, value in zip(week_states, weeks, strict=True))
    return tuple(Breakdown(cells, Cell(state, total if state == SHOWN else None))
                 for state, total in zip(total_states, totals, strict=True))


def suppress_breakdown(counts: Sequence[int]) -> Breakdown:
    """Cells and their total for one range, small cells and their complements hidden."""
    return suppress_table([counts])[0]


# --- the range menu ----------------------------------------------------------------

def suppress_nested(values: Sequence[int]) -> tuple[Cell, ...]:
    """One cell over nested ranges (shortest first, so values never decrease): shown in
    a range only when small nowhere and 0 or 5+ away from every value shown before."""
    return tuple(shown(value) if state == SHOWN else FEWER_CELL if state == FEWER
                 else HIDDEN_CELL
                 for state, value in zip(_nested_states(values, set()), values, strict=True))


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
