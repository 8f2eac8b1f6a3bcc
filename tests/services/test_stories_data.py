"""Stories in 'My data': exported with their notes, erased for real with the account."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.models.stories import Story, StoryReaction, StoryReply, StoryReview
from portal.services.accounts import my_data
from portal.services.stories import reading, review, writing
from tests.factories.accounts import PASSPHRASE, actor_of, make_user


def _published(session, author, moderator, **fields):
    story = writing.save_story(session=session, actor=actor_of(author), title="Mine",
                               body="It gets lighter.", **fields)
    writing.submit_story(session=session, actor=actor_of(author), story_id=story.id)
    review.approve_story(session=session, actor=actor_of(moderator), story_id=story.id)
    return writing.confirm_story(session=session, actor=actor_of(author), story_id=story.id)


def test_my_data_exports_her_stories_reactions_and_replies(db_session):
    maple, heron = make_user(db_session), make_user(db_session, roles=("moderator",))
    story = _published(db_session, maple, heron, allow_replies=True)
    reading.toggle_reaction(session=db_session, actor=actor_of(maple), story_id=story.id,
                            kind="strength")
    reading.add_reply(session=db_session, actor=actor_of(maple), story_id=story.id,
                      body="A note to myself.")
    data = my_data.export_my_data(session=db_session, actor=actor_of(maple))["stories"]
    assert [(s["title"], s["status"]) for s in data["stories"]] == [("Mine", "published")]
    assert [r["decision"] for r in data["stories"][0]["reviews"]] == ["approve"]
    assert [r["kind"] for r in data["reactions"]] == ["strength"]
    assert [r["body"] for r in data["replies"]] == ["A note to myself."]


def test_deleting_her_account_erases_her_stories_and_what_she_left_on_others(db_session):
    maple, reader = make_user(db_session), make_user(db_session)
    heron = make_user(db_session, roles=("moderator",))
    hers = _published(db_session, maple, heron, allow_replies=True)
    theirs = _published(db_session, reader, heron, allow_replies=True)
    reading.toggle_reaction(session=db_session, actor=actor_of(reader), story_id=hers.id,
                            kind="with_you")
    reading.toggle_reaction(session=db_session, actor=actor_of(maple), story_id=theirs.id,
                            kind="with_you")
    reading.add_reply(session=db_session, actor=actor_of(maple), story_id=theirs.id,
                      body="Thank you.")
    maple_id = maple.id
    my_data.delete_my_account(session=db_session, actor=actor_of(maple), passphrase=PASSPHRASE)
    db_session.expire_all()
    assert db_session.execute(select(func.count(Story.id)).where(
        Story.author_id == maple_id)).scalar_one() == 0
    assert db_session.execute(select(func.count(StoryReaction.id))).scalar_one() == 0
    assert db_session.execute(select(func.count(StoryReply.id))).scalar_one() == 0
    assert [card.title for card in reading.read_feed(session=db_session,
                                                     actor=actor_of(reader))] == ["Mine"]
    assert db_session.execute(select(func.count(StoryReview.id))).scalar_one() == 1


def test_a_moderator_leaving_keeps_the_stories_she_approved(db_session):
    maple, heron = make_user(db_session), make_user(db_session, roles=("moderator",))
    story = _published(db_session, maple, heron)
    my_data.delete_my_account(session=db_session, actor=actor_of(heron), passphrase=PASSPHRASE)
    db_session.expire_all()
    kept = db_session.get(Story, story.id)
    assert kept.status == "published" and kept.first_approver_id is None
