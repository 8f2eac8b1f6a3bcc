"""Accounts in a phone-sized Chromium: sign-up with an invite, sign-in, sign-out, recovery."""

from __future__ import annotations

import re
import sqlite3

from portal.demo import DEMO_INVITE_CODE
from tests.e2e.conftest import (
    DEMO_PASSPHRASE,
    open_visit,
    serious_accessibility_violations,
    sign_in,
)

NEW_PASSPHRASE = "slow boats on a green river"


def session_cookie(visit) -> dict | None:
    cookies = visit.page.context.cookies()
    return next((c for c in cookies if c["name"] == "lantern_session"), None)


def sign_up(visit, name: str) -> None:
    visit.go("/sign-up")
    visit.page.fill("#field-invite_code", DEMO_INVITE_CODE.lower())
    visit.page.fill("#field-display_name", name)
    visit.page.fill("#field-passphrase", NEW_PASSPHRASE)
    visit.page.select_option("#field-timezone", "America/Chicago")
    visit.page.click("#sign-up-form button[type=submit]")
    visit.wait_for_path("/welcome")
    visit.page.wait_for_selector("#recovery-codes li")


def test_sign_up_with_an_invite_shows_eight_recovery_codes_once(visit):
    sign_up(visit, "Brave Heron")
    codes = visit.page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 8 and all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c)
                                   for c in codes)
    visit.page.click("text=I saved them")
    visit.page.wait_for_selector("text=Welcome back,")
    assert "Brave Heron" in visit.page.inner_text("main")
    # Visiting the welcome page again does not show the same codes.
    visit.go("/welcome")
    visit.page.wait_for_selector("text=You already have recovery codes")
    assert visit.page.locator("#recovery-codes").count() == 0


def test_sign_up_errors_appear_in_place_and_keep_what_was_typed(visit):
    visit.go("/sign-up")
    visit.page.fill("#field-invite_code", "AAAA-BBBB-CCCC")
    visit.page.fill("#field-display_name", "Calm Otter")
    visit.page.fill("#field-passphrase", NEW_PASSPHRASE)
    visit.page.click("#sign-up-form button[type=submit]")
    visit.page.wait_for_selector("#field-invite_code-error:has-text('invite code')")
    assert visit.page.input_value("#field-display_name") == "Calm Otter"
    assert visit.page.url.startswith(visit.app.url + "/sign-up")


def test_session_cookie_is_httponly_strict_and_invisible_to_scripts(visit):
    sign_in(visit, "Survivor Willow")
    cookie = session_cookie(visit)
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert "lantern_session" not in visit.page.evaluate("document.cookie")
    assert visit.page.evaluate("JSON.stringify(Object.assign({}, sessionStorage, localStorage))")\
        .find(cookie["value"]) == -1
    assert not any(cookie["value"] in url for url in visit.requests)


def test_sign_in_and_sign_out(visit):
    sign_in(visit, "Survivor Maple")
    assert "Survivor Maple" in visit.page.inner_text("main")
    visit.go("/account")
    visit.page.click("#sign-out-form button[type=submit]")
    visit.page.wait_for_selector("text=You are signed out")
    assert session_cookie(visit) is None
    visit.go("/account")
    visit.wait_for_path("/sign-in")


def test_wrong_passphrase_gets_a_calm_message(visit):
    visit.go("/sign-in")
    visit.page.fill("#field-display_name", "Survivor Maple")
    visit.page.fill("#field-passphrase", "not the right one at all")
    visit.page.click("#sign-in-form button[type=submit]")
    visit.page.wait_for_selector("[data-form-error]:has-text('do not match')")
    assert session_cookie(visit) is None


