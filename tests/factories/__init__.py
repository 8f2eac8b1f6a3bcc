"""Test data, one module per capability, written the way the services write it:
``accounts`` (members, invites), ``calendar``, ``groups``, ``mentoring``,
``notifications``, ``resources``, ``volunteering``.

This module holds what every capability's tests share: reading the rows back ("nothing
changed" checks and counts) and running work on two engines at once.
"""

from __future__ import annotations

import functools
import threading

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from portal.db import make_engine

# Bookkeeping that opening a page may touch: handler tests ignore it ("nothing changed").
SEEN_COLUMNS = frozenset({("users", "last_seen_at"), ("user_sessions", "last_seen_at")})
# Counters that reads may add to: throttles, and the weekly count of directory searches
# that found nothing (filters only; programme insights).
NEVER_COMPARED = frozenset({"throttle_events", "directory_search_misses"})


def table_rows(session: Session, *,
               ignore_columns: frozenset[tuple[str, str]] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table except throttle counters: "nothing changed" checks.

    Read through the session's own connection (so it sees what the session wrote) with
    the driver's cursor: one plain SELECT per table, values as the driver returns them.
    The matrix compares two of these per test, thousands of times; through the ORM that
    was most of each test's time."""
    session.expire_all()
    session.flush()
    cursor = session.connection().connection.cursor()
    tables = {}
    try:
        for name, sql in _row_queries(ignore_columns):
            cursor.execute(sql)
            tables[name] = [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()
    return tables


@functools.cache
def _row_queries(ignore_columns: frozenset[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    queries = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in NEVER_COMPARED:
            continue
        columns = ", ".join(f'"{column.name}"' for column in table.columns
                            if (table.name, column.name) not in ignore_columns)
        order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
        queries.append((table.name, f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'))
    return tuple(queries)


def snapshot(session: Session) -> dict[str, list[tuple]]:
    """Every row, minus bookkeeping that reads are allowed to touch (``SEEN_COLUMNS``)."""
    return table_rows(session, ignore_columns=SEEN_COLUMNS)


def count_rows(session: Session, model, *where) -> int:
    session.expire_all()
    query = select(func.count()).select_from(model)
    if where:
        query = query.where(*where)
    return session.execute(query).scalar_one()


def second_engine(engine: Engine) -> Engine:
    """Another engine on the same database, as a second process would have."""
    return make_engine(engine.url.render_as_string(hide_password=False))


def run_together(*targets) -> list:
    """Start every target at the same moment on its own thread; return their results."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def run(index: int, target) -> None:
        barrier.wait()
        try:
            results[index] = target()
        except BaseException as error:  # surfaced to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
