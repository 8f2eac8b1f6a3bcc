"""The database engine and the session helper every caller of a service uses."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from portal.settings import get_settings


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in their plain form."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


# Connections kept open per worker process; the event handlers' thread pool
# (portal/http/blocking.py) is the same size, so a handler never waits for a connection
# while its thread is held.
POOL_SIZE = 8


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        # Kept open like PostgreSQL's: a new SQLite connection reads and parses the whole
        # schema on its first query, so a connection opened per event costs more than
        # the event's own queries (bench/profile_thread.py showed it).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                               hide_parameters=True)
        _enable_sqlite_foreign_keys(engine)
        return engine
    # hide_parameters: an error's text never carries a statement's values (what a member
    # wrote) into a log (THREATS.md #9).
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                           hide_parameters=True)
    _ping_after_idle(engine)
    return engine


# A pooled PostgreSQL connection idle this long is checked before use (a database
# restart or a dropped link shows there, and the pool opens a new one). A busy
# connection is not: pinging every checkout was a round trip more per event (three per
# private message: issue 15). If the database restarts under load, a statement that
# finds its busy connection dead fails once; SQLAlchemy then renews every pooled
# connection at its next use.
PING_AFTER_IDLE_SECONDS = 5.0


def _ping_after_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["lantern_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("lantern_idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool drops it and checks out another
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()


@functools.cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@functools.cache
def _statement_by_statement(engine: Engine) -> Engine:
    """``engine`` with every statement committed on its own: the same pool, no BEGIN
    and no ROLLBACK around a look-up (two round trips fewer each time on PostgreSQL).
    SQLite has no round trips to save, and switching a pooled SQLite connection in and
    out of autocommit costs more than its transaction (630 against 100 to 300 us per
    look-up, measured): there the engine stays as it is."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def open_session(engine: Engine | None = None, *,
                 each_statement_alone: bool = False) -> Iterator[Session]:
    """A session for one unit of work; services commit, this rolls back on error.

    ``each_statement_alone``: on PostgreSQL no transaction around the statements, each
    commits as it runs (on SQLite an ordinary session). Only for work whose every
    statement stands alone and that commits what it writes either way: a look-up, with
    at most single-statement writes (the session cookie's check, a live push's reload).
    Never for a use case that must change several rows together."""
    bound = engine or get_engine()
    if each_statement_alone:
        bound = _statement_by_statement(bound)
    with Session(bound, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
