"""A pooled PostgreSQL connection is checked only after it sat idle (portal/db.py): a
busy one goes straight to work, an idle one that died is replaced before anyone uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from portal import db
from tests.conftest import POSTGRES_URL


@pytest.fixture
def engine():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
    made = db.make_engine(POSTGRES_URL)
    yield made
    made.dispose()


@pytest.fixture
def pings(engine, monkeypatch) -> list[object]:
    seen: list[object] = []
    real = engine.dialect.do_ping

    def counting(dbapi_connection):
        seen.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting)
    return seen


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_busy_connection_is_not_pinged_again(engine, pings):
    first = backend_pid(engine)
    assert backend_pid(engine) == first  # the same pooled connection, straight to work
    assert pings == []


def test_a_connection_idle_for_a_while_is_pinged_first(engine, pings, monkeypatch):
    first = backend_pid(engine)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert backend_pid(engine) == first
    assert len(pings) == 1


def test_an_idle_connection_that_died_is_replaced_before_use(engine, pings, monkeypatch):
    first = backend_pid(engine)
    killer = db.make_engine(POSTGRES_URL)
    with killer.connect() as other:  # as a database restart would
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    killer.dispose()
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    second = backend_pid(engine)  # no error reaches the caller
    assert second != first
    assert len(pings) == 1

