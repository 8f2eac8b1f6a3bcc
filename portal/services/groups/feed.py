"""Reading groups: the feed of threads (newest activity first, keyset-paged so deep pages
stay as fast as the first), a thread's posts, and the member's notes from moderators.

Members see visible posts, plus their own held or rejected ones with the reason; they
never see named posts of someone they blocked or who blocked them, nor anonymous posts
of an author they muted (``anonymous_mutes``: the two never mix, so nothing that
disappears names an anonymous author). Anonymous posts show no name, except to site
moderators (a group's own moderators are members like the others).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select, true, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import Session

from portal.domain.groups import (
    AUTHOR_VISIBLE_VERBS,
    ModerationVerb,
    PostStatus,
    can_still_edit,
)
from portal.domain.permissions import STAFF_ROLES, Actor, Permission, parse_roles, require
from portal.models import User
from portal.models.groups import (
    GroupPost,
    GroupThread,
    ModerationRecord,
    PostFlag,
    PostReaction,
    SupportGroup,
)
from portal.models.types import utcnow
from portal.services.groups._access import access_group, access_thread, may_moderate
from portal.services.groups.anonymous_mutes import ViewerHides, author_filter
from portal.services.groups.readers import who_sees
from portal.services.groups.transitions import reason_parts
from portal.services.groups.views import (
    MemberNote,
    PostView,
    ThreadChanges,
    ThreadPage,
    ThreadRow,
    ThreadView,
)
from portal.services.plain_rows import plain_rows

FEED_PAGE = 25
POSTS_PAGE = 30
# A live push re-reads at most this many of the posts a tab shows, and counts at most
# this many new ones, and as many come back among the shown ones.
SHOWN_AT_MOST = 400
NEW_COUNTED_AT_MOST = 300
PINNED_SHOWN = 5
MAX_PINNED_READ = 50
NOTES_SHOWN = 10
NOTES_FOR = timedelta(days=30)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_OWN_UNPUBLISHED = (PostStatus.HELD.value, PostStatus.REJECTED.value, PostStatus.HIDDEN.value)


def encode_cursor(at: datetime, thread_id: int) -> str:
    micros = (at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{thread_id}"


def decode_cursor(cursor: object) -> tuple[datetime, int] | None:
    """A cursor from the browser or None: junk simply means the first page."""
    try:
        micros, thread_id = str(cursor or "").split("-", 1)
        at = _EPOCH + timedelta(microseconds=int(micros))
        number = int(thread_id)
    except (ValueError, OverflowError):
        return None
    return (at, number) if 0 < number < 2**62 else None


def _thread_columns():
    return (GroupThread.id, GroupThread.title, GroupThread.content_warning,
            GroupThread.anonymous, GroupThread.author_id, GroupThread.status,
            GroupThread.locked, GroupThread.pinned, GroupThread.reply_count,
            GroupThread.last_activity_at, User.display_name)


def _thread_row(row, actor: Actor, moderator: bool) -> ThreadRow:
    by_me = row.author_id == actor.id
    named = not row.anonymous or actor.is_staff
    return ThreadRow(id=row.id, title=row.title, content_warning=row.content_warning,
                     author_name=(row.display_name or "") if named else "",
                     anonymous=row.anonymous, by_me=by_me, status=row.status,
                     locked=row.locked, pinned=row.pinned, reply_count=row.reply_count,
                     last_activity_at=row.last_activity_at)


def list_threads(*, session: Session, actor: Actor, group_id: object, cursor: object = "",
                 limit: int = FEED_PAGE) -> ThreadPage:
    """One page of a group's threads, newest activity first. ``cursor`` comes from the
    previous page's ``next_cursor``."""
    group = access_group(session, actor, group_id, need_member=not actor.is_staff)
    moderator = may_moderate(session, actor, group.id)
    limit = min(max(int(limit), 1), 100)
    query = (select(*_thread_columns()).outerjoin(User, User.id == GroupThread.author_id)
             .where(GroupThread.group_id == group.id))
    shown = or_(GroupThread.status == PostStatus.VISIBLE.value,
                and_(GroupThread.author_id == actor.id, GroupThread.status.in_(_OWN_UNPUBLISHED)))
    query = query.where(shown)
    unseen = author_filter(session, actor.id, GroupThread.author_id, GroupThread.anonymous)
    if unseen is not None:
        query = query.where(unseen)
    position = decode_cursor(cursor)
    pinned: list = []
    if position is None:
        # Pinned threads are few: found through their own index ("= true", not "IS 1",
        # and no ORDER BY, or SQLite walks the whole feed index), then sorted here.
        found = session.execute(
            query.where(GroupThread.pinned == true()).limit(MAX_PINNED_READ)).all()
        pinned = sorted(found, key=lambda row: (row.last_activity_at, row.id),
                        reverse=True)[:PINNED_SHOWN]
    else:
        query = query.where(tuple_(GroupThread.last_activity_at, GroupThread.id)
                            < tuple_(position[0], position[1]))
    rows = session.execute(
        query.order_by(GroupThread.last_activity_at.desc(), GroupThread.id.desc())
        .limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].last_activity_at, rows[-1].id) if more else ""
    return ThreadPage(rows=tuple(_thread_row(row, actor, moderator) for row in rows),
                      next_cursor=next_cursor,
                      pinned=tuple(_thread_row(row, actor, moderator) for row in pinned))


