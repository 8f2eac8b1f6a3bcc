"""Booking a session (pick a day, a time on your own clock, a way to meet, confirm),
moving one, and one session's page (details, cancel, calendar file).

Times travel to the browser only as labels plus the UTC start the service offered; the
service re-checks whatever comes back.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.services import calendar
from portal.services.accounts import Viewer
from portal.services.calendar import BookingView, SlotOffer
from portal.services.errors import PermissionDenied, ServiceError
from portal.state.base import AppState
from portal.state.calendar import ChoiceItem
from portal.state.calendar_text import (
    clock_label,
    day_label,
    form_of,
    mode_word,
    refusal_text,
    text,
    to_int,
    until,
    when,
)

SIGN_IN = "/sign-in"


class DayItem(TypedDict):
    key: str
    label: str
    count: int


class TimeItem(TypedDict):
    value: str
    label: str


class ModeItem(TypedDict):
    key: str
    label: str


class BookingState(AppState):
    """The booking flow; with ``?booking=<id>`` it moves that session instead."""

    flow_ready: bool = False
    moving_id: int = 0
    with_mentor_id: int = 0
    with_name: str = ""
    mentor_choices: list[ChoiceItem] = []
    length_choices: list[int] = []
    length: int = 0
    mode_choices: list[ModeItem] = []
    days: list[DayItem] = []
    chosen_day: str = ""
    times: list[TimeItem] = []
    mentor_paused: bool = False
    hours_shared: bool = True
    zone_label: str = ""
    flow_message: str = ""
    flow_tone: str = "info"
    _times_by_day: dict[str, list[TimeItem]] = {}

    def _clear(self) -> None:
        self.flow_ready = False
        self.moving_id = self.with_mentor_id = self.length = 0
        self.with_name = self.chosen_day = self.zone_label = ""
        self.mentor_choices, self.length_choices, self.mode_choices = [], [], []
        self.days, self.times, self._times_by_day = [], [], {}
        self.mentor_paused, self.hours_shared = False, True

    def _fail(self, error: Exception) -> None:
        self.flow_tone = "error"
        self.flow_message = refusal_text(self.lang, error)

    def _show(self, offer: SlotOffer) -> None:
        lang = self.lang
        self.moving_id = offer.booking_id or 0
        self.with_mentor_id = offer.mentor_id
        self.with_name = offer.mentor_name
        self.mentor_choices = [ChoiceItem(id=m.id, name=m.name,
                                          href=f"/calendar/book?mentor={m.id}")
                               for m in offer.mentors]
        self.length_choices = list(offer.lengths)
        self.length = offer.length
        self.mode_choices = [ModeItem(key=mode, label=mode_word(lang, mode))
                             for mode in offer.modes]
        by_day: dict[str, list[TimeItem]] = {}
        days: list[DayItem] = []
        for day in offer.days:
            key = day.day.isoformat()
            by_day[key] = [
                TimeItem(value=slot.start_utc.isoformat(),
                         label=clock_label(lang, slot.local_start)
                         + (f" {slot.zone_abbreviation}" if slot.repeated_time else ""))
                for slot in day.slots]
            days.append(DayItem(key=key, label=day_label(lang, day.day), count=len(day.slots)))
        self._times_by_day = by_day
        self.days = days
        self.chosen_day = days[0]["key"] if days else ""
        self.times = by_day.get(self.chosen_day, [])
        self.mentor_paused = offer.paused
        self.hours_shared = offer.hours_shared
        self.zone_label = offer.timezone.replace("_", " ")
        self.flow_ready = True

    def _load(self, viewer: Viewer, *, booking_id: int, mentor_id: int, length: int) -> None:
        with open_session() as session:
            if booking_id:
                offer = calendar.reschedule_slots(session=session, actor=viewer.actor,
                                                  booking_id=booking_id)
            else:
                offer = calendar.available_slots(session=session, actor=viewer.actor,
                                                 mentor_id=mentor_id or None,
                                                 length=length or None)
        self._show(offer)

    @rx.event
    def load_booking_flow(self):
        self.flow_message = ""
        self._clear()
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        query = self.router.url.query_parameters
        try:
            self._load(viewer, booking_id=to_int(query.get("booking", "")),
                       mentor_id=to_int(query.get("mentor", "")), length=0)
        except (PermissionDenied, ServiceError) as error:
            self._clear()
            self._fail(error)
        return None

    @rx.event
    def choose_length(self, length: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        self.flow_message = ""
        try:
            self._load(viewer, booking_id=0, mentor_id=self.with_mentor_id,
                       length=to_int(length))
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def pick_day(self, day: str):
        """Shows the times of one day already offered (no database, nothing changes)."""
        key = text(day, 10)
        if key in self._times_by_day:
            self.chosen_day = key
            self.times = self._times_by_day[key]

    def _after_refusal(self, viewer: Viewer, error: Exception) -> None:
        """Show why, then the times as they are now (a taken one disappears)."""
        message = refusal_text(self.lang, error)
        if self.flow_ready:  # only a page that showed times is refreshed
            try:
                self._load(viewer, booking_id=self.moving_id, mentor_id=self.with_mentor_id,
                           length=self.length)
            except (PermissionDenied, ServiceError):
                self._clear()
        self.flow_tone, self.flow_message = "error", message

    @rx.event
    def book_session(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        form = form_of(form_data)
        try:
            with open_session() as session:
                booked = calendar.book_session(
                    session=session, actor=viewer.actor, mentor_id=to_int(form.get("mentor_id")),
                    start=text(form.get("start"), 40), length=text(form.get("length"), 4),
                    mode=text(form.get("mode"), 12), details=text(form.get("details"), 1200))
        except (PermissionDenied, ServiceError) as error:
            self._after_refusal(viewer, error)
            return None
        return rx.redirect(f"/calendar/session?id={booked.id}&notice=session_booked",
                           replace=True)

    @rx.event
    def reschedule_session(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        form = form_of(form_data)
        try:
            with open_session() as session:
                moved = calendar.reschedule_session(
                    session=session, actor=viewer.actor,
                    booking_id=to_int(form.get("booking_id")), start=text(form.get("start"), 40))
        except (PermissionDenied, ServiceError) as error:
            self._after_refusal(viewer, error)
            return None
        return rx.redirect(f"/calendar/session?id={moved.id}&notice=session_moved", replace=True)


class SessionState(AppState):
    """One session the member takes part in: when, how, where, and changing it."""

    session_ready: bool = False
    session_id: int = 0
    partner_name: str = ""
    mentee_side: bool = False
    session_when: str = ""
    session_until: str = ""
    session_length: int = 0
    session_mode: str = ""
    session_details: str = ""
    session_status: str = ""
    cancelled_by_me: bool = False
    cancel_reason: str = ""
    can_change: bool = False
    match_active: bool = False
    moved_to: int = 0
    session_message: str = ""
    session_tone: str = "info"

    def _clear(self) -> None:
        self.session_ready = False
        self.session_id = self.session_length = self.moved_to = 0
        self.partner_name = self.session_when = self.session_until = ""
        self.session_mode = self.session_details = self.session_status = ""
        self.cancel_reason = ""
        self.mentee_side = self.cancelled_by_me = self.can_change = self.match_active = False

    def _show(self, viewer: Viewer, view: BookingView) -> None:
        lang = self.lang
        self.session_id = view.id
        self.partner_name = view.partner_name
        self.mentee_side = view.my_side == "mentee"
        self.session_when = when(lang, viewer.timezone, view.starts_at)
        self.session_until = until(lang, viewer.timezone, view.ends_at)
        self.session_length = view.length_minutes
        self.session_mode = mode_word(lang, view.mode)
        self.session_details = view.details
        self.session_status = view.status
        self.cancelled_by_me = view.cancelled_by_me
        self.cancel_reason = view.cancel_reason
        self.can_change = view.can_change
        self.match_active = view.match_active
        self.moved_to = view.moved_to_id or 0
        self.session_ready = True

    def _fail(self, error: Exception) -> None:
        if getattr(error, "code", "") == "calendar.session_closed":
            self._clear()  # the mentorship closed: its place and link leave the screen too
        self.session_tone = "error"
        self.session_message = refusal_text(self.lang, error)

    @rx.event
    def load_session(self):
        self.session_message = ""
        self._clear()
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                view = calendar.get_session(
                    session=session, actor=viewer.actor,
                    booking_id=to_int(self.router.url.query_parameters.get("id", "")))
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
            return None
        self._show(viewer, view)
        return None

    def _act(self, action, done_key: str):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                view = action(session, viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
            return None
        self._show(viewer, view)
        self.session_tone, self.session_message = "ok", self._t(done_key)
        return None

    @rx.event
    def cancel_session(self, form_data: dict):
        form = form_of(form_data)

        def action(session, viewer: Viewer):
            return calendar.cancel_session(session=session, actor=viewer.actor,
                                           booking_id=to_int(form.get("booking_id")),
                                           reason=text(form.get("reason"), 1200))
        return self._act(action, "calendar.session_cancelled_done")

    @rx.event
    def save_session_details(self, form_data: dict):
        form = form_of(form_data)

        def action(session, viewer: Viewer):
            return calendar.update_session_details(session=session, actor=viewer.actor,
                                                   booking_id=to_int(form.get("booking_id")),
                                                   details=text(form.get("details"), 1200))
        return self._act(action, "calendar.details_saved")
