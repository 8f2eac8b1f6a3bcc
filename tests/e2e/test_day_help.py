"""Help on a phone (390x844), issue 13 item 12: this deployment's crisis lines, the ten
questions a new member asks as disclosures, and a private "write to staff" form whose
message a site moderator reads in the queue and answers in the member's notifications.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import (
    OUTPUT,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

MAPLES_WORDS = "Someone from my old life found my number. I do not know what to do."
HERONS_REPLY = "Thank you for telling us. Block the number; your mentor can help you plan."


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 44) <= height


def test_help_shows_the_lines_and_the_questions_a_new_member_asks(tabs):
    visitor = tabs(audited=True)
    visitor.go("/help")
    page = visitor.page
    # The US set by default: call and text links that dial, each at least 44 px tall.
    for href in ("tel:18883737888", "sms:233733", "tel:988", "tel:911"):
        link = page.locator(f".crisis-list a[href='{href}']")
        assert link.count() == 1, href
        assert link.bounding_box()["height"] >= 44
    questions = page.locator("#help-questions details.faq-item")
    assert questions.count() == 10
    questions.first.scroll_into_view_if_needed()
    assert in_viewport(page, questions.first)
    assert "Who sees my name?" in questions.first.inner_text()
    # A question opens in place, with its answer and a link to where it is done.
    exit_question = page.locator("#help-questions details", has_text="quick exit")
    exit_question.locator("summary").click()
    answer = exit_question.locator("p")
    answer.wait_for()
    assert in_viewport(page, answer)
    assert "does not erase your browser history" in answer.inner_text()
    for summary in questions.locator("summary").all():
        assert summary.bounding_box()["height"] >= 44
    # A visitor is asked to sign in, and pointed to the lines.
    contact = page.locator("#contact-staff")
    contact.scroll_into_view_if_needed()
    assert "Sign in to write to staff" in contact.inner_text()
    assert contact.locator("textarea").count() == 0
    assert serious_accessibility_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "help-390x844.png"))


def test_a_member_writes_to_staff_and_reads_the_reply_in_her_notifications(tabs, live_app):
    maple = tabs(audited=True)
    sign_in(maple, "Survivor Maple")
    maple.go("/help")
    page = maple.page
    page.select_option("#contact-staff-topic", "safety")
    page.fill("#contact-staff-message", MAPLES_WORDS)
    send = page.get_by_role("button", name="Send to staff")
    send.scroll_into_view_if_needed()
    send.click()
    result = page.locator("#contact-staff-result")
    result.filter(has_text="A staff member will read this").wait_for()
    # The answer is beside the button she tapped, on screen, and read out.
    assert in_viewport(page, result)
    assert result.get_attribute("aria-live") == "polite"
    # Sent: the box empties (so the same words are not sent twice).
    expect(page.locator("#contact-staff-message")).to_have_value("", timeout=5000)
    assert serious_accessibility_violations(page) == []

    heron = tabs(audited=True)
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    item = heron.page.locator("article.queue-item", has_text=MAPLES_WORDS)
    item.wait_for()
    text = item.inner_text()
    assert "only site moderators see this" in text
    assert "Survivor Maple" in text
    assert "Wrote to staff: feeling unsafe" in text
    assert serious_accessibility_violations(heron.page) == []
    reply = item.locator("textarea[name=reply]")
    reply.scroll_into_view_if_needed()
    reply.fill(HERONS_REPLY)
    item.get_by_role("button", name="Send reply").click()
    heron.page.wait_for_selector("text=Your reply was sent to her notifications.")
    assert heron.page.locator("article.queue-item", has_text=MAPLES_WORDS).count() == 0

    maple.go("/notifications")
    notice = maple.page.locator("#notification-list li", has_text=HERONS_REPLY)
    notice.wait_for()
    assert in_viewport(maple.page, notice)
    assert "A staff member replied to your message" in notice.inner_text()
    maple.page.screenshot(path=str(OUTPUT / "help-staff-reply-390x844.png"))

    # A group's own moderator never sees it: only site staff (see the services test too).
    with app_database(live_app) as session:
        from sqlalchemy import select

        from portal.models import AuditEntry
        entries = session.execute(select(AuditEntry.action).where(
            AuditEntry.action == "moderation.staff_contact_reply")).scalars().all()
        assert entries
