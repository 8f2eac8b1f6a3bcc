"""Accounts: sign-up by invite, sign-in, sessions, recovery codes, passphrase changes.

Every function takes the database session and the acting member (or the secret the
browser presented) and decides everything on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal import routes
from portal.auth import passwords, tokens
from portal.auth.tokens import keyed_hash, new_code, new_session_token, normalise_code
from portal.domain.names import (
    NameRefused,
    display_name_key,
    name_skeleton,
    reserved_word_in,
    validate_display_name,
)
from portal.domain.passphrases import PassphraseRefused, check_passphrase
from portal.domain.permissions import (
    STAFF_ROLES,
    Actor,
    Permission,
    Role,
    Status,
    format_roles,
    require,
)
from portal.i18n import SUPPORTED_LANGUAGES
from portal.models import Invite, RecoveryCode, User, UserSession
from portal.models.types import utcnow
from portal.services import audit, throttle
from portal.services.accounts import _reauth as reauth
from portal.services.accounts.views import SignedIn, Viewer
from portal.services.errors import FieldErrors, ServiceError
from portal.services.notifications import inbox as notifications
from portal.settings import get_settings

RECOVERY_CODE_COUNT = 8
# The first codes are shown on /welcome right after sign-up, with the passphrase just set.
# After this, or once any codes were ever issued, new codes need the passphrase again.
FIRST_CODES_WINDOW = timedelta(minutes=15)
TOUCH_EVERY = timedelta(seconds=60)
INVITE_ROLE_GRANTS: dict[str, tuple[str, ...]] = {
    Role.SURVIVOR: (Role.SURVIVOR,),
    Role.MENTOR_APPLICANT: (Role.SURVIVOR, Role.MENTOR_APPLICANT),
    Role.MODERATOR: (Role.MODERATOR,),
    Role.COORDINATOR: (Role.COORDINATOR,),
    Role.PARTNER: (Role.PARTNER,),
    Role.ADMIN: (Role.ADMIN,),
}
_TIMEZONES = frozenset(available_timezones())
SIGN_IN_REFUSED = "auth.sign_in_refused"
# The sign-up form's fields, in the order the form shows them.
SIGN_UP_FIELDS = ("invite_code", "display_name", "passphrase", "timezone")
# A suspended member who proves she is herself (the right passphrase or an unused recovery
# code) is told calmly that her account is paused and whom to talk to; nobody else is.
ACCOUNT_PAUSED = "auth.account_paused"


def viewer_of(user: User | Row) -> Viewer:
    from portal.domain.permissions import parse_roles

    return Viewer(id=user.id, display_name=user.display_name,
                  roles=tuple(sorted(parse_roles(user.roles))), status=user.status,
                  language=user.language, timezone=user.timezone)


def load_actor(session: Session, user_id: int) -> Actor | None:
    user = session.get(User, user_id)
    return viewer_of(user).actor if user else None


# --- sessions -----------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return keyed_hash(token, purpose="session")


def _start_session(session: Session, user: User, now: datetime) -> SignedIn:
    token = new_session_token()
    settings = get_settings()
    session.add(UserSession(user_id=user.id, token_hash=_token_hash(token), created_at=now,
                            last_seen_at=now,
                            expires_at=now + timedelta(hours=settings.session_absolute_hours)))
    user.last_seen_at = now
    return SignedIn(token=token, user_id=user.id,
                    device_token=tokens.new_device_token(user.id, issued_at=int(now.timestamp())))


_SESSION_ROW = UserSession.__table__.c
_MEMBER_ROW = User.__table__.c


def _session_rows():
    """A session and its member as one plain row (no ORM objects): this runs before
    every event of every signed-in tab, and for every live push."""
    return (select(_SESSION_ROW.id.label("session_id"), _SESSION_ROW.token_hash,
                   _SESSION_ROW.revoked_at, _SESSION_ROW.expires_at,
                   _SESSION_ROW.last_seen_at, _MEMBER_ROW.id, _MEMBER_ROW.display_name,
                   _MEMBER_ROW.roles, _MEMBER_ROW.status, _MEMBER_ROW.language,
                   _MEMBER_ROW.timezone)
            .join(User.__table__, _MEMBER_ROW.id == _SESSION_ROW.user_id))


# Built once each (their cache keys too).
_SESSION = _session_rows().where(_SESSION_ROW.token_hash == bindparam("token_hash"))
_SESSIONS = _session_rows().where(
    _SESSION_ROW.token_hash.in_(bindparam("hashes", expanding=True)))


def resolve_session(*, session: Session, token: str, now: datetime | None = None) -> Viewer | None:
    """The member behind a session token, or None when it is unknown, ended or timed out."""
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    # One query for both rows.
    found = session.execute(_SESSION, {"token_hash": _token_hash(token)}).one_or_none()
    if found is None:
        return None
    viewer, changed = _viewer_of_session(session, found, now)
    if changed:
        session.commit()
    return viewer


def resolve_sessions(*, session: Session, session_tokens: Iterable[str],
                     now: datetime | None = None) -> dict[str, Viewer | None]:
    """``resolve_session`` for many tokens (a live push to many tabs): one query, one
    commit for the sessions it touched or ended. Each token maps to its member or None."""
    now = now or utcnow()
    asked = list(session_tokens)
    hashes = {token: _token_hash(token) for token in set(asked)
              if token and len(token) <= 128}
    distinct = sorted(set(hashes.values()))
    # One cookie (a push to one tab, the usual case): the plain look-up, whose SQL is
    # built once; an expanding IN list is rendered again on every call.
    rows = (session.execute(_SESSION, {"token_hash": distinct[0]}).all() if len(distinct) == 1
            else session.execute(_SESSIONS, {"hashes": distinct}).all() if distinct else [])
    found = {row.token_hash: row for row in rows}
    viewers: dict[str, Viewer | None] = dict.fromkeys(asked)
    any_changed = False
    for token, hashed in hashes.items():
        if hashed in found:
            viewers[token], changed = _viewer_of_session(session, found[hashed], now)
            any_changed = any_changed or changed
    if any_changed:
        session.commit()
    return viewers


def _viewer_of_session(session: Session, row: Row, now: datetime) -> tuple[Viewer | None, bool]:
    """Who a session (a row of ``_session_rows``) opens now (None: ended, timed out, or a
    member no longer active), and whether the session row changed (ended for idleness,
    or touched, in ``session``) and needs a commit."""
    if row.revoked_at is not None or row.expires_at <= now:
        return None, False
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    if row.last_seen_at + idle <= now:
        session.execute(update(UserSession).where(UserSession.id == row.session_id)
                        .values(revoked_at=now))
        return None, True
    if row.status != Status.ACTIVE:
        return None, False
    viewer = viewer_of(row)
    if now - row.last_seen_at >= TOUCH_EVERY:
        session.execute(update(UserSession).where(UserSession.id == row.session_id)
                        .values(last_seen_at=now))
        session.execute(update(User).where(User.id == row.id).values(last_seen_at=now))
        return viewer, True
    return viewer, False


def revoke_all_sessions(session: Session, *, user_id: int, now: datetime) -> int:
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount or 0


def sign_out(*, session: Session, token: str) -> None:
    if not token:
        return
    session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _token_hash(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    session.commit()


def quick_exit(*, session: Session, token: str) -> bool:
    """Quick exit from a browser: end its session unless the member chose to stay signed
    in. Returns whether the session ended (an unknown token ends nothing)."""
    if not token or len(token) > 128:
        return False
    record = session.execute(
        select(UserSession).where(UserSession.token_hash == _token_hash(token),
                                  UserSession.revoked_at.is_(None))
    ).scalar_one_or_none()
    if record is None:
        return False
    user = session.get(User, record.user_id)
    if user is not None and user.keep_session_on_quick_exit:
        return False
    record.revoked_at = utcnow()
    session.commit()
    return True


def quick_exit_keeps_session(*, session: Session, actor: Actor) -> bool:
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    return bool(session.get(User, actor.id).keep_session_on_quick_exit)


def set_quick_exit_keeps_session(*, session: Session, actor: Actor, keep: object) -> bool:
    """The member's choice: stay signed in after a quick exit (``keep`` must be a bool)."""
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    if not isinstance(keep, bool):
        raise ServiceError("error.bad_request")
    session.get(User, actor.id).keep_session_on_quick_exit = keep
    session.commit()
    return keep