# Built once (issue 14): every thread read runs both.
_REACTIONS = select(PostReaction.post_id, PostReaction.kind, PostReaction.user_id).where(
    PostReaction.post_id.in_(bindparam("post_ids", expanding=True)))
_REPORTED = select(PostFlag.post_id).where(
    PostFlag.flagger_id == bindparam("flagger_id"),
    PostFlag.post_id.in_(bindparam("post_ids", expanding=True)))


def _reactions(session: Session, actor: Actor, post_ids: list[int]):
    counts: dict[int, Counter] = {post_id: Counter() for post_id in post_ids}
    mine: dict[int, set[str]] = {post_id: set() for post_id in post_ids}
    if post_ids:
        rows = plain_rows(session, _REACTIONS, {"post_ids": post_ids}).all()
        for post_id, kind, user_id in rows:
            counts[post_id][kind] += 1
            if user_id == actor.id:
                mine[post_id].add(kind)
    return counts, mine


def _reported_by(session: Session, actor: Actor, post_ids: list[int]) -> set[int]:
    """Which of these posts the actor has reported already."""
    if not post_ids:
        return set()
    return set(plain_rows(session, _REPORTED, {"flagger_id": actor.id,
                                                "post_ids": post_ids}).scalars())


def _post_view(post: _ShownPost, name: str | None, actor: Actor, moderator: bool,
               counts: Counter, mine: set[str], now: datetime,
               reported: bool = False) -> PostView:
    by_me = post.author_id == actor.id
    named = not post.anonymous or actor.is_staff
    rejection_key, rejection_text = ("", "")
    if by_me or moderator:
        rejection_key, rejection_text = reason_parts(post.rejection_reason)
    visible = post.status == PostStatus.VISIBLE
    return PostView(
        id=post.id, author_name=(name or "") if named else "", anonymous=post.anonymous,
        by_me=by_me, is_opening=post.is_opening, body=post.body,
        content_warning=post.content_warning, status=post.status,
        rejection_key=rejection_key, rejection_text=rejection_text,
        created_at=post.created_at, edited_at=post.edited_at,
        edited_by_moderator=post.edited_by_moderator,
        reactions=tuple(sorted(counts.items())), my_reactions=tuple(sorted(mine)),
        can_edit=by_me and post.status in (PostStatus.VISIBLE, PostStatus.HELD)
        and can_still_edit(post.created_at, now),
        can_delete=by_me, can_flag=not by_me and visible and not reported,
        can_block=not by_me and post.author_id is not None,
        can_hide=moderator and visible, reported_by_me=reported)


@dataclass(frozen=True, slots=True)
class _ShownPost:
    """What a post's view shows (``_post_view``) and its reader's rules ask, read as
    plain columns: every reader's view of a push reads them again, 50 tabs times the
    posts each shows, and reading them from the ORM object each time was a third of the
    push; a page read makes no ORM object per post either."""

    id: int
    author_id: int | None
    anonymous: bool
    is_opening: bool
    body: str
    content_warning: str
    status: str
    rejection_reason: str
    created_at: object
    edited_at: object
    edited_by_moderator: bool


# Read as plain columns, in ``_ShownPost``'s order: no ORM object is made for a post
# that 50 tabs show (making them was a tenth of a busy thread's push).
_SHOWN_COLUMNS = tuple(getattr(GroupPost, field) for field in _ShownPost.__dataclass_fields__)


def _shown_rows(rows) -> list[tuple[_ShownPost, str | None]]:
    """``_thread_posts``' rows as (post, its author's name)."""
    return [(_ShownPost(*row[:-1]), row[-1]) for row in rows]


