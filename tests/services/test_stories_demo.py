"""The demo has two published stories: one for members, one also on Voices."""

from __future__ import annotations

from sqlalchemy import select

from portal.demo import seed_demo_data
from portal.domain.permissions import Actor, parse_roles
from portal.models import User
from portal.services.stories import public_stories, read_feed


def _actor(user: User) -> Actor:
    return Actor(id=user.id, roles=parse_roles(user.roles), status=user.status)


def test_demo_seeds_one_member_story_and_one_public_story(db_session):
    seed_demo_data(session=db_session)
    maple = db_session.execute(
        select(User).where(User.display_name == "Survivor Maple")).scalar_one()
    feed = read_feed(session=db_session, actor=_actor(maple))
    assert sorted((card.title, card.public, card.byline) for card in feed) == [
        ("The first morning I made my own tea", False, "Survivor Willow"),
        ("What I wish people knew", True, ""),
    ]
    assert [story.title for story in public_stories(session=db_session)] == [
        "What I wish people knew"]
