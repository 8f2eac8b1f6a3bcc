"""Notifications: ``notify`` for every capability, the member's notification centre,
and reminder preferences. Reminders themselves live in ``notifications_reminders``
and are re-exported here, so other capabilities import one module:

    from portal.services.notifications import inbox as notifications
    notifications.notify(session, user_id=mentor_id, kind="mentoring_request",
                         key="notify.request_received", params={"from_member": survivor_id},
                         link=routes.MENTORING)
    notifications.schedule_reminders(session, user_id=..., subject_type="session",
                                     subject_id=booking.id, starts_at=..., link=routes.CALENDAR)
    notifications.cancel_reminders(session, subject_type="session", subject_id=booking.id)

``notify``, ``schedule_reminders`` and ``cancel_reminders`` write in the caller's
transaction and never commit: the notification is stored with the action or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, case, func, select, update
from sqlmodel import Session

from portal import routes
from portal.domain.permissions import Actor, Permission, Status, require
from portal.domain.reminder_offsets import (
    DEFAULT_OFFSETS,
    MAX_OFFSET,
    MAX_OFFSETS,
    MIN_OFFSET,
    OFFSET_CHOICES,
)
from portal.i18n import format_when, has_key, normalise_language, translate
from portal.models import User
from portal.models.notifications import Notification, NotificationPreference
from portal.models.types import utcnow
from portal.services import audit, live
from portal.services.accounts import _reauth as reauth
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.notifications import choices
from portal.services.notifications.common import (
    checked_kind,
    checked_link,
    checked_param_name,
    format_offsets,
    insert_ignoring_conflicts,
    insert_or_move_up,
    offsets_for,
)
from portal.services.notifications.reminders import (
    cancel_reminders,
    purge_old_notifications,
    replan_member_reminders,
    schedule_reminders,
    send_due_reminders,
)

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_PARAM_TEXT = 200
MAX_PARAMS = 8
# Parameter naming conventions, applied when a notification is read:
#   "<name>_at"     an aware datetime, shown in the reader's time zone and language;
#   "<name>_member" a member id, shown as their pseudonym now ("a former member" once gone),
#                   so a name is never copied into someone else's notifications.
#   "<name>_key"    a catalog key (a moderator's canned reason), shown in the reader's language.
_AT, _MEMBER, _KEY = "_at", "_member", "_key"
# A grouping notification's dedupe key while unread; reading it clears the key.
_OPEN = "open:"
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}"
                    r"(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}$")
_TRUE = {"1", "true", "on", "yes"}

__all__ = [
    "DEFAULT_OFFSETS", "OFFSET_CHOICES", "NotificationPage", "NotificationView",
    "ReminderPreferences", "cancel_reminders", "list_notifications", "mark_all_read",
    "mark_read", "notify", "purge_old_notifications", "reminder_preferences", "render",
    "save_reminder_preferences", "schedule_reminders", "send_due_reminders", "unread_count",
]


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    text: str
    link: str
    created_at: datetime
    read: bool


@dataclass(frozen=True)
class NotificationPage:
    items: tuple[NotificationView, ...]
    page: int
    has_more: bool
    unread: int


@dataclass(frozen=True)
class ReminderPreferences:
    offsets: tuple[int, ...]
    email_reminders: bool
    # The whole address, shown to its owner only: a masked hint would hide an address
    # someone else swapped in for one that starts and ends the same (THREATS #15).
    email_on_file: str
    email_editable: bool


@dataclass(frozen=True)
class _Owned:
    owner_id: int


# --- writing (called by every capability, inside its own transaction) -----------------

def _stored_params(params: Mapping[str, object] | None) -> dict[str, object]:
    stored: dict[str, object] = {}
    for name, value in (params or {}).items():
        checked_param_name(name)
        if isinstance(value, datetime):
            if value.tzinfo is None or not name.endswith(_AT):
                raise ValueError("datetimes go in aware form, in a parameter named *_at")
            stored[name] = value.astimezone(UTC).isoformat()
        elif name.endswith(_MEMBER):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError("a *_member parameter holds a member id")
            stored[name] = value
        elif name.endswith(_KEY):
            if not isinstance(value, str) or not has_key(value):
                raise ValueError("a *_key parameter holds a catalog key")
            stored[name] = value
        elif isinstance(value, bool | int | float):
            stored[name] = value
        elif isinstance(value, str):
            stored[name] = value[:MAX_PARAM_TEXT]
        else:
            raise ValueError(f"unsupported notification parameter type for {name}")
    if len(stored) > MAX_PARAMS:
        raise ValueError("too many notification parameters")
    return stored


def notify(session: Session, *, user_id: int, kind: str, key: str,
           params: Mapping[str, object] | None = None, link: str = "",
           dedupe_key: str | None = None, group_key: str | None = None,
           about_member: int | None = None) -> bool:
    """Add an in-app notification for ``user_id`` in the caller's transaction.

    ``key`` is a catalog key starting with ``notify.`` (neutral wording: never the words
    trafficking or victim). With ``dedupe_key``, a second call for the same event adds
    nothing. With ``group_key`` (``messages:<match id>``), a call while the member still
    has an unread notification with that key adds nothing either: the one she has moves
    up to now. A kind the member turned off (``choices``) adds nothing; always-on kinds
    (security) are never skipped. ``about_member``: the member whose action this tells
    of; nothing is added while either of the two has blocked the other (checked in the
    same read as her choice). Returns whether a notification was added (with
    ``group_key``: added or moved up). Mistakes by the calling code (an unknown key, an
    outside link) raise ``ValueError``: they are bugs, not input.
    """
    if not key.startswith("notify.") or not has_key(key):
        raise ValueError(f"unknown notification key: {key}")
    if dedupe_key and group_key:
        raise ValueError("a notification has a dedupe key or a group key, not both")
    row = {"user_id": int(user_id), "kind": checked_kind(kind), "message_key": key,
           "params": _stored_params(params), "link": checked_link(link),
           "dedupe_key": (dedupe_key or None) and str(dedupe_key)[:160],
           "created_at": utcnow(), "read_at": None}
    if choices.is_held_back(session, user_id=row["user_id"], kind=row["kind"],
                            about_member=about_member):
        return False
    if group_key:
        row["dedupe_key"] = f"{_OPEN}{checked_kind(kind)}:{group_key}:{int(user_id)}"[:160]
    live.changed(session, live.member_topic(user_id))  # her badge, live, after commit
    if row["dedupe_key"] is None:
        session.add(Notification(**row))
        return True
    if group_key:  # reading it clears the key, so the row found is her unread one
        return insert_or_move_up(session, Notification.__table__, row, "dedupe_key",
                                 "created_at", kept_once_set="read_at")
    return insert_ignoring_conflicts(session, Notification.__table__, [row],
                                     "dedupe_key") == 1


# --- reading --------------------------------------------------------------------------

def _member_ids(params: Mapping[str, object]) -> set[int]:
    return {value for name, value in params.items()
            if name.endswith(_MEMBER) and isinstance(value, int)}


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name)
                           .where(User.id.in_(ids), User.status != Status.DELETED)).all()
    return {row.id: row.display_name for row in rows}


def render(key: str, params: Mapping[str, object], *, language: str, timezone: str,
           names: Mapping[int, str]) -> str:
    """A notification's text in the reader's language and zone, built now from its key."""
    values: dict[str, str] = {}
    for name, value in params.items():
        if name.endswith(_AT) and isinstance(value, str):
            try:
                values[name] = format_when(datetime.fromisoformat(value), language=language,
                                           timezone=timezone)
            except ValueError:
                values[name] = ""
        elif name.endswith(_MEMBER):
            values[name] = names.get(value) or translate(language, "notify.former_member")
        elif name.endswith(_KEY) and isinstance(value, str) and has_key(value):
            values[name] = translate(language, value)
        else:
            values[name] = str(value)
    try:
        return translate(language, key, **values)
    except (KeyError, IndexError, ValueError):
        # A key retired from the catalog, or parameters that no longer fit it.
        return translate(language, "notify.fallback")


def _page_number(page: object) -> int:
    try:
        return min(max(int(str(page)), 0), MAX_PAGE)
    except (TypeError, ValueError):
        return 0


# Built once (its cache key too): every live push to a tab reads her badge.
_NOTIFICATIONS = Notification.__table__.c  # a plain statement: no ORM setup per badge
_UNREAD = (select(func.count(_NOTIFICATIONS.id))
           .where(_NOTIFICATIONS.user_id == bindparam("user_id"),
                  _NOTIFICATIONS.read_at.is_(None)))


def unread_count(*, session: Session, actor: Actor) -> int:
    require(actor, Permission.NOTIFICATIONS_READ)
    return session.execute(_UNREAD, {"user_id": actor.id}).scalar_one()


def list_notifications(*, session: Session, actor: Actor, page: object = 0,
                       language: str | None = None) -> NotificationPage:
    """The actor's own notifications, newest first, a page at a time."""
    require(actor, Permission.NOTIFICATIONS_READ)
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    number = _page_number(page)
    language = normalise_language(language or user.language)
    rows = session.execute(
        select(Notification).where(Notification.user_id == actor.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset(number * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).scalars().all()
    shown = rows[:PAGE_SIZE]
    names = _names(session, set().union(*(_member_ids(row.params) for row in shown)))
    items = tuple(
        NotificationView(id=row.id, kind=row.kind, link=row.link, created_at=row.created_at,
                         read=row.read_at is not None,
                         text=render(row.message_key, row.params, language=language,
                                     timezone=user.timezone, names=names))
        for row in shown)
    return NotificationPage(items=items, page=number, has_more=len(rows) > PAGE_SIZE,
                            unread=unread_count(session=session, actor=actor))


def _access_notification(session: Session, actor: Actor, notification_id: object) -> Notification:
    """The notification, only when it is the actor's own (the same answer otherwise)."""
    require(actor, Permission.NOTIFICATIONS_READ)
    row = session.get(Notification, parse_id(notification_id))
    if row is None or row.user_id != actor.id:
        raise NotFound()
    require(actor, Permission.NOTIFICATIONS_READ, _Owned(owner_id=row.user_id))
    return row


def mark_read(*, session: Session, actor: Actor, notification_id: object) -> str:
    """Mark one of the actor's own notifications read; returns the in-app path it points to."""
    row = _access_notification(session, actor, notification_id)
    link = row.link
    if row.read_at is None:
        row.read_at = utcnow()
        live.changed(session, live.member_topic(actor.id))  # her other tabs' badges
    if row.dedupe_key and row.dedupe_key.startswith(_OPEN):
        row.dedupe_key = None  # read: the next one of its group may be added
    session.commit()
    return link


def mark_all_read(*, session: Session, actor: Actor) -> int:
    require(actor, Permission.NOTIFICATIONS_READ)
    changed = session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow(),
                dedupe_key=case((Notification.dedupe_key.like(f"{_OPEN}%"), None),
                                else_=Notification.dedupe_key))).rowcount or 0
    if changed:
        live.changed(session, live.member_topic(actor.id))
    session.commit()
    return changed


