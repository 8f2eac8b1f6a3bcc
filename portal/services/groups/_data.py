"""Support groups in 'My data': what a member wrote and did in groups, exported; and
erased for real when they delete their account.

Moderation records about the member are evidence, and a member must not be able to
erase them by leaving: they outlive the account, pseudonymised (``target_user_id``
becomes NULL, shown as "former member"), and ``purge_erased_member_records`` deletes
them once the evidence retention period (settings, a year by default) has passed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from portal.domain.groups import AUTHOR_VISIBLE_VERBS, ItemKind, PostStatus
from portal.models.groups import (
    AnonymousMute,
    GroupMembership,
    GroupPost,
    GroupThread,
    MemberStanding,
    ModerationRecord,
    PostFlag,
    PostReaction,
    ReviewQueueItem,
    SupportGroup,
    WatchedWordEntry,
)
from portal.models.types import utcnow
from portal.settings import get_settings


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_memberships(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(GroupMembership, SupportGroup.name)
        .join(SupportGroup, SupportGroup.id == GroupMembership.group_id)
        .where(GroupMembership.user_id == user_id)).all()
    return [{"group": name, "role": m.role, "status": m.status, "since": _iso(m.created_at)}
            for m, name in rows]


def _export_posts(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(GroupPost, GroupThread.title, SupportGroup.name)
        .join(GroupThread, GroupThread.id == GroupPost.thread_id)
        .join(SupportGroup, SupportGroup.id == GroupPost.group_id)
        .where(GroupPost.author_id == user_id, GroupPost.status != PostStatus.DELETED.value)
        .order_by(GroupPost.id)).all()
    return [{"group": group, "thread": title, "opening_post": post.is_opening,
             "text": post.body, "content_warning": post.content_warning,
             "without_name": post.anonymous, "status": post.status,
             "written": _iso(post.created_at), "edited": _iso(post.edited_at)}
            for post, title, group in rows]


def _export_reactions_and_flags(session: Session, user_id: int) -> dict[str, Any]:
    reactions = session.execute(
        select(PostReaction.kind, PostReaction.created_at).where(PostReaction.user_id == user_id)
    ).all()
    flags = session.execute(
        select(PostFlag.reason, PostFlag.note, PostFlag.created_at)
        .where(PostFlag.flagger_id == user_id)).all()
    return {"reactions": [{"kind": kind, "at": _iso(at)} for kind, at in reactions],
            "reports": [{"reason": reason, "note": note, "at": _iso(at)}
                        for reason, note, at in flags]}


def _export_anonymous_mutes(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The member's own anonymous mutes: when, and in which group. Never who the author
    is (the member never knew), and never anyone else's mutes of this member."""
    rows = session.execute(
        select(AnonymousMute.created_at, SupportGroup.name)
        .outerjoin(GroupPost, GroupPost.id == AnonymousMute.post_id)
        .outerjoin(SupportGroup, SupportGroup.id == GroupPost.group_id)
        .where(AnonymousMute.muter_id == user_id).order_by(AnonymousMute.id)).all()
    return [{"since": _iso(at), "group": group} for at, group in rows]


def _export_standing(session: Session, user_id: int) -> dict[str, Any]:
    standing = session.get(MemberStanding, user_id)
    notes = session.execute(
        select(ModerationRecord.action, ModerationRecord.reason, ModerationRecord.created_at,
               ModerationRecord.until)
        .where(ModerationRecord.target_user_id == user_id,
               ModerationRecord.action.in_([verb.value for verb in AUTHOR_VISIBLE_VERBS]))
    ).all()
    return {
        "approved_posts": standing.approved_posts if standing else 0,
        "posts_not_published": standing.rejected_posts if standing else 0,
        "warnings": standing.warnings if standing else 0,
        "posting_paused_until": _iso(standing.muted_until) if standing else None,
        "moderator_notes": [{"action": action, "reason": reason, "at": _iso(at),
                             "until": _iso(until)} for action, reason, at, until in notes],
    }


