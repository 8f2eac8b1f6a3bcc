"""Moderation rules: what happens to a text when it is posted, and to its author.

Pure functions over frozen dataclasses; the moderation service loads the watch list
and the author's standing, calls these, and stores the outcome. This module holds the
text verdict and re-exports the rest, so callers import from one place:

- ``moderation_words``: watched words (validation, normalised matching);
- ``moderation_defaults``: ``DEFAULT_WATCHED_WORDS`` in English and Spanish;
- ``moderation_detectors``: phone, email, street address and handle detectors;
- ``moderation_policy``: trust levels and new-member posting limits, muting;
- ``moderation_flags``: flag reasons, hiding thresholds, review-queue order.

How a verdict is reached: every watched word and detector that matches adds its
category; each category has an action (slur: BLOCK; crisis: HOLD, urgent, show crisis
resources; recruitment: HOLD, urgent; personal details: HOLD). The most severe action
wins (BLOCK > HOLD > ALLOW). ``urgent`` is true whenever recruitment or crisis matched,
even when the text is blocked, so the service can still alert a moderator; crisis
always shows resources to the author, even when blocked for a slur.

What the author is told (``reason_keys``, in this order): ``crisis_support`` when
crisis matched; then ``blocked_slur`` for a block, ``held_personal_details`` for a hold
with personal details, or else the neutral ``held_review`` (a recruiter learns nothing
about which words gave them away).

A verdict's ``matches`` quote the author's words for the moderator's review screen:
never write them to logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from portal.domain.moderation_defaults import DEFAULT_WATCHED_WORDS
from portal.domain.moderation_detectors import PersonalDetail, detect_personal_details
from portal.domain.moderation_flags import (
    DAILY_FLAG_LIMIT,
    FLAG_HIDE_THRESHOLD,
    URGENT_FLAG_REASONS,
    URGENT_MESSAGE_REPORT_REASONS,
    FlagReason,
    MessageReportReason,
    ReviewItem,
    can_flag,
    is_urgent_review,
    queue_sort_key,
    should_hide,
)
from portal.domain.moderation_policy import (
    AuthorStanding,
    PostingDecision,
    PostingOutcome,
    PostingPolicy,
    TrustLevel,
    TrustThresholds,
    check_posting,
    is_muted,
    trust_level,
)
from portal.domain.moderation_words import (
    PATTERN_MAX_LENGTH,
    InvalidPattern,
    WatchCategory,
    WatchedWord,
    compile_watched_words,
    find_watched_words,
    normalise_for_matching,
    validate_watched_word,
)

__all__ = [
    "DAILY_FLAG_LIMIT",
    "DEFAULT_WATCHED_WORDS",
    "FLAG_HIDE_THRESHOLD",
    "PATTERN_MAX_LENGTH",
    "URGENT_FLAG_REASONS",
    "URGENT_MESSAGE_REPORT_REASONS",
    "AuthorStanding",
    "FlagReason",
    "InvalidPattern",
    "MessageReportReason",
    "ModerationAction",
    "ModerationMatch",
    "ModerationVerdict",
    "PersonalDetail",
    "PostingDecision",
    "PostingOutcome",
    "PostingPolicy",
    "ReviewItem",
    "TrustLevel",
    "TrustThresholds",
    "WatchCategory",
    "WatchedWord",
    "can_flag",
    "check_posting",
    "compile_watched_words",
    "evaluate_text",
    "is_muted",
    "is_urgent_review",
    "normalise_for_matching",
    "queue_sort_key",
    "should_hide",
    "trust_level",
    "validate_watched_word",
]

MESSAGE_KEY_PREFIX = "moderation."


class ModerationAction(IntEnum):
    """Ordered by severity, so ``max`` picks the action that wins."""

    ALLOW = 0
    HOLD = 1
    BLOCK = 2


@dataclass(frozen=True)
class _CategoryRule:
    action: ModerationAction
    urgent: bool
    show_crisis_resources: bool


_RULES: dict[WatchCategory, _CategoryRule] = {
    WatchCategory.SLUR: _CategoryRule(ModerationAction.BLOCK, False, False),
    WatchCategory.CRISIS: _CategoryRule(ModerationAction.HOLD, True, True),
    WatchCategory.RECRUITMENT: _CategoryRule(ModerationAction.HOLD, True, False),
    WatchCategory.PERSONAL_DETAILS: _CategoryRule(ModerationAction.HOLD, False, False),
}

ENGLISH_MESSAGES: dict[str, str] = {
    "crisis_support": (
        "It sounds like things are really hard right now. You are not alone, "
        "and support is here for you right now."
    ),
    "blocked_slur": (
        "This post uses a word that can hurt people here. Please change it and try again."
    ),
    "held_personal_details": (
        "Your post may share contact details or a place. To keep you safe, "
        "a moderator will check it before others can see it."
    ),
    "held_review": "Thanks for posting. A moderator will look at it before others can see it.",
}


def _reason_codes(action: ModerationAction, categories: frozenset[WatchCategory]) -> list[str]:
    # Support first; recruitment gets the neutral "held for review" (see module doc).
    codes = ["crisis_support"] if WatchCategory.CRISIS in categories else []
    if action is ModerationAction.BLOCK:
        codes.append("blocked_slur")
    elif WatchCategory.PERSONAL_DETAILS in categories:
        codes.append("held_personal_details")
    else:
        codes.append("held_review")
    return codes


@dataclass(frozen=True)
class ModerationMatch:
    """What matched, for the moderator: the category, the watched pattern or the
    detector (``"detector:phone"``), and the author's matching words."""

    category: WatchCategory
    source: str
    excerpt: str


@dataclass(frozen=True)
class ModerationVerdict:
    """The outcome for one text; ``reason_keys`` are message keys for the author."""

    action: ModerationAction
    urgent: bool
    show_crisis_resources: bool
    categories: frozenset[WatchCategory]
    reason_keys: tuple[str, ...]
    matches: tuple[ModerationMatch, ...]

    @property
    def allowed(self) -> bool:
        return self.action is ModerationAction.ALLOW


ALLOWED = ModerationVerdict(ModerationAction.ALLOW, False, False, frozenset(), (), ())


def evaluate_text(
    text: str,
    *,
    watched_words: Sequence[WatchedWord],
    detect_personal_details_builtin: bool = True,
) -> ModerationVerdict:
    """The verdict for ``text`` under ``watched_words`` (plus the built-in personal
    detail detectors unless turned off). Never raises for any text; entries of the
    list that fail ``validate_watched_word`` are skipped."""
    compiled = compile_watched_words(watched_words)
    matches = [
        ModerationMatch(found.category, found.pattern, found.excerpt)
        for found in find_watched_words(text, compiled)
    ]
    if detect_personal_details_builtin:
        matches += [
            ModerationMatch(
                WatchCategory.PERSONAL_DETAILS, f"detector:{detail.kind.value}", detail.excerpt
            )
            for detail in detect_personal_details(text)
        ]
    if not matches:
        return ALLOWED
    categories = frozenset(match.category for match in matches)
    rules = [_RULES[category] for category in categories]
    action = max(rule.action for rule in rules)
    return ModerationVerdict(
        action=action,
        urgent=any(rule.urgent for rule in rules),
        show_crisis_resources=any(rule.show_crisis_resources for rule in rules),
        categories=categories,
        reason_keys=tuple(MESSAGE_KEY_PREFIX + code for code in _reason_codes(action, categories)),
        matches=tuple(matches),
    )