# --- reminder preferences -------------------------------------------------------------

def _preferences_view(session: Session, user: User, actor: Actor) -> ReminderPreferences:
    return ReminderPreferences(offsets=offsets_for(session, user.id),
                               email_reminders=bool(user.email_reminders and user.email),
                               email_on_file=user.email or "",
                               email_editable=not actor.is_staff)


def reminder_preferences(*, session: Session, actor: Actor) -> ReminderPreferences:
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    return _preferences_view(session, user, actor)


def _checked_offsets(offsets: object) -> tuple[int, ...]:
    if isinstance(offsets, str):
        offsets = [part for part in offsets.split(",") if part.strip()]
    if not isinstance(offsets, list | tuple | set | frozenset):
        raise ServiceError("notify.offsets_invalid", low=MIN_OFFSET, high=MAX_OFFSET)
    values = set()
    for value in offsets:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise ServiceError("notify.offsets_invalid", low=MIN_OFFSET,
                               high=MAX_OFFSET) from None
        if not MIN_OFFSET <= number <= MAX_OFFSET:
            raise ServiceError("notify.offsets_invalid", low=MIN_OFFSET, high=MAX_OFFSET)
        values.add(number)
    if len(values) > MAX_OFFSETS:
        raise ServiceError("notify.offsets_too_many", most=MAX_OFFSETS)
    return tuple(sorted(values, reverse=True))


