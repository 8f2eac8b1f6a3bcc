"""Blocking work (database, Argon2) runs on worker threads, never on the event loop.

One worker process serves every socket and request it holds from one event loop, so a
database call or a hash on that loop stalls them all. Two bounded pools:

- HTTP routes: Argon2 takes about 64 MiB and tens of milliseconds of CPU per call, so
  sign-ins and the routes' other database work run at most ``BLOCKING_WORK_LIMIT`` at
  once (THREATS.md #16);
- Reflex event handlers (``portal/state``): each runs whole on a worker thread, at most
  ``HANDLER_WORK_LIMIT`` at once, within the database pool's size (``portal/db.py``).

Context variables (the per-event viewer cache) travel with the work.

Every event crosses to the handlers' pool and back, so that crossing is kept lean (issue
14): a plain thread pool of this process, and one crossing per event where a check must
come first (``check_first_on_the_handlers_hop``: the viewer binding shares the handler's
own crossing instead of making one of its own).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import anyio

from portal.db import POOL_SIZE, open_session

BLOCKING_WORK_LIMIT = 4
HANDLER_WORK_LIMIT = POOL_SIZE
_blocking_work = anyio.CapacityLimiter(BLOCKING_WORK_LIMIT)


@dataclass(eq=False)
class _CheckFirst:
    passes: Callable[[], bool]
    settle: Callable[[], Awaitable[None]]


_check_first: contextvars.ContextVar[_CheckFirst | None] = contextvars.ContextVar(
    "lantern_check_first", default=None)
_NOT_PASSED = object()
_handler_pools: dict[int, ThreadPoolExecutor] = {}


def _handler_pool() -> ThreadPoolExecutor:
    """This process's pool: a pool made before a fork has no threads in the child."""
    pool = _handler_pools.get(os.getpid())
    if pool is None:
        pool = ThreadPoolExecutor(HANDLER_WORK_LIMIT, thread_name_prefix="lantern-handler")
        _handler_pools[os.getpid()] = pool
    return pool


def check_first_on_the_handlers_hop(passes: Callable[[], bool],
                                    settle: Callable[[], Awaitable[None]]) -> None:
    """For the event being processed: its handler's hop first runs ``passes()`` (blocking,
    on the worker thread) and only then the handler's work. When ``passes()`` is false the
    work does not run on that hop: back on the loop ``settle()`` is awaited, then the work
    runs on a second hop. Taken by the first handler hop of this event, once."""
    _check_first.set(_CheckFirst(passes, settle))


def no_check_first() -> None:
    """A new event: nothing is due before its handler (until the middleware says so)."""
    _check_first.set(None)


async def _run_whole(work: Callable[[], object]) -> object:
    """``work`` on the handlers' pool with the caller's context. Cancelled while it runs,
    the caller still waits for it to end (the tab's state stays locked meanwhile) and
    only then is cancelled."""
    context = contextvars.copy_context()
    running = _handler_pool().submit(context.run, work)
    waiting = asyncio.wrap_future(running)
    cancelled = False
    while True:
        try:
            result = await asyncio.shield(waiting)
        except asyncio.CancelledError:
            if waiting.done() or running.cancel():
                raise  # it ended, or never started: nothing of it still runs
            cancelled = True  # it runs on: wait for its end, then be cancelled
            continue
        if cancelled:
            raise asyncio.CancelledError
        return result


async def handler_off_the_event_loop(work: Callable[[], object]) -> object:
    """Run an event handler's body on the handlers' pool, with the caller's context,
    after the check due before it (``check_first_on_the_handlers_hop``) on the same hop."""
    check = _check_first.get()
    if check is None:
        return await _run_whole(work)
    _check_first.set(None)  # one event, one check

    def checked_work() -> object:
        return work() if check.passes() else _NOT_PASSED

    result = await _run_whole(checked_work)
    if result is _NOT_PASSED:
        await check.settle()
        result = await _run_whole(work)
    return result


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
