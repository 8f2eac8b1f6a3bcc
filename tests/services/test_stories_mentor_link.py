"""Issue 18, item 6: a mentor links one of her own stories from her mentor profile, and
a survivor looking at that profile finds it. Only a published story signed with her
pseudonym may be linked (an anonymous or pen-name story would be tied to her name), and
every rule is checked again when the survivor reads, so taking the story down or
re-signing it removes the link at once. Every assertion about the survivor is made from
her side, through the services she calls."""

from __future__ import annotations

import dataclasses

import pytest

from portal.models.stories import MentorStoryLink
from portal.services import mentoring
from portal.services.accounts import my_data
from portal.services.errors import NotFound, PermissionDenied, ServiceError
from portal.services.stories import mentor_link, reading, review, writing
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.refusals import refused


@pytest.fixture
def people(db_session):
    return dataclasses.make_dataclass("People", ["rowan", "maple", "heron", "kestrel"])(
        make_mentor(db_session, name="Rowan"),
        make_survivor(db_session, name="Maple"),
        make_user(db_session, name="Heron", roles=("moderator",)),
        make_user(db_session, name="Kestrel", roles=("moderator",)),
    )


def published(session, people, author=None, **fields):
    author = author or people.rowan
    values = {"title": "From there to here", "body": "I found work again.",
              "audience": "members", "signature": "pseudonym"} | fields
    story = writing.save_story(session=session, actor=actor_of(author), **values)
    writing.submit_story(session=session, actor=actor_of(author), story_id=story.id)
    review.approve_story(session=session, actor=actor_of(people.heron), story_id=story.id)
    if values["audience"] == "public":
        review.approve_story(session=session, actor=actor_of(people.kestrel), story_id=story.id)
    return writing.confirm_story(session=session, actor=actor_of(author), story_id=story.id)


def link(session, people, story_id):
    mentor_link.link_story_to_profile(session=session, actor=actor_of(people.rowan),
                                      story_id=story_id)


def seen_by_survivor(session, people):
    """What Maple sees on Rowan's mentor profile: the linked story, or None."""
    mentoring.mentor_details(session=session, actor=actor_of(people.maple),
                             mentor_id=people.rowan.id)
    return mentor_link.mentor_profile_story(session=session, actor=actor_of(people.maple),
                                            mentor_id=people.rowan.id)


def test_the_survivor_sees_the_story_the_mentor_linked_and_can_read_it(db_session, people):
    story = published(db_session, people)
    assert seen_by_survivor(db_session, people) is None
    link(db_session, people, story.id)
    shown = seen_by_survivor(db_session, people)
    assert (shown.id, shown.title) == (story.id, "From there to here")
    card = reading.read_story(session=db_session, actor=actor_of(people.maple),
                              story_id=shown.id)
    assert card.title == "From there to here" and card.byline == "Rowan"


def test_her_choice_lists_only_published_stories_signed_with_her_pseudonym(db_session, people):
    signed = published(db_session, people, title="Signed")
    published(db_session, people, title="Anonymous", signature="anonymous")
    published(db_session, people, title="Pen name", signature="pen_name", pen_name="Sparrow")
    writing.save_story(session=db_session, actor=actor_of(people.rowan), title="Draft",
                       body="Not yet.", audience="members", signature="pseudonym")
    choice = mentor_link.my_profile_story_choice(session=db_session,
                                                 actor=actor_of(people.rowan))
    assert choice == mentor_link.ProfileStoryChoice(linkable_ids=(signed.id,), linked_id=0)
    link(db_session, people, signed.id)
    choice = mentor_link.my_profile_story_choice(session=db_session,
                                                 actor=actor_of(people.rowan))
    assert choice.linked_id == signed.id


@pytest.mark.parametrize("signature", ["anonymous", "pen_name"])
def test_an_anonymous_or_pen_name_story_cannot_be_linked(db_session, people, signature):
    story = published(db_session, people, signature=signature, pen_name="Sparrow")
    with pytest.raises(ServiceError) as raised:
        link(db_session, people, story.id)
    assert raised.value.code == "stories.link_needs_pseudonym"
    assert seen_by_survivor(db_session, people) is None


def test_a_story_not_yet_published_cannot_be_linked(db_session, people):
    draft = writing.save_story(session=db_session, actor=actor_of(people.rowan), title="Draft",
                               body="Soon.", audience="members", signature="pseudonym")
    with pytest.raises(ServiceError):
        link(db_session, people, draft.id)
    assert seen_by_survivor(db_session, people) is None


def test_unpublishing_removes_the_link_at_once(db_session, people):
    story = published(db_session, people)
    link(db_session, people, story.id)
    writing.unpublish_story(session=db_session, actor=actor_of(people.rowan),
                            story_id=story.id, scope="everywhere")
    assert seen_by_survivor(db_session, people) is None


def test_re_signing_the_story_removes_the_link_at_once(db_session, people):
    story = published(db_session, people)
    link(db_session, people, story.id)
    writing.save_story(session=db_session, actor=actor_of(people.rowan), story_id=story.id,
                       title="From there to here", body="I found work again.",
                       audience="members", signature="anonymous")
    assert seen_by_survivor(db_session, people) is None


def test_deleting_removes_the_link(db_session, people):
    story = published(db_session, people)
    link(db_session, people, story.id)
    writing.delete_story(session=db_session, actor=actor_of(people.rowan), story_id=story.id)
    assert seen_by_survivor(db_session, people) is None
    choice = mentor_link.my_profile_story_choice(session=db_session,
                                                 actor=actor_of(people.rowan))
    assert choice.linked_id == 0


def test_she_can_unlink_at_any_time_and_the_story_stays(db_session, people):
    story = published(db_session, people)
    link(db_session, people, story.id)
    mentor_link.unlink_story_from_profile(session=db_session, actor=actor_of(people.rowan))
    assert seen_by_survivor(db_session, people) is None
    feed = reading.read_feed(session=db_session, actor=actor_of(people.maple))
    assert [card.id for card in feed] == [story.id]


def test_nobody_links_another_womans_story_and_only_mentors_link(db_session, people):
    maples = published(db_session, people, author=people.maple, title="Maple's")
    with pytest.raises(NotFound):
        link(db_session, people, maples.id)
    with pytest.raises(PermissionDenied):
        mentor_link.link_story_to_profile(session=db_session, actor=actor_of(people.maple),
                                          story_id=maples.id)
    choice = mentor_link.my_profile_story_choice(session=db_session,
                                                 actor=actor_of(people.maple))
    assert choice == mentor_link.ProfileStoryChoice(linkable_ids=(), linked_id=0)
    with refused(PermissionDenied):  # staff do not browse mentors as a survivor would
        mentor_link.mentor_profile_story(session=db_session, actor=actor_of(people.heron),
                                         mentor_id=people.rowan.id)


def test_the_link_is_in_her_data_and_erased_with_her_account(db_session, people):
    story = published(db_session, people)
    link(db_session, people, story.id)
    exported = my_data.export_my_data(session=db_session, actor=actor_of(people.rowan))
    assert exported["stories"]["story_on_mentor_profile"] == story.id
    rowan_id = people.rowan.id
    my_data.delete_my_account(session=db_session, actor=actor_of(people.rowan),
                              passphrase=PASSPHRASE)
    db_session.expire_all()
    assert db_session.get(MentorStoryLink, rowan_id) is None
