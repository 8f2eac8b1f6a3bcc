"""Portable SQL for durations on SQLite and PostgreSQL.

Everything here builds expressions; the database does the work. SQLite keeps UTC
datetimes as text (``julianday`` reads it), PostgreSQL as ``timestamptz``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from sqlalchemy import Numeric, cast, func, or_, select
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

    One statement: the database numbers the sorted durations and counts them (window
    functions, on both databases), works out each percentile's rank from the count
    (``percentile_rank`` in integers) and returns only those two or three rows, never
    the column itself.
    """
    ranked = select(duration.label("d"),
                    func.row_number().over(order_by=duration).label("rn"),
                    func.count().over().label("n")).where(*where).subquery()
    ranks = []
    for fraction in fractions:
        share = Fraction(fraction).limit_denominator(1000)
        # ceil(n * p / q), between 1 and n when 0 < p / q <= 1.
        ranks.append((ranked.c.n * share.numerator + (share.denominator - 1))
                     // share.denominator)
    rows = session.execute(select(ranked.c.rn, ranked.c.d, ranked.c.n)
                           .where(or_(*(ranked.c.rn == rank for rank in ranks)))).all()
    if not rows:
        return 0, [None for _ in fractions]
    count = int(rows[0][2])
    by_rank = {int(rn): d for rn, d, _ in rows}
    return count, [float(by_rank[rank]) if by_rank.get(rank) is not None else None
                   for rank in (percentile_rank(count, f) for f in fractions)]
