"""Blocking the author of a post made without a name, without ever learning who they are.

A block from an anonymous post is an *anonymous mute*: the member stops seeing the
posts and threads that author writes without a name, and site moderators are told
quietly (``moderation_review.enqueue_anonymous_block``). Nothing of the author's named
presence changes for the member (named posts and threads, mentor suggestions, matches,
sessions), and nothing at all changes for the author: whatever vanished would name them.

The other way round holds too: a named block (``blocks``) hides named posts and threads
only, never anonymous ones, so blocking someone by name cannot show which anonymous
posts were theirs either. Every group read goes through ``_hides`` (one reader's
``ViewerHides``, or many readers' ``HiddenAuthors``) or ``author_filter`` so the two
rules are written once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.models import Block
from portal.models.groups import AnonymousMute
from portal.services.accounts.blocks import blocked_either_way
from portal.services.plain_rows import plain_rows


def mute(session: Session, *, muter_id: int, author_id: int, post_id: int,
         now: datetime) -> bool:
    """Record the mute in the caller's transaction; False when it was there already."""
    exists = session.execute(
        select(AnonymousMute.id).where(AnonymousMute.muter_id == muter_id,
                                       AnonymousMute.hidden_author_id == author_id)
    ).first()
    if exists is not None:
        return False
    session.add(AnonymousMute(muter_id=muter_id, hidden_author_id=author_id, post_id=post_id,
                              created_at=now))
    try:
        session.flush()
    except IntegrityError:  # a double tap raced us: the mute exists either way
        session.rollback()
        return False
    return True


_MUTED = select(AnonymousMute.hidden_author_id).where(
    AnonymousMute.muter_id == bindparam("viewer_id"))  # built once: every thread read asks


def muted_authors(session: Session, viewer_id: int) -> set[int]:
    """Authors whose anonymous posts this member no longer sees (never shown to anyone)."""
    return set(session.execute(_MUTED, {"viewer_id": viewer_id}).scalars())


@dataclass(frozen=True)
class HiddenAuthors:
    """``_hides``'s rule for one member, with her blocks and mutes read already
    (``hidden_authors_of``: many members in two queries)."""

    viewer_id: int
    blocked: frozenset[int] = frozenset()  # either way
    muted: frozenset[int] = frozenset()

    def hides(self, author_id: int | None, anonymous: bool) -> bool:
        return _hides(self, author_id, anonymous)

    def where_seen(self, author_column, anonymous_column):
        """``author_filter`` for this member, from what was read."""
        return _seen_clause(self.blocked, self.muted, author_column, anonymous_column)


def _hides(reader: HiddenAuthors | ViewerHides, author_id: int | None,
           anonymous: bool) -> bool:
    """Whether a post or thread by ``author_id`` stays out of this reader's sight: a named
    one across a block (either way), an anonymous one only when she muted its author."""
    if author_id is None or author_id == reader.viewer_id:
        return False
    return author_id in (reader.muted if anonymous else reader.blocked)


# Built once: every live push to a thread asks them for all its readers.
_BLOCKS_OF_MANY = select(Block.blocker_id, Block.blocked_id).where(or_(
    Block.blocker_id.in_(bindparam("viewer_ids", expanding=True)),
    Block.blocked_id.in_(bindparam("viewer_ids", expanding=True))))
_MUTES_OF_MANY = select(AnonymousMute.muter_id, AnonymousMute.hidden_author_id).where(
    AnonymousMute.muter_id.in_(bindparam("viewer_ids", expanding=True)))


def hidden_authors_of(session: Session, viewer_ids: Iterable[int]) -> dict[int, HiddenAuthors]:
    """Each member's blocks (either way) and anonymous mutes, for many members at once."""
    viewers = set(viewer_ids)
    blocked: dict[int, set[int]] = {viewer: set() for viewer in viewers}
    muted: dict[int, set[int]] = {viewer: set() for viewer in viewers}
    if viewers:
        asked = {"viewer_ids": list(viewers)}
        for blocker, target in plain_rows(session, _BLOCKS_OF_MANY, asked):
            if blocker in viewers:
                blocked[blocker].add(target)
            if target in viewers:
                blocked[target].add(blocker)
        for muter, author in plain_rows(session, _MUTES_OF_MANY, asked):
            muted[muter].add(author)
    return {viewer: HiddenAuthors(viewer, frozenset(blocked[viewer]), frozenset(muted[viewer]))
            for viewer in viewers}


class ViewerHides:
    """``_hides``'s rule for one member within one unit of work, her blocks (either
    way) and her mutes each read at most once, when first needed. One read of a thread
    asks the rule up to six times (may she see the thread, its posts, may she reply);
    each ask was a statement of its own. Read-only: a block or mute made after it was
    read is not in it, so it lives no longer than the read that made it."""

    def __init__(self, session: Session, viewer_id: int) -> None:
        self._session = session
        self.viewer_id = viewer_id

    @functools.cached_property
    def blocked(self) -> frozenset[int]:
        return frozenset(blocked_either_way(self._session, self.viewer_id))

    @functools.cached_property
    def muted(self) -> frozenset[int]:
        return frozenset(muted_authors(self._session, self.viewer_id))

    def hides(self, author_id: int | None, anonymous: bool) -> bool:
        return _hides(self, author_id, anonymous)

    def where_seen(self, author_column, anonymous_column):
        """``author_filter`` for this member."""
        return _seen_clause(self.blocked, self.muted, author_column, anonymous_column)


def author_filter(session: Session, viewer_id: int, author_column, anonymous_column):
    """The same rule as ``_hides`` as a WHERE clause over many rows, or None when
    nothing is hidden from this member."""
    return _seen_clause(blocked_either_way(session, viewer_id),
                        muted_authors(session, viewer_id), author_column, anonymous_column)


def _seen_clause(blocked: Iterable[int], muted: Iterable[int], author_column,
                 anonymous_column):
    if not blocked and not muted:
        return None
    named = anonymous_column.is_(False)
    if blocked:
        named = and_(named, author_column.not_in(sorted(blocked)))
    nameless = anonymous_column.is_(True)
    if muted:
        nameless = and_(nameless, author_column.not_in(sorted(muted)))
    return or_(author_column.is_(None), named, nameless)
