"""Acting on an author from the review queue (warn, mute for a while, suspend), and the
moderation history.

Suspension is for staff with that right only and goes through
``portal.services.accounts.staff.set_suspended`` (sessions end at once, audited there). A site
moderator's mute applies everywhere; a group moderator's mute applies to their group.
Who wrote a post without a name is for site moderators only, so acting on that author
is theirs too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from portal.domain.groups import MUTE_HOURS_CHOICES, REASON_MAX, ItemKind, ModerationVerb
from portal.domain.permissions import Actor, Permission, PermissionDenied, parse_roles, require
from portal.models import User
from portal.models.groups import GroupPost, ModerationRecord, ReviewQueueItem, SupportGroup
from portal.models.types import utcnow
from portal.services import audit
from portal.services.accounts import staff
from portal.services.errors import NotFound, ServiceError
from portal.services.groups._access import GroupScope, scope_of, to_page
from portal.services.groups.posts import clean_line
from portal.services.groups.transitions import reason_parts, record_action
from portal.services.groups.views import HistoryRow
from portal.services.moderation import messages as moderation_messages
from portal.services.moderation.queue import queue_scope
from portal.services.moderation.review import access_item
from portal.services.moderation.standing import mute_in_group, standing_of

HISTORY_PAGE = 25
_STAFF_ROLES = frozenset({"moderator", "admin"})


def _scope(session: Session, item: ReviewQueueItem) -> GroupScope:
    if item.kind == ItemKind.MESSAGE or item.group_id is None:
        return GroupScope(id=0, moderator_ids=frozenset())  # site moderators only
    return scope_of(session, item.group_id)


def _author(session: Session, actor: Actor, item_id: object, permission: Permission | None,
            now: datetime) -> tuple[ReviewQueueItem, User]:
    item = access_item(session, actor, item_id, now=now)
    if permission is not None:
        require(actor, permission, _scope(session, item))
    if not actor.is_staff and item.post_id is not None:
        post = session.get(GroupPost, item.post_id)
        if post is not None and post.anonymous:
            raise ServiceError("review.anonymous_for_site_moderators")
    user = session.get(User, item.author_id) if item.author_id is not None else None
    if user is None:
        raise NotFound()
    if user.id == actor.id:
        raise ServiceError("review.not_yourself")
    if parse_roles(user.roles) & _STAFF_ROLES and not actor.is_staff:
        raise ServiceError("review.not_on_staff")
    return item, user


def _reason(reason: object) -> str:
    return clean_line(reason, max_length=REASON_MAX, empty_key="review.reason_needed")


def warn_author(*, session: Session, actor: Actor, item_id: object, reason: object,
                now: datetime | None = None) -> None:
    """A private word to the author; they read it on their groups page."""
    now = now or utcnow()
    item, user = _author(session, actor, item_id, Permission.MODERATION_MEMBER_WARN, now)
    text = _reason(reason)
    standing = standing_of(session, user.id)
    standing.warnings += 1
    standing.updated_at = now
    record_action(session, actor=actor, verb=ModerationVerb.WARN, now=now,
                  target_user_id=user.id, group_id=item.group_id, post_id=item.post_id,
                  reason=text)
    moderation_messages.after_author_action(session, actor, item, ModerationVerb.WARN, now)
    session.commit()


def mute_author(*, session: Session, actor: Actor, item_id: object, hours: object,
                reason: object, now: datetime | None = None) -> datetime:
    """Pause the author's posting for a while: everywhere when a site moderator decides,
    in this item's group when its group moderator does. Returns when the pause ends."""
    now = now or utcnow()
    item, user = _author(session, actor, item_id, Permission.MODERATION_MEMBER_MUTE, now)
    try:
        length = int(str(hours))
    except (TypeError, ValueError):
        length = 0
    if length not in MUTE_HOURS_CHOICES:
        raise ServiceError("review.mute_length_unknown")
    text = _reason(reason)
    until = now + timedelta(hours=length)
    if actor.is_staff:
        standing = standing_of(session, user.id)
        if standing.muted_until is None or standing.muted_until < until:
            standing.muted_until = until
        standing.updated_at = now
        until = standing.muted_until
    else:
        if item.group_id is None:  # access_item gives group moderators group items only
            raise NotFound()
        until = mute_in_group(session, item.group_id, user.id, until)
    record_action(session, actor=actor, verb=ModerationVerb.MUTE, now=now,
                  target_user_id=user.id, group_id=item.group_id, post_id=item.post_id,
                  reason=text, until=until)
    session.commit()
    return until


def suspend_author(*, session: Session, actor: Actor, item_id: object, reason: object,
                   now: datetime | None = None) -> None:
    """Suspend the author's account (staff with the suspend right only)."""
    now = now or utcnow()
    require(actor, Permission.ACCOUNT_MEMBER_SUSPEND)
    item, user = _author(session, actor, item_id, None, now)
    text = _reason(reason)
    # The history row joins staff.set_suspended's commit, which also writes the audit entry.
    session.add(ModerationRecord(moderator_id=actor.id, target_user_id=user.id,
                                 group_id=item.group_id, post_id=item.post_id,
                                 action=ModerationVerb.SUSPEND.value, reason=text,
                                 created_at=now))
    moderation_messages.after_author_action(session, actor, item, ModerationVerb.SUSPEND, now)
    try:
        staff.set_suspended(session=session, actor=actor, member_id=user.id, suspended=True,
                            reason=text)
    except (PermissionDenied, ServiceError):
        session.rollback()
        raise


def list_history(*, session: Session, actor: Actor,
                 page: object = 0) -> tuple[list[HistoryRow], bool]:
    """The moderation history, newest first: every group for site moderators, their own
    groups for group moderators. Reading it is audited."""
    scope = queue_scope(session, actor)
    number = to_page(page)
    moderator, member = aliased(User), aliased(User)
    query = (select(ModerationRecord, moderator.display_name, member.display_name,
                    SupportGroup.name)
             .outerjoin(moderator, moderator.id == ModerationRecord.moderator_id)
             .outerjoin(member, member.id == ModerationRecord.target_user_id)
             .outerjoin(SupportGroup, SupportGroup.id == ModerationRecord.group_id))
    if scope is not None:
        query = query.where(ModerationRecord.group_id.in_(scope))
    rows = session.execute(
        query.order_by(ModerationRecord.created_at.desc(), ModerationRecord.id.desc())
        .offset(number * HISTORY_PAGE).limit(HISTORY_PAGE + 1)).all()
    audit.record(session, actor=actor, action="moderation.history_read",
                 target_type="moderation_history", detail=f"page={number}")
    session.commit()
    history = []
    for record, moderator_name, member_name, group_name in rows[:HISTORY_PAGE]:
        key, text = reason_parts(record.reason)
        history.append(HistoryRow(id=record.id, at=record.created_at, action=record.action,
                                  moderator_name=moderator_name or "",
                                  member_name=member_name or "", group_name=group_name or "",
                                  reason_key=key, reason_text=text, until=record.until))
    return history, len(rows) > HISTORY_PAGE
