"""Factories for support groups: groups, memberships, members with a standing, posts."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlmodel import Session

from portal.domain.groups import MemberRole, MembershipStatus
from portal.models import User
from portal.models.groups import GroupMembership, MemberStanding, SupportGroup
from portal.models.types import utcnow
from portal.services.groups import posts as groups_posts
from portal.services.groups.views import PostOutcome
from tests.factories.accounts import actor_of, make_user

_counter = itertools.count(1)


def make_group(session: Session, *, name: str | None = None, visibility: str = "open",
               allow_anonymous: bool = False, language: str = "en") -> SupportGroup:
    name = name or f"Group {next(_counter):04d}"
    group = SupportGroup(name=name, name_key=name.casefold(), purpose="Being together.",
                         visibility=visibility, allow_anonymous=allow_anonymous,
                         language=language)
    session.add(group)
    session.commit()
    return group


def add_member(session: Session, group: SupportGroup, user: User, *, role: str = "member",
               status: str = "active") -> GroupMembership:
    membership = GroupMembership(group_id=group.id, user_id=user.id, role=role, status=status)
    session.add(membership)
    session.commit()
    return membership


def make_member(session: Session, group: SupportGroup, *, name: str | None = None,
                established: bool = False, roles: tuple[str, ...] = ("survivor",),
                moderator: bool = False) -> User:
    """A member of ``group``. ``established`` members joined a month ago with ten
    approved posts, so nothing of theirs waits for review (trust: trusted)."""
    user = make_user(session, name=name, roles=roles)
    if established:
        user.created_at = utcnow() - timedelta(days=30)
        session.add(MemberStanding(user_id=user.id, approved_posts=10))
        session.commit()
    add_member(session, group, user,
               role=MemberRole.MODERATOR.value if moderator else MemberRole.MEMBER.value,
               status=MembershipStatus.ACTIVE.value)
    return user


def make_moderator(session: Session, group: SupportGroup | None = None, *,
                   name: str | None = None) -> User:
    """A site moderator (staff), a member of ``group`` when given."""
    user = make_user(session, name=name, roles=("moderator",))
    if group is not None:
        add_member(session, group, user, role=MemberRole.MODERATOR.value)
    return user


def thread_by(session: Session, user: User, group: SupportGroup, *, title: str = "Hello all",
              body: str = "Glad to be here today.", now: datetime | None = None,
              **extra) -> PostOutcome:
    return groups_posts.start_thread(session=session, actor=actor_of(user), group_id=group.id,
                                     title=title, body=body, now=now, **extra)


def reply_by(session: Session, user: User, thread_id: int, *, body: str = "Thank you.",
             now: datetime | None = None, **extra) -> PostOutcome:
    return groups_posts.reply(session=session, actor=actor_of(user), thread_id=thread_id,
                              body=body, now=now, **extra)
