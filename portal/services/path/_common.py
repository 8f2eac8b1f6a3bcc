"""Shared pieces of My path: cleaning her words, and turning rows into views."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.moderation_policy import MessageVerdict, judge_private_message
from portal.domain.path import PathError
from portal.domain.permissions import Actor
from portal.domain.sanitize import (
    EmptyText,
    SanitizeError,
    TextTooLong,
    clean_plain_line,
    clean_user_text,
)
from portal.models.path import PathGoal, PathStep
from portal.services.errors import ServiceError
from portal.services.moderation.checks import check_text
from portal.services.path import _links
from portal.services.path.views import SharedGoalView, StepView


def refusal(error: PathError) -> ServiceError:
    return ServiceError(error.message_key, **dict(error.params or {}))


def cleaned(value: object, *, max_length: int, line: bool = True,
            optional: bool = False) -> str:
    """Member-written words through the sanitiser, with calm, specific refusals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return ""
        raise ServiceError("path.text_empty")
    if not isinstance(value, str):
        raise ServiceError("path.text_empty")
    try:
        if line:
            return clean_plain_line(value, max_length=max_length)
        return clean_user_text(value, max_length=max_length)
    except EmptyText:
        if optional:
            return ""
        raise ServiceError("path.text_empty") from None
    except TextTooLong:
        raise ServiceError("path.text_too_long", max_length=max_length) from None
    except SanitizeError:
        raise ServiceError("path.text_empty") from None


def steps_of(session: Session, goal_ids: list[int]) -> dict[int, list[PathStep]]:
    found: dict[int, list[PathStep]] = {goal_id: [] for goal_id in goal_ids}
    if not goal_ids:
        return found
    rows = session.execute(select(PathStep).where(PathStep.goal_id.in_(goal_ids))
                           .order_by(PathStep.goal_id, PathStep.id)).scalars().all()
    for step in rows:
        found[step.goal_id].append(step)
    return found


def step_view(session: Session, step: PathStep, goal: PathGoal, now: datetime, *,
              mentor_id: int | None = None, memo: dict | None = None) -> StepView:
    """One step as its owner (or, with ``mentor_id``, her mentor) sees it. ``memo``
    remembers, for one read, what each linked object resolved to: a plan links the same
    few things again and again."""
    memo = {} if memo is None else memo
    link_key = (step.link_kind, step.link_id, goal.owner_id, mentor_id)
    if link_key not in memo:
        memo[link_key] = (
            _links.link_for_owner(session, step, goal.owner_id) if mentor_id is None
            else _links.link_for_mentor(session, step, goal, mentor_id))
    tick_key = ("tick", step.link_kind, step.link_id, goal.owner_id, goal.auto_tick)
    if step.done or not step.accepted or not goal.auto_tick or not step.link_kind:
        ticked = False
    else:
        if tick_key not in memo:
            memo[tick_key] = _links.ticked_by_link(session, step, goal, now)
        ticked = memo[tick_key]
    return StepView(id=step.id, text=step.text, done=step.done or ticked,
                    ticked_by_link=ticked, link=memo[link_key],
                    suggested=step.suggested_by_id is not None or not step.accepted,
                    waiting=not step.accepted)


def shared_goal_view(session: Session, goal: PathGoal, steps: list[PathStep], now: datetime,
                     mentor_id: int, memo: dict | None = None) -> SharedGoalView:
    views = tuple(step_view(session, step, goal, now, mentor_id=mentor_id, memo=memo)
                  for step in steps)
    counted = [view for view in views if not view.waiting]
    return SharedGoalView(
        id=goal.id, starter_key=goal.starter_key, title=goal.title, stage=goal.stage,
        target_month=goal.target_month, status=goal.status,
        milestone_line=goal.milestone_line if goal.milestone_shared else "",
        steps=views, steps_done=sum(1 for view in counted if view.done),
        steps_total=len(counted))


def check_shared_words(session: Session, actor: Actor, words: str) -> None:
    """Words another member will read (a suggestion, an agenda point, the agreed note)
    are judged like a private message: a hurtful word is refused; what a message would
    hold for a moderator is not delivered here either (write it as a message instead)."""
    judgement = judge_private_message(findings=check_text(session, actor, words),
                                      writer_is_staff=actor.is_staff)
    if judgement.verdict is MessageVerdict.REFUSED:
        raise ServiceError(judgement.message_keys[0])
    if judgement.verdict is MessageVerdict.HELD:
        raise ServiceError("path.suggestion_not_sent")
