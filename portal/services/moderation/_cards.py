"""Building review-queue views in a handful of queries, however many items a page has:
the post, its thread and group, flag counts, and the author's card (standing, trust,
status, recent history); for private messages, the message and the few before it.

A group moderator is a member like the others: they see neither who wrote a post
without a name nor what happened to an author in other groups."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from portal.domain.groups import ItemKind, ModerationVerb, PostStatus, claim_is_active
from portal.domain.moderation import trust_level
from portal.domain.moderation_policy import RECENT_REJECTION_WINDOW
from portal.domain.permissions import Actor
from portal.models import User
from portal.models.groups import (
    GroupMute,
    GroupPost,
    GroupThread,
    MemberStanding,
    ModerationRecord,
    PostFlag,
    SupportGroup,
)
from portal.services.groups.transitions import reason_parts
from portal.services.groups.views import AuthorCard, HistoryEntry, QueueItemView
from portal.services.moderation._context import thread_contexts
from portal.services.moderation.care import care_sent_items, is_crisis_item
from portal.services.moderation.checks import needs_site_staff
from portal.services.moderation.messages import cases_for

HISTORY_SHOWN = 5


def _history_statement(*, scoped: bool):
    """Built once: the last few actions about each of the given authors (a window per
    author), with the moderator's pseudonym; ``scoped``: in the given groups only."""
    records = select(ModerationRecord.target_user_id, ModerationRecord.moderator_id,
                     ModerationRecord.action, ModerationRecord.reason, ModerationRecord.until,
                     ModerationRecord.created_at,
                     func.row_number().over(partition_by=ModerationRecord.target_user_id,
                                            order_by=(ModerationRecord.created_at.desc(),
                                                      ModerationRecord.id.desc())).label("rank")
                     ).where(ModerationRecord.target_user_id.in_(
                         bindparam("author_ids", expanding=True)))
    if scoped:
        records = records.where(ModerationRecord.group_id.in_(
            bindparam("group_ids", expanding=True)))
    ranked = records.subquery()
    moderator = aliased(User)
    return (select(ranked, moderator.display_name)
            .outerjoin(moderator, moderator.id == ranked.c.moderator_id)
            .where(ranked.c.rank <= HISTORY_SHOWN)
            .order_by(ranked.c.target_user_id, ranked.c.rank))


_HISTORY = _history_statement(scoped=False)
_HISTORY_IN_GROUPS = _history_statement(scoped=True)


def _history(session: Session, author_ids: list[int],
             scope: list[int] | None) -> dict[int, list[HistoryEntry]]:
    if not author_ids or scope == []:
        return {}
    if scope is None:
        rows = session.execute(_HISTORY, {"author_ids": list(author_ids)}).all()
    else:
        rows = session.execute(_HISTORY_IN_GROUPS, {"author_ids": list(author_ids),
                                                    "group_ids": list(scope)}).all()
    found: dict[int, list[HistoryEntry]] = defaultdict(list)
    for row in rows:
        key, text = reason_parts(row.reason)
        found[row.target_user_id].append(HistoryEntry(
            at=row.created_at, action=row.action, moderator_name=row.display_name or "",
            reason_key=key, reason_text=text, until=row.until))
    return found


def _counts_in_groups(session: Session, author_ids: list[int], scope: list[int]):
    """A group moderator's view of each author's standing: posts published, posts not
    published, warnings and the pause on posting, in the groups they moderate only."""
    published = dict(session.execute(
        select(GroupPost.author_id, func.count(GroupPost.id))
        .where(GroupPost.author_id.in_(author_ids), GroupPost.group_id.in_(scope),
               GroupPost.status == PostStatus.VISIBLE.value)
        .group_by(GroupPost.author_id)).all())
    actions: dict[int, Counter] = defaultdict(Counter)
    for user_id, action, count in session.execute(
            select(ModerationRecord.target_user_id, ModerationRecord.action,
                   func.count(ModerationRecord.id))
            .where(ModerationRecord.target_user_id.in_(author_ids),
                   ModerationRecord.group_id.in_(scope),
                   ModerationRecord.action.in_((ModerationVerb.REJECT.value,
                                                ModerationVerb.WARN.value)))
            .group_by(ModerationRecord.target_user_id, ModerationRecord.action)):
        actions[user_id][action] = count
    mutes = dict(session.execute(
        select(GroupMute.user_id, func.max(GroupMute.muted_until))
        .where(GroupMute.user_id.in_(author_ids), GroupMute.group_id.in_(scope))
        .group_by(GroupMute.user_id)).all())
    return {user_id: (published.get(user_id, 0),
                      actions[user_id][ModerationVerb.REJECT.value],
                      actions[user_id][ModerationVerb.WARN.value], mutes.get(user_id))
            for user_id in author_ids}


