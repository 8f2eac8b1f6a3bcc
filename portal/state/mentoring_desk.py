"""The mentor's side: the desk (requests, mentees, capacity, pause) and the application."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.domain.vocabulary import FOCUS_AREAS, LANGUAGES, MEETING_MODES
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.state.base import AppState
from portal.state.mentoring import MatchItem, match_item
from portal.state.mentoring_text import form_of, text, ticked, to_int, when, words


class IncomingItem(TypedDict):
    id: int
    name: str
    goals: str
    languages: str
    note: str
    question: str
    answer: str
    expires: str
    from_staff: bool


class MentorDeskState(AppState):
    desk_ready: bool = False
    application_status: str = ""
    paused: bool = False
    capacity: int = 0
    active_count: int = 0
    incoming: list[IncomingItem] = []
    mentees: list[MatchItem] = []
    desk_message: str = ""
    message_tone: str = "info"

    def _fail(self, error: Exception) -> None:
        self.message_tone = "error"
        if isinstance(error, PermissionDenied):
            self.desk_message = self._t(error.code)
        elif isinstance(error, ServiceError):
            self.desk_message = self._t(error.code, **error.params)

    def _reset(self) -> None:
        self.desk_ready = False
        self.incoming, self.mentees = [], []
        self.application_status = ""
        self.capacity = self.active_count = 0
        self.paused = False

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            desk = mentoring.mentor_desk(session=session, actor=viewer.actor)
        lang, zone = self.lang, viewer.timezone
        self.application_status = desk.status
        self.paused = desk.paused
        self.capacity = desk.capacity
        self.active_count = desk.active_count
        self.incoming = [
            IncomingItem(id=r.id, name=r.survivor_name, goals=words(lang, "focus", r.goals),
                         languages=words(lang, "language", r.languages), note=r.note,
                         question=r.question, answer=r.answer,
                         expires=when(lang, zone, r.expires_at),
                         from_staff=r.source == "staff")
            for r in desk.requests]
        self.mentees = [match_item(lang, viewer, m) for m in desk.mentees]
        self.desk_ready = True

    def _act(self, action, done_key: str):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                action(session, viewer)
            self.message_tone = "ok"
            self.desk_message = self._t(done_key)
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def load_desk(self):
        self.desk_message = ""
        self._reset()
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._reset()
            self._fail(error)
        return None

    @rx.event
    def accept_request(self, request_id: int):
        return self._act(lambda session, viewer: mentoring.accept_request(
            session=session, actor=viewer.actor, request_id=to_int(request_id)),
            "mentoring.request_accepted")

    @rx.event
    def decline_request(self, request_id: int):
        return self._act(lambda session, viewer: mentoring.decline_request(
            session=session, actor=viewer.actor, request_id=to_int(request_id)),
            "mentoring.request_declined")

    @rx.event
    def ask_question(self, form_data: dict):
        form = form_of(form_data)
        return self._act(lambda session, viewer: mentoring.ask_question(
            session=session, actor=viewer.actor, request_id=to_int(form.get("request_id")),
            question=text(form.get("question"))), "mentoring.question_sent")

    @rx.event
    def pause_mentoring(self):
        return self._act(lambda session, viewer: mentoring.set_paused(
            session=session, actor=viewer.actor, paused=True), "mentoring.paused_done")

    @rx.event
    def resume_mentoring(self):
        return self._act(lambda session, viewer: mentoring.set_paused(
            session=session, actor=viewer.actor, paused=False), "mentoring.resumed_done")


class ApplicationState(AppState):
    """The mentor application (and, once approved, the profile survivors see)."""

    app_ready: bool = False
    form_key: int = 0
    application_status: str = ""
    staff_note: str = ""
    languages: list[str] = []
    focus: list[str] = []
    modes: list[str] = []
    experience_type: str = ""
    gender: str = ""
    region: str = ""
    capacity: str = "2"
    bio: str = ""
    changes_status: str = ""
    held_notes: list[str] = []
    app_message: str = ""
    message_tone: str = "info"

    def _show(self, application) -> None:
        self.application_status = application.status
        self.changes_status = application.changes_status
        self.held_notes = [self._t(key) for key in application.held_keys]
        self.staff_note = application.staff_note
        self.languages = list(application.languages)
        self.focus = list(application.focus_areas)
        self.modes = list(application.meeting_modes)
        self.experience_type = application.experience_type
        self.gender = application.gender
        self.region = application.region
        self.capacity = str(application.capacity)
        self.bio = application.bio
        self.form_key += 1
        self.app_ready = True

    @rx.event
    def load_application(self):
        self.app_message = ""
        self.app_ready = False
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                self._show(mentoring.my_application(session=session, actor=viewer.actor))
        except (PermissionDenied, ServiceError) as error:
            self.message_tone = "error"
            self.app_message = self._t(error.code)
        return None

    @rx.event
    def save_application(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_of(form_data)
        submit = bool(form.get("submit_for_review"))
        try:
            with open_session() as session:
                saved = mentoring.save_application(
                    session=session, actor=viewer.actor,
                    languages=ticked(form, "language", LANGUAGES),
                    focus_areas=ticked(form, "focus", FOCUS_AREAS),
                    meeting_modes=ticked(form, "mode", MEETING_MODES),
                    capacity=to_int(form.get("capacity")),
                    bio=text(form.get("bio")),
                    experience_type=text(form.get("experience_type"), 24),
                    gender=text(form.get("gender"), 24),
                    region=text(form.get("region"), 240), submit=submit)
        except (PermissionDenied, ServiceError) as error:
            self.message_tone = "error"
            self.app_message = self._t(error.code, **getattr(error, "params", {}))
            return None
        self._show(saved)
        self.message_tone = "ok"
        # While edits wait, the page itself says so (#changes-status) after "Saved."
        self.app_message = self._t("mentoring.application_sent" if saved.status == "submitted"
                                   else "mentoring.application_saved")
        return None
