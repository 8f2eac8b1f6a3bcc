"""Turning My path views into the small TypedDicts its pages show, in the reader's
language and time zone. No database, no Reflex state: shared by the My path states."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from babel.dates import format_date

from portal.domain.path import STAGES
from portal.i18n import format_when, normalise_language, translate
from portal.services.path import (
    GoalView,
    LinkChoice,
    LinkView,
    SharedGoalView,
    StepView,
)


class StepItem(TypedDict):
    id: int
    text: str
    done: bool
    ticked_by_link: bool
    has_link: bool
    link_text: str
    link_href: str
    suggested: bool
    waiting: bool


class GoalItem(TypedDict):
    id: int
    title: str
    own_title: str
    stage: str
    target: str
    month_value: str
    note: str
    status: str
    auto_tick: bool
    shared: bool
    shared_text: str
    progress: str
    milestone_line: str
    milestone_shared: bool
    steps: list[StepItem]


class ChoiceItem(TypedDict):
    value: str
    label: str


class StageGoals(TypedDict):
    stage: str
    label: str
    goals: list[GoalItem]


class PathWords:
    def __init__(self, language: str, timezone: str) -> None:
        self.lang = normalise_language(language)
        self.zone = timezone

    def t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    def title(self, starter_key: str, title: str) -> str:
        if title:
            return title
        return self.t(f"path.starter.{starter_key}") if starter_key else ""

    def month(self, value: str) -> str:
        if not value:
            return ""
        year, month = (int(part) for part in value.split("-"))
        return format_date(date(year, month, 1), "MMMM y", locale=self.lang)

    def link_text(self, link: LinkView | None) -> str:
        if link is None:
            return ""
        if link.when is not None:
            return self.t("path.link_session", when=format_when(
                link.when, language=self.lang, timezone=self.zone))
        return self.t(f"path.link_{link.kind}", name=link.label)

    def step(self, view: StepView) -> StepItem:
        return StepItem(id=view.id, text=view.text, done=view.done,
                        ticked_by_link=view.ticked_by_link, has_link=view.link is not None,
                        link_text=self.link_text(view.link),
                        link_href=view.link.href if view.link else "",
                        suggested=view.suggested, waiting=view.waiting)

    def progress(self, done: int, total: int) -> str:
        return self.t("path.progress", done=done, total=total) if total else ""

    def goal(self, view: GoalView) -> GoalItem:
        return GoalItem(
            id=view.id, title=self.title(view.starter_key, view.title), own_title=view.title,
            stage=view.stage, target=self.month(view.target_month),
            month_value=view.target_month, note=view.note, status=view.status,
            auto_tick=view.auto_tick, shared=view.shared,
            shared_text=self.t("path.shared_with", name=view.shared_with)
            if view.shared else "",
            progress=self.progress(view.steps_done, view.steps_total),
            milestone_line=view.milestone_line, milestone_shared=view.milestone_shared,
            steps=[self.step(step) for step in view.steps])

    def shared_goal(self, view: SharedGoalView) -> GoalItem:
        return GoalItem(
            id=view.id, title=self.title(view.starter_key, view.title), own_title="",
            stage=view.stage, target=self.month(view.target_month), month_value="",
            note="", status=view.status, auto_tick=False, shared=True, shared_text="",
            progress=self.progress(view.steps_done, view.steps_total),
            milestone_line=view.milestone_line, milestone_shared=bool(view.milestone_line),
            steps=[self.step(step) for step in view.steps])

    def by_stage(self, goals: list[GoalItem]) -> list[StageGoals]:
        return [StageGoals(stage=stage, label=self.t(f"path.stage.{stage}"),
                           goals=[goal for goal in goals if goal["stage"] == stage])
                for stage in STAGES if any(goal["stage"] == stage for goal in goals)]

    def choice(self, choice: LinkChoice) -> ChoiceItem:
        if choice.when is not None:
            label = self.t("path.link_session", when=format_when(
                choice.when, language=self.lang, timezone=self.zone))
        else:
            label = self.t(f"path.link_{choice.kind}", name=choice.label)
        return ChoiceItem(value=choice.value, label=label)