def sign_out_everywhere(*, session: Session, actor: Actor) -> None:
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    revoke_all_sessions(session, user_id=actor.id, now=utcnow())
    session.commit()


# --- sign-in ------------------------------------------------------------------------

def _find_by_name(session: Session, display_name: str) -> User | None:
    key = display_name_key(display_name)[:40]
    return session.execute(select(User).where(User.display_name_key == key)).scalar_one_or_none()


def _known_device(user: User | None, device_token: str, now: datetime) -> bool:
    """This browser signed in to this very account before (a signed device cookie)."""
    return user is not None and tokens.device_token_user(
        device_token, now=int(now.timestamp())) == user.id


def name_in_use(session: Session, name: str) -> str | None:
    """Why ``name`` cannot be taken (a message key), or None when it is free.

    The same name in other case or spacing is taken; a name that only looks the same
    (another script's letters, "rn" for "m", "0" for "O") is too similar.
    """
    if _find_by_name(session, name) is not None:
        return "auth.name_taken"
    skeleton = name_skeleton(name)
    clash = session.execute(select(User.id).where(User.display_name_skeleton == skeleton)
                            .limit(1)).first()
    return "name.too_similar" if clash is not None else None


def may_use_reserved_words(roles: tuple[str, ...] | frozenset[str]) -> bool:
    """Only staff (moderators and admins, made by an admin) may be called "Moderator ...".

    Partners and coordinators sign up like members and must not look like Lantern staff.
    """
    return bool(set(roles) & STAFF_ROLES)


