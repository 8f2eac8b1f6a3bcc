"""Tables keep every datetime timezone-aware UTC; migrations match the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select
from sqlmodel import Session

from portal.db import make_engine
from portal.migrations import pending_model_changes, upgrade_to_head
from portal.models import AuditEntry, User
from tests.conftest import (
    PG_SCHEMA,
    POSTGRES_URL,
    drop_postgres_schema,
    postgres_url,
    reset_postgres_schema,
)
from tests.factories.accounts import make_user


def test_datetimes_come_back_aware_in_utc(db_session: Session):
    user = make_user(db_session)
    user.last_seen_at = datetime(2026, 3, 8, 7, 30, tzinfo=timezone(timedelta(hours=-5)))
    db_session.commit()
    db_session.expire_all()
    loaded = db_session.get(User, user.id)
    assert loaded.last_seen_at == datetime(2026, 3, 8, 12, 30, tzinfo=UTC)
    assert loaded.last_seen_at.tzinfo is not None
    assert loaded.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(db_session: Session):
    user = make_user(db_session)
    user.last_seen_at = datetime(2026, 1, 1, 12, 0)  # noqa: DTZ001 (the point of the test)
    with pytest.raises(Exception, match="naive datetime"):
        db_session.commit()
    db_session.rollback()


def test_audit_entries_cannot_be_changed_or_deleted(db_session: Session):
    db_session.add(AuditEntry(action="invite.create", detail="role=survivor"))
    db_session.commit()
    entry = db_session.execute(select(AuditEntry)).scalar_one()
    entry.detail = "tampered"
    with pytest.raises(RuntimeError, match="append-only"):
        db_session.commit()
    db_session.rollback()
    db_session.delete(db_session.execute(select(AuditEntry)).scalar_one())
    with pytest.raises(RuntimeError, match="append-only"):
        db_session.commit()
    db_session.rollback()


def _migrate_and_compare(url: str) -> list:
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"users", "invites", "user_sessions", "audit_entries"} <= tables
        return pending_model_changes(engine)
    finally:
        engine.dispose()


def test_migrations_apply_to_an_empty_sqlite_database_and_match_the_models(tmp_path):
    assert _migrate_and_compare(f"sqlite:///{tmp_path / 'fresh.db'}") == []


@pytest.mark.postgres
def test_migrations_apply_to_an_empty_postgres_database_and_match_the_models():
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured (LANTERN_TEST_POSTGRES_URL)")
    schema = PG_SCHEMA + "_migrations"
    reset_postgres_schema(schema)
    try:
        assert _migrate_and_compare(postgres_url(schema)) == []
    finally:
        drop_postgres_schema(schema)
