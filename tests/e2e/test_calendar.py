"""The calendar in a phone-sized Chromium: a mentor sets her hours, the survivor she is
matched with books a time on her own clock, both see it in their calendars, the survivor
cancels, then says she will come to a group meeting. (Demo data: Survivor Luna and Mentor
Sol are matched; both read Spanish, so the test finds things by id and by pseudonym,
never by wording.) Two sign-ins only: sign-ins per address are rate-limited."""

from __future__ import annotations

import re

from tests.e2e.conftest import OUTPUT, open_visit, serious_accessibility_violations, sign_in

SURVIVOR, MENTOR = "Survivor Luna", "Mentor Sol"


def fits_a_phone(visit) -> bool:
    return visit.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(visit, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / f"calendar-{name}-390x844.png"), full_page=True)


def check_page(visit, name: str) -> None:
    assert fits_a_phone(visit), name
    assert serious_accessibility_violations(visit.page) == [], name
    screenshot(visit, name)


def calendar_lists(visit, name: str) -> bool:
    visit.go("/calendar")
    visit.page.wait_for_selector("#calendar-items, #calendar-empty")
    return visit.page.locator("#calendar-items li", has_text=name).count() > 0


def test_mentor_sets_hours_survivor_books_both_see_it_and_she_cancels(browser, live_app):
    mentor = open_visit(browser, live_app, bypass_csp=True)
    survivor = open_visit(browser, live_app, bypass_csp=True)
    try:
        # The mentor adds Sunday morning hours on her own clock.
        sign_in(mentor, MENTOR)
        mentor.go("/calendar/availability")
        mentor.page.wait_for_selector("#window-form")
        mentor.page.select_option("#window-weekday", "6")
        mentor.page.fill("#window-start", "07:00")
        mentor.page.fill("#window-end", "08:30")
        mentor.page.click("#window-form button[type=submit]")
        mentor.page.wait_for_selector("#weekly-hours li:has-text('07:00–08:30')")
        assert "notice-ok" in mentor.page.get_attribute("#window-answer", "class")
        check_page(mentor, "availability")

        # A time that overlaps is refused in place, and nothing is added.
        mentor.page.fill("#window-start", "08:00")
        mentor.page.fill("#window-end", "09:00")
        mentor.page.click("#window-form button[type=submit]")
        mentor.page.wait_for_selector("#window-answer.notice-error")
        assert mentor.page.locator("#weekly-hours li:has-text('08:00–09:00')").count() == 0

        # The survivor books from her calendar: a day, a time, a way to meet.
        sign_in(survivor, SURVIVOR)
        survivor.go("/calendar")
        survivor.page.click(f"#book-with a:has-text('{MENTOR}')")
        survivor.wait_for_path("/calendar/book")
        survivor.wait_ready()
        survivor.page.wait_for_selector("#days button")
        assert MENTOR in survivor.page.inner_text("#booking-partner")
        assert "Denver" in survivor.page.inner_text("#booking-form")  # her own clock
        check_page(survivor, "booking")
        survivor.page.locator("#days button").nth(1).click()
        survivor.page.wait_for_selector("#days button[aria-pressed='true'] >> nth=0")
        survivor.page.locator("#times label").first.click()
        survivor.page.fill("#booking-details", "The video link from my messages")
        survivor.page.click("#booking-form button[type=submit]")
        survivor.wait_for_path("/calendar/session")
        survivor.wait_ready()
        survivor.page.wait_for_selector(f"#session-partner:has-text('{MENTOR}')")
        session_url = survivor.page.url
        session_id = re.search(r"[?&]id=(\d+)", session_url).group(1)
        check_page(survivor, "session")

        # The calendar file says nothing personal.
        ics = survivor.page.request.get(f"{live_app.url}/calendar/session.ics?id={session_id}")
        assert ics.status == 200 and "BEGIN:VCALENDAR" in ics.text()
        assert MENTOR not in ics.text() and SURVIVOR not in ics.text()
        assert "video link" not in ics.text()
        stranger = mentor.page.request.get(f"{live_app.url}/calendar/session.ics?id=999999")
        assert stranger.status == 404

        # Both see it in their calendars.
        assert calendar_lists(survivor, MENTOR)
        check_page(survivor, "my-calendar")
        assert calendar_lists(mentor, SURVIVOR)

        # The survivor cancels, with a reason; it leaves both calendars.
        survivor.page.goto(session_url)
        survivor.wait_ready()
        survivor.page.click("#cancel-step-open")
        survivor.page.fill("#cancel-reason", "Something came up at work")
        survivor.page.click("#confirm-cancel")
        survivor.page.wait_for_selector("#session-message.notice-ok")
        survivor.page.wait_for_selector("#session-status.notice")
        assert survivor.page.locator("#cancel-form").count() == 0
        assert not calendar_lists(survivor, MENTOR)
        assert not calendar_lists(mentor, SURVIVOR)

        # Group meetings: she says she'll come to her group's weekly check-in.
        survivor.go("/calendar/meetings")
        item = survivor.page.locator("#meetings > li").first
        item.wait_for()
        item.locator("button.button:not(.secondary)").first.click()
        item.locator(".rsvp-status").wait_for()
        check_page(survivor, "meetings")
        assert survivor.console_errors == [] and mentor.console_errors == []
    finally:
        survivor.page.context.close()
        mentor.page.context.close()

