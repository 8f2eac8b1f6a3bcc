"""Story handlers called the way a browser (or an attacker) would: the safety read and a
one-tap swap on the write page, a moderator's approval, the reader's feed, Voices without
signing in, and garbage payloads that change nothing."""

from __future__ import annotations

import pytest

from portal.state.stories import (
    MyStoriesState,
    StoriesState,
    StoryReviewState,
    VoicesState,
    WriteStoryState,
)
from tests.factories import snapshot
from tests.factories.accounts import make_user
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"id": 1}, ["1"], "1; DROP TABLE users", 2**31, True]
STORY = {"title": "Finding my feet", "body": "In March 2015 I moved to Houston.",
         "warnings": "", "audience": "public", "signature": "anonymous"}


def browser_of(app_db, user) -> Browser:
    return Browser.with_token(token_for(app_db, user))


def test_write_read_swap_submit_approve_confirm_and_read(app_db):
    maple = browser_of(app_db, make_user(app_db, name="Maple"))
    maple.call(WriteStoryState, "save_story_draft", STORY)
    write = maple.state(WriteStoryState)
    assert [(h["text"], h["label"]) for h in write.highlights] == [
        ("March 2015", "a date"), ("Houston", "a place")]
    assert [s["text"] for s in write.segments if s["marked"]] == ["March 2015", "Houston"]
    city = write.highlights[1]
    maple.call(WriteStoryState, "replace_story_detail", city["start"], city["end"])
    assert write.body == "In March 2015 I moved to a city."
    maple.call(WriteStoryState, "submit_story_for_review")
    assert write.status == "in_review"

    for name in ("Heron", "Kestrel"):
        moderator = browser_of(app_db, make_user(app_db, name=name, roles=("moderator",)))
        moderator.call(StoryReviewState, "load_story_reviews")
        queue = moderator.state(StoryReviewState).queue
        assert [item["byline"] for item in queue] == ["A member"]
        moderator.call(StoryReviewState, "approve_story_review", queue[0]["id"])

    reader = browser_of(app_db, make_user(app_db))
    reader.call(StoriesState, "load_stories")
    assert reader.state(StoriesState).stories == []
    maple.call(MyStoriesState, "load_my_stories")
    mine = maple.state(MyStoriesState).mine
    assert mine[0]["can_confirm"]
    maple.call(MyStoriesState, "confirm_my_story", mine[0]["id"])
    reader.call(StoriesState, "load_stories")
    assert [s["title"] for s in reader.state(StoriesState).stories] == ["Finding my feet"]
    visitor = Browser.with_token("")
    visitor.call(VoicesState, "load_voices")
    assert [v["byline"] for v in visitor.state(VoicesState).voices] == ["A member"]

    maple.call(MyStoriesState, "unpublish_my_story", mine[0]["id"], "everywhere")
    reader.call(StoriesState, "load_stories")
    visitor.call(VoicesState, "load_voices")
    assert reader.state(StoriesState).stories == [] and visitor.state(VoicesState).voices == []


def test_the_title_is_read_highlighted_and_swapped_through_the_handler(app_db):
    maple = browser_of(app_db, make_user(app_db, name="Maple"))
    maple.call(WriteStoryState, "save_story_draft",
               STORY | {"title": "Leaving Houston in 2015", "body": "Today I am safe."})
    write = maple.state(WriteStoryState)
    assert write.highlights == []
    assert [(h["text"], h["label"]) for h in write.title_highlights] == [
        ("Houston", "a place"), ("2015", "a date")]
    assert [s["text"] for s in write.title_segments if s["marked"]] == ["Houston", "2015"]
    city = write.title_highlights[0]
    maple.call(WriteStoryState, "replace_story_title_detail", city["start"], city["end"])
    assert write.title == "Leaving a city in 2015"
    assert write.body == "Today I am safe."
    assert [h["text"] for h in write.title_highlights] == ["2015"]
    maple.call(WriteStoryState, "submit_story_for_review")

    heron = browser_of(app_db, make_user(app_db, name="Heron", roles=("moderator",)))
    heron.call(StoryReviewState, "load_story_reviews")
    item = heron.state(StoryReviewState).queue[0]
    assert item["title_marked"]
    assert [s["text"] for s in item["title_segments"] if s["marked"]] == ["2015"]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_ids_change_nothing(app_db, garbage):
    member = browser_of(app_db, make_user(app_db))
    moderator = browser_of(app_db, make_user(app_db, roles=("moderator",)))
    before = snapshot(app_db)
    for handler in ("confirm_my_story", "submit_my_story", "delete_my_story"):
        member.call(MyStoriesState, handler, garbage)
    member.call(MyStoriesState, "unpublish_my_story", garbage, garbage)
    member.call(StoriesState, "react_to_story", garbage, garbage)
    member.call(WriteStoryState, "replace_story_detail", garbage, garbage)
    member.call(WriteStoryState, "replace_story_title_detail", garbage, garbage)
    moderator.call(StoryReviewState, "approve_story_review", garbage)
    moderator.call(StoryReviewState, "approve_story_reply", garbage)
    assert snapshot(app_db) == before
