"""Support groups: the stored vocabularies and the small rules around posts (who may
still reply to a thread, when an author may still edit).

Pure values and functions; the group services store them and the pages name them.
Moderation rules proper (watched words, trust, flags, judging a post) live in
``moderation`` and ``moderation_policy``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

EDIT_WINDOW = timedelta(minutes=15)
# A claim keeps other moderators' hands off an item for this long, then lapses.
CLAIM_LAPSES_AFTER = timedelta(minutes=30)
MUTE_HOURS_CHOICES: tuple[int, ...] = (1, 24, 72, 168)

GROUP_NAME_MAX = 80
GROUP_PURPOSE_MAX = 500
GROUP_RULES_MAX = 2000
THREAD_TITLE_MAX = 120
POST_BODY_MAX = 10_000
CONTENT_WARNING_MAX = 100
REASON_MAX = 500
FLAG_NOTE_MAX = 300


class Visibility(StrEnum):
    """Who may find and enter a group."""

    OPEN = "open"          # any member joins with one tap
    REQUEST = "request"    # a group moderator approves each request
    INVITE = "invite"      # only invited members see it at all


class MemberRole(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    REQUESTED = "requested"
    INVITED = "invited"
    # A moderator took her out of the group (issue 13 item 10): the row stays so she
    # cannot simply join again; a moderator may invite her back.
    REMOVED = "removed"


class PostStatus(StrEnum):
    VISIBLE = "visible"
    HELD = "held"          # waiting for a moderator
    REJECTED = "rejected"  # only the author (and moderators) see it, with the reason
    HIDDEN = "hidden"      # taken down by flags or a moderator, until reviewed
    DELETED = "deleted"    # removed by its author; the text is gone


class ReactionKind(StrEnum):
    """Supportive reactions only: there is no way to disagree by tapping."""

    HEART = "heart"
    HUG = "hug"
    STRENGTH = "strength"
    THANKS = "thanks"
    ME_TOO = "me_too"


class HoldReason(StrEnum):
    """Why an item waits in the review queue (several may apply)."""

    NEW_MEMBER = "new_member"
    PERSONAL_DETAILS = "personal_details"
    RECRUITMENT = "recruitment"
    CRISIS = "crisis"
    SLUR = "slur"
    FLAGS = "flags"
    EDITED = "edited"
    MESSAGE_REPORT = "message_report"
    HIDDEN_BY_MODERATOR = "hidden_by_moderator"
    # A member blocked the author of a post made without a name (a quiet signal).
    ANONYMOUS_BLOCK = "anonymous_block"


class CannedRejection(StrEnum):
    """Reasons a moderator can pick instead of writing one; the author reads the text."""

    PERSONAL_DETAILS = "personal_details"
    RECRUITMENT = "recruitment"
    HARASSMENT = "harassment"
    OFF_TOPIC = "off_topic"
    SPAM = "spam"
    NOT_SAFE = "not_safe"

    @property
    def message_key(self) -> str:
        return f"review.reject_canned_{self.value}"


class ItemKind(StrEnum):
    POST = "post"
    MESSAGE = "message"              # a private message a member reported
    HELD_MESSAGE = "held_message"    # a private message held before delivery
    # Someone blocked the author of an anonymous post: told to site moderators only, so
    # a group moderator who wrote the post never learns it.
    ANONYMOUS_BLOCK = "anonymous_block"
    # A member wrote to staff from Help: private, for site moderators only.
    STAFF_CONTACT = "staff_contact"

    @property
    def is_private_message(self) -> bool:
        """A private message, reported or held (for site moderators only)."""
        return self in (ItemKind.MESSAGE, ItemKind.HELD_MESSAGE)


# Queue items only site moderators see and act on (never a group's own moderators).
STAFF_ONLY_ITEM_KINDS = frozenset({ItemKind.MESSAGE, ItemKind.HELD_MESSAGE,
                                   ItemKind.ANONYMOUS_BLOCK, ItemKind.STAFF_CONTACT})


class ContactTopic(StrEnum):
    """What a member writes to staff about (Help's "contact staff" form)."""

    ACCOUNT = "account"
    MENTORING = "mentoring"
    GROUPS = "groups"
    SAFETY = "safety"
    OTHER = "other"

    @property
    def reason(self) -> str:
        """How the queue item names it (``review.reason_<this>``)."""
        return f"contact_{self.value}"


CONTACT_MESSAGE_MAX = 1000   # what a member writes to staff
CONTACT_REPLY_MAX = 200      # a staff member's reply, read in her notifications


class ReviewOutcome(StrEnum):
    """How a review-queue item was closed (``ReviewQueueItem.outcome``)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"      # the author deleted the post first
    WARNED = "warned"            # a private message's writer was warned
    SUSPENDED = "suspended"      # ... or suspended
    MATCH_ENDED = "match_ended"  # ... or the mentorship was ended
    REPLIED = "replied"          # a staff member answered a member who wrote to staff


# What the reporter of a private message is told (``notify.report_outcome_<outcome>``).
REPORT_OUTCOMES = frozenset({ReviewOutcome.WARNED, ReviewOutcome.MATCH_ENDED,
                             ReviewOutcome.SUSPENDED, ReviewOutcome.DISMISSED})


class ModerationVerb(StrEnum):
    """Everything a moderator can do, as stored in the moderation history."""

    APPROVE = "approve"
    REJECT = "reject"
    EDIT_APPROVE = "edit_approve"
    HIDE = "hide"
    DISMISS = "dismiss"
    LOCK = "lock"
    UNLOCK = "unlock"
    PIN = "pin"
    UNPIN = "unpin"
    WARN = "warn"
    MUTE = "mute"
    SUSPEND = "suspend"
    END_MATCH = "end_match"


# What the author of a post may read about an action on them.
AUTHOR_VISIBLE_VERBS = frozenset({ModerationVerb.REJECT, ModerationVerb.WARN, ModerationVerb.MUTE})


def can_still_edit(created_at: datetime, now: datetime) -> bool:
    """Authors may edit a post for ``EDIT_WINDOW`` after writing it."""
    if created_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return now - created_at <= EDIT_WINDOW


def reply_refusal(*, thread_status: str, locked: bool, moderator: bool,
                  blocked_with_author: bool) -> str | None:
    """Why this thread cannot take the actor's reply (a message key), or None.

    Only a published thread takes replies (its author may see it held or rejected); a
    locked one only from its moderators; and never across a block between the actor
    and the thread's author when the thread names them (``blocked_with_author`` is
    False for a thread started without a name: refusing would name its author).
    """
    if thread_status != PostStatus.VISIBLE:
        return "groups.reply_not_possible"
    if locked and not moderator:
        return "groups.thread_locked"
    if blocked_with_author:
        return "groups.reply_not_possible"
    return None


def edit_refusal(*, post_status: str, created_at: datetime, now: datetime) -> str | None:
    """Why the author cannot edit this post now (a message key), or None: only a
    published or held post, and only within ``EDIT_WINDOW``."""
    if post_status not in (PostStatus.VISIBLE, PostStatus.HELD):
        return "groups.cannot_edit_now"
    if not can_still_edit(created_at, now):
        return "groups.edit_window_over"
    return None


def claim_is_active(claimed_at: datetime | None, now: datetime) -> bool:
    return claimed_at is not None and now - claimed_at < CLAIM_LAPSES_AFTER


def parse_enum(enum: type[StrEnum], value: object) -> StrEnum | None:
    """The member of ``enum`` named by a browser-sent value, or None."""
    try:
        return enum(str(value))
    except ValueError:
        return None
