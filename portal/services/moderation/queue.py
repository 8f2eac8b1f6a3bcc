"""The moderators' review queue: urgent first, then oldest; claiming; deciding.

Each item shows what a moderator needs to judge fairly: the post (or the private
message and the few before it), why it is waiting, the flags, and the author's
pseudonym, account age, trust, status and recent moderation history. Site moderators
see every item, and who wrote a post without a name; a group moderator sees their
groups' posts, with the history of their groups only and no names behind posts made
without one. Every decision is written to the moderation history and the audit log in
the same commit.

For the mentoring capability: ``enqueue_message_report`` (re-exported here from
``moderation_review``) puts a reported private message in this queue.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.groups import (
    CONTENT_WARNING_MAX,
    REASON_MAX,
    CannedRejection,
    ItemKind,
    ModerationVerb,
    PostStatus,
    ReviewOutcome,
    parse_enum,
)
from portal.domain.permissions import Actor, Permission, PermissionDenied, can, require
from portal.models.groups import GroupPost, GroupThread, ReviewQueueItem
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import ServiceError
from portal.services.groups import notices as groups_notices
from portal.services.groups._access import moderated_group_ids, to_page
from portal.services.groups.posts import clean_body, clean_line
from portal.services.groups.transitions import record_action, set_post_status, stored_reason
from portal.services.groups.views import QueuePage
from portal.services.moderation import messages as moderation_messages
from portal.services.moderation._cards import item_views
from portal.services.moderation.checks import check_text
from portal.services.moderation.review import (
    access_item,
    enqueue_message_report,
    resolve_items_for_post,
)
from portal.services.moderation.standing import count_approved, count_rejected

__all__ = [
    "approve_item", "claim_item", "dismiss_item", "edit_and_approve_item", "end_item_match",
    "enqueue_message_report", "hide_item", "list_queue", "reject_item",
]

QUEUE_PAGE = 20


def queue_scope(session: Session, actor: Actor) -> list[int] | None:
    """None for site moderators (every group and message reports); otherwise the groups
    this member moderates. Refused when they moderate none."""
    require(actor, Permission.GROUP_POST_APPROVE)
    if actor.is_staff:
        return None
    groups = moderated_group_ids(session, actor)
    if not groups:
        raise PermissionDenied(Permission.GROUP_POST_APPROVE)
    return groups


_ITEM_COLUMNS = (ReviewQueueItem.id, ReviewQueueItem.kind, ReviewQueueItem.post_id,
                 ReviewQueueItem.message_report_id, ReviewQueueItem.mentor_message_id,
                 ReviewQueueItem.author_id,
                 ReviewQueueItem.reasons, ReviewQueueItem.urgent, ReviewQueueItem.created_at,
                 ReviewQueueItem.claimed_by_id, ReviewQueueItem.claimed_at,
                 ReviewQueueItem.note)


def _waiting(scope: list[int] | None):
    query = select(*_ITEM_COLUMNS).where(ReviewQueueItem.resolved.is_(False))
    if scope is not None:
        query = query.where(ReviewQueueItem.group_id.in_(scope))
    return query


def _summary_statement(scope: list[int] | None):
    """Waiting, urgent waiting and the oldest waiting time of each urgency, as one
    statement: each part is an index range or a single seek on (resolved, urgent,
    created_at)."""

    def within(query):
        return query.where(ReviewQueueItem.group_id.in_(scope)) if scope is not None else query

    def count(*extra):
        waiting = within(select(ReviewQueueItem.id)
                         .where(ReviewQueueItem.resolved.is_(False), *extra))
        return select(func.count()).select_from(waiting.subquery()).scalar_subquery()

    def oldest(urgent: bool):
        return within(select(ReviewQueueItem.created_at)
                      .where(ReviewQueueItem.resolved.is_(False),
                             ReviewQueueItem.urgent.is_(urgent))
                      .order_by(ReviewQueueItem.created_at).limit(1)).scalar_subquery()

    return select(count(), count(ReviewQueueItem.urgent.is_(True)), oldest(True), oldest(False))


# Site moderators see every item: their summary is built once.
_EVERY_ITEM_SUMMARY = _summary_statement(None)


def _summary(session: Session, scope: list[int] | None) -> tuple[int, int, datetime | None]:
    statement = _EVERY_ITEM_SUMMARY if scope is None else _summary_statement(scope)
    total, urgent, oldest_urgent, oldest_other = session.execute(statement).one()
    firsts = [moment for moment in (oldest_urgent, oldest_other) if moment is not None]
    return total, urgent, min(firsts, default=None)


def list_queue(*, session: Session, actor: Actor, page: object = 0,
               now: datetime | None = None) -> QueuePage:
    """One page of waiting items: urgent first, then oldest first."""
    now = now or utcnow()
    scope = queue_scope(session, actor)
    offset = to_page(page) * QUEUE_PAGE
    total, urgent_total, oldest = _summary(session, scope)
    items: list = []
    if offset < urgent_total:
        items += session.execute(
            _waiting(scope).where(ReviewQueueItem.urgent.is_(True))
            .order_by(ReviewQueueItem.created_at, ReviewQueueItem.id)
            .offset(offset).limit(QUEUE_PAGE)).all()
    if len(items) < QUEUE_PAGE and offset + len(items) < total:
        items += session.execute(
            _waiting(scope).where(ReviewQueueItem.urgent.is_(False))
            .order_by(ReviewQueueItem.created_at, ReviewQueueItem.id)
            .offset(max(offset - urgent_total, 0)).limit(QUEUE_PAGE - len(items))
        ).all()
    views = item_views(session, actor, items, now, scope)
    audit.record(session, actor=actor, action="moderation.queue_read", target_type="queue",
                 detail=f"page={offset // QUEUE_PAGE} items={len(items)}")
    session.commit()
    return QueuePage(items=tuple(views), waiting=total, urgent_waiting=urgent_total,
                     oldest_waiting_at=oldest,
                     can_suspend=can(actor, Permission.ACCOUNT_MEMBER_SUSPEND),
                     has_more=offset + len(items) < total)


def claim_item(*, session: Session, actor: Actor, item_id: object,
               now: datetime | None = None) -> None:
    """Take an item: other moderators leave it for 30 minutes."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    item.claimed_by_id, item.claimed_at = actor.id, now
    audit.record(session, actor=actor, action="moderation.claim", target_type="review_item",
                 target_id=item.id)
    session.commit()


