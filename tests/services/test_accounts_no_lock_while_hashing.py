"""Argon2 never runs while a sign-in, sign-up or recovery holds the database's write lock.

On SQLite one writer at a time holds the lock; a passphrase hash under it made
concurrent sign-ins queue behind each other until the busy timeout ran out ("database
is locked", found by bench/protocol.py with 200 members signing in). Each attempt is
committed first, and new hashes are made before the writes that follow.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, SQLModel

from portal.auth import passwords
from portal.db import make_engine
from portal.services.accounts import members as accounts
from tests.factories.accounts import PASSPHRASE, actor_of, make_invite, make_user

NEW_PASSPHRASE = "a brand new passphrase"


@pytest.fixture
def sqlite_session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def hashing_under_lock(sqlite_session, monkeypatch):
    """Records, for every Argon2 call, whether the session held SQLite's write lock."""
    seen: list[bool] = []

    def holding_lock() -> bool:
        return sqlite_session.connection().connection.dbapi_connection.in_transaction

    for name in ("verify_passphrase", "hash_passphrase"):
        real = getattr(passwords, name)

        def watched(*args, _real=real, **kwargs):
            seen.append(holding_lock())
            return _real(*args, **kwargs)

        monkeypatch.setattr(passwords, name, watched)
    return seen


def test_sign_in_checks_the_passphrase_with_no_write_lock_held(sqlite_session,
                                                                hashing_under_lock):
    make_user(sqlite_session, name="Quiet Fox")
    hashing_under_lock.clear()
    accounts.sign_in(session=sqlite_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.0.0.9")
    assert hashing_under_lock and not any(hashing_under_lock)


def test_sign_up_hashes_the_passphrase_with_no_write_lock_held(sqlite_session,
                                                               hashing_under_lock):
    code = make_invite(sqlite_session)
    accounts.sign_up(session=sqlite_session, invite_code=code, display_name="Quiet Fox",
                     passphrase=NEW_PASSPHRASE, timezone="America/New_York", language="en",
                     client_key="10.0.0.9")
    assert hashing_under_lock and not any(hashing_under_lock)


def test_recovery_hashes_the_new_passphrase_with_no_write_lock_held(sqlite_session,
                                                                    hashing_under_lock):
    user = make_user(sqlite_session, name="Quiet Fox")
    codes = accounts.issue_recovery_codes(session=sqlite_session, actor=actor_of(user),
                                          passphrase=PASSPHRASE)
    hashing_under_lock.clear()
    accounts.recover(session=sqlite_session, display_name="Quiet Fox", code=codes[0],
                     new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.9")
    assert hashing_under_lock and not any(hashing_under_lock)
