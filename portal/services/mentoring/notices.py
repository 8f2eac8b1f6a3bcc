"""What mentoring tells people in their notifications, in the caller's transaction.

A mentor hears of every new request (asked by a survivor or suggested by the team); a
survivor hears that her request was accepted, or kindly that it was not, with where to
go next; either side of an active mentorship hears of new messages, one notice per
thread while it is unread, never their words. A message held for a moderator notifies
only once a moderator delivers it, so the partner never learns one was held.
"""

from __future__ import annotations

from sqlmodel import Session

from portal import routes
from portal.domain.mentoring import MatchStatus
from portal.domain.notification_kinds import NotificationKind
from portal.models.mentoring import MentorMatch, MentorMessage, MentorRequest
from portal.services.mentoring.common import MatchRow
from portal.services.notifications import inbox as notifications


def request_received(session: Session, request: MentorRequest) -> None:
    """The mentor's notice of a new request (``source`` "staff": the team suggested it)."""
    key = ("notify.request_suggested" if request.source == "staff"
           else "notify.request_received")
    notifications.notify(session, user_id=request.mentor_id,
                         kind=NotificationKind.MENTORING_REQUEST.value, key=key,
                         params={"from_member": request.survivor_id},
                         link=routes.MENTORING_DESK, dedupe_key=f"request-received:{request.id}")


def request_accepted(session: Session, request: MentorRequest, match: MentorMatch) -> None:
    notifications.notify(session, user_id=request.survivor_id,
                         kind=NotificationKind.REQUEST_ANSWER.value, key="notify.request_accepted",
                         params={"by_member": request.mentor_id},
                         link=routes.mentoring_messages(match.id),
                         dedupe_key=f"request-answer:{request.id}")


def request_declined(session: Session, request: MentorRequest, *, mentor_full: bool = False,
                     ) -> None:
    """Kindly, with the next step: other mentors are there to ask."""
    notifications.notify(session, user_id=request.survivor_id,
                         kind=NotificationKind.REQUEST_ANSWER.value,
                         key="notify.request_mentor_full" if mentor_full
                         else "notify.request_declined",
                         params={"by_member": request.mentor_id}, link=routes.MENTORING_FIND,
                         dedupe_key=f"request-answer:{request.id}")


def new_message(session: Session, match: MentorMatch | MatchRow, message: MentorMessage) -> None:
    """The partner's "new messages" notice for a delivered message, one per thread while
    unread. Nothing for a message still held, or outside an active mentorship."""
    if match.status != MatchStatus.ACTIVE or message.match_id != match.id:
        return
    reader_id = match.mentor_id if message.sender_id == match.survivor_id else match.survivor_id
    if reader_id is None or reader_id == message.sender_id:
        return
    notifications.notify(session, user_id=reader_id, kind=NotificationKind.MESSAGE.value,
                         key="notify.new_messages", params={"from_member": message.sender_id},
                         link=routes.mentoring_messages(match.id),
                         group_key=f"messages:{match.id}", about_member=message.sender_id)
