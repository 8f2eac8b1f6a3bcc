"""Moving a post between statuses, keeping its thread's status, reply count and activity
time in step; and writing a moderator's action to the history and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.groups import CannedRejection, ModerationVerb, PostStatus
from portal.domain.permissions import Actor
from portal.models.groups import GroupPost, GroupThread, ModerationRecord
from portal.services import audit, live

CANNED_PREFIX = "canned:"


def _visible_replies(session: Session, thread_id: int) -> int:
    return session.execute(
        select(func.count(GroupPost.id)).where(GroupPost.thread_id == thread_id,
                                               GroupPost.is_opening.is_(False),
                                               GroupPost.status == PostStatus.VISIBLE)
    ).scalar_one()


def set_post_status(session: Session, post: GroupPost, thread: GroupThread, status: PostStatus,
                    now: datetime) -> None:
    """Change a post's status; an opening post carries its thread with it."""
    was_visible = post.status == PostStatus.VISIBLE
    post.status = status.value
    # Open tabs read this post again (and the thread, whose status it may carry).
    live.changed(session, live.thread_post_topic(thread.id, post.id))
    becomes_visible = status == PostStatus.VISIBLE and not was_visible
    if post.is_opening:
        if status == PostStatus.DELETED and _visible_replies(session, thread.id) > 0:
            # Others replied: the conversation stays, the opening words are gone.
            thread.status = PostStatus.VISIBLE.value
        else:
            thread.status = status.value
        if becomes_visible:
            thread.last_activity_at = now
    elif becomes_visible:
        thread.reply_count += 1
        thread.last_activity_at = now
    elif was_visible and status != PostStatus.VISIBLE:
        thread.reply_count = max(thread.reply_count - 1, 0)


def stored_reason(canned: CannedRejection | None, written: str) -> str:
    return f"{CANNED_PREFIX}{canned.value}" if canned is not None else written


def reason_parts(stored: str) -> tuple[str, str]:
    """A stored reason as (catalog key, written text): one of them is empty."""
    if stored.startswith(CANNED_PREFIX):
        try:
            return CannedRejection(stored.removeprefix(CANNED_PREFIX)).message_key, ""
        except ValueError:
            return "", ""
    return "", stored


def record_action(session: Session, *, actor: Actor, verb: ModerationVerb, now: datetime,
                  target_user_id: int | None = None, group_id: int | None = None,
                  post_id: int | None = None, thread_id: int | None = None,
                  reason: str = "", until: datetime | None = None) -> None:
    """The moderation history row and the audit entry, in the caller's transaction."""
    session.add(ModerationRecord(moderator_id=actor.id, target_user_id=target_user_id,
                                 group_id=group_id, post_id=post_id, thread_id=thread_id,
                                 action=verb.value, reason=reason[:500], until=until,
                                 created_at=now))
    target_type, target_id = (("group_post", post_id) if post_id is not None
                              else ("group_thread", thread_id) if thread_id is not None
                              else ("user", target_user_id))
    # The audit log keeps what was done and to which object, never the member's words.
    detail = f"group={group_id}" if group_id is not None else ""
    if until is not None:
        detail += f" until={until.isoformat()}"
    if reason.startswith(CANNED_PREFIX):
        detail += f" reason={reason}"
    audit.record(session, actor=actor, action=f"moderation.{verb.value}",
                 target_type=target_type, target_id=target_id, detail=detail.strip())
