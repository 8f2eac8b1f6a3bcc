"""Staff tools: invites, the member list, suspension, ending sessions, the audit log.

Every action is authorized here and written to the audit log in the same commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from portal.auth.tokens import keyed_hash, new_code
from portal.domain.names import display_name_key
from portal.domain.permissions import (
    MEMBER_INVITE_ROLES,
    STAFF_INVITE_ROLES,
    Actor,
    Permission,
    Role,
    Status,
    parse_roles,
    require,
)
from portal.domain.sanitize import EmptyText, TextTooLong, clean_plain_line
from portal.models import Invite, User
from portal.models.types import utcnow
from portal.services import audit
from portal.services.accounts.members import revoke_all_sessions
from portal.services.accounts.views import InviteCreated, InviteRow, MemberRow
from portal.services.errors import NotFound, ServiceError, parse_id

PAGE_SIZE = 25
MAX_INVITE_USES = 500
MAX_INVITE_DAYS = 90
MAX_LABEL = 80

# Other capabilities react to a suspension in the same transaction (the calendar closes
# the member's sessions): ``hook(session, user_id)``.
SuspendHook = Callable[[Session, int], None]
ON_SUSPEND: list[SuspendHook] = []


def _whole_number(value: object) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def _plain(raw: object, *, max_length: int) -> str:
    """A cleaned single line; empty stays empty, too long is a calm refusal."""
    try:
        return clean_plain_line(str(raw or ""), max_length=max_length)
    except EmptyText:
        return ""
    except TextTooLong as error:
        raise ServiceError(error.message_key, **error.params) from None


def create_invite(*, session: Session, actor: Actor, role: str, organisation: str,
                  max_uses: int = 1, valid_days: int = 14, label: str = "") -> InviteCreated:
    """A new invite code. The code is returned once; only its hash is kept. The label is
    the inviter's own note of whom it is for ("For the Tuesday group"), plain text."""
    if role in STAFF_INVITE_ROLES:
        require(actor, Permission.ACCOUNT_INVITE_CREATE_STAFF)
    elif role in MEMBER_INVITE_ROLES:
        require(actor, Permission.ACCOUNT_INVITE_CREATE)
    else:
        require(actor, Permission.ACCOUNT_INVITE_CREATE)
        raise ServiceError("invite.unknown_role")
    max_uses, valid_days = _whole_number(max_uses), _whole_number(valid_days)
    if not 1 <= max_uses <= MAX_INVITE_USES:
        raise ServiceError("invite.bad_uses", most=MAX_INVITE_USES)
    if not 1 <= valid_days <= MAX_INVITE_DAYS:
        raise ServiceError("invite.bad_days", most=MAX_INVITE_DAYS)
    issuer = session.get(User, actor.id)
    if actor.has_role(Role.PARTNER) and not actor.is_staff:
        organisation = issuer.organisation or ""
    organisation = _plain(organisation, max_length=120)
    if not organisation:
        raise ServiceError("invite.organisation_needed")
    label = _plain(label, max_length=MAX_LABEL)
    now = utcnow()
    code = new_code()
    invite = Invite(code_hash=keyed_hash(code, purpose="invite"), code_hint=code[-4:],
                    role=role, organisation=organisation, label=label, max_uses=max_uses,
                    created_by_id=actor.id, created_at=now,
                    expires_at=now + timedelta(days=valid_days))
    session.add(invite)
    session.flush()
    audit.record(session, actor=actor, action="invite.create", target_type="invite",
                 target_id=invite.id, detail=f"role={role} uses={max_uses} days={valid_days}")
    session.commit()
    return InviteCreated(id=invite.id, code=code, role=role, organisation=organisation,
                         max_uses=invite.max_uses, expires_at=invite.expires_at, label=label)


def _invite_row(invite: Invite) -> InviteRow:
    return InviteRow(id=invite.id, code_hint=invite.code_hint, role=invite.role,
                     organisation=invite.organisation, label=invite.label, uses=invite.uses,
                     max_uses=invite.max_uses, expires_at=invite.expires_at,
                     revoked=invite.revoked_at is not None, created_by_id=invite.created_by_id)


def list_invites(*, session: Session, actor: Actor, page: int = 0) -> list[InviteRow]:
    require(actor, Permission.ACCOUNT_INVITE_LIST)
    query = select(Invite).order_by(Invite.created_at.desc(), Invite.id.desc())
    if not actor.is_staff:
        query = query.where(Invite.created_by_id == actor.id)
    rows = session.execute(query.offset(max(page, 0) * PAGE_SIZE).limit(PAGE_SIZE)).scalars()
    return [_invite_row(invite) for invite in rows]


