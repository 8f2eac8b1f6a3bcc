"""The insights downloads: the same suppressed figures as the page, as CSV and as a
one-page PDF with a neutral title; served only to staff and partners, and audited."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import portal.db
from portal.auth.cookies import SESSION_COOKIE
from portal.domain.permissions import PermissionDenied
from portal.http.mount import ROUTES
from portal.models import AuditEntry
from portal.models.mentoring import MentorRequest
from portal.services import insights
from portal.services.accounts import members as accounts
from tests.factories.accounts import PASSPHRASE, actor_of, make_invite, make_user
from tests.factories.mentoring import make_mentor

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
LAST_WEEK = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
FORBIDDEN = re.compile(r"lantern|traffick|victim", re.IGNORECASE)


@pytest.fixture
def requests_made(db_session):
    """Seven accepted requests and two declined ones last week."""
    mentor = make_mentor(db_session)
    for index in range(9):
        survivor = make_user(db_session, organisation="Harbor House")
        status = "accepted" if index < 7 else "declined"
        db_session.add(MentorRequest(
            survivor_id=survivor.id, mentor_id=mentor.id, status=status, open_pair=None,
            created_at=LAST_WEEK, expires_at=LAST_WEEK + timedelta(days=7),
            closed_at=LAST_WEEK + timedelta(hours=index + 1)))
    db_session.commit()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_holds_the_suppressed_figures(db_session, requests_made):
    admin = make_user(db_session, roles=("admin",))
    rows = _rows(insights.insights_csv(session=db_session, actor=actor_of(admin), now=NOW))
    assert rows[0] == ["Section", "Figure", "What", "Count", "Reading"]
    outcomes = {row[2]: row[3] for row in rows if row[1] == "What happened to requests"}
    # 2 declined with 7 accepted and a total of 9: the 2 says "fewer than 5", and so
    # the 7 is hidden too (the total minus 7 would give the 2 away).
    assert outcomes == {"Accepted": "not shown", "Declined": "fewer than 5",
                        "Lapsed": "0", "Withdrawn": "0", "Waiting": "0", "Total": "9"}
    assert not any(row[3] in {"1", "2", "3", "4"} for row in rows[1:])


def test_organisation_names_cannot_run_as_spreadsheet_formulas(db_session):
    admin = make_user(db_session, roles=("admin",))
    for _ in range(5):
        make_invite(db_session, organisation="=HYPERLINK(1)")
    later = datetime.now(UTC) + timedelta(days=7)
    rows = _rows(insights.insights_csv(session=db_session, actor=actor_of(admin), now=later,
                                       weeks="4"))
    labels = {row[2] for row in rows if row[1] == "Invites made, by organisation"}
    assert "'=HYPERLINK(1)" in labels and "=HYPERLINK(1)" not in labels


def test_the_pdf_is_one_page_of_readable_text_with_a_neutral_title(db_session,
                                                                   requests_made):
    admin = make_user(db_session, roles=("admin",), language="es")
    data = insights.insights_pdf(session=db_session, actor=actor_of(admin), now=NOW)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Resumen del programa"
    text = reader.pages[0].extract_text()
    assert "Qué pasó con las solicitudes" in text and "menos de 5" in text
    assert not FORBIDDEN.search(text)
    outcomes = text.replace("\n", " ").split("Qué pasó con las solicitudes", 1)[1]
    assert "Rechazadas menos de 5" in outcomes and "Total 9" in outcomes


@pytest.mark.parametrize("roles", [("survivor",), ("mentor",)])
def test_members_and_mentors_get_no_download(db_session, requests_made, roles):
    member = make_user(db_session, roles=roles)
    for build in (insights.insights_csv, insights.insights_pdf):
        with pytest.raises(PermissionDenied):
            build(session=db_session, actor=actor_of(member), now=NOW)


def test_download_routes_serve_staff_only_and_are_audited(db_session, db_engine,
                                                          requests_made, monkeypatch):
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    make_user(db_session, name="Admin Iris", roles=("admin",))
    make_user(db_session, name="Survivor Fern")
    with TestClient(Starlette(routes=ROUTES)) as client:
        anonymous = client.get("/insights/figures.csv?weeks=4", follow_redirects=False)
        assert anonymous.status_code == 303
        token = accounts.sign_in(session=db_session, display_name="Survivor Fern",
                                 passphrase=PASSPHRASE, client_key="10.9.0.2").token
        client.cookies.set(SESSION_COOKIE, token)
        assert client.get("/insights/summary.pdf").status_code == 403
        token = accounts.sign_in(session=db_session, display_name="Admin Iris",
                                 passphrase=PASSPHRASE, client_key="10.9.0.3").token
        client.cookies.set(SESSION_COOKIE, token)
        figures = client.get("/insights/figures.csv?weeks=26")
        summary = client.get("/insights/summary.pdf?weeks=nonsense")
    assert figures.status_code == 200 and figures.headers["cache-control"] == "no-store"
    assert 'filename="programme-figures.csv"' in figures.headers["content-disposition"]
    assert summary.status_code == 200 and summary.content.startswith(b"%PDF")
    actions = db_session.execute(select(AuditEntry.action, AuditEntry.detail).where(
        AuditEntry.action.like("insights.%")).order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in actions] == [("insights.csv_read", "weeks=26"),
                                           ("insights.pdf_read", "weeks=13")]
