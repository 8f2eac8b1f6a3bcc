"""The states a mentorship's rows pass through, as stored in their ``status`` columns."""

from __future__ import annotations

from enum import StrEnum


class ApplicationStatus(StrEnum):
    """A mentor's application, from first draft to a decision."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    DECLINED = "declined"


class ProfileChanges(StrEnum):
    """``changes_status`` of an approved mentor's edits ("" when there are none)."""

    NONE = ""
    WAITING = "waiting"      # edits wait for a reviewer
    RETURNED = "returned"    # a reviewer sent them back


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class RequestClosedReason(StrEnum):
    """Why a request closed (``closed_reason``; "" while it is pending)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    MATCHED = "matched"          # the survivor was matched through another request
    MENTOR_FULL = "mentor_full"  # the mentor reached their capacity
    MENTOR_PAUSED = "mentor_paused"  # the mentor paused taking new requests


class MatchStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    """Why a mentorship ended, as a short code. The first five are the member's own,
    optional answer; the last three say what ended it. Never shown to the other person:
    the code only counts, without names, in the programme's figures."""

    DONE = "done"  # we reached what we set out to do
    BUSY = "busy"  # life got busy
    FIT = "fit"  # it wasn't the right fit
    OTHER = "other"  # something else
    UNSAID = "unsaid"  # I'd rather not say (also when nothing was chosen)
    BLOCK = "block"  # one of them blocked the other
    STAFF = "staff"  # a moderator ended it
    LEFT = "left"  # one of them closed their account


MEMBER_END_REASONS = (EndReason.DONE, EndReason.BUSY, EndReason.FIT, EndReason.OTHER,
                      EndReason.UNSAID)


def member_end_reason(value: object) -> EndReason | None:
    """Her answer as a code: nothing chosen is "rather not say"; anything that is not
    one of the member's own choices is None (the caller refuses it)."""
    if value is None or value == "":
        return EndReason.UNSAID
    if not isinstance(value, str):
        return None
    return next((reason for reason in MEMBER_END_REASONS if reason.value == value), None)


class MessageStatus(StrEnum):
    """A private message between a survivor and their mentor."""

    VISIBLE = "visible"
    HELD = "held"          # waiting for a site moderator before delivery
    REJECTED = "rejected"


class MessageReportStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ProposalStatus(StrEnum):
    """A staff assignment proposal (pairs suggested in bulk)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class MarkKind(StrEnum):
    """A survivor's private mark on a mentor card."""

    SAVED = "saved"
    HIDDEN = "hidden"
