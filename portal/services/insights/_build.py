"""From database aggregates to published figures: one query per figure, grouped by week
(and a label) over the longest range of the menu; the suppression rule decides what
each range may show, and the chosen range is kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, func, literal_column, select, text, true, union_all
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from portal.domain.insights import (
    Breakdown,
    Reading,
    WeekRange,
    share_reading,
    suppress_breakdown,
    suppress_nested,
    suppress_series,
    suppress_table,
    suppress_together,
)
from portal.models import User
from portal.services.insights.views import Figure, FigureRow

SECONDS_PER_WEEK = 7 * 24 * 3600
WITHHELD_READING = Reading("insights.reading.withheld")


def grouped(*names: str) -> list:
    """GROUP BY output column names (see ``weekly_counts``)."""
    return [literal_column(name) for name in names]


@dataclass(frozen=True)
class Scope:
    """Whose figures: everyone (staff) or one organisation's members (a partner)."""

    organisation: str = ""

    def people(self, column: ColumnElement) -> ColumnElement:
        if not self.organisation:
            return true()
        return column.in_(select(User.id).where(User.organisation == self.organisation))


@dataclass(frozen=True)
class Period:
    """The chosen range and the whole menu (shortest first; all end on one Monday)."""

    chosen: WeekRange
    menu: tuple[WeekRange, ...]

    @property
    def longest(self) -> WeekRange:
        return self.menu[-1]

    @property
    def rank(self) -> int:
        return [r.weeks for r in self.menu].index(self.chosen.weeks)

    def weeks_in(self, rank: int) -> range:
        """The weeks (indices from the longest range's start) inside one menu range."""
        offset = self.longest.weeks - self.menu[rank].weeks
        return range(offset, self.longest.weeks)


def weekly_counts(session: Session, period: Period, moment: ColumnElement,
                  where: Sequence[ColumnElement], *, label: ColumnElement | None = None,
                  counted: ColumnElement | None = None, summed: ColumnElement | None = None,
                  joins: Sequence[tuple] = (), base: type | None = None,
                  scans: bool = False) -> dict[tuple[str, int], int]:
    """``{(label, week): count}`` over the longest range, counted in the database.
    ``counted`` counts distinct values (people) instead of rows; ``summed`` adds up a
    column instead."""
    how = (func.count(func.distinct(counted)) if counted is not None
           else func.coalesce(func.sum(summed), 0) if summed is not None else func.count())
    return weekly_columns(session, period, moment, where, (how,), label=label,
                          joins=joins, base=base, scans=scans)[0]


def count_when(condition: ColumnElement) -> ColumnElement:
    """How many rows meet ``condition`` (an aggregate for ``weekly_columns``):
    ``count(*) FILTER (WHERE ...)``, on PostgreSQL and on SQLite 3.30+."""
    return func.count().filter(condition)


def weekly_columns(session: Session, period: Period, moment: ColumnElement,
                   where: Sequence[ColumnElement], aggregates: Sequence[ColumnElement], *,
                   label: ColumnElement | None = None, joins: Sequence[tuple] = (),
                   base: type | None = None, scans: bool = False
                   ) -> list[dict[tuple[str, int], int]]:
    """Several aggregates in one pass over the rows: one ``{(label, week): value}`` per
    aggregate, over the longest range.

    One statement, one GROUP BY on the week computed from the time column. ``scans``
    (for the larger tables, tens of thousands of rows a year): on SQLite, one index
    range scan per week instead (``UNION ALL``), where grouping the year by a computed
    week would sort every row; on small tables the 52 parts cost more to build than the
    sort.
    PostgreSQL hashes one GROUP BY faster than it plans 52 parts, so it always groups.
    """
    hows = [how.label(f"ins_value_{index}") for index, how in enumerate(aggregates)]
    dialect = session.get_bind().dialect.name
    statement = (_week_scans(period, moment, where, label, hows, joins, base)
                 if scans and dialect == "sqlite"
                 else _grouped_by_week(period, moment, where, label, hows, joins, base, dialect))
    outs: list[dict[tuple[str, int], int]] = [{} for _ in hows]
    width = len(hows)
    for row in session.execute(statement):
        key = (("", _week_number(row[0], period)) if label is None
               else (str(row[0] or ""), _week_number(row[1], period)))
        for out, value in zip(outs, row[-width:], strict=True):
            out[key] = out.get(key, 0) + int(value or 0)
    return outs


