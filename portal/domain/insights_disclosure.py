"""The exact check behind insights' suppression: can an onlooker work out a small count?

Pure Python (with scipy's mixed-integer solver, HiGHS). The suppression in
``insights`` first checks each range on its own; that misses what only every range at
once gives away (a longer range's total bounding a shorter range's cells through the
rule that a count never shrinks in a longer range, or a week shown in one range and
hidden in another). This module looks at everything published at once, as an onlooker
would. She knows:

- every shown count exactly;
- a "fewer than 5" count is 1 to 4;
- a hidden count is 0 or at least 5 (small counts say "fewer than 5");
- each published total (shown exactly, or as "fewer than 5") is the sum of its counts;
- which counts can never be larger than which (the same figure over a shorter range).

A figure (a count, a total, or the difference between two ranges) is *exposed* when
every set of counts consistent with that knowledge gives it the same value. A small
figure (1 to 4) that is not shown must never be exposed.

How: the true counts are consistent. A few more consistent sets are found by the solver
with assorted objectives; a figure that differs between two of them is not exposed. Each
figure still in doubt gets its own questions: "is there a consistent set where it is
smaller than its true value? larger?". Every set the solver returns is checked again in
exact integer arithmetic before it counts, so a rounding error in the solver can only
make the suppression hide more, never less.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

THRESHOLD = 5
SHOWN = "shown"
FEWER = "fewer"      # 1..4 people: "fewer than 5"
HIDDEN = "hidden"    # hidden so a small count cannot be worked out

# A figure: a linear combination of counts, {count's index: coefficient}.
Combination = dict[int, int]


def small(count: int) -> bool:
    return 0 < count < THRESHOLD


@dataclass
class Published:
    """What an onlooker knows: counts by state, published totals, and order."""

    values: list[int] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    totals: list[tuple[tuple[int, ...], int, int]] = field(default_factory=list)
    never_larger: list[tuple[int, int]] = field(default_factory=list)
    # Two sets of counts with one sum (two figures of the same people, over one range).
    equal: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    figures: list[tuple[Hashable, Combination]] = field(default_factory=list)

    def count(self, value: int, state: str) -> int:
        self.values.append(value)
        self.states.append(state)
        return len(self.values) - 1

    def total(self, counts: Sequence[int], state: str) -> None:
        """A published total of ``counts``: exact when shown, 1 to 4 when "fewer"."""
        value = sum(self.values[i] for i in counts)
        if state == SHOWN:
            self.totals.append((tuple(counts), value, value))
        elif state == FEWER:
            self.totals.append((tuple(counts), 1, THRESHOLD - 1))

    def guard(self, tag: Hashable, combination: Combination) -> None:
        """A figure that must not be worked out when it is small (checked only then)."""
        if small(self.value(self.values, combination)):
            self.figures.append((tag, combination))

    @staticmethod
    def value(counts: Sequence[int], combination: Combination) -> int:
        return sum(counts[i] * k for i, k in combination.items())

    def consistent(self, counts: Sequence[int]) -> bool:
        """Whether ``counts`` fit everything the onlooker knows (exact integers)."""
        for value, true, state in zip(counts, self.values, self.states, strict=True):
            if state == SHOWN and value != true:
                return False
            if state == FEWER and not small(value):
                return False
            if state == HIDDEN and (value < 0 or small(value)):
                return False
        if any(not low <= sum(counts[i] for i in members) <= high
               for members, low, high in self.totals):
            return False
        if any(sum(counts[i] for i in a) != sum(counts[i] for i in b) for a, b in self.equal):
            return False
        return all(counts[a] <= counts[b] for a, b in self.never_larger)


class _Model:
    """``Published`` as a mixed-integer model for scipy's ``milp``, over the counts not
    shown (a shown count is a constant: it moves into the bounds and the totals)."""

    def __init__(self, known: Published, *, as_they_are: bool = False) -> None:
        """``as_they_are``: hidden counts keep their side of the rule (0 stays 0, 5 and
        more stays 5 and more). Fewer sets of counts, so a figure found free there is
        free; the model needs no flags and solves many times faster."""
        self.known = known
        unknown = [i for i, state in enumerate(known.states) if state != SHOWN]
        self.column = {i: k for k, i in enumerate(unknown)}
        # No count is larger than this: a bound the onlooker does not have, so it can
        # only make a figure look pinned, never free (the safe direction).
        ceiling = max(THRESHOLD, *known.values,
                      *(high for _, _, high in known.totals)) * 2 + THRESHOLD
        low = [1 if known.states[i] == FEWER else 0 for i in unknown]
        high = [THRESHOLD - 1 if known.states[i] == FEWER else ceiling for i in unknown]
        rows: list[tuple[dict[int, int], float, float]] = []
        for members, total_low, total_high in known.totals:
            shown_sum = sum(known.values[i] for i in members if i not in self.column)
            inside = [self.column[i] for i in members if i in self.column]
            if inside:
                rows.append((dict.fromkeys(inside, 1), total_low - shown_sum,
                             total_high - shown_sum))
        for a_members, b_members in known.equal:
            coefficients: dict[int, int] = {}
            constant = 0
            for members, sign in ((a_members, 1), (b_members, -1)):
                for i in members:
                    if i in self.column:
                        coefficients[self.column[i]] = coefficients.get(self.column[i], 0) + sign
                    else:
                        constant -= sign * known.values[i]
            if any(coefficients.values()):
                rows.append(({k: v for k, v in coefficients.items() if v}, constant, constant))
        for a, b in known.never_larger:
            if a in self.column and b in self.column:
                rows.append(({self.column[a]: 1, self.column[b]: -1}, -np.inf, 0))
            elif a in self.column:
                high[self.column[a]] = min(high[self.column[a]], known.values[b])
            elif b in self.column:
                low[self.column[b]] = max(low[self.column[b]], known.values[a])
        for members, _, total_high in rows:  # tight bounds make the search quick
            if total_high < np.inf and all(k > 0 for k in members.values()):
                least = sum(low[k] for k in members)
                for k in members:
                    high[k] = min(high[k], int(total_high) - (least - low[k]))
        flags: list[int] = []
        for k, i in enumerate(unknown):  # hidden: 0, or 5 and more
            if known.states[i] != HIDDEN:
                continue
            if as_they_are:
                if known.values[i] == 0:
                    high[k] = 0
                else:
                    low[k] = max(low[k], THRESHOLD)
            elif low[k] > 0:
                low[k] = max(low[k], THRESHOLD)
            elif high[k] < THRESHOLD:
                high[k] = 0
            else:  # a flag says which
                flag = len(unknown) + len(flags)
                flags.append(k)
                rows.append(({k: 1, flag: -THRESHOLD}, 0, np.inf))
                rows.append(({k: 1, flag: -high[k]}, -np.inf, 0))
        self.width = len(unknown) + len(flags)
        self.bounds = Bounds(np.array([*low, *([0] * len(flags))], dtype=float),
                             np.array([*high, *([1] * len(flags))], dtype=float))
        matrix = np.zeros((len(rows), self.width))
        for r, (coefficients, _, _) in enumerate(rows):
            for k, coefficient in coefficients.items():
                matrix[r, k] += coefficient
        self.constraints = (LinearConstraint(matrix, [lo for _, lo, _ in rows],
                                             [hi for _, _, hi in rows]) if rows else None)
        self.integrality = np.ones(self.width)

    def objective(self, combination: Combination, scale: float = 1.0) -> np.ndarray:
        vector = np.zeros(self.width)
        for i, k in combination.items():
            if i in self.column:
                vector[self.column[i]] += k * scale
        return vector

    def solve(self, objective: np.ndarray) -> list[int] | None:
        """A consistent set of counts optimising ``objective``, checked exactly."""
        if np.any(self.bounds.lb > self.bounds.ub):
            return None
        result = milp(objective, bounds=self.bounds, integrality=self.integrality,
                      constraints=self.constraints)
        if result.x is None:
            return None
        counts = list(self.known.values)
        for i, k in self.column.items():
            counts[i] = round(result.x[k])
        return counts if self.known.consistent(counts) else None


def _still_open(known: Published, model: _Model, open_ones: list[tuple[Hashable, Combination]],
                seed: int, *, first_only: bool = False) -> list[tuple[Hashable, Combination]]:
    """The figures ``model`` cannot show to have two possible values (``first_only``: the
    first of them, in order, and no solve after it)."""
    truth = known.values
    chooser = random.Random(seed)
    # A few consistent sets pulling every figure in doubt at once free most of them.
    for scale in (1.0, -1.0, 0.0):
        if not open_ones:
            return []
        weights = np.zeros(model.width)
        for _, combination in open_ones:
            weights += model.objective(combination, scale or chooser.choice((-1.0, 1.0)))
        counts = model.solve(weights)
        if counts is not None:
            open_ones = [(tag, combination) for tag, combination in open_ones
                         if known.value(counts, combination) == known.value(truth, combination)]
    still = []
    for tag, combination in open_ones:
        true = known.value(truth, combination)
        if not any((counts := model.solve(model.objective(combination, sign))) is not None
                   and known.value(counts, combination) != true for sign in (1.0, -1.0)):
            still.append((tag, combination))
            if first_only:
                break
    return still


def first_exposed(known: Published, seed: int = 0) -> Hashable | None:
    """The tag of the first small figure an onlooker can work out, if any."""
    if not known.figures:
        return None
    open_ones = _still_open(known, _Model(known, as_they_are=True), known.figures, seed)
    if open_ones:
        open_ones = _still_open(known, _Model(known), open_ones, seed, first_only=True)
    return open_ones[0][0] if open_ones else None