def _checked_email(session: Session, actor: Actor, email: object) -> str | None:
    text = str(email or "").strip()
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text):
        raise ServiceError("notify.email_invalid")
    local, domain = text.rsplit("@", 1)
    text = f"{local}@{domain.lower()}"
    # Staff sign in with their email (OIDC): a member's address must never shadow theirs.
    holders = session.execute(select(User.roles).where(
        func.lower(User.email) == text.lower(), User.id != actor.id)).scalars().all()
    if any(role in {"moderator", "admin"} for roles in holders for role in roles.split(",")):
        raise ServiceError("notify.email_unusable")
    return text


def _typed_address(email: object) -> str | None:
    """The address as it would be stored, before it is checked (None: nothing typed)."""
    text = str(email or "").strip()
    if not text:
        return None
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}" if local else text


def _tell_owner_about_email(session: Session, actor: Actor, *, before: str | None,
                            after: str | None, turned_on: bool) -> None:
    """The owner's in-app notice and the audit entry; neither holds the address."""
    if after != before:
        key, action = (("notify.reminder_email_changed", "account.reminder_email_changed")
                       if after else
                       ("notify.reminder_email_removed", "account.reminder_email_removed"))
        notify(session, user_id=actor.id, kind="security", key=key, link=routes.NOTIFICATIONS)
        audit.record(session, actor=actor, action=action, target_type="user",
                     target_id=actor.id)
    if turned_on:
        notify(session, user_id=actor.id, kind="security", key="notify.email_reminders_on",
               link=routes.NOTIFICATIONS)
        audit.record(session, actor=actor, action="account.email_reminders_on",
                     target_type="user", target_id=actor.id)


