"""Insights' suppression: what of each figure may be shown, over every range at once.

Pure Python. The rules are in ``insights``' docstring; the exact check across ranges
and figures is ``insights_disclosure``. A figure is suppressed in two steps: its own
quick check per range (``pinned``: one sum with box bounds), then the exact check over
everything it publishes in every range of the menu; more is hidden until neither finds
a small count. Figures about the same people (their range totals are one number) are
suppressed together (``suppress_together``).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from portal.domain.insights_disclosure import (
    FEWER,
    HIDDEN,
    SHOWN,
    THRESHOLD,
    Published,
    first_exposed,
    small,
)


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
    """A figure over one range: its cells and total. ``withheld``: nothing of it is
    shown (every cell "not shown", small ones too), because together with another
    figure of the same people it would give a count away whatever else was hidden."""

    cells: tuple[Cell, ...]
    total: Cell
    withheld: bool = False


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


class _Table:
    """One breakdown over every range of the menu: cells by label, and the total."""

    def __init__(self, counts_by_range: Sequence[Sequence[int]]) -> None:
        rows = [[max(0, int(count)) for count in counts] for counts in counts_by_range]
        self.values = [[*row, sum(row)] for row in rows]  # the total is the last column
        self.forced: set[tuple[int, int]] = set()
        self.withheld = False

    @property
    def states(self) -> list[list[str]]:
        if self.withheld:
            return [[HIDDEN] * len(row) for row in self.values]
        return _states(self.values, self.forced)

    def settle(self) -> None:
        """Hide more until neither this figure's quick check per range nor the exact
        check across its ranges finds a small count."""
        while not self.withheld:
            states = self.states
            rank = _first_pinned_range(self.values, states)
            if rank is None and len(self.values) > 1:
                known = Published()
                self.publish(known, None)
                tag = first_exposed(known)
                rank = None if tag is None else tag[1]
            if rank is None or not self.hide_more(rank):
                return

    def publish(self, known: Published, figure: Hashable) -> list[tuple[int, ...]]:
        """Add what every range publishes to ``known`` (small figures tagged
        ``(figure, range to hide more in)``); the counts under each range's total."""
        if self.withheld:
            return []
        states, values = self.states, self.values
        index = [[known.count(value, state)
                  for value, state in zip(row[:-1], row_states[:-1], strict=True)]
                 for row, row_states in zip(values, states, strict=True)]
        for rank, counts in enumerate(index):
            known.total(counts, states[rank][-1])
            for column, count in enumerate(counts):
                if states[rank][column] != SHOWN:
                    known.guard((figure, rank), {count: 1})
                if rank:
                    known.never_larger.append((index[rank - 1][column], count))
            if states[rank][-1] != SHOWN:
                known.guard((figure, rank), dict.fromkeys(counts, 1))
        total = len(values[0]) - 1
        for shorter, longer in itertools.combinations(range(len(values)), 2):
            for column in range(total + 1):
                if states[shorter][column] == SHOWN and states[longer][column] == SHOWN:
                    continue  # shown figures are never a small step apart
                cells = range(total) if column == total else (column,)
                difference = {index[longer][c]: 1 for c in cells}
                difference.update({index[shorter][c]: -1 for c in cells})
                known.guard((figure, longer), difference)
        return [tuple(counts) for counts in index]

    def hide_more(self, rank: int) -> bool:
        """Hide the range's smallest shown cell, else its total, else what bounds it
        from the other ranges. False: nothing is left to hide."""
        states, values = self.states, self.values
        total = len(values[rank]) - 1
        candidates = sorted((values[rank][c], c) for c in range(total)
                            if states[rank][c] == SHOWN and values[rank][c] > 0)
        if candidates:
            self.forced.add((rank, candidates[0][1]))
        elif states[rank][total] != HIDDEN:
            self.forced.add((rank, total))
        else:
            extra = ({(r, c) for r in range(len(values)) if r != rank
                      for c in range(total + 1) if states[r][c] == SHOWN
                      or (c == total and states[r][c] == FEWER)}
                     or {(rank, c) for c in range(total) if states[rank][c] == SHOWN})
            if not extra:  # everything is hidden or "fewer than 5"
                return False
            self.forced |= extra
        return True

    def result(self) -> tuple[Breakdown, ...]:
        return tuple(
            Breakdown(tuple(Cell(state, value if state == SHOWN else None)
                            for state, value in zip(row_states[:-1], row[:-1], strict=True)),
                      Cell(row_states[-1], row[-1] if row_states[-1] == SHOWN else None),
                      self.withheld)
            for row_states, row in zip(self.states, self.values, strict=True))


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


