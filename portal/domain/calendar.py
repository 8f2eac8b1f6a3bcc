"""The states of the calendar's rows, as stored in their ``status`` columns.

A meeting RSVP's status is the waitlist's ``SeatStatus`` (``portal.domain.waitlist``).
"""

from __future__ import annotations

from enum import StrEnum


class BookingStatus(StrEnum):
    """A mentoring session a survivor booked with their mentor."""

    BOOKED = "booked"
    CANCELLED = "cancelled"


class MeetingStatus(StrEnum):
    """A group meeting a group moderator scheduled."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
