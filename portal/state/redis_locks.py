"""A tab's Redis state lock is never left behind by an event that was cancelled.

With Redis state (the scale-out path), Reflex takes a tab's lock with ``SET key id NX
PX``. A navigation cancels the previous page's unfinished load chain; when the
cancellation lands while that ``SET`` is on its way, Redis has given the lock to a
waiter that no longer exists. Nobody releases it, and the tab's next event waits for it
to expire (``redis_lock_expiration``, 10 s by default). bench/protocol.py's scale-out
run showed exactly that: single events of 10.0x s, at one client too.

``guard_lock_attempts`` makes the attempt finish even when its waiter is cancelled, and
gives the lock straight back (only if it is still the cancelled waiter's: compared and
deleted in one Redis step), then wakes the next waiter, as a normal release does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from reflex.istate.manager.redis import StateManagerRedis

logger = logging.getLogger(__name__)

# Delete the key only while it still holds this waiter's id (one atomic step in Redis).
_RELEASE_IF_OURS = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""

_original_try_get_lock = StateManagerRedis._try_get_lock
released_after_cancel = 0  # how many locks a cancelled waiter gave back (for tests)


async def _give_back(manager: StateManagerRedis, lock_key: bytes, lock_id: bytes) -> None:
    global released_after_cancel
    if await manager.redis.eval(_RELEASE_IF_OURS, 1, lock_key, lock_id):
        released_after_cancel += 1
        logger.info("A cancelled event's state lock was given back at once: %s",
                    lock_key.decode(errors="replace"))
    manager._notify_next_waiter(lock_key)


async def _try_get_lock_to_the_end(self: StateManagerRedis, lock_key: bytes,
                                   lock_id: bytes) -> bool | None:
    attempt = asyncio.ensure_future(_original_try_get_lock(self, lock_key, lock_id))
    try:
        return await asyncio.shield(attempt)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            if await attempt:
                await _give_back(self, lock_key, lock_id)
        raise


def guard_lock_attempts() -> None:
    """Install the guard (once; portal/portal.py calls it as the app is built)."""
    if StateManagerRedis._try_get_lock is not _try_get_lock_to_the_end:
        StateManagerRedis._try_get_lock = _try_get_lock_to_the_end
