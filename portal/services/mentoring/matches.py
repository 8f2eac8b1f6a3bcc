"""A match's life: ending (calm, final), the fit check, private messages, reports, blocks.

Messages exist only inside a match. While it is active both people may write; once it
ends the thread is read-only, and 30 days later ``purge_ended_threads`` deletes it.
A block (from anywhere in the app) ends any active match between the two at once.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.groups import parse_enum
from portal.domain.mentoring import (
    EndReason,
    MatchStatus,
    MessageReportStatus,
    MessageStatus,
    RequestClosedReason,
    RequestStatus,
    member_end_reason,
)
from portal.domain.moderation import URGENT_MESSAGE_REPORT_REASONS, MessageReportReason
from portal.domain.moderation_policy import (
    CRISIS_SUPPORT_KEY,
    MessageVerdict,
    judge_private_message,
)
from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.mentoring import (
    FitCheck,
    MentorMatch,
    MentorMessage,
    MentorRequest,
    MessageReport,
)
from portal.models.types import utcnow
from portal.services import audit, live, throttle
from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups.transitions import reason_parts
from portal.services.mentoring import notices, seen
from portal.services.mentoring.common import (
    FIT_ANSWERS,
    MESSAGE_MAX,
    ON_MATCH_END,
    THREAD_KEPT_FOR,
    MatchRow,
    ThreadContext,
    access_match,
    cleaned_text,
    lock_people,
    names_of,
    thread_context,
)
from portal.services.mentoring.matching import suggestions_for
from portal.services.mentoring.views import (
    FitCheckResult,
    MatchView,
    MessagePage,
    MessageReportView,
    MessageView,
)
from portal.services.moderation import review as moderation_review
from portal.services.moderation.checks import check_text

MESSAGE_PAGE = 30
# What an open tab reads again when a message arrives: every message from the first of
# its newest page on, up to this many (its "window"); what it showed above stays as it
# was. A tab open through a long conversation so costs a push the same as a new one.
LIVE_WINDOW = 3 * MESSAGE_PAGE
REPORT_PAGE = 25
MESSAGES_PER_TEN_MINUTES = throttle.Limit("mentor_message", 60, timedelta(minutes=10))
SHOW_ENDED_FOR = THREAD_KEPT_FOR


def _partner_of(match: MentorMatch | MatchRow, viewer_id: int) -> int:
    return match.mentor_id if viewer_id == match.survivor_id else match.survivor_id


def _thread_available(match: MentorMatch | MatchRow) -> bool:
    return match.thread_purged_at is None


def match_view(session: Session, match: MentorMatch | MatchRow, viewer_id: int,
               now: datetime | None = None, names: dict[int, str] | None = None,
               fit_answer: str | None = None) -> MatchView:
    """``names``: both people's names, and ``fit_answer``: the viewer's own, when the
    caller read them already (``common.thread_context``)."""
    partner_id = _partner_of(match, viewer_id)
    # None once the other person deleted their account (a former member).
    if names is None:
        names = names_of(session, [partner_id]) if partner_id is not None else {}
    partner_name = names.get(partner_id, "") if partner_id is not None else ""
    fit = fit_answer if fit_answer is not None else session.execute(
        select(FitCheck.answer).where(FitCheck.match_id == match.id,
                                      FitCheck.user_id == viewer_id)).scalar_one_or_none()
    is_survivor = viewer_id == match.survivor_id
    return MatchView(
        id=match.id, partner_id=partner_id or 0,
        partner_name=partner_name,
        my_side="mentee" if is_survivor else "mentor", status=match.status,
        started_at=match.started_at, ended_at=match.ended_at,
        ended_by_me=match.ended_by_id == viewer_id,
        first_session_at=match.first_session_at, my_fit_answer=fit or "",
        my_rematch_ok=match.survivor_rematch_ok if is_survivor else match.mentor_rematch_ok,
        thread_available=_thread_available(match),
        thread_deleted_after=match.ended_at + THREAD_KEPT_FOR if match.ended_at else None)


def my_matches(*, session: Session, actor: Actor,
               now: datetime | None = None) -> list[MatchView]:
    """Active matches, and ended ones while their read-only thread is kept."""
    require(actor, Permission.MENTORING_MATCH_TAKE_PART)
    now = now or utcnow()
    rows = session.execute(
        select(MentorMatch).where(
            or_(MentorMatch.survivor_id == actor.id, MentorMatch.mentor_id == actor.id),
            or_(MentorMatch.status == MatchStatus.ACTIVE,
                MentorMatch.ended_at > now - SHOW_ENDED_FOR))
        .order_by(MentorMatch.status, MentorMatch.started_at.desc())).scalars().all()
    return [match_view(session, match, actor.id, now) for match in rows]


def get_match(*, session: Session, actor: Actor, match_id: object) -> MatchView:
    return match_view(session, access_match(session, actor, match_id), actor.id)


def _end(match: MentorMatch, ended_by: int, now: datetime, reason: EndReason) -> None:
    match.status = MatchStatus.ENDED
    match.ended_at = now
    match.ended_by_id = ended_by
    match.ended_reason = reason.value
    match.survivor_seat = None
    match.mentor_seat = None
    match.active_pair = None


def end_match(*, session: Session, actor: Actor, match_id: object, reason: object = "",
              now: datetime | None = None) -> MatchView:
    """Either person ends the mentorship, with an optional reason (none chosen is "I'd
    rather not say"; anything else is refused). It cannot be undone. The reason is never
    shown to the other person: it only counts, without names, in the programme insights."""
    match = access_match(session, actor, match_id, lock=True)
    code = member_end_reason(reason)
    if code is None:
        raise ServiceError("mentoring.bad_choice")
    if match.status != MatchStatus.ACTIVE:
        raise ServiceError("mentoring.match_ended")
    now = now or utcnow()
    _end(match, actor.id, now, code)
    for hook in ON_MATCH_END:  # the calendar cancels their sessions and tells both
        hook(session, match.survivor_id, match.mentor_id)
    session.commit()
    return match_view(session, match, actor.id, now)


def record_first_session(session: Session, *, match_id: int, at: datetime) -> None:
    """For booking: the first session of an active match took place (caller commits)."""
    session.execute(
        update(MentorMatch)
        .where(MentorMatch.id == match_id, MentorMatch.status == MatchStatus.ACTIVE,
               MentorMatch.first_session_at.is_(None))
        .values(first_session_at=at))


def mark_first_session(*, session: Session, actor: Actor, match_id: object,
                       now: datetime | None = None) -> MatchView:
    """Either person says the first session happened; the fit check opens for both."""
    match = access_match(session, actor, match_id, lock=True)
    if match.status != MatchStatus.ACTIVE:
        raise ServiceError("mentoring.match_ended")
    if match.first_session_at is None:
        match.first_session_at = now or utcnow()
    session.commit()
    return match_view(session, match, actor.id, now)


def record_fit_check(*, session: Session, actor: Actor, match_id: object, answer: object,
                     now: datetime | None = None) -> FitCheckResult:
    """Good fit / not sure yet / not a good fit. A survivor's "not a good fit" brings
    new suggestions at once (the current mentor left out); the mentor is not told."""
    match = access_match(session, actor, match_id)
    if answer not in FIT_ANSWERS:
        raise ServiceError("mentoring.bad_choice")
    if match.status != MatchStatus.ACTIVE:
        raise ServiceError("mentoring.match_ended")
    if match.first_session_at is None:
        raise ServiceError("mentoring.fit_check_too_early")
    now = now or utcnow()
    record = session.execute(select(FitCheck).where(
        FitCheck.match_id == match.id, FitCheck.user_id == actor.id)).scalar_one_or_none()
    if record is None:
        record = FitCheck(match_id=match.id, user_id=actor.id, answer=str(answer))
        session.add(record)
    record.answer = str(answer)
    record.answered_at = now
    try:
        session.commit()
    except IntegrityError:  # a double tap answered first; answer again over it
        session.rollback()
        raise ServiceError("mentoring.changed_try_again") from None
    if answer == "not_good" and actor.id == match.survivor_id:
        survivor = session.get(User, actor.id)
        found = suggestions_for(session, survivor, now,
                                also_exclude=frozenset({match.mentor_id}))
        return FitCheckResult(answer=str(answer), suggestions=tuple(found))
    return FitCheckResult(answer=str(answer))


def agree_to_rematch(*, session: Session, actor: Actor, match_id: object,
                     agree: bool) -> MatchView:
    """After an ending, each may say they would try again; only both yeses reopen it."""
    match = access_match(session, actor, match_id, lock=True)
    if match.status != MatchStatus.ENDED:
        raise ServiceError("mentoring.match_still_active")
    if agree and blocks.is_blocked_between(session, match.survivor_id, match.mentor_id):
        raise ServiceError("mentoring.rematch_not_possible")
    if actor.id == match.survivor_id:
        match.survivor_rematch_ok = bool(agree)
    else:
        match.mentor_rematch_ok = bool(agree)
    session.commit()
    return match_view(session, match, actor.id)


# --- messages --------------------------------------------------------------------------

def _message_view(message: MentorMessage | Row, viewer_id: int, names: dict[int, str],
                  show_seen: bool = False, **outcome: object) -> MessageView:
    """``message``: a row of ``_messages_she_may_see``, or the message just stored."""
    mine = message.sender_id == viewer_id
    review_key, review_text = (reason_parts(message.review_reason)
                               if mine and message.review_reason else ("", ""))
    return MessageView(id=message.id, mine=mine,
                       sender_name=names.get(message.sender_id, ""), body=message.body,
                       created_at=message.created_at, reported=message.reported and not mine,
                       status=message.status, review_key=review_key, review_text=review_text,
                       seen=(show_seen and mine and message.seen
                             and message.status == MessageStatus.VISIBLE),
                       **outcome)


def list_messages(*, session: Session, actor: Actor, match_id: object,
                  before_id: object = None) -> MessagePage:
    """One page of the thread, oldest first; ``before_id`` pages back in time."""
    match = access_match(session, actor, match_id)
    # "Seen" shows only while both of them chose it (seen.py).
    show_seen = seen.both_chose_seen(session, actor.id, _partner_of(match, actor.id))
    return message_page(session, match, actor.id, show_seen=show_seen, before_id=before_id)


_SHOWN = MentorMessage.__table__.c


def _messages_she_may_see():
    """A match's messages its viewer may see: a message waiting for a moderator, or not
    delivered, is its writer's alone (run with ``match_id`` and ``viewer_id``). Plain
    rows of what ``_message_view`` shows, not ORM objects: a push reads a page."""
    return select(_SHOWN.id, _SHOWN.sender_id, _SHOWN.body, _SHOWN.created_at,
                  _SHOWN.reported, _SHOWN.status, _SHOWN.review_reason, _SHOWN.seen).where(
        _SHOWN.match_id == bindparam("match_id"),
        or_(_SHOWN.status == MessageStatus.VISIBLE, _SHOWN.sender_id == bindparam("viewer_id")))


# Built once each (their cache keys too): every message reads a thread twice (issue 15).
_STORE_MESSAGE = (insert(MentorMessage.__table__)
                  .values({name: bindparam(name) for name in (
                      "match_id", "sender_id", "body", "created_at", "reported", "seen",
                      "review_reason", "status", "held_reasons")})
                  .returning(_SHOWN.id))


@functools.cache
def _page_statement(before: bool):
    """The newest page, one more to tell whether older ones exist (``before_id``)."""
    query = _messages_she_may_see()
    if before:
        query = query.where(_SHOWN.id < bindparam("before_id"))
    return query.order_by(_SHOWN.id.desc()).limit(MESSAGE_PAGE + 1)


@functools.cache
def _from_statement(inclusive: bool, most: int):
    """The messages from ``from_id`` on (``inclusive``) or after it, oldest first, one
    more than ``most``."""
    after = bindparam("from_id")
    return (_messages_she_may_see().where(_SHOWN.id >= after if inclusive else _SHOWN.id > after)
            .order_by(_SHOWN.id).limit(most + 1))


def _views_from(session: Session, match: MentorMatch | MatchRow, viewer_id: int,
                from_id: int, *, inclusive: bool, most: int, show_seen: bool,
                names: dict[int, str]) -> tuple[MessageView, ...] | None:
    """The messages ``_from_statement`` reads, as ``viewer_id`` may see them, or None
    when the thread is gone or more than ``most`` are there (read the page afresh)."""
    if not _thread_available(match):
        return None
    rows = session.execute(_from_statement(inclusive, most), {
        "match_id": match.id, "viewer_id": viewer_id, "from_id": from_id}).all()
    if len(rows) > most:
        return None
    return tuple(_message_view(m, viewer_id, names, show_seen) for m in rows)


def message_window(session: Session, match: MentorMatch | MatchRow, viewer_id: int,
                   from_id: int, *, show_seen: bool, names: dict[int, str],
                   ) -> MessagePage | None:
    """An open tab's window as its viewer may see it now, for a match the caller
    authorized for ``viewer_id``: every message from ``from_id`` on, oldest first (held
    ones for their writer alone, as on a page), or None when more than ``LIVE_WINDOW``
    are there now (the caller reads the newest page afresh instead)."""
    window = _views_from(session, match, viewer_id, from_id, inclusive=True,
                         most=LIVE_WINDOW, show_seen=show_seen, names=names)
    return None if window is None else MessagePage(messages=window, has_older=False,
                                                   from_id=from_id)


def message_page(session: Session, match: MentorMatch | MatchRow, viewer_id: int, *,
                 show_seen: bool, before_id: object = None, names: dict[int, str] | None = None,
                 ) -> MessagePage:
    """``list_messages`` for a match the caller already authorized for ``viewer_id``
    (``access_match``), with what it already read: whether "seen" shows, and names."""
    if not _thread_available(match):
        return MessagePage(messages=(), has_older=False)
    before = parse_id(before_id) if before_id is not None else None
    rows = session.execute(_page_statement(before is not None), {
        "match_id": match.id, "viewer_id": viewer_id, "before_id": before}).all()
    if names is None:
        names = names_of(session, (match.survivor_id, match.mentor_id))
    page = [_message_view(m, viewer_id, names, show_seen)
            for m in reversed(rows[:MESSAGE_PAGE])]
    return MessagePage(messages=tuple(page), has_older=len(rows) > MESSAGE_PAGE)


def messages_after(session: Session, match: MentorMatch | MatchRow, viewer_id: int,
                   after_id: int, *, show_seen: bool, names: dict[int, str],
                   ) -> tuple[MessageView, ...] | None:
    """What ``message_page`` would add after message ``after_id`` (the newest a tab
    shows), oldest first, for a match the caller authorized for ``viewer_id``, or None
    when more than a page came since (the caller reads the page afresh instead)."""
    return _views_from(session, match, viewer_id, after_id, inclusive=False,
                       most=MESSAGE_PAGE, show_seen=show_seen, names=names)


def send_message(*, session: Session, actor: Actor, match_id: object, body: object,
                 now: datetime | None = None) -> MessageView:
    """Text only, inside an active match, and checked like a group post: the partner
    reads it now, or after a moderator, or it is refused kindly.

    Top to bottom: the match the actor takes part in (``common.access_match``), open
    for writing; the words cleaned (``common.cleaned_text``); the flood limit
    (``throttle``); what the watch list finds (``moderation.checks``); the judgement, pure
    (``domain.moderation_policy.judge_private_message``); store (a held message waits in
    the queue, ``moderation.review``) and count the message against the limit.
    """
    return _send(session, actor, thread_context(session, actor, match_id), body,
                 now or utcnow())


def send_and_read(*, session: Session, actor: Actor, match_id: object, body: object,
                  after_id: int, now: datetime | None = None,
                  ) -> tuple[MessageView, tuple[MessageView, ...] | None]:
    """``send_message``, then what her tab adds after the newest message it shows
    (``after_id``, 0 for none; the tab's own state, never a payload), in the same
    transaction: her message and anything that came since, as a reload would show
    them (``messages_after``; None: read the page afresh). Nothing else on her page
    changes by sending; any other change reaches her tab as a live push of its own."""
    context = thread_context(session, actor, match_id)
    sent = _send(session, actor, context, body, now or utcnow(), commit=False)
    match = context.match
    show_seen = {match.survivor_id, match.mentor_id} <= context.chose_seen
    # Read before the commit, in the same transaction (it sees her message): one
    # transaction per message instead of a second one only to read.
    newer = messages_after(session, match, actor.id, max(int(after_id), 0),
                           show_seen=show_seen, names=context.names)
    session.commit()
    return sent, newer


def _send(session: Session, actor: Actor, context: ThreadContext, body: object,
          now: datetime, *, commit: bool = True) -> MessageView:
    """Store the message (``send_message``'s steps), and commit unless the caller has
    more to do in the same transaction (``send_and_read`` reads first)."""
    match = context.match
    if match.status != MatchStatus.ACTIVE:
        raise ServiceError("mentoring.thread_read_only")
    text = cleaned_text(body, max_length=MESSAGE_MAX, optional=False)
    key = f"user:{actor.id}"
    throttle.check(session, limit=MESSAGES_PER_TEN_MINUTES, key=key, now=now)
    check = check_text(session, actor, text)
    judgement = judge_private_message(findings=check, writer_is_staff=actor.is_staff)
    if judgement.verdict is MessageVerdict.REFUSED:
        raise ServiceError(judgement.message_keys[0])
    held = judgement.verdict is MessageVerdict.HELD
    stored = {"match_id": match.id, "sender_id": actor.id, "body": text, "created_at": now,
              "reported": False, "seen": False, "review_reason": "",
              "status": (MessageStatus.HELD if held else MessageStatus.VISIBLE).value,
              "held_reasons": ",".join(check.reasons)[:200] if held else ""}
    # One plain INSERT (no unit of work): what the views and notices read comes back as
    # an object outside the session.
    message = MentorMessage(id=session.execute(_STORE_MESSAGE, stored).scalar_one(), **stored)
    if held:
        moderation_review.hold_message(session, message_id=message.id, author_id=actor.id,
                                       reasons=check.reasons, urgent=check.urgent, now=now)
    else:  # a held message tells the partner nothing until a moderator delivers it
        notices.new_message(session, match, message)
    throttle.count(session, limit=MESSAGES_PER_TEN_MINUTES, key=key, now=now)
    live.changed(session, live.match_topic(match.id))  # open tabs reload, after commit
    if commit:
        session.commit()
    told = judgement.message_keys
    return _message_view(message, actor.id, context.names, notice_keys=told,
                         show_crisis_resources=CRISIS_SUPPORT_KEY in told)


def _access_message(session: Session, actor: Actor, message_id: object,
                    ) -> tuple[MentorMessage, MentorMatch]:
    require(actor, Permission.MENTORING_MATCH_TAKE_PART)
    message = session.get(MentorMessage, parse_id(message_id))
    if message is None:
        raise NotFound()
    match = access_match(session, actor, message.match_id)
    if message.status != MessageStatus.VISIBLE and message.sender_id != actor.id:
        raise NotFound()  # not delivered: the partner does not know it exists
    return message, match


def report_message(*, session: Session, actor: Actor, message_id: object,
                   reason: object = "", now: datetime | None = None) -> None:
    """Send a message to the moderators: it becomes an item in their review queue (at
    the top for safety, recruitment and self-harm), and the reporter is told what they
    decided. Reporting twice changes nothing."""
    message, match = _access_message(session, actor, message_id)
    if message.sender_id == actor.id:
        raise ServiceError("mentoring.cannot_report_own")
    why = (parse_enum(MessageReportReason, reason) if reason not in (None, "")
           else MessageReportReason.OTHER)
    if why is None:
        raise ServiceError("mentoring.bad_choice")
    already = session.execute(select(MessageReport.id).where(
        MessageReport.message_id == message.id,
        MessageReport.reporter_id == actor.id)).first()
    if already is None:
        now = now or utcnow()
        report = MessageReport(message_id=message.id, match_id=match.id, reporter_id=actor.id,
                               reported_member_id=message.sender_id, excerpt=message.body,
                               reason=why.value, created_at=now)
        session.add(report)
        message.reported = True
        try:
            session.flush()
            moderation_review.enqueue_message_report(
                session, report_id=report.id, author_id=message.sender_id, now=now,
                urgent=why in URGENT_MESSAGE_REPORT_REASONS)
            session.commit()
        except IntegrityError:  # a double tap: the first report stands
            session.rollback()


def block_partner(*, session: Session, actor: Actor, match_id: object) -> None:
    """Block the other person: the match ends now and they are never matched again."""
    match = access_match(session, actor, match_id)
    blocks.block_member(session=session, actor=actor, member_id=_partner_of(match, actor.id))


def end_matches_between(session: Session, blocker_id: int, blocked_id: int) -> None:
    """ON_BLOCK hook: end their active matches and close requests between them."""
    lock_people(session, blocker_id, blocked_id)
    now = utcnow()
    pair = or_((MentorMatch.survivor_id == blocker_id) & (MentorMatch.mentor_id == blocked_id),
               (MentorMatch.survivor_id == blocked_id) & (MentorMatch.mentor_id == blocker_id))
    for match in session.execute(select(MentorMatch).where(pair)).scalars():
        if match.status == MatchStatus.ACTIVE:
            _end(match, blocker_id, now, EndReason.BLOCK)
        match.survivor_rematch_ok = False
        match.mentor_rematch_ok = False
    session.execute(
        update(MentorRequest)
        .where(MentorRequest.status == RequestStatus.PENDING,
               or_((MentorRequest.survivor_id == blocker_id)
                   & (MentorRequest.mentor_id == blocked_id),
                   (MentorRequest.survivor_id == blocked_id)
                   & (MentorRequest.mentor_id == blocker_id)))
        .values(status=RequestStatus.DECLINED, closed_reason=RequestClosedReason.DECLINED,
                open_pair=None, closed_at=now))




def purge_ended_threads(session: Session, now: datetime) -> int:
    """The scheduler's job: delete threads of matches that ended 30 or more days ago."""
    due = list(session.execute(
        select(MentorMatch.id).where(MentorMatch.status == MatchStatus.ENDED,
                                     MentorMatch.ended_at <= now - THREAD_KEPT_FOR,
                                     MentorMatch.thread_purged_at.is_(None))).scalars())
    if not due:
        return 0
    deleted = session.execute(
        delete(MentorMessage).where(MentorMessage.match_id.in_(due))).rowcount or 0
    session.execute(update(MentorMatch).where(MentorMatch.id.in_(due))
                    .values(thread_purged_at=now))
    session.commit()
    return deleted


# --- for moderators (the moderation queue lists these) ---------------------------------

def list_message_reports(*, session: Session, actor: Actor, status: str = MessageReportStatus.OPEN,
                         page: int = 0) -> list[MessageReportView]:
    """Reported private messages, newest first. Reading them is audited."""
    require(actor, Permission.MENTORING_MESSAGE_REPORT_REVIEW)
    if status not in tuple(MessageReportStatus):
        raise ServiceError("mentoring.bad_choice")
    rows = session.execute(
        select(MessageReport).where(MessageReport.status == status)
        .order_by(MessageReport.created_at.desc(), MessageReport.id.desc())
        .offset(max(int(page), 0) * REPORT_PAGE).limit(REPORT_PAGE)).scalars().all()
    names = names_of(session, {r.reporter_id for r in rows} | {r.reported_member_id for r in rows})
    audit.record(session, actor=actor, action="mentoring.message_reports.read",
                 target_type="mentor_message_report", detail=f"status={status} count={len(rows)}")
    session.commit()
    return [MessageReportView(
        id=r.id, match_id=r.match_id, message_id=r.message_id,
        reporter_name=names.get(r.reporter_id, ""), reported_member_id=r.reported_member_id,
        reported_name=names.get(r.reported_member_id, ""), excerpt=r.excerpt, status=r.status,
        created_at=r.created_at) for r in rows]


def resolve_message_report(*, session: Session, actor: Actor, report_id: object) -> None:
    require(actor, Permission.MENTORING_MESSAGE_REPORT_REVIEW)
    report = session.get(MessageReport, parse_id(report_id))
    if report is None:
        raise NotFound()
    if report.status != MessageReportStatus.RESOLVED:
        report.status = MessageReportStatus.RESOLVED
        report.resolved_by_id = actor.id
        report.resolved_at = utcnow()
        audit.record(session, actor=actor, action="mentoring.message_report.resolve",
                     target_type="mentor_message_report", target_id=report.id)
    session.commit()
