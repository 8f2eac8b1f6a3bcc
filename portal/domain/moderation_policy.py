"""Trust levels and the limits on new members (Discourse-style), and muting.

Trust rises with approved posts and time, and falls with recent rejections:

- NEW (0): everyone starts here;
- MEMBER (1): at least 3 approved posts and 1 day since joining;
- TRUSTED (2): at least 10 approved posts and 14 days since joining.

One rejected post in the recent window (the service counts rejections in the last
``RECENT_REJECTION_WINDOW``) caps trust at MEMBER; three put the author back to NEW.

New members (trust NEW) may post once per 30 seconds and start three threads a day
(a UTC day; the service counts ``threads_today`` the same way). Links need TRUSTED.
Each author's first 3 posts are held for review whatever their trust. Staff are
never limited. These are the defaults of ``PostingPolicy``; a deployment may change
them. Flood limits for everyone (per user and per IP) are the rate limiter's job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum

RECENT_REJECTION_WINDOW = timedelta(days=30)
MESSAGE_KEY_PREFIX = "moderation."


class TrustLevel(IntEnum):
    NEW = 0
    MEMBER = 1
    TRUSTED = 2


@dataclass(frozen=True)
class TrustThresholds:
    member_approved_posts: int = 3
    member_account_age: timedelta = timedelta(days=1)
    trusted_approved_posts: int = 10
    trusted_account_age: timedelta = timedelta(days=14)
    rejections_capping_at_member: int = 1
    rejections_resetting_to_new: int = 3


def trust_level(
    *,
    approved_posts: int,
    account_age: timedelta,
    rejected_recent: int,
    thresholds: TrustThresholds = TrustThresholds(),  # noqa: B008 - frozen, shared safely
) -> TrustLevel:
    """The author's trust level (see module doc for the thresholds)."""
    if rejected_recent >= thresholds.rejections_resetting_to_new:
        return TrustLevel.NEW
    level = TrustLevel.NEW
    if (
        approved_posts >= thresholds.member_approved_posts
        and account_age >= thresholds.member_account_age
    ):
        level = TrustLevel.MEMBER
    if (
        approved_posts >= thresholds.trusted_approved_posts
        and account_age >= thresholds.trusted_account_age
        and rejected_recent < thresholds.rejections_capping_at_member
    ):
        level = TrustLevel.TRUSTED
    return level


@dataclass(frozen=True)
class PostingPolicy:
    pre_moderated_posts: int = 3
    new_member_min_interval: timedelta = timedelta(seconds=30)
    new_member_threads_per_day: int = 3
    min_trust_for_links: TrustLevel = TrustLevel.TRUSTED


@dataclass(frozen=True)
class AuthorStanding:
    """What the rules need to know about an author; the service fills it in."""

    trust: TrustLevel
    approved_posts: int
    muted_until: datetime | None = None
    is_staff: bool = False


class PostingOutcome(StrEnum):
    ALLOWED = "allowed"
    HELD_FOR_REVIEW = "held_for_review"
    REFUSED = "refused"


@dataclass(frozen=True)
class PostingDecision:
    """``message_key``/``params`` are for the author; ``retry_after_seconds`` is set
    when waiting will help (a mute, the 30-second gap, tomorrow's threads)."""

    outcome: PostingOutcome
    message_key: str | None = None
    retry_after_seconds: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def may_post(self) -> bool:
        """True when the post is accepted, published now or after review."""
        return self.outcome is not PostingOutcome.REFUSED


_ALLOWED = PostingDecision(PostingOutcome.ALLOWED)

ENGLISH_MESSAGES: dict[str, str] = {
    "posting_muted": "You can't post for a while. A moderator has paused posting for you.",
    "posting_too_soon": "Please wait {seconds} seconds before posting again.",
    "posting_thread_limit": (
        "You've started {limit} conversations today. You can start another tomorrow, "
        "or reply to one that's already going."
    ),
    "posting_links_not_yet": (
        "New members can't share links yet. Please remove the link and post again."
    ),
    "posting_held_new_member": (
        "Thanks for posting! A moderator checks new members' first posts "
        "before others can see them."
    ),
}


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _refused(code: str, retry_after: float | None = None, **params: object) -> PostingDecision:
    seconds = None if retry_after is None else max(1, math.ceil(retry_after))
    return PostingDecision(PostingOutcome.REFUSED, MESSAGE_KEY_PREFIX + code, seconds, params)


def _seconds_to_next_utc_day(now: datetime) -> float:
    today = now.astimezone(UTC).date()
    next_midnight = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=1)
    return (next_midnight - now).total_seconds()


def check_posting(
    *,
    policy: PostingPolicy,
    author: AuthorStanding,
    now: datetime,
    recent_post_times: Sequence[datetime],
    threads_today: int,
    is_thread: bool,
    contains_link: bool,
) -> PostingDecision:
    """Whether ``author`` may post now: allowed, held for review, or refused with a
    reason. Checks run from the hardest stop (a mute) to the softest (review)."""
    _require_aware(now, "now")
    if author.is_staff:
        return _ALLOWED
    if author.muted_until is not None and is_muted(author.muted_until, now):
        return _refused("posting_muted", (author.muted_until - now).total_seconds())
    if author.trust == TrustLevel.NEW:
        for moment in recent_post_times:
            _require_aware(moment, "recent_post_times")
        latest = max(recent_post_times, default=None)
        if latest is not None and now - latest < policy.new_member_min_interval:
            wait = (latest + policy.new_member_min_interval - now).total_seconds()
            return _refused("posting_too_soon", wait, seconds=max(1, math.ceil(wait)))
        if is_thread and threads_today >= policy.new_member_threads_per_day:
            return _refused(
                "posting_thread_limit",
                _seconds_to_next_utc_day(now),
                limit=policy.new_member_threads_per_day,
            )
    if contains_link and author.trust < policy.min_trust_for_links:
        return _refused("posting_links_not_yet")
    if author.approved_posts < policy.pre_moderated_posts:
        return PostingDecision(
            PostingOutcome.HELD_FOR_REVIEW, MESSAGE_KEY_PREFIX + "posting_held_new_member"
        )
    return _ALLOWED


def is_muted(mute_until: datetime | None, now: datetime) -> bool:
    """True while a mute is in force (it ends at ``mute_until``, exclusive)."""
    _require_aware(now, "now")
    if mute_until is None:
        return False
    _require_aware(mute_until, "mute_until")
    return now < mute_until
