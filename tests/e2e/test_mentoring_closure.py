"""An ended mentorship no longer controls the meeting place, proven with two phones.

Survivor Luna books a session with Mentor Sol and says where to meet; Sol has the
session open. Luna ends the mentorship. On Sol's phone the place can no longer be
changed or read (not from the open page, not after reloading, not as a calendar file
with the session's real id); on Luna's phone her calendar shows the session cancelled.
(Demo data: Luna and Sol are matched and both read Spanish, so the test finds things by
id and by pseudonym, never by wording.)
"""

from __future__ import annotations

import re

from tests.e2e.conftest import OUTPUT, open_visit, sign_in

SURVIVOR, MENTOR = "Survivor Luna", "Mentor Sol"
PLACE = "Library reading room, second floor"
NEW_PLACE = "12 High Street, flat 3, come alone"


def fits_a_phone(visit) -> bool:
    return visit.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(visit, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / f"closure-{name}-390x844.png"), full_page=True)


def book_a_session(survivor) -> str:
    survivor.go("/calendar")
    survivor.page.click(f"#book-with a:has-text('{MENTOR}')")
    survivor.wait_for_path("/calendar/book")
    survivor.wait_ready()
    survivor.page.wait_for_selector("#days button")
    survivor.page.locator("#days button").nth(2).click()
    survivor.page.wait_for_selector("#days button[aria-pressed='true'] >> nth=0")
    survivor.page.locator("#times label").first.click()
    survivor.page.fill("#booking-details", PLACE)
    survivor.page.click("#booking-form button[type=submit]")
    survivor.wait_for_path("/calendar/session")
    survivor.wait_ready()
    survivor.page.wait_for_selector(f"#session-partner:has-text('{MENTOR}')")
    return re.search(r"[?&]id=(\d+)", survivor.page.url).group(1)


def end_the_mentorship(survivor) -> None:
    survivor.go("/mentoring")
    link = survivor.page.locator(f"#my-mentors li:has-text('{MENTOR}') "
                                 "a[href*='/mentoring/messages?match=']").first
    link.wait_for()
    link.click()
    survivor.wait_for_path("/mentoring/messages")
    survivor.wait_ready()
    survivor.page.wait_for_selector("#partner-name")
    survivor.page.locator("details:has(#confirm-end) summary").click()
    survivor.page.click("#confirm-end")
    survivor.page.wait_for_selector("#ended-notice")


def test_ending_the_mentorship_closes_the_session_place_on_the_other_phone(browser, live_app):
    survivor = open_visit(browser, live_app)
    mentor = open_visit(browser, live_app)
    try:
        sign_in(survivor, SURVIVOR)
        session_id = book_a_session(survivor)
        session_path = f"/calendar/session?id={session_id}"
        ics_url = f"{live_app.url}/calendar/session.ics?id={session_id}"

        # Before: Sol reads the place, may change it, and gets the calendar file.
        sign_in(mentor, MENTOR)
        mentor.go(session_path)
        mentor.page.wait_for_selector(f".facts:has-text('{PLACE}')")
        mentor.page.wait_for_selector("#details-form")
        assert mentor.page.request.get(ics_url).status == 200

        # Luna ends the mentorship on her phone.
        end_the_mentorship(survivor)

        # Sol's open page: changing the place is refused, and the place leaves the screen.
        mentor.page.fill("#session-details", NEW_PLACE)
        mentor.page.click("#details-form button[type=submit]")
        mentor.page.wait_for_selector("#session-message.notice-error")
        assert mentor.page.locator(".facts").count() == 0
        assert PLACE not in mentor.page.inner_text("main")
        assert NEW_PLACE not in mentor.page.inner_text("main")
        assert fits_a_phone(mentor)
        screenshot(mentor, "mentor-session-closed")

        # Opening it again: refused, nothing of the place, no form; no calendar file either.
        mentor.go(session_path)
        mentor.page.wait_for_selector("#session-message.notice-error")
        assert mentor.page.locator("#details-form, .facts, #ics-link").count() == 0
        assert PLACE not in mentor.page.inner_text("main")
        assert mentor.page.request.get(ics_url).status == 404

        # Sol is told calmly: the session is cancelled, naming nobody and no place.
        mentor.go("/notifications")
        newest = mentor.page.locator("#notification-list li .notification-text").first
        newest.wait_for()
        told = newest.inner_text()
        assert "cancel" in told.lower()
        assert SURVIVOR not in told and "Luna" not in told and PLACE not in told

        # Luna's calendar shows the session cancelled, with nothing to open: every session
        # with Sol is cancelled now (other browser tests may have left an earlier one).
        survivor.go("/calendar")
        item = survivor.page.locator("#calendar-items li", has_text=MENTOR)
        item.first.wait_for()
        assert item.locator(".pill-cancelled").count() == item.count() >= 1
        assert item.locator(f"a[href*='id={session_id}']").count() == 0
        assert fits_a_phone(survivor)
        screenshot(survivor, "survivor-calendar")

        # Her own copy of the page is closed too: the place belongs to an active mentorship.
        survivor.go(session_path)
        survivor.page.wait_for_selector("#session-message.notice-error")
        assert PLACE not in survivor.page.inner_text("main")
        assert survivor.console_errors == [] and mentor.console_errors == []
    finally:
        survivor.page.context.close()
        mentor.page.context.close()