class _Series:
    """A weekly series over nested ranges of weeks (shortest first, each span the last
    weeks of the next). A week is one count whichever range shows it, so it shows the
    same in every range (hiding it in one range alone would hide nothing); each range's
    total is its weeks' sum, shown by the nested rule."""

    def __init__(self, by_week: Sequence[int], spans: Sequence[range]) -> None:
        self.weeks = [max(0, int(count)) for count in by_week]
        self.spans = list(spans)
        self.totals = [sum(self.weeks[week] for week in span) for span in self.spans]
        self.forced_weeks: set[int] = set()
        self.forced_totals: set[int] = set()
        self.withheld = False
        self.index: list[int] = []  # each week's count in the last ``publish``

    @property
    def week_states(self) -> list[str]:
        return [HIDDEN if self.withheld or week in self.forced_weeks
                else FEWER if small(value) else SHOWN
                for week, value in enumerate(self.weeks)]

    @property
    def total_states(self) -> list[str]:
        if self.withheld:
            return [HIDDEN] * len(self.totals)
        return _nested_states(self.totals, self.forced_totals)

    def settle(self) -> None:
        while not self.withheld:
            known = Published()
            self.publish(known, None)
            tag = first_exposed(known)
            if tag is None or not self.hide_more(tag[1]):
                return

    def publish(self, known: Published, figure: Hashable) -> list[tuple[int, ...]]:
        """Add one count per week and each range's total to ``known`` (small figures
        tagged ``(figure, (range, weeks to hide more in))``); each range's weeks."""
        if self.withheld:
            return []
        week_states, total_states, spans = self.week_states, self.total_states, self.spans
        index = self.index = [known.count(value, state)
                              for value, state in zip(self.weeks, week_states, strict=True)]
        for week, state in enumerate(week_states):
            if state != SHOWN:
                shortest = next(rank for rank, span in enumerate(spans) if week in span)
                known.guard((figure, (shortest, tuple(spans[shortest]))), {index[week]: 1})
        members = [tuple(index[week] for week in span) for span in spans]
        for rank, span in enumerate(spans):
            known.total(members[rank], total_states[rank])
            if total_states[rank] != SHOWN:
                known.guard((figure, (rank, tuple(span))), dict.fromkeys(members[rank], 1))
        for shorter, longer in itertools.combinations(range(len(spans)), 2):
            if total_states[shorter] == SHOWN and total_states[longer] == SHOWN:
                continue
            added = tuple(week for week in spans[longer] if week not in spans[shorter])
            known.guard((figure, (longer, added)), {index[week]: 1 for week in added})
        return members

    def hide_more(self, where: tuple[int, tuple[int, ...]]) -> bool:
        """Hide the smallest shown week there, else that range's total, else every
        other total, then every week. False: nothing is left to hide."""
        rank, region = where
        week_states, total_states = self.week_states, self.total_states
        candidates = sorted((self.weeks[week], week) for week in region
                            if week_states[week] == SHOWN and self.weeks[week] > 0)
        if candidates:
            self.forced_weeks.add(candidates[0][1])
        elif total_states[rank] != HIDDEN:
            self.forced_totals.add(rank)
        elif extra := {r for r, state in enumerate(total_states) if state != HIDDEN}:
            self.forced_totals |= extra
        elif weeks_left := {week for week, state in enumerate(week_states)
                            if state == SHOWN and self.weeks[week] > 0}:
            self.forced_weeks |= weeks_left
        else:  # only "fewer than 5" and hidden
            return False
        return True

    def result(self) -> tuple[Breakdown, ...]:
        cells = tuple(Cell(state, value if state == SHOWN else None)
                      for state, value in zip(self.week_states, self.weeks, strict=True))
        return tuple(Breakdown(cells, Cell(state, total if state == SHOWN else None),
                               self.withheld)
                     for state, total in zip(self.total_states, self.totals, strict=True))


