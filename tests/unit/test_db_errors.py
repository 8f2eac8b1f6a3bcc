"""A database error's text never carries a statement's values (THREATS.md #9: no
personal data in logs): both engines hide them, whatever logs the error later."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from portal import db
from tests.conftest import POSTGRES_URL

HER_WORDS = "my new address is 12 Quiet Lane"


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_failed_statement_names_none_of_its_values(kind, tmp_path):
    if kind == "postgres" and not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
    engine = db.make_engine(POSTGRES_URL if kind == "postgres"
                            else f"sqlite:///{tmp_path / 'lantern.db'}")
    try:
        with engine.connect() as connection, pytest.raises(
                (OperationalError, ProgrammingError)) as failure:
            connection.execute(text("SELECT * FROM no_such_table WHERE body = :body"),
                               {"body": HER_WORDS})
        assert "Quiet Lane" not in str(failure.value)
        assert "parameters hidden" in str(failure.value)
    finally:
        engine.dispose()
