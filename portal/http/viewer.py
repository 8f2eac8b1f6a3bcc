"""Who is asking: the one place a session cookie becomes a viewer, on the server.

HTTP routes call ``current_viewer(request)``; Reflex states call ``viewer_for_cookies``
with the cookie header their socket carried (``AppState._viewer``, which only adds a
per-event cache). Both come down to ``viewer_for_cookies``.
"""

from __future__ import annotations

from starlette.requests import Request

from portal.auth.cookies import session_token
from portal.db import open_session
from portal.services import accounts
from portal.services.accounts import Viewer


def viewer_for_cookies(cookie_header: str | None) -> Viewer | None:
    """The member behind the session cookie in ``cookie_header``, checked in the database
    now (None: no cookie, or one that no longer opens a session)."""
    token = session_token(cookie_header)
    if not token:
        return None
    # One statement (and now and then the UPDATEs that touch or end the session, each
    # standing alone): on PostgreSQL no transaction around it. It runs before every event.
    with open_session(each_statement_alone=True) as session:
        return accounts.resolve_session(session=session, token=token)


def current_viewer(request: Request) -> Viewer | None:
    """The member behind the request's session cookie."""
    return viewer_for_cookies(request.headers.get("cookie"))
