"""Look-ups run statement by statement, and nothing else does (portal/db.py).

The session cookie's check and a live push's reload use ``open_session(
each_statement_alone=True)``: on PostgreSQL no BEGIN and no ROLLBACK around them. They
share the pool with every use case, so the connection they used must come back to the
next use case transactional again: a use case that fails half-way must leave nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from portal import db
from tests.conftest import POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgres"])
def one_connection_engine(request, tmp_path, monkeypatch):
    if request.param == "postgres" and not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
    monkeypatch.setattr(db, "POOL_SIZE", 1)  # every session gets the same connection
    url = POSTGRES_URL if request.param == "postgres" else f"sqlite:///{tmp_path / 'x.db'}"
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS lantern_autocommit_probe"))
        connection.execute(text("CREATE TABLE lantern_autocommit_probe (n INTEGER)"))
    yield engine
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE lantern_autocommit_probe"))
    engine.dispose()


def _rows(engine) -> list[int]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(
            text("SELECT n FROM lantern_autocommit_probe ORDER BY n"))]


def test_a_look_up_session_commits_each_statement_as_it_runs_on_postgresql(
        one_connection_engine):
    with db.open_session(one_connection_engine, each_statement_alone=True) as session:
        session.execute(text("INSERT INTO lantern_autocommit_probe VALUES (1)"))
        # no commit: on PostgreSQL the statement stood alone; SQLite keeps its
        # transaction (switching a connection to autocommit costs it more than it saves)
    alone = one_connection_engine.dialect.name != "sqlite"
    assert _rows(one_connection_engine) == ([1] if alone else [])


def test_the_next_use_case_on_that_connection_is_a_transaction_again(one_connection_engine):
    with db.open_session(one_connection_engine, each_statement_alone=True) as session:
        session.execute(text("SELECT 1"))
    with pytest.raises(RuntimeError), db.open_session(one_connection_engine) as session:
        session.execute(text("INSERT INTO lantern_autocommit_probe VALUES (2)"))
        raise RuntimeError("the use case fails half-way")
    with db.open_session(one_connection_engine) as session:
        session.execute(text("INSERT INTO lantern_autocommit_probe VALUES (3)"))
        # closed without a commit: rolled back
    assert _rows(one_connection_engine) == []
