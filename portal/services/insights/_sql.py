"""Portable SQL for durations on SQLite and PostgreSQL.

Everything here builds expressions; the database does the work. SQLite keeps UTC
datetimes as text (``julianday`` reads it), PostgreSQL as ``timestamptz``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Numeric, cast, func, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from portal.domain.insights import percentile_rank


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def hours_between(session: Session, earlier: ColumnElement, later: ColumnElement
                  ) -> ColumnElement:
    """Hours from ``earlier`` to ``later``, as a number."""
    if _sqlite(session):
        return (func.julianday(later) - func.julianday(earlier)) * 24.0
    return cast(func.extract("epoch", later - earlier), Numeric) / 3600


def percentiles(session: Session, duration: ColumnElement, where: Sequence[ColumnElement],
                fractions: Sequence[float] = (0.5, 0.9)) -> tuple[int, list[float | None]]:
    """How many durations there are and their nearest-rank percentiles.

    The database numbers the sorted durations (a window function, on both databases)
    and returns only the two or three rows asked for, never the column itself.
    """
    ranked = select(duration.label("d"),
                    func.row_number().over(order_by=duration).label("rn"),
                    func.count().over().label("n")).where(*where).subquery()
    count = session.execute(select(func.count()).select_from(
        select(duration.label("d")).where(*where).subquery())).scalar_one()
    if not count:
        return 0, [None for _ in fractions]
    wanted = [percentile_rank(count, fraction) for fraction in fractions]
    rows = dict(session.execute(select(ranked.c.rn, ranked.c.d)
                                .where(ranked.c.rn.in_(set(wanted)))).all())
    return count, [float(rows[rank]) if rows.get(rank) is not None else None
                   for rank in wanted]
