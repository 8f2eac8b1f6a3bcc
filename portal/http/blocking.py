"""Blocking work of the HTTP routes (database, Argon2) runs on worker threads.

Argon2 takes about 64 MiB and tens of milliseconds of CPU per call. Sign-ins and other
database work of the routes run on worker threads, at most ``BLOCKING_WORK_LIMIT`` at
once, so the event loop keeps serving every other socket of the worker (THREATS.md #16).
"""

from __future__ import annotations

from collections.abc import Callable

import anyio

from portal.db import open_session

BLOCKING_WORK_LIMIT = 4
_blocking_work = anyio.CapacityLimiter(BLOCKING_WORK_LIMIT)


async def off_the_event_loop(work: Callable[[], object]) -> object:
    """Run blocking work (database, Argon2) on a bounded pool of worker threads."""
    return await anyio.to_thread.run_sync(work, limiter=_blocking_work)


async def in_session(use_case: Callable[..., object], /, **arguments: object) -> object:
    """Call ``use_case(session=..., **arguments)`` in its own database session, off the
    event loop: the one way a route calls a service."""

    def work() -> object:
        with open_session() as session:
            return use_case(session=session, **arguments)

    return await off_the_event_loop(work)
