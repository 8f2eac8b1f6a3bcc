"""Small trust breakers (issue 13 item 12), at 390x844 with the real CSP: a new member
copies, downloads and prints her recovery codes and Account says how many are left; a
coordinator records work already done on a past shift, is told plainly when the end time
is before the start, and attendance for a shift still to come waits until it ends."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT, serious_accessibility_violations, sign_in
from tests.e2e.test_accounts import sign_up

PANTRY = "Community pantry helper"  # Coordinator Ash's; its next shift is held by Juniper
SMALL_TAPS = (
    "() => [...document.querySelectorAll('main button, main a.button, main select,"
    " main input:not([type=checkbox]):not([type=hidden])')].map(e => [e.textContent.trim()"
    " || e.name || e.id, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0"
    " && r.height < 44).map(([t]) => t)")


def in_view(locator) -> None:
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()


def csp_errors(visit) -> list[str]:
    return [e for e in visit.console_errors if "Content Security Policy" in e
            or "unsafe-eval" in e]


def test_a_new_members_codes_can_be_copied_downloaded_and_printed(visit):
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=visit.app.url)
    sign_up(visit, "Bright Comet")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 8

    page.click("#codes-copy")
    in_view(page.locator("#codes-copied", has_text="Copied."))
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(codes)

    with page.expect_download() as caught:
        page.click("#codes-download")
    download = caught.value
    assert download.suggested_filename == "recovery-codes.txt"
    saved = open(download.path(), encoding="utf-8").read()
    assert saved.startswith("Recovery codes. Each code works once.")
    assert [line for line in saved.splitlines()[2:] if line] == codes

    # Print: the button calls the browser's print (no eval, so the CSP lets it run) ...
    page.evaluate("() => { window.__printed = 0;"
                  " window.print = () => { window.__printed += 1; }; }")
    page.click("#codes-print")
    for _ in range(50):  # (wait_for_function would need eval, which the CSP refuses)
        if page.evaluate("window.__printed") >= 1:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__printed") == 1  # one tap, one print dialog
    # ... and on paper only the codes and their title show: no header, quick exit or buttons.
    page.emulate_media(media="print")
    expect(page.locator("#recovery-codes")).to_be_visible()
    expect(page.locator("text=Save your recovery codes")).to_be_visible()
    for hidden in ("[data-quick-exit]", "#codes-print", "#codes-copy", "header"):
        expect(page.locator(hidden).first).to_be_hidden()
    page.screenshot(path=str(OUTPUT / "codes-print-390x844.png"))
    page.emulate_media(media="screen")
    assert csp_errors(visit) == []

    # One code used to get back in: Account says seven are left.
    page.click("text=I saved them")
    page.wait_for_selector("text=Welcome back,")
    page.context.clear_cookies()
    visit.go("/recover")
    page.fill("#field-display_name", "Bright Comet")
    page.fill("#field-code", codes[0])
    page.fill("#field-new_passphrase", "a brand new passphrase for me")
    page.click("#recover-form button[type=submit]")
    page.wait_for_selector("text=Your passphrase is changed")
    visit.go("/account")
    left = page.locator("#codes-left")
    expect(left).to_have_text("You have 7 recovery codes left.")
    left.scroll_into_view_if_needed()
    in_view(left)
    assert page.locator("text=That is not many").count() == 0


def open_pantry_editor(visit) -> None:
    page = visit.page
    visit.go("/volunteer/coordinate")
    page.locator("#managed-opportunities a", has_text=PANTRY).click()
    page.wait_for_url(re.compile(r".*/volunteer/edit\?id=\d+$"))
    page.wait_for_selector("#opportunity-editor")


def add_shift(page, day: str, start: str, end: str, seats: str) -> None:
    page.fill("#new-shift-day", day)
    page.fill("#new-shift-start", start)
    page.fill("#new-shift-end", end)
    page.fill("#new-shift-seats", seats)
    page.click("#add-shift button[type=submit]")


def test_a_coordinator_records_hours_for_work_already_done(visit):
    page = visit.page
    sign_in(visit, "Coordinator Ash")
    open_pantry_editor(visit)
    hint = page.locator("text=Recording work already done?")
    hint.scroll_into_view_if_needed()
    in_view(hint)
    day = page.evaluate("new Date(Date.now() - 5 * 864e5).toISOString().slice(0, 10)")

    add_shift(page, day, "14:00", "13:00", "2")
    answer = page.locator("#add-shift-answer")
    expect(answer).to_contain_text("The end time is before the start time.")
    in_view(answer)
    assert "at most 12 hours long" not in answer.inner_text()
    page.screenshot(path=str(OUTPUT / "shift-end-before-start-390x844.png"))

    add_shift(page, day, "14:00", "17:00", "2")
    expect(answer).to_contain_text("Shift added.")
    in_view(answer)
    past = page.locator("#editor-shifts > li", has_text="0 of 2 seats taken").first
    past.get_by_role("link", name="Attendance and hours").click()
    page.wait_for_url(re.compile(r".*/volunteer/attendance\?shift=\d+$"))
    page.wait_for_selector("#add-attendee")
    assert page.locator("#attendance-opens").count() == 0

    page.fill("#add-attendee-name", "Survivor Maple")
    page.fill("#add-attendee-hours", "2.5")
    page.click("#add-attendee button[type=submit]")
    added = page.locator("#add-attendee-answer")
    expect(added).to_contain_text("Added, with hours waiting for approval.")
    in_view(added)
    row = page.locator("#roster > li", has_text="Survivor Maple")
    expect(row).to_contain_text("2.5")
    expect(row).to_contain_text("Waiting for approval")

    # Someone already on the shift is not added twice; the answer says where to look.
    page.fill("#add-attendee-name", "Survivor Maple")
    page.click("#add-attendee button[type=submit]")
    expect(added).to_contain_text("already on this shift")
    in_view(added)


def test_attendance_for_a_shift_still_to_come_waits_until_it_ends(audited_visit):
    visit, page = audited_visit, audited_visit.page
    sign_in(visit, "Coordinator Ash")
    open_pantry_editor(visit)
    upcoming = page.locator("#editor-shifts > li", has_text="1 of 1 seats taken").first
    upcoming.get_by_role("link", name="Attendance and hours").click()
    page.wait_for_url(re.compile(r".*/volunteer/attendance\?shift=\d+$"))
    note = page.locator("#attendance-opens")
    expect(note).to_contain_text("You can record attendance once the shift has ended, from")
    in_view(note)
    page.locator("#roster > li").first.wait_for()
    assert page.locator("#roster form").count() == 0
    assert page.locator("#add-attendee").count() == 0
    assert page.get_by_role("button", name="Approve all").count() == 0
    assert serious_accessibility_violations(page) == []

    # A shift that has ended (Survivor Willow's latest): the forms are there, tappable.
    open_pantry_editor(visit)
    ended = page.locator("#editor-shifts > li", has_text="1 of 6 seats taken").first
    ended.get_by_role("link", name="Attendance and hours").click()
    page.wait_for_url(re.compile(r".*/volunteer/attendance\?shift=\d+$"))
    page.wait_for_selector("#add-attendee")
    page.locator("#roster form").first.wait_for()
    assert page.locator("#attendance-opens").count() == 0
    assert page.evaluate(SMALL_TAPS) == []
    assert serious_accessibility_violations(page) == []


def test_the_codes_page_and_account_stay_accessible(audited_visit):
    visit, page = audited_visit, audited_visit.page
    sign_up(visit, "Calm Night Moth")
    assert page.evaluate(SMALL_TAPS) == []
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "codes-actions-390x844.png"), full_page=True)
    page.click("text=I saved them")
    page.wait_for_selector("text=Welcome back,")
    visit.go("/account")
    expect(page.locator("#codes-left")).to_have_text("You have 8 recovery codes left.")
    assert serious_accessibility_violations(page) == []
