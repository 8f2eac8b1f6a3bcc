"""Coordinator pages: their organisation's opportunities, the editor with shifts, and
attendance with hours approval. Staff see every organisation's.

The ids in payloads are only wishes: the services load each object and refuse a
coordinator acting on another organisation's opportunity.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.volunteering import SKILLS
from portal.services import volunteering
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id
from portal.state.volunteering_words import (
    ManagedItem,
    ManagedShiftItem,
    RosterItem,
    VolunteerWords,
)

TEXT_MAX = 8000


def _words(state: AppState, viewer: Viewer) -> VolunteerWords:
    return VolunteerWords(state.lang, viewer.timezone)


class CoordinateState(AppState):
    managed: list[ManagedItem] = []
    _message_place: ClassVar[str] = "coordinate"

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            rows = volunteering.managed_opportunities(session=session, actor=viewer.actor)
        words = _words(self, viewer)
        self.managed = [words.managed(row) for row in rows]
        if not self.managed:
            self._show_message(self._t("volunteering.manage_none"))

    @rx.event
    def load_coordinate(self):
        self._clear_message()
        self.managed = []  # a refused read shows nothing; a read replaces it
        return self._load(self._read)


class OpportunityEditorState(AppState):
    opportunity_id: int = 0
    title: str = ""
    organisation: str = ""
    description: str = ""
    place: str = "remote"
    skills: list[str] = []
    leadership: bool = False
    leadership_kind: str = ""
    status: str = "open"
    organisation_fixed: bool = True
    editor_ready: bool = False
    shifts: list[ManagedShiftItem] = []
    zone_note: str = ""
    # The add-shift form's own answer, drawn beside it (where the coordinator is looking).
    # A new number empties the add-shift form: only after a shift was added, so a refused
    # one keeps everything typed (issue 13, item 2).
    add_shift_serial: int = 0
    form_key: int = 0

    def _forget(self) -> None:
        self.opportunity_id, self.editor_ready, self.shifts = 0, False, []
        self.title = self.organisation = self.description = self.leadership_kind = ""
        self.skills, self.leadership = [], False

    _message_place: ClassVar[str] = "opportunity_editor"

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _show(self, viewer: Viewer, opportunity_id: int) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            view = volunteering.opportunity_editor(session=session, actor=viewer.actor,
                                                          opportunity_id=opportunity_id)
        fields = view.fields
        self.opportunity_id, self.title = fields.id, fields.title
        self.organisation, self.description = fields.organisation, fields.description
        self.place, self.skills = fields.place, list(fields.skills)
        self.leadership = bool(fields.leadership_kind)
        self.leadership_kind, self.status = fields.leadership_kind, fields.status
        self.organisation_fixed = view.organisation_fixed
        self.shifts = [words.managed_shift(shift) for shift in view.shifts]
        self.zone_note = self._t("volunteering.your_zone", zone=viewer.timezone.replace("_", " "))
        self.editor_ready = True
        self.form_key += 1

    def _reshow(self, viewer: Viewer) -> None:
        self._show(viewer, self.opportunity_id)

    @rx.event
    def load_opportunity_editor(self):
        self._clear_message()
        self._clear_message(at="add_shift")
        self._forget()  # a refused read shows nothing; a read replaces it all
        opportunity_id = to_id(self.router.url.query_parameters.get("id", "0"))
        return self._load(lambda viewer: self._show(viewer, opportunity_id))

    @rx.event
    def save_opportunity(self, form_data: dict):
        form = form_of(form_data)
        opportunity_id = to_id(form.get("opportunity_id"))
        # A new opportunity opens its own editor page, built from the id the use case
        # returned (``then`` remembers it); a changed one is shown again here.
        saved: list[int] = []
        answer = self._perform(
            volunteering.save_opportunity, opportunity_id=opportunity_id,
            title=text(form.get("title"), 400), organisation=text(form.get("organisation"), 400),
            description=text(form.get("description"), TEXT_MAX),
            place=text(form.get("place"), 20),
            skills=[skill for skill in SKILLS if ticked(form, f"skill_{skill}")],
            leadership=ticked(form, "leadership"),
            leadership_kind=text(form.get("leadership_kind"), 40),
            status=text(form.get("status"), 16) or "open",
            then=saved.append, done="volunteering.saved" if opportunity_id else "",
            refresh=(lambda viewer: self._show(viewer, saved[0])) if opportunity_id else None)
        if saved and not opportunity_id:
            return rx.redirect(routes.volunteer_edit(saved[0]) + "&notice=opportunity_posted",
                               replace=True)
        return answer

    def _change_shift(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._reshow, **arguments)

    def _add_shift_refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="add_shift")

    def _add_shift_done(self, _shift_id: int) -> None:
        self._show_message(self._t("volunteering.shift_added"), "ok", at="add_shift")
        self.add_shift_serial += 1

    @rx.event
    def add_shift(self, form_data: dict):
        form = form_of(form_data)
        self._clear_message(at="add_shift")
        return self._perform(
            volunteering.add_shift, then=self._add_shift_done, refused=self._add_shift_refused,
            refresh=self._reshow,
            opportunity_id=to_id(form.get("opportunity_id")), day=text(form.get("day"), 10),
            start=text(form.get("start"), 8), end=text(form.get("end"), 8),
            seats=text(form.get("seats"), 6))

    @rx.event
    def update_shift(self, form_data: dict):
        form = form_of(form_data)
        return self._change_shift(
            volunteering.update_shift, "volunteering.shift_updated",
            shift_id=to_id(form.get("shift_id")), day=text(form.get("day"), 10),
            start=text(form.get("start"), 8), end=text(form.get("end"), 8),
            seats=text(form.get("seats"), 6))

    @rx.event
    def cancel_shift(self, shift_id: int):
        return self._change_shift(volunteering.cancel_shift, "volunteering.shift_cancelled_ok",
                                  shift_id=to_id(shift_id))


class AttendanceState(AppState):
    shift_id: int = 0
    opportunity_href: str = ""
    title: str = ""
    when: str = ""
    summary: str = ""
    started: bool = False
    ended: bool = False
    opens_note: str = ""
    attendee_form_key: int = 0
    confirmed: list[RosterItem] = []
    waiting: list[RosterItem] = []
    attendance_ready: bool = False
    # The add-someone form's own answer, drawn beside it.

    def _forget(self) -> None:
        self.shift_id, self.attendance_ready, self.confirmed, self.waiting = 0, False, [], []
        self.title = self.when = self.summary = self.opportunity_href = ""

    def _show(self, viewer: Viewer, shift_id: int) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            roster = volunteering.shift_roster(session=session, actor=viewer.actor,
                                                     shift_id=shift_id)
        self.shift_id, self.title = roster.shift.id, roster.title
        self.opportunity_href = routes.volunteer_edit(roster.opportunity_id)
        self.when = words.span(roster.shift.starts_at, roster.shift.ends_at)
        self.summary = words.managed_shift(roster.shift)["summary"]
        self.started = roster.shift.started
        self.ended = roster.shift.ended
        self.opens_note = "" if self.ended else self._t(
            "volunteering.not_ended_note", when=words.when(roster.shift.ends_at))
        self.confirmed = [words.roster(row) for row in roster.confirmed]
        self.waiting = [words.roster(row) for row in roster.waiting]
        self.attendance_ready = True

    _message_place: ClassVar[str] = "attendance"

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _reshow(self, viewer: Viewer) -> None:
        self._show(viewer, self.shift_id)

    @rx.event
    def load_attendance(self):
        self._clear_message()
        self._clear_message(at="attendee")
        self._forget()  # a refused read shows nothing; a read replaces it all
        shift_id = to_id(self.router.url.query_parameters.get("shift", ""))
        return self._load(lambda viewer: self._show(viewer, shift_id))

    @rx.event
    def record_attendance(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            volunteering.record_attendance, signup_id=to_id(form.get("signup_id")),
            attendance=text(form.get("attendance"), 16), hours=text(form.get("hours"), 8),
            done="volunteering.attendance_saved", refresh=self._reshow)

    @rx.event
    def add_attendee(self, form_data: dict):
        form = form_of(form_data)

        def added(_: None) -> None:
            self.attendee_form_key += 1  # an empty form for the next person
            self._show_message(self._t("volunteering.attendee_added"), "ok", at="attendee")

        def refused(refusal: Exception) -> None:
            self._show_message(refusal_text(self.lang, refusal), "error", at="attendee")
        self._clear_message(at="attendee")
        return self._perform(
            volunteering.add_attendee, shift_id=to_id(form.get("shift_id")),
            display_name=text(form.get("display_name"), 80), hours=text(form.get("hours"), 8),
            then=added, refused=refused, refresh=self._reshow)

    @rx.event
    def approve_hours(self, signup_id: int):
        return self._perform(volunteering.approve_hours, signup_id=to_id(signup_id),
                             done="volunteering.approved_ok", refresh=self._reshow)

    @rx.event
    def approve_all_hours(self, shift_id: int):
        return self._perform(volunteering.approve_shift_hours, shift_id=to_id(shift_id),
                             done="volunteering.approved_all_ok", refresh=self._reshow)