def _post_of(session: Session, item: ReviewQueueItem) -> tuple[GroupPost, GroupThread]:
    if item.kind != ItemKind.POST or item.post_id is None:
        raise ServiceError("review.not_a_post")
    post = session.get(GroupPost, item.post_id)
    if post is None or post.status == PostStatus.DELETED:
        raise ServiceError("review.post_gone")
    return post, session.get(GroupThread, post.thread_id)


def _publish(session: Session, actor: Actor, item: ReviewQueueItem, verb: ModerationVerb,
             now: datetime) -> None:
    post, thread = _post_of(session, item)
    was_held = post.status == PostStatus.HELD
    was_visible = post.status == PostStatus.VISIBLE
    set_post_status(session, post, thread, PostStatus.VISIBLE, now)
    post.reviewed_at, post.rejection_reason, post.urgent = now, "", False
    if was_held:
        count_approved(session, post.author_id, now)
    if not was_visible:  # it waited: its author, and the conversation's starter, hear now
        groups_notices.post_published(session, post, thread, actor.id)
        groups_notices.reply_published(session, post, thread)
    record_action(session, actor=actor, verb=verb, now=now, target_user_id=post.author_id,
                  group_id=post.group_id, post_id=post.id)
    resolve_items_for_post(session, post_id=post.id, actor_id=actor.id,
                           outcome=ReviewOutcome.APPROVED, now=now)
    session.commit()


