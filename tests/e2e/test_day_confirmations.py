"""One tap that cannot be undone asks once more (issue 13 item 6), on two phones.

Admin Owl suspends a member from /staff: Suspend opens a step in the page that asks for a
reason; only then is the member suspended, and the reason is in the audit log. On the
member's own phone, signing in with her right passphrase shows, where she is looking,
that her account is paused and whom to talk to, never the reason; a wrong passphrase
still says only that the nickname and passphrase do not match. The admin's own row
offers no Suspend. A moderator removing a watched word is asked once more as well.
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlmodel import Session

from portal.models.groups import WatchedWordEntry
from tests.e2e.conftest import OUTPUT, open_visit, serious_accessibility_violations, sign_in
from tests.factories.accounts import PASSPHRASE, make_user

ADMIN = "Admin Owl"
MEMBER = "Survivor Rowan"
REASON = "Asked two members for their home addresses"
PAUSED = "Your account is paused for now. Please talk to the staff member or organisation"
WRONG = "That nickname and passphrase do not match"


def screenshot(visit, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / f"confirmations-{name}-390x844.png"))


def find_on_staff_page(admin, search: str):
    admin.go("/staff")
    admin.page.fill("#member-search", search)
    admin.page.press("#member-search", "Enter")
    # The list has answered the search (only matching members are left) before a row is
    # used: a row opened while the first page was still shown would be replaced under it.
    rows = admin.page.locator("#member-list > li")
    expect(rows.filter(has_not_text=search)).to_have_count(0)
    expect(rows.filter(has_text=search).first).to_be_visible()
    return rows.filter(has_text=search).first


def try_to_sign_in(phone, name: str, passphrase: str):
    phone.go("/sign-in")
    phone.page.fill("#field-display_name", name)
    phone.page.fill("#field-passphrase", passphrase)
    phone.page.click("#sign-in-form button[type=submit]")
    return phone.page.locator("#sign-in-form [data-form-error]")


def test_an_admin_suspends_with_a_reason_and_the_member_reads_that_she_is_paused(
        browser, live_app):
    engine = create_engine(live_app.env["LANTERN_DATABASE_URL"])
    with Session(engine) as session:
        make_user(session, name=MEMBER)
    admin = open_visit(browser, live_app)
    member = open_visit(browser, live_app)
    try:
        sign_in(admin, ADMIN)
        row = find_on_staff_page(admin, MEMBER)
        expect(row.locator(".pill")).to_have_text("active")

        # One tap only opens the step: it asks why, and nothing has happened yet.
        row.locator("summary", has_text="Suspend").click()
        reason = row.locator("input[name=reason]")
        expect(reason).to_be_in_viewport()
        expect(row.locator("text=never your reason")).to_be_visible()
        confirm = row.locator("button[type=submit]", has_text="Yes, suspend")
        confirm.click()  # no reason typed: the form does not go
        expect(row.locator(".pill")).to_have_text("active")

        reason.fill(REASON)
        confirm.click()
        expect(row.locator(".pill")).to_have_text("suspended")
        expect(row.locator(".pill")).to_be_in_viewport()
        expect(admin.page.locator("#audit-log")).to_contain_text(REASON)
        screenshot(admin, "admin-suspended")

        # Her phone: a wrong passphrase says what it always says, nothing about a pause.
        error = try_to_sign_in(member, MEMBER, "not the right passphrase at all")
        expect(error).to_contain_text(WRONG)
        expect(error).not_to_contain_text("paused")
        # Her own passphrase: calmly paused, whom to talk to, never the reason.
        error = try_to_sign_in(member, MEMBER, PASSPHRASE)
        expect(error).to_contain_text(PAUSED)
        expect(error).to_be_in_viewport()
        assert REASON not in member.page.inner_text("body")
        assert "/sign-in" in member.page.url
        screenshot(member, "member-paused")
    finally:
        admin.page.context.close()
        member.page.context.close()


def test_the_admins_own_row_offers_no_suspend(audited_visit):
    visit = audited_visit
    sign_in(visit, ADMIN)
    own = find_on_staff_page(visit, ADMIN)
    own.locator("text=This is you.").scroll_into_view_if_needed()  # as she scrolls to it
    expect(own.locator("text=This is you.")).to_be_in_viewport()
    expect(own.locator("summary", has_text="Suspend")).to_have_count(0)
    expect(own.locator("button", has_text="Sign them out everywhere")).to_have_count(0)
    other = find_on_staff_page(visit, "Moderator Heron")
    other.locator("summary", has_text="Suspend").click()
    expect(other.locator("input[name=reason]")).to_be_in_viewport()
    assert serious_accessibility_violations(visit.page) == []


def test_removing_a_watched_word_asks_once_more(visit):
    # A word of this test's own, sorted first (crisis, then a digit), so no other test's
    # watched words are touched.
    pattern = "0 lantern confirmation test phrase"
    engine = create_engine(visit.app.env["LANTERN_DATABASE_URL"])
    with Session(engine) as session:
        session.add(WatchedWordEntry(pattern=pattern, category="crisis", is_regex=False))
        session.commit()
    sign_in(visit, "Moderator Heron")
    visit.go("/moderation/words")
    item = visit.page.locator("#watched-words li", has_text=pattern)
    item.locator("summary", has_text="Remove").click()
    expect(item.locator("input[name=reason]")).to_be_in_viewport()
    expect(item).to_have_count(1)  # opening the step removed nothing
    item.locator("input[name=reason]").fill("Too broad for this community")
    item.locator("button[type=submit]", has_text="Yes, remove").click()
    expect(visit.page.locator("#watched-words li", has_text=pattern)).to_have_count(0)


def test_a_mentor_says_no_only_after_a_second_tap_and_the_survivor_sees_other_mentors(
        browser, live_app):
    from portal.services import mentoring
    from tests.factories.accounts import actor_of
    from tests.factories.mentoring import make_mentor, make_survivor

    mentor_name, survivor_name = "Mentor Alder", "Survivor Hazel"
    engine = create_engine(live_app.env["LANTERN_DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        alder = make_mentor(session, name=mentor_name)
        hazel = make_survivor(session, name=survivor_name)
        mentoring.send_request(session=session, actor=actor_of(hazel), mentor_id=alder.id,
                               note="Could you help me with a job interview?")
    mentor = open_visit(browser, live_app, bypass_csp=True)  # for axe-core only
    survivor = open_visit(browser, live_app)
    try:
        sign_in(mentor, mentor_name, PASSPHRASE)
        mentor.go("/mentoring/desk")
        request = mentor.page.locator("#incoming > li", has_text=survivor_name)
        request.locator("summary", has_text="Not this time").click()
        confirm = request.locator("button", has_text="Yes, say no")
        expect(confirm).to_be_in_viewport()
        expect(request).to_have_count(1)  # opening the step declined nothing
        assert serious_accessibility_violations(mentor.page) == []
        confirm.click()
        expect(mentor.page.locator("#incoming > li", has_text=survivor_name)).to_have_count(0)

        sign_in(survivor, survivor_name, PASSPHRASE)
        survivor.go("/mentoring")
        sent = survivor.page.locator("#sent-requests li", has_text=mentor_name)
        sent.scroll_into_view_if_needed()
        expect(sent).to_contain_text("Not this time. Other mentors are suggested below.")
        expect(sent).to_be_in_viewport()
    finally:
        mentor.page.context.close()
        survivor.page.context.close()