def sign_in(*, session: Session, display_name: str, passphrase: str, client_key: str,
            previous_token: str = "", device_token: str = "",
            now: datetime | None = None) -> SignedIn:
    """Check a name and passphrase. The same refusal for every kind of wrong; the right
    passphrase of a suspended account hears that it is paused (``ACCOUNT_PAUSED``).

    Failures against a name slow its next tries down (never a lock); a browser the
    owner signed in from before (``device_token``) is not slowed by strangers' failures.
    """
    now = now or utcnow()
    name_key = display_name_key(display_name)[:40]
    throttle.check(session, limit=throttle.sign_in_per_ip(), key=client_key, now=now)
    user = _find_by_name(session, display_name)
    if not _known_device(user, device_token, now):
        throttle.check_backoff(session, backoff=throttle.SIGN_IN_FAILURES_PER_ACCOUNT,
                               key=name_key, now=now)
    throttle.count(session, limit=throttle.sign_in_per_ip(), key=client_key, now=now)
    # The attempt is kept whatever follows; committing it now means no write lock is held
    # while Argon2 works (on SQLite, concurrent sign-ins would otherwise queue behind it).
    session.commit()
    ok = passwords.verify_passphrase(user.password_hash if user else None, passphrase[:1024])
    if ok and user is not None and user.status == Status.SUSPENDED:
        # Only someone who knows the passphrase learns that the account is paused.
        session.commit()
        raise ServiceError(ACCOUNT_PAUSED)
    if not ok or user is None or user.status != Status.ACTIVE:
        throttle.count(session, limit=throttle.SIGN_IN_FAILURES_PER_ACCOUNT, key=name_key, now=now)
        session.commit()
        raise ServiceError(SIGN_IN_REFUSED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_passphrase(passphrase)
    if previous_token:
        sign_out(session=session, token=previous_token)
    throttle.clear(session, limit=throttle.SIGN_IN_FAILURES_PER_ACCOUNT, key=name_key)
    signed_in = _start_session(session, user, now)
    session.commit()
    return signed_in


def sign_in_verified_staff_email(*, session: Session, email: str) -> SignedIn:
    """OIDC: an identity provider vouched for this email. Only existing staff may enter.

    Members may also give an email (for reminders), so only staff accounts are searched:
    a member who typed a staff address can never take or block a staff sign-in.
    """
    candidates = session.execute(
        select(User).where(User.email == email.strip().lower(), User.status == Status.ACTIVE)
    ).scalars().all()
    staff = [user for user in candidates if viewer_of(user).actor.is_staff]
    if len(staff) != 1:
        raise ServiceError("auth.oidc_no_staff_account")
    signed_in = _start_session(session, staff[0], utcnow())
    session.commit()
    return signed_in


# --- sign-up ------------------------------------------------------------------------

def _profile_errors(display_name: str, passphrase: str,
                    timezone: str) -> tuple[str, dict[str, str]]:
    """The cleaned name and every field's refusal at once (field name -> message key).
    Reserved words depend on the invite's role: checked once the invite is known."""
    errors: dict[str, str] = {}
    name = display_name
    try:
        name = validate_display_name(display_name, allow_reserved=True)
    except NameRefused as refused:
        errors["display_name"] = refused.code
    try:
        check_passphrase(passphrase, display_name=name)
    except PassphraseRefused as refused:
        errors["passphrase"] = refused.code
    if timezone not in _TIMEZONES:
        errors["timezone"] = "auth.unknown_timezone"
    return name, errors


def _invite_error(invite: Invite | None, now: datetime) -> str | None:
    if invite is None or invite.revoked_at is not None:
        return "auth.invite_unknown"
    if invite.expires_at <= now:
        return "auth.invite_expired"
    return None


def _looks_like_a_code(code: str) -> bool:
    """Every invite code is three groups of four (``new_code``): anything else cannot be
    one, so it is refused without a lookup (and without using up a try)."""
    parts = code.split("-")
    return len(parts) == 3 and all(len(part) == 4 for part in parts)


def sign_up(*, session: Session, invite_code: str, display_name: str, passphrase: str,
            timezone: str, language: str, client_key: str,
            now: datetime | None = None) -> SignedIn:
    """Create a member from an invite code and sign them in. All or nothing. Every
    field's problem is reported at once (``FieldErrors``), so she fixes them in one go."""
    now = now or utcnow()
    throttle.check(session, limit=throttle.SIGN_UP_PER_IP, key=client_key, now=now)
    if language not in SUPPORTED_LANGUAGES:
        raise ServiceError("auth.unknown_language")
    name, errors = _profile_errors(display_name, passphrase, timezone)
    code = normalise_code(invite_code)
    invite = None
    if _looks_like_a_code(code):
        invite = session.execute(select(Invite).where(
            Invite.code_hash == keyed_hash(code, purpose="invite"))).scalar_one_or_none()
        throttle.count(session, limit=throttle.SIGN_UP_PER_IP, key=client_key, now=now)
        session.commit()  # kept whatever follows (see sign_in)
    invite_error = _invite_error(invite, now)
    if invite_error:
        errors = {"invite_code": invite_error, **errors}
    # Whether a name is taken is told only to someone holding a valid invite.
    if invite is not None and invite_error is None and "display_name" not in errors:
        granted = INVITE_ROLE_GRANTS[invite.role]
        if reserved_word_in(name) and not may_use_reserved_words(granted):
            errors["display_name"] = "name.reserved"
        else:
            taken = name_in_use(session, name)
            if taken is not None:
                errors["display_name"] = taken
    if errors or invite is None:
        session.commit()
        ordered = {field: errors[field] for field in SIGN_UP_FIELDS if field in errors}
        raise FieldErrors(ordered)
    granted = INVITE_ROLE_GRANTS[invite.role]
    # Argon2 before the first write of the redeeming transaction, never under its lock.
    password_hash = passwords.hash_passphrase(passphrase)
    # Redeem atomically: two people racing for the last use cannot both get it.
    redeemed = session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.uses < Invite.max_uses,
               Invite.revoked_at.is_(None))
        .values(uses=Invite.uses + 1)
    ).rowcount
    if redeemed != 1:
        session.commit()
        raise ServiceError("auth.invite_used_up")
    user = User(display_name=name, display_name_key=display_name_key(name),
                display_name_skeleton=name_skeleton(name), recovery_codes_pending=True,
                roles=format_roles(granted), timezone=timezone,
                language=language, password_hash=password_hash,
                organisation=invite.organisation, created_at=now)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ServiceError("auth.name_taken") from None
    signed_in = _start_session(session, user, now)
    session.commit()
    return SignedIn(token=signed_in.token, user_id=user.id, landing=routes.WELCOME)


