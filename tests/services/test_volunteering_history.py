"""A member's volunteer history and its CV downloads (no portal wording, approved hours
only), the download routes, and 'My data' export and erasure."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import portal.db
from portal.auth.cookies import SESSION_COOKIE
from portal.http.mount import ROUTES
from portal.models.notifications import Notification
from portal.models.volunteering import ShiftSignup, VolunteerAttendance, VolunteerOpportunity
from portal.services.accounts import members as accounts
from portal.services.accounts import my_data
from portal.services.errors import PermissionDenied
from portal.services.volunteering import history as volunteering_history
from portal.services.volunteering import shifts as volunteering
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.volunteering import (
    make_attendance,
    make_coordinator,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.refusals import refused

FORBIDDEN = re.compile(rb"lantern|surviv|traffick|victim|sobreviv", re.IGNORECASE)


def attended(session, member, opportunity, *, days_ago: int, minutes: int = 180,
             approved_by=None):
    shift = make_shift(session, opportunity, starts_in=timedelta(days=-days_ago))
    return make_attendance(session, make_signup(session, shift, member), minutes=minutes,
                           approved_by=approved_by)


@pytest.fixture
def history(db_session):
    """A member called "Survivor Rose" with two roles: one approved, one partly pending."""
    rose = make_user(db_session, name="Survivor Rose")
    ash = make_coordinator(db_session)
    pantry = make_opportunity(db_session, title="Pantry helper", remote=False, region="NY",
                              skills=("teamwork", "food_handling"))
    circle = make_opportunity(db_session, title="Group facilitator",
                              skills=("facilitation",), leadership_kind="peer_group_facilitator")
    attended(db_session, rose, pantry, days_ago=30, approved_by=ash)
    attended(db_session, rose, pantry, days_ago=20, minutes=90, approved_by=ash)
    attended(db_session, rose, circle, days_ago=10, minutes=60, approved_by=ash)
    attended(db_session, rose, circle, days_ago=3, minutes=60)
    return rose


def test_history_sums_approved_and_pending_hours_per_role(db_session, history):
    mine = volunteering_history.my_history(session=db_session, actor=actor_of(history))
    assert [(r.title, r.shifts_attended, r.minutes_approved, r.minutes_pending)
            for r in mine.roles] == [("Group facilitator", 2, 60, 60),
                                     ("Pantry helper", 2, 270, 0)]
    assert (mine.minutes_approved, mine.minutes_pending) == (330, 60)
    assert mine.leadership_kinds == ("peer_group_facilitator",)
    assert set(mine.skills) == {"teamwork", "food_handling", "facilitation"}


def test_the_csv_holds_approved_roles_only_and_no_portal_wording(db_session, history):
    data = volunteering_history.history_csv(session=db_session, actor=actor_of(history))
    assert not FORBIDDEN.search(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Role", "Organisation", "Place", "Leadership role", "From", "To",
                       "Shifts", "Approved hours", "Skills"]
    by_role = {row[0]: row for row in rows[1:]}
    assert by_role["Pantry helper"][2] == "New York"
    assert by_role["Pantry helper"][6:8] == ["2", "4.5"]
    assert by_role["Group facilitator"][3] == "Peer group facilitator"
    assert by_role["Group facilitator"][6:8] == ["1", "1"]  # the pending shift is left out


def test_the_pdf_is_a_valid_file_with_the_roles_and_no_portal_wording(db_session, history):
    data = volunteering_history.history_pdf(session=db_session, actor=actor_of(history))
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert not FORBIDDEN.search(data)
    reader = PdfReader(io.BytesIO(data), strict=True)  # a well-formed file, read strictly
    assert reader.metadata.title == "Volunteer experience"
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Volunteer experience", "Pantry helper", "Group facilitator",
                  "Approved volunteer hours: 5.5", "Leadership role: Peer group facilitator"):
        assert words in text


def test_titles_and_organisations_that_reveal_the_purpose_are_replaced(db_session):
    rose = make_user(db_session)
    ash = make_coordinator(db_session)
    legacy = make_opportunity(db_session, title="Survivor leadership circle",
                              organisation="Anti-Trafficking Alliance",
                              leadership_kind="peer_leader")
    attended(db_session, rose, legacy, days_ago=5, approved_by=ash)
    for build in (volunteering_history.history_csv, volunteering_history.history_pdf):
        data = build(session=db_session, actor=actor_of(rose))
        assert not FORBIDDEN.search(data)
        assert b"Community organisation" in data and b"Peer leader" in data


def test_spreadsheet_formulas_in_titles_are_shown_as_text(db_session):
    rose = make_user(db_session)
    ash = make_coordinator(db_session)
    attended(db_session, rose, make_opportunity(db_session, title="=HYPERLINK(1)"),
             days_ago=2, approved_by=ash)
    data = volunteering_history.history_csv(session=db_session, actor=actor_of(rose))
    assert "'=HYPERLINK(1)" in data.decode("utf-8-sig")


def test_a_spanish_speaking_member_gets_spanish_downloads(db_session):
    luna = make_user(db_session, language="es")
    ash = make_coordinator(db_session)
    attended(db_session, luna, make_opportunity(db_session, remote=True), days_ago=4,
             approved_by=ash)
    text = volunteering_history.history_csv(session=db_session,
                                            actor=actor_of(luna)).decode("utf-8-sig")
    assert text.startswith("Puesto,Organización,Lugar") and "A distancia" in text
    pdf = PdfReader(io.BytesIO(volunteering_history.history_pdf(
        session=db_session, actor=actor_of(luna))))
    assert pdf.metadata.title == "Experiencia de voluntariado"
    assert "Experiencia de voluntariado" in pdf.pages[0].extract_text()


def test_a_long_history_flows_onto_more_pdf_pages(db_session):
    rose = make_user(db_session)
    ash = make_coordinator(db_session)
    for number in range(40):
        attended(db_session, rose, make_opportunity(db_session, title=f"Role {number}",
                                                    skills=("teamwork", "outreach")),
                 days_ago=number + 1, approved_by=ash)
    data = volunteering_history.history_pdf(session=db_session, actor=actor_of(rose))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(re.search(rf"Role {n}\b", text) for n in range(40))


@pytest.mark.parametrize("roles", [("coordinator",), ("moderator",)])
def test_only_members_have_a_volunteer_history(db_session, roles):
    staff = make_user(db_session, roles=roles)
    with refused(PermissionDenied):
        volunteering_history.history_pdf(session=db_session, actor=actor_of(staff))


def test_download_routes_serve_the_signed_in_members_own_files_only(db_session, db_engine,
                                                                    history, monkeypatch):
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    token = accounts.sign_in(session=db_session, display_name="Survivor Rose",
                             passphrase=PASSPHRASE, client_key="10.9.0.1").token
    with TestClient(Starlette(routes=ROUTES)) as client:
        anonymous = client.get("/volunteer/experience.pdf", follow_redirects=False)
        assert anonymous.status_code == 303 and anonymous.headers["location"] == "/sign-in"
        client.cookies.set(SESSION_COOKIE, token)
        pdf = client.get("/volunteer/experience.pdf")
        csv_file = client.get("/volunteer/experience.csv")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert 'filename="volunteer-experience.pdf"' in pdf.headers["content-disposition"]
    assert pdf.content.startswith(b"%PDF") and not FORBIDDEN.search(pdf.content)
    assert csv_file.status_code == 200 and b"Pantry helper" in csv_file.content


def test_my_data_exports_the_members_shifts_and_hours(db_session, history):
    data = my_data.export_my_data(session=db_session, actor=actor_of(history))
    shifts = data["volunteering"]["shifts"]
    assert len(shifts) == 4
    assert {s["opportunity"] for s in shifts} == {"Pantry helper", "Group facilitator"}
    assert sum(1 for s in shifts if s["hours_approved"]) == 3


def test_deleting_an_account_erases_volunteering_and_passes_the_seat_on(db_session):
    leaving, waiting = make_user(db_session, name="Leaving Member"), make_user(db_session)
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session)
    attended(db_session, leaving, opportunity, days_ago=3, approved_by=ash)
    shift = make_shift(db_session, opportunity, seats=1)
    for member in (leaving, waiting):
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    leaving_id = leaving.id
    my_data.delete_my_account(session=db_session, actor=actor_of(leaving),
                              passphrase=PASSPHRASE)
    db_session.expire_all()
    for table, column in ((ShiftSignup, ShiftSignup.user_id),
                          (VolunteerAttendance, VolunteerAttendance.user_id)):
        assert db_session.execute(select(func.count(table.id)).where(
            column == leaving_id)).scalar_one() == 0
    mine = volunteering.my_volunteering(session=db_session, actor=actor_of(waiting))
    assert [s.status for s in mine.upcoming] == ["confirmed"]
    assert db_session.execute(select(Notification.message_key).where(
        Notification.user_id == waiting.id)).scalars().all() == ["notify.shift_promoted"]


def test_a_coordinator_leaving_keeps_the_opportunities_they_posted(db_session):
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session, created_by=ash)
    my_data.delete_my_account(session=db_session, actor=actor_of(ash), passphrase=PASSPHRASE)
    db_session.expire_all()
    kept = db_session.get(VolunteerOpportunity, opportunity.id)
    assert kept is not None and kept.created_by_id is None
