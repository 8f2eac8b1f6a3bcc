"""Moderator actions on a thread page: lock or pin a thread, hide a post."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal.domain.groups import HoldReason, ModerationVerb, PostStatus
from portal.domain.permissions import Actor, Permission, require
from portal.models.types import utcnow
from portal.services.errors import ServiceError
from portal.services.groups._access import access_post, access_thread, scope_of
from portal.services.groups.transitions import record_action, set_post_status
from portal.services.moderation.review import hold_for_review


def set_thread_locked(*, session: Session, actor: Actor, thread_id: object, locked: bool,
                      now: datetime | None = None) -> None:
    """A locked thread takes no new replies (moderators excepted)."""
    now = now or utcnow()
    thread, group, _moderator = access_thread(session, actor, thread_id)
    require(actor, Permission.GROUP_POST_APPROVE, scope_of(session, group.id))
    if thread.locked != bool(locked):
        thread.locked = bool(locked)
        record_action(session, actor=actor, now=now,
                      verb=ModerationVerb.LOCK if locked else ModerationVerb.UNLOCK,
                      target_user_id=thread.author_id, group_id=group.id, thread_id=thread.id)
    session.commit()


def set_thread_pinned(*, session: Session, actor: Actor, thread_id: object, pinned: bool,
                      now: datetime | None = None) -> None:
    """A pinned thread stays at the top of the group's first page."""
    now = now or utcnow()
    thread, group, _moderator = access_thread(session, actor, thread_id)
    require(actor, Permission.GROUP_POST_APPROVE, scope_of(session, group.id))
    if pinned and thread.status != PostStatus.VISIBLE:
        raise ServiceError("review.pin_visible_only")
    if thread.pinned != bool(pinned):
        thread.pinned = bool(pinned)
        record_action(session, actor=actor, now=now,
                      verb=ModerationVerb.PIN if pinned else ModerationVerb.UNPIN,
                      target_user_id=thread.author_id, group_id=group.id, thread_id=thread.id)
    session.commit()


def hide_post(*, session: Session, actor: Actor, post_id: object,
              now: datetime | None = None) -> None:
    """Take a visible post out of sight at once; it waits in the queue for a decision."""
    now = now or utcnow()
    post, thread, group, _moderator = access_post(session, actor, post_id)
    require(actor, Permission.GROUP_POST_APPROVE, scope_of(session, group.id))
    if post.status != PostStatus.VISIBLE:
        raise ServiceError("review.hide_visible_only")
    set_post_status(session, post, thread, PostStatus.HIDDEN, now)
    hold_for_review(session, post=post, reasons=(HoldReason.HIDDEN_BY_MODERATOR.value,),
                    urgent=False, now=now)
    record_action(session, actor=actor, verb=ModerationVerb.HIDE, now=now,
                  target_user_id=post.author_id, group_id=group.id, post_id=post.id)
    session.commit()
