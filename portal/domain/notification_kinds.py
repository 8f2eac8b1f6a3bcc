"""Which notifications a member may turn off, and which always reach her.

A notification's ``kind`` names what it is about. The kinds below are *optional*: each
member chooses, per kind, whether she gets them (all on until she says otherwise). Every
other kind is always on: security notices (a new email, new recovery codes), what a
moderator decided about her report, care messages, a staff reply, a moderator's note,
bookings and meetings moved or called off. Turning those off could hide an account
takeover or a change to a meeting she is about to walk to.
"""

from __future__ import annotations

from enum import StrEnum


class NotificationKind(StrEnum):
    """The kinds of notification a member chooses for herself."""

    # A mentor: someone asked her to be their mentor (or the team suggested a mentee).
    MENTORING_REQUEST = "mentoring_request"
    # A survivor: the mentor she asked said yes, or cannot take her request.
    REQUEST_ANSWER = "request_answer"
    # Either side of a mentorship: new private messages, one notice per thread while unread.
    MESSAGE = "message"
    # A member: someone replied in a conversation she started.
    THREAD_REPLY = "thread_reply"
    # An author: a moderator published her held post, or did not (with the reason).
    POST_REVIEW = "post_review"


# The order the settings page shows them in.
OPTIONAL_KINDS: tuple[NotificationKind, ...] = (
    NotificationKind.MESSAGE,
    NotificationKind.THREAD_REPLY,
    NotificationKind.MENTORING_REQUEST,
    NotificationKind.REQUEST_ANSWER,
    NotificationKind.POST_REVIEW,
)
_OPTIONAL = frozenset(kind.value for kind in OPTIONAL_KINDS)

# Never optional, named here so a test can hold the line.
SECURITY_KIND = "security"


def is_optional(kind: str) -> bool:
    """Whether a member may turn this kind of notification off."""
    return kind in _OPTIONAL


def optional_kind(value: object) -> NotificationKind | None:
    """The optional kind a browser named, or None for anything else (always-on kinds too)."""
    if not isinstance(value, str):
        return None
    try:
        return NotificationKind(value.strip())
    except ValueError:
        return None

