"""The skeleton migration backfills existing members, look-alikes included, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from alembic import command
from portal.db import make_engine
from portal.domain.names import name_skeleton
from portal.migrations import alembic_config, pending_model_changes
from tests.conftest import (
    PG_SCHEMA,
    POSTGRES_URL,
    drop_postgres_schema,
    postgres_url,
    reset_postgres_schema,
)

BEFORE = "565e265422ff"
# Names created before look-alikes were refused, oldest first.
EXISTING = ("Moderator Heron", "\u039coderator Heron", "Survivor Maple", "Survivor rnaple")


def _insert_members(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for name in EXISTING:
                connection.execute(text(
                    "INSERT INTO users (display_name, display_name_key, roles, status, timezone,"
                    " language, email_reminders, created_at) VALUES (:name, :key, 'survivor',"
                    " 'active', 'UTC', 'en', false, CURRENT_TIMESTAMP)"),
                    {"name": name, "key": name.casefold()})
    finally:
        engine.dispose()


def _backfill_and_check(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, BEFORE)
    _insert_members(url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = dict(connection.execute(text(
                "SELECT display_name, display_name_skeleton FROM users ORDER BY id")).all())
        assert pending_model_changes(engine) == []
        # The oldest keeps the plain skeleton; the later look-alike is kept apart by its id,
        # so nobody is locked out, and nobody new can take either look.
        assert rows["Moderator Heron"] == name_skeleton("Moderator Heron")
        assert rows["\u039coderator Heron"].startswith(name_skeleton("Moderator Heron") + "#")
        assert rows["Survivor Maple"] == name_skeleton("Survivor Maple")
        assert rows["Survivor rnaple"].startswith(name_skeleton("Survivor Maple") + "#")
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (display_name, display_name_key, display_name_skeleton,"
                " roles, status, timezone, language, email_reminders, created_at) VALUES"
                " ('Survivor MAPLE 2', 'x', :skeleton, 'survivor', 'active', 'UTC', 'en',"
                " false, CURRENT_TIMESTAMP)"), {"skeleton": name_skeleton("Survivor Maple")})
    finally:
        engine.dispose()
    command.downgrade(config, BEFORE)


def test_skeleton_migration_backfills_existing_names_on_sqlite(tmp_path):
    _backfill_and_check(f"sqlite:///{tmp_path / 'existing.db'}")


@pytest.mark.postgres
def test_skeleton_migration_backfills_existing_names_on_postgres():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
    schema = PG_SCHEMA + "_skeleton"
    reset_postgres_schema(schema)
    try:
        _backfill_and_check(postgres_url(schema))
    finally:
        drop_postgres_schema(schema)
