"""The one text check every member-written text goes through: group posts, moderators'
edits of them, and private messages between mentor and mentee.

It runs the watch list and the built-in personal-detail detectors
(``portal.domain.moderation.evaluate_text``) and says what they found, in the queue's
vocabulary. What to do with it (hold, refuse, show support) is the caller's rule: a group
post and a private message differ in who else would read the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from portal.domain.groups import HoldReason
from portal.domain.moderation import (
    ModerationAction,
    ModerationVerdict,
    WatchCategory,
    evaluate_text,
)
from portal.domain.permissions import Actor
from portal.services.moderation.watched_words import current_watch_list

CATEGORY_REASONS = {
    WatchCategory.PERSONAL_DETAILS: HoldReason.PERSONAL_DETAILS,
    WatchCategory.RECRUITMENT: HoldReason.RECRUITMENT,
    WatchCategory.CRISIS: HoldReason.CRISIS,
    WatchCategory.SLUR: HoldReason.SLUR,
}
# Held items with these reasons wait for site moderators: a group moderator (a member
# like the author) may not publish someone's contact details or a recruiter's offer.
SITE_STAFF_REASONS = frozenset({HoldReason.PERSONAL_DETAILS.value,
                                HoldReason.RECRUITMENT.value})


@dataclass(frozen=True)
class TextCheck:
    """What the watch list and detectors found in one text.

    ``held``: a watched category asks for review and the writer is not site staff (site
    moderators write hotline numbers and warnings). ``blocked``: a hurtful word.
    ``reasons``: the queue's hold reasons for every category found, in a stable order.
    """

    verdict: ModerationVerdict
    held: bool
    blocked: bool
    reasons: tuple[str, ...]

    @property
    def categories(self) -> frozenset[WatchCategory]:
        return self.verdict.categories

    @property
    def urgent(self) -> bool:
        return self.verdict.urgent

    @property
    def show_crisis_resources(self) -> bool:
        return self.verdict.show_crisis_resources

    @property
    def reason_keys(self) -> tuple[str, ...]:
        return self.verdict.reason_keys


def check_text(session: Session, actor: Actor, text: str) -> TextCheck:
    """Check ``text`` written by ``actor`` against the current watch list."""
    verdict = evaluate_text(text, watched_words=current_watch_list(session))
    reasons = tuple(CATEGORY_REASONS[category].value for category in sorted(verdict.categories))
    return TextCheck(verdict=verdict,
                     held=verdict.action is ModerationAction.HOLD and not actor.is_staff,
                     blocked=verdict.action is ModerationAction.BLOCK, reasons=reasons)


def needs_site_staff(reasons: str | tuple[str, ...] | list[str]) -> bool:
    """Whether an item held for these reasons (comma-joined or a sequence) waits for
    site moderators."""
    parts = reasons.split(",") if isinstance(reasons, str) else reasons
    return any(part in SITE_STAFF_REASONS for part in parts)