def _author_cards(session: Session, author_ids: list[int], now: datetime,
                  scope: list[int] | None = None) -> dict[int, AuthorCard]:
    """Pseudonym, age, status, standing and recent rejections in one query; history in one.
    Site moderators (``scope`` None) see everything; a group moderator sees the counts and
    history of their own groups only."""
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
    history = _history(session, author_ids, scope)
    in_groups = _counts_in_groups(session, author_ids, scope) if scope is not None else {}
    cards = {}
    for row in rows:
        approved = row.approved_posts or 0
        counts = (approved, row.rejected_posts or 0, row.warnings or 0, row.muted_until)
        shown = in_groups.get(row.id, (0, 0, 0, None)) if scope is not None else counts
        cards[row.id] = AuthorCard(
            display_name=row.display_name, joined_at=row.created_at, status=row.status,
            trust=int(trust_level(approved_posts=approved, account_age=now - row.created_at,
                                  rejected_recent=row.rejected_recent)),
            approved_posts=shown[0], rejected_posts=shown[1], warnings=shown[2],
            muted_until=shown[3], history=tuple(history.get(row.id, ())))
    return cards


def item_views(session: Session, actor: Actor, items: list, now: datetime,
               scope: list[int] | None = None) -> list[QueueItemView]:
    """Views of queue items (rows or objects with ReviewQueueItem's attributes), for a
    site moderator (``scope`` None) or a moderator of the groups in ``scope``."""
    post_ids = [item.post_id for item in items if item.post_id is not None]
    posts: dict[int, tuple] = {}
    if post_ids:
        rows = session.execute(
            select(GroupPost.id, GroupPost.thread_id, GroupPost.body, GroupPost.content_warning,
                   GroupPost.status, GroupPost.anonymous, GroupPost.is_opening,
                   GroupThread.title, SupportGroup.name)
            .join(GroupThread, GroupThread.id == GroupPost.thread_id)
            .join(SupportGroup, SupportGroup.id == GroupPost.group_id)
            .where(GroupPost.id.in_(post_ids))).all()
        posts = {row.id: (row, row.title, row.name) for row in rows}
    flags: dict[int, Counter] = defaultdict(Counter)
    flag_notes: dict[int, list[str]] = defaultdict(list)
    if post_ids:
        for post_id, reason, note in session.execute(
                select(PostFlag.post_id, PostFlag.reason, PostFlag.note)
                .where(PostFlag.post_id.in_(post_ids)).order_by(PostFlag.id)):
            flags[post_id][reason] += 1
            if note:
                flag_notes[post_id].append(note)
    # Who wrote a post without a name is for site moderators only.
    hidden = {item.id for item in items if not actor.is_staff and item.post_id in posts
              and posts[item.post_id][0].anonymous}
    author_ids = sorted({item.author_id for item in items
                         if item.author_id is not None and item.id not in hidden})
    cards = _author_cards(session, author_ids, now, None if actor.is_staff else scope or [])
    cases = cases_for(session, actor, items) if actor.is_staff else {}
    claimer_ids = {item.claimed_by_id for item in items if item.claimed_by_id is not None}
    claimers = dict(session.execute(
        select(User.id, User.display_name).where(User.id.in_(claimer_ids))).all()
    ) if claimer_ids else {}
    contexts = thread_contexts(session, [(row.id, row.thread_id) for row, _, _ in posts.values()
                                         if not row.is_opening])
    care_items = [item.id for item in items if actor.is_staff and item.author_id is not None
                  and is_crisis_item(item.reasons, item.urgent)]
    sent = care_sent_items(session, care_items)
    languages = dict(session.execute(
        select(User.id, User.language).where(User.id.in_(
            {item.author_id for item in items if item.id in care_items}))).all()
    ) if care_items else {}
    views = []
    for item in items:
        post, thread_title, group_name = posts.get(item.post_id, (None, "", ""))
        case = cases.get(item.id)
        excerpt = next((line.body for line in case.lines if line.is_subject), "") if case else ""
        claimed = item.claimed_by_id is not None and claim_is_active(item.claimed_at, now)
        views.append(QueueItemView(
            id=item.id, kind=item.kind, urgent=item.urgent, created_at=item.created_at,
            reasons=tuple(part for part in item.reasons.split(",") if part),
            claimed_by_name=claimers.get(item.claimed_by_id, "") if claimed else "",
            claimed_by_me=item.claimed_by_id == actor.id,
            group_name=group_name, thread_id=post.thread_id if post else 0,
            thread_title=thread_title, post_id=post.id if post else 0,
            # A post's words, or what a member wrote to staff.
            body=post.body if post else getattr(item, "note", ""),
            content_warning=post.content_warning if post else "",
            post_status=post.status if post else "", anonymous=post.anonymous if post else False,
            flags=tuple(sorted(flags.get(item.post_id, Counter()).items())),
            flag_notes=tuple(flag_notes.get(item.post_id, ())),
            message_report_id=item.message_report_id or 0, message_excerpt=excerpt,
            author=None if item.id in hidden else cards.get(item.author_id), case=case,
            author_hidden=item.id in hidden,
            needs_site_staff=not actor.is_staff and needs_site_staff(item.reasons),
            # A quiet signal about a nameless post carries no thread around it: the names
            # there could hint at who blocked (only the author's card rides in it).
            context=contexts.get(post.id) if post and item.kind != ItemKind.ANONYMOUS_BLOCK
            else None,
            care_possible=item.id in care_items, care_sent=item.id in sent,
            member_language=languages.get(item.author_id, "") if item.id in care_items
            else ""))
    return views
