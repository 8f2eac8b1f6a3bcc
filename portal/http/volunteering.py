"""HTTP routes for the volunteer history downloads (PDF and CSV, for a CV).

Downloads (``portal/http/files.py``) that return only the signed-in member's own
history.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request

from portal import routes
from portal.http.files import download
from portal.services import volunteering
from portal.services.accounts import Viewer


@download(routes.VOLUNTEER_HISTORY_PDF, media_type="application/pdf",
          filename="volunteer-experience.pdf")
def history_pdf(session: Session, viewer: Viewer, _request: Request) -> bytes | str:
    return volunteering.history_pdf(session=session, actor=viewer.actor)


@download(routes.VOLUNTEER_HISTORY_CSV, media_type="text/csv; charset=utf-8",
          filename="volunteer-experience.csv")
def history_csv(session: Session, viewer: Viewer, _request: Request) -> bytes | str:
    return volunteering.history_csv(session=session, actor=viewer.actor)


VOLUNTEER_ROUTES = [history_pdf, history_csv]
