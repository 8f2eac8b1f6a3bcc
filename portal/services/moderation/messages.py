"""Private messages in the review queue: what site moderators see of them and what their
decisions do.

Two kinds of item: a message a member reported (``message``) and a message held before
delivery by the text check (``held_message``). Both are for site moderators only
(``moderation_review.access_item``). The moderator sees the message and the few before
it in that mentorship; reading them is audited.

A reported message's item ends with one outcome (warned, match ended, suspended or
dismissed). The report is closed with it and the reporter gets a notice saying what
happened. The reported member is never told who reported, nor that a report was made:
a warning reaches them as a moderator's note, like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal import routes
from portal.domain.groups import REPORT_OUTCOMES, ItemKind, ModerationVerb, ReviewOutcome
from portal.domain.mentoring import EndReason, MatchStatus, MessageReportStatus, MessageStatus
from portal.domain.permissions import Actor, PermissionDenied
from portal.models import User
from portal.models.groups import ReviewQueueItem
from portal.models.mentoring import MentorMatch, MentorMessage, MessageReport
from portal.services import audit, live
from portal.services.accounts.members import load_actor
from portal.services.errors import NotFound, ServiceError
from portal.services.groups.transitions import record_action
from portal.services.groups.views import MessageLine, PrivateMessageCase
from portal.services.mentoring import matches as mentoring_matches
from portal.services.mentoring import notices as mentoring_notices
from portal.services.notifications import inbox as notifications

CONTEXT_BEFORE = 4


# --- what the moderator sees ----------------------------------------------------------

@dataclass(frozen=True)
class _Subject:
    message_id: int | None
    match_id: int | None
    body: str
    created_at: datetime | None
    sender_id: int | None
    reporter_id: int | None
    report_reason: str


def _subjects(session: Session, items: list) -> dict[int, _Subject]:
    report_ids = [i.message_report_id for i in items
                  if i.kind == ItemKind.MESSAGE and i.message_report_id is not None]
    message_ids = [i.mentor_message_id for i in items
                   if i.kind == ItemKind.HELD_MESSAGE and i.mentor_message_id is not None]
    reports = {r.id: r for r in session.execute(
        select(MessageReport).where(MessageReport.id.in_(report_ids))).scalars()
    } if report_ids else {}
    held = {m.id: m for m in session.execute(
        select(MentorMessage).where(MentorMessage.id.in_(message_ids))).scalars()
    } if message_ids else {}
    found: dict[int, _Subject] = {}
    for item in items:
        report = reports.get(item.message_report_id) if item.kind == ItemKind.MESSAGE else None
        if report is not None:
            found[item.id] = _Subject(report.message_id, report.match_id, report.excerpt,
                                      report.created_at, report.reported_member_id,
                                      report.reporter_id, report.reason)
        message = held.get(item.mentor_message_id) if item.kind == ItemKind.HELD_MESSAGE else None
        if message is not None:
            found[item.id] = _Subject(message.id, message.match_id, message.body,
                                      message.created_at, message.sender_id, None, "")
    return found


def _earlier(session: Session, subject: _Subject) -> list[MentorMessage]:
    """The few delivered messages just before the subject, oldest first (none once the
    thread was purged)."""
    if subject.message_id is None or subject.match_id is None:
        return []
    rows = session.execute(
        select(MentorMessage).where(MentorMessage.match_id == subject.match_id,
                                    MentorMessage.id < subject.message_id,
                                    MentorMessage.status == MessageStatus.VISIBLE)
        .order_by(MentorMessage.id.desc()).limit(CONTEXT_BEFORE)).scalars().all()
    return list(reversed(rows))


def cases_for(session: Session, actor: Actor, items: list) -> dict[int, PrivateMessageCase]:
    """For each private-message item (rows or items): the message, the few before it, who
    reported it and why. Reading them is audited, once per item shown."""
    subjects = _subjects(session, [i for i in items if ItemKind(i.kind).is_private_message])
    if not subjects:
        return {}
    earlier = {item_id: _earlier(session, subject) for item_id, subject in subjects.items()}
    people = {s.sender_id for s in subjects.values()} | {s.reporter_id for s in subjects.values()}
    people |= {m.sender_id for rows in earlier.values() for m in rows}
    people.discard(None)
    names = dict(session.execute(
        select(User.id, User.display_name).where(User.id.in_(people))).all()) if people else {}
    match_ids = {s.match_id for s in subjects.values() if s.match_id is not None}
    active = set(session.execute(select(MentorMatch.id).where(
        MentorMatch.id.in_(match_ids), MentorMatch.status == MatchStatus.ACTIVE)).scalars()
    ) if match_ids else set()
    cases = {}
    for item_id, subject in subjects.items():
        lines = [MessageLine(sender_name=names.get(m.sender_id, ""), body=m.body,
                             at=m.created_at, is_subject=False) for m in earlier[item_id]]
        lines.append(MessageLine(sender_name=names.get(subject.sender_id, ""),
                                 body=subject.body, at=subject.created_at, is_subject=True))
        cases[item_id] = PrivateMessageCase(
            report_reason=subject.report_reason,
            reporter_name=names.get(subject.reporter_id, "") if subject.reporter_id else "",
            match_id=subject.match_id or 0, match_active=subject.match_id in active,
            lines=tuple(lines))
        audit.record(session, actor=actor, action="moderation.private_message_read",
                     target_type="review_item", target_id=item_id,
                     detail=f"messages={len(lines)}")
    return cases


# --- closing an item ----------------------------------------------------------------------

def _report_of(session: Session, item: ReviewQueueItem) -> MessageReport | None:
    if item.kind != ItemKind.MESSAGE or item.message_report_id is None:
        return None
    return session.get(MessageReport, item.message_report_id)


def _held_message(session: Session, item: ReviewQueueItem) -> MentorMessage:
    if item.kind != ItemKind.HELD_MESSAGE or item.mentor_message_id is None:
        raise ServiceError("review.not_a_held_message")
    message = session.get(MentorMessage, item.mentor_message_id)
    if message is None or message.status != MessageStatus.HELD:
        raise ServiceError("review.message_gone")
    return message


def close_item(session: Session, actor: Actor, item: ReviewQueueItem, outcome: ReviewOutcome,
               now: datetime) -> None:
    """Resolve a private-message item with ``outcome``. For a report: close the report
    and tell the reporter what happened (in the caller's transaction)."""
    item.resolved, item.resolved_at, item.resolved_by_id = True, now, actor.id
    item.outcome = outcome[:24]
    report = _report_of(session, item)
    if report is None:
        return
    if report.status != MessageReportStatus.RESOLVED:
        report.status = MessageReportStatus.RESOLVED
        report.resolved_by_id, report.resolved_at = actor.id, now
        report.outcome = outcome[:16]
    if outcome in REPORT_OUTCOMES:
        notifications.notify(session, user_id=report.reporter_id, kind="report",
                             key=f"notify.report_outcome_{outcome}",
                             link=(routes.mentoring_messages(report.match_id) if report.match_id
                                   else routes.MENTORING),
                             dedupe_key=f"message-report-outcome:{report.id}")


def after_author_action(session: Session, actor: Actor, item: ReviewQueueItem,
                        verb: ModerationVerb, now: datetime) -> None:
    """A warning or a suspension from a private-message item: the writer reads a warning
    in their notifications; a reported message's item is closed with that outcome."""
    if not ItemKind(item.kind).is_private_message:
        return
    if verb is ModerationVerb.WARN and item.author_id is not None:
        notifications.notify(session, user_id=item.author_id, kind="moderation",
                             key="notify.moderator_note", link=routes.GROUPS)
    if item.kind == ItemKind.MESSAGE:
        close_item(session, actor, item,
                   ReviewOutcome.WARNED if verb is ModerationVerb.WARN else ReviewOutcome.SUSPENDED,
                   now)


def approve_message(session: Session, actor: Actor, item: ReviewQueueItem,
                    now: datetime) -> None:
    """Deliver a held message as it is: the partner reads it now, and is told as for any
    new message (until now nothing told them it existed)."""
    message = _held_message(session, item)
    message.status = MessageStatus.VISIBLE
    live.changed(session, live.match_topic(message.match_id))  # both tabs, after commit
    match = session.get(MentorMatch, message.match_id)
    if match is not None:
        mentoring_notices.new_message(session, match, message)
    record_action(session, actor=actor, verb=ModerationVerb.APPROVE, now=now,
                  target_user_id=message.sender_id)
    close_item(session, actor, item, ReviewOutcome.APPROVED, now)


def reject_message(session: Session, actor: Actor, item: ReviewQueueItem, reason: str,
                   now: datetime) -> None:
    """Do not deliver a held message; its writer reads the reason under it."""
    message = _held_message(session, item)
    message.status, message.review_reason = MessageStatus.REJECTED, reason[:500]
    live.changed(session, live.match_topic(message.match_id))  # the writer reads why
    record_action(session, actor=actor, verb=ModerationVerb.REJECT, now=now,
                  target_user_id=message.sender_id, reason=reason)
    close_item(session, actor, item, ReviewOutcome.REJECTED, now)


def dismiss_message_item(session: Session, actor: Actor, item: ReviewQueueItem,
                         now: datetime) -> None:
    if item.kind == ItemKind.HELD_MESSAGE:
        message = (session.get(MentorMessage, item.mentor_message_id)
                   if item.mentor_message_id is not None else None)
        if message is not None and message.status == MessageStatus.HELD:
            raise ServiceError("review.deliver_or_not")  # a waiting message needs a decision
    close_item(session, actor, item, ReviewOutcome.DISMISSED, now)


# --- ending the mentorship ------------------------------------------------------------

def _parties_in_order(item: ReviewQueueItem, match: MentorMatch) -> list[int]:
    """Who the mentorship is ended for: the reporter (or the reader of a held message)
    first, then the writer."""
    others = [match.survivor_id, match.mentor_id]
    first = [pid for pid in others if pid != item.author_id]
    return first + [pid for pid in others if pid == item.author_id]


def end_match_for_item(session: Session, actor: Actor, item: ReviewQueueItem,
                       now: datetime) -> None:
    """End the mentorship the message belongs to, through mentoring's own ``end_match``
    (so everything that follows an ending happens), then record that a moderator ended
    it: neither person reads "you ended it". Commits."""
    report = _report_of(session, item)
    if item.kind == ItemKind.MESSAGE:
        match_id = report.match_id if report is not None else None
    else:
        match_id = _held_message(session, item).match_id
    match = session.get(MentorMatch, match_id) if match_id is not None else None
    if match is None:
        raise NotFound()
    if match.status != MatchStatus.ACTIVE:
        raise ServiceError("mentoring.match_ended")
    record_action(session, actor=actor, verb=ModerationVerb.END_MATCH, now=now,
                  target_user_id=item.author_id)
    if item.kind == ItemKind.HELD_MESSAGE:
        _held_message(session, item).status = MessageStatus.REJECTED  # never delivered
    close_item(session, actor, item, ReviewOutcome.MATCH_ENDED, now)
    session.flush()
    for party_id in _parties_in_order(item, match):
        party = load_actor(session, party_id)
        if party is None:
            continue
        try:
            mentoring_matches.end_match(session=session, actor=party, match_id=match.id)
        except PermissionDenied:  # that person's account is no longer active
            continue
        break
    else:
        session.rollback()
        raise ServiceError("review.match_not_ended")
    ended = session.get(MentorMatch, match.id)
    ended.ended_by_id = actor.id
    ended.ended_reason = EndReason.STAFF.value
    session.commit()
