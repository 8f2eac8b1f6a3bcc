"""Volunteering in a phone-sized Chromium, against the demo data: a member joins a full
shift's waitlist and is promoted when the member holding the seat cancels (in a second
browser); a coordinator plans a shift and approves hours; the CV download is neutral."""

from __future__ import annotations

import re

from tests.e2e.conftest import OUTPUT, open_visit, serious_accessibility_violations, sign_in

PANTRY = "Community pantry helper"  # its next shift has one seat, held by Mentor Juniper
TAP_CHECK = (
    "() => [...document.querySelectorAll('main button, main a.button, main a.resource-title,"
    " main a.volunteer-link, main select, main input:not([type=checkbox]):not([type=hidden]),"
    " main summary')].map(e => [e.textContent.trim() || e.name || e.id,"
    " e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height < 44)"
    ".map(([t]) => t)")


def open_pantry(visit) -> None:
    visit.go("/volunteer")
    visit.page.wait_for_selector(f"#volunteer-results li:has-text('{PANTRY}')")
    visit.page.locator("#volunteer-results a.resource-title", has_text=PANTRY).click()
    visit.page.wait_for_url(re.compile(r".*/volunteer/opportunity\?id=\d+$"))
    visit.page.wait_for_selector(f"#opportunity-title:has-text('{PANTRY}')")


def full_shift(visit):
    return visit.page.locator("#shift-list > li").first


def test_a_member_joins_a_full_shifts_waitlist_and_is_promoted_when_someone_cancels(
        browser, live_app, audited_visit):
    willow = audited_visit
    sign_in(willow, "Survivor Willow")
    open_pantry(willow)
    shift = full_shift(willow)
    assert "Full. 0 waiting." in shift.inner_text()
    shift.get_by_role("button", name="Join the waitlist").click()
    willow.page.wait_for_selector("text=you are on the waitlist: number 1")
    willow.page.wait_for_selector("#shift-list li:has-text('You are on the waitlist: number 1')")
    assert willow.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert willow.page.evaluate(TAP_CHECK) == []
    assert serious_accessibility_violations(willow.page) == []
    OUTPUT.mkdir(exist_ok=True)
    willow.page.screenshot(path=str(OUTPUT / "volunteer-waitlist-390x844.png"), full_page=True)

    # The member holding the seat cancels, in a browser of their own.
    juniper = open_visit(browser, live_app)
    try:
        sign_in(juniper, "Mentor Juniper")
        juniper.go("/volunteer/mine")
        mine = juniper.page.locator("#my-upcoming > li", has_text=PANTRY)
        mine.get_by_role("button", name="Cancel my place").click()
        juniper.page.wait_for_selector("text=Your place is cancelled")
        assert juniper.page.locator("#my-upcoming > li", has_text=PANTRY).count() == 0
    finally:
        juniper.page.context.close()

    # Willow now holds the seat, and was told.
    willow.go("/volunteer/mine")
    upcoming = willow.page.locator("#my-upcoming > li", has_text=PANTRY)
    upcoming.filter(has_text="You are signed up").wait_for()
    assert "waitlist" not in upcoming.inner_text()
    assert serious_accessibility_violations(willow.page) == []
    willow.page.screenshot(path=str(OUTPUT / "volunteer-mine-390x844.png"), full_page=True)
    willow.go("/notifications")
    willow.page.wait_for_selector("#notification-list")
    assert f"a seat opened up. You are now confirmed for {PANTRY}" in \
        willow.page.inner_text("#notification-list")


def test_the_cv_download_names_the_work_and_never_the_portal(visit):
    sign_in(visit, "Survivor Willow")
    visit.go("/volunteer/mine")
    visit.page.wait_for_selector("#hours-approved:has-text('Approved hours: 3')")
    assert visit.page.get_attribute("#download-pdf", "href") == "/volunteer/experience.pdf"
    pdf = visit.page.request.get(visit.app.url + "/volunteer/experience.pdf")
    csv = visit.page.request.get(visit.app.url + "/volunteer/experience.csv")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    assert PANTRY.encode() in csv.body()
    for body in (pdf.body(), csv.body()):
        assert not re.search(rb"lantern|surviv|traffick|willow", body, re.IGNORECASE)


def test_a_coordinator_plans_a_shift_and_approves_hours(audited_visit):
    visit, page = audited_visit, audited_visit.page
    sign_in(visit, "Coordinator Ash")
    visit.go("/volunteer/coordinate")
    page.wait_for_selector(f"#managed-opportunities li:has-text('{PANTRY}')")
    assert "Community garden day" not in page.inner_text("main")  # another organisation's
    page.locator("#managed-opportunities a", has_text=PANTRY).click()
    page.wait_for_url(re.compile(r".*/volunteer/edit\?id=\d+$"))
    page.wait_for_selector("#opportunity-editor")
    assert page.input_value("#opportunity-title") == PANTRY
    page.fill("#new-shift-day", "2030-01-01")  # too far ahead: a calm refusal
    page.fill("#new-shift-start", "09:00")
    page.fill("#new-shift-end", "11:00")
    page.fill("#new-shift-seats", "3")
    page.click("#add-shift button[type=submit]")
    page.wait_for_selector("text=at most about a year ahead")
    day = page.evaluate("new Date(Date.now() + 20 * 864e5).toISOString().slice(0, 10)")
    page.fill("#new-shift-day", day)
    page.fill("#new-shift-start", "09:00")
    page.fill("#new-shift-end", "11:00")
    page.fill("#new-shift-seats", "3")
    page.click("#add-shift button[type=submit]")
    page.wait_for_selector("text=Shift added.")
    page.wait_for_selector("#editor-shifts li:has-text('0 of 3 seats taken')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "volunteer-editor-390x844.png"), full_page=True)

    # Survivor Willow's most recent shift has hours waiting for approval.
    past = page.locator("#editor-shifts > li", has_text="1 of 6 seats taken").first
    past.get_by_role("link", name="Attendance and hours").click()
    page.wait_for_url(re.compile(r".*/volunteer/attendance\?shift=\d+$"))
    row = page.locator("#roster > li", has_text="Survivor Willow")
    row.filter(has_text="Waiting for approval").wait_for()
    assert page.evaluate(TAP_CHECK) == []
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "volunteer-attendance-390x844.png"), full_page=True)
    row.get_by_role("button", name="Approve hours").click()
    page.wait_for_selector("text=Hours approved.")
    page.locator("#roster > li", has_text="Survivor Willow").filter(
        has_text="Approved").wait_for()
