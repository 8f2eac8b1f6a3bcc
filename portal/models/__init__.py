"""SQLModel tables, grouped by capability. Importing this package registers them all."""

import portal.models.calendar  # noqa: F401  (availability, bookings, meetings)
import portal.models.groups  # noqa: F401  (registers the support group tables)
import portal.models.insights  # noqa: F401  (weekly rollups of the posts, by trigger)
import portal.models.mentoring  # noqa: F401  (registers the mentoring tables)
import portal.models.notifications  # noqa: F401  (notifications and reminders)
import portal.models.path  # noqa: F401  (my path: goals, steps, session notes)
import portal.models.resources  # noqa: F401  (registers the resources directory tables)
import portal.models.stories  # noqa: F401  (stories, their reviews, reactions and replies)
import portal.models.volunteering  # noqa: F401  (volunteer opportunities, shifts, hours)
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
