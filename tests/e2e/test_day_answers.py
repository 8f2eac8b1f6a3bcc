"""Answers appear where the person is looking (issue 13, items 2 and 3, the member's side),
at 390x844 with the real CSP.

Every answer is drawn beside the control that caused it, scrolled into view, clear of the
bottom navigation and announced; sign-up shows every problem at once beside its field and
keeps what was typed; a report closes its form, is not offered twice and reaches the
moderators' queue; the shift form keeps what was typed after a refusal; after crisis
words, support stands in for the reply form, focus moves into it, and her words come back.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import OUTPUT, app_database, serious_accessibility_violations, sign_in
from tests.e2e.test_groups import GROUP, open_thread, start_thread

CRISIS_WORDS = "Some nights I feel I can't go on."
POST_TO_REPORT = "Drink some water and rest a little, everyone."


def seen_beside(page, answer) -> None:
    """Visible, in the viewport, not under the bottom navigation, and announced."""
    expect(answer).to_be_visible()
    expect(answer).to_be_in_viewport()
    box = answer.bounding_box()
    nav = page.locator(".bottom-nav").bounding_box()
    assert box is not None and nav is not None
    assert box["y"] + min(box["height"], 120) <= nav["y"], (box, nav)
    announced = (answer.get_attribute("aria-live") in ("polite", "assertive")
                 or answer.get_attribute("role") in ("status", "alert"))
    assert announced


def test_sign_up_shows_every_problem_beside_its_field_and_keeps_what_was_typed(tabs):
    visitor = tabs(audited=True)
    page = visitor.page
    visitor.go("/sign-up")
    visitor.wait_ready()
    # A code of the wrong shape is refused without using up one of this address's tries.
    page.fill("#field-invite_code", "abc")
    page.fill("#field-display_name", "x")
    page.fill("#field-passphrase", "short")
    page.click("#sign-up-form button[type=submit]")
    for name, words in (("invite_code", "invite code"), ("display_name", "at least 3"),
                        ("passphrase", "at least 10")):
        error = page.locator(f"#field-{name}-error")
        expect(error).to_contain_text(words)
        expect(error).to_be_visible()
        field = page.locator(f"#field-{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert f"field-{name}-error" in field.get_attribute("aria-describedby")
    # The first problem has focus and is in view, above the bottom navigation.
    expect(page.locator("#field-invite_code")).to_be_focused()
    first = page.locator("#field-invite_code-error")
    expect(first).to_be_in_viewport()
    nav = page.locator(".bottom-nav").bounding_box()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= nav["y"]
    assert page.input_value("#field-invite_code") == "abc"
    assert page.input_value("#field-display_name") == "x"
    assert page.input_value("#field-passphrase") == "short"
    assert re.search(r"/sign-up/?$", page.url)
    assert serious_accessibility_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "sign-up-all-errors-390x844.png"))


def test_a_reply_and_a_report_answer_beside_them_and_the_report_reaches_moderators(
        tabs, live_app):
    juniper = tabs()
    sign_in(juniper, "Mentor Juniper")
    href = start_thread(juniper, "Quick tips", POST_TO_REPORT)

    willow = tabs(audited=True)
    sign_in(willow, "Survivor Willow")
    open_thread(willow, href)
    page = willow.page
    page.fill("#reply-body", "Thank you for sharing.")
    page.click("#reply-form button[type=submit]")
    reply_answer = page.locator("#reply-answer")
    expect(reply_answer).not_to_be_empty()
    seen_beside(page, reply_answer)
    expect(page.locator("#reply-body")).to_have_value("")

    post = page.locator("article.post", has_text=POST_TO_REPORT)
    post.locator("summary", has_text="Report").click()
    post.locator("select[name=reason]").select_option("spam")
    post.locator("input[name=note]").fill("Selling something")
    post.get_by_role("button", name="Send to moderators").click()
    answer = post.locator("[data-answer]")
    expect(answer).to_contain_text("A moderator will look at it.")
    seen_beside(page, answer)
    # The form is gone with its note, and no second report is offered by accident.
    expect(post.locator("details.post-tool", has_text="Report")).to_have_count(0)
    expect(post.locator("input[name=note]")).to_have_count(0)
    expect(post.get_by_text("You reported this")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "report-answer-390x844.png"))
    page.reload()
    willow.wait_ready()
    post = page.locator("article.post", has_text=POST_TO_REPORT)
    post.wait_for()
    expect(post.locator("summary", has_text="Report")).to_have_count(0)

    # The moderator's side: the report is in the review queue.
    heron = tabs()
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    item = heron.page.locator("article.queue-item", has_text=POST_TO_REPORT)
    item.wait_for()
    with app_database(live_app) as session:
        from portal.models.groups import GroupPost, PostFlag

        flags = session.execute(
            select(PostFlag.reason).join(GroupPost, GroupPost.id == PostFlag.post_id)
            .where(GroupPost.body == POST_TO_REPORT)).scalars().all()
    assert flags == ["spam"]


def visible_thread(session, *, author: str, title: str, body: str) -> str:
    """A published thread in the demo's morning group, set straight in the database (a
    new member may start only one post every 30 seconds, and this scene needs none)."""
    from portal import routes
    from portal.domain.groups import PostStatus
    from portal.models import User
    from portal.models.groups import GroupPost, GroupThread, SupportGroup
    from portal.models.types import utcnow
    from portal.services.groups.transitions import set_post_status

    group = session.execute(select(SupportGroup).where(SupportGroup.name == GROUP)).scalar_one()
    writer = session.execute(select(User).where(User.display_name == author)).scalar_one()
    now = utcnow()
    thread = GroupThread(group_id=group.id, author_id=writer.id, title=title,
                         content_warning="", anonymous=False, status=PostStatus.HELD.value,
                         created_at=now, last_activity_at=now)
    session.add(thread)
    session.flush()
    post = GroupPost(thread_id=thread.id, group_id=group.id, author_id=writer.id,
                     is_opening=True, body=body, content_warning="", anonymous=False,
                     status=PostStatus.HELD.value, held_reasons="", urgent=False,
                     created_at=now)
    session.add(post)
    session.flush()
    set_post_status(session, post, thread, PostStatus.VISIBLE, now)
    session.commit()
    return routes.group_thread(thread.id)


def test_crisis_words_bring_support_where_she_is_and_her_words_come_back(tabs, live_app):
    with app_database(live_app) as session:
        href = visible_thread(session, author="Mentor Juniper", title="Evening thoughts",
                              body="How is everyone doing tonight?")

    # Someone who has not posted in this file (a new member waits 30 s between posts).
    sol = tabs(audited=True)
    sign_in(sol, "Mentor Sol")
    open_thread(sol, href)
    page = sol.page
    page.fill("#reply-body", CRISIS_WORDS)
    page.click("#reply-form button[type=submit]")
    support = page.locator("#crisis-support")
    support.wait_for()
    heading = page.locator("#crisis-heading")
    expect(heading).to_be_in_viewport()
    expect(heading).to_be_focused()
    assert page.evaluate(
        "() => !!document.activeElement.closest('#crisis-support')")
    assert support.locator("[role=alert]").count() >= 1
    assert "988" in support.inner_text()
    # Support stands in for the reply form (not drawn at the top, away from her).
    expect(page.locator("#reply-form")).to_have_count(0)
    nav = page.locator(".bottom-nav").bounding_box()
    assert heading.bounding_box()["y"] + heading.bounding_box()["height"] <= nav["y"]
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "crisis-in-place-390x844.png"))

    page.click("#back-to-my-words")
    expect(page.locator("#reply-body")).to_have_value(CRISIS_WORDS)
    expect(page.locator("#crisis-support")).to_have_count(0)


def test_a_refused_shift_answers_beside_the_form_and_keeps_what_was_typed(tabs):
    ash = tabs(audited=True)
    sign_in(ash, "Coordinator Ash")
    page = ash.page
    ash.go("/volunteer/coordinate")
    page.locator("#managed-opportunities a", has_text="Community pantry helper").click()
    page.wait_for_url(re.compile(r".*/volunteer/edit\?id=\d+$"))
    page.wait_for_selector("#add-shift")
    ash.wait_ready()
    day = page.evaluate("new Date(Date.now() + 9 * 864e5).toISOString().slice(0, 10)")
    page.fill("#new-shift-day", day)
    page.fill("#new-shift-start", "14:00")
    page.fill("#new-shift-end", "13:00")
    page.fill("#new-shift-seats", "3")
    page.click("#add-shift button[type=submit]")
    answer = page.locator("#add-shift-answer")
    expect(answer).to_contain_text("The end time is before the start time.")
    seen_beside(page, answer)
    expect(answer).to_have_attribute("role", "alert")
    assert page.input_value("#new-shift-day") == day
    assert page.input_value("#new-shift-start") == "14:00"
    assert page.input_value("#new-shift-end") == "13:00"
    assert page.input_value("#new-shift-seats") == "3"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=str(OUTPUT / "shift-kept-390x844.png"))


def test_availability_answers_beside_the_form(tabs):
    sol = tabs(audited=True)
    sign_in(sol, "Mentor Sol")
    page = sol.page
    sol.go("/calendar/availability")
    page.wait_for_selector("#window-form")
    sol.wait_ready()
    page.fill("#window-start", "10:00")
    page.fill("#window-end", "09:00")
    page.click("#window-form button[type=submit]")
    answer = page.locator("#window-answer")
    expect(answer).not_to_be_empty()
    expect(answer).to_have_class(re.compile(r"notice-error"))
    seen_beside(page, answer)
    expect(page.locator("#availability-message")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