def _erase_posts(session: Session, user_id: int) -> None:
    threads = set(session.execute(
        select(GroupPost.thread_id).where(GroupPost.author_id == user_id)).scalars())
    session.execute(delete(GroupPost).where(GroupPost.author_id == user_id))
    for thread_id in threads:
        thread = session.get(GroupThread, thread_id)
        if thread is None:
            continue
        remaining = session.execute(
            select(func.count(GroupPost.id)).where(GroupPost.thread_id == thread_id)
        ).scalar_one()
        if remaining == 0:
            session.delete(thread)
            continue
        thread.reply_count = session.execute(
            select(func.count(GroupPost.id)).where(
                GroupPost.thread_id == thread_id, GroupPost.is_opening.is_(False),
                GroupPost.status == PostStatus.VISIBLE.value)).scalar_one()
        if thread.author_id == user_id:
            # Others replied: their words stay under an untitled conversation.
            thread.title, thread.content_warning, thread.author_id = "", "", None


def _erase_group_rows(session: Session, user_id: int, keep_posts: bool) -> None:
    if keep_posts:
        session.execute(update(GroupPost).where(GroupPost.author_id == user_id)
                        .values(author_id=None))
    else:
        _erase_posts(session, user_id)
    session.execute(update(GroupThread).where(GroupThread.author_id == user_id)
                    .values(author_id=None))
    session.execute(delete(GroupMembership).where(GroupMembership.user_id == user_id))
    session.execute(delete(PostReaction).where(PostReaction.user_id == user_id))
    session.execute(delete(PostFlag).where(PostFlag.flagger_id == user_id))
    session.execute(delete(AnonymousMute).where((AnonymousMute.muter_id == user_id)
                                                | (AnonymousMute.hidden_author_id == user_id)))
    session.execute(delete(MemberStanding).where(MemberStanding.user_id == user_id))
    session.execute(update(ModerationRecord).where(ModerationRecord.target_user_id == user_id)
                    .values(target_user_id=None, subject_erased_at=utcnow()))
    session.execute(update(ModerationRecord).where(ModerationRecord.moderator_id == user_id)
                    .values(moderator_id=None))
    # What she wrote to staff is hers, not evidence: it goes with her account.
    session.execute(delete(ReviewQueueItem).where(
        ReviewQueueItem.author_id == user_id,
        ReviewQueueItem.kind == ItemKind.STAFF_CONTACT.value))
    session.execute(update(ReviewQueueItem).where(ReviewQueueItem.author_id == user_id)
                    .values(author_id=None))
    session.execute(update(ReviewQueueItem).where(ReviewQueueItem.claimed_by_id == user_id)
                    .values(claimed_by_id=None))
    session.execute(update(ReviewQueueItem).where(ReviewQueueItem.resolved_by_id == user_id)
                    .values(resolved_by_id=None))
    session.execute(update(WatchedWordEntry).where(WatchedWordEntry.created_by_id == user_id)
                    .values(created_by_id=None))
    session.execute(update(SupportGroup).where(SupportGroup.created_by_id == user_id)
                    .values(created_by_id=None))


def purge_erased_member_records(session: Session, now: datetime) -> int:
    """The scheduler's job: moderation records about members who deleted their account
    are purged once the evidence retention period has passed (never before)."""
    cutoff = now - timedelta(days=get_settings().evidence_retention_days)
    deleted = session.execute(delete(ModerationRecord).where(
        ModerationRecord.subject_erased_at.is_not(None),
        ModerationRecord.subject_erased_at <= cutoff)).rowcount or 0
    session.commit()
    return deleted


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "group_memberships": _export_memberships,
    "group_posts": _export_posts,
    "group_reactions_and_flags": _export_reactions_and_flags,
    "posts_without_a_name_you_stopped_seeing": _export_anonymous_mutes,
    "group_standing": _export_standing,
}
ERASER = _erase_group_rows
