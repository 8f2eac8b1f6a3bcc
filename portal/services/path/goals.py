"""Her own plan: goals and steps she adds, ticks, parks, finishes and shares.

Every function loads by id and checks she owns it (``_access.access_own_goal``): any
other member's id is simply not found, and staff hold no permission at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlmodel import Session

from portal.domain.path import (
    MAX_GOALS,
    MAX_STEPS,
    MILESTONE_MAX,
    NOTE_MAX,
    STEP_MAX,
    TITLE_MAX,
    GoalStatus,
    PathError,
    checked_stage,
    checked_status,
    parse_target_month,
    starter_stage,
)
from portal.domain.permissions import Actor, Permission, require
from portal.models.path import PathGoal, PathStep
from portal.models.types import utcnow
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.common import names_of
from portal.services.path import _links
from portal.services.path._access import (
    access_own_goal,
    access_own_step,
    open_matches_of_survivor,
    open_shared_match,
)
from portal.services.path._common import cleaned, refusal, step_view, steps_of
from portal.services.path.views import GoalView, MentorChoice, MyPathView


@dataclass(frozen=True)
class StatusResult:
    status: str
    finished: bool  # just finished: the page shows a quiet acknowledgement


def _goal_view(session: Session, goal: PathGoal, steps: list[PathStep], now: datetime,
               names: dict[int, str], memo: dict) -> GoalView:
    match = memo.get(("match", goal.shared_match_id))
    if ("match", goal.shared_match_id) not in memo:
        match = memo[("match", goal.shared_match_id)] = open_shared_match(session, goal)
    views = tuple(step_view(session, step, goal, now, memo=memo) for step in steps)
    counted = [view for view in views if not view.waiting]
    return GoalView(
        id=goal.id, starter_key=goal.starter_key, title=goal.title, stage=goal.stage,
        target_month=goal.target_month, note=goal.note, status=goal.status,
        auto_tick=goal.auto_tick, shared=match is not None,
        shared_with=names.get(match.mentor_id, "") if match is not None else "",
        shared_match_id=match.id if match is not None else 0,
        milestone_line=goal.milestone_line, milestone_shared=goal.milestone_shared,
        steps=views, steps_done=sum(1 for view in counted if view.done),
        steps_total=len(counted))


def my_path(*, session: Session, actor: Actor, now: datetime | None = None) -> MyPathView:
    require(actor, Permission.PATH_GOAL_KEEP)
    now = now or utcnow()
    goals = session.execute(select(PathGoal).where(PathGoal.owner_id == actor.id)
                            .order_by(PathGoal.id)).scalars().all()
    steps = steps_of(session, [goal.id for goal in goals])
    matches = open_matches_of_survivor(session, actor.id)
    names = names_of(session, [match.mentor_id for match in matches])
    memo: dict = {}
    return MyPathView(
        goals=tuple(_goal_view(session, goal, steps[goal.id], now, names, memo)
                    for goal in goals),
        mentors=tuple(MentorChoice(match.id, names.get(match.mentor_id, ""))
                      for match in matches),
        link_choices=_links.link_choices(session, actor.id, now),
        starters_taken=frozenset(goal.starter_key for goal in goals if goal.starter_key))


def add_goal(*, session: Session, actor: Actor, starter_key: object = "", title: object = "",
             stage: object = "") -> int:
    """A starter goal by its key, or one in her own words under a stage she picks."""
    require(actor, Permission.PATH_GOAL_KEEP)
    count = session.execute(select(func.count(PathGoal.id))
                            .where(PathGoal.owner_id == actor.id)).scalar_one()
    if count >= MAX_GOALS:
        raise ServiceError("path.too_many_goals", limit=MAX_GOALS)
    try:
        if starter_key:
            key = str(starter_key)
            goal = PathGoal(owner_id=actor.id, starter_key=key, stage=starter_stage(key))
        else:
            goal = PathGoal(owner_id=actor.id,
                            title=cleaned(title, max_length=TITLE_MAX),
                            stage=checked_stage(str(stage or "")))
    except PathError as error:
        raise refusal(error) from None
    session.add(goal)
    session.commit()
    return goal.id


def save_goal(*, session: Session, actor: Actor, goal_id: object, title: object = None,
              target_month: object = "", note: object = "", auto_tick: object = False,
              now: datetime | None = None) -> None:
    """Her words, an optional target month, her private note, and whether a linked
    shift or session may tick a step. A starter goal keeps its title unless she writes
    her own."""
    now = now or utcnow()
    goal = access_own_goal(session, actor, goal_id)
    if title not in (None, ""):
        goal.title = cleaned(title, max_length=TITLE_MAX)
    try:
        goal.target_month = parse_target_month(str(target_month or ""), this_year=now.year)
    except PathError as error:
        raise refusal(error) from None
    goal.note = cleaned(note, max_length=NOTE_MAX, line=False, optional=True)
    goal.auto_tick = auto_tick is True
    goal.updated_at = now
    session.commit()


def set_goal_status(*, session: Session, actor: Actor, goal_id: object, status: object,
                    now: datetime | None = None) -> StatusResult:
    """Active, "not now" (parked) or done. Parking keeps everything; nothing is lost."""
    now = now or utcnow()
    goal = access_own_goal(session, actor, goal_id)
    try:
        new = checked_status(str(status or ""))
    except PathError as error:
        raise refusal(error) from None
    finished = new == GoalStatus.DONE and goal.status != GoalStatus.DONE
    goal.status = new
    goal.done_at = now if new == GoalStatus.DONE else None
    if new != GoalStatus.DONE:
        goal.milestone_line, goal.milestone_shared = "", False
    goal.updated_at = now
    session.commit()
    return StatusResult(status=new, finished=finished)


def save_milestone(*, session: Session, actor: Actor, goal_id: object, line: object,
                   share: object = False) -> None:
    """An optional line about a finished goal; her mentor reads it only if she says so
    (and only while the goal is shared with them)."""
    goal = access_own_goal(session, actor, goal_id)
    if goal.status != GoalStatus.DONE:
        raise ServiceError("path.not_finished")
    goal.milestone_line = cleaned(line, max_length=MILESTONE_MAX, optional=True)
    goal.milestone_shared = share is True and bool(goal.milestone_line)
    session.commit()


def remove_goal(*, session: Session, actor: Actor, goal_id: object) -> None:
    goal = access_own_goal(session, actor, goal_id)
    session.execute(delete(PathStep).where(PathStep.goal_id == goal.id))
    session.delete(goal)
    session.commit()


def add_step(*, session: Session, actor: Actor, goal_id: object, text: object,
             link: object = "") -> int:
    goal = access_own_goal(session, actor, goal_id)
    words = cleaned(text, max_length=STEP_MAX)
    count = session.execute(select(func.count(PathStep.id))
                            .where(PathStep.goal_id == goal.id)).scalar_one()
    if count >= MAX_STEPS:
        raise ServiceError("path.too_many_steps", limit=MAX_STEPS)
    kind, object_id = _links.checked_link(session, actor, link)
    step = PathStep(goal_id=goal.id, text=words, link_kind=kind, link_id=object_id)
    session.add(step)
    goal.updated_at = utcnow()
    session.commit()
    return step.id


def toggle_step(*, session: Session, actor: Actor, step_id: object,
                now: datetime | None = None) -> bool:
    """Tick or untick one of her steps; a suggestion waiting for her is accepted first."""
    step, _goal = access_own_step(session, actor, step_id)
    if not step.accepted:
        raise ServiceError("path.accept_first")
    step.done = not step.done
    step.done_at = (now or utcnow()) if step.done else None
    session.commit()
    return step.done


def accept_step(*, session: Session, actor: Actor, step_id: object) -> None:
    """She takes her mentor's suggested step into her plan."""
    step, _goal = access_own_step(session, actor, step_id)
    step.accepted = True
    session.commit()


def remove_step(*, session: Session, actor: Actor, step_id: object) -> None:
    """Remove a step, or let a suggestion go: the mentor is not told."""
    step, _goal = access_own_step(session, actor, step_id)
    session.delete(step)
    session.commit()


def share_goal(*, session: Session, actor: Actor, goal_id: object, match_id: object) -> str:
    """Share one goal with one of her mentors, in a match open right now."""
    goal = access_own_goal(session, actor, goal_id)
    wanted = parse_id(match_id)
    match = next((match for match in open_matches_of_survivor(session, actor.id)
                  if match.id == wanted), None)
    if match is None:
        raise NotFound()
    goal.shared_match_id = match.id
    goal.updated_at = utcnow()
    session.commit()
    return names_of(session, [match.mentor_id]).get(match.mentor_id, "")


def unshare_goal(*, session: Session, actor: Actor, goal_id: object) -> None:
    """Stop sharing: from this moment the mentor's reads no longer find the goal."""
    goal = access_own_goal(session, actor, goal_id)
    goal.shared_match_id = None
    goal.milestone_shared = False
    goal.updated_at = utcnow()
    session.commit()
