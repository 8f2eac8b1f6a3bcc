"""What one live push reads for every tab that has a thread open (issue 15, fan-out).

A reply in a thread open in 200 tabs asks ``read_thread_changes`` 200 times, about ten
queries each. ``read_thread_changes_for`` answers every tab of the push with a fixed
handful of queries: the thread and its group, the readers' memberships, their blocks
and anonymous mutes, the posts any of them may be asked about, their reactions and the
readers' own reports. Each reader is then authorized and served in Python by the same
rules, in the same order, as ``read_thread_changes`` (``_access._thread_context`` and
``feed._thread_posts``): held posts for their author and moderators only, blocks both
ways for named posts, mutes for anonymous ones, anonymous authors named to site staff
only. ``tests/services/test_live_thread_reads.py`` holds each reader's answer equal to
``read_thread_changes`` for her, on SQLite and PostgreSQL.

A push that names the posts that changed (a reaction, a reply, an edit, a post held,
approved or taken down: ``live.thread_post_topic``) reads only those of the shown posts
again, for each reader whose rules are what they were at her tab's last read (her
roles, whether she moderates, whom she blocks or mutes: ``feed.reader_mark``). Every other
shown post is as her tab shows it; a reader whose rules changed gets every shown post
read again. A reaction on one post of 150 no longer re-reads 150 posts in every tab.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select
from sqlmodel import Session

from portal.domain.groups import PostStatus
from portal.domain.permissions import Actor
from portal.models import User
from portal.models.groups import (
    GroupPost,
    PostFlag,
)
from portal.models.types import utcnow
from portal.services.groups._access import post_visible_to
from portal.services.groups.feed import (
    _REACTIONS,
    _SHOWN_COLUMNS,
    NEW_COUNTED_AT_MOST,
    _asked_posts,
    _assembled_view,
    _post_id,
    _post_view,
    _shown_rows,
    _shown_through,
    page_after,
    reader_mark,
)
from portal.services.groups.readers import GroupRow, Seen, ThreadRow, who_sees
from portal.services.groups.views import ThreadChanges, ThreadView
from portal.services.plain_rows import plain_rows


@dataclass(frozen=True)
class ChangesAsked:
    """One open tab's question: who reads, which posts the tab shows, and the last post
    it shows or counted."""

    actor: Actor
    shown: tuple[int, ...]
    after: int
    # The posts a push named as changed (None: any may have), and the reader's rules at
    # the tab's last read of them (``ThreadChanges.reader_mark``; "": unknown).
    only: frozenset[int] | None = None
    reader_mark: str = ""


# Built once with its values bound at each call, as every statement a push runs (the
# reactions' is feed's own).
_REPORTED = select(PostFlag.flagger_id, PostFlag.post_id).where(
    PostFlag.flagger_id.in_(bindparam("flagger_ids", expanding=True)),
    PostFlag.post_id.in_(bindparam("post_ids", expanding=True)))


def read_thread_changes_for(*, session: Session, thread_id: object,
                            readers: Sequence[ChangesAsked]) -> list[ThreadChanges | None]:
    """``read_thread_changes`` for every reader of one thread, as herself, in a fixed
    number of queries. A reader refused the thread (outside its group, a block with its
    named author, signed out of the right to take part) gets None; the others are not
    affected."""
    found: list[ThreadChanges | None] = [None] * len(readers)
    seen = who_sees(session, thread_id, [reader.actor for reader in readers])
    if seen is not None and seen.seeing:
        _changes_for(session, seen, readers, found)
    return found


def _changes_for(session: Session, seen: Seen, readers: Sequence[ChangesAsked],
                 found: list[ThreadChanges | None]) -> None:
    """Each reader's answer who may see the thread, in ``found`` by her number."""
    thread, group, hidden, seeing = seen.thread, seen.group, seen.hidden, seen.seeing
    asked = {number: _asked_posts(readers[number].shown, readers[number].after)
             for number, _ in seeing}
    marks: dict[int, str] = {}
    for number, moderator in seeing:
        actor = readers[number].actor
        marks[number] = reader_mark(actor, moderator, hidden[actor.id].blocked,
                                    hidden[actor.id].muted)
    # The shown posts read again for each reader: those the push named, when her rules
    # are as at her tab's last read (None: every shown post).
    again = {number: _read_again(readers[number], asked[number][0], marks[number])
             for number, _ in seeing}
    shown_any = set().union(*(asked[number][0] if again[number] is None else again[number]
                              for number, _ in seeing))
    rows = _shown_posts(session, thread.id, shown_any)
    counted = _counted_posts(session, thread.id, asked.values())
    post_ids = [post.id for post, _ in rows]
    reactions = (plain_rows(session, _REACTIONS, {"post_ids": post_ids}).all()
                 if post_ids else [])
    reported = {(flagger, post_id) for flagger, post_id in plain_rows(session, _REPORTED, {
        "flagger_ids": list({readers[number].actor.id for number, _ in seeing}),
        "post_ids": post_ids}).all()} if post_ids else set()
    now = utcnow()
    for number, moderator in seeing:
        actor = readers[number].actor
        wanted, after_id = asked[number]

        def visible(post, actor=actor, moderator=moderator) -> bool:
            return post_visible_to(actor, post, moderator, hidden[actor.id])

        read = again[number]
        if read is None:
            # ``counted`` holds every candidate (the shown ones too), oldest first.
            mine = [post for post in counted
                    if (post.id in wanted or post.id > after_id) and visible(post)]
            mine = mine[:len(wanted) + NEW_COUNTED_AT_MOST]
            kept = {post.id for post in mine}
            read = wanted
            newer = min(sum(1 for post in mine if post.id > after_id), NEW_COUNTED_AT_MOST)
        else:
            # The same answer for the posts read again, checking only those: every shown
            # post is at most ``after_id`` (``_read_again``), so each one she may see is
            # among the first ``len(wanted)`` of ``mine`` above, and the new ones follow.
            kept = {post.id for post in counted if post.id in read and visible(post)}
            newer = min(sum(1 for post in counted if post.id > after_id and visible(post)),
                        NEW_COUNTED_AT_MOST)
        # Checked again on the whole row: it was read in its own statement, and a post
        # approved between the two must not show its earlier, held self.
        shown_rows = [(post, name) for post, name in rows
                      if post.id in read and post.id in kept and visible(post)]
        through = _shown_through(wanted, after_id)
        earlier = min(sum(1 for post in counted
                          if post.id <= through and post.id not in wanted and visible(post)),
                      NEW_COUNTED_AT_MOST)
        found[number] = ThreadChanges(
            view=_view(thread, group, actor, moderator, hidden[actor.id], shown_rows,
                       reactions, reported, now),
            newer=newer, earlier=earlier, reader_mark=marks[number], only=again[number])


