"""An approved mentor's edits wait for review, proven on three phones: Mentor River
changes his bio and is told it waits; on Survivor Willow's phone his profile still shows
the approved bio; Moderator Heron sees the change in the vetting queue and approves it;
only then does Willow see the new bio."""

from __future__ import annotations

import sqlite3

from tests.e2e.conftest import OUTPUT, open_visit, sign_in

MENTOR, SURVIVOR, STAFF = "Mentor River", "Survivor Willow", "Moderator Heron"
OLD_BIO = "I started a bike repair shop"
NEW_BIO = "I also help people plan their first month of work."


def user_id(live_app, name: str) -> int:
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        return connection.execute("SELECT id FROM users WHERE display_name = ?",
                                  (name,)).fetchone()[0]


def profile_text(visit, mentor_id: int) -> str:
    visit.go(f"/mentoring/mentor?id={mentor_id}")
    visit.page.wait_for_selector(f"#mentor-name:has-text('{MENTOR}')")
    return visit.page.inner_text("main")


def test_a_mentors_edit_waits_for_review_while_survivors_see_the_approved_profile(
        browser, live_app):
    mentor = open_visit(browser, live_app)
    survivor = open_visit(browser, live_app)
    staff = open_visit(browser, live_app)
    river = user_id(live_app, MENTOR)
    try:
        sign_in(mentor, MENTOR)
        mentor.go("/mentoring/apply")
        mentor.page.wait_for_selector("#application-form")
        mentor.page.fill("#field-bio", NEW_BIO)
        mentor.page.click("#application-form button[type=submit]")
        waiting = mentor.page.locator("#changes-status")
        waiting.wait_for()
        assert "waiting for review" in waiting.inner_text()
        assert "current profile stays visible" in waiting.inner_text()
        OUTPUT.mkdir(exist_ok=True)
        mentor.page.screenshot(path=str(OUTPUT / "profile-edit-waiting-390x844.png"),
                               full_page=True)

        sign_in(survivor, SURVIVOR)
        shown = profile_text(survivor, river)
        assert OLD_BIO in shown and NEW_BIO not in shown

        sign_in(staff, STAFF)
        staff.go("/mentoring/staff")
        item = staff.page.locator("#vetting-queue > li", has_text=MENTOR)
        item.wait_for()
        assert NEW_BIO in item.inner_text()
        item.locator("select[name=decision]").select_option("approve")
        item.locator("button[type=submit]").click()
        item.wait_for(state="detached")  # (Applicant Fern's application stays waiting)

        shown = profile_text(survivor, river)
        assert NEW_BIO in shown and OLD_BIO not in shown
        mentor.go("/mentoring/apply")
        mentor.page.wait_for_selector("#application-form")
        assert mentor.page.locator("#changes-status").count() == 0
        assert mentor.console_errors == [] and survivor.console_errors == []
        assert staff.console_errors == []
    finally:
        for visit in (mentor, survivor, staff):
            visit.page.context.close()
