"""Coordinator pages: their organisation's opportunities, the editor with shifts, and
attendance with hours approval. Staff see every organisation's.

The ids in payloads are only wishes: the services load each object and refuse a
coordinator acting on another organisation's opportunity.
"""

from __future__ import annotations

import reflex as rx

from portal.db import open_session
from portal.domain.volunteering import SKILLS
from portal.services import volunteering
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.state.base import AppState
from portal.state.volunteering_words import (
    ManagedItem,
    ManagedShiftItem,
    RosterItem,
    VolunteerWords,
    clip,
    to_int,
)

TEXT_MAX = 8000


def _words(state: AppState, viewer: Viewer) -> VolunteerWords:
    return VolunteerWords(state.lang, viewer.timezone)


class CoordinateState(AppState):
    managed: list[ManagedItem] = []
    coordinate_message: str = ""

    @rx.event
    def load_coordinate(self):
        viewer = self._viewer()
        self.coordinate_message = ""
        if viewer is None:
            self.managed = []
            return rx.redirect("/sign-in", replace=True)
        words = _words(self, viewer)
        try:
            with open_session() as session:
                rows = volunteering.managed_opportunities(session=session,
                                                                 actor=viewer.actor)
        except (PermissionDenied, ServiceError) as error:
            self.managed, self.coordinate_message = [], words.fail_text(error)
            return None
        self.managed = [words.managed(row) for row in rows]
        if not self.managed:
            self.coordinate_message = self._t("volunteering.manage_none")
        return None


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
    editor_message: str = ""
    editor_tone: str = "info"
    form_key: int = 0

    def _forget(self) -> None:
        self.opportunity_id, self.editor_ready, self.shifts = 0, False, []
        self.title = self.organisation = self.description = self.leadership_kind = ""
        self.skills, self.leadership = [], False

    def _fail(self, viewer: Viewer, error: Exception) -> None:
        self.editor_message, self.editor_tone = _words(self, viewer).fail_text(error), "error"

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

    @rx.event
    def load_opportunity_editor(self):
        viewer = self._viewer()
        self.editor_message = ""
        if viewer is None:
            self._forget()
            return rx.redirect("/sign-in", replace=True)
        try:
            self._show(viewer, to_int(self.router.url.query_parameters.get("id", "0")))
        except (PermissionDenied, ServiceError) as error:
            self._forget()
            self._fail(viewer, error)
        return None

    @rx.event
    def save_opportunity(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        try:
            with open_session() as session:
                saved = volunteering.save_opportunity(
                    session=session, actor=viewer.actor,
                    opportunity_id=to_int(form.get("opportunity_id")),
                    title=clip(form.get("title"), 400),
                    organisation=clip(form.get("organisation"), 400),
                    description=clip(form.get("description"), TEXT_MAX),
                    place=clip(form.get("place"), 20),
                    skills=[skill for skill in SKILLS if form.get(f"skill_{skill}")],
                    leadership=form.get("leadership") in ("on", True, "true"),
                    leadership_kind=clip(form.get("leadership_kind"), 40),
                    status=clip(form.get("status"), 16) or "open")
        except (PermissionDenied, ServiceError) as error:
            self._fail(viewer, error)
            return None
        if to_int(form.get("opportunity_id")) == 0:
            return rx.redirect(f"/volunteer/edit?id={saved}&notice=opportunity_posted",
                               replace=True)
        self._show(viewer, saved)
        self.editor_message, self.editor_tone = self._t("volunteering.saved"), "ok"
        return None

    def _shift_action(self, viewer: Viewer, action, ok_key: str) -> None:
        try:
            with open_session() as session:
                action(session)
        except (PermissionDenied, ServiceError) as error:
            self._fail(viewer, error)
            return
        try:
            self._show(viewer, self.opportunity_id)
        except (PermissionDenied, ServiceError) as error:
            self._fail(viewer, error)
            return
        self.editor_message, self.editor_tone = self._t(ok_key), "ok"

    @rx.event
    def add_shift(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        self._shift_action(viewer, lambda session: volunteering.add_shift(
            session=session, actor=viewer.actor,
            opportunity_id=to_int(form.get("opportunity_id")), day=clip(form.get("day"), 10),
            start=clip(form.get("start"), 8), end=clip(form.get("end"), 8),
            seats=clip(form.get("seats"), 6)), "volunteering.shift_added")
        return None

    @rx.event
    def update_shift(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        self._shift_action(viewer, lambda session: volunteering.update_shift(
            session=session, actor=viewer.actor, shift_id=to_int(form.get("shift_id")),
            day=clip(form.get("day"), 10), start=clip(form.get("start"), 8),
            end=clip(form.get("end"), 8), seats=clip(form.get("seats"), 6)),
            "volunteering.shift_updated")
        return None

    @rx.event
    def cancel_shift(self, shift_id: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        self._shift_action(viewer, lambda session: volunteering.cancel_shift(
            session=session, actor=viewer.actor, shift_id=to_int(shift_id)),
            "volunteering.shift_cancelled_ok")
        return None


class AttendanceState(AppState):
    shift_id: int = 0
    opportunity_href: str = ""
    title: str = ""
    when: str = ""
    summary: str = ""
    started: bool = False
    confirmed: list[RosterItem] = []
    waiting: list[RosterItem] = []
    attendance_ready: bool = False
    attendance_message: str = ""
    attendance_tone: str = "info"

    def _forget(self) -> None:
        self.shift_id, self.attendance_ready, self.confirmed, self.waiting = 0, False, [], []
        self.title = self.when = self.summary = self.opportunity_href = ""

    def _show(self, viewer: Viewer, shift_id: int) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            roster = volunteering.shift_roster(session=session, actor=viewer.actor,
                                                     shift_id=shift_id)
        self.shift_id, self.title = roster.shift.id, roster.title
        self.opportunity_href = f"/volunteer/edit?id={roster.opportunity_id}"
        self.when = words.span(roster.shift.starts_at, roster.shift.ends_at)
        self.summary = words.managed_shift(roster.shift)["summary"]
        self.started = roster.shift.started
        self.confirmed = [words.roster(row) for row in roster.confirmed]
        self.waiting = [words.roster(row) for row in roster.waiting]
        self.attendance_ready = True

    def _act(self, viewer: Viewer, action, ok_key: str, **params: object) -> None:
        try:
            with open_session() as session:
                action(session)
            self._show(viewer, self.shift_id)
        except (PermissionDenied, ServiceError) as error:
            self.attendance_message = _words(self, viewer).fail_text(error)
            self.attendance_tone = "error"
            return
        self.attendance_message, self.attendance_tone = self._t(ok_key, **params), "ok"

    @rx.event
    def load_attendance(self):
        viewer = self._viewer()
        self.attendance_message = ""
        if viewer is None:
            self._forget()
            return rx.redirect("/sign-in", replace=True)
        try:
            self._show(viewer, to_int(self.router.url.query_parameters.get("shift", "")))
        except (PermissionDenied, ServiceError) as error:
            self._forget()
            self.attendance_message = _words(self, viewer).fail_text(error)
            self.attendance_tone = "error"
        return None

    @rx.event
    def record_attendance(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        self._act(viewer, lambda session: volunteering.record_attendance(
            session=session, actor=viewer.actor, signup_id=to_int(form.get("signup_id")),
            attendance=clip(form.get("attendance"), 16), hours=clip(form.get("hours"), 8)),
            "volunteering.attendance_saved")
        return None

    @rx.event
    def approve_hours(self, signup_id: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        self._act(viewer, lambda session: volunteering.approve_hours(
            session=session, actor=viewer.actor, signup_id=to_int(signup_id)),
            "volunteering.approved_ok")
        return None

    @rx.event
    def approve_all_hours(self, shift_id: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        self._act(viewer, lambda session: volunteering.approve_shift_hours(
            session=session, actor=viewer.actor, shift_id=to_int(shift_id)),
            "volunteering.approved_all_ok")
        return None