def catch_up_thread(*, session: Session, thread_id: object, asked: ChangesAsked,
                    limit: int) -> tuple[ThreadChanges, ThreadView] | None:
    """After her own reply, for her tab: ``read_thread_changes_for``'s answer, and the
    page of posts after the last one it shows or counted as ``feed.read_thread`` reads
    it (hers among them), her access to the thread checked once for both. None when
    she may not see the thread (her tab then reads it afresh and learns why)."""
    seen = who_sees(session, thread_id, [asked.actor])
    if seen is None or not seen.seeing:
        return None
    found: list[ThreadChanges | None] = [None]
    _changes_for(session, seen, [asked], found)
    (_, moderator), = seen.seeing
    hides = seen.hidden[asked.actor.id]
    view = page_after(session, asked.actor, seen.thread, seen.group, moderator, hides,
                      after=asked.after, limit=limit)
    return found[0], view


def _read_again(reader: ChangesAsked, wanted: set[int], mark: str) -> frozenset[int] | None:
    """Which of her shown posts are read again: the ones the push named, when her rules
    are those of her tab's last read and the new posts she is told of follow every one
    she shows (as her tab asks); every one (None) otherwise."""
    if (reader.only is None or not reader.reader_mark or reader.reader_mark != mark
            or max(wanted, default=0) > _post_id(reader.after)):
        return None
    return frozenset(wanted & reader.only)


_SHOWN = (select(*_SHOWN_COLUMNS, User.display_name)
          .outerjoin(User, User.id == GroupPost.author_id)
          .where(GroupPost.thread_id == bindparam("thread_id"),
                 GroupPost.id.in_(bindparam("wanted", expanding=True)),
                 GroupPost.status != PostStatus.DELETED.value)
          .order_by(GroupPost.id))


def _shown_posts(session: Session, thread_id: int, wanted: set[int]) -> list:
    """The posts any reader's tab shows, whole, with their authors' names, oldest first
    (each reader's own rules follow)."""
    if not wanted:
        return []
    return _shown_rows(plain_rows(session, _SHOWN, {"thread_id": thread_id,
                                                    "wanted": sorted(wanted)}))


_COUNTED = (select(GroupPost.id, GroupPost.author_id, GroupPost.anonymous, GroupPost.status)
            .where(GroupPost.thread_id == bindparam("thread_id"),
                   GroupPost.status != PostStatus.DELETED.value,
                   or_(GroupPost.id <= bindparam("through"),
                       GroupPost.id > bindparam("lowest_after")))
            .order_by(GroupPost.id))


def _counted_posts(session: Session, thread_id: int, asked) -> list:
    """Every post any reader may be asked about (a shown one, one after her last, or one
    among those she is shown: ``feed._shown_through``) with only what her rules and
    her counts need (its id, who wrote it, anonymously or not, its status), oldest
    first. The words and names are read for the shown posts alone (``_shown_posts``): a
    push to a busy thread reads the posts its tabs show, not every post since."""
    asked = list(asked)
    lowest_after = min(after for _, after in asked)
    through = max(_shown_through(ids, after) for ids, after in asked)
    return plain_rows(session, _COUNTED, {"thread_id": thread_id, "through": through,
                                          "lowest_after": lowest_after}).all()


def _view(thread: ThreadRow, group: GroupRow, actor: Actor, moderator: bool, hidden,
          rows: list, reactions: list, reported: set, now) -> ThreadView:
    """``feed._thread_view`` from what was read for every reader."""
    ids = {post.id for post, _ in rows}
    counts: dict[int, Counter] = {post_id: Counter() for post_id in ids}
    mine: dict[int, set[str]] = {post_id: set() for post_id in ids}
    for post_id, kind, user_id in reactions:
        if post_id in ids:
            counts[post_id][kind] += 1
            if user_id == actor.id:
                mine[post_id].add(kind)
    posts = tuple(_post_view(post, name, actor, moderator, counts[post.id], mine[post.id],
                             now, reported=(actor.id, post.id) in reported)
                  for post, name in rows)
    return _assembled_view(thread, group, moderator, posts, next_after=0,
                           author_hidden=lambda: hidden.hides(thread.author_id, False))
