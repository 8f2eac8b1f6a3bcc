"""Mentoring in a phone-sized Chromium: a survivor asks a suggested mentor, the mentor
accepts, they exchange messages, and the survivor ends the mentorship calmly."""

from __future__ import annotations

from tests.e2e.conftest import OUTPUT, open_visit, serious_accessibility_violations, sign_in

SURVIVOR = "Survivor Maple"


def no_sideways_scroll(visit) -> bool:
    return visit.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(visit, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / f"mentoring-{name}-390x844.png"), full_page=True)


def open_thread_from(visit, list_selector: str) -> None:
    visit.page.click(f"{list_selector} li >> text=Open messages")
    visit.wait_for_path("/mentoring/messages")
    visit.wait_ready()
    visit.page.wait_for_selector("#partner-name")


def test_a_survivor_asks_a_suggested_mentor_they_talk_and_she_ends_it(audited_visit, browser,
                                                                       live_app):
    survivor = audited_visit
    sign_in(survivor, SURVIVOR)
    survivor.go("/mentoring")
    first = survivor.page.locator("#suggestions > li").first
    first.wait_for()
    mentor_name = first.locator("h3").inner_text()
    assert first.locator(".reasons li").count() >= 2
    assert "Can help with" in first.locator(".reasons").inner_text()
    assert no_sideways_scroll(survivor)
    assert serious_accessibility_violations(survivor.page) == []
    screenshot(survivor, "suggestions")

    first.locator("text=See profile and ask").click()
    survivor.wait_for_path("/mentoring/mentor")
    survivor.wait_ready()
    survivor.page.wait_for_selector(f"#mentor-name:has-text('{mentor_name}')")
    survivor.page.fill("#field-note", "Hello! I'd like help finding a safe place to live.")
    survivor.page.click("#request-form button[type=submit]")
    survivor.wait_for_path("/mentoring")
    survivor.wait_ready()
    survivor.page.wait_for_selector("text=Your request is on its way")
    assert "Waiting for an answer" in survivor.page.inner_text("#sent-requests")

    mentor = open_visit(browser, live_app, bypass_csp=True)
    try:
        sign_in(mentor, mentor_name)
        mentor.go("/mentoring/desk")
        request = mentor.page.locator(f"#incoming > li:has-text('{SURVIVOR}')")
        request.wait_for()
        assert "safe place to live" in request.inner_text()
        assert serious_accessibility_violations(mentor.page) == []
        request.locator("button:has-text('Accept')").click()
        mentor.page.wait_for_selector(f"#mentees li:has-text('{SURVIVOR}')")
        open_thread_from(mentor, "#mentees")
        mentor.page.fill("#field-body", "Welcome, Maple. I'm glad you reached out.")
        mentor.page.click("#compose-form button[type=submit]")
        mentor.page.wait_for_selector("#messages li:has-text('glad you reached out')")

        survivor.go("/mentoring")
        survivor.page.wait_for_selector(f"#my-mentors li:has-text('{mentor_name}')")
        open_thread_from(survivor, "#my-mentors")
        survivor.page.wait_for_selector("#messages li:has-text('glad you reached out')")
        survivor.page.fill("#field-body", "Thank you. <b>Could we talk</b> on Tuesday?")
        survivor.page.click("#compose-form button[type=submit]")
        reply = survivor.page.locator("#messages li:has-text('Could we talk')")
        reply.wait_for()
        assert reply.locator("b").count() == 0  # text only, never HTML
        assert no_sideways_scroll(survivor)
        assert serious_accessibility_violations(survivor.page) == []
        screenshot(survivor, "messages")

        mentor.page.click("text=Check for new messages")
        # What she typed is what he reads: the tags stay as text, never HTML.
        typed = "Thank you. <b>Could we talk</b> on Tuesday?"
        mentor.page.locator("#messages li", has_text=typed).wait_for()
        assert mentor.page.locator("#messages li b").count() == 0

        survivor.page.click("summary:has-text('End this mentorship')")
        # An optional reason, "I'd rather not say" chosen already; who sees it is said.
        assert survivor.page.is_checked("#end-reason-unsaid")
        survivor.page.wait_for_selector(
            "#end-reason-hint:has-text('Your mentor is not told your reason')")
        assert serious_accessibility_violations(survivor.page) == []
        survivor.page.click("label[for=end-reason-busy]")
        survivor.page.click("#confirm-end")
        survivor.page.wait_for_selector("#ended-notice:has-text('You ended this mentorship.')")
        assert survivor.page.locator("#compose-form").count() == 0
        assert survivor.page.locator("#messages li").count() == 2  # still readable

        mentor.page.click("text=Check for new messages")
        mentor.page.wait_for_selector("#ended-notice:has-text('This mentorship has ended.')")
        assert mentor.page.locator("#compose-form").count() == 0
        assert "Life got busy" not in mentor.page.content()  # her reason is never his
        mentor.go("/notifications")
        mentor.wait_ready()
        assert "Life got busy" not in mentor.page.content()
        assert survivor.console_errors == [] and mentor.console_errors == []
    finally:
        mentor.page.context.close()


def check_page(visit, path: str, ready_selector: str) -> None:
    visit.go(path)
    visit.page.wait_for_selector(ready_selector)
    assert no_sideways_scroll(visit), path
    assert serious_accessibility_violations(visit.page) == [], path


def test_every_mentoring_page_fits_a_phone_and_has_no_serious_accessibility_issue(
        browser, live_app):
    survivor = open_visit(browser, live_app, bypass_csp=True)
    try:
        sign_in(survivor, "Survivor Willow")
        check_page(survivor, "/mentoring/intake", "#intake-form")
        survivor.page.check("#goal-parenting")
        survivor.page.click("#intake-form button[type=submit]")
        survivor.wait_for_path("/mentoring")
        survivor.page.wait_for_selector("text=Your answers are saved")
        check_page(survivor, "/mentoring/find", "#found-mentors li")
        survivor.page.click("#found-mentors li >> nth=0 >> text=See profile")
        survivor.wait_for_path("/mentoring/mentor")
        survivor.wait_ready()
        survivor.page.wait_for_selector("#request-form")
        assert no_sideways_scroll(survivor)
        assert serious_accessibility_violations(survivor.page) == []
    finally:
        survivor.page.context.close()

    mentor = open_visit(browser, live_app, bypass_csp=True)
    try:
        sign_in(mentor, "Mentor River")
        check_page(mentor, "/mentoring/desk", "#capacity")
        check_page(mentor, "/mentoring/apply", "#application-form")
        assert "approved" in mentor.page.inner_text("#application-status")
    finally:
        mentor.page.context.close()

    staff = open_visit(browser, live_app, bypass_csp=True)
    try:
        sign_in(staff, "Moderator Heron")
        check_page(staff, "/mentoring/staff", "#vetting-queue li:has-text('Applicant Fern')")
        screenshot(staff, "vetting")
        fern = staff.page.locator("#vetting-queue li:has-text('Applicant Fern')")
        fern.locator("select").select_option("approve")
        fern.locator("button[type=submit]").click()
        staff.page.wait_for_selector("text=Decision saved.")
        staff.page.wait_for_selector("text=No applications are waiting.")
        staff.page.click("text=Make a new proposal")
        staff.page.wait_for_selector("text=A proposal is ready for your review.")
        assert no_sideways_scroll(staff)
    finally:
        staff.page.context.close()
