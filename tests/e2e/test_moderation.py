"""Moderation in a phone-sized Chromium (390x844), each promise checked from the other side.

(a) Luna reports a message from her mentor Sol; Moderator Heron finds it in the review
queue with the messages before it, ends the mentorship, and Luna reads what happened.
(b) A queue longer than one page: on every page, after a decision shifts the list and
after a new item arrives, each "Edit, then approve" box holds its own item's text, and
an edit sent from page 2 changes the right post.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from portal.models import User
from portal.models.groups import GroupPost, ReviewQueueItem, SupportGroup
from portal.models.types import utcnow
from portal.services import mentoring
from tests.e2e.conftest import (
    OUTPUT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)
from tests.factories.accounts import actor_of
from tests.factories.groups import make_member, thread_by

SOLS_WORDS = "You owe me for all this help. Do not tell your case worker about our talks."
SEEDED = 25  # more than one page of the queue (20 a page) on top of the demo's own items


def member(session, name: str) -> User:
    return session.execute(select(User).where(User.display_name == name)).scalar_one()


# --- (a) a reported private message -------------------------------------------------------

def test_luna_reports_sols_message_and_a_moderator_acts_on_it(tabs, live_app):
    with app_database(live_app) as session:
        luna, sol = member(session, "Survivor Luna"), member(session, "Mentor Sol")
        match_id = active_match_id(session, luna, sol)  # the demo's own, or a new one
        for who, text in ((sol, "Hola Luna, how are the papers going?"),
                          (luna, "Slowly. The office wants more documents."),
                          (sol, SOLS_WORDS)):
            mentoring.send_message(session=session, actor=actor_of(who), match_id=match_id,
                                   body=text)

    luna_tab = tabs(audited=True)  # Luna reads Lantern in Spanish
    sign_in(luna_tab, "Survivor Luna")
    luna_tab.go(f"/mentoring/messages?match={match_id}")
    message = luna_tab.page.locator("#messages li", has_text=SOLS_WORDS)
    message.wait_for()
    message.locator("summary", has_text="Avisar a moderación").click()
    reason = message.locator("select[name=reason]")
    assert reason.input_value() == "unsafe"
    assert "Me siento en peligro" in reason.inner_text()
    assert serious_accessibility_violations(luna_tab.page) == []
    message.get_by_role("button", name="Enviar a moderación").click()
    luna_tab.page.wait_for_selector("text=Una persona de moderación lo revisará pronto")
    message.locator(".pill", has_text="Reportado").wait_for()
    OUTPUT.mkdir(exist_ok=True)
    luna_tab.page.screenshot(path=str(OUTPUT / "moderation-report-sent-390x844.png"))

    heron = tabs(audited=True)
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    item = heron.page.locator("article.queue-item", has_text=SOLS_WORDS)
    item.wait_for()
    assert serious_accessibility_violations(heron.page) == []
    text = item.inner_text()
    assert "Urgent" in text and "A private message was reported." in text
    assert "I feel unsafe, pressured or threatened" in text
    assert "Reported by Survivor Luna" in text
    assert "The office wants more documents." in text  # the message before it
    assert "Written by Mentor Sol" in text
    heron.page.screenshot(path=str(OUTPUT / "moderation-message-report-390x844.png"))
    assert item.get_by_role("button", name="End this mentorship").is_visible()
    # A warning (ending the demo's mentorship would take booking away from later tests;
    # ending a match from the queue is proven in tests/services/test_moderation_messages.py).
    item.locator("summary", has_text="Send a warning").click()
    item.locator("input[name=reason]").fill("Please never ask a mentee for anything back.")
    item.get_by_role("button", name="Send warning").click()
    heron.page.wait_for_selector("text=Warning sent.")
    assert heron.page.locator("article.queue-item", has_text=SOLS_WORDS).count() == 0

    luna_tab.go("/notifications")
    notice = luna_tab.page.locator("#notification-list li",
                                   has_text="revisó el mensaje que reportaste")
    notice.wait_for()
    assert "envió una advertencia" in notice.inner_text()
    luna_tab.page.screenshot(path=str(OUTPUT / "moderation-report-outcome-390x844.png"))

    # Crisis words in a private message: delivered, and support shows on Luna's screen only.
    luna_tab.go(f"/mentoring/messages?match={match_id}")
    assert luna_tab.page.locator("#crisis-support").count() == 0
    luna_tab.page.fill("#field-body", "Some nights I feel I can't go on.")
    luna_tab.page.click("#compose-form button[type=submit]")
    luna_tab.page.locator("#crisis-support").wait_for()
    assert "988" in luna_tab.page.inner_text("#crisis-support")
    luna_tab.page.locator("#messages li", has_text="I can't go on").wait_for()
    assert luna_tab.console_errors == [] and heron.console_errors == []


# --- (b) every edit box holds its own item's text ------------------------------------------

def seed_held_posts(session, count: int, *, start: int = 0) -> dict[str, int]:
    """``count`` new members' first posts, each waiting for review: body -> author id."""
    group = session.execute(
        select(SupportGroup).where(SupportGroup.name == "Morning check-in")).scalar_one()
    base = utcnow() - timedelta(hours=2)
    authors = {}
    for number in range(start, start + count):
        writer = make_member(session, group, name=f"Queue Member {number:02d}")
        body = f"Queue check {number:02d}: a morning note from member {number:02d}."
        thread_by(session, writer, group, title=f"Note {number:02d}", body=body,
                  now=base + timedelta(seconds=number))
        authors[body] = writer.id
    return authors


