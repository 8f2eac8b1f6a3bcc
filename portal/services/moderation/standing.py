"""Each member's standing: approved and rejected posts, warnings, mutes, trust level.

Kept in ``member_standing`` (keyed by user id) rather than on the users table. A site
moderator's mute is there too and applies everywhere; a group moderator's mute applies
to their group only and lives in ``group_mutes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.groups import ModerationVerb
from portal.domain.moderation import AuthorStanding, TrustLevel, trust_level
from portal.domain.moderation_policy import RECENT_REJECTION_WINDOW
from portal.models import User
from portal.models.groups import GroupMute, MemberStanding, ModerationRecord


def standing_of(session: Session, user_id: int) -> MemberStanding:
    """The member's standing row, created on first need (flushed, not committed)."""
    standing = session.get(MemberStanding, user_id)
    if standing is None:
        standing = MemberStanding(user_id=user_id)
        session.add(standing)
        session.flush()
    return standing


def rejections_since(session: Session, user_ids: Iterable[int],
                     since: datetime) -> dict[int, int]:
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(ModerationRecord.target_user_id, func.count(ModerationRecord.id))
        .where(ModerationRecord.target_user_id.in_(ids),
               ModerationRecord.action == ModerationVerb.REJECT,
               ModerationRecord.created_at > since)
        .group_by(ModerationRecord.target_user_id)
    ).all()
    return {user_id: count for user_id, count in rows}


def trust_of(joined_at: datetime, standing: MemberStanding | None, rejected_recent: int,
             now: datetime) -> TrustLevel:
    return trust_level(approved_posts=standing.approved_posts if standing else 0,
                       account_age=now - joined_at, rejected_recent=rejected_recent)


def author_standing(session: Session, user: User, *, is_staff: bool,
                    now: datetime) -> AuthorStanding:
    standing = standing_of(session, user.id)
    rejected = rejections_since(session, [user.id], now - RECENT_REJECTION_WINDOW)
    return AuthorStanding(trust=trust_of(user.created_at, standing,
                                         rejected.get(user.id, 0), now),
                          approved_posts=standing.approved_posts,
                          muted_until=standing.muted_until, is_staff=is_staff)


def count_approved(session: Session, user_id: int | None, now: datetime) -> None:
    if user_id is None:
        return
    standing = standing_of(session, user_id)
    standing.approved_posts += 1
    standing.updated_at = now


def count_rejected(session: Session, user_id: int | None, now: datetime) -> None:
    if user_id is None:
        return
    standing = standing_of(session, user_id)
    standing.rejected_posts += 1
    standing.updated_at = now


def group_muted_until(session: Session, group_id: int, user_id: int) -> datetime | None:
    """When the member's pause on posting in this one group ends (None: no such pause)."""
    return session.execute(
        select(GroupMute.muted_until).where(GroupMute.group_id == group_id,
                                            GroupMute.user_id == user_id)
    ).scalar_one_or_none()


def mute_in_group(session: Session, group_id: int, user_id: int, until: datetime) -> datetime:
    """Pause the member's posting in one group until ``until`` (a longer pause already
    in force stands). Returns when the pause ends. Flushes; the caller commits."""
    mute = session.execute(
        select(GroupMute).where(GroupMute.group_id == group_id, GroupMute.user_id == user_id)
    ).scalar_one_or_none()
    if mute is None:
        mute = GroupMute(group_id=group_id, user_id=user_id, muted_until=until)
        session.add(mute)
    elif mute.muted_until < until:
        mute.muted_until = until
    session.flush()
    return mute.muted_until
