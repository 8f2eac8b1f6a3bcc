"""My path pages: her own plan (/path), a mentor's view of what a mentee shared
(/path/mentee) and the agenda and notes around one session (/path/session).

Every handler resolves the member from the session cookie and asks the services; the
services decide who may see what. Nothing here is sent anywhere else: no notification,
no e-mail, no tab title.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.path import STARTER_GOALS
from portal.i18n import format_when
from portal.services import path
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.path_words import ChoiceItem, GoalItem, PathWords, StageGoals
from portal.state.payload import form_of, text, ticked, to_id


class StarterItem(TypedDict):
    key: str
    label: str
    taken: bool


class StarterStage(TypedDict):
    stage: str
    label: str
    goals: list[StarterItem]


class MenteeItem(TypedDict):
    name: str
    href: str
    shared: str


class AgendaItem(TypedDict):
    id: int
    text: str
    mine: bool


def _words(state: AppState, viewer: Viewer) -> PathWords:
    return PathWords(state.lang, viewer.timezone)


class PathState(AppState):
    stages: list[StageGoals] = []
    starters: list[StarterStage] = []
    mentors: list[ChoiceItem] = []
    link_choices: list[ChoiceItem] = []
    mentees: list[MenteeItem] = []
    has_goals: bool = False
    keeps_path: bool = False
    guides: bool = False
    finished_goal_id: int = 0

    _message_place: ClassVar[str] = "path"

    def _forget(self) -> None:
        self.stages, self.starters, self.mentors, self.link_choices = [], [], [], []
        self.mentees, self.has_goals = [], False
        self.keeps_path = self.guides = False

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _refresh(self, viewer: Viewer) -> None:
        words = _words(self, viewer)
        roles = set(viewer.roles)
        self.keeps_path, self.guides = "survivor" in roles, "mentor" in roles
        with open_session() as session:
            mine = (path.my_path(session=session, actor=viewer.actor)
                    if self.keeps_path else None)
            mentees = (path.my_mentees(session=session, actor=viewer.actor)
                       if self.guides else [])
        self.mentees = [MenteeItem(name=ref.name, href=routes.path_mentee(ref.match_id),
                                   shared=words.t("path.mentee_shared",
                                                  count=ref.shared_goals))
                        for ref in mentees]
        if mine is None:
            self.stages, self.starters, self.mentors, self.link_choices = [], [], [], []
            self.has_goals = False
            return
        goals = [words.goal(goal) for goal in mine.goals]
        self.has_goals = bool(goals)
        self.stages = words.by_stage(goals)
        self.starters = [StarterStage(
            stage=stage, label=words.t(f"path.stage.{stage}"),
            goals=[StarterItem(key=key, label=words.t(f"path.starter.{key}"),
                               taken=key in mine.starters_taken) for key in keys])
            for stage, keys in STARTER_GOALS.items()]
        self.mentors = [ChoiceItem(value=str(choice.match_id), label=choice.name)
                        for choice in mine.mentors]
        self.link_choices = [words.choice(choice) for choice in mine.link_choices]

    @rx.event
    def load_path(self):
        self._clear_message()
        self.finished_goal_id = 0
        self._forget()  # a refused read shows nothing; a read replaces it all
        return self._load(self._refresh)

    @rx.event
    def add_starter_goal(self, key: str):
        return self._perform(path.add_goal, starter_key=text(key, 40),
                             done="path.goal_added", refresh=self._refresh)

    @rx.event
    def add_own_goal(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.add_goal, title=text(form.get("title"), 400),
                             stage=text(form.get("stage"), 20),
                             done="path.goal_added", refresh=self._refresh)

    @rx.event
    def save_goal(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.save_goal, goal_id=to_id(form.get("goal_id")),
                             title=text(form.get("title"), 400),
                             target_month=text(form.get("target_month"), 10),
                             note=text(form.get("note"), 4000),
                             auto_tick=ticked(form, "auto_tick"),
                             done="path.goal_saved", refresh=self._refresh)

    def _status_changed(self, result) -> None:
        self.finished_goal_id = self._pending_goal if result.finished else 0

    _pending_goal: int = 0

    @rx.event
    def set_goal_status(self, goal_id: int, status: str):
        self._pending_goal = to_id(goal_id)
        done = {"parked": "path.parked_ok", "active": "path.active_ok"}.get(
            text(status, 10), "")
        return self._perform(path.set_goal_status, goal_id=to_id(goal_id),
                             status=text(status, 10), then=self._status_changed, done=done,
                             refresh=self._refresh)

    @rx.event
    def save_milestone(self, form_data: dict):
        form = form_of(form_data)
        self.finished_goal_id = 0
        return self._perform(path.save_milestone, goal_id=to_id(form.get("goal_id")),
                             line=text(form.get("line"), 1000), share=ticked(form, "share"),
                             done="path.milestone_saved", refresh=self._refresh)

    @rx.event
    def remove_goal(self, goal_id: int):
        return self._perform(path.remove_goal, goal_id=to_id(goal_id),
                             done="path.goal_removed", refresh=self._refresh)

    @rx.event
    def add_step(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.add_step, goal_id=to_id(form.get("goal_id")),
                             text=text(form.get("text"), 800), link=text(form.get("link"), 40),
                             done="path.step_added", refresh=self._refresh)

    @rx.event
    def toggle_step(self, step_id: int):
        return self._perform(path.toggle_step, step_id=to_id(step_id), refresh=self._refresh)

    @rx.event
    def accept_step(self, step_id: int):
        return self._perform(path.accept_step, step_id=to_id(step_id),
                             done="path.step_accepted", refresh=self._refresh)

    @rx.event
    def remove_step(self, step_id: int):
        return self._perform(path.remove_step, step_id=to_id(step_id),
                             done="path.step_removed", refresh=self._refresh)

    @rx.event
    def share_goal(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.share_goal, goal_id=to_id(form.get("goal_id")),
                             match_id=to_id(form.get("match_id")),
                             done="path.shared_ok", refresh=self._refresh)

    @rx.event
    def unshare_goal(self, goal_id: int):
        return self._perform(path.unshare_goal, goal_id=to_id(goal_id),
                             done="path.unshared_ok", refresh=self._refresh)


class MenteePathState(AppState):
    mentee_ready: bool = False
    match_id: int = 0
    mentee_name: str = ""
    shared_goals: list[GoalItem] = []

    _message_place: ClassVar[str] = "mentee_path"

    def _forget(self) -> None:
        self.mentee_ready, self.mentee_name, self.shared_goals = False, "", []

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _refused(self, refusal: Exception) -> None:
        if getattr(refusal, "code", "") == "error.not_found":
            self._forget()  # sharing ended, or never was: nothing stays on screen
        self._show_message(refusal_text(self.lang, refusal), "error")

    def _show(self, viewer: Viewer) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            view = path.mentee_path(session=session, actor=viewer.actor,
                                    match_id=self.match_id)
        self.mentee_name = view.mentee_name
        self.shared_goals = [words.shared_goal(goal) for goal in view.goals]
        self.mentee_ready = True

    @rx.event
    def load_mentee_path(self):
        self._clear_message()
        self._forget()
        self.match_id = to_id(self.router.url.query_parameters.get("match", ""))
        return self._load(self._show)

    @rx.event
    def suggest_step(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.suggest_step, goal_id=to_id(form.get("goal_id")),
                             text=text(form.get("text"), 800),
                             done="path.suggestion_sent", refresh=self._show)


class PathSessionState(AppState):
    notes_ready: bool = False
    booking_id: int = 0
    partner_name: str = ""
    session_when: str = ""
    before: bool = False
    after: bool = False
    agenda: list[AgendaItem] = []
    topics: list[str] = []
    private_note: str = ""
    agreed_note: str = ""

    _message_place: ClassVar[str] = "path_session"

    def _forget(self) -> None:
        self.notes_ready, self.partner_name, self.session_when = False, "", ""
        self.agenda, self.topics, self.private_note, self.agreed_note = [], [], "", ""
        self.before = self.after = False

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _refused(self, refusal: Exception) -> None:
        if getattr(refusal, "code", "") in ("error.not_found", "calendar.session_closed"):
            self._forget()
        self._show_message(refusal_text(self.lang, refusal), "error")

    def _show(self, viewer: Viewer) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            view = path.session_notes(session=session, actor=viewer.actor,
                                      booking_id=self.booking_id)
        self.partner_name = view.partner_name
        self.session_when = format_when(view.start_at, language=self.lang,
                                        timezone=viewer.timezone)
        self.before, self.after = view.before, view.after
        self.agenda = [AgendaItem(id=point.id, text=point.text, mine=point.mine)
                       for point in view.agenda]
        self.topics = [topic.text or words.title(topic.starter_key, "")
                       for topic in view.suggested_topics]
        self.private_note, self.agreed_note = view.private_note, view.agreed_note
        self.notes_ready = True

    @rx.event
    def load_path_session(self):
        self._clear_message()
        self._forget()
        self.booking_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(self._show)

    @rx.event
    def add_agenda_point(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.add_agenda_point, booking_id=self.booking_id,
                             text=text(form.get("text"), 1200),
                             done="path.point_added", refresh=self._show)

    @rx.event
    def remove_agenda_point(self, point_id: int):
        return self._perform(path.remove_agenda_point, point_id=to_id(point_id),
                             done="path.point_removed", refresh=self._show)

    @rx.event
    def save_private_note(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.save_private_note, booking_id=self.booking_id,
                             text=text(form.get("text"), 8000),
                             done="path.note_saved", refresh=self._show)

    @rx.event
    def save_agreed_note(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(path.save_agreed_note, booking_id=self.booking_id,
                             text=text(form.get("text"), 8000),
                             done="path.agreed_saved", refresh=self._show)
