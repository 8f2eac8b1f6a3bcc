"""Calling state handlers the way a browser does, as a chosen member, without a server.

Used by the handler tests here and by the authorization matrix in tests/security; the
``app_db`` fixture they share is in tests/conftest.py.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass

import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session

import portal.portal  # noqa: F401  (registers every page and state)
from portal.auth.cookies import SESSION_COOKIE
from portal.models import User
from portal.models.types import utcnow
from portal.services.accounts import members as accounts


def token_for(session: Session, user: User | None) -> str:
    if user is None:
        return ""
    signed_in = accounts._start_session(session, user, utcnow())
    session.commit()
    return signed_in.token


@dataclass
class Browser:
    """One browser tab's state tree, carrying a session cookie like a real socket would."""

    root: rx.State

    @classmethod
    def with_token(cls, token: str) -> Browser:
        root = rx.State(_reflex_internal_init=True)
        cookie = f"{SESSION_COOKIE}={token}" if token else ""
        root.router = RouterData.from_router_data({"headers": {"cookie": cookie}})
        return cls(root=root)

    def state(self, state_cls: type[rx.State]) -> rx.State:
        return self.root.get_substate(state_cls.get_full_name().split(".")[1:])

    def open(self, path: str, query: dict[str, str]) -> None:
        """Navigate: the page's URL (path and query) as the browser would send it."""
        as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        cookie = self.root.router.headers.cookie
        self.root.router = RouterData.from_router_data({
            "headers": {"cookie": cookie, "origin": "http://localhost:3000"},
            "pathname": path, "asPath": as_path, "query": query})

    def call(self, state_cls: type[rx.State], handler: str, *args):
        """The handler's own body, called as Reflex calls it (off the event loop in the
        app: portal/state/base.py wraps it; tests/state/test_off_the_loop.py proves that)."""
        state = self.state(state_cls)
        event_handler = getattr(state_cls, handler)
        # The body alone (``inspect.unwrap``): a page's load that enters the page itself
        # (``entering_the_page``) is called here as written; the tests call
        # ``AppState.load_page`` first, as on a page with several loads
        # (tests/state/test_entering_the_page.py covers the entering).
        body = inspect.unwrap(event_handler.fn)
        result = body(state, *args)
        if inspect.iscoroutine(result):  # written async on purpose (the trouble notice)
            result = asyncio.run(result)
        if inspect.isgenerator(result):
            result = list(result)
        return result


def all_state_classes() -> list[type[rx.State]]:
    found, pending = [], [rx.State]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(current.get_substates())
    return found


def our_state_classes() -> list[type[rx.State]]:
    return [cls for cls in all_state_classes() if cls.__module__.startswith("portal.")]

