"""My path: a survivor's own recovery plan. Pure rules, no database.

Goals are grouped by five recovery stages that overlap and repeat. A goal is picked
from a calm starter set (its title is a catalog key, so it reads in her language) or
written in her own words. Nothing is required and nothing has a deadline she did not
set: the only date is an optional target month. "Not now" parks a goal; parking is
not failing, so there is no overdue state, no streak and no score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portal.domain.keyed_error import KeyedError

STAGES: tuple[str, ...] = ("safety", "healing", "daily_life", "work", "community")

# The starter set: catalog keys ``path.starter.<key>``, grouped by stage, in the order
# the page offers them.
STARTER_GOALS: dict[str, tuple[str, ...]] = {
    "safety": ("own_id", "bank_account", "see_doctor", "legal_help", "safe_phone"),
    "healing": ("counselling", "peer_group", "sleep_better", "spiritual_support"),
    "daily_life": ("monthly_budget", "ged_classes", "safe_housing", "get_around",
                   "daily_routine"),
    "work": ("job_readiness", "vocational_training", "first_job", "own_business"),
    "community": ("volunteer_monthly", "mentor_others", "share_story", "lead_group"),
}
STARTER_STAGE: dict[str, str] = {key: stage for stage, keys in STARTER_GOALS.items()
                                 for key in keys}

TITLE_MAX = 120
NOTE_MAX = 1000
STEP_MAX = 200
MILESTONE_MAX = 300
AGENDA_MAX = 300
SESSION_NOTE_MAX = 2000
MAX_GOALS = 40
MAX_STEPS = 30
MAX_AGENDA_POINTS = 20


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PARKED = "parked"  # "not now": kept, without guilt
    DONE = "done"


class LinkKind(StrEnum):
    RESOURCE = "resource"
    OPPORTUNITY = "opportunity"
    GROUP = "group"
    SESSION = "session"


class NoteKind(StrEnum):
    AGENDA = "agenda"    # before a session; both people see every point
    PRIVATE = "private"  # after a session; only its writer ever sees it
    AGREED = "agreed"    # after a session; one per session, both see and edit it


GOAL_STATUSES = frozenset(GoalStatus)
LINK_KINDS = frozenset(LinkKind)


class PathError(KeyedError):
    """A rule of My path said no; ``key`` names the calm catalog message."""


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_target_month(value: str, *, this_year: int) -> str:
    """An optional target month as ``YYYY-MM``: empty stays empty; a month in the past
    is allowed (a plan is hers, and there is no overdue); far away years are refused."""
    value = (value or "").strip()
    if not value:
        return ""
    found = _MONTH.match(value)
    if not found:
        raise PathError("path.bad_month")
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or not this_year - 5 <= year <= this_year + 20:
        raise PathError("path.bad_month")
    return f"{year:04d}-{month:02d}"


def starter_stage(key: str) -> str:
    stage = STARTER_STAGE.get(key)
    if stage is None:
        raise PathError("path.bad_starter")
    return stage


def checked_stage(stage: str) -> str:
    if stage not in STAGES:
        raise PathError("path.bad_stage")
    return stage


def checked_status(status: str) -> GoalStatus:
    if status not in GOAL_STATUSES:
        raise PathError("path.bad_status")
    return GoalStatus(status)


def parse_link(value: str) -> tuple[str, int] | None:
    """``"kind:id"`` from a choice list: None for "no link"; anything else is refused."""
    value = (value or "").strip()
    if not value:
        return None
    kind, _, number = value.partition(":")
    if kind not in LINK_KINDS or not number.isdigit() or len(number) > 12 or int(number) < 1:
        raise PathError("path.bad_link")
    return kind, int(number)


@dataclass(frozen=True)
class TopicSource:
    """One shared goal as the agenda sees it: its title (or starter key) and open steps."""

    title: str
    starter_key: str
    open_steps: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A suggested agenda topic: her words, or a starter goal's key to translate."""

    text: str
    starter_key: str = ""


def suggested_topics(goals: Iterable[TopicSource], *, limit: int = 5) -> list[Topic]:
    """Topics to offer before a session: the first open step of each shared goal, or
    the goal itself when every step is done or there is none. Never more than ``limit``."""
    topics: list[Topic] = []
    for goal in goals:
        topic = (Topic(goal.open_steps[0]) if goal.open_steps
                 else Topic(goal.title, "" if goal.title else goal.starter_key))
        if (topic.text or topic.starter_key) and topic not in topics:
            topics.append(topic)
        if len(topics) >= limit:
            break
    return topics


def progress(done: int, total: int) -> tuple[int, int]:
    """Steps done out of steps, never negative: shown as "2 of 5 steps", never as a score."""
    done, total = max(0, done), max(0, total)
    return min(done, total), total
