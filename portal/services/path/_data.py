"""My path in "My data": her goals, steps and session notes, exported; erased for real
when she deletes her account (a mentor's suggestions on her goals go with her goals;
a mentor's own agenda points and notes go when the mentor leaves)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.domain.path import NoteKind
from portal.models.path import PathGoal, PathStep, SessionNote
from portal.models.types import utcnow
from portal.services.path import _links


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _ticked_by_link(session: Session, step: PathStep, goal: PathGoal, now) -> bool:
    """The export says a step is done exactly when her plan shows it done: a linked step
    she let tick itself counts once what it links to is done."""
    if step.done or not step.accepted or not step.link_kind:
        return False
    return _links.ticked_by_link(session, step, goal, now)


def _export_path(session: Session, user_id: int) -> dict[str, Any]:
    now = utcnow()
    goals = session.execute(select(PathGoal).where(PathGoal.owner_id == user_id)
                            .order_by(PathGoal.id)).scalars().all()
    steps = session.execute(
        select(PathStep).join(PathGoal, PathGoal.id == PathStep.goal_id)
        .where(PathGoal.owner_id == user_id).order_by(PathStep.id)).scalars().all()
    notes = session.execute(select(SessionNote).where(SessionNote.author_id == user_id)
                            .order_by(SessionNote.id)).scalars().all()
    return {
        "goals": [{
            "starter": goal.starter_key, "title": goal.title, "stage": goal.stage,
            "target_month": goal.target_month, "note": goal.note, "status": goal.status,
            "shared": goal.shared_match_id is not None, "milestone": goal.milestone_line,
            "created": _iso(goal.created_at), "done": _iso(goal.done_at),
            "ticks_itself": goal.auto_tick,
            "steps": [_export_step(session, step, goal, now)
                      for step in steps if step.goal_id == goal.id],
        } for goal in goals],
        "session_notes": [{"kind": note.kind, "text": note.body,
                           "written": _iso(note.updated_at)} for note in notes],
    }


def _export_step(session: Session, step: PathStep, goal: PathGoal, now) -> dict[str, Any]:
    ticked = _ticked_by_link(session, step, goal, now)
    return {"text": step.text, "done": step.done or ticked, "ticked_by_link": ticked,
            "link": step.link_kind,
            "suggested_by_mentor": step.suggested_by_id is not None or not step.accepted,
            "accepted": step.accepted}


def _erase_path(session: Session, user_id: int, _keep_posts: bool) -> None:
    goal_ids = select(PathGoal.id).where(PathGoal.owner_id == user_id)
    session.execute(delete(PathStep).where(PathStep.goal_id.in_(goal_ids)))
    session.execute(delete(PathGoal).where(PathGoal.owner_id == user_id))
    session.execute(delete(SessionNote).where(SessionNote.author_id == user_id,
                                              SessionNote.kind != NoteKind.AGREED))
    # The agreed note belongs to both: it stays for the other person, unsigned.
    session.execute(update(SessionNote).where(SessionNote.author_id == user_id)
                    .values(author_id=None))
    session.execute(update(PathStep).where(PathStep.suggested_by_id == user_id)
                    .values(suggested_by_id=None))


EXPORTERS = {
    "path": _export_path,
}
ERASER = _erase_path
