""""Seen" on private messages (issue 15, item 4): off by default, each member's choice.

A survivor must never feel watched, so nothing about reading is recorded or shown
unless she chose it. The rule is WhatsApp's: a message shows "Seen" to its writer only
when BOTH the writer and the reader have turned "seen" on. A read is recorded only
while the reader has it on (turning it on later reveals nothing from before), and
turning it off hides it at once both ways. Only "Seen" is kept, never when: the message
row holds a flag, no time.

A message waiting for a moderator is not delivered, so it cannot be seen: only
delivered (visible) messages are marked when the reader opens the thread.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.mentoring import MatchStatus, MessageStatus
from portal.domain.permissions import Actor, Permission, require
from portal.models.mentoring import MentorMatch, MentorMessage, SeenChoice
from portal.models.types import utcnow
from portal.services import live
from portal.services.errors import ServiceError
from portal.services.mentoring.common import MatchRow

_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}


def _wanted(on: object) -> bool:
    if isinstance(on, bool):
        return on
    said = str(on).strip().lower()
    if said in _TRUE or said in _FALSE:
        return said in _TRUE
    raise ServiceError("mentoring.bad_choice")


def seen_is_on(session: Session, user_id: int | None) -> bool:
    if not user_id:
        return False
    return session.get(SeenChoice, user_id) is not None


def both_chose_seen(session: Session, writer_id: int | None, reader_id: int | None) -> bool:
    return seen_is_on(session, writer_id) and seen_is_on(session, reader_id)


def seen_choice(*, session: Session, actor: Actor) -> bool:
    """Whether the actor herself has "seen" on."""
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    return seen_is_on(session, actor.id)


def choose_seen(*, session: Session, actor: Actor, on: object) -> bool:
    """Turn "seen" on or off for the actor herself. Her partners' open threads update
    (their messages' "Seen" appears or goes)."""
    require(actor, Permission.NOTIFICATIONS_PREFERENCE_EDIT)
    wanted = _wanted(on)
    if wanted:
        if session.get(SeenChoice, actor.id) is None:
            session.add(SeenChoice(user_id=actor.id, created_at=utcnow()))
    else:
        session.execute(delete(SeenChoice).where(SeenChoice.user_id == actor.id))
    matches = session.execute(select(MentorMatch.id).where(
        or_(MentorMatch.survivor_id == actor.id, MentorMatch.mentor_id == actor.id),
        MentorMatch.status == MatchStatus.ACTIVE)).scalars().all()
    live.changed(session, [live.match_topic(match_id) for match_id in matches])
    try:
        session.commit()
    except IntegrityError:  # a double tap turned it on first: it is on
        session.rollback()
    return wanted


def mark_seen(session: Session, match: MentorMatch | MatchRow, reader_id: int,
              reader_chose: bool | None = None) -> int:
    """The reader opened the thread: her partner's delivered messages are seen, if she
    has "seen" on (else nothing is recorded; ``reader_chose``: her choice, when the
    caller read it already). The writer's open tab updates after the caller commits.
    Returns how many were newly marked."""
    if reader_id not in (match.survivor_id, match.mentor_id):
        return 0
    if not (seen_is_on(session, reader_id) if reader_chose is None else reader_chose):
        return 0
    marked = session.execute(
        update(MentorMessage)
        .where(MentorMessage.match_id == match.id, MentorMessage.sender_id != reader_id,
               MentorMessage.status == MessageStatus.VISIBLE, MentorMessage.seen.is_(False))
        .values(seen=True)).rowcount or 0
    if marked:
        live.changed(session, live.match_topic(match.id))
    return marked
