"""Notifications for what matters (issue 15, item 2), on two phones at 390x844.

Mentor Sol writes to Survivor Luna from his phone; on hers, the notification list shows
"new messages" from him, never his words. She turns the messages kind off in her
settings; Sol's next message adds no notification at all.
"""

from __future__ import annotations

from sqlalchemy import func, select

from portal.i18n import translate
from tests.e2e.conftest import (
    OUTPUT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

FIRST_WORDS = "Hola Luna, the bakery called back about Tuesday"
SECOND_WORDS = "Also, bring the folder with your certificates"


def _luna_and_sol(live_app) -> tuple[int, str, str]:
    """The pair's active mentorship, Luna's language and the notice she should read."""
    from portal.models import User

    with app_database(live_app) as session:
        named = {u.display_name: u for u in session.execute(select(User)).scalars()}
        luna, sol = named["Survivor Luna"], named["Mentor Sol"]
        match_id = active_match_id(session, luna, sol)
        language = luna.language
    return match_id, language, translate(language, "notify.new_messages",
                                         from_member="Mentor Sol")


def _message_notices_for_luna(live_app) -> int:
    from portal.models import User
    from portal.models.notifications import Notification

    with app_database(live_app) as session:
        luna_id = session.execute(select(User.id).where(
            User.display_name == "Survivor Luna")).scalar_one()
        return session.execute(select(func.count(Notification.id)).where(
            Notification.user_id == luna_id, Notification.kind == "message")).scalar_one()


def _send(sol, match_id: int, words: str) -> None:
    sol.go(f"/mentoring/messages?match={match_id}")
    form = sol.page.locator("#compose-form")
    form.locator("textarea[name=body]").fill(words)
    form.locator("button[type=submit]").click()
    sol.page.locator("#messages li", has_text=words).wait_for()


def _open_notifications(luna) -> None:
    luna.go("/notifications")
    luna.page.wait_for_selector("#notification-kinds")


def _read_everything(luna) -> None:
    if luna.page.locator("#mark-all-read").count():
        luna.page.click("#mark-all-read")
        luna.page.wait_for_selector("#mark-all-read", state="detached")


def test_sols_message_notifies_luna_without_its_words_until_she_turns_messages_off(
        tabs, live_app):
    match_id, _language, notice = _luna_and_sol(live_app)
    luna = tabs(audited=True)
    sign_in(luna, "Survivor Luna")
    _open_notifications(luna)
    _read_everything(luna)  # what earlier tests left: nothing of it is unread now
    switch = luna.page.locator("#kind-message")
    assert switch.get_attribute("aria-checked") == "true"  # on until she says otherwise
    before = _message_notices_for_luna(live_app)

    sol = tabs()
    sign_in(sol, "Mentor Sol")
    _send(sol, match_id, FIRST_WORDS)

    _open_notifications(luna)
    unread = luna.page.locator("#notification-list li.notification-unread")
    unread.first.wait_for()
    assert unread.count() == 1
    assert notice in unread.first.inner_text()
    listing = luna.page.inner_text("#notification-list")
    assert FIRST_WORDS not in listing and "bakery" not in listing
    assert _message_notices_for_luna(live_app) == before + 1
    OUTPUT.mkdir(exist_ok=True)
    luna.page.screenshot(path=str(OUTPUT / "notify-new-messages-390x844.png"), full_page=True)

    # She reads it, then turns the messages kind off: a switch that saves at once.
    _read_everything(luna)
    box = switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    switch.click()
    luna.page.wait_for_selector("#kind-message[aria-checked='false']")
    assert luna.page.locator("#kinds [role=status]").count() == 1
    assert serious_accessibility_violations(luna.page) == []

    _send(sol, match_id, SECOND_WORDS)

    _open_notifications(luna)
    assert luna.page.locator("#kind-message").get_attribute("aria-checked") == "false"
    assert luna.page.locator("#notification-list li.notification-unread").count() == 0
    assert luna.page.locator("#mark-all-read").count() == 0
    assert SECOND_WORDS not in luna.page.inner_text("body")
    assert _message_notices_for_luna(live_app) == before + 1

    # Back on, for whoever comes next; the message itself reached her all the same.
    luna.page.click("#kind-message")
    luna.page.wait_for_selector("#kind-message[aria-checked='true']")
    luna.go(f"/mentoring/messages?match={match_id}")
    luna.page.locator("#messages li", has_text=SECOND_WORDS).wait_for()
