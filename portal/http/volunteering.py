"""HTTP routes for the volunteer history downloads (PDF and CSV, for a CV).

Files cannot travel over Reflex's websocket, so these are plain GET routes. They
authorize through the HttpOnly session cookie on the server, like
``/account/my-data.json``, and return only the signed-in member's own history.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.db import open_session
from portal.http.viewer import current_viewer
from portal.services import volunteering
from portal.services.errors import PermissionDenied, ServiceError


def _download(build, media_type: str, filename: str):
    async def endpoint(request: Request) -> Response:
        viewer = current_viewer(request)
        if viewer is None:
            return RedirectResponse(routes.SIGN_IN, status_code=303)
        try:
            with open_session() as session:
                body = build(session=session, actor=viewer.actor)
        except (PermissionDenied, ServiceError):
            return Response("Forbidden", status_code=403)
        return Response(body, media_type=media_type, headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store"})
    return endpoint


VOLUNTEER_ROUTES = [
    Route(routes.VOLUNTEER_HISTORY_PDF,
          _download(volunteering.history_pdf, "application/pdf",
                    "volunteer-experience.pdf"), methods=["GET"]),
    Route(routes.VOLUNTEER_HISTORY_CSV,
          _download(volunteering.history_csv, "text/csv; charset=utf-8",
                    "volunteer-experience.csv"), methods=["GET"]),
]
