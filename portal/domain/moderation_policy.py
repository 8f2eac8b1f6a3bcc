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

``judge_post`` is the whole judgement on a group post: the posting rules above and
what the watch list found in its words, in one decision (published, held, blocked or
refused, with the reasons and what to tell the author). ``judge_private_message`` is
the same for a message between mentor and mentee, which has one reader.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Protocol

from portal.domain.groups import HoldReason
from portal.domain.moderation_words import WatchCategory
from portal.domain.sanitize_markdown import contains_link as has_link

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


# --- judging one group post -----------------------------------------------------------

CRISIS_SUPPORT_KEY = MESSAGE_KEY_PREFIX + "crisis_support"
ANONYMOUS_NOT_HERE_KEY = "groups.anonymous_not_here"
NOT_ALLOWED_KEY = "error.not_allowed"


class PostVerdict(StrEnum):
    """What becomes of a member's group post; the first three are told to the author."""

    VISIBLE = "visible"   # published now
    HELD = "held"         # waits for a moderator
    BLOCKED = "blocked"   # a hurtful word: refused, or kept from sight for review if urgent
    REFUSED = "refused"   # not now: a mute, a new member's limit, a link, no names here


class TextFindings(Protocol):
    """What the watch list found in the text (the moderation service's ``TextCheck``):
    ``held`` when a watched category asks for review (never for site staff's words),
    ``blocked`` for a hurtful word, ``reasons`` the queue's hold reasons."""

    @property
    def held(self) -> bool: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...
    @property
    def reason_keys(self) -> tuple[str, ...]: ...
    @property
    def show_crisis_resources(self) -> bool: ...


@dataclass(frozen=True)
class PostJudgement:
    """The decision on one post. ``reasons``: why it waits for review (stored and queued);
    ``message_keys`` (with ``params``): what the author is told, in order; for REFUSED
    the first key is the refusal."""

    verdict: PostVerdict
    reasons: tuple[str, ...] = ()
    urgent: bool = False
    message_keys: tuple[str, ...] = ()
    params: Mapping[str, object] = field(default_factory=dict)
    show_crisis_resources: bool = False


def judge_post(
    *,
    policy: PostingPolicy,
    author: AuthorStanding,
    now: datetime,
    text: str,
    findings: TextFindings,
    is_thread: bool,
    recent_post_times: Sequence[datetime] = (),
    threads_today: int = 0,
    anonymous: bool = False,
    anonymous_allowed: bool = True,
) -> PostJudgement:
    """Judge a cleaned post ``text`` (a thread's title, warning and body together) by
    ``author``, given what the watch list found in it.

    Refusals first, from the setting to the person: no names hidden in this group, then
    ``check_posting`` (mute, a new member's pace and thread limit, links). Then the words:
    a hurtful word blocks it; a watched category or the author's first posts hold it
    (the watch list's reasons and keys lead; a new member's hold adds its reason first).
    Crisis words always bring the crisis support message.
    """
    if anonymous and not anonymous_allowed:
        return PostJudgement(PostVerdict.REFUSED, message_keys=(ANONYMOUS_NOT_HERE_KEY,))
    decision = check_posting(policy=policy, author=author, now=now,
                             recent_post_times=recent_post_times, threads_today=threads_today,
                             is_thread=is_thread, contains_link=has_link(text))
    if not decision.may_post:
        return PostJudgement(PostVerdict.REFUSED,
                             message_keys=(decision.message_key or NOT_ALLOWED_KEY,),
                             params=dict(decision.params))
    crisis = findings.show_crisis_resources
    if findings.blocked:
        return PostJudgement(PostVerdict.BLOCKED, tuple(findings.reasons), findings.urgent,
                             tuple(findings.reason_keys), show_crisis_resources=crisis)
    new_member_hold = decision.outcome is PostingOutcome.HELD_FOR_REVIEW
    support = (CRISIS_SUPPORT_KEY,) if crisis else ()
    if findings.held:
        keys = tuple(findings.reason_keys)
    elif new_member_hold:
        keys = (*support, *((decision.message_key,) if decision.message_key else ()))
    else:
        return PostJudgement(PostVerdict.VISIBLE, message_keys=support,
                             show_crisis_resources=crisis)
    reasons = ((HoldReason.NEW_MEMBER.value,) if new_member_hold else ()) + tuple(findings.reasons)
    return PostJudgement(PostVerdict.HELD, reasons, findings.urgent and findings.held, keys,
                         show_crisis_resources=crisis)


# --- judging one private message ------------------------------------------------------

# A private message waits for a moderator for these (a hurtful word with them too).
MESSAGE_HOLDS = frozenset({WatchCategory.PERSONAL_DETAILS, WatchCategory.RECRUITMENT})


class MessageVerdict(StrEnum):
    DELIVERED = "delivered"  # the partner reads it now
    HELD = "held"            # the partner reads it after a moderator
    REFUSED = "refused"      # a hurtful word alone: not sent


class MessageFindings(Protocol):
    """What the watch list found in a message (the moderation service's ``TextCheck``)."""

    @property
    def blocked(self) -> bool: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def categories(self) -> frozenset[WatchCategory]: ...
    @property
    def show_crisis_resources(self) -> bool: ...


@dataclass(frozen=True)
class MessageJudgement:
    """``message_keys``: what the writer is told, in order (for REFUSED, the refusal)."""

    verdict: MessageVerdict
    message_keys: tuple[str, ...] = ()


def judge_private_message(*, findings: MessageFindings, writer_is_staff: bool) -> MessageJudgement:
    """Judge a private message by what the watch list found in it.

    A message has one reader, the person chosen as mentor or mentee: recruitment and
    personal details wait for a moderator (a hurtful word with them too, or with anything
    urgent); crisis words reach the partner, and the writer alone sees where support is.
    A hurtful word alone is refused kindly. Site staff's messages are never held.
    """
    if findings.blocked and not findings.urgent:
        return MessageJudgement(MessageVerdict.REFUSED, ("mentoring.message_blocked_slur",))
    support = (CRISIS_SUPPORT_KEY,) if findings.show_crisis_resources else ()
    held = bool(findings.blocked or findings.categories & MESSAGE_HOLDS) and not writer_is_staff
    if not held:
        return MessageJudgement(MessageVerdict.DELIVERED, support)
    told = ("mentoring.message_held_personal_details"
            if WatchCategory.PERSONAL_DETAILS in findings.categories
            else "mentoring.message_held_review")
    return MessageJudgement(MessageVerdict.HELD, (*support, told))
