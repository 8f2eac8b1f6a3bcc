"""Issue 14 item 3: event handlers never run their blocking work on the event loop.

Every Lantern handler is wrapped (portal/state/base.py) so its body runs whole on the
handlers' thread pool while Reflex awaits it; the loop keeps serving other sockets.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time

from portal.state.base import _event_viewers, _off_the_event_loop
from tests.state.browser import our_state_classes


def test_every_handler_of_ours_runs_off_the_event_loop():
    on_the_loop = []
    for state_class in our_state_classes():
        for name, handler in state_class.event_handlers.items():
            body = getattr(handler.fn, "__wrapped__", handler.fn)
            if not body.__module__.startswith("portal."):
                continue  # Reflex's own setters (setvar) touch no database
            if inspect.isgeneratorfunction(body) or inspect.iscoroutinefunction(body):
                continue  # written async on purpose, or yielding steps
            if not inspect.iscoroutinefunction(handler.fn):
                on_the_loop.append(f"{state_class.__name__}.{name}")
    assert on_the_loop == []


def blocking_body(state, label: str):
    """Stands in for a handler whose database call takes a while."""
    time.sleep(0.3)
    return label, threading.get_ident(), _event_viewers.get()


blocking_body.__module__ = "portal.state.example"


def test_a_slow_handler_runs_on_a_worker_thread_while_the_loop_serves_others():
    handler = _off_the_event_loop(blocking_body)
    assert inspect.iscoroutinefunction(handler)

    async def one_event():
        ticks = 0

        async def another_socket():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        cache = {"cookie": None}
        _event_viewers.set(cache)  # the viewer-binding middleware starts each event so
        other = asyncio.create_task(another_socket())
        result = await handler(object(), label="done")
        other.cancel()
        return result, ticks, threading.get_ident(), cache

    (label, body_thread, seen_cache), ticks, loop_thread, cache = asyncio.run(one_event())
    assert label == "done"
    assert body_thread != loop_thread
    assert seen_cache is cache  # the event's viewer cache travels with the work
    assert ticks >= 5  # blocked on the loop, the other socket would not have run at all
