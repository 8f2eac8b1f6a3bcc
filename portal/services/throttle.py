"""Counting attempts in the database, so every web worker sees the same limits.

Keys (IP addresses, names) are stored only as keyed hashes. Limits are sliding
windows; sign-in failures also back off over the day (see ``SIGN_IN_LIMITS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session

from portal.auth.tokens import keyed_hash
from portal.models import ThrottleEvent
from portal.services.errors import Throttled
from portal.settings import get_settings


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    window: timedelta


# Mastodon allows 25 sign-ins per 5 minutes per IP; we match that for IPs (a shared
# shelter computer may need more: LANTERN_SIGN_IN_LIMIT_PER_IP) and are stricter per
# account, where guessing one survivor's passphrase is the threat.
def sign_in_per_ip() -> Limit:
    return Limit("sign_in_ip", get_settings().sign_in_limit_per_ip, timedelta(minutes=5))



SIGN_IN_FAILURES_PER_ACCOUNT = Limit("sign_in_fail_account", 10, timedelta(minutes=15))
# Back-off: 20 failures in a day lock the name for the rest of that day's window.
SIGN_IN_FAILURES_PER_ACCOUNT_DAY = Limit("sign_in_fail_account", 20, timedelta(hours=24))
RECOVERY_PER_IP = Limit("recovery_ip", 10, timedelta(minutes=15))
RECOVERY_FAILURES_PER_ACCOUNT = Limit("recovery_fail_account", 5, timedelta(hours=1))
SIGN_UP_PER_IP = Limit("sign_up_ip", 10, timedelta(hours=1))
# A signed-in browser asked for the passphrase again (new recovery codes, a new reminder
# email, email reminders on, a passphrase change, deletion): whoever holds an unlocked
# phone gets a handful of guesses, not a dictionary (THREATS #15).
REAUTH_FAILURES_PER_ACCOUNT = Limit("reauth_fail_account", 5, timedelta(minutes=15))
KEEP_EVENTS_FOR = timedelta(hours=24)


def _key(limit: Limit, key: str) -> str:
    return keyed_hash(key, purpose=f"throttle:{limit.scope}")


def check(session: Session, *, limit: Limit, key: str, now: datetime) -> None:
    """Raise ``Throttled`` when ``key`` has used up ``limit`` in the window ending now."""
    key_hash = _key(limit, key)
    since = now - limit.window
    count, oldest = session.execute(
        select(func.count(ThrottleEvent.id), func.min(ThrottleEvent.at)).where(
            ThrottleEvent.scope == limit.scope,
            ThrottleEvent.key_hash == key_hash,
            ThrottleEvent.at > since,
        )
    ).one()
    if count >= limit.attempts:
        retry_after = (oldest + limit.window - now).total_seconds() if oldest else 60
        raise Throttled(int(max(retry_after, 1)))


def count(session: Session, *, limit: Limit, key: str, now: datetime) -> None:
    """Record one attempt (the caller commits). Old events for the key are pruned."""
    key_hash = _key(limit, key)
    session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.scope == limit.scope,
            ThrottleEvent.key_hash == key_hash,
            ThrottleEvent.at < now - KEEP_EVENTS_FOR,
        )
    )
    session.add(ThrottleEvent(scope=limit.scope, key_hash=key_hash, at=now))


def clear(session: Session, *, limit: Limit, key: str) -> None:
    session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.scope == limit.scope, ThrottleEvent.key_hash == _key(limit, key)
        )
    )