def test_recovery_with_a_code_sets_a_new_passphrase(visit, browser, live_app):
    sign_up(visit, "Quiet Ember")
    code = visit.page.locator("#recovery-codes li").first.inner_text()
    visit.page.click("text=I saved them")
    visit.page.wait_for_selector("text=Welcome back,")
    visit.page.context.clear_cookies()
    visit.go("/recover")
    visit.page.fill("#field-display_name", "Quiet Ember")
    visit.page.fill("#field-code", code)
    visit.page.fill("#field-new_passphrase", "a brand new passphrase")
    visit.page.click("#recover-form button[type=submit]")
    visit.page.wait_for_selector("text=Your passphrase is changed")
    assert session_cookie(visit) is not None
    visit.page.context.clear_cookies()
    sign_in(visit, "Quiet Ember", "a brand new passphrase")


def recovery_code_count(live_app, name: str) -> int:
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        return connection.execute(
            "SELECT count(*) FROM recovery_codes JOIN users ON users.id = recovery_codes.user_id"
            " WHERE users.display_name = ?", (name,)).fetchone()[0]


def test_a_phone_left_signed_in_cannot_make_new_codes_and_the_owner_is_told(browser, live_app):
    """Two contexts: the owner's own signed-in browser, and her phone in someone's hands."""
    owner = open_visit(browser, live_app)
    phone = open_visit(browser, live_app)
    try:
        sign_in(owner, "Survivor Willow")
        sign_in(phone, "Survivor Willow")
        # Someone holding the phone has her session cookie, not her passphrase.
        phone.go("/welcome")
        phone.page.wait_for_selector("#new-codes-form")
        assert phone.page.locator("#recovery-codes").count() == 0
        box = phone.page.locator("#new-codes-form button[type=submit]").bounding_box()
        assert box["height"] >= 44
        phone.page.fill("#codes-passphrase", "maybe her birthday")
        phone.page.click("#new-codes-form button[type=submit]")
        phone.page.wait_for_selector("#codes-message:has-text('does not match')")
        assert phone.page.locator("#recovery-codes").count() == 0
        assert phone.page.input_value("#codes-passphrase") == ""
        assert recovery_code_count(live_app, "Survivor Willow") == 0
        owner.go("/notifications")
        owner.page.wait_for_selector("#notification-list")
        assert "recovery codes were changed" not in owner.page.inner_text("#notification-list")

        # With her passphrase, new codes are made, and her other browser is told.
        phone.page.fill("#codes-passphrase", DEMO_PASSPHRASE)
        phone.page.click("#new-codes-form button[type=submit]")
        phone.page.wait_for_selector("#recovery-codes li")
        assert len(phone.page.locator("#recovery-codes li").all_inner_texts()) == 8
        assert recovery_code_count(live_app, "Survivor Willow") == 8
        owner.go("/notifications")
        owner.page.wait_for_selector("#notification-list li:has-text('Your recovery codes were"
                                     " changed')")
        assert owner.page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        owner.page.context.close()
        phone.page.context.close()


def test_account_pages_have_no_serious_accessibility_violations(audited_visit):
    sign_in(audited_visit, "Survivor Luna", DEMO_PASSPHRASE)
    for path in ("/account", "/welcome"):
        audited_visit.go(path)
        assert serious_accessibility_violations(audited_visit.page) == [], path


def test_staff_can_create_an_invite_and_see_the_audit_log(visit):
    sign_in(visit, "Admin Owl")
    visit.go("/staff")
    visit.page.fill("#invite-org", "Harbor House")
    visit.page.click("text=Create invite")
    visit.page.wait_for_selector("#new-invite-code")
    code = visit.page.inner_text("#new-invite-code")
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    # Plain words and the pseudonym, not the event code (issue 13 item 11).
    assert "Admin Owl · Created an invite" in visit.page.inner_text("#audit-log")


def test_a_member_cannot_use_staff_tools(visit):
    sign_in(visit, "Survivor Willow")
    visit.go("/staff")
    visit.page.wait_for_selector("text=not something this account can do")
    assert visit.page.locator("#audit-log").count() == 0