# --- recovery codes and passphrases -------------------------------------------------

def _recovery_hash(user_id: int, code: str) -> str:
    return keyed_hash(f"{user_id}:{normalise_code(code)}", purpose="recovery")


def has_unused_recovery_codes(*, session: Session, actor: Actor) -> bool:
    return session.execute(
        select(RecoveryCode.id).where(RecoveryCode.user_id == actor.id,
                                      RecoveryCode.used_at.is_(None)).limit(1)
    ).first() is not None


def count_unused_recovery_codes(*, session: Session, actor: Actor) -> int:
    """How many of her one-time recovery codes the member has not used yet."""
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    return session.execute(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == actor.id,
                                                  RecoveryCode.used_at.is_(None))
    ).scalar_one()


def _replace_codes(session: Session, user_id: int) -> list[str]:
    session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user_id))
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        session.add(RecoveryCode(user_id=user_id, code_hash=_recovery_hash(user_id, code)))
    return codes


def issue_first_recovery_codes(*, session: Session, actor: Actor,
                               now: datetime | None = None) -> list[str]:
    """The account's very first codes, right after sign-up; otherwise nothing (``[]``).

    Only an account made by sign-up (which just set the passphrase), within
    ``FIRST_CODES_WINDOW``, that never had codes, gets them without the passphrase, once.
    Demo and command-line accounts, and everyone later, make codes with the passphrase.
    """
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    now = now or utcnow()
    user = session.get(User, actor.id)
    if (user is None or not user.recovery_codes_pending
            or now - user.created_at > FIRST_CODES_WINDOW):
        return []
    # Claimed atomically: two tabs opening /welcome at once cannot both get codes (the
    # first tab's would stop working the moment the second's were made).
    claimed = session.execute(
        update(User).where(User.id == actor.id, User.recovery_codes_pending.is_(True))
        .values(recovery_codes_pending=False)
    ).rowcount
    if claimed != 1:
        session.commit()
        return []
    ever_had_codes = session.execute(
        select(RecoveryCode.id).where(RecoveryCode.user_id == actor.id).limit(1)
    ).first() is not None
    if ever_had_codes:
        session.commit()
        return []
    codes = _replace_codes(session, actor.id)
    audit.record(session, actor=actor, action="account.recovery_codes_first",
                 target_type="user", target_id=actor.id)
    session.commit()
    return codes


