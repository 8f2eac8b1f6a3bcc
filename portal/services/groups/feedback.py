"""What members do with others' posts: supportive reactions, flags, blocking the author
(a full block from a named post, an anonymous mute from a post made without a name).

Three different members flagging a post hide it until a moderator looks; each member
may flag ``DAILY_FLAG_LIMIT`` times in 24 hours.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.groups import FLAG_NOTE_MAX, HoldReason, PostStatus, ReactionKind, parse_enum
from portal.domain.moderation import FlagReason, can_flag, is_urgent_review, should_hide
from portal.domain.moderation_flags import FLAG_LIMIT_REACHED_KEY
from portal.domain.permissions import Actor, Permission, require
from portal.models.groups import GroupPost, PostFlag, PostReaction
from portal.models.types import utcnow
from portal.services import live
from portal.services.accounts import blocks
from portal.services.errors import ServiceError, parse_id
from portal.services.groups import anonymous_mutes
from portal.services.groups._access import access_post, post_visible_to
from portal.services.groups.posts import clean_line
from portal.services.groups.readers import who_sees
from portal.services.groups.thread_changes import ChangesAsked, _changes_for
from portal.services.groups.transitions import set_post_status
from portal.services.groups.views import ThreadChanges
from portal.services.moderation.review import enqueue_anonymous_block, hold_for_review
from portal.services.plain_rows import plain_rows

FLAG_DAY = timedelta(hours=24)


def react_to_post(*, session: Session, actor: Actor, post_id: object, kind: object) -> bool:
    """Add a supportive reaction, or take it back when it is already there.
    Returns whether the reaction is now on."""
    reaction = parse_enum(ReactionKind, kind)
    post, _thread, _group, _moderator = access_post(session, actor, post_id)
    if reaction is None:
        raise ServiceError("groups.unknown_reaction")
    if post.status != PostStatus.VISIBLE:
        raise ServiceError("groups.not_open_for_reactions")
    return _toggle(session, actor, post.id, post.thread_id, reaction)


def _toggle(session: Session, actor: Actor, post_id: int, thread_id: int,
            reaction: ReactionKind) -> bool:
    """Her reaction on a post she may react to, on or back off; committed."""
    live.changed(session, live.thread_post_topic(thread_id, post_id))  # counts, live
    removed = session.execute(
        delete(PostReaction).where(PostReaction.post_id == post_id,
                                   PostReaction.user_id == actor.id,
                                   PostReaction.kind == reaction.value)
    ).rowcount
    if removed:
        session.commit()
        return False
    session.add(PostReaction(post_id=post_id, user_id=actor.id, kind=reaction.value))
    try:
        session.commit()
    except IntegrityError:  # a double tap raced us: the reaction is there either way
        session.rollback()
    return True


# What her right to react reads of the post, as plain columns (``post_visible_to``).
_POST_FRAME = select(GroupPost.id, GroupPost.thread_id, GroupPost.author_id,
                     GroupPost.anonymous, GroupPost.status).where(
    GroupPost.id == bindparam("post_id"))


def react_and_read(*, session: Session, actor: Actor, post_id: object, kind: object,
                   thread_id: object, asked: ChangesAsked | None,
                   ) -> tuple[bool, ThreadChanges | None]:
    """``react_to_post`` from the thread her tab shows (``thread_id``), then that post
    read again for her tab as a live push naming it reads it (``asked``: her tab's
    question; ``read_thread_changes_for``), her right to see the thread and the post
    checked once for both (``readers.who_sees``, by ``_access``'s rules). Returns
    whether the reaction is now on, and her tab's answer.

    The long way, with no answer (None: her tab reads as before), when her tab asks
    nothing, the post is not in that thread, or she may not react to it:
    ``react_to_post`` then checks again and says why."""
    number = parse_id(post_id)
    reaction = parse_enum(ReactionKind, kind)
    post = (plain_rows(session, _POST_FRAME, {"post_id": number}).first()
            if asked is not None and reaction is not None else None)
    seen = (who_sees(session, post.thread_id, [actor])
            if post is not None and post.thread_id == thread_id else None)
    if (seen is None or not seen.seeing or post.status != PostStatus.VISIBLE
            or not post_visible_to(actor, post, seen.seeing[0][1], seen.hidden[actor.id])):
        return react_to_post(session=session, actor=actor, post_id=number, kind=kind), None
    on = _toggle(session, actor, post.id, post.thread_id, reaction)
    found: list[ThreadChanges | None] = [None]
    # Read as herself, whoever the question names, for the post she changed.
    _changes_for(session, seen, [replace(asked, actor=actor, only=frozenset({post.id}))],
                 found)
    return on, found[0]


def flag_post(*, session: Session, actor: Actor, post_id: object, reason: object,
              note: object = "", now: datetime | None = None) -> bool:
    """Ask moderators to look at a post. Returns whether the post is now hidden."""
    now = now or utcnow()
    flag_reason = parse_enum(FlagReason, reason)
    post, thread, _group, _moderator = access_post(session, actor, post_id)
    require(actor, Permission.GROUP_TAKE_PART)
    if flag_reason is None:
        raise ServiceError("groups.flag_reason_needed")
    if post.author_id == actor.id:
        raise ServiceError("groups.flag_own_post")
    if post.status != PostStatus.VISIBLE:
        raise ServiceError("groups.flag_already_with_moderators")
    note_text = clean_line(note, max_length=FLAG_NOTE_MAX)
    already = session.execute(
        select(PostFlag.id).where(PostFlag.post_id == post.id, PostFlag.flagger_id == actor.id)
    ).first()
    if already is not None:
        raise ServiceError("groups.flag_already_sent")
    flags_today = session.execute(
        select(func.count(PostFlag.id)).where(PostFlag.flagger_id == actor.id,
                                              PostFlag.created_at > now - FLAG_DAY)
    ).scalar_one()
    if not can_flag(flags_today):
        raise ServiceError(FLAG_LIMIT_REACHED_KEY)
    session.add(PostFlag(post_id=post.id, flagger_id=actor.id, reason=flag_reason.value,
                         note=note_text, created_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ServiceError("groups.flag_already_sent") from None
    counted = select(PostFlag.flagger_id, PostFlag.reason).where(PostFlag.post_id == post.id)
    if post.reviewed_at is not None:
        counted = counted.where(PostFlag.created_at > post.reviewed_at)
    rows = session.execute(counted).all()
    flaggers = {row.flagger_id for row in rows}
    urgent = is_urgent_review(FlagReason(row.reason) for row in rows
                              if row.reason in FlagReason._value2member_map_)
    hold_for_review(session, post=post, reasons=(HoldReason.FLAGS.value,), urgent=urgent,
                    now=now)
    hidden = should_hide(len(flaggers))
    if hidden:
        set_post_status(session, post, thread, PostStatus.HIDDEN, now)
    session.commit()
    return hidden


BLOCKED_KEY = "groups.blocked"
MUTED_KEY = "groups.blocked_anonymous"


def block_author(*, session: Session, actor: Actor, post_id: object,
                 now: datetime | None = None) -> str:
    """Block whoever wrote a post. Returns the catalog key of what the member reads.

    From a named post: a full block (no named posts either way, no replies, matches end).
    From a post made without a name: an anonymous mute, so the author is never revealed
    (see ``anonymous_mutes``): only that author's anonymous posts leave the member's
    sight, site moderators are told quietly, and the member reads the same words
    whoever the author is. Nothing changes for the author.
    """
    now = now or utcnow()
    post, _thread, _group, _moderator = access_post(session, actor, post_id)
    require(actor, Permission.ACCOUNT_MEMBER_BLOCK)
    if post.author_id is None or post.author_id == actor.id:
        raise ServiceError("groups.cannot_block_this")
    if not post.anonymous:
        blocks.block_member(session=session, actor=actor, member_id=post.author_id)
        return BLOCKED_KEY
    if anonymous_mutes.mute(session, muter_id=actor.id, author_id=post.author_id,
                            post_id=post.id, now=now):
        enqueue_anonymous_block(session, post=post, now=now)
    session.commit()
    return MUTED_KEY
