"""Her language, whatever it is (issue 16 item 6), at 390x844: a survivor who speaks only
Amharic is told kindly that no mentor speaks it yet, adds Khmer with the picker, and staff
see both languages in their mentoring list."""

from __future__ import annotations

from sqlalchemy import select

from portal.models import User
from tests.e2e.conftest import app_database, serious_accessibility_violations, sign_in
from tests.factories.accounts import PASSPHRASE
from tests.factories.mentoring import make_survivor

SELAM = "Survivor Selam"
STAFF = "Moderator Heron"


def selam_exists(app) -> None:
    with app_database(app) as session:
        if session.execute(select(User.id).where(User.display_name == SELAM)).first() is None:
            make_survivor(session, name=SELAM, languages=("am",))


def test_amharic_only_survivor_is_told_kindly_picks_khmer_and_staff_see_both(tabs, live_app):
    selam_exists(live_app)
    selam = tabs(audited=True)
    sign_in(selam, SELAM, PASSPHRASE)
    selam.go("/mentoring")
    note = selam.page.locator("#unmet-language")
    note.wait_for()
    assert "None of our mentors speaks Amharic yet." in note.inner_text()
    assert "Change my languages" in note.inner_text()

    selam.go("/mentoring/intake")
    picker = selam.page.locator("#intake-other-languages")
    picker.wait_for()
    assert selam.page.locator("label[for=intake-other-languages]").inner_text() == (
        "Other languages")
    assert picker.bounding_box()["height"] >= 44
    assert selam.page.locator("#intake-other-languages-names-en option").count() > 500
    assert serious_accessibility_violations(selam.page) == []
    picker.fill("Amharic, Khmer")
    selam.page.click("#intake-form button[type=submit]")
    selam.wait_for_path("/mentoring")
    selam.wait_ready()
    selam.page.wait_for_selector("#unmet-language:has-text('Amharic, Khmer')")

    heron = tabs()
    sign_in(heron, STAFF)
    heron.go("/mentoring/staff")
    rows = heron.page.locator("#unmet-languages")
    rows.wait_for()
    text = rows.inner_text()
    assert "Amharic:" in text and "asked for it" in text
    assert "Khmer:" in text
