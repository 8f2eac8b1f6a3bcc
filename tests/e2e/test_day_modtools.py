"""Moderators' tools on a phone (390x844), issue 13 items 3 (the moderator's side) and 10:
a care message after crisis words reaches the member in her language; watched words read
as words, with search, a test box and the new word shown where the moderator is; a
queued reply shows the post it answers; a group's moderators edit it and take a member
out (she loses access at once); mentor vetting has no pre-chosen decision.

Each test puts the demo data back as it found it (posts, items, notifications it made
are deleted; the group's words and the membership are restored)."""

from __future__ import annotations

from contextlib import contextmanager

from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.e2e.conftest import (
    OUTPUT,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

LUNAS_WORDS = "Hoy no puedo más. Quiero morir."
MAPLES_REPLY = "Me too. Some days are just too heavy to carry."


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 44) <= height


def _user(session, name):
    from portal.models import User
    return session.execute(select(User).where(User.display_name == name)).scalar_one()


def _group(session, name):
    from portal.models.groups import SupportGroup
    return session.execute(select(SupportGroup).where(SupportGroup.name == name)).scalar_one()


def answered_by(live_app, post_id: int) -> tuple[str, str]:
    """The post just before ``post_id`` in its thread that a moderator may see (visible,
    held or hidden), as (its author's name, "" when anonymous; its first words): what the
    queue shows it answers. Read here, since other browser tests may reply in the same
    demo thread before this one runs."""
    from portal.models import User
    from portal.models.groups import GroupPost

    with app_database(live_app) as session:
        thread_id = session.get(GroupPost, post_id).thread_id
        before = session.execute(
            select(GroupPost).where(GroupPost.thread_id == thread_id, GroupPost.id < post_id,
                                    GroupPost.status.in_(("visible", "held", "hidden")))
            .order_by(GroupPost.id.desc())).scalars().first()
        author = ("" if before.anonymous or before.author_id is None
                  else session.get(User, before.author_id).display_name)
        return author, " ".join(before.body.split())[:40]


@contextmanager
def posted(live_app, author, group_name, *, reply_to_title="", title="", body=""):
    """A post the member writes (through the same service the composer calls); deleted
    afterwards with its queue item and every notification it caused."""
    from portal.models.groups import GroupPost, GroupThread, ReviewQueueItem
    from portal.models.notifications import Notification
    from tests.factories.groups import reply_by, thread_by

    with app_database(live_app) as session:
        member = _user(session, author)
        group = _group(session, group_name)
        if reply_to_title:
            thread_id = session.execute(select(GroupThread.id).where(
                GroupThread.group_id == group.id,
                GroupThread.title == reply_to_title)).scalar_one()
            outcome = reply_by(session, member, thread_id, body=body)
        else:
            outcome = thread_by(session, member, group, title=title, body=body)
        post_id, member_id = outcome.post_id, member.id
        started = session.execute(select(Notification.id).order_by(Notification.id.desc())
                                  ).scalars().first() or 0
    try:
        yield post_id
    finally:
        with app_database(live_app) as session:
            post = session.get(GroupPost, post_id)
            thread = session.get(GroupThread, post.thread_id)
            session.execute(delete(ReviewQueueItem).where(ReviewQueueItem.post_id == post_id))
            session.execute(delete(Notification).where(Notification.id > started,
                                                       Notification.user_id == member_id))
            session.delete(post)
            if post.is_opening:
                session.delete(thread)
            session.commit()


def test_heron_sends_luna_a_care_message_she_reads_in_spanish(tabs, live_app):
    with posted(live_app, "Survivor Luna", "Grupo en español", title="Esta noche",
                body=LUNAS_WORDS):
        heron = tabs(audited=True)
        sign_in(heron, "Moderator Heron")
        heron.go("/moderation")
        page = heron.page
        item = page.locator("article.queue-item", has_text=LUNAS_WORDS)
        item.wait_for()
        guidance = item.locator(".care-panel")
        guidance.scroll_into_view_if_needed()
        assert in_viewport(page, guidance.get_by_role("heading", name="What to do now"))
        assert "Do not publish these words" in guidance.inner_text()
        # The choices read exactly as Luna will read them: in Spanish, with the lines.
        choice = guidance.locator("label", has_text="No estás sola.")
        assert "1-888-373-7888" in choice.inner_text()
        assert "Spanish" in guidance.inner_text()
        assert serious_accessibility_violations(page) == []
        choice.click()
        guidance.get_by_role("button", name="Send care message").click()
        sent = item.locator(".care-sent")
        sent.wait_for()
        # The form gave way to the "sent" line, and the panel is brought into view.
        expect(sent).to_be_in_viewport()
        # Sent once: the form is gone, so a second tap cannot send it again.
        assert item.get_by_role("button", name="Send care message").count() == 0
        page.screenshot(path=str(OUTPUT / "modtools-care-sent-390x844.png"))

        luna = tabs(audited=True)
        sign_in(luna, "Survivor Luna")
        luna.go("/notifications")
        note = luna.page.locator("#notification-list li", has_text="No estás sola.")
        note.wait_for()
        assert in_viewport(luna.page, note)
        assert "988" in note.inner_text() and "Quiero morir" not in note.inner_text()
        assert serious_accessibility_violations(luna.page) == []
        luna.page.screenshot(path=str(OUTPUT / "modtools-care-received-390x844.png"))
        with app_database(live_app) as session:
            from portal.models import AuditEntry
            assert session.execute(select(AuditEntry.id).where(
                AuditEntry.action == "moderation.care_sent")).first() is not None


