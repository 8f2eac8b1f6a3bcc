"""'My data' for mentoring: every mentoring table with a member's data is exported and
erased here (registered with ``portal.services.accounts.my_data``).

Deleting an account deletes what the member wrote and chose: their own messages, fit
checks, requests, intake and profile. Their mentorships end and their side becomes a
former member (NULL), so the other person's own messages follow the other person's data
(their export, their deletion, the 30-day thread purge), not the deleter's.

Reports are evidence, and a reported member must not be able to erase it by leaving:
a report about the member outlives the account, pseudonymised (the member's id becomes
NULL, shown as "former member"), and ``purge_erased_member_reports`` deletes it once
the evidence retention period (settings, a year by default) has passed. A report the
member made stays too, with the reporter pseudonymised: it is evidence about someone else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlmodel import Session

from portal.domain.mentoring import MEMBER_END_REASONS, EndReason, MatchStatus
from portal.models.mentoring import (
    AssignmentPair,
    AssignmentProposal,
    FitCheck,
    MentorApplication,
    MentorMark,
    MentorMatch,
    MentorMessage,
    MentorRequest,
    MessageReport,
    SeenChoice,
    SurvivorIntake,
)
from portal.models.types import utcnow
from portal.services.mentoring.common import names_of
from portal.settings import get_settings


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_application(session: Session, user_id: int) -> dict[str, Any] | None:
    app = session.execute(select(MentorApplication).where(
        MentorApplication.user_id == user_id)).scalar_one_or_none()
    if app is None:
        return None
    return {"status": app.status, "languages": app.languages, "focus_areas": app.focus_areas,
            "experience_type": app.experience_type, "gender": app.gender, "region": app.region,
            "meeting_modes": app.meeting_modes, "capacity": app.capacity, "bio": app.bio,
            "note_from_staff": app.staff_note, "paused": app.paused,
            "submitted_at": _iso(app.submitted_at), "reviewed_at": _iso(app.reviewed_at)}


def _export_intake(session: Session, user_id: int) -> dict[str, Any] | None:
    intake = session.execute(select(SurvivorIntake).where(
        SurvivorIntake.user_id == user_id)).scalar_one_or_none()
    if intake is None:
        return None
    return {"goals": intake.goals, "languages": intake.languages,
            "preferred_mentor_gender": intake.preferred_gender,
            "wants_shared_experience": intake.wants_shared_experience,
            "experience_type": intake.experience_type, "meeting_modes": intake.meeting_modes,
            "region": intake.region, "topics_to_avoid": intake.topics_to_avoid,
            "open_to_staff_suggestions": intake.open_to_staff_suggestions,
            "skipped": intake.skipped, "mentors_allowed_at_once": intake.mentor_allowance}


def _export_marks(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MentorMark).where(MentorMark.survivor_id == user_id)
                           ).scalars().all()
    names = names_of(session, (r.mentor_id for r in rows))
    return [{"mentor": names.get(r.mentor_id, ""), "kind": r.kind,
             "at": _iso(r.created_at)} for r in rows]


def _export_requests(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MentorRequest).where(
        or_(MentorRequest.survivor_id == user_id, MentorRequest.mentor_id == user_id))
    ).scalars().all()
    names = names_of(session, {r.survivor_id for r in rows} | {r.mentor_id for r in rows})
    return [{"direction": "sent" if r.survivor_id == user_id else "received",
             "with": names.get(r.mentor_id if r.survivor_id == user_id else r.survivor_id, ""),
             "status": r.status, "note": r.note, "question": r.question, "answer": r.answer,
             "created_at": _iso(r.created_at), "expires_at": _iso(r.expires_at)} for r in rows]


def _export_matches(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MentorMatch).where(
        or_(MentorMatch.survivor_id == user_id, MentorMatch.mentor_id == user_id))
    ).scalars().all()
    names = names_of(session, {r.survivor_id for r in rows} | {r.mentor_id for r in rows})
    answers = dict(session.execute(select(FitCheck.match_id, FitCheck.answer).where(
        FitCheck.user_id == user_id)).all())
    return [{"id": r.id, "my_side": "mentee" if r.survivor_id == user_id else "mentor",
             "with": names.get(r.mentor_id if r.survivor_id == user_id else r.survivor_id, ""),
             "status": r.status, "started_at": _iso(r.started_at),
             "ended_at": _iso(r.ended_at), "first_session_at": _iso(r.first_session_at),
             "my_fit_check": answers.get(r.id),
             # Only the reason she gave herself; never her partner's.
             "my_reason_for_ending": r.ended_reason if r.ended_by_id == user_id
             and r.ended_reason in MEMBER_END_REASONS else None} for r in rows]


def _export_messages(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MentorMessage).where(MentorMessage.sender_id == user_id)
                           .order_by(MentorMessage.id)).scalars().all()
    return [{"mentorship": r.match_id, "text": r.body, "sent_at": _iso(r.created_at)}
            for r in rows]


def _export_seen(session: Session, user_id: int) -> dict[str, Any]:
    """Her "seen" choice (issue 15); no read times exist to export."""
    return {"on": session.get(SeenChoice, user_id) is not None}


def _export_reports(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MessageReport).where(MessageReport.reporter_id == user_id)
                           ).scalars().all()
    return [{"text": r.excerpt, "status": r.status, "reported_at": _iso(r.created_at)}
            for r in rows]


def _export_pairs(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(AssignmentPair).where(
        or_(AssignmentPair.survivor_id == user_id, AssignmentPair.mentor_id == user_id))
    ).scalars().all()
    return [{"proposal": r.proposal_id, "my_side": "mentee" if r.survivor_id == user_id
             else "mentor", "included": r.included, "outcome": r.outcome} for r in rows]


def _erase_mentoring(session: Session, user_id: int, _keep_posts: bool) -> None:
    now = utcnow()
    # Evidence stays, with nothing naming the member (see the module docstring).
    session.execute(update(MessageReport).where(MessageReport.reported_member_id == user_id)
                    .values(reported_member_id=None, subject_erased_at=now))
    session.execute(update(MessageReport).where(MessageReport.reporter_id == user_id)
                    .values(reporter_id=None))
    # What the member wrote and answered goes with them.
    session.execute(delete(MentorMessage).where(MentorMessage.sender_id == user_id))
    session.execute(delete(FitCheck).where(FitCheck.user_id == user_id))
    session.execute(update(MentorMatch).where(MentorMatch.ended_by_id == user_id,
                                              MentorMatch.ended_reason.in_(MEMBER_END_REASONS))
                    .values(ended_reason=None))
    session.execute(delete(SeenChoice).where(SeenChoice.user_id == user_id))
    # Their mentorships end for good; their side becomes a former member.
    theirs = or_(MentorMatch.survivor_id == user_id, MentorMatch.mentor_id == user_id)
    session.execute(update(MentorMatch).where(theirs, MentorMatch.status == MatchStatus.ACTIVE)
                    .values(status=MatchStatus.ENDED, ended_at=now, ended_by_id=None,
                            ended_reason=EndReason.LEFT.value,
                            survivor_seat=None, mentor_seat=None, active_pair=None))
    session.execute(update(MentorMatch).where(theirs).values(survivor_rematch_ok=False,
                                                             mentor_rematch_ok=False))
    session.execute(update(MentorMatch).where(MentorMatch.survivor_id == user_id)
                    .values(survivor_id=None))
    session.execute(update(MentorMatch).where(MentorMatch.mentor_id == user_id)
                    .values(mentor_id=None))
    # A mentorship with nobody left in it goes, with anything still in it.
    empty = select(MentorMatch.id).where(MentorMatch.survivor_id.is_(None),
                                         MentorMatch.mentor_id.is_(None))
    session.execute(delete(MentorMessage).where(MentorMessage.match_id.in_(empty)))
    session.execute(delete(FitCheck).where(FitCheck.match_id.in_(empty)))
    session.execute(update(MessageReport).where(MessageReport.match_id.in_(empty))
                    .values(match_id=None))
    session.execute(delete(MentorMatch).where(MentorMatch.id.in_(empty)))
    session.execute(delete(MentorRequest).where(
        or_(MentorRequest.survivor_id == user_id, MentorRequest.mentor_id == user_id)))
    session.execute(delete(MentorMark).where(
        or_(MentorMark.survivor_id == user_id, MentorMark.mentor_id == user_id)))
    session.execute(delete(AssignmentPair).where(
        or_(AssignmentPair.survivor_id == user_id, AssignmentPair.mentor_id == user_id)))
    session.execute(delete(SurvivorIntake).where(SurvivorIntake.user_id == user_id))
    session.execute(delete(MentorApplication).where(MentorApplication.user_id == user_id))
    # Staff who reviewed, resolved or proposed: their actions stay, their id goes.
    session.execute(update(MentorApplication).where(MentorApplication.reviewed_by_id == user_id)
                    .values(reviewed_by_id=None))
    session.execute(update(MentorMatch).where(MentorMatch.ended_by_id == user_id)
                    .values(ended_by_id=None))
    session.execute(update(MessageReport).where(MessageReport.resolved_by_id == user_id)
                    .values(resolved_by_id=None))
    session.execute(update(AssignmentProposal).where(AssignmentProposal.created_by_id == user_id)
                    .values(created_by_id=None))
    session.execute(update(AssignmentProposal)
                    .where(AssignmentProposal.published_by_id == user_id)
                    .values(published_by_id=None))


def purge_erased_member_reports(session: Session, now: datetime) -> int:
    """The scheduler's job: reports about members who deleted their account are purged
    once the evidence retention period has passed (never before)."""
    cutoff = now - timedelta(days=get_settings().evidence_retention_days)
    deleted = session.execute(delete(MessageReport).where(and_(
        MessageReport.subject_erased_at.is_not(None),
        MessageReport.subject_erased_at <= cutoff))).rowcount or 0
    session.commit()
    return deleted


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "mentor_application": _export_application,
    "mentoring_intake": _export_intake,
    "saved_and_hidden_mentors": _export_marks,
    "mentoring_requests": _export_requests,
    "mentorships": _export_matches,
    "mentoring_messages_sent": _export_messages,
    "mentoring_seen": _export_seen,
    "mentoring_messages_reported": _export_reports,
    "mentoring_staff_proposals": _export_pairs,
}
ERASER = _erase_mentoring
