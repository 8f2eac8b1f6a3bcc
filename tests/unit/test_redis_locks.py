"""A cancelled event never leaves a tab's Redis state lock behind (portal/state/redis_locks.py).

Real Redis (LANTERN_TEST_REDIS_URL), in a database number of this test's own: the
browser suite empties the configured one while it runs beside this suite. Redis answers
the lock's ``SET`` a little late here (as a busy server would), and the waiter is
cancelled after Redis has set the key but before the answer arrived: the moment a
navigation cancels the previous page's load chain.
"""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis.asyncio as redis_asyncio
from reflex.istate.manager.redis import StateManagerRedis

from portal.state import redis_locks
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set LANTERN_TEST_REDIS_URL")


def own_database(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/13", parts.query, parts.fragment))


class LateAnswers:
    """The real client, whose SET answer arrives ``delay`` seconds after Redis did it."""

    def __init__(self, client, delay: float) -> None:
        self._client, self.delay = client, delay
        self.set_done = asyncio.Event()

    async def set(self, *args, **kwargs):
        answer = await self._client.set(*args, **kwargs)
        self.set_done.set()
        await asyncio.sleep(self.delay)
        return answer

    def __getattr__(self, name):
        return getattr(self._client, name)


async def cancelled_while_taking_the_lock(try_get_lock) -> tuple[bytes | None, bool]:
    """Cancel a lock attempt after Redis set the key; what the key holds afterwards and
    whether a waiter of this worker was woken."""
    client = redis_asyncio.Redis.from_url(own_database(REDIS_URL))
    manager = StateManagerRedis(redis=LateAnswers(client, delay=0.5))
    lock_key = f"lantern-test-{secrets.token_hex(8)}_lock".encode()
    waiter = asyncio.Event()
    manager._lock_waiters[lock_key] = [waiter]
    try:
        attempt = asyncio.ensure_future(try_get_lock(manager, lock_key, b"event:one"))
        await manager.redis.set_done.wait()  # Redis holds the key for this waiter now
        attempt.cancel()
        with pytest.raises(asyncio.CancelledError):
            await attempt
        await asyncio.sleep(0.7)  # the late answer has arrived by now
        return await client.get(lock_key), waiter.is_set()
    finally:
        await client.delete(lock_key)
        if manager._lock_task is not None:
            manager._lock_task.cancel()
        await client.aclose()


def test_without_the_guard_the_cancelled_waiter_keeps_the_lock():
    """The failure the guard exists for: the key stays until it expires (10 s)."""
    held, woken = asyncio.run(cancelled_while_taking_the_lock(
        redis_locks._original_try_get_lock))
    assert held == b"event:one"
    assert not woken


def test_with_the_guard_the_lock_is_given_back_and_the_next_waiter_woken():
    before = redis_locks.released_after_cancel
    held, woken = asyncio.run(cancelled_while_taking_the_lock(
        redis_locks._try_get_lock_to_the_end))
    assert held is None
    assert woken
    assert redis_locks.released_after_cancel == before + 1


def test_the_guard_never_deletes_a_lock_that_is_someone_elses():
    async def scenario() -> bytes | None:
        client = redis_asyncio.Redis.from_url(own_database(REDIS_URL))
        manager = StateManagerRedis(redis=client)
        lock_key = f"lantern-test-{secrets.token_hex(8)}_lock".encode()
        try:
            await client.set(lock_key, b"event:other", px=5000)
            await redis_locks._give_back(manager, lock_key, b"event:one")
            return await client.get(lock_key)
        finally:
            await client.delete(lock_key)
            if manager._lock_task is not None:
                manager._lock_task.cancel()
            await client.aclose()

    assert asyncio.run(scenario()) == b"event:other"


def test_the_app_installs_the_guard():
    import portal.portal  # noqa: F401  (builds the app)

    assert StateManagerRedis._try_get_lock is redis_locks._try_get_lock_to_the_end
