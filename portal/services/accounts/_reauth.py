"""Asking a signed-in member for her passphrase again before anything that could take
the account (THREATS #15: a minute with an unlocked phone).

New recovery codes, a new reminder email and turning email reminders on all call
``confirm_passphrase`` first. Wrong answers are counted per account, so whoever holds
the phone cannot keep guessing; the owner's right answer is never slowed down before
that limit.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal.auth import passwords
from portal.domain.permissions import Actor
from portal.models import User
from portal.services import throttle
from portal.services.errors import NotFound, ServiceError

MAX_PASSPHRASE_CHARS = 1024


def _key(actor: Actor) -> str:
    return f"user:{actor.id}"


def confirm_passphrase(session: Session, *, actor: Actor, passphrase: object,
                       now: datetime) -> User:
    """The actor's own row when ``passphrase`` is hers; otherwise ``ServiceError``.

    A wrong or missing passphrase is counted and committed (nothing else is written), so
    the caller must check this before changing anything. ``Throttled`` once the account
    has used up ``throttle.REAUTH_FAILURES_PER_ACCOUNT``.
    """
    throttle.check(session, limit=throttle.REAUTH_FAILURES_PER_ACCOUNT, key=_key(actor), now=now)
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    typed = passphrase if isinstance(passphrase, str) else ""
    ok = bool(typed) and passwords.verify_passphrase(user.password_hash,
                                                     typed[:MAX_PASSPHRASE_CHARS])
    if not ok:
        session.rollback()
        throttle.count(session, limit=throttle.REAUTH_FAILURES_PER_ACCOUNT, key=_key(actor),
                       now=now)
        session.commit()
        raise ServiceError("auth.current_passphrase_wrong")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_passphrase(typed)
    return user
