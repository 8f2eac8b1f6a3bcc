"""Who is asking, for every HTTP route: resolved from the session cookie, on the server."""

from __future__ import annotations

from starlette.requests import Request

from portal.auth.cookies import session_token
from portal.db import open_session
from portal.services import accounts
from portal.services.accounts import Viewer


def current_viewer(request: Request) -> Viewer | None:
    """The member behind the request's session cookie, checked in the database now."""
    token = session_token(request.headers.get("cookie"))
    if not token:
        return None
    with open_session() as session:
        return accounts.resolve_session(session=session, token=token)
