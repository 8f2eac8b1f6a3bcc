"""'My data': everything we hold about a member, and deleting it for real.

Each capability's exporters and eraser are added here by ``services.wiring``, so a
new table cannot be forgotten by export or deletion without its own test failing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, parse_roles, require
from portal.models import Block, Invite, RecoveryCode, User, UserSession
from portal.models.types import utcnow
from portal.services import audit
from portal.services.accounts import _reauth as reauth
from portal.services.accounts.members import revoke_all_sessions

Exporter = Callable[[Session, int], Any]
Eraser = Callable[[Session, int, bool], None]
EXPORTERS: dict[str, Exporter] = {}
ERASERS: list[Eraser] = []


def add_exporters(exporters: dict[str, Exporter]) -> None:
    """Called by ``services.wiring`` once per capability."""
    EXPORTERS.update(exporters)


def add_eraser(function: Eraser) -> None:
    """Called by ``services.wiring`` once per capability."""
    if function not in ERASERS:
        ERASERS.append(function)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_profile(session: Session, user_id: int) -> dict[str, Any]:
    user = session.get(User, user_id)
    return {
        "display_name": user.display_name,
        "roles": sorted(parse_roles(user.roles)),
        "status": user.status,
        "timezone": user.timezone,
        "language": user.language,
        "email": user.email,
        "email_reminders": user.email_reminders,
        "organisation": user.organisation,
        "created_at": _iso(user.created_at),
        "last_seen_at": _iso(user.last_seen_at),
    }


def _export_sessions(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(UserSession).where(UserSession.user_id == user_id)).scalars()
    return [{"started": _iso(r.created_at), "last_seen": _iso(r.last_seen_at),
             "ended": _iso(r.revoked_at)} for r in rows]


def _export_blocks(session: Session, user_id: int) -> list[str]:
    rows = session.execute(
        select(User.display_name).join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == user_id)
    ).scalars()
    return list(rows)


def _export_invites(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(Invite).where(Invite.created_by_id == user_id)).scalars()
    return [{"role": r.role, "organisation": r.organisation, "uses": r.uses,
             "created": _iso(r.created_at), "expires": _iso(r.expires_at)} for r in rows]


def _erase_account_rows(session: Session, user_id: int, _keep_posts: bool) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.execute(
        delete(Block).where((Block.blocker_id == user_id) | (Block.blocked_id == user_id)))
    session.execute(
        update(Invite).where(Invite.created_by_id == user_id).values(created_by_id=None))


def export_my_data(*, session: Session, actor: Actor) -> dict[str, Any]:
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    data = {name: export(session, actor.id) for name, export in EXPORTERS.items()}
    data["exported_at"] = utcnow().isoformat()
    return data


def delete_my_account(*, session: Session, actor: Actor, passphrase: str,
                      keep_posts_as_former_member: bool = False) -> None:
    """Delete the member and everything about them, in one transaction."""
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    user = reauth.confirm_passphrase(session, actor=actor, passphrase=passphrase, now=utcnow())
    revoke_all_sessions(session, user_id=user.id, now=utcnow())
    for erase in ERASERS:
        erase(session, user.id, keep_posts_as_former_member)
    session.delete(user)
    # Throttle rows hold keyed hashes of names only and age out within a day.
    audit.record(session, actor=None, action="member.self_delete", target_type="user",
                 target_id=actor.id)
    session.commit()


# What "My data" shows and erases for the account itself (wired in services.wiring).
EXPORTERS_OF_ACCOUNTS = {
    "profile": _export_profile,
    "sessions": _export_sessions,
    "blocked_members": _export_blocks,
    "invites_created": _export_invites,
}
ERASER_OF_ACCOUNTS = _erase_account_rows
