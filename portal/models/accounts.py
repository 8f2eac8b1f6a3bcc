"""Accounts: members, invites, sessions, recovery codes, the staff audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, event
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Field, SQLModel

from portal.domain.names import name_skeleton
from portal.models.types import utc_column as _utc_column
from portal.models.types import utcnow


class User(SQLModel, table=True):
    """A member. Pseudonymous: no real name, no address, email optional and off."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_insights_users_created", "created_at", "organisation",
                            "status", "last_seen_at"),)

    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(max_length=40)
    # Case-folded copy of display_name: uniqueness is case-insensitive on every database.
    display_name_key: str = Field(max_length=40, unique=True)
    # TR39 confusables skeleton of display_name (portal.domain.names.name_skeleton): two
    # names that look alike cannot both exist, on every database. Kept in step with
    # display_name by the listeners below, whoever writes the row.
    display_name_skeleton: str = Field(max_length=255, unique=True)
    # Comma-separated role names, e.g. "survivor,mentor" (see portal.domain.permissions).
    roles: str = Field(default="survivor", max_length=120)
    status: str = Field(default="active", max_length=16, index=True)
    timezone: str = Field(default="UTC", max_length=64)
    language: str = Field(default="en", max_length=8)
    password_hash: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=254, index=True)
    email_reminders: bool = Field(default=False)
    # Set by sign-up only: /welcome may show the first recovery codes once, without asking
    # for the passphrase just set. Accounts made any other way never have it.
    recovery_codes_pending: bool = Field(default=False)
    # Quick exit signs this member out unless she chose to stay signed in (Account page).
    keep_session_on_quick_exit: bool = Field(default=False)
    organisation: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    last_seen_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


@event.listens_for(User, "before_insert")
def _skeleton_on_insert(_mapper, _connection, user: User) -> None:
    user.display_name_skeleton = name_skeleton(user.display_name or "")


@event.listens_for(User, "before_update")
def _skeleton_on_rename(_mapper, _connection, user: User) -> None:
    # Only a new name gets a new skeleton: look-alikes from before the skeleton existed
    # keep the one the migration gave them (with their id), and can still sign in.
    if sa_inspect(user).attrs.display_name.history.has_changes():
        user.display_name_skeleton = name_skeleton(user.display_name or "")


class Invite(SQLModel, table=True):
    """An invite code. Only its hash is stored; staff see the code once."""

    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    code_hint: str = Field(max_length=8)
    role: str = Field(max_length=32)
    organisation: str = Field(max_length=120)
    # The inviter's note of whom the code is for ("For the Tuesday group"); plain text.
    label: str = Field(default="", max_length=80)
    max_uses: int = Field(default=1)
    uses: int = Field(default=0)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class RecoveryCode(SQLModel, table=True):
    __tablename__ = "recovery_codes"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; we keep only its hash."""

    __tablename__ = "user_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ThrottleEvent(SQLModel, table=True):
    """One attempt counted against a limit. Keys are keyed hashes, never raw IPs or names."""

    __tablename__ = "throttle_events"
    __table_args__ = (Index("ix_throttle_scope_key_at", "scope", "key_hash", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=32)
    key_hash: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class AuditEntry(SQLModel, table=True):
    """Append-only record of staff actions and reads of private data (THREATS #8)."""

    __tablename__ = "audit_entries"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_utc_column(index=True))
    actor_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=64)
    target_type: str = Field(default="", max_length=32)
    target_id: int | None = Field(default=None)
    detail: str = Field(default="", max_length=500)


@event.listens_for(AuditEntry, "before_update")
def _refuse_audit_update(*_args) -> None:
    raise RuntimeError("the audit log is append-only")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_audit_delete(*_args) -> None:
    raise RuntimeError("the audit log is append-only")


class Block(SQLModel, table=True):
    """Member A blocked member B: no posts seen, no replies, never matched."""

    __tablename__ = "blocks"
    __table_args__ = (UniqueConstraint("blocker_id", "blocked_id"),)

    id: int | None = Field(default=None, primary_key=True)
    blocker_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    blocked_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