def per_range(session: Session, period: Period, moment: ColumnElement,
              aggregates: Sequence[Callable[[ColumnElement], ColumnElement]],
              where: Sequence[ColumnElement], *, joins: Sequence[tuple] = (),
              base: type | None = None) -> list[list[int]]:
    """Each aggregate for each range of the menu (``[aggregate][rank]``), all in one
    statement.

    An aggregate is given "is this row inside the range?" and returns its value over
    those rows (``count(distinct CASE WHEN inside THEN user END)``): distinct people do
    not add up across weeks, and every range ends on the same Monday, so one pass over
    the longest range answers all of them.
    """
    longest = period.longest
    ranks = len(period.menu)
    columns = [aggregate(moment >= chosen.start_at).label(f"ins_range_{number}_{rank}")
               for number, aggregate in enumerate(aggregates)
               for rank, chosen in enumerate(period.menu)]
    query = select(*columns)
    if base is not None:
        query = query.select_from(base)
    for target, on in joins:
        query = query.join(target, on)
    row = session.execute(query.where(moment >= longest.start_at, moment < longest.end_at,
                                      *where)).one()
    values = [int(value or 0) for value in row]
    return [values[start:start + ranks] for start in range(0, len(values), ranks)]


def _week_scans(period: Period, moment: ColumnElement, where: Sequence[ColumnElement],
                label: ColumnElement | None, hows: Sequence[ColumnElement],
                joins: Sequence[tuple], base: type | None):
    """SQLite, for large tables: the aggregates week by week, each over its own range of
    the time column (``UNION ALL``), so each part is an index range scan with no sorting."""
    first = period.longest.start_at
    starts = [first + timedelta(weeks=week) for week in range(period.longest.weeks + 1)]
    parts = []
    for week in range(period.longest.weeks):
        # The week number is our own integer, written into the SQL as a number.
        number = literal_column(str(int(week))).label("ins_week")
        columns = [number, *hows] if label is None else [label.label("ins_label"), number,
                                                         *hows]
        part = select(*columns)
        if base is not None:
            part = part.select_from(base)
        for target, on in joins:
            part = part.join(target, on)
        part = part.where(moment >= starts[week], moment < starts[week + 1], *where)
        if label is not None:
            part = part.group_by(*grouped("ins_label"))
        parts.append(part)
    return union_all(*parts)


