"""Demo data for stories (demo mode only): one story members read, by Survivor Willow,
signed with her pseudonym, and one story on the public Voices page, by Mentor Sol,
signed anonymously. Both go the real way: written, sent to review, approved (twice for
the public one: Moderator Heron and Admin Owl) and confirmed by their authors."""

from __future__ import annotations

from sqlmodel import Session

from portal import routes
from portal.domain.permissions import Actor, parse_roles
from portal.models import User
from portal.services import stories

MEMBERS_STORY = {
    "title": "The first morning I made my own tea",
    "body": ("For a long time someone else decided when I ate, slept and spoke.\n\n"
             "The first morning in my own room, I made tea. I let it go cold because I "
             "could. It sounds small. It was not small.\n\n"
             "If you are at the start: the small things come back first. Let them."),
    "content_warnings": "control",
    "audience": "members",
    "signature": "pseudonym",
    "allow_replies": True,
}
PUBLIC_STORY = {
    "title": "What I wish people knew",
    "body": ("People ask why I did not just leave. I could not leave because I owed a debt "
             "that grew every week, and because I was told my family would pay for it.\n\n"
             "What helped was one person who believed me the first time, and a place where "
             "nobody asked for proof.\n\n"
             "If you work with people like me: believe first. The rest can wait."),
    "content_warnings": "debt, threats",
    "audience": "public",
    "signature": "anonymous",
}


def _actor(user: User) -> Actor:
    return Actor(id=user.id, roles=parse_roles(user.roles), status=user.status)


def _publish(session: Session, author: User, moderators: list[User], fields: dict) -> None:
    actor = _actor(author)
    story = stories.save_story(session=session, actor=actor, **fields)
    stories.submit_story(session=session, actor=actor, story_id=story.id)
    for moderator in moderators:
        stories.approve_story(session=session, actor=_actor(moderator),
                              story_id=story.id)
    stories.confirm_story(session=session, actor=actor, story_id=story.id)


def seed_stories(session: Session, members: dict[str, User]) -> list[str]:
    heron, owl = members["Moderator Heron"], members["Admin Owl"]
    _publish(session, members["Survivor Willow"], [heron], MEMBERS_STORY)
    _publish(session, members["Mentor Sol"], [heron, owl], PUBLIC_STORY)
    return [f"Stories: one for members ({routes.STORIES}), one public ({routes.VOICES})."]
