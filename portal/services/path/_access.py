"""Turning ids from the browser into My path objects, checking the actor may see them.

Her goals: only their owner (``path:goal:keep`` with the own-object rule). A mentor:
only goals shared in a match that is open *now*: the match is active, she and the
mentor are active members and neither blocked the other. That is checked every time a
goal is read, never remembered, so unsharing, ending the match, a block or a suspension
ends the mentor's sight at once. Anything else is ``NotFound``, the same answer as an
id that does not exist. Staff hold neither permission.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.mentoring import MatchStatus
from portal.domain.permissions import Actor, Permission, Status, require
from portal.models import User
from portal.models.mentoring import MentorMatch
from portal.models.path import PathGoal, PathStep
from portal.services.accounts.blocks import is_blocked_between
from portal.services.errors import NotFound, parse_id


def match_is_open(session: Session, match: MentorMatch | None) -> bool:
    """The match is active, both people are active members, and no block stands."""
    if (match is None or match.status != MatchStatus.ACTIVE or match.survivor_id is None
            or match.mentor_id is None):
        return False
    statuses = session.execute(select(User.status).where(
        User.id.in_((match.survivor_id, match.mentor_id)))).scalars().all()
    if len(statuses) != 2 or any(status != Status.ACTIVE for status in statuses):
        return False
    return not is_blocked_between(session, match.survivor_id, match.mentor_id)


def open_shared_match(session: Session, goal: PathGoal) -> MentorMatch | None:
    """The match this goal is shared in, if the sharing holds right now."""
    if goal.shared_match_id is None:
        return None
    match = session.get(MentorMatch, goal.shared_match_id)
    if match is None or match.survivor_id != goal.owner_id or not match_is_open(session, match):
        return None
    return match


def access_own_goal(session: Session, actor: Actor, goal_id: object) -> PathGoal:
    require(actor, Permission.PATH_GOAL_KEEP)
    goal = session.get(PathGoal, parse_id(goal_id))
    if goal is None or goal.owner_id != actor.id:
        raise NotFound()
    require(actor, Permission.PATH_GOAL_KEEP, goal)
    return goal


def access_own_step(session: Session, actor: Actor, step_id: object
                    ) -> tuple[PathStep, PathGoal]:
    require(actor, Permission.PATH_GOAL_KEEP)
    step = session.get(PathStep, parse_id(step_id))
    if step is None:
        raise NotFound()
    return step, access_own_goal(session, actor, step.goal_id)


def access_mentee_match(session: Session, actor: Actor, match_id: object) -> MentorMatch:
    """A match where the actor is the mentor and which is open right now."""
    require(actor, Permission.PATH_MENTEE_GUIDE)
    match = session.get(MentorMatch, parse_id(match_id))
    if match is None or match.mentor_id != actor.id or not match_is_open(session, match):
        raise NotFound()
    return match


def access_shared_goal(session: Session, actor: Actor, goal_id: object
                       ) -> tuple[PathGoal, MentorMatch]:
    """A goal shared with the actor as mentor, in a match open right now."""
    require(actor, Permission.PATH_MENTEE_GUIDE)
    goal = session.get(PathGoal, parse_id(goal_id))
    match = open_shared_match(session, goal) if goal is not None else None
    if goal is None or match is None or match.mentor_id != actor.id:
        raise NotFound()
    return goal, match


def open_matches_of_survivor(session: Session, survivor_id: int) -> list[MentorMatch]:
    matches = session.execute(
        select(MentorMatch).where(MentorMatch.survivor_id == survivor_id,
                                  MentorMatch.status == MatchStatus.ACTIVE)
        .order_by(MentorMatch.id)).scalars().all()
    return [match for match in matches if match_is_open(session, match)]