def _grouped_by_week(period: Period, moment: ColumnElement, where: Sequence[ColumnElement],
                     label: ColumnElement | None, hows: Sequence[ColumnElement],
                     joins: Sequence[tuple], base: type | None, dialect: str):
    """The same values as one GROUP BY on the week (see ``weekly_columns``): each moment
    binned to the start of its week by ``date_bin`` (PostgreSQL 14+), the week's number
    worked out from it afterwards."""
    longest = period.longest
    if dialect == "sqlite":
        # Whole seconds since the range's start, divided in integers: exact at midnight.
        since = (cast(func.strftime("%s", moment), Integer)
                 - int(longest.start_at.timestamp()))
        week = (since // SECONDS_PER_WEEK).label("ins_week")
    else:
        week = func.date_bin(text("interval '7 days'"), moment,
                             longest.start_at).label("ins_week")
    columns = [week, *hows] if label is None else [label.label("ins_label"), week, *hows]
    query = select(*columns)
    if base is not None:
        query = query.select_from(base)
    for target, on in joins:
        query = query.join(target, on)
    # By output names: PostgreSQL does not match two copies of an expression with bound
    # parameters (the week's start, a CASE's words) as the same group.
    return (query.where(moment >= longest.start_at, moment < longest.end_at, *where)
            .group_by(*grouped(*(["ins_week"] if label is None
                                 else ["ins_label", "ins_week"]))))


def _week_number(value: object, period: Period) -> int:
    """A week's number from the start of the longest range: given as a number (SQLite's
    parts) or as the start of the week (PostgreSQL's ``date_bin``)."""
    if isinstance(value, datetime):
        return (value - period.longest.start_at).days // 7
    return int(value)


def series_counts(counts: dict[tuple[str, int], int], period: Period
                  ) -> tuple[list[int], list[range]]:
    """A weekly figure's counts over the longest range, and each menu range's weeks."""
    by_week = [counts.get(("", week), 0) for week in range(period.longest.weeks)]
    return by_week, [period.weeks_in(rank) for rank in range(len(period.menu))]


def breakdown_counts(labels: Sequence[str], counts: dict[tuple[str, int], int],
                     period: Period) -> list[list[int]]:
    """A labelled figure's counts over each range of the menu (shortest first)."""
    sums: dict[tuple[int, str], int] = defaultdict(int)
    spans = [period.weeks_in(rank) for rank in range(len(period.menu))]
    for (label, week), count in counts.items():
        for rank, span in enumerate(spans):
            if week in span:
                sums[(rank, label)] += count
    return [[sums[(rank, label)] for label in labels] for rank in range(len(period.menu))]


def same_people(period: Period, weekly: dict[tuple[str, int], int] | None,
                *labelled: tuple[Sequence[str], dict[tuple[str, int], int]]
                | tuple[Sequence[str], dict[tuple[str, int], int], Period],
                ) -> list[tuple[Breakdown, ...]]:
    """Figures counting the same people or items (a weekly figure of them, breakdowns of
    them by label), suppressed together: an onlooker reads their totals as one number.
    A breakdown may count a cohort some weeks back (its own ``Period``, with ``weekly``
    given): each of its ranges is then linked to the weeks of ``weekly`` it covers.
    Hand each result to ``series`` or ``breakdown`` as ``published``, weekly first."""
    tables, spans_in_weeks = [], {}
    for place, (labels, counts, *cohort) in enumerate(labelled):
        own = cohort[0] if cohort else period
        tables.append(breakdown_counts(labels, counts, own))
        if cohort:
            spans_in_weeks[place] = [_weeks_of(period, week_range) for week_range in own.menu]
    return list(suppress_together(
        None if weekly is None else series_counts(weekly, period), *tables,
        spans_in_weeks=spans_in_weeks))


def _weeks_of(period: Period, week_range: WeekRange) -> range | None:
    """The weeks of ``period``'s longest range that ``week_range`` covers; None when it
    reaches outside them."""
    first = (week_range.start - period.longest.start).days // 7
    if first < 0 or first + week_range.weeks > period.longest.weeks:
        return None
    return range(first, first + week_range.weeks)


def series(key: str, counts: dict[tuple[str, int], int], period: Period,
           reading: Reading, *, unit: str = "people",
           published: tuple[Breakdown, ...] | None = None) -> Figure:
    """A weekly line: each week of the chosen range, suppressed across the whole menu
    (or as ``published`` by ``same_people``)."""
    chosen = (published or suppress_series(*series_counts(counts, period)))[period.rank]
    starts = period.longest.week_starts()
    rows = tuple(FigureRow(label=starts[w].isoformat(), label_kind="week", cell=chosen.cells[w])
                 for w in period.weeks_in(period.rank))
    return Figure(key=key, chart="line", rows=rows, total=chosen.total,
                  reading=WITHHELD_READING if chosen.withheld else reading, unit=unit,
                  withheld=chosen.withheld)


def breakdown(key: str, labels: Sequence[str], counts: dict[tuple[str, int], int],
              period: Period, *, unit: str = "people", label_kind: str = "key",
              label_prefix: str = "", reading: Reading | None = None,
              published: tuple[Breakdown, ...] | None = None) -> Figure:
    """Bars by label over the chosen range, suppressed across the whole menu (or as
    ``published`` by ``same_people``)."""
    chosen = (published or suppress_table(breakdown_counts(labels, counts, period)))[
        period.rank]
    rows = tuple(FigureRow(label=f"{label_prefix}{label}", label_kind=label_kind, cell=cell)
                 for label, cell in zip(labels, chosen.cells, strict=True))
    return Figure(key=key, chart="bar", rows=rows, total=chosen.total,
                  reading=(WITHHELD_READING if chosen.withheld
                           else reading or Reading(f"insights.reading.{key}")),
                  unit=unit, withheld=chosen.withheld)


def snapshot(key: str, labels: Sequence[str], counts: Sequence[int], *,
             unit: str = "people", label_kind: str = "key", label_prefix: str = "",
             reading: Reading | None = None) -> Figure:
    """Bars of how things stand today (no range to subtract)."""
    published = suppress_breakdown(counts)
    rows = tuple(FigureRow(label=f"{label_prefix}{label}", label_kind=label_kind, cell=cell)
                 for label, cell in zip(labels, published.cells, strict=True))
    return Figure(key=key, chart="bar", rows=rows, total=published.total,
                  reading=reading or Reading(f"insights.reading.{key}"), unit=unit)


def nested_number(key: str, label: str, values: Sequence[int], period: Period, *,
                  reading: Reading | None = None, unit: str = "people") -> Figure:
    """One number per menu range (never smaller in a longer range), suppressed so two
    ranges cannot be subtracted; the chosen range is kept."""
    cell = suppress_nested(list(values))[period.rank]
    return Figure(key=key, chart="number", rows=(FigureRow(label, "key", cell),), total=None,
                  reading=reading or Reading(f"insights.reading.{key}"), unit=unit)


def shifted(period: Period, weeks: int) -> Period:
    """The same menu, ``weeks`` earlier (a cohort that has had time to come back)."""
    def back(r: WeekRange) -> WeekRange:
        return WeekRange(r.start - timedelta(weeks=weeks), r.weeks)
    return Period(back(period.chosen), tuple(back(r) for r in period.menu))


def share_of(figure: Figure, part_label: str, key: str) -> Reading:
    """A percentage reading from one bar of a published breakdown and its total."""
    part = next((row.cell for row in figure.rows
                 if row.label.rsplit(".", 1)[-1] == part_label), None)
    if part is None or figure.total is None:
        return Reading(f"{key}.too_few")
    return share_reading(key, part, figure.total)
