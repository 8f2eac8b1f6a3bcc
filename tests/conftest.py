"""Shared fixtures: a clean database per test, on SQLite and (when configured) PostgreSQL.

LANTERN_TEST_POSTGRES_URL runs every ``db_session`` test on PostgreSQL too. CI sets
LANTERN_REQUIRE_SERVICES=1: then a missing PostgreSQL or Redis fails the run instead
of being reported as not run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Settings are read once: point them at throwaway places before anything imports them.
_TEST_HOME = Path(tempfile.mkdtemp(prefix="lantern-tests-"))
os.environ.setdefault("LANTERN_INSTANCE_DIR", str(_TEST_HOME))
os.environ.setdefault("LANTERN_DATABASE_URL", f"sqlite:///{_TEST_HOME / 'app.db'}")
os.environ.setdefault("LANTERN_SECRET_KEY", "test-secret-key-not-for-production")

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import portal.db  # noqa: E402
import portal.models  # noqa: E402,F401
from portal.db import make_engine  # noqa: E402
from portal.services.wiring import wire  # noqa: E402

wire()

POSTGRES_URL = os.environ.get("LANTERN_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("LANTERN_TEST_REDIS_URL", "")
REQUIRE_SERVICES = os.environ.get("LANTERN_REQUIRE_SERVICES") == "1"

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# Each test process works in its own PostgreSQL schema, so runs never disturb each other.
PG_SCHEMA = f"lantern_test_{os.getpid()}"


def postgres_url(schema: str = PG_SCHEMA) -> str:
    """The test database URL with every connection's search_path set to ``schema``."""
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


def reset_postgres_schema(schema: str = PG_SCHEMA) -> None:
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def drop_postgres_schema(schema: str = PG_SCHEMA) -> None:
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_SERVICES and not (POSTGRES_URL and REDIS_URL):
        raise pytest.UsageError(
            "LANTERN_REQUIRE_SERVICES=1 but LANTERN_TEST_POSTGRES_URL or "
            "LANTERN_TEST_REDIS_URL is not set: CI must test PostgreSQL and Redis."
        )


def pytest_sessionfinish(session, exitstatus) -> None:
    for engine in _engines.values():
        engine.dispose()
    if POSTGRES_URL:
        drop_postgres_schema()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not POSTGRES_URL:
        terminalreporter.write_line(
            "NOT RUN: PostgreSQL suites (set LANTERN_TEST_POSTGRES_URL to run them).", yellow=True)
    if not REDIS_URL:
        terminalreporter.write_line(
            "NOT RUN: Redis suites (set LANTERN_TEST_REDIS_URL to run them).", yellow=True)


_engines: dict[str, Engine] = {}


def engine_for(backend: str, tmp_root: Path) -> Engine:
    if backend in _engines:
        return _engines[backend]
    if backend == "postgres":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
        reset_postgres_schema()
        engine = make_engine(postgres_url())
    else:
        engine = make_engine(f"sqlite:///{tmp_root / 'services.db'}")
    SQLModel.metadata.create_all(engine)
    if backend == "postgres":
        _keep_rows_in_insert_order(engine)
    _engines[backend] = engine
    return engine


# Every id sequence of this schema that handed out a number goes back to 1.
_PG_RESTART_USED_SEQUENCES = text("""
    SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)
    FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL""")


def _keep_rows_in_insert_order(engine: Engine) -> None:
    """Tests empty tables with DELETE; a vacuum would then let new rows fill the old
    rows' places, and a read without ORDER BY could come back in another order from one
    run to the next. No autovacuum on the test schema keeps runs alike (tests that care
    about order should still say ORDER BY)."""
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            connection.execute(text(
                f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = false)'))


def _pg_tables_holding_rows(connection, tables: list) -> list[str]:
    holding = connection.execute(text("SELECT " + ", ".join(
        f'EXISTS (SELECT 1 FROM "{table.name}")' for table in tables))).one()
    return [table.name for table, has_rows in zip(tables, holding, strict=True) if has_rows]


def _empty_postgres(connection, tables: list) -> None:
    """Delete the rows of the few tables a test wrote to, children first, and restart
    the ids it used. (TRUNCATE ... CASCADE makes new files for every table and index
    that refers to users, nearly all of them: most of a short test's time.) A trigger
    may write a summary row while rows are deleted, so look again until all are empty."""
    for _ in range(5):
        names = _pg_tables_holding_rows(connection, tables)
        if not names:
            break
        for name in names:
            connection.execute(text(f'DELETE FROM "{name}"'))
    else:
        raise RuntimeError(f"tables still hold rows after emptying: {names}")
    connection.execute(_PG_RESTART_USED_SEQUENCES)


def _empty_all_tables(engine: Engine) -> None:
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            _empty_postgres(connection, tables)
        else:
            # The driver's cursor: sixty plain DELETEs per test through the ORM's
            # statement machinery were a visible share of a short test's time.
            cursor = connection.connection.cursor()
            try:
                for table in tables:
                    cursor.execute(f'DELETE FROM "{table.name}"')
            finally:
                cursor.close()


@pytest.fixture(params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Engine]:
    """A freshly emptied database on each backend."""
    engine = engine_for(request.param, tmp_path_factory.getbasetemp())
    _empty_all_tables(engine)
    yield engine


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    with Session(db_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app_db(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """The state layer's engine points at this test's database (handler tests)."""
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    with Session(db_engine, expire_on_commit=False) as session:
        yield session
