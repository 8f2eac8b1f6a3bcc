"""The matrix's world, seeded once and put back before each test.

``build_world`` adds a few hundred rows; the authorization matrix calls every handler as
every caller, over three thousand tests, and seeding was three quarters of each test's
time (most of `make test`). ``seeded_world`` seeds a database once, keeps a copy of what
the seeds wrote, and puts that copy back into the freshly emptied database of each later
test: the same rows, ids and counters, so every test still starts from the world it
always saw. The copy is remade once it is a minute old, so times the seeds set relative
to now (a meeting later today, an invite's expiry) drift by less than that.

- SQLite: the whole database file, copied with SQLite's backup API (pages, counters and
  the rollups the triggers keep, exactly).
- PostgreSQL: every table's rows and every sequence's position. They go back with the
  foreign key and rollup triggers paused for that one transaction
  (``session_replication_role``, a superuser's setting: the test database's user is one),
  because the rollups are restored as they were. Without that right, the world is
  seeded afresh, as before.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field

from psycopg.errors import InsufficientPrivilege
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError
from sqlmodel import Session, SQLModel

from tests.security.probes import World, build_world

MAX_AGE_SECONDS = 60.0

_SEQUENCES = text("""
    SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences
    WHERE schemaname = current_schema() AND last_value IS NOT NULL""")


@dataclass
class _Saved:
    world: World
    made_at: float
    sqlite_copy: sqlite3.Connection | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    sequences: list[tuple[str, int]] = field(default_factory=list)


_saved: dict[int, _Saved] = {}
restored = 0  # how many tests got the saved world (tests/security/test_saved_world.py)


def seeded_world(session: Session) -> World:
    """The matrix's world in this test's (freshly emptied) database. Its objects belong
    to no session: read their values; load a row afresh to change it."""
    global restored
    engine = session.get_bind()
    saved = _saved.get(id(engine))
    if saved is not None and time.monotonic() - saved.made_at < MAX_AGE_SECONDS:
        session.close()
        if _put_back(engine, saved):
            restored += 1
            return saved.world
    world = build_world(session)
    session.commit()
    # The world's objects outlive this test's session: they keep the values the seeds
    # gave them (what the probes read), and no test's session expires or changes them.
    session.expunge_all()
    _saved[id(engine)] = _save(engine, world)
    return world


def forget_saved_worlds() -> None:
    for saved in _saved.values():
        if saved.sqlite_copy is not None:
            saved.sqlite_copy.close()
    _saved.clear()


def _save(engine: Engine, world: World) -> _Saved:
    saved = _Saved(world=world, made_at=time.monotonic())
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            saved.sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.dbapi_connection.backup(saved.sqlite_copy)
            return saved
        for table in SQLModel.metadata.sorted_tables:
            rows = connection.execute(
                table.select().order_by(*table.primary_key.columns)).mappings().all()
            if rows:
                saved.rows[table.name] = [dict(row) for row in rows]
        saved.sequences = [(name, value) for name, value in connection.execute(_SEQUENCES)]
    return saved


def _put_back(engine: Engine, saved: _Saved) -> bool:
    """Whether the saved world is back (False: seed afresh)."""
    if saved.sqlite_copy is not None:
        with engine.connect() as connection:
            saved.sqlite_copy.backup(connection.connection.dbapi_connection)
        return True
    tables = SQLModel.metadata.tables
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for name, rows in saved.rows.items():
                connection.execute(tables[name].insert(), rows)
            for sequence, value in saved.sequences:
                connection.execute(text("SELECT setval(CAST(:sequence AS regclass), :value)"),
                                   {"sequence": sequence, "value": value})
    except ProgrammingError as error:
        # Not allowed to pause the triggers: the world is seeded afresh. Any other
        # failure to put it back is a fault of this module, and fails the test.
        if isinstance(error.orig, InsufficientPrivilege):
            return False
        raise
    return True