def _thread_posts(actor: Actor, thread: GroupThread, moderator: bool, hides: ViewerHides):
    """The posts of ``thread`` the actor may see, with their authors' names: every rule a
    reader's view follows (held posts are their author's and moderators' only, blocks
    both ways, anonymous authors' mutes). ``read_thread`` and ``read_thread_changes``
    narrow this one query; neither repeats its rules."""
    query = (select(*_SHOWN_COLUMNS, User.display_name)
             .outerjoin(User, User.id == GroupPost.author_id)
             .where(GroupPost.thread_id == thread.id,
                    GroupPost.status != PostStatus.DELETED.value))
    if not moderator:
        query = query.where(or_(GroupPost.status == PostStatus.VISIBLE.value,
                                GroupPost.author_id == actor.id))
        unseen = hides.where_seen(GroupPost.author_id, GroupPost.anonymous)
        if unseen is not None:
            query = query.where(unseen)
    return query


def _post_id(value: object) -> int:
    try:
        return max(int(str(value)), 0)
    except (TypeError, ValueError):
        return 0


def _thread_view(session: Session, actor: Actor, thread: GroupThread, group: SupportGroup,
                 moderator: bool, rows: list, next_after: int,
                 hides: ViewerHides) -> ThreadView:
    counts, mine = _reactions(session, actor, [post.id for post, _ in rows])
    reported = _reported_by(session, actor, [post.id for post, _ in rows])
    now = utcnow()
    posts = tuple(_post_view(post, name, actor, moderator, counts[post.id], mine[post.id], now,
                             reported=post.id in reported)
                  for post, name in rows)
    return _assembled_view(thread, group, moderator, posts, next_after=next_after,
                           author_hidden=lambda: hides.hides(thread.author_id, False))


def _assembled_view(thread: GroupThread, group: SupportGroup, moderator: bool,
                    posts: tuple, *, next_after: int, author_hidden) -> ThreadView:
    """A thread's view around its posts, for one reader (``read_thread`` and the batched
    ``read_thread_changes_for``). The same rule as ``reply``: a named thread across a
    block (``author_hidden()``: the reader and its author hide each other) takes no
    reply; an anonymous one is never refused for who wrote it (the refusal would name
    them)."""
    blocked_with_author = not thread.anonymous and author_hidden()
    can_reply = (thread.status == PostStatus.VISIBLE and (not thread.locked or moderator)
                 and not blocked_with_author)
    return ThreadView(id=thread.id, group_id=group.id, group_name=group.name, title=thread.title,
                      content_warning=thread.content_warning, status=thread.status,
                      locked=thread.locked, pinned=thread.pinned, can_reply=can_reply,
                      can_moderate=moderator, allow_anonymous=group.allow_anonymous,
                      posts=posts, next_after=next_after)


def read_thread(*, session: Session, actor: Actor, thread_id: object, after: object = 0,
                limit: int = POSTS_PAGE) -> ThreadView:
    """A thread and one page of its posts, oldest first, after post id ``after``, with
    the rules she read them by (``reader_mark``). Her access is read as plain columns
    (``readers.who_sees``); when it refuses her, ``_access`` reads it again to say why."""
    seen = who_sees(session, thread_id, [actor])
    if seen is not None and seen.seeing:
        (_, moderator), = seen.seeing
        return page_after(session, actor, seen.thread, seen.group, moderator,
                          seen.hidden[actor.id], after=after, limit=limit)
    # Refused (or changed since): her blocks and mutes as read, if they were.
    hides = (seen.hidden.get(actor.id) if seen is not None else None) or ViewerHides(
        session, actor.id)
    thread, group, moderator = access_thread(session, actor, thread_id, hides=hides)
    return page_after(session, actor, thread, group, moderator, hides, after=after,
                      limit=limit)