def approve_item(*, session: Session, actor: Actor, item_id: object,
                 now: datetime | None = None) -> None:
    """Publish the post as it is (short posts too; approving needs no edit right), or
    deliver a held private message."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    if item.kind == ItemKind.HELD_MESSAGE:
        moderation_messages.approve_message(session, actor, item, now)
        session.commit()
        return
    _publish(session, actor, item, ModerationVerb.APPROVE, now)


def edit_and_approve_item(*, session: Session, actor: Actor, item_id: object, body: object,
                          content_warning: object = "", now: datetime | None = None) -> None:
    """Take out what should not be there (a phone number, say) and publish the rest.
    The post shows that a moderator edited it."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    post, thread = _post_of(session, item)
    new_body = clean_body(body)
    new_warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    if not actor.is_staff:
        # A group moderator's words go out under the author's name: they are checked
        # like the author's own.
        title = thread.title if post.is_opening else ""
        check = check_text(session, actor, f"{title}\n\n{new_warning}\n\n{new_body}")
        if check.blocked or check.held:
            raise ServiceError("review.edit_needs_another_look")
    post.body, post.content_warning = new_body, new_warning
    if post.is_opening:
        thread.content_warning = post.content_warning
    post.edited_by_moderator, post.edited_at = True, now
    _publish(session, actor, item, ModerationVerb.EDIT_APPROVE, now)


def reject_item(*, session: Session, actor: Actor, item_id: object, canned: object = "",
                written: object = "", now: datetime | None = None) -> None:
    """Do not publish. The author reads the reason: a canned one or the moderator's own."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    canned_reason = parse_enum(CannedRejection, canned) if canned else None
    written_text = clean_line(written, max_length=REASON_MAX)
    if canned_reason is None and not written_text:
        raise ServiceError("review.reason_needed")
    reason = stored_reason(canned_reason, written_text)
    if item.kind == ItemKind.HELD_MESSAGE:
        moderation_messages.reject_message(session, actor, item, reason, now)
        session.commit()
        return
    post, thread = _post_of(session, item)
    set_post_status(session, post, thread, PostStatus.REJECTED, now)
    post.reviewed_at, post.rejection_reason = now, reason
    count_rejected(session, post.author_id, now)
    groups_notices.post_not_published(session, post, thread, actor.id, reason)
    record_action(session, actor=actor, verb=ModerationVerb.REJECT, now=now,
                  target_user_id=post.author_id, group_id=post.group_id, post_id=post.id,
                  reason=reason)
    resolve_items_for_post(session, post_id=post.id, actor_id=actor.id,
                           outcome=ReviewOutcome.REJECTED, now=now)
    session.commit()


def hide_item(*, session: Session, actor: Actor, item_id: object,
              now: datetime | None = None) -> None:
    """Keep the post out of sight (its author still sees it, marked hidden)."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    post, thread = _post_of(session, item)
    set_post_status(session, post, thread, PostStatus.HIDDEN, now)
    post.reviewed_at = now
    record_action(session, actor=actor, verb=ModerationVerb.HIDE, now=now,
                  target_user_id=post.author_id, group_id=post.group_id, post_id=post.id)
    resolve_items_for_post(session, post_id=post.id, actor_id=actor.id,
                           outcome=ReviewOutcome.HIDDEN, now=now)
    session.commit()


def dismiss_item(*, session: Session, actor: Actor, item_id: object,
                 now: datetime | None = None) -> None:
    """Close the item and leave things as they are. For a reported private message, the
    reporter is told no rule was found broken (and what they can still do)."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    private_message = ItemKind(item.kind).is_private_message
    post_id = None if private_message else item.post_id
    if private_message:
        moderation_messages.dismiss_message_item(session, actor, item, now)
    else:
        item.resolved, item.resolved_at, item.resolved_by_id = True, now, actor.id
        item.outcome = ReviewOutcome.DISMISSED
    record_action(session, actor=actor, verb=ModerationVerb.DISMISS, now=now,
                  target_user_id=item.author_id, group_id=item.group_id, post_id=post_id)
    session.commit()


def end_item_match(*, session: Session, actor: Actor, item_id: object,
                   now: datetime | None = None) -> None:
    """End the mentorship a reported or held private message belongs to (site
    moderators). The reporter is told; the message is kept for the record."""
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    if not ItemKind(item.kind).is_private_message:
        raise ServiceError("review.not_a_message")
    moderation_messages.end_match_for_item(session, actor, item, now)
