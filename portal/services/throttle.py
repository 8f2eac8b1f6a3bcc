"""Counting attempts in the database, so every web worker sees the same limits.

Keys (IP addresses, names) are stored only as keyed hashes. Per-IP limits are sliding
windows. Failures against one name never lock it: they add a growing delay before the
next try (``Backoff``), so a stranger who knows a pseudonym can slow guessing without
keeping its owner out for hours; a browser the owner signed in from before skips the
delay altogether (the device cookie, see ``accounts.sign_in``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, select
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



@dataclass(frozen=True)
class Backoff:
    """After ``free_failures`` failures in ``window``, each further try waits
    ``first_delay`` doubled per extra failure, at most ``max_delay``, after the last one."""

    scope: str
    free_failures: int
    first_delay: timedelta
    max_delay: timedelta
    window: timedelta = timedelta(hours=24)

    def delay_after(self, failures: int) -> timedelta:
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, 20)
        return min(self.max_delay, self.first_delay * 2**doublings)


# Per name: 5 free tries, then 15 s, 30 s, 1 min ... at most 15 minutes between tries
# (at most about 100 guesses a day against one name, never a lock-out).
SIGN_IN_FAILURES_PER_ACCOUNT = Backoff("sign_in_fail_account", 5, timedelta(seconds=15),
                                       timedelta(minutes=15))
RECOVERY_PER_IP = Limit("recovery_ip", 10, timedelta(minutes=15))
RECOVERY_FAILURES_PER_ACCOUNT = Backoff("recovery_fail_account", 5, timedelta(seconds=60),
                                        timedelta(minutes=15))
SIGN_UP_PER_IP = Limit("sign_up_ip", 10, timedelta(hours=1))
# A signed-in browser asked for the passphrase again (new recovery codes, a new reminder
# email, email reminders on, a passphrase change, deletion): whoever holds an unlocked
# phone gets a handful of guesses, not a dictionary (THREATS #15).
REAUTH_FAILURES_PER_ACCOUNT = Limit("reauth_fail_account", 5, timedelta(minutes=15))
KEEP_EVENTS_FOR = timedelta(hours=24)


def _key(limit: Limit | Backoff, key: str) -> str:
    return keyed_hash(key, purpose=f"throttle:{limit.scope}")


# Built once (its cache key too): a private message checks its limit on every send.
_EVENTS = ThrottleEvent.__table__.c  # plain statements: no ORM setup per attempt
_IN_WINDOW = select(func.count(_EVENTS.id), func.min(_EVENTS.at)).where(
    _EVENTS.scope == bindparam("scope"),
    _EVENTS.key_hash == bindparam("key_hash"),
    _EVENTS.at > bindparam("since"),
)


_COUNT_ONE = insert(ThrottleEvent.__table__).values(
    scope=bindparam("scope"), key_hash=bindparam("key_hash"), at=bindparam("at"))


def check(session: Session, *, limit: Limit, key: str, now: datetime) -> None:
    """Raise ``Throttled`` when ``key`` has used up ``limit`` in the window ending now."""
    count, oldest = session.execute(_IN_WINDOW, {
        "scope": limit.scope, "key_hash": _key(limit, key),
        "since": now - limit.window}).one()
    if count >= limit.attempts:
        retry_after = (oldest + limit.window - now).total_seconds() if oldest else 60
        raise Throttled(int(max(retry_after, 1)))


def check_backoff(session: Session, *, backoff: Backoff, key: str, now: datetime) -> None:
    """Raise ``Throttled`` while ``key`` is inside its delay after recent failures."""
    failures, latest = session.execute(
        select(func.count(ThrottleEvent.id), func.max(ThrottleEvent.at)).where(
            ThrottleEvent.scope == backoff.scope,
            ThrottleEvent.key_hash == _key(backoff, key),
            ThrottleEvent.at > now - backoff.window,
        )
    ).one()
    delay = backoff.delay_after(failures)
    if latest is not None and delay and latest + delay > now:
        raise Throttled(math.ceil((latest + delay - now).total_seconds()))


def count(session: Session, *, limit: Limit | Backoff, key: str, now: datetime) -> None:
    """Record one attempt (the caller commits). Events older than any window are
    deleted by the scheduler (``purge_old_events``), not on every attempt: a private
    message is counted on every send (issue 15's delivery speed)."""
    session.execute(_COUNT_ONE, {"scope": limit.scope, "key_hash": _key(limit, key),
                                 "at": now})


def purge_old_events(session: Session, now: datetime) -> int:
    """The scheduler's job: delete the attempts of every key that are older than the
    longest window (``KEEP_EVENTS_FOR``). Returns how many went."""
    deleted = session.execute(
        delete(ThrottleEvent).where(ThrottleEvent.at < now - KEEP_EVENTS_FOR)).rowcount or 0
    session.commit()
    return deleted


def clear(session: Session, *, limit: Limit | Backoff, key: str) -> None:
    session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.scope == limit.scope, ThrottleEvent.key_hash == _key(limit, key)
        )
    )
