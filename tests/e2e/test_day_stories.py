"""Stories on a phone (390x844), issue 18: Maple writes a story naming a city and a date,
sees both highlighted, replaces one, sends it; Heron approves, Admin Owl gives the second
approval a public story needs; Maple confirms the final text; a visitor reads it on
/voices without signing in; Maple takes it down and the visitor's reload shows it gone.

Every role plays in its own browser context. The story is deleted afterwards."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.e2e.conftest import (
    OUTPUT,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

TITLE = "The year I found my voice"
BODY = "In March 2015 I moved to Houston with nothing. Today I write this in a quiet room."


def _remove_story(live_app) -> None:
    from portal.models.stories import Story, StoryReview

    with app_database(live_app) as session:
        ids = session.execute(select(Story.id).where(Story.title == TITLE)).scalars().all()
        if ids:
            session.execute(delete(StoryReview).where(StoryReview.story_id.in_(ids)))
            session.execute(delete(Story).where(Story.id.in_(ids)))
            session.commit()


def test_maple_shares_a_story_two_moderators_approve_and_she_takes_it_down(tabs, live_app):
    _remove_story(live_app)
    try:
        maple = tabs(audited=True)
        sign_in(maple, "Survivor Maple")
        maple.go("/stories/new")
        page = maple.page
        page.fill("#story-title", TITLE)
        page.fill("#story-body", BODY)
        page.check("#story-audience-public")
        page.click("#story-form button[type=submit]")
        highlights = page.locator("#story-highlights li")
        highlights.first.wait_for()
        marked = page.locator("#story-safety-text mark")
        assert [text.split("\n")[0].strip() for text in marked.all_inner_texts()] == [
            "March 2015", "Houston"]
        assert serious_accessibility_violations(page) == []
        page.screenshot(path=str(OUTPUT / "stories-safety-read-390x844.png"))
        page.get_by_role("button", name="Replace with “a city”").click()
        page.wait_for_function(
            "() => document.querySelector('#story-safety-text').innerText"
            ".includes('moved to a city')")
        assert page.locator("#story-safety-text mark").count() == 1
        page.click("#story-submit")
        page.locator("#story-status").wait_for()

        for moderator in ("Moderator Heron", "Admin Owl"):
            tab = tabs(audited=True)
            sign_in(tab, moderator)
            tab.go("/stories/review")
            card = tab.page.locator("li.card", has_text=TITLE)
            card.wait_for()
            # Anonymous: the moderators never see who wrote it.
            assert "Maple" not in card.inner_text()
            assert card.locator("mark").first.inner_text().startswith("March 2015")
            if moderator == "Moderator Heron":
                assert serious_accessibility_violations(tab.page) == []
            card.get_by_role("button", name="Approve").click()
            if moderator == "Moderator Heron":  # one of two: it waits for a second
                card.get_by_text("You approved this.", exact=False).wait_for()
            else:  # approved by both: it leaves the queue and waits for Maple
                expect(tab.page.locator("li.card", has_text=TITLE)).to_have_count(0)

        visitor = tabs(audited=True)
        visitor.go("/voices")
        assert TITLE not in visitor.page.inner_text("main")  # not before Maple confirms

        maple.go("/stories/mine")
        mine = page.locator("li.card", has_text=TITLE)
        mine.get_by_role("button", name="Yes, share it").click()
        mine.get_by_text("Shared", exact=True).wait_for()

        visitor.go("/voices")
        story = visitor.page.locator("article", has_text=TITLE)
        story.wait_for()
        assert "Maple" not in story.inner_text()
        assert visitor.page.locator("main a[href^='/resources']").count() >= 1
        assert serious_accessibility_violations(visitor.page) == []
        visitor.page.screenshot(path=str(OUTPUT / "stories-voices-390x844.png"))

        mine.get_by_role("button", name="Take down everywhere").click()
        mine.get_by_text("Taken down", exact=True).wait_for()
        visitor.page.reload()
        visitor.wait_ready()
        assert TITLE not in visitor.page.inner_text("main")
    finally:
        _remove_story(live_app)
