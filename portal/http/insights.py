"""HTTP routes for the programme insights downloads (CSV and a one-page PDF).

Downloads (``portal/http/files.py``): the service authorizes the signed-in viewer
(staff, or a partner for their own organisation) and audits the download. The range
comes from the query string and is only ever one of the menu's (anything else is the
default).
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request

from portal import routes
from portal.http.files import download
from portal.services import insights
from portal.services.accounts import Viewer


@download(routes.INSIGHTS_CSV, media_type="text/csv; charset=utf-8",
          filename="programme-figures.csv")
def insights_csv(session: Session, viewer: Viewer, request: Request) -> bytes | str:
    return insights.insights_csv(session=session, actor=viewer.actor,
                                 weeks=request.query_params.get("weeks"))


@download(routes.INSIGHTS_PDF, media_type="application/pdf",
          filename="programme-summary.pdf")
def insights_pdf(session: Session, viewer: Viewer, request: Request) -> bytes | str:
    return insights.insights_pdf(session=session, actor=viewer.actor,
                                 weeks=request.query_params.get("weeks"))


INSIGHTS_ROUTES = [insights_csv, insights_pdf]
