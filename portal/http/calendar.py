"""HTTP route for the calendar: a member's own session as an .ics file.

A download (``portal/http/files.py``): only the session's two people get the file;
anyone else gets the same "not found" as for an id that does not exist. The file itself
says "Lantern meeting" and the times, nothing personal (no names, no place, no link).
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request

from portal import routes
from portal.http.files import download
from portal.services import calendar
from portal.services.accounts import Viewer


@download(routes.SESSION_ICS, media_type="text/calendar; charset=utf-8",
          filename="lantern-meeting.ics", refused_as_missing=True)
def session_ics(session: Session, viewer: Viewer, request: Request) -> bytes | str:
    return calendar.session_ics(session=session, actor=viewer.actor,
                                booking_id=request.query_params.get("id", ""))


CALENDAR_ROUTES = [session_ics]