def save_reminder_preferences(*, session: Session, actor: Actor, offsets: object,
                              email_reminders: object = False, email: object = None,
                              remove_email: object = False, passphrase: object = None,
                              now: datetime | None = None) -> ReminderPreferences:
    """Reminder times and the optional email. ``email=None`` keeps the address on file.

    A new or changed address, and turning email reminders on, need the member's current
    passphrase (``passphrase``), tell her in the app and are audited: whoever holds her
    unlocked phone for a minute cannot have her meetings announced to someone else.
    Reminder times, turning email off and removing the address need nothing more.
    Reminders already planned for future sessions and meetings follow the new choices.
    """
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    now = now or utcnow()
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    chosen = _checked_offsets(offsets)
    wants_email = str(email_reminders).strip().lower() in _TRUE
    removing = str(remove_email).strip().lower() in _TRUE
    if (removing or email not in (None, "")) and actor.is_staff:
        raise ServiceError("notify.staff_email_fixed")
    before = user.email
    typed = None if removing else _typed_address(email)
    was_on = bool(user.email_reminders and user.email)
    new_address = typed is not None and typed != before
    turning_on = wants_email and not was_on
    if new_address or turning_on:
        # First, before any other answer about the address (even "unusable").
        user = reauth.confirm_passphrase(session, actor=actor, passphrase=passphrase, now=now)
    address = before
    if removing:
        address = None
    elif new_address:
        address = _checked_email(session, actor, email)
    if wants_email and not address:
        raise ServiceError("notify.email_needed")
    # Every check passed: only now does anything change.
    user.email = address
    user.email_reminders = wants_email
    _tell_owner_about_email(session, actor, before=before, after=address,
                            turned_on=turning_on)
    preference = session.execute(select(NotificationPreference).where(
        NotificationPreference.user_id == actor.id)).scalar_one_or_none()
    if preference is None:
        preference = NotificationPreference(user_id=actor.id)
        session.add(preference)
    preference.reminder_offsets = format_offsets(chosen)
    preference.updated_at = utcnow()
    session.flush()
    replan_member_reminders(session, user_id=actor.id, now=now)
    session.commit()
    return _preferences_view(session, user, actor)
