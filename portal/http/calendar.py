"""HTTP route for the calendar: a member's own session as an .ics file.

A file download cannot travel over Reflex's websocket, so this is a small GET route.
It authorizes through the session cookie on the server, like ``/account/my-data.json``:
only the session's two people get the file; anyone else gets the same "not found" as
for an id that does not exist. The file itself says "Lantern meeting" and the times,
nothing personal (no names, no place, no link).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.db import open_session
from portal.http.viewer import current_viewer
from portal.services import calendar
from portal.services.errors import PermissionDenied, ServiceError


async def download_session_ics(request: Request) -> Response:
    viewer = current_viewer(request)
    if viewer is None:
        return RedirectResponse(routes.SIGN_IN, status_code=303)
    try:
        with open_session() as session:
            body = calendar.session_ics(session=session, actor=viewer.actor,
                                        booking_id=request.query_params.get("id", ""))
    except (PermissionDenied, ServiceError):
        return Response("Not found", status_code=404, media_type="text/plain")
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="lantern-meeting.ics"'})


CALENDAR_ROUTES = [Route(routes.SESSION_ICS, download_session_ics, methods=["GET"])]
