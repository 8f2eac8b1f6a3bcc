"""Building review-queue views in a handful of queries, however many items a page has:
the post, its thread and group, flag counts, and the author's card (standing, trust,
status, recent history)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from portal.domain.groups import ItemKind, ModerationVerb, claim_is_active
from portal.domain.moderation import trust_level
from portal.domain.moderation_policy import RECENT_REJECTION_WINDOW
from portal.domain.permissions import Actor
from portal.models import User
from portal.models.groups import (
    GroupPost,
    GroupThread,
    MemberStanding,
    ModerationRecord,
    PostFlag,
    SupportGroup,
)
from portal.services import audit
from portal.services.groups_transitions import reason_parts
from portal.services.groups_views import AuthorCard, HistoryEntry, QueueItemView
from portal.services.moderation_review import message_excerpt

HISTORY_SHOWN = 5


def _history_statement():
    """Built once: the last few actions about each of the given authors (a window per
    author), with the moderator's pseudonym."""
    ranked = (
        select(ModerationRecord.target_user_id, ModerationRecord.moderator_id,
               ModerationRecord.action, ModerationRecord.reason, ModerationRecord.until,
               ModerationRecord.created_at,
               func.row_number().over(partition_by=ModerationRecord.target_user_id,
                                      order_by=(ModerationRecord.created_at.desc(),
                                                ModerationRecord.id.desc())).label("rank"))
        .where(ModerationRecord.target_user_id.in_(bindparam("author_ids", expanding=True)))
        .subquery())
    moderator = aliased(User)
    return (select(ranked, moderator.display_name)
            .outerjoin(moderator, moderator.id == ranked.c.moderator_id)
            .where(ranked.c.rank <= HISTORY_SHOWN)
            .order_by(ranked.c.target_user_id, ranked.c.rank))


_HISTORY = _history_statement()


def _history(session: Session, author_ids: list[int]) -> dict[int, list[HistoryEntry]]:
    if not author_ids:
        return {}
    rows = session.execute(_HISTORY, {"author_ids": list(author_ids)}).all()
    found: dict[int, list[HistoryEntry]] = defaultdict(list)
    for row in rows:
        key, text = reason_parts(row.reason)
        found[row.target_user_id].append(HistoryEntry(
            at=row.created_at, action=row.action, moderator_name=row.display_name or "",
            reason_key=key, reason_text=text, until=row.until))
    return found


def _author_cards(session: Session, author_ids: list[int], now: datetime) -> dict[int, AuthorCard]:
    """Pseudonym, age, status, standing and recent rejections in one query; history in one."""
    if not author_ids:
        return {}
    rejected_recently = (
        select(func.count(ModerationRecord.id))
        .where(ModerationRecord.target_user_id == User.id,
               ModerationRecord.action == ModerationVerb.REJECT.value,
               ModerationRecord.created_at > now - RECENT_REJECTION_WINDOW)
        .correlate(User).scalar_subquery())
    rows = session.execute(
        select(User.id, User.display_name, User.created_at, User.status,
               MemberStanding.approved_posts, MemberStanding.rejected_posts,
               MemberStanding.warnings, MemberStanding.muted_until,
               rejected_recently.label("rejected_recent"))
        .outerjoin(MemberStanding, MemberStanding.user_id == User.id)
        .where(User.id.in_(author_ids))).all()
    history = _history(session, author_ids)
    cards = {}
    for row in rows:
        approved = row.approved_posts or 0
        cards[row.id] = AuthorCard(
            display_name=row.display_name, joined_at=row.created_at, status=row.status,
            trust=int(trust_level(approved_posts=approved, account_age=now - row.created_at,
                                  rejected_recent=row.rejected_recent)),
            approved_posts=approved, rejected_posts=row.rejected_posts or 0,
            warnings=row.warnings or 0, muted_until=row.muted_until,
            history=tuple(history.get(row.id, ())))
    return cards


def item_views(session: Session, actor: Actor, items: list, now: datetime) -> list[QueueItemView]:
    """Views of queue items (rows or objects with ReviewQueueItem's attributes)."""
    post_ids = [item.post_id for item in items if item.post_id is not None]
    posts: dict[int, tuple] = {}
    if post_ids:
        rows = session.execute(
            select(GroupPost.id, GroupPost.thread_id, GroupPost.body, GroupPost.content_warning,
                   GroupPost.status, GroupPost.anonymous, GroupThread.title, SupportGroup.name)
            .join(GroupThread, GroupThread.id == GroupPost.thread_id)
            .join(SupportGroup, SupportGroup.id == GroupPost.group_id)
            .where(GroupPost.id.in_(post_ids))).all()
        posts = {row.id: (row, row.title, row.name) for row in rows}
    flags: dict[int, Counter] = defaultdict(Counter)
    if post_ids:
        for post_id, reason in session.execute(
                select(PostFlag.post_id, PostFlag.reason).where(PostFlag.post_id.in_(post_ids))):
            flags[post_id][reason] += 1
    author_ids = sorted({item.author_id for item in items if item.author_id is not None})
    cards = _author_cards(session, author_ids, now)
    claimer_ids = {item.claimed_by_id for item in items if item.claimed_by_id is not None}
    claimers = dict(session.execute(
        select(User.id, User.display_name).where(User.id.in_(claimer_ids))).all()
    ) if claimer_ids else {}
    views = []
    for item in items:
        post, thread_title, group_name = posts.get(item.post_id, (None, "", ""))
        excerpt = ""
        if item.kind == ItemKind.MESSAGE and item.message_report_id is not None:
            excerpt = message_excerpt(session, item.message_report_id)
            if excerpt:
                audit.record(session, actor=actor, action="moderation.message_report_read",
                             target_type="message_report", target_id=item.message_report_id)
        claimed = item.claimed_by_id is not None and claim_is_active(item.claimed_at, now)
        views.append(QueueItemView(
            id=item.id, kind=item.kind, urgent=item.urgent, created_at=item.created_at,
            reasons=tuple(part for part in item.reasons.split(",") if part),
            claimed_by_name=claimers.get(item.claimed_by_id, "") if claimed else "",
            claimed_by_me=item.claimed_by_id == actor.id,
            group_name=group_name, thread_id=post.thread_id if post else 0,
            thread_title=thread_title, post_id=post.id if post else 0,
            body=post.body if post else "", content_warning=post.content_warning if post else "",
            post_status=post.status if post else "", anonymous=post.anonymous if post else False,
            flags=tuple(sorted(flags.get(item.post_id, Counter()).items())),
            message_report_id=item.message_report_id or 0, message_excerpt=excerpt,
            author=cards.get(item.author_id)))
    return views
