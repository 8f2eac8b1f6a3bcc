"""Putting things in the review queue: held posts, flagged posts, reported private
messages and private messages held before delivery, and the quiet signal that someone
blocked the author of an anonymous post; and finding an item a moderator may act on.

The mentoring capability calls ``enqueue_message_report`` when a member reports a
message and ``hold_message`` when a message waits before delivery, in its own
transaction. What moderators see of those messages and what their decisions do lives in
``moderation_messages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.groups import STAFF_ONLY_ITEM_KINDS, HoldReason, ItemKind, claim_is_active
from portal.domain.permissions import Actor, Permission, require
from portal.models.groups import GroupPost, ReviewQueueItem
from portal.models.types import utcnow
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups._access import may_moderate
from portal.services.moderation.checks import needs_site_staff


def _merge(existing: str, reasons: Iterable[str]) -> str:
    merged = [part for part in existing.split(",") if part]
    for reason in reasons:
        if reason not in merged:
            merged.append(reason)
    return ",".join(merged)[:200]


def open_items_for_post(session: Session, post_id: int) -> list[ReviewQueueItem]:
    return list(session.execute(
        select(ReviewQueueItem).where(ReviewQueueItem.post_id == post_id,
                                      ReviewQueueItem.kind == ItemKind.POST.value,
                                      ReviewQueueItem.resolved.is_(False))
    ).scalars())


def hold_for_review(session: Session, *, post: GroupPost, reasons: Iterable[str],
                    urgent: bool, now: datetime) -> ReviewQueueItem:
    """The post's open review item, created or given the new reasons (caller commits)."""
    reasons = list(reasons)
    items = open_items_for_post(session, post.id)
    if items:
        item = items[0]
        item.reasons = _merge(item.reasons, reasons)
        item.urgent = item.urgent or urgent
        return item
    item = ReviewQueueItem(kind=ItemKind.POST.value, post_id=post.id, group_id=post.group_id,
                           author_id=post.author_id, reasons=_merge("", reasons),
                           urgent=urgent, created_at=now)
    session.add(item)
    session.flush()
    return item


def resolve_items_for_post(session: Session, *, post_id: int, actor_id: int | None,
                           outcome: str, now: datetime) -> None:
    for item in open_items_for_post(session, post_id):
        item.resolved = True
        item.resolved_at = now
        item.resolved_by_id = actor_id
        item.outcome = outcome[:24]


def enqueue_message_report(session: Session, *, report_id: int, urgent: bool,
                           author_id: int | None = None,
                           now: datetime | None = None) -> int:
    """Put a reported private message in the moderators' review queue.

    For the mentoring capability. ``report_id`` is your report's id (kept as a plain
    number, no foreign key); ``author_id`` is the member who wrote the reported message,
    so the moderator sees their standing and history and can warn, mute or suspend them;
    ``urgent`` puts it at the top (self-harm risk, recruitment). Only site moderators see
    message items. Runs in your transaction: this function flushes, you commit. Calling
    it again for the same open report only raises its urgency. Returns the item's id.
    """
    existing = session.execute(
        select(ReviewQueueItem).where(ReviewQueueItem.kind == ItemKind.MESSAGE.value,
                                      ReviewQueueItem.message_report_id == int(report_id),
                                      ReviewQueueItem.resolved.is_(False))
    ).scalars().first()
    if existing is not None:
        existing.urgent = existing.urgent or bool(urgent)
        session.flush()
        return existing.id
    item = ReviewQueueItem(kind=ItemKind.MESSAGE.value, message_report_id=int(report_id),
                           author_id=author_id, reasons=HoldReason.MESSAGE_REPORT.value,
                           urgent=bool(urgent), created_at=now or utcnow())
    session.add(item)
    session.flush()
    return item.id


def enqueue_anonymous_block(session: Session, *, post: GroupPost,
                            now: datetime | None = None) -> None:
    """Tell site moderators, quietly, that a member blocked the author of this anonymous
    post: a low-priority item only they see (no group id, so no group moderator's queue
    holds it), naming neither the member who blocked nor anything to the author. One open
    item per post. Runs in the caller's transaction."""
    existing = session.execute(
        select(ReviewQueueItem.id).where(ReviewQueueItem.kind == ItemKind.ANONYMOUS_BLOCK.value,
                                         ReviewQueueItem.post_id == post.id,
                                         ReviewQueueItem.resolved.is_(False))
    ).first()
    if existing is None:
        session.add(ReviewQueueItem(kind=ItemKind.ANONYMOUS_BLOCK.value, post_id=post.id,
                                    group_id=None, author_id=post.author_id,
                                    reasons=HoldReason.ANONYMOUS_BLOCK.value, urgent=False,
                                    created_at=now or utcnow()))
        session.flush()


def hold_message(session: Session, *, message_id: int, author_id: int,
                 reasons: Iterable[str], urgent: bool, now: datetime | None = None) -> int:
    """Put a private message that waits before delivery in the review queue.

    For the mentoring capability, in its transaction (this flushes, the caller commits).
    Only site moderators see these items. Returns the item's id."""
    item = ReviewQueueItem(kind=ItemKind.HELD_MESSAGE.value, mentor_message_id=int(message_id),
                           author_id=author_id, reasons=_merge("", reasons),
                           urgent=bool(urgent), created_at=now or utcnow())
    session.add(item)
    session.flush()
    return item.id


def access_item(session: Session, actor: Actor, item_id: object, *, now: datetime,
                respect_claims: bool = True) -> ReviewQueueItem:
    """An open queue item this moderator may act on. Private messages and anonymous-block
    signals are for site moderators only; a group's items for its moderators, except
    items held for personal details or recruitment, which wait for site moderators.
    Someone else's live claim keeps others' hands off."""
    require(actor, Permission.GROUP_POST_APPROVE)
    item = session.get(ReviewQueueItem, parse_id(item_id))
    if item is None or item.resolved:
        raise NotFound()
    if item.kind in STAFF_ONLY_ITEM_KINDS:
        allowed = actor.is_staff
    else:
        allowed = item.group_id is not None and may_moderate(session, actor, item.group_id)
    if not allowed:
        raise NotFound()
    if not actor.is_staff and needs_site_staff(item.reasons):
        raise ServiceError("review.needs_site_staff")
    if (respect_claims and item.claimed_by_id not in (None, actor.id)
            and claim_is_active(item.claimed_at, now)):
        raise ServiceError("review.claimed_by_other")
    return item
