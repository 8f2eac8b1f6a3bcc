"""Roles, named permissions and the one ``require`` every service calls.

Permissions are named ``scope:resource:action`` (as Warehouse does) so a grep for a
name finds every place it is granted and checked. A constant's name is its value in
capitals with ``_`` for ``:``, the resource left out where it only repeats the scope
(``GROUP_POST_APPROVE = "group:post:approve"``, ``GROUP_CREATE = "group:group:create"``,
``NOTIFICATIONS_READ = "notifications:notification:read"``); a test holds this.
Object-level rules (a moderator may revoke only the invites they made; a member may
touch only their own things) live beside the permission in ``OBJECT_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from portal.domain.refusal import Refused


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
    ACCOUNT_INVITE_CREATE = "account:invite:create"
    ACCOUNT_INVITE_CREATE_STAFF = "account:invite:create_staff"
    ACCOUNT_INVITE_LIST = "account:invite:list"
    ACCOUNT_INVITE_REVOKE = "account:invite:revoke"
    ACCOUNT_MEMBER_LIST = "account:member:list"
    ACCOUNT_MEMBER_SUSPEND = "account:member:suspend"
    ACCOUNT_MEMBER_END_SESSIONS = "account:member:end_sessions"
    ADMIN_AUDIT_READ = "admin:audit:read"
    ACCOUNT_MEMBER_BLOCK = "account:member:block"
    # Capabilities add their permissions below, each in its own commented block.
    # --- mentoring ---
    MENTORING_PROFILE_EDIT = "mentoring:profile:edit"
    MENTORING_MENTOR_MANAGE = "mentoring:mentor:manage"
    MENTORING_MENTEE_SEEK = "mentoring:mentee:seek"
    MENTORING_MATCH_TAKE_PART = "mentoring:match:take_part"
    MENTORING_PROFILE_REVIEW = "mentoring:profile:review"
    MENTORING_MATCH_ASSIGN = "mentoring:match:assign"
    MENTORING_MESSAGE_REPORT_REVIEW = "mentoring:message_report:review"
    # --- groups ---
    GROUP_CREATE = "group:group:create"
    GROUP_TAKE_PART = "group:group:take_part"
    GROUP_POST_EDIT = "group:post:edit"
    GROUP_POST_APPROVE = "group:post:approve"
    GROUP_MODERATOR_ASSIGN = "group:moderator:assign"
    MODERATION_WATCHED_WORD_EDIT = "moderation:watched_word:edit"
    MODERATION_MEMBER_WARN = "moderation:member:warn"
    MODERATION_MEMBER_MUTE = "moderation:member:mute"
    # Writing to staff from Help (every signed-in member); answering it (site moderators).
    MODERATION_STAFF_CONTACT_SEND = "moderation:staff_contact:send"
    MODERATION_STAFF_CONTACT_REPLY = "moderation:staff_contact:reply"
    # Issue 13 items 3 and 10: a care message after crisis words (site moderators only).
    MODERATION_CARE_SEND = "moderation:care:send"
    # --- resources ---
    RESOURCES_LISTING_SUGGEST = "resources:listing:suggest"
    RESOURCES_LISTING_REPORT = "resources:listing:report"
    RESOURCES_LISTING_MANAGE = "resources:listing:manage"
    RESOURCES_REVIEW_RESOLVE = "resources:review:resolve"
    RESOURCES_DIRECTORY_IMPORT = "resources:directory:import"
    RESOURCES_DIRECTORY_EXPORT = "resources:directory:export"
    # --- notifications ---
    NOTIFICATIONS_READ = "notifications:notification:read"
    NOTIFICATIONS_PREFERENCE_EDIT = "notifications:preference:edit"
    # --- calendar ---
    CALENDAR_VIEW = "calendar:calendar:view"
    CALENDAR_AVAILABILITY_EDIT = "calendar:availability:edit"
    CALENDAR_SESSION_BOOK = "calendar:session:book"
    CALENDAR_SESSION_TAKE_PART = "calendar:session:take_part"
    CALENDAR_MEETING_SCHEDULE = "calendar:meeting:schedule"
    CALENDAR_MEETING_RSVP = "calendar:meeting:rsvp"
    # --- volunteering ---
    VOLUNTEERING_OPPORTUNITY_BROWSE = "volunteering:opportunity:browse"
    VOLUNTEERING_SHIFT_SIGN_UP = "volunteering:shift:sign_up"
    VOLUNTEERING_HISTORY_READ = "volunteering:history:read"
    VOLUNTEERING_OPPORTUNITY_MANAGE = "volunteering:opportunity:manage"
    VOLUNTEERING_HOURS_RECORD = "volunteering:hours:record"
    VOLUNTEERING_HOURS_APPROVE = "volunteering:hours:approve"
    # --- my path ---
    PATH_GOAL_KEEP = "path:goal:keep"
    PATH_MENTEE_GUIDE = "path:mentee:guide"
    # --- insights ---
    INSIGHTS_PROGRAMME_READ = "insights:programme:read"

    STORIES_STORY_WRITE = "stories:story:write"
    STORIES_STORY_READ = "stories:story:read"
    STORIES_STORY_REACT = "stories:story:react"
    STORIES_STORY_REVIEW = "stories:story:review"


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
    Permission.ACCOUNT_INVITE_CREATE: _INVITERS,
    Permission.ACCOUNT_INVITE_LIST: _INVITERS,
    Permission.ACCOUNT_INVITE_REVOKE: _INVITERS,
    Permission.ACCOUNT_MEMBER_LIST: _MODERATORS,
    Permission.ACCOUNT_INVITE_CREATE_STAFF: _ADMINS,
    Permission.ACCOUNT_MEMBER_SUSPEND: _ADMINS,
    Permission.ACCOUNT_MEMBER_END_SESSIONS: _ADMINS,
    Permission.ADMIN_AUDIT_READ: _ADMINS,
    Permission.ACCOUNT_MEMBER_BLOCK: EVERY_ROLE,
    # --- mentoring ---
    Permission.MENTORING_PROFILE_EDIT: frozenset({Role.MENTOR_APPLICANT, Role.MENTOR}),
    Permission.MENTORING_MENTOR_MANAGE: frozenset({Role.MENTOR}),
    Permission.MENTORING_MENTEE_SEEK: frozenset({Role.SURVIVOR}),
    Permission.MENTORING_MATCH_TAKE_PART: frozenset({Role.SURVIVOR, Role.MENTOR}),
    Permission.MENTORING_PROFILE_REVIEW: _MODERATORS,
    Permission.MENTORING_MATCH_ASSIGN: _MODERATORS,
    Permission.MENTORING_MESSAGE_REPORT_REVIEW: _MODERATORS,
    # --- groups ---
    Permission.GROUP_CREATE: _MODERATORS,
    # Members of every kind take part; coordinators and partners' staff do not read groups.
    Permission.GROUP_TAKE_PART: MEMBER_ROLES | _MODERATORS,
    Permission.GROUP_POST_EDIT: MEMBER_ROLES | _MODERATORS,
    # Any participant may moderate a group they were made moderator of (object rule).
    Permission.GROUP_POST_APPROVE: MEMBER_ROLES | _MODERATORS,
    Permission.GROUP_MODERATOR_ASSIGN: _MODERATORS,
    Permission.MODERATION_WATCHED_WORD_EDIT: _MODERATORS,
    Permission.MODERATION_MEMBER_WARN: MEMBER_ROLES | _MODERATORS,
    Permission.MODERATION_MEMBER_MUTE: MEMBER_ROLES | _MODERATORS,
    Permission.MODERATION_STAFF_CONTACT_SEND: EVERY_ROLE,
    Permission.MODERATION_STAFF_CONTACT_REPLY: _MODERATORS,
    Permission.MODERATION_CARE_SEND: _MODERATORS,
    # --- resources ---
    # Anyone may search the directory without signing in (no permission is checked).
    # Signed-in members of every kind suggest listings and report wrong ones.
    Permission.RESOURCES_LISTING_SUGGEST: EVERY_ROLE,
    Permission.RESOURCES_LISTING_REPORT: EVERY_ROLE,
    Permission.RESOURCES_LISTING_MANAGE: _MODERATORS,
    Permission.RESOURCES_REVIEW_RESOLVE: _MODERATORS,
    Permission.RESOURCES_DIRECTORY_IMPORT: _MODERATORS,
    Permission.RESOURCES_DIRECTORY_EXPORT: _MODERATORS,
    # --- notifications ---
    # Everyone signed in has a notification centre and chooses their own reminder times.
    Permission.NOTIFICATIONS_READ: EVERY_ROLE,
    Permission.NOTIFICATIONS_PREFERENCE_EDIT: EVERY_ROLE,
    # --- calendar ---
    # Everyone signed in has a calendar (sessions, meetings, shifts of their own).
    Permission.CALENDAR_VIEW: EVERY_ROLE,
    Permission.CALENDAR_AVAILABILITY_EDIT: frozenset({Role.MENTOR}),
    # Only a survivor in an active match books, and only with that mentor (service check).
    Permission.CALENDAR_SESSION_BOOK: frozenset({Role.SURVIVOR}),
    Permission.CALENDAR_SESSION_TAKE_PART: frozenset({Role.SURVIVOR, Role.MENTOR}),
    # Group moderators schedule meetings for the groups they moderate (object rule).
    Permission.CALENDAR_MEETING_SCHEDULE: MEMBER_ROLES | _MODERATORS,
    Permission.CALENDAR_MEETING_RSVP: MEMBER_ROLES | _MODERATORS,
    # --- volunteering ---
    # Everyone signed in may browse; members volunteer and keep their own history.
    # Partner coordinators and staff post opportunities and record and approve hours;
    # a coordinator only for their own organisation's opportunities (object rule).
    Permission.VOLUNTEERING_OPPORTUNITY_BROWSE: EVERY_ROLE,
    Permission.VOLUNTEERING_SHIFT_SIGN_UP: MEMBER_ROLES,
    Permission.VOLUNTEERING_HISTORY_READ: MEMBER_ROLES,
    Permission.VOLUNTEERING_OPPORTUNITY_MANAGE: frozenset({Role.COORDINATOR}) | _MODERATORS,
    Permission.VOLUNTEERING_HOURS_RECORD: frozenset({Role.COORDINATOR}) | _MODERATORS,
    Permission.VOLUNTEERING_HOURS_APPROVE: frozenset({Role.COORDINATOR}) | _MODERATORS,
    # --- my path ---
    # A survivor keeps her own plan; staff never hold either permission (goals are
    # hers). A mentor reads only the goals a mentee shared in their active match
    # (service check) and may suggest a step there.
    Permission.PATH_GOAL_KEEP: frozenset({Role.SURVIVOR}),
    Permission.PATH_MENTEE_GUIDE: frozenset({Role.MENTOR}),
    # --- insights ---
    # Staff see the whole programme; a partner organisation's staff only their own
    # organisation's members (the service scopes every query, never a payload).
    Permission.INSIGHTS_PROGRAMME_READ: frozenset({Role.PARTNER}) | _MODERATORS,
    # --- stories ---
    # Members write their own stories and read and support each other's; moderators read
    # them to review (and the public reads /voices without signing in: no permission).
    Permission.STORIES_STORY_WRITE: MEMBER_ROLES,
    Permission.STORIES_STORY_READ: MEMBER_ROLES | _MODERATORS,
    Permission.STORIES_STORY_REACT: MEMBER_ROLES,
    Permission.STORIES_STORY_REVIEW: _MODERATORS,
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


class PermissionDenied(Refused):
    """The actor may not do this. ``code`` is a message key for a calm, short answer."""

    def __init__(self, permission: str, code: str = "error.not_allowed") -> None:
        super().__init__(code, detail=permission)
        self.permission = permission


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


# --- groups ---
def _group_moderator(actor: Actor, obj: Any) -> bool:
    # Site moderators moderate every group; members only the groups they moderate.
    return actor.is_staff or actor.id in getattr(obj, "moderator_ids", ())


# --- calendar ---
def _session_party(actor: Actor, obj: Any) -> bool:
    # A booked session belongs to its survivor and its mentor, nobody else.
    return actor.id in getattr(obj, "party_ids", ())


# --- volunteering ---
def _own_organisation(actor: Actor, obj: Any) -> bool:
    # Staff act on every organisation's opportunities; a coordinator on their own only.
    # The service loads both organisations from the database, never from a payload.
    if actor.is_staff:
        return True
    own = getattr(obj, "actor_organisation_key", "")
    return (actor.has_role(Role.COORDINATOR) and bool(own)
            and own == getattr(obj, "organisation_key", None))


OBJECT_RULES: dict[Permission, Callable[[Actor, Any], bool]] = {
    Permission.ACCOUNT_SELF_MANAGE: _own_object,
    Permission.ACCOUNT_INVITE_REVOKE: _invite_revocable,
    Permission.ACCOUNT_MEMBER_SUSPEND: _staff_target,
    Permission.ACCOUNT_MEMBER_END_SESSIONS: _staff_target,
    # --- groups ---
    Permission.GROUP_POST_EDIT: _own_object,
    Permission.GROUP_POST_APPROVE: _group_moderator,
    Permission.MODERATION_MEMBER_WARN: _group_moderator,
    Permission.MODERATION_MEMBER_MUTE: _group_moderator,
    # --- notifications ---
    Permission.NOTIFICATIONS_READ: _own_object,
    # --- calendar ---
    Permission.CALENDAR_SESSION_TAKE_PART: _session_party,
    Permission.CALENDAR_MEETING_SCHEDULE: _group_moderator,
    # --- volunteering ---
    Permission.VOLUNTEERING_HISTORY_READ: _own_object,
    Permission.VOLUNTEERING_OPPORTUNITY_MANAGE: _own_organisation,
    Permission.VOLUNTEERING_HOURS_RECORD: _own_organisation,
    Permission.VOLUNTEERING_HOURS_APPROVE: _own_organisation,
    # --- my path ---
    Permission.PATH_GOAL_KEEP: _own_object,
    # --- stories ---
    Permission.STORIES_STORY_WRITE: _own_object,
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