def test_a_queued_reply_shows_the_post_it_answers(tabs, live_app):
    with posted(live_app, "Survivor Maple", "Morning check-in", reply_to_title="A heavy day",
                body=MAPLES_REPLY) as post_id:
        heron = tabs(audited=True)
        sign_in(heron, "Moderator Heron")
        heron.go("/moderation")
        page = heron.page
        item = page.locator("article.queue-item", has_text=MAPLES_REPLY)
        item.wait_for()
        context = item.locator(".thread-context")
        context.scroll_into_view_if_needed()
        assert in_viewport(page, context)
        text = " ".join(context.inner_text().split())
        author, words = answered_by(live_app, post_id)
        assert "Replying to" in text and author in text and words in text
        assert "Thread opened by" in text and "Today was hard." in text
        assert serious_accessibility_violations(page) == []


def test_watched_words_read_as_words_with_search_test_and_add_in_view(tabs, live_app):
    from portal.models.groups import WatchedWordEntry

    heron = tabs(audited=True)
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation/words")
    page = heron.page
    try:
        page.fill("#word-search", "die")
        page.get_by_role("button", name="Search", exact=True).click()
        listed = page.locator("#watched-words li", has_text="(want / wanna / wanted) (to )die")
        listed.wait_for()
        assert "\\b" not in page.locator("#watched-words").inner_text()
        page.fill("#word-test", "Send me money, I want to die")
        page.get_by_role("button", name="Test", exact=True).click()
        result = page.locator("#word-test-result")
        result.filter(has_text="These watched words match").wait_for()
        assert in_viewport(page, result)
        assert "send me money" in result.inner_text()
        page.fill("#word-pattern", "Bus station corner")
        page.select_option("#word-category", "personal_details")
        page.locator("#word-add").get_by_role("button", name="Add", exact=True).click()
        added = page.locator("#just-added", has_text="Bus station corner")
        added.wait_for()
        assert in_viewport(page, added)
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=str(OUTPUT / "modtools-words-390x844.png"))
    finally:
        with app_database(live_app) as session:
            session.execute(delete(WatchedWordEntry).where(
                WatchedWordEntry.pattern == "Bus station corner"))
            session.commit()


def test_a_group_is_edited_and_a_member_taken_out_loses_access_at_once(tabs, live_app):
    from portal.models.groups import GroupMembership
    from portal.models.notifications import Notification

    with app_database(live_app) as session:
        group = _group(session, "Finding work")
        group_id, purpose = group.id, group.purpose
        willow_id = _user(session, "Survivor Willow").id
    new_purpose = "Interviews, first jobs and training, one step at a time."
    willow = tabs(audited=True)
    sign_in(willow, "Survivor Willow")
    heron = tabs(audited=True)
    sign_in(heron, "Moderator Heron")
    try:
        heron.go(f"/groups/view?id={group_id}")
        heron.page.locator("#group-settings-link").click()
        heron.wait_for_path("/groups/settings")
        page = heron.page
        page.locator("#settings-purpose").wait_for()
        page.fill("#settings-purpose", new_purpose)
        page.locator("#group-settings-form").get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Saved. Members see the new words now.").wait_for()
        assert serious_accessibility_violations(page) == []

        willow.go(f"/groups/view?id={group_id}")
        expect(willow.page.get_by_text(new_purpose)).to_be_in_viewport()
        expect(willow.page.locator("#thread-list")).to_have_count(1)

        row = page.locator("#settings-members li", has_text="Survivor Willow")
        row.locator("summary").click()
        row.locator("input[name=reason]").fill("Asked to leave after repeated warnings")
        row.get_by_role("button", name="Yes, take her out").click()
        done = page.locator("#removal-result", has_text="She is no longer in this group")
        done.wait_for()
        expect(done).to_be_in_viewport()
        expect(page.locator("#settings-members li", has_text="Survivor Willow")).to_have_count(0)
        page.screenshot(path=str(OUTPUT / "modtools-group-settings-390x844.png"))

        willow.go(f"/groups/view?id={group_id}")
        expect(willow.page.locator("#group-name")).to_be_visible()
        expect(willow.page.locator("#thread-list")).to_have_count(0)
        willow.go("/notifications")
        note = willow.page.locator("#notification-list li",
                                   has_text="You are no longer a member of Finding work")
        note.wait_for()
        assert in_viewport(willow.page, note)
        assert "warnings" not in note.inner_text()
    finally:
        with app_database(live_app) as session:
            restored = _group(session, "Finding work")
            restored.purpose = purpose
            membership = session.execute(select(GroupMembership).where(
                GroupMembership.group_id == group_id,
                GroupMembership.user_id == willow_id)).scalar_one()
            membership.status, membership.role = "active", "member"
            session.execute(delete(Notification).where(
                Notification.user_id == willow_id, Notification.kind == "group_removal"))
            session.commit()


def test_mentor_vetting_has_no_default_decision(tabs):
    owl = tabs(audited=True)
    sign_in(owl, "Admin Owl")
    owl.go("/mentoring/staff")
    page = owl.page
    decision = page.locator("select[name=decision]").first
    decision.wait_for()
    expect(decision).to_have_value("")
    form = page.locator("form", has=decision)
    form.get_by_role("button", name="Save decision").click()
    error = form.locator(".form-error", has_text="Please choose a decision")
    error.wait_for()
    assert in_viewport(page, error)
    assert decision.get_attribute("aria-invalid") == "true"
    assert serious_accessibility_violations(page) == []
