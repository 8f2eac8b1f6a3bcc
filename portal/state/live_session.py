"""One database session for everything a live push reloads in one tab (issue 15).

A message reaches her open thread and her badge in one push: ``refresh_tab``
(portal/state/live.py) opens one session, looks her cookie up in it, and the page's
reads run in it too (``reading_session``), instead of a session each. Outside a push
(an ordinary event) every read opens its own session, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlmodel import Session

from portal.db import open_session

_shared: ContextVar[Session | None] = ContextVar("lantern_live_session", default=None)


@contextmanager
def reading_session() -> Iterator[Session]:
    """The push's shared session while one is open, else a session of its own."""
    shared = _shared.get()
    if shared is not None:
        yield shared
        return
    with open_session() as session:
        yield session


@contextmanager
def one_session_for_this_tab() -> Iterator[Session]:
    """Open the session a tab's reloads share, for the length of the block: reads, and
    writes that stand alone (her cookie's touch, "seen"). On PostgreSQL each commits on
    its own, so a push costs no BEGIN and no ROLLBACK
    (``open_session(each_statement_alone=True)``)."""
    with open_session(each_statement_alone=True) as session:
        token = _shared.set(session)
        try:
            yield session
        finally:
            _shared.reset(token)
