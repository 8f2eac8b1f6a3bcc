"""Turning ids from the browser into group objects, checking on the way that the actor
may see them (Zulip's ``access_*`` pattern). Shared by the group, moderation and
calendar services.

The posting use cases make one call each (``access_group_to_post``,
``access_thread_to_reply``, ``access_own_post``) and get a ``PostingContext``: everything
they need to know about the actor and the object, read once, so the rules that follow
are pure (``portal.domain.groups``, ``portal.domain.moderation_policy``).

Every refusal about an object the actor may not see is ``NotFound``: the same answer
for "does not exist" and "not yours to see".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from portal.domain.groups import MemberRole, MembershipStatus, PostStatus, Visibility
from portal.domain.moderation_policy import AuthorStanding
from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.groups import GroupMembership, GroupPost, GroupThread, SupportGroup
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups.anonymous_mutes import ViewerHides
from portal.services.moderation.standing import author_standing, group_muted_until


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


@dataclass(frozen=True)
class PostingContext:
    """What a group use case knows about the actor and the object it names.

    ``membership``: the actor's row in the group (None for a stranger, or site staff who
    never joined); ``moderator``: site staff, or an active moderator of this group.
    ``blocked_with_author``: a block stands between the actor and the author of a thread
    that names them (asked only by ``access_thread_to_reply``). ``author``: the actor's
    standing as a writer here (trust, approved posts, the later of a site-wide and this
    group's mute), with the times of their latest post and threads started today (asked
    only by the use cases that write).
    """

    group: SupportGroup
    membership: GroupMembership | None
    moderator: bool
    thread: GroupThread | None = None
    post: GroupPost | None = None
    blocked_with_author: bool = False
    author: AuthorStanding | None = None
    recent_post_times: tuple[datetime, ...] = ()
    threads_today: int = 0


def to_page(value: object) -> int:
    """A page number sent by a browser: junk and negatives are the first page."""
    try:
        return min(max(int(str(value).strip()), 0), 100_000)
    except (TypeError, ValueError):
        return 0


_MEMBERSHIP = select(GroupMembership).where(  # built once: every group read asks
    GroupMembership.group_id == bindparam("group_id"),
    GroupMembership.user_id == bindparam("user_id"))


def membership_of(session: Session, group_id: int, user_id: int) -> GroupMembership | None:
    return session.execute(_MEMBERSHIP, {"group_id": group_id,
                                         "user_id": user_id}).scalar_one_or_none()


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


def _moderates(actor: Actor, member: GroupMembership | None) -> bool:
    if actor.is_staff:
        return True
    return (member is not None and member.role == MemberRole.MODERATOR
            and member.status == MembershipStatus.ACTIVE)


def may_moderate(session: Session, actor: Actor, group_id: int) -> bool:
    if actor.is_staff:
        return True
    return _moderates(actor, membership_of(session, group_id, actor.id))


def is_active_member(session: Session, actor: Actor, group_id: int) -> bool:
    member = membership_of(session, group_id, actor.id)
    return member is not None and member.status == MembershipStatus.ACTIVE


# --- the objects, each read once -------------------------------------------------------

def _group_and_member(session: Session, actor: Actor, group_id: object, *,
                      need_member: bool) -> tuple[SupportGroup, GroupMembership | None]:
    require(actor, Permission.GROUP_TAKE_PART)
    group = session.get(SupportGroup, parse_id(group_id))
    if group is None:
        raise NotFound()
    member = membership_of(session, group.id, actor.id)
    if actor.is_staff:
        return group, member
    if group.visibility == Visibility.INVITE and member is None:
        raise NotFound()
    if need_member and (member is None or member.status != MembershipStatus.ACTIVE):
        raise ServiceError("groups.join_first")
    return group, member


def _thread_visible(actor: Actor, thread: GroupThread, moderator: bool, hides) -> bool:
    """Whether the actor sees the thread; ``hides``: her ``ViewerHides``, or her
    ``HiddenAuthors`` read with other readers' (thread_changes.py)."""
    if thread.status == PostStatus.DELETED:
        return False
    if moderator:
        return True
    if thread.author_id == actor.id:  # authors see their own, with its status and reason
        return True
    if thread.status != PostStatus.VISIBLE:
        return False
    return not hides.hides(thread.author_id, thread.anonymous)


def _thread_context(session: Session, actor: Actor, thread_id: object, *,
                    with_block: bool = False,
                    hides: ViewerHides | None = None) -> PostingContext:
    """``hides``: the reader's blocks and mutes, when the caller reads them again after
    (``feed.read_thread``); read here otherwise."""
    thread = session.get(GroupThread, parse_id(thread_id))
    if thread is None:
        require(actor, Permission.GROUP_TAKE_PART)
        raise NotFound()
    group, member = _group_and_member(session, actor, thread.group_id,
                                      need_member=not actor.is_staff)
    moderator = _moderates(actor, member)
    hides = hides or ViewerHides(session, actor.id)
    # A named thread: the block either way is both "may not see it" and "may not reply".
    named_block = (hides.hides(thread.author_id, False)
                   if with_block and not thread.anonymous else False)
    if not _thread_visible(actor, thread, moderator, hides):
        raise NotFound()
    return PostingContext(group=group, membership=member, moderator=moderator, thread=thread,
                          blocked_with_author=named_block)


