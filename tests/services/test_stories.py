"""Stories: a moderator reads every story first, public stories need two different
moderators, nothing publishes without its author confirming, and what she takes down is
gone for the very next reader. Every assertion about readers is made from their side."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from portal.models.stories import Story, StoryReaction, StoryReply, StoryReview
from portal.services.errors import NotFound, PermissionDenied, ServiceError
from portal.services.stories import reading, review, writing
from tests.factories.accounts import actor_of, make_user
from tests.refusals import refused

BODY = "In March 2015 I moved to Houston. Today I am safe and I write again."


@pytest.fixture
def people(db_session):
    return dataclasses.make_dataclass("People", ["maple", "reader", "heron", "kestrel"])(
        make_user(db_session, name="Maple"),
        make_user(db_session, name="Reader Wren"),
        make_user(db_session, name="Heron", roles=("moderator",)),
        make_user(db_session, name="Kestrel", roles=("moderator",)),
    )


def write(session, author, **fields):
    values = {"title": "Finding my feet", "body": BODY, "audience": "members",
              "signature": "anonymous"} | fields
    return writing.save_story(session=session, actor=actor_of(author), **values)


def submitted(session, author, **fields):
    story = write(session, author, **fields)
    return writing.submit_story(session=session, actor=actor_of(author), story_id=story.id)


def feed_titles(session, reader):
    return [card.title for card in reading.read_feed(session=session, actor=actor_of(reader))]


def voices_titles(session):
    return [story.title for story in reading.public_stories(session=session)]


def published(session, people, **fields):
    """A story approved by the moderators it needs and confirmed by Maple."""
    story = submitted(session, people.maple, **fields)
    review.approve_story(session=session, actor=actor_of(people.heron), story_id=story.id)
    if fields.get("audience") == "public":
        review.approve_story(session=session, actor=actor_of(people.kestrel), story_id=story.id)
    return writing.confirm_story(session=session, actor=actor_of(people.maple), story_id=story.id)


def test_a_draft_and_a_story_in_review_are_read_by_nobody_but_moderators(db_session, people):
    draft = write(db_session, people.maple, title="Only mine")
    assert feed_titles(db_session, people.reader) == []
    assert review.review_queue(session=db_session, actor=actor_of(people.heron)) == ()
    writing.submit_story(session=db_session, actor=actor_of(people.maple), story_id=draft.id)
    queue = review.review_queue(session=db_session, actor=actor_of(people.heron))
    assert [card.title for card in queue] == ["Only mine"]
    assert feed_titles(db_session, people.reader) == []


def test_moderator_sees_the_same_highlights_the_author_saw(db_session, people):
    story = submitted(db_session, people.maple)
    card = review.review_queue(session=db_session, actor=actor_of(people.heron))[0]
    assert {(h.kind, h.text) for h in card.safety.highlights} == {
        ("date", "March 2015"), ("place", "Houston")}
    assert card.safety.highlights == story.safety.highlights
    assert "".join(segment.text for segment in card.safety.segments) == BODY


def test_nothing_publishes_until_the_author_confirms_the_approved_text(db_session, people):
    story = submitted(db_session, people.maple)
    review.approve_story(session=db_session, actor=actor_of(people.heron), story_id=story.id)
    assert feed_titles(db_session, people.reader) == []
    writing.confirm_story(session=db_session, actor=actor_of(people.maple), story_id=story.id)
    assert feed_titles(db_session, people.reader) == ["Finding my feet"]


def test_the_author_cannot_confirm_before_a_moderator_approves(db_session, people):
    story = submitted(db_session, people.maple)
    with refused(ServiceError, code="stories.not_approved_yet"):
        writing.confirm_story(session=db_session, actor=actor_of(people.maple),
                              story_id=story.id)
    assert feed_titles(db_session, people.reader) == []


def test_member_only_story_never_reaches_voices(db_session, people):
    published(db_session, people, title="For members")
    assert feed_titles(db_session, people.reader) == ["For members"]
    assert voices_titles(db_session) == []


def test_public_story_needs_a_second_different_moderator(db_session, people):
    story = submitted(db_session, people.maple, audience="public", title="Out loud")
    first = review.approve_story(session=db_session, actor=actor_of(people.heron),
                                 story_id=story.id)
    assert (first.status, first.approvals) == ("awaiting_second", 1)
    with refused(ServiceError, code="stories.second_moderator_needed"):
        review.approve_story(session=db_session, actor=actor_of(people.heron),
                             story_id=story.id)
    with refused(ServiceError, code="stories.not_approved_yet"):
        writing.confirm_story(session=db_session, actor=actor_of(people.maple),
                              story_id=story.id)
    assert voices_titles(db_session) == []
    second = review.approve_story(session=db_session, actor=actor_of(people.kestrel),
                                  story_id=story.id)
    assert (second.status, second.approvals) == ("approved", 2)
    writing.confirm_story(session=db_session, actor=actor_of(people.maple), story_id=story.id)
    assert voices_titles(db_session) == ["Out loud"]
    assert feed_titles(db_session, people.reader) == ["Out loud"]


def test_voices_shows_month_only_and_no_name_unless_she_signed(db_session, people):
    published(db_session, people, audience="public", title="Unsigned")
    published(db_session, people, audience="public", title="Signed", signature="pen_name",
              pen_name="Quiet Harbor", search_engines=True)
    stories = {story.title: story for story in reading.public_stories(session=db_session)}
    assert stories["Unsigned"].byline == "" and not stories["Unsigned"].indexable
    assert stories["Signed"].byline == "Quiet Harbor" and stories["Signed"].indexable
    assert len(stories["Signed"].month) == len("2026-12")
    assert "Maple" not in repr(stories)


def test_anonymous_author_is_never_revealed_to_readers_group_moderators_or_moderators(
        db_session, people):
    group_moderator = make_user(db_session, name="Group Keeper")
    story = submitted(db_session, people.maple, audience="public")
    views = [review.review_queue(session=db_session, actor=actor_of(people.heron))]
    views.append(review.approve_story(session=db_session, actor=actor_of(people.heron),
                                      story_id=story.id))
    views.append(review.approve_story(session=db_session, actor=actor_of(people.kestrel),
                                      story_id=story.id))
    writing.confirm_story(session=db_session, actor=actor_of(people.maple), story_id=story.id)
    views.append(reading.read_feed(session=db_session, actor=actor_of(group_moderator)))
    views.append(reading.read_feed(session=db_session, actor=actor_of(people.heron)))
    views.append(reading.public_stories(session=db_session))
    for view in views:
        text = repr(view)
        assert "Maple" not in text
        assert "author" not in text
    cards = [views[-3][0], views[-2][0]]
    assert all(card.byline == "" and not card.mine for card in cards)


def test_pseudonym_is_shown_only_when_she_chose_it(db_session, people):
    published(db_session, people, signature="pseudonym", title="Signed by me")
    card = reading.read_feed(session=db_session, actor=actor_of(people.reader))[0]
    assert card.byline == "Maple"


def test_unpublishing_from_the_public_page_keeps_it_for_members(db_session, people):
    story = published(db_session, people, audience="public", search_engines=True)
    assert voices_titles(db_session) == ["Finding my feet"]
    writing.unpublish_story(session=db_session, actor=actor_of(people.maple),
                            story_id=story.id, scope="public")
    assert voices_titles(db_session) == []
    assert feed_titles(db_session, people.reader) == ["Finding my feet"]


def test_unpublishing_from_everywhere_is_gone_for_the_next_reader(db_session, people):
    story = published(db_session, people, audience="public")
    assert feed_titles(db_session, people.reader) == ["Finding my feet"]
    writing.unpublish_story(session=db_session, actor=actor_of(people.maple),
                            story_id=story.id, scope="everywhere")
    assert feed_titles(db_session, people.reader) == []
    assert voices_titles(db_session) == []
    with refused(NotFound):
        reading.toggle_reaction(session=db_session, actor=actor_of(people.reader),
                                story_id=story.id, kind="with_you")


def test_deleting_removes_the_story_and_everything_hanging_on_it(db_session, people):
    story = published(db_session, people, allow_replies=True)
    reading.toggle_reaction(session=db_session, actor=actor_of(people.reader),
                            story_id=story.id, kind="thank_you")
    reading.add_reply(session=db_session, actor=actor_of(people.reader), story_id=story.id,
                      body="Thank you for this.")
    writing.delete_story(session=db_session, actor=actor_of(people.maple), story_id=story.id)
    assert feed_titles(db_session, people.reader) == []
    for model in (Story, StoryReaction, StoryReply, StoryReview):
        assert db_session.execute(select(func.count(model.id))).scalar_one() == 0


def test_editing_a_published_story_sends_it_back_to_review(db_session, people):
    story = published(db_session, people)
    edited = write(db_session, people.maple, story_id=story.id, body="A calmer telling.")
    assert edited.status == "in_review"
    assert feed_titles(db_session, people.reader) == []
    queue = review.review_queue(session=db_session, actor=actor_of(people.heron))
    assert [(card.body, card.approvals) for card in queue] == [("A calmer telling.", 0)]


def test_one_tap_replace_swaps_a_detail_for_its_neutral_word(db_session, people):
    story = write(db_session, people.maple)
    city = next(h for h in story.safety.highlights if h.kind == "place")
    after = writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                                   story_id=story.id, start=city.start, end=city.end)
    assert after.body == "In March 2015 I moved to a city. Today I am safe and I write again."
    assert [h.text for h in after.safety.highlights] == ["March 2015"]
    with refused(ServiceError, code="stories.detail_moved"):
        writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                               story_id=story.id, start=city.start, end=city.end)


def test_a_title_naming_a_city_and_a_year_is_read_too_and_swapped_in_the_title(
        db_session, people):
    title = "Leaving Houston in 2015"
    story = write(db_session, people.maple, title=title, body="Today I am safe.")
    assert story.safety.highlights == ()
    assert [(h.kind, h.text) for h in story.safety.title_details] == [
        ("place", "Houston"), ("date", "2015")]
    assert [seg.text for seg in story.safety.title_segments if seg.kind] == ["Houston", "2015"]
    assert "".join(seg.text for seg in story.safety.title_segments) == title

    writing.submit_story(session=db_session, actor=actor_of(people.maple), story_id=story.id)
    card = review.review_queue(session=db_session, actor=actor_of(people.heron))[0]
    assert card.safety.title_details == story.safety.title_details
    assert [seg.text for seg in card.safety.title_segments if seg.kind] == ["Houston", "2015"]

    city = story.safety.title_details[0]
    after = writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                                   story_id=story.id, start=city.start, end=city.end,
                                   part="title")
    assert after.title == "Leaving a city in 2015"
    assert after.body == "Today I am safe."
    assert [h.text for h in after.safety.title_details] == ["2015"]
    card = review.review_queue(session=db_session, actor=actor_of(people.heron))[0]
    assert card.title == "Leaving a city in 2015"
    # The old span no longer holds the city; a body swap never touches the title.
    with refused(ServiceError, code="stories.detail_moved"):
        writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                               story_id=story.id, start=city.start, end=city.end,
                               part="title")
    year = after.safety.title_details[0]
    with refused(ServiceError, code="stories.detail_moved"):
        writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                               story_id=story.id, start=year.start, end=year.end)
    with refused(ServiceError, code="stories.detail_moved"):
        writing.replace_detail(session=db_session, actor=actor_of(people.maple),
                               story_id=story.id, start=year.start, end=year.end,
                               part="warnings")
    with refused(NotFound):
        writing.replace_detail(session=db_session, actor=actor_of(people.reader),
                               story_id=story.id, start=year.start, end=year.end,
                               part="title")


def test_a_returned_story_carries_the_moderators_kind_note(db_session, people):
    story = submitted(db_session, people.maple)
    review.return_story(session=db_session, actor=actor_of(people.heron), story_id=story.id,
                        note="The street name could point to you. Maybe leave it out?")
    mine = writing.my_stories(session=db_session, actor=actor_of(people.maple))[0]
    assert mine.status == "returned"
    assert mine.notes == ("The street name could point to you. Maybe leave it out?",)
    with refused(ServiceError, code="stories.note_needed"):
        resent = writing.submit_story(session=db_session, actor=actor_of(people.maple),
                                      story_id=story.id)
        review.return_story(session=db_session, actor=actor_of(people.heron),
                            story_id=resent.id, note="  ")


def test_only_the_author_touches_her_story_and_only_moderators_review(db_session, people):
    story = submitted(db_session, people.maple)
    for action in (writing.delete_story, writing.submit_story, writing.confirm_story):
        with refused(NotFound):
            action(session=db_session, actor=actor_of(people.reader), story_id=story.id)
    with refused(NotFound):
        write(db_session, people.reader, story_id=story.id, title="Mine now")
    with refused(PermissionDenied):
        review.approve_story(session=db_session, actor=actor_of(people.reader),
                             story_id=story.id)
    with refused(PermissionDenied):
        writing.save_story(session=db_session, actor=actor_of(people.heron), title="x",
                           body="y")
    assert db_session.get(Story, story.id).status == "in_review"


def test_a_moderator_never_reviews_her_own_story(db_session, people):
    both = make_user(db_session, name="Both Hats", roles=("survivor", "moderator"))
    story = submitted(db_session, both)
    assert review.review_queue(session=db_session, actor=actor_of(both)) == ()
    with refused(NotFound):
        review.approve_story(session=db_session, actor=actor_of(both), story_id=story.id)


def test_only_supportive_reactions_exist(db_session, people):
    story = published(db_session, people)
    card = reading.toggle_reaction(session=db_session, actor=actor_of(people.reader),
                                   story_id=story.id, kind="with_you")
    assert dict(card.reactions)["with_you"] == 1 and card.my_reactions == ("with_you",)
    with refused(ServiceError, code="stories.reaction_unknown"):
        reading.toggle_reaction(session=db_session, actor=actor_of(people.reader),
                                story_id=story.id, kind="dislike")
    card = reading.toggle_reaction(session=db_session, actor=actor_of(people.reader),
                                   story_id=story.id, kind="with_you")
    assert dict(card.reactions)["with_you"] == 0


def test_replies_are_held_until_a_moderator_approves(db_session, people):
    story = published(db_session, people, allow_replies=True)
    other = make_user(db_session, name="Other Reader")
    reading.add_reply(session=db_session, actor=actor_of(people.reader), story_id=story.id,
                      body="You are so brave.")
    own = reading.read_feed(session=db_session, actor=actor_of(people.reader))[0].replies
    assert [(r.body, r.held) for r in own] == [("You are so brave.", True)]
    assert reading.read_feed(session=db_session, actor=actor_of(other))[0].replies == ()
    held = review.held_replies(session=db_session, actor=actor_of(people.heron))
    review.approve_reply(session=db_session, actor=actor_of(people.heron), reply_id=held[0].id)
    seen = reading.read_feed(session=db_session, actor=actor_of(other))[0].replies
    assert [(r.body, r.held) for r in seen] == [("You are so brave.", False)]


def test_public_stories_take_no_replies(db_session, people):
    story = published(db_session, people, audience="public", allow_replies=True)
    with refused(ServiceError, code="stories.replies_closed"):
        reading.add_reply(session=db_session, actor=actor_of(people.reader),
                          story_id=story.id, body="Hello")


def test_a_declined_reply_is_never_shown_to_other_readers(db_session, people):
    story = published(db_session, people, allow_replies=True)
    other = make_user(db_session, name="Other Reader")
    reading.add_reply(session=db_session, actor=actor_of(people.reader), story_id=story.id,
                      body="Where do you live now?")
    held = review.held_replies(session=db_session, actor=actor_of(people.heron))
    review.reject_reply(session=db_session, actor=actor_of(people.heron), reply_id=held[0].id)
    assert reading.read_feed(session=db_session, actor=actor_of(other))[0].replies == ()
    assert reading.read_feed(session=db_session, actor=actor_of(people.maple))[0].replies == ()
    assert review.held_replies(session=db_session, actor=actor_of(people.heron)) == ()