def assert_boxes_hold_their_own_text(page) -> int:
    """Every seeded item on the page: its edit box holds exactly the words shown above it."""
    articles = page.locator("#review-queue article.queue-item")
    checked = 0
    for index in range(articles.count()):
        article = articles.nth(index)
        shown = article.locator(".post-body")
        if shown.count() == 0:
            continue
        words = (shown.first.text_content() or "").strip()
        if not words.startswith("Queue check"):
            continue
        assert article.locator("textarea[name=body]").input_value() == words
        assert article.locator("input[name=content_warning]").input_value() == ""
        checked += 1
    assert checked > 0
    return checked


def turn_page(heron, label: str) -> None:
    first = heron.page.locator("#review-queue article.queue-item").first.inner_text()
    heron.page.get_by_role("button", name=label).click()
    heron.page.wait_for_function(
        "(before) => { const a = document.querySelector('#review-queue article');"
        " return a && a.innerText !== before; }", arg=first)
    heron.wait_ready()


def test_each_edit_box_holds_its_own_items_text_on_every_page(tabs, live_app):
    with app_database(live_app) as session:
        authors = seed_held_posts(session, SEEDED)
    try:
        heron = tabs()
        sign_in(heron, "Moderator Heron")
        heron.go("/moderation")
        heron.page.locator("#review-queue article.queue-item").first.wait_for()
        assert_boxes_hold_their_own_text(heron.page)

        turn_page(heron, "Next page")
        heron.page.get_by_role("button", name="Previous page").wait_for()
        assert_boxes_hold_their_own_text(heron.page)
        OUTPUT.mkdir(exist_ok=True)
        heron.page.screenshot(path=str(OUTPUT / "moderation-queue-page-2-390x844.png"))

        # An edit sent from page 2 changes the post shown above the box, and only it.
        target = heron.page.locator("#review-queue article.queue-item",
                                    has=heron.page.locator(".post-body",
                                                           has_text="Queue check")).first
        original = target.locator(".post-body").text_content().strip()
        edited = original.replace("a morning note", "an edited morning note")
        target.locator("summary", has_text="Edit, then approve").click()
        target.locator("textarea[name=body]").fill(edited)
        target.get_by_role("button", name="Save and publish").click()
        heron.page.wait_for_selector("text=Published.")
        assert_boxes_hold_their_own_text(heron.page)  # the list shifted under the boxes

        with app_database(live_app) as session:
            posts = {post.author_id: post for post in session.execute(
                select(GroupPost).where(GroupPost.author_id.in_(authors.values()))).scalars()}
            changed = posts[authors[original]]
            assert (changed.body, changed.status, changed.edited_by_moderator) == \
                (edited, "visible", True)
            for body, author_id in authors.items():
                if body != original:
                    assert (posts[author_id].body, posts[author_id].status) == (body, "held")

        # Hiding on page 1 shifts the list again; then a new urgent item arrives on top.
        turn_page(heron, "Previous page")
        assert_boxes_hold_their_own_text(heron.page)
        hidden = heron.page.locator("#review-queue article.queue-item",
                                    has=heron.page.locator(".post-body",
                                                           has_text="Queue check")).first
        hidden.get_by_role("button", name="Hide").click()
        heron.page.wait_for_selector("text=Hidden.")
        assert_boxes_hold_their_own_text(heron.page)

        with app_database(live_app) as session:
            authors.update(seed_held_posts(session, 1, start=SEEDED))
        turn_page(heron, "Next page")
        assert_boxes_hold_their_own_text(heron.page)
        turn_page(heron, "Previous page")
        assert_boxes_hold_their_own_text(heron.page)
        assert heron.console_errors == []
    finally:
        with app_database(live_app) as session:  # leave the demo queue as it was
            post_ids = select(GroupPost.id).where(GroupPost.author_id.in_(authors.values()))
            session.execute(update(ReviewQueueItem)
                            .where(ReviewQueueItem.post_id.in_(post_ids))
                            .values(resolved=True, outcome="test_cleanup"))
            session.commit()


def test_queue_pages_fit_a_phone(tabs):
    heron = tabs()
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    heron.page.wait_for_selector("#queue-summary")
    assert heron.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert re.search(r"Waiting:\s*\d+", heron.page.inner_text("#queue-summary"))
