"""The one shape of every file download: a GET route behind ``@download(...)``.

Files cannot travel over Reflex's websocket, so downloads are plain GET routes. Each
authorizes through the HttpOnly session cookie on the server (``portal/http/viewer.py``):
signed out, the browser goes to the sign-in page; a refusal of the service
(``PermissionDenied``, ``ServiceError``) answers 403 "Forbidden", or, with
``refused_as_missing``, the 404 "Not found" an unknown id gets, so the answer does not
tell whether someone else's file exists. The file is sent as an attachment and never
cached.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.db import open_session
from portal.http.blocking import off_the_event_loop
from portal.http.viewer import current_viewer
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError

Build = Callable[[Session, Viewer, Request], bytes | str]


def download(path: str, *, media_type: str, filename: str,
             refused_as_missing: bool = False) -> Callable[[Build], Route]:
    """Wrap ``build(session, viewer, request)`` into a GET route (see module)."""

    def decorate(build: Build) -> Route:
        async def endpoint(request: Request) -> Response:
            viewer = await off_the_event_loop(lambda: current_viewer(request))
            if viewer is None:
                return RedirectResponse(routes.SIGN_IN, status_code=303)

            def work() -> bytes | str:
                with open_session() as session:
                    return build(session, viewer, request)

            try:
                body = await off_the_event_loop(work)
            except (PermissionDenied, ServiceError):
                if refused_as_missing:
                    return Response("Not found", status_code=404, media_type="text/plain")
                return Response("Forbidden", status_code=403, media_type="text/plain")
            return Response(body, media_type=media_type, headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store"})

        return Route(path, endpoint, methods=["GET"])

    return decorate
