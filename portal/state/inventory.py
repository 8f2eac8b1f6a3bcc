"""Every public event handler a browser can call, and who may call it (THREATS #1).

Reflex lets any browser call any public handler by name with any payload. This table
is the reviewed list; `tests/security/test_handler_inventory.py` fails when a handler
exists that is not listed here, and the authorization matrix calls each one as every
role and proves that only the roles listed here change anything. The real checks
live in the services; this table documents and tests them.
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
ROLES = ("survivor", "mentor_applicant", "mentor", "moderator", "coordinator", "partner", "admin")
EVERYONE = frozenset({ANONYMOUS, *ROLES})
SIGNED_IN = frozenset(ROLES)
INVITERS = frozenset({"moderator", "partner", "admin"})
MEMBER_STAFF = frozenset({"moderator", "admin"})
ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class Access:
    """Who may call a handler, and what it may touch."""

    roles: frozenset[str]
    note: str


HANDLERS: dict[str, Access] = {
    # Shared by every page.
    "AppState.load_page": Access(EVERYONE, "the caller's own pseudonym and roles, read only;"
                                 " shows a catalog message named in the URL"),
    "AppState.choose_language": Access(EVERYONE, "the caller's own language"),
    # Account.
    "AccountState.load_account": Access(SIGNED_IN, "the caller's own settings"),
    "AccountState.save_timezone": Access(SIGNED_IN, "the caller's own time zone"),
    "AccountState.set_timezone_choice": Access(EVERYONE, "a form value; saves nothing"),
    "RecoveryCodesState.load_welcome": Access(SIGNED_IN, "issues the caller's first codes"),
    "RecoveryCodesState.make_new_codes": Access(SIGNED_IN, "replaces the caller's codes"),
    "RecoveryCodesState.finish_codes": Access(EVERYONE, "forgets codes shown; saves nothing"),
    # Staff.
    "StaffState.load_staff": Access(INVITERS, "invites (partners: their own), members, audit"),
    "StaffState.create_invite": Access(INVITERS, "staff roles only by admins"),
    "StaffState.revoke_invite": Access(INVITERS, "partners only their own invites"),
    "StaffState.search_members": Access(MEMBER_STAFF, "pseudonyms and status, read only"),
    "StaffState.suspend_member": Access(ADMINS, "never oneself"),
    "StaffState.unsuspend_member": Access(ADMINS, "never oneself"),
    "StaffState.end_member_sessions": Access(ADMINS, "never oneself"),
}

# Reflex adds `setvar` to every state. It only calls a `set_<name>` handler that
# exists, and each of those is listed above, so it opens nothing new.
FRAMEWORK_HANDLERS = frozenset({"setvar"})