_Suppressed = _Table | _Series


def _together(figures: Sequence[_Suppressed],
              spans_in_weeks: dict[int, Sequence[range | None]] | None = None) -> None:
    """Suppress figures about the same people, read together by an onlooker: each range's
    total is one number in all of them (a table in ``spans_in_weeks`` counts, in each of
    its ranges, the people of those weeks of the series, which comes first). Each figure
    is settled alone, then all are checked at once; more is hidden in the figure that
    gives a count away, and a figure with nothing left to hide is withheld whole."""
    shifted = spans_in_weeks or {}
    while True:
        for figure in figures:
            figure.settle()
        if len(figures) < 2:
            return
        known = Published()
        members = [figure.publish(known, place) for place, figure in enumerate(figures)]
        weekly = (figures[0] if isinstance(figures[0], _Series) and members[0] else None)
        same_ranges = [counts for place, counts in enumerate(members)
                       if counts and place not in shifted]
        links = [(a, b) for counts in same_ranges[1:]
                 for a, b in zip(same_ranges[0], counts, strict=True)]
        if weekly is not None:
            links += [(counts[rank], tuple(weekly.index[week] for week in span))
                      for place, counts in enumerate(members) if counts and place in shifted
                      for rank, span in enumerate(shifted[place]) if span is not None]
        for a, b in links:
            if known.value(known.values, dict.fromkeys(a, 1)) == known.value(
                    known.values, dict.fromkeys(b, 1)):  # else not the same people
                known.equal.append((a, b))
        tag = first_exposed(known)
        if tag is None:
            return
        place, where = tag
        if not figures[place].hide_more(where):
            figures[place].withheld = True


def suppress_table(counts_by_range: Sequence[Sequence[int]]) -> tuple[Breakdown, ...]:
    """A breakdown over each range of the menu (shortest first, nested), suppressed so
    that no small count is shown, found from a total, or found between two ranges."""
    if not counts_by_range:
        return ()
    table = _Table(counts_by_range)
    table.settle()
    return table.result()


def suppress_series(by_week: Sequence[int], spans: Sequence[range]) -> tuple[Breakdown, ...]:
    """Weekly counts over nested ranges of weeks, suppressed so no small count is shown
    or worked out. Every breakdown holds a cell for every week; the weeks outside its
    span are not part of it."""
    series = _Series(by_week, spans)
    series.settle()
    return series.result()


def suppress_together(series: tuple[Sequence[int], Sequence[range]] | None,
                      *tables: Sequence[Sequence[int]],
                      spans_in_weeks: dict[int, Sequence[range | None]] | None = None,
                      ) -> tuple[tuple[Breakdown, ...], ...]:
    """Figures about the same people (a weekly series of them, and breakdowns of them by
    label over each range), suppressed together: the result of each, series first.

    A breakdown over other ranges than the series' (a cohort some weeks back) says, in
    ``spans_in_weeks`` (by its place among ``tables``), which of the series' weeks each
    of its ranges counts (None: weeks the series does not show)."""
    figures: list[_Suppressed] = [] if series is None else [_Series(*series)]
    first_table = len(figures)
    figures += [_Table(table) for table in tables]
    shifted = {first_table + place: spans for place, spans in (spans_in_weeks or {}).items()}
    if shifted and series is None:
        raise ValueError("spans in weeks need the weekly series")
    _together(figures, shifted)
    return tuple(figure.result() for figure in figures)


def suppress_breakdown(counts: Sequence[int]) -> Breakdown:
    """Cells and their total for one range, small cells and their complements hidden."""
    return suppress_table([counts])[0]


def suppress_nested(values: Sequence[int]) -> tuple[Cell, ...]:
    """One cell over nested ranges (shortest first, so values never decrease): shown in
    a range only when small nowhere and 0 or 5+ away from every value shown before."""
    return tuple(shown(value) if state == SHOWN else FEWER_CELL if state == FEWER
                 else HIDDEN_CELL
                 for state, value in zip(_nested_states(values, set()), values, strict=True))
