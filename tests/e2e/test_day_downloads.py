"""A day on Lantern, on a phone (issue 13, item 1): every download lands as a file and
every server route is a real navigation, never the client router's "Page not found";
an unknown address shows the whole shell, quick exit included, and a way home.

Each link is tapped as the member who has it (demo data: Survivor Willow has approved
volunteering hours; Survivor Luna is matched with Mentor Sol, and a session between
them is booked through the service; Moderator Heron manages the directory). OIDC is off
here, so its start route answers with a redirect to the sign-in page: the test checks
that the browser itself asked the server for it. The unit side, every link of every
page, is tests/unit/test_links.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, select

from portal import routes
from portal.models import User
from portal.models.calendar import SessionBooking
from portal.models.notifications import Reminder
from portal.services import calendar
from tests.e2e.conftest import (
    OUTPUT,
    VIEWPORT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)
from tests.factories.accounts import actor_of


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return (box is not None and box["width"] > 0 and box["y"] >= 0
            and box["y"] + box["height"] <= VIEWPORT["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"])


def still_here(visit, path: str) -> None:
    """The tap left the page where it was: same address, shell and quick exit in view,
    no "Page not found"."""
    page = visit.page
    assert page.url.split("?")[0].rstrip("/").endswith(path.rstrip("/")), page.url
    page.evaluate("window.scrollTo(0, 0)")
    assert in_viewport(page, "#quick-exit")
    assert "not found" not in page.inner_text("body").lower()


def download_by_tapping(visit, selector: str) -> tuple[str, bytes]:
    page = visit.page
    with page.expect_download(timeout=20000) as caught:
        page.locator(selector).tap()
    download = caught.value
    assert download.failure() is None
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_member_downloads_her_data_and_her_volunteering_record(visit):
    sign_in(visit, "Survivor Willow")
    visit.go(routes.ACCOUNT)
    name, body = download_by_tapping(visit, "#download-my-data")
    assert name == "my-data.json"
    assert json.loads(body)  # the file itself, not the app's page
    still_here(visit, routes.ACCOUNT)

    visit.go(routes.VOLUNTEER_MINE)
    visit.page.wait_for_selector("#download-pdf")
    name, body = download_by_tapping(visit, "#download-pdf")
    assert name.endswith(".pdf") and body.startswith(b"%PDF")
    name, body = download_by_tapping(visit, "#download-csv")
    assert name.endswith(".csv") and b"Community pantry helper" in body
    still_here(visit, routes.VOLUNTEER_MINE)


def book_luna_with_sol(app) -> int:
    """A session Survivor Luna books with her mentor, Sol, through the service."""
    with app_database(app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        luna, sol = named["Survivor Luna"], named["Mentor Sol"]
        active_match_id(session, luna, sol)  # the demo's match, or a new one
        offer = calendar.available_slots(session=session, actor=actor_of(luna),
                                         mentor_id=sol.id, length=30)
        slot = [slot for day in offer.days for slot in day.slots][-1]
        booked = calendar.book_session(session=session, actor=actor_of(luna),
                                       mentor_id=sol.id, start=slot.start_utc.isoformat(),
                                       length=30, mode="video")
        return booked.id


def forget_booking(app, booking_id: int) -> None:
    """Later browser tests share the demo data: leave Luna's calendar as it was."""
    with app_database(app) as session:
        session.execute(delete(Reminder).where(Reminder.subject_type == "session",
                                               Reminder.subject_id == booking_id))
        session.execute(delete(SessionBooking).where(SessionBooking.id == booking_id))
        session.commit()


def test_a_survivor_adds_her_session_to_her_phones_calendar(visit, live_app):
    booking_id = book_luna_with_sol(live_app)
    try:
        sign_in(visit, "Survivor Luna")
        visit.go(routes.calendar_session(booking_id))
        visit.page.wait_for_selector("#ics-link")
        name, body = download_by_tapping(visit, "#ics-link")
        assert name.endswith(".ics") and b"BEGIN:VCALENDAR" in body
        still_here(visit, routes.CALENDAR_SESSION)
    finally:
        forget_booking(live_app, booking_id)


def test_a_moderator_downloads_the_directory(visit):
    sign_in(visit, "Moderator Heron")
    visit.go(routes.RESOURCES_MANAGE)
    visit.page.wait_for_selector("#resources-export")
    name, body = download_by_tapping(visit, "#resources-export")
    assert name.endswith(".zip") and body[:2] == b"PK"
    still_here(visit, routes.RESOURCES_MANAGE)


def test_staff_sign_in_with_an_organisation_goes_to_the_server(visit):
    visit.go(routes.SIGN_IN)
    page = visit.page
    with page.expect_request(lambda request: request.url.endswith(routes.AUTH_OIDC_START)
                             and request.is_navigation_request()) as asked:
        page.locator("#staff-oidc").tap()
    # OIDC is off in this deployment: the server itself answers, with the way back.
    response = asked.value.response()
    assert response is not None and response.status == 303
    assert response.headers["location"].endswith(routes.SIGN_IN)
    visit.wait_for_path(routes.SIGN_IN)
    visit.wait_ready()
    still_here(visit, routes.SIGN_IN)
    assert page.locator("#sign-in-form").is_visible()


def test_an_unknown_address_shows_the_shell_quick_exit_and_a_way_home(audited_visit):
    visit, page = audited_visit, audited_visit.page
    response = page.goto(visit.app.url + "/no-such-place")
    assert response is not None and response.status == 404  # the server says so too
    visit.wait_ready()
    assert page.inner_text("h1") == "We could not find that page"
    assert in_viewport(page, "header.topbar")
    assert in_viewport(page, "#quick-exit")
    assert in_viewport(page, "#not-found-home")
    assert in_viewport(page, "nav.bottom-nav")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
    assert serious_accessibility_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "not-found-390x844.png"))

    page.locator("#not-found-home").tap()
    visit.wait_for_path(routes.HOME)
    visit.wait_ready()
    assert in_viewport(page, "#quick-exit")

    # Lost or not, one tap still leaves at once.
    visit.go("/another/missing/place")
    page.locator("#quick-exit").tap()
    page.wait_for_url(visit.app.weather_url)