def page_after(session: Session, actor: Actor, thread, group, moderator: bool, hides, *,
               after: object, limit: int) -> ThreadView:
    """One page of the posts after post ``after`` of a thread the actor may see (her
    access checked by the caller: ``read_thread``, ``thread_changes.catch_up_thread``),
    with the rules she read them by. ``hides``: her ``ViewerHides`` or ``HiddenAuthors``."""
    after_id = _post_id(after)
    limit = min(max(int(limit), 1), 100)
    query = _thread_posts(actor, thread, moderator, hides).where(GroupPost.id > after_id)
    rows = _shown_rows(plain_rows(session, query.order_by(GroupPost.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    view = _thread_view(session, actor, thread, group, moderator, rows,
                        rows[-1][0].id if more and rows else 0, hides)
    return replace(view, reader_mark=reader_mark(actor, moderator, hides.blocked,
                                                 hides.muted))


def reader_mark(actor: Actor, moderator: bool, blocked: Iterable[int],
                muted: Iterable[int]) -> str:
    """The rules her view of a post follows, as a short digest: who she is and her
    roles, whether she moderates the group, whom she blocks (either way) and mutes. A
    post that did not change shows to her as it did while it is unchanged
    (thread_changes.py: a push then reads again only the posts it names)."""
    rules = (actor.id, sorted(actor.roles), str(actor.status), moderator, sorted(blocked),
             sorted(muted))
    return hashlib.blake2b(repr(rules).encode(), digest_size=12).hexdigest()


def _asked_posts(shown: Iterable[object], after: object) -> tuple[set[int], int]:
    """A live push's question read safely: the shown ids (at most SHOWN_AT_MOST, lowest
    first) and the id the new ones follow."""
    wanted = set(sorted({_post_id(post_id) for post_id in shown} - {0})[:SHOWN_AT_MOST])
    return wanted, _post_id(after)


def _shown_through(wanted: set[int], after_id: int) -> int:
    """The last id of the stretch a tab shows whole (it shows a thread from its first
    post): a post she may see up to it that the tab does not show has come back since
    (a held post approved after later replies, a hidden one restored). 0: none."""
    return min(after_id, max(wanted)) if wanted else 0


def read_thread_changes(*, session: Session, actor: Actor, thread_id: object,
                        shown: Iterable[object], after: object) -> ThreadChanges:
    """What a live push asks of a thread the actor has open (issue 15): the posts of
    ``shown`` (the ones her tab shows) as she may see them now (reactions, edits; one
    taken down, held or blocked is left out), how many posts after post ``after`` (the
    last one her tab shows or counted) she may see: the new replies, and how many she
    may see among the shown ones that are not shown (``_shown_through``). Authorized as
    ``read_thread`` is, through the same query; a thread out of her sight is refused."""
    hides = ViewerHides(session, actor.id)  # her blocks and mutes: read once for all
    thread, group, moderator = access_thread(session, actor, thread_id, hides=hides)
    wanted, after_id = _asked_posts(shown, after)
    # One read for both: the shown posts and the new ones (only counted), oldest first;
    # every shown one fits within the limit, and at least as many new ones as are counted.
    found = _shown_rows(session.execute(
        _thread_posts(actor, thread, moderator, hides)
        .where(or_(GroupPost.id.in_(wanted), GroupPost.id > after_id) if wanted
               else GroupPost.id > after_id)
        .order_by(GroupPost.id).limit(len(wanted) + NEW_COUNTED_AT_MOST)))
    rows = [row for row in found if row[0].id in wanted]
    newer = min(sum(1 for post, _ in found if post.id > after_id), NEW_COUNTED_AT_MOST)
    through = _shown_through(wanted, after_id)
    earlier = len(session.execute(
        _thread_posts(actor, thread, moderator, hides).with_only_columns(GroupPost.id)
        .where(GroupPost.id <= through, GroupPost.id.not_in(wanted))
        .limit(NEW_COUNTED_AT_MOST)).all()) if through else 0
    return ThreadChanges(view=_thread_view(session, actor, thread, group, moderator, rows, 0,
                                           hides),
                         newer=newer, earlier=earlier)


def my_notes(*, session: Session, actor: Actor) -> list[MemberNote]:
    """What moderators decided about the member lately, with the reasons they gave. A
    pause set by a group's own moderator names that group: it applies there only."""
    require(actor, Permission.GROUP_TAKE_PART)
    moderator = aliased(User)
    rows = session.execute(
        select(ModerationRecord, moderator.roles, SupportGroup.name)
        .outerjoin(moderator, moderator.id == ModerationRecord.moderator_id)
        .outerjoin(SupportGroup, SupportGroup.id == ModerationRecord.group_id)
        .where(ModerationRecord.target_user_id == actor.id,
               ModerationRecord.action.in_([verb.value for verb in AUTHOR_VISIBLE_VERBS]),
               # A private message not delivered is explained under the message itself.
               or_(ModerationRecord.action != ModerationVerb.REJECT.value,
                   ModerationRecord.post_id.is_not(None)),
               ModerationRecord.created_at > utcnow() - NOTES_FOR)
        .order_by(ModerationRecord.created_at.desc()).limit(NOTES_SHOWN)
    ).all()
    notes = []
    for record, roles, group_name in rows:
        key, text = reason_parts(record.reason)
        in_group = (record.action == ModerationVerb.MUTE.value and group_name is not None
                    and not parse_roles(roles or "") & STAFF_ROLES)
        notes.append(MemberNote(at=record.created_at, action=record.action, reason_key=key,
                                reason_text=text, until=record.until,
                                group_name=group_name if in_group else ""))
    return notes


def waiting_count(*, session: Session, actor: Actor) -> int:
    """How many of the member's own posts wait for review."""
    require(actor, Permission.GROUP_TAKE_PART)
    return session.execute(
        select(func.count(GroupPost.id)).where(GroupPost.author_id == actor.id,
                                               GroupPost.status == PostStatus.HELD.value)
    ).scalar_one()
