"""Flags from members, when a flagged post is hidden, and the review queue's order.

A post flagged by ``FLAG_HIDE_THRESHOLD`` distinct members is hidden until a moderator
reviews it (one person cannot hide a post by flagging it twice: the service counts
distinct flaggers). Each member may flag ``DAILY_FLAG_LIMIT`` times a day, so flagging
cannot be used to flood moderators. Flags about self-harm risk or recruitment and
exploitation make the review item urgent; urgent items come first, then the oldest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

FLAG_HIDE_THRESHOLD = 3
DAILY_FLAG_LIMIT = 10
MESSAGE_KEY_PREFIX = "moderation."
FLAG_LIMIT_REACHED_KEY = MESSAGE_KEY_PREFIX + "flag_limit_reached"


class FlagReason(StrEnum):
    HARASSMENT = "harassment"
    PERSONAL_INFORMATION = "personal_information"
    RECRUITMENT_EXPLOITATION = "recruitment_exploitation"
    SELF_HARM_RISK = "self_harm_risk"
    SPAM = "spam"
    OTHER = "other"

    @property
    def message_key(self) -> str:
        """The key of the label shown in the flag form."""
        return f"{MESSAGE_KEY_PREFIX}flag_reason_{self.value}"


URGENT_FLAG_REASONS: frozenset[FlagReason] = frozenset(
    {FlagReason.SELF_HARM_RISK, FlagReason.RECRUITMENT_EXPLOITATION}
)


class MessageReportReason(StrEnum):
    """Why a member reports a private message from their mentor or mentee."""

    UNSAFE = "unsafe"
    RECRUITMENT_EXPLOITATION = "recruitment_exploitation"
    SELF_HARM_RISK = "self_harm_risk"
    HARASSMENT = "harassment"
    OTHER = "other"

    @property
    def message_key(self) -> str:
        return f"{MESSAGE_KEY_PREFIX}flag_reason_{self.value}"


# A report about safety, recruitment or self-harm goes to the top of the queue.
URGENT_MESSAGE_REPORT_REASONS: frozenset[MessageReportReason] = frozenset(
    {MessageReportReason.UNSAFE, MessageReportReason.RECRUITMENT_EXPLOITATION,
     MessageReportReason.SELF_HARM_RISK}
)

ENGLISH_MESSAGES: dict[str, str] = {
    "flag_limit_reached": (
        "You've sent a lot of reports today. Thank you for looking out for others. "
        "You can send more tomorrow."
    ),
    "flag_reason_harassment": "Harassment or bullying",
    "flag_reason_personal_information": "Shares someone's personal information",
    "flag_reason_recruitment_exploitation": "Recruiting, job offers or asking for money",
    "flag_reason_self_harm_risk": "Someone may be at risk of hurting themselves",
    "flag_reason_spam": "Spam or advertising",
    "flag_reason_other": "Something else",
    "flag_reason_unsafe": "I feel unsafe, pressured or threatened",
}


def should_hide(distinct_flaggers: int) -> bool:
    """Whether a post is hidden until reviewed."""
    return distinct_flaggers >= FLAG_HIDE_THRESHOLD


def can_flag(flags_today: int, *, daily_limit: int = DAILY_FLAG_LIMIT) -> bool:
    """Whether a member who has flagged ``flags_today`` times today may flag again;
    if not, show ``FLAG_LIMIT_REACHED_KEY``."""
    return flags_today < daily_limit


def is_urgent_review(reasons: Iterable[FlagReason]) -> bool:
    """Whether flags with these reasons make the review item urgent."""
    return any(reason in URGENT_FLAG_REASONS for reason in reasons)


class QueueItem(Protocol):
    @property
    def urgent(self) -> bool: ...

    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True)
class ReviewItem:
    """A minimal review-queue entry; any object with ``urgent`` and an aware
    ``created_at`` sorts the same way."""

    item_id: int
    created_at: datetime
    urgent: bool = False


def queue_sort_key(item: QueueItem) -> tuple[int, datetime]:
    """Sort key for the review queue: urgent first, then oldest first."""
    return (0 if item.urgent else 1, item.created_at)
