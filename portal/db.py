"""The database engine and the session helper every caller of a service uses."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
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
                               pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
        _enable_sqlite_foreign_keys(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)


@functools.cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def open_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one unit of work; services commit, this rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
