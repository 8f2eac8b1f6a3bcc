"""Blocking work (database, Argon2) runs on worker threads, never on the event loop.

One worker process serves every socket and request it holds from one event loop, so a
database call or a hash on that loop stalls them all. Two bounded pools:

- HTTP routes: Argon2 takes about 64 MiB and tens of milliseconds of CPU per call, so
  sign-ins and the routes' other database work run at most ``BLOCKING_WORK_LIMIT`` at
  once (THREATS.md #16);
- Reflex event handlers (``portal/state``): each runs whole on a worker thread, at most
  ``HANDLER_WORK_LIMIT`` at once, within the database pool's size (``portal/db.py``).

Context variables (the per-event viewer cache) travel with the work.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable

import anyio

from portal.db import POOL_SIZE, open_session

BLOCKING_WORK_LIMIT = 4
HANDLER_WORK_LIMIT = POOL_SIZE
_blocking_work = anyio.CapacityLimiter(BLOCKING_WORK_LIMIT)
_handler_work = anyio.CapacityLimiter(HANDLER_WORK_LIMIT)


async def handler_off_the_event_loop(work: Callable[[], object]) -> object:
    """Run an event handler's body on the handlers' pool, with the caller's context."""
    context = contextvars.copy_context()
    return await anyio.to_thread.run_sync(functools.partial(context.run, work),
                                          limiter=_handler_work)


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