def post_visible_to(actor: Actor, post: GroupPost, moderator: bool, hides) -> bool:
    """Whether the actor sees the post; ``hides`` as for ``_thread_visible``."""
    if post.status == PostStatus.DELETED:
        return False
    if post.author_id == actor.id:
        return True
    if moderator:
        return True
    if post.status != PostStatus.VISIBLE:
        return False
    return not hides.hides(post.author_id, post.anonymous)


def _post_context(session: Session, actor: Actor, post_id: object, *,
                  hides: ViewerHides | None = None) -> PostingContext:
    post = session.get(GroupPost, parse_id(post_id))
    if post is None:
        require(actor, Permission.GROUP_TAKE_PART)
        raise NotFound()
    hides = hides or ViewerHides(session, actor.id)
    context = _thread_context(session, actor, post.thread_id, hides=hides)
    if not post_visible_to(actor, post, context.moderator, hides):
        raise NotFound()
    return replace(context, post=post)


def access_group(session: Session, actor: Actor, group_id: object, *,
                 need_member: bool = False) -> SupportGroup:
    """A group the actor may see; with ``need_member``, one they may read and post in."""
    return _group_and_member(session, actor, group_id, need_member=need_member)[0]


def access_thread(session: Session, actor: Actor, thread_id: object, *,
                  hides: ViewerHides | None = None) -> tuple[GroupThread, SupportGroup, bool]:
    """A thread the actor may read, its group, and whether the actor moderates it."""
    context = _thread_context(session, actor, thread_id, hides=hides)
    return context.thread, context.group, context.moderator


def access_post(session: Session, actor: Actor, post_id: object, *,
                hides: ViewerHides | None = None,
                ) -> tuple[GroupPost, GroupThread, SupportGroup, bool]:
    """A post the actor may see, with its thread, group and the actor's moderator flag
    (``hides``: her blocks and mutes, when the caller has asked them already)."""
    context = _post_context(session, actor, post_id, hides=hides)
    return context.post, context.thread, context.group, context.moderator


# --- the actor as a writer ----------------------------------------------------------------

def _start_of_utc_day(now: datetime) -> datetime:
    day = now.astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _as_author(session: Session, actor: Actor, context: PostingContext, now: datetime, *,
               new_post: bool, new_thread: bool) -> PostingContext:
    """The context with the actor's standing as a writer in its group; for a new post the
    time of their latest post, for a new thread how many they started today (UTC)."""
    standing = author_standing(session, session.get(User, actor.id),
                               is_staff=context.moderator, now=now)
    group_mute = group_muted_until(session, context.group.id, actor.id)
    if group_mute is not None and (standing.muted_until is None
                                   or standing.muted_until < group_mute):
        standing = replace(standing, muted_until=group_mute)
    recent: tuple[datetime, ...] = ()
    threads_today = 0
    if new_post:
        latest = session.execute(
            select(func.max(GroupPost.created_at)).where(GroupPost.author_id == actor.id)
        ).scalar_one()
        recent = (latest,) if latest is not None else ()
    if new_thread:
        threads_today = session.execute(
            select(func.count(GroupThread.id)).where(
                GroupThread.author_id == actor.id,
                GroupThread.created_at >= _start_of_utc_day(now))
        ).scalar_one()
    return replace(context, author=standing, recent_post_times=recent,
                   threads_today=threads_today)


# --- one call per posting use case ----------------------------------------------------------

def access_group_to_post(session: Session, actor: Actor, group_id: object, *,
                         now: datetime) -> PostingContext:
    """A group the actor may start a thread in (an active member, or site staff), with
    their standing as a writer there."""
    group, member = _group_and_member(session, actor, group_id, need_member=True)
    context = PostingContext(group=group, membership=member, moderator=_moderates(actor, member))
    return _as_author(session, actor, context, now, new_post=True, new_thread=True)


def access_thread_to_reply(session: Session, actor: Actor, thread_id: object, *,
                           now: datetime) -> PostingContext:
    """A thread the actor may read, whether a block stands between them and its named
    author, and the actor's standing as a writer in its group. Whether the thread takes
    the reply is the domain's rule (``reply_refusal``)."""
    context = _thread_context(session, actor, thread_id, with_block=True)
    return _as_author(session, actor, context, now, new_post=True, new_thread=False)


def access_own_post(session: Session, actor: Actor, post_id: object, *,
                    now: datetime | None = None) -> PostingContext:
    """A post the actor may see and wrote (``PermissionDenied`` for someone else's), with
    its thread and group; given ``now``, with the actor's standing as a writer (to edit)."""
    context = _post_context(session, actor, post_id)
    require(actor, Permission.GROUP_POST_EDIT,
            OwnedPost(id=context.post.id, owner_id=context.post.author_id))
    if now is None:
        return context
    return _as_author(session, actor, context, now, new_post=False,
                      new_thread=False)
