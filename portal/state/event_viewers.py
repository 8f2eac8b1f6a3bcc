"""Viewers resolved during the event being processed, by cookie header, so one event
looks the session up once: the viewer-binding check (state/viewer_binding.py) resolves it
and the handler reuses it. The middleware starts each event with an empty cache
(``AppState._start_event``), and a live push (state/live.py) gives each push its own;
outside an event (unit tests calling handlers) nothing is cached."""

from __future__ import annotations

from contextvars import ContextVar

from portal.services.accounts import Viewer

event_viewers: ContextVar[dict[str, Viewer | None] | None] = ContextVar(
    "lantern_event_viewers", default=None)
