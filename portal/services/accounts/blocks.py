"""Blocking another member: no posts seen, no replies, no messages, never matched again.

Other capabilities react to a new block through ``ON_BLOCK`` hooks (mentoring ends an
active match), registered at import time of their service module.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, Status, require
from portal.models import Block, User
from portal.services.errors import NotFound, ServiceError, parse_id

BlockHook = Callable[[Session, int, int], None]
ON_BLOCK: list[BlockHook] = []


def block_member(*, session: Session, actor: Actor, member_id: int) -> None:
    require(actor, Permission.ACCOUNT_MEMBER_BLOCK)
    other = session.get(User, parse_id(member_id))
    if other is None or other.status == Status.DELETED:
        raise NotFound()
    if other.id == actor.id:
        raise ServiceError("block.not_yourself")
    exists = session.execute(
        select(Block.id).where(Block.blocker_id == actor.id, Block.blocked_id == other.id)
    ).first()
    if exists is None:
        session.add(Block(blocker_id=actor.id, blocked_id=other.id))
        try:
            session.flush()
        except IntegrityError:  # a double tap raced us: the block exists either way
            session.rollback()
    for hook in ON_BLOCK:
        hook(session, actor.id, other.id)
    session.commit()


def unblock_member(*, session: Session, actor: Actor, member_id: int) -> None:
    require(actor, Permission.ACCOUNT_MEMBER_BLOCK)
    session.execute(delete(Block).where(Block.blocker_id == actor.id,
                                        Block.blocked_id == parse_id(member_id)))
    session.commit()


# Built once: every read of a group thread or feed asks it (issue 14).
_EITHER_WAY = select(Block.blocker_id, Block.blocked_id).where(
    or_(Block.blocker_id == bindparam("user_id"), Block.blocked_id == bindparam("user_id")))


def blocked_either_way(session: Session, user_id: int) -> set[int]:
    """Everyone this member blocked or was blocked by (for filtering and matching)."""
    rows = session.execute(_EITHER_WAY, {"user_id": user_id}).all()
    return {blocked if blocker == user_id else blocker for blocker, blocked in rows}


def is_blocked_between(session: Session, first_id: int, second_id: int) -> bool:
    return session.execute(
        select(Block.id).where(
            or_((Block.blocker_id == first_id) & (Block.blocked_id == second_id),
                (Block.blocker_id == second_id) & (Block.blocked_id == first_id))).limit(1)
    ).first() is not None


def my_blocks(*, session: Session, actor: Actor) -> list[tuple[int, str]]:
    require(actor, Permission.ACCOUNT_MEMBER_BLOCK)
    rows = session.execute(
        select(User.id, User.display_name).join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == actor.id).order_by(User.display_name_key)
    ).all()
    return [(row.id, row.display_name) for row in rows]
