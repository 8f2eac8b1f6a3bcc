"""SQLModel tables, grouped by capability. Importing this package registers them all."""

from portal.models.accounts import (
    AuditEntry,
    Block,
    Invite,
    RecoveryCode,
    ThrottleEvent,
    User,
    UserSession,
)

__all__ = ["AuditEntry", "Block", "Invite", "RecoveryCode", "ThrottleEvent", "User", "UserSession"]
