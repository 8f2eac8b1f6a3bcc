"""The mentor's side: the desk (requests, mentees, capacity, pause) and the application."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal.db import open_session
from portal.domain.vocabulary import FOCUS_AREAS, LANGUAGES, MEETING_MODES
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.language_text import others_typed, picked_languages
from portal.state.mentoring import MatchItem, match_item
from portal.state.mentoring_text import TEXT_LIMIT, when, words
from portal.state.payload import form_of, text, ticked, ticked_among, to_id


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
    _message_place: ClassVar[str] = "desk"

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

    @rx.event
    def load_desk(self):
        self._clear_message()
        self._reset()
        return self._load(self._refresh, clear=self._reset)

    def _change(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._refresh, **arguments)

    @rx.event
    def accept_request(self, request_id: int):
        return self._change(mentoring.accept_request, "mentoring.request_accepted",
                            request_id=to_id(request_id))

    @rx.event
    def decline_request(self, request_id: int):
        return self._change(mentoring.decline_request, "mentoring.request_declined",
                            request_id=to_id(request_id))

    @rx.event
    def ask_question(self, form_data: dict):
        form = form_of(form_data)
        return self._change(mentoring.ask_question, "mentoring.question_sent",
                            request_id=to_id(form.get("request_id")),
                            question=text(form.get("question"), TEXT_LIMIT))

    @rx.event
    def pause_mentoring(self):
        return self._change(mentoring.set_paused, "mentoring.paused_done", paused=True)

    @rx.event
    def resume_mentoring(self):
        return self._change(mentoring.set_paused, "mentoring.resumed_done", paused=False)


class ApplicationState(AppState):
    """The mentor application (and, once approved, the profile survivors see)."""

    app_ready: bool = False
    form_key: int = 0
    application_status: str = ""
    staff_note: str = ""
    languages: list[str] = []
    other_languages: str = ""  # the saved languages without a checkbox, as names
    focus: list[str] = []
    modes: list[str] = []
    experience_type: str = ""
    gender: str = ""
    region: str = ""
    capacity: str = "2"
    bio: str = ""
    changes_status: str = ""
    held_notes: list[str] = []
    _message_place: ClassVar[str] = "application"

    def _show(self, application) -> None:
        self.application_status = application.status
        self.changes_status = application.changes_status
        self.held_notes = [self._t(key) for key in application.held_keys]
        self.staff_note = application.staff_note
        self.languages = list(application.languages)
        self.other_languages = others_typed(application.languages, self.lang, LANGUAGES)
        self.focus = list(application.focus_areas)
        self.modes = list(application.meeting_modes)
        self.experience_type = application.experience_type
        self.gender = application.gender
        self.region = application.region
        self.capacity = str(application.capacity)
        self.bio = application.bio
        self.form_key += 1
        self.app_ready = True

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            self._show(mentoring.my_application(session=session, actor=viewer.actor))

    @rx.event
    def load_application(self):
        self._clear_message()
        self.app_ready = False
        return self._load(self._read)

    def _saved(self, saved) -> None:
        self._show(saved)
        # While edits wait, the page itself says so (#changes-status) after "Saved."
        self._done("mentoring.application_sent" if saved.status == "submitted"
                   else "mentoring.application_saved")

    @rx.event
    def save_application(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            mentoring.save_application,
            languages=picked_languages(ticked_among(form, "language", LANGUAGES),
                                       form.get("other_languages"), self.lang),
            focus_areas=ticked_among(form, "focus", FOCUS_AREAS),
            meeting_modes=ticked_among(form, "mode", MEETING_MODES),
            capacity=to_id(form.get("capacity")), bio=text(form.get("bio"), TEXT_LIMIT),
            experience_type=text(form.get("experience_type"), 24),
            gender=text(form.get("gender"), 24), region=text(form.get("region"), 240),
            submit=ticked(form, "submit_for_review"), then=self._saved)
