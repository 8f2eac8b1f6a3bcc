"""Browser-safe views of programme insights: published figures only, never a row about
a person. A cell is a value only when the suppression rule allows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.insights import Cell, Reading


@dataclass(frozen=True)
class FigureRow:
    """One bar or line point: a label (a translation key, a week or an organisation's
    name) and its published cell."""

    label: str
    label_kind: str  # "key" (translate it), "week" (an ISO date), "text" (as it is)
    cell: Cell


@dataclass(frozen=True)
class Figure:
    key: str            # insights.figure.<key>.title names it
    chart: str          # "bar", "line" or "number"
    rows: tuple[FigureRow, ...]
    total: Cell | None
    reading: Reading
    unit: str = "people"  # "people", "items", "hours", "percent"
    # Nothing of it shown (every cell "not shown", small ones too): beside another figure
    # of the same people it would give a count away whatever else was hidden.
    withheld: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class InsightsView:
    weeks: int
    start: date
    end: date  # exclusive: the Monday after the last week
    organisation: str  # "" for the whole programme; a partner's own organisation
    sections: tuple[Section, ...]
    # The demo's made-up year (``portal.demo.insights_history``): the Monday before which
    # the history is made up, or None (always None outside the demo).
    demo_history_before: date | None = None
