"""Something fails that Lantern did not expect, in a real browser at 390x844.

Luna reads in Spanish and writes to Mentor Sol while the database refuses to store
messages (a trigger stands in for a database in trouble). She is told, in Spanish, over
whatever she is looking at, that it went wrong on our side; her words stay in the box;
once the database is back, the same tap sends them, Sol's open tab receives them, and
the notice is gone. The server's log names what failed and never what she wrote.
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select, text

from portal.models.mentoring import MentorMessage
from tests.e2e.conftest import app_database
from tests.e2e.test_live import LIVE_WAIT_MS, on_their_thread

OUTAGE = "lantern_test_outage"
HER_WORDS = "Quiet words for Sol only, 4417"


def _refuse_new_messages(live_app, refuse: bool) -> None:
    with app_database(live_app) as session:
        if refuse:
            session.execute(text(
                f"CREATE TRIGGER IF NOT EXISTS {OUTAGE} BEFORE INSERT ON mentor_messages "
                "BEGIN SELECT RAISE(ABORT, 'the disk is in trouble'); END"))
        else:
            session.execute(text(f"DROP TRIGGER IF EXISTS {OUTAGE}"))
        session.commit()


def _stored(live_app, body: str) -> int:
    with app_database(live_app) as session:
        return session.execute(select(func.count(MentorMessage.id))
                               .where(MentorMessage.body == body)).scalar_one()


def _choose(page, language: str) -> None:
    """Her page in ``language`` (the toggle names the other language)."""
    if page.locator(".app").get_attribute("lang") != language:
        page.locator("header .lang-toggle").click()
    expect(page.locator(".app")).to_have_attribute("lang", language)


def _send_while_refused(page, words: str):
    """She writes ``words`` and taps Send: her form, and where the notice appears."""
    form = page.locator("#compose-form")
    form.locator("textarea[name=body]").fill(words)
    form.locator("button[type=submit]").click()
    return form, page.locator("#trouble")


def test_a_failure_is_told_calmly_in_her_language_and_nothing_she_wrote_is_lost(
        tabs, live_app):
    _, (luna, sol) = on_their_thread(tabs, live_app, "Survivor Luna", "Mentor Sol")
    page = luna.page
    _choose(page, "es")
    _refuse_new_messages(live_app, True)
    try:
        form, notice = _send_while_refused(page, HER_WORDS)
        expect(notice).to_be_visible(timeout=LIVE_WAIT_MS)
        expect(notice).to_have_attribute("role", "alert")
        expect(notice).to_contain_text("Algo falló de nuestro lado, no del tuyo.")
        # Over whatever she is looking at: inside the screen, above the bottom bar.
        box, screen = notice.bounding_box(), page.viewport_size
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= screen["height"]
        close = notice.locator("button")
        assert close.bounding_box()["height"] >= 44
        # Her words are still in the box, and were never stored.
        expect(form.locator("textarea[name=body]")).to_have_value(HER_WORDS)
        assert _stored(live_app, HER_WORDS) == 0

        _refuse_new_messages(live_app, False)
        form.locator("button[type=submit]").click()  # the same tap, nothing retyped
        expect(page.locator("#messages")).to_contain_text(HER_WORDS, timeout=LIVE_WAIT_MS)
        expect(notice).to_have_count(0)
        expect(sol.page.locator("#messages")).to_contain_text(HER_WORDS,
                                                               timeout=LIVE_WAIT_MS)
        assert _stored(live_app, HER_WORDS) == 1  # once: the failed tap stored nothing
    finally:
        _refuse_new_messages(live_app, False)
        _choose(page, "en")  # her language back, as the demo had it

    log = (live_app.instance_dir / "server.log").read_text(errors="replace")
    assert "A handler failed unexpectedly" in log
    assert "sqlalchemy.exc.IntegrityError" in log
    assert HER_WORDS not in log and "4417" not in log
    assert "the disk is in trouble" not in log  # the database's own words stay out too


def test_closing_the_notice_takes_it_away(tabs, live_app):
    _, (luna,) = on_their_thread(tabs, live_app, "Survivor Luna")
    page = luna.page
    _choose(page, "en")
    _refuse_new_messages(live_app, True)
    try:
        form, notice = _send_while_refused(page, "Just checking in, 5120")
        expect(notice).to_contain_text("Something went wrong on our side, not yours.",
                                       timeout=LIVE_WAIT_MS)
        notice.get_by_role("button", name="Close").click()
        expect(notice).to_have_count(0)
        expect(form.locator("textarea[name=body]")).to_have_value("Just checking in, 5120")
    finally:
        _refuse_new_messages(live_app, False)
