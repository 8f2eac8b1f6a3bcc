"""Turning ids from the browser into group objects, checking on the way that the actor
may see them (Zulip's ``access_*`` pattern). Shared by the group and moderation services.

Every refusal about an object the actor may not see is ``NotFound``: the same answer
for "does not exist" and "not yours to see".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.groups import MemberRole, MembershipStatus, PostStatus, Visibility
from portal.domain.permissions import Actor, Permission, require
from portal.models.groups import GroupMembership, GroupPost, GroupThread, SupportGroup
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups.anonymous_mutes import hidden_from


@dataclass(frozen=True)
class GroupScope:
    """The object ``require`` checks moderation permissions against."""

    id: int
    moderator_ids: frozenset[int]


@dataclass(frozen=True)
class OwnedPost:
    """The object ``require`` checks an author's own-post permissions against."""

    id: int
    owner_id: int | None


def to_id(value: object) -> int:
    """An id sent by a browser, or NotFound: never a crash on junk."""
    return parse_id(value)


def to_page(value: object) -> int:
    """A page number sent by a browser: junk and negatives are the first page."""
    try:
        return min(max(int(str(value).strip()), 0), 100_000)
    except (TypeError, ValueError):
        return 0


def membership_of(session: Session, group_id: int, user_id: int) -> GroupMembership | None:
    return session.execute(
        select(GroupMembership).where(GroupMembership.group_id == group_id,
                                      GroupMembership.user_id == user_id)
    ).scalar_one_or_none()


def moderator_ids(session: Session, group_id: int) -> frozenset[int]:
    rows = session.execute(
        select(GroupMembership.user_id).where(
            GroupMembership.group_id == group_id,
            GroupMembership.role == MemberRole.MODERATOR,
            GroupMembership.status == MembershipStatus.ACTIVE)
    ).scalars()
    return frozenset(rows)


def scope_of(session: Session, group_id: int) -> GroupScope:
    return GroupScope(id=group_id, moderator_ids=moderator_ids(session, group_id))


def moderated_group_ids(session: Session, actor: Actor) -> list[int]:
    """Groups this member moderates as a member (site moderators moderate all)."""
    return list(session.execute(
        select(GroupMembership.group_id).where(
            GroupMembership.user_id == actor.id,
            GroupMembership.role == MemberRole.MODERATOR,
            GroupMembership.status == MembershipStatus.ACTIVE)
    ).scalars())


def may_moderate(session: Session, actor: Actor, group_id: int) -> bool:
    if actor.is_staff:
        return True
    member = membership_of(session, group_id, actor.id)
    return (member is not None and member.role == MemberRole.MODERATOR
            and member.status == MembershipStatus.ACTIVE)


def is_active_member(session: Session, actor: Actor, group_id: int) -> bool:
    member = membership_of(session, group_id, actor.id)
    return member is not None and member.status == MembershipStatus.ACTIVE


def access_group(session: Session, actor: Actor, group_id: object, *,
                 need_member: bool = False) -> SupportGroup:
    """A group the actor may see; with ``need_member``, one they may read and post in."""
    require(actor, Permission.GROUP_TAKE_PART)
    group = session.get(SupportGroup, to_id(group_id))
    if group is None:
        raise NotFound()
    if actor.is_staff:
        return group
    member = membership_of(session, group.id, actor.id)
    if group.visibility == Visibility.INVITE and member is None:
        raise NotFound()
    if need_member and (member is None or member.status != MembershipStatus.ACTIVE):
        raise ServiceError("groups.join_first")
    return group


def _thread_visible(session: Session, actor: Actor, thread: GroupThread,
                    moderator: bool) -> bool:
    if thread.status == PostStatus.DELETED:
        return False
    if moderator:
        return True
    if thread.author_id == actor.id:  # authors see their own, with its status and reason
        return True
    if thread.status != PostStatus.VISIBLE:
        return False
    return not hidden_from(session, actor.id, thread.author_id, thread.anonymous)


def access_thread(session: Session, actor: Actor,
                  thread_id: object) -> tuple[GroupThread, SupportGroup, bool]:
    """A thread the actor may read, its group, and whether the actor moderates it."""
    thread = session.get(GroupThread, to_id(thread_id))
    if thread is None:
        require(actor, Permission.GROUP_TAKE_PART)
        raise NotFound()
    group = access_group(session, actor, thread.group_id, need_member=not actor.is_staff)
    moderator = may_moderate(session, actor, group.id)
    if not _thread_visible(session, actor, thread, moderator):
        raise NotFound()
    return thread, group, moderator


def post_visible_to(session: Session, actor: Actor, post: GroupPost, moderator: bool) -> bool:
    if post.status == PostStatus.DELETED:
        return False
    if post.author_id == actor.id:
        return True
    if moderator:
        return True
    if post.status != PostStatus.VISIBLE:
        return False
    return not hidden_from(session, actor.id, post.author_id, post.anonymous)


def access_post(session: Session, actor: Actor,
                post_id: object) -> tuple[GroupPost, GroupThread, SupportGroup, bool]:
    """A post the actor may see, with its thread, group and the actor's moderator flag."""
    post = session.get(GroupPost, to_id(post_id))
    if post is None:
        require(actor, Permission.GROUP_TAKE_PART)
        raise NotFound()
    thread, group, moderator = access_thread(session, actor, post.thread_id)
    if not post_visible_to(session, actor, post, moderator):
        raise NotFound()
    return post, thread, group, moderator
