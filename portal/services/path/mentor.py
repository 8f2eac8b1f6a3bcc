"""What a mentor sees of a mentee's plan: the goals she shared in their open match,
their steps, and a finished goal's line if she chose to share it. Never her notes.

A mentor may suggest a step on a shared goal; it waits for her to accept it. The words
go through the same watch list and judgement as a private message: a hurtful word is
refused, and anything a message would hold for a moderator is not delivered here
either (the mentor is asked to write it as a message, where a moderator can look).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.mentoring import MatchStatus
from portal.domain.path import MAX_STEPS, STEP_MAX
from portal.domain.permissions import Actor, Permission, require
from portal.models.mentoring import MentorMatch
from portal.models.path import PathGoal, PathStep
from portal.models.types import utcnow
from portal.services.errors import ServiceError
from portal.services.mentoring.common import names_of
from portal.services.path._access import (
    access_mentee_match,
    access_shared_goal,
    match_is_open,
)
from portal.services.path._common import (
    check_shared_words,
    cleaned,
    shared_goal_view,
    steps_of,
)
from portal.services.path.views import MenteePathView, MenteeRef


def _shared_in(session: Session, match: MentorMatch) -> list[PathGoal]:
    return list(session.execute(
        select(PathGoal).where(PathGoal.shared_match_id == match.id,
                               PathGoal.owner_id == match.survivor_id)
        .order_by(PathGoal.id)).scalars().all())


def my_mentees(*, session: Session, actor: Actor) -> list[MenteeRef]:
    """The mentor's open matches, with how many goals each mentee shares."""
    require(actor, Permission.PATH_MENTEE_GUIDE)
    matches = session.execute(
        select(MentorMatch).where(MentorMatch.mentor_id == actor.id,
                                  MentorMatch.status == MatchStatus.ACTIVE)
        .order_by(MentorMatch.id)).scalars().all()
    matches = [match for match in matches if match_is_open(session, match)]
    names = names_of(session, [match.survivor_id for match in matches])
    return [MenteeRef(match_id=match.id, name=names.get(match.survivor_id, ""),
                      shared_goals=len(_shared_in(session, match))) for match in matches]


def mentee_path(*, session: Session, actor: Actor, match_id: object,
                now: datetime | None = None) -> MenteePathView:
    now = now or utcnow()
    match = access_mentee_match(session, actor, match_id)
    goals = _shared_in(session, match)
    steps = steps_of(session, [goal.id for goal in goals])
    name = names_of(session, [match.survivor_id]).get(match.survivor_id, "")
    memo: dict = {}
    return MenteePathView(
        match_id=match.id, mentee_name=name,
        goals=tuple(shared_goal_view(session, goal, steps[goal.id], now, actor.id, memo)
                    for goal in goals))


def suggest_step(*, session: Session, actor: Actor, goal_id: object, text: object) -> int:
    goal, _match = access_shared_goal(session, actor, goal_id)
    words = cleaned(text, max_length=STEP_MAX)
    count = session.execute(select(func.count(PathStep.id))
                            .where(PathStep.goal_id == goal.id)).scalar_one()
    if count >= MAX_STEPS:
        raise ServiceError("path.too_many_steps", limit=MAX_STEPS)
    check_shared_words(session, actor, words)
    step = PathStep(goal_id=goal.id, text=words, suggested_by_id=actor.id, accepted=False)
    session.add(step)
    session.commit()
    return step.id
