"""``resolve_sessions``: a live push looks up every tab's session cookie in one query,
and each answer is the one ``resolve_session`` gives for that cookie alone (issue 15,
fan-out speed): signed out, idle too long, a member no longer active and junk open
nothing; a fresh session opens its member.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import User, UserSession
from portal.models.types import utcnow
from portal.services.accounts import members as accounts
from tests.factories.accounts import PASSPHRASE, make_user


def signed_in(db_session, name: str, now) -> str:
    make_user(db_session, name=name)
    return accounts.sign_in(session=db_session, display_name=name, passphrase=PASSPHRASE,
                            client_key="10.0.0.5", now=now).token


def member_named(db_session, name: str) -> User:
    return db_session.execute(select(User).where(User.display_name == name)).scalar_one()


def test_many_cookies_resolve_as_each_does_alone(db_session):
    start = utcnow()
    fresh = signed_in(db_session, "Quiet Fox", start)
    signed_out = signed_in(db_session, "Calm Heron", start)
    accounts.sign_out(session=db_session, token=signed_out)
    db_session.commit()
    suspended = signed_in(db_session, "Still Pond", start)
    member = member_named(db_session, "Still Pond")
    member.status = "suspended"
    db_session.commit()
    asked = [fresh, signed_out, suspended, "junk", "", "x" * 200, fresh]
    now = start + timedelta(minutes=5)
    together = accounts.resolve_sessions(session=db_session, session_tokens=asked, now=now)
    assert list(together) == [fresh, signed_out, suspended, "junk", "", "x" * 200]
    for token in asked:
        assert together[token] == accounts.resolve_session(session=db_session, token=token,
                                                           now=now), token
    assert together[fresh] is not None and together[fresh].display_name == "Quiet Fox"
    for token in asked:  # one cookie alone (a push to one tab) takes the plain look-up
        alone = accounts.resolve_sessions(session=db_session, session_tokens=[token], now=now)
        assert alone == {token: together[token]}, token


def test_an_idle_session_ends_and_an_active_one_is_touched_in_one_commit(db_session):
    start = utcnow()
    idle = signed_in(db_session, "Quiet Fox", start)
    busy = signed_in(db_session, "Calm Heron", start + timedelta(minutes=25))
    later = start + timedelta(minutes=40)  # Quiet Fox idle 40 minutes, Calm Heron 15
    together = accounts.resolve_sessions(session=db_session, session_tokens=[idle, busy],
                                         now=later)
    assert together[idle] is None and together[busy] is not None
    db_session.expire_all()
    rows = {row.user_id: row for row in db_session.execute(select(UserSession)).scalars()}
    heron = member_named(db_session, "Calm Heron")
    fox = member_named(db_session, "Quiet Fox")
    assert rows[fox.id].revoked_at is not None  # idle too long: ended, as alone
    assert rows[heron.id].revoked_at is None
    assert rows[heron.id].last_seen_at.replace(tzinfo=later.tzinfo) >= later - timedelta(
        seconds=1)  # touched
