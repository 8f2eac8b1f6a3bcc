"""Roles, named permissions and the one ``require`` every service calls.

Permissions are named ``scope:resource:action`` (as Warehouse does) so a grep for a
name finds every place it is granted and checked. Object-level rules (a moderator
may revoke only the invites they made; a member may touch only their own things)
live beside the permission in ``OBJECT_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    SURVIVOR = "survivor"
    MENTOR_APPLICANT = "mentor_applicant"
    MENTOR = "mentor"
    MODERATOR = "moderator"
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    ADMIN = "admin"


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


class Permission(StrEnum):
    ACCOUNT_SELF_MANAGE = "account:self:manage"
    INVITE_CREATE_MEMBER = "account:invite:create"
    INVITE_CREATE_STAFF = "account:invite:create_staff"
    INVITE_LIST = "account:invite:list"
    INVITE_REVOKE = "account:invite:revoke"
    MEMBER_LIST = "account:member:list"
    MEMBER_SUSPEND = "account:member:suspend"
    MEMBER_END_SESSIONS = "account:member:end_sessions"
    AUDIT_READ = "admin:audit:read"
    MEMBER_BLOCK = "account:member:block"
    # Capabilities add their permissions below, each in its own commented block.


STAFF_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
MEMBER_ROLES = frozenset({Role.SURVIVOR, Role.MENTOR_APPLICANT, Role.MENTOR})
EVERY_ROLE = frozenset(Role)
_MODERATORS = frozenset({Role.MODERATOR, Role.ADMIN})
_INVITERS = frozenset({Role.MODERATOR, Role.PARTNER, Role.ADMIN})
_ADMINS = frozenset({Role.ADMIN})

# Which roles hold each permission. Capabilities add their own block below theirs.
GRANTS: dict[Permission, frozenset[Role]] = {
    # --- accounts ---
    Permission.ACCOUNT_SELF_MANAGE: EVERY_ROLE,
    # A partner organisation's staff invite members for their own organisation only.
    Permission.INVITE_CREATE_MEMBER: _INVITERS,
    Permission.INVITE_LIST: _INVITERS,
    Permission.INVITE_REVOKE: _INVITERS,
    Permission.MEMBER_LIST: _MODERATORS,
    Permission.INVITE_CREATE_STAFF: _ADMINS,
    Permission.MEMBER_SUSPEND: _ADMINS,
    Permission.MEMBER_END_SESSIONS: _ADMINS,
    Permission.AUDIT_READ: _ADMINS,
    Permission.MEMBER_BLOCK: EVERY_ROLE,
}

# Which roles an invite may grant, and who may issue it.
MEMBER_INVITE_ROLES = frozenset({Role.SURVIVOR, Role.MENTOR_APPLICANT})
STAFF_INVITE_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.PARTNER, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    """Who is acting: always loaded from the database by the service, never from a payload."""

    id: int
    roles: frozenset[str]
    status: str = Status.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class PermissionDenied(Exception):
    """The actor may not do this. ``code`` is a message key for a calm, short answer."""

    def __init__(self, permission: str, code: str = "error.not_allowed") -> None:
        super().__init__(permission)
        self.permission = permission
        self.code = code


def parse_roles(text: str) -> frozenset[str]:
    known = {role.value for role in Role}
    return frozenset(part for part in (p.strip() for p in text.split(",")) if part in known)


def format_roles(roles: Iterable[str]) -> str:
    return ",".join(sorted(set(roles)))


def permissions_of(actor: Actor | None) -> frozenset[Permission]:
    if actor is None or not actor.is_active:
        return frozenset()
    return frozenset(p for p, roles in GRANTS.items() if roles & actor.roles)


def _own_object(actor: Actor, obj: Any) -> bool:
    return getattr(obj, "owner_id", None) == actor.id


def _invite_revocable(actor: Actor, obj: Any) -> bool:
    if actor.has_role(Role.ADMIN) or actor.has_role(Role.MODERATOR):
        return True
    return getattr(obj, "created_by_id", None) == actor.id


def _staff_target(actor: Actor, obj: Any) -> bool:
    # Nobody acts on their own account through staff tools (no self-suspension lock-outs).
    return getattr(obj, "id", None) != actor.id


OBJECT_RULES: dict[Permission, Callable[[Actor, Any], bool]] = {
    Permission.ACCOUNT_SELF_MANAGE: _own_object,
    Permission.INVITE_REVOKE: _invite_revocable,
    Permission.MEMBER_SUSPEND: _staff_target,
    Permission.MEMBER_END_SESSIONS: _staff_target,
}


def can(actor: Actor | None, permission: Permission, obj: Any = None) -> bool:
    if permission not in permissions_of(actor):
        return False
    rule = OBJECT_RULES.get(permission)
    if obj is None or rule is None:
        return True
    assert actor is not None  # permissions_of(None) is empty
    return rule(actor, obj)


def require(actor: Actor | None, permission: Permission, obj: Any = None) -> Actor:
    """Return the actor when allowed; raise ``PermissionDenied`` otherwise."""
    if actor is None:
        raise PermissionDenied(permission, "error.sign_in_needed")
    if not actor.is_active:
        raise PermissionDenied(permission, "error.account_inactive")
    if not can(actor, permission, obj):
        raise PermissionDenied(permission)
    return actor