def issue_recovery_codes(*, session: Session, actor: Actor, passphrase: object,
                         now: datetime | None = None) -> list[str]:
    """Eight new one-time codes, shown once, for the passphrase. Older codes stop working.

    The owner is told in the app ("Your recovery codes were changed"), and the change is
    in the audit log, so codes made by someone else holding her phone do not go unseen.
    """
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    now = now or utcnow()
    reauth.confirm_passphrase(session, actor=actor, passphrase=passphrase, now=now)
    codes = _replace_codes(session, actor.id)
    notifications.notify(session, user_id=actor.id, kind="security",
                         key="notify.recovery_codes_changed", link=routes.ACCOUNT)
    audit.record(session, actor=actor, action="account.recovery_codes_changed",
                 target_type="user", target_id=actor.id)
    session.commit()
    return codes


def recover(*, session: Session, display_name: str, code: str, new_passphrase: str,
            client_key: str, device_token: str = "", now: datetime | None = None) -> SignedIn:
    """Set a new passphrase with a one-time recovery code; every old session ends.
    Wrong codes slow a name's next tries down as sign-in failures do. A good code for a
    suspended account is not spent: she hears that the account is paused."""
    now = now or utcnow()
    name_key = display_name_key(display_name)[:40]
    throttle.check(session, limit=throttle.RECOVERY_PER_IP, key=client_key, now=now)
    user = _find_by_name(session, display_name)
    if not _known_device(user, device_token, now):
        throttle.check_backoff(session, backoff=throttle.RECOVERY_FAILURES_PER_ACCOUNT,
                               key=name_key, now=now)
    throttle.count(session, limit=throttle.RECOVERY_PER_IP, key=client_key, now=now)
    session.commit()  # kept whatever follows (see sign_in)
    record = None
    if user is not None and user.status in (Status.ACTIVE, Status.SUSPENDED):
        record = session.execute(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                       RecoveryCode.code_hash == _recovery_hash(user.id, code),
                                       RecoveryCode.used_at.is_(None))
        ).scalar_one_or_none()
    if record is not None and user.status == Status.SUSPENDED:
        # A good code for a paused account: say so, and keep the code for later.
        session.commit()
        raise ServiceError(ACCOUNT_PAUSED)
    if record is None:
        throttle.count(session, limit=throttle.RECOVERY_FAILURES_PER_ACCOUNT, key=name_key,
                       now=now)
        session.commit()
        raise ServiceError("auth.recovery_refused")
    try:
        check_passphrase(new_passphrase, display_name=user.display_name)
    except PassphraseRefused as refused:
        session.commit()
        raise ServiceError(refused.code) from None
    new_hash = passwords.hash_passphrase(new_passphrase)  # before the writes below
    record.used_at = now
    user.password_hash = new_hash
    revoke_all_sessions(session, user_id=user.id, now=now)
    signed_in = _start_session(session, user, now)
    session.commit()
    return signed_in


def change_passphrase(*, session: Session, actor: Actor, current: str, new: str) -> SignedIn:
    """Change the passphrase; every session ends and this browser gets a new one."""
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    now = utcnow()
    user = reauth.confirm_passphrase(session, actor=actor, passphrase=current, now=now)
    try:
        check_passphrase(new, display_name=user.display_name)
    except PassphraseRefused as refused:
        raise ServiceError(refused.code) from None
    user.password_hash = passwords.hash_passphrase(new)
    revoke_all_sessions(session, user_id=user.id, now=now)
    signed_in = _start_session(session, user, now)
    session.commit()
    return signed_in


# --- preferences --------------------------------------------------------------------

def set_language(*, session: Session, actor: Actor, language: str) -> None:
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    if language not in SUPPORTED_LANGUAGES:
        raise ServiceError("auth.unknown_language")
    user = session.get(User, actor.id)
    user.language = language
    session.commit()


def set_timezone(*, session: Session, actor: Actor, timezone: str) -> None:
    require(actor, Permission.ACCOUNT_SELF_MANAGE)
    if timezone not in _TIMEZONES:
        raise ServiceError("auth.unknown_timezone")
    user = session.get(User, actor.id)
    user.timezone = timezone
    session.commit()