def revoke_invite(*, session: Session, actor: Actor, invite_id: int) -> None:
    require(actor, Permission.ACCOUNT_INVITE_LIST)
    invite = session.get(Invite, parse_id(invite_id))
    if invite is None:
        raise NotFound()
    require(actor, Permission.ACCOUNT_INVITE_REVOKE, _invite_row(invite))
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
        audit.record(session, actor=actor, action="invite.revoke", target_type="invite",
                     target_id=invite.id)
    session.commit()


def _member_row(user: User) -> MemberRow:
    return MemberRow(id=user.id, display_name=user.display_name,
                     roles=tuple(sorted(parse_roles(user.roles))), status=user.status,
                     created_at=user.created_at, last_seen_at=user.last_seen_at)


def list_members(*, session: Session, actor: Actor, search: str = "",
                 page: int = 0) -> list[MemberRow]:
    require(actor, Permission.ACCOUNT_MEMBER_LIST)
    query = select(User).where(User.status != Status.DELETED)
    key = display_name_key(search)[:40]
    if key:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(User.display_name_key.like(f"%{escaped}%", escape="\\"))
    query = query.order_by(User.display_name_key).offset(max(page, 0) * PAGE_SIZE)
    return [_member_row(user) for user in session.execute(query.limit(PAGE_SIZE)).scalars()]


def _load_member(session: Session, member_id: int) -> User:
    user = session.get(User, parse_id(member_id))
    if user is None or user.status == Status.DELETED:
        raise NotFound()
    return user


def set_suspended(*, session: Session, actor: Actor, member_id: int, suspended: bool,
                  reason: str = "") -> MemberRow:
    """Suspend (every session ends at once) or lift a suspension.

    Suspending needs a short reason, kept in the audit entry's detail for staff only (the
    member is told only that her account is paused). Nobody suspends themselves.
    """
    require(actor, Permission.ACCOUNT_MEMBER_LIST)
    require(actor, Permission.ACCOUNT_MEMBER_SUSPEND)
    user = _load_member(session, member_id)
    if user.id == actor.id:
        raise ServiceError("staff.not_yourself")
    require(actor, Permission.ACCOUNT_MEMBER_SUSPEND, user)
    reason = _plain(reason, max_length=300)
    if suspended and not reason:
        raise ServiceError("staff.reason_needed")
    now = utcnow()
    user.status = Status.SUSPENDED if suspended else Status.ACTIVE
    if suspended:
        revoke_all_sessions(session, user_id=user.id, now=now)
        for hook in ON_SUSPEND:
            hook(session, user.id)
    audit.record(session, actor=actor, action="member.suspend" if suspended else "member.unsuspend",
                 target_type="user", target_id=user.id, detail=reason)
    session.commit()
    return _member_row(user)


def end_member_sessions(*, session: Session, actor: Actor, member_id: int) -> int:
    require(actor, Permission.ACCOUNT_MEMBER_LIST)
    user = _load_member(session, member_id)
    require(actor, Permission.ACCOUNT_MEMBER_END_SESSIONS, user)
    ended = revoke_all_sessions(session, user_id=user.id, now=utcnow())
    audit.record(session, actor=actor, action="member.end_sessions", target_type="user",
                 target_id=user.id, detail=f"sessions={ended}")
    session.commit()
    return ended


def _day(raw: object) -> date | None:
    """A date from a date field ("2026-12-05"); empty is no date, anything else a refusal."""
    text = str(raw or "").strip()[:10]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError("staff.audit_bad_date") from None


def read_audit_log(*, session: Session, actor: Actor, page: int = 0, person_id: object = 0,
                   action: object = "", since: object = "", until: object = "",
                   include_reads: bool = False) -> audit.LogPage:
    """One page of the audit log for an admin: pseudonyms, repeated reads folded (hidden
    unless asked for), filtered by who acted, the action and a range of days in the
    reader's own time zone."""
    require(actor, Permission.ADMIN_AUDIT_READ)
    first, last = _day(since), _day(until)
    if first and last and first > last:
        raise ServiceError("staff.audit_dates_reversed")
    reader = session.get(User, actor.id)
    chosen = audit.LogFilter(person_id=_whole_number(person_id) if person_id else 0,
                             action=audit.clean_action(action), since=first, until=last,
                             include_reads=bool(include_reads),
                             timezone=reader.timezone if reader else "UTC")
    return audit.read_log(session, chosen=chosen, page=_whole_number(page))
