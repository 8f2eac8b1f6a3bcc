"""A member's choice per kind of notification: on (the default) or off.

Only the optional kinds (``portal.domain.notification_kinds``) can be turned off;
security notices and the other always-on kinds cannot. A member reads and changes her
own choices only: no function here takes another member's id from a caller.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, exists, or_, select
from sqlmodel import Session

from portal.domain.notification_kinds import OPTIONAL_KINDS, is_optional, optional_kind
from portal.domain.permissions import Actor, Permission, require
from portal.models.accounts import Block
from portal.models.notifications import MutedNotificationKind
from portal.models.types import utcnow
from portal.services.errors import ServiceError
from portal.services.notifications.common import insert_ignoring_conflicts

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


@dataclass(frozen=True)
class KindChoice:
    kind: str
    on: bool


@dataclass(frozen=True)
class NotificationChoices:
    """Every optional kind, in the order the settings page shows them."""

    kinds: tuple[KindChoice, ...]

    @property
    def off(self) -> tuple[str, ...]:
        return tuple(choice.kind for choice in self.kinds if not choice.on)


def muted_kinds(session: Session, user_id: int) -> frozenset[str]:
    return frozenset(session.execute(
        select(MutedNotificationKind.kind).where(MutedNotificationKind.user_id == user_id)
    ).scalars())


def is_held_back(session: Session, *, user_id: int, kind: str,
                 about_member: int | None = None) -> bool:
    """Whether ``notify`` adds nothing: she turned this kind off (always-on kinds are
    never skipped), or it tells of a member she blocked or who blocked her
    (``about_member``). One read."""
    muted = is_optional(kind)
    blocks = about_member is not None and about_member != user_id
    if not (muted or blocks):
        return False
    return any(session.execute(_held_back_statement(muted, blocks), {
        "user_id": user_id, "kind": kind, "other_id": about_member}).one())


@functools.cache
def _held_back_statement(muted: bool, blocks: bool):
    """Built once per shape (its cache key too): every private message asks."""
    user_id, other_id = bindparam("user_id"), bindparam("other_id")
    checks = []
    if muted:
        checks.append(exists().where(MutedNotificationKind.user_id == user_id,
                                     MutedNotificationKind.kind == bindparam("kind")))
    if blocks:
        checks.append(exists().where(or_(
            (Block.blocker_id == user_id) & (Block.blocked_id == other_id),
            (Block.blocker_id == other_id) & (Block.blocked_id == user_id))))
    return select(*checks)


def _view(session: Session, user_id: int) -> NotificationChoices:
    off = muted_kinds(session, user_id)
    return NotificationChoices(kinds=tuple(KindChoice(kind=kind.value, on=kind.value not in off)
                                           for kind in OPTIONAL_KINDS))


def notification_choices(*, session: Session, actor: Actor) -> NotificationChoices:
    """The actor's own choices."""
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    return _view(session, actor.id)


def _wanted(on: object) -> bool:
    if isinstance(on, bool):
        return on
    text = str(on).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ServiceError("notify.kind_unknown")


def choose_notification_kind(*, session: Session, actor: Actor, kind: object,
                             on: object) -> NotificationChoices:
    """Turn one optional kind on or off for the actor herself. Saying the same twice
    changes nothing; an always-on kind (security) cannot be turned off."""
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    chosen = optional_kind(kind)
    if chosen is None:
        raise ServiceError("notify.kind_unknown")
    if _wanted(on):
        session.execute(delete(MutedNotificationKind).where(
            MutedNotificationKind.user_id == actor.id,
            MutedNotificationKind.kind == chosen.value))
    else:
        insert_ignoring_conflicts(
            session, MutedNotificationKind.__table__,
            [{"user_id": actor.id, "kind": chosen.value, "created_at": utcnow()}],
            ("user_id", "kind"))
    session.commit()
    return _view(session, actor.id)
