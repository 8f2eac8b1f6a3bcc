"""Issue 18, items 4 and 6 through the handlers: a mentor links her story from her
profile on /stories/mine and a survivor finds "Read her story" on that profile; a
story's own Voices page shows one public story to anyone; garbage changes nothing."""

from __future__ import annotations

import pytest

from portal import routes
from portal.services.stories import review, writing
from portal.state.mentoring import MentoringState
from portal.state.stories import MyStoriesState, StoriesState, VoicesState
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"id": 1}, ["1"], "1; DROP TABLE users", 2**31, True]


def browser_of(app_db, user) -> Browser:
    return Browser.with_token(token_for(app_db, user))


def published(session, author, **fields):
    values = {"title": "From there to here", "body": "I found work again.",
              "audience": "members", "signature": "pseudonym"} | fields
    story = writing.save_story(session=session, actor=actor_of(author), **values)
    writing.submit_story(session=session, actor=actor_of(author), story_id=story.id)
    for _ in range(2 if values["audience"] == "public" else 1):
        moderator = make_user(session, roles=("moderator",))
        review.approve_story(session=session, actor=actor_of(moderator), story_id=story.id)
    return writing.confirm_story(session=session, actor=actor_of(author), story_id=story.id)


def profile_link(survivor: Browser, mentor_id: int) -> tuple[str, str]:
    survivor.open(routes.MENTORING_MENTOR, {"id": str(mentor_id)})
    survivor.call(MentoringState, "load_mentor_profile")
    state = survivor.state(MentoringState)
    assert state.mentor["id"] == mentor_id  # the profile itself loaded
    return state.mentor_story_href, state.mentor_story_title


def test_mentor_links_her_story_and_the_survivor_reads_it_from_her_profile(app_db):
    rowan_user = make_mentor(app_db, name="Rowan")
    story = published(app_db, rowan_user)
    hidden = published(app_db, rowan_user, title="Unsigned", signature="anonymous")
    rowan = browser_of(app_db, rowan_user)
    maple = browser_of(app_db, make_survivor(app_db, name="Maple"))

    rowan.call(MyStoriesState, "load_my_stories")
    mine = rowan.state(MyStoriesState)
    assert mine.linkable_ids == [story.id] and mine.linked_id == 0
    assert profile_link(maple, rowan_user.id) == ("", "")

    rowan.call(MyStoriesState, "link_story_to_profile", hidden.id)
    assert mine.linked_id == 0 and mine.page_message_tone == "error"
    rowan.call(MyStoriesState, "link_story_to_profile", story.id)
    assert mine.linked_id == story.id
    href, title = profile_link(maple, rowan_user.id)
    assert (href, title) == (routes.story_for_members(story.id), "From there to here")

    maple.open(routes.STORIES, {"story": str(story.id)})
    maple.call(StoriesState, "load_stories")
    assert [(s["title"], s["byline"]) for s in maple.state(StoriesState).stories] == [
        ("From there to here", "Rowan")]

    rowan.call(MyStoriesState, "unpublish_my_story", story.id, "everywhere")
    assert mine.linkable_ids == [] and mine.linked_id == 0
    assert profile_link(maple, rowan_user.id) == ("", "")
    maple.open(routes.STORIES, {"story": str(story.id)})  # an old link, opened again
    maple.call(StoriesState, "load_stories")
    assert maple.state(StoriesState).stories == []


def test_she_unlinks_and_the_profile_shows_no_story(app_db):
    rowan_user = make_mentor(app_db, name="Rowan")
    story = published(app_db, rowan_user)
    rowan = browser_of(app_db, rowan_user)
    maple = browser_of(app_db, make_survivor(app_db, name="Maple"))
    rowan.call(MyStoriesState, "load_my_stories")
    rowan.call(MyStoriesState, "link_story_to_profile", story.id)
    rowan.call(MyStoriesState, "unlink_story_from_profile")
    assert rowan.state(MyStoriesState).linked_id == 0
    assert profile_link(maple, rowan_user.id) == ("", "")


def test_a_story_page_on_voices_shows_one_public_story_to_anyone(app_db):
    maple_user = make_user(app_db, name="Maple")
    public = published(app_db, maple_user, title="Out loud", audience="public",
                       signature="anonymous")
    members = published(app_db, maple_user, title="Among us", signature="anonymous")
    visitor = Browser.with_token("")
    visitor.open(routes.VOICES_STORY, {"id": str(public.id)})
    visitor.call(VoicesState, "load_voice_story")
    voices = visitor.state(VoicesState).voices
    assert [(v["title"], v["href"]) for v in voices] == [
        ("Out loud", routes.voices_story(public.id))]
    for wanted in (str(members.id), "junk", ""):
        visitor.open(routes.VOICES_STORY, {"id": wanted})
        visitor.call(VoicesState, "load_voice_story")
        assert visitor.state(VoicesState).voices == [], wanted


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_story_ids_link_nothing(app_db, garbage):
    mentor = browser_of(app_db, make_mentor(app_db))
    member = browser_of(app_db, make_user(app_db))
    before = snapshot(app_db)
    for browser in (mentor, member):
        browser.call(MyStoriesState, "link_story_to_profile", garbage)
        browser.call(MyStoriesState, "unlink_story_from_profile")
    assert snapshot(app_db) == before
