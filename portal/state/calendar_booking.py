"""Booking a session (pick a day, a time on your own clock, a way to meet, confirm),
moving one, and one session's page (details, cancel, calendar file).

Times travel to the browser only as labels plus the UTC start the service offered; the
service re-checks whatever comes back.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.services import calendar
from portal.services.accounts import Viewer
from portal.services.calendar import BookingView, SlotOffer
from portal.state.base import REFUSALS, AppState
from portal.state.calendar import ChoiceItem
from portal.state.calendar_text import clock_label, day_label, mode_word, until, when
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, to_id


class DayItem(TypedDict):
    key: str
    label: str
    count: int


class DayRow(TypedDict):
    """One row of day buttons; the chosen day's times open right under its row."""

    index: int
    days: list[DayItem]


DAYS_PER_ROW = 3  # as wide as a phone allows (the .day-grid columns)


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
    day_rows: list[DayRow] = []
    chosen_day: str = ""
    chosen_row: int = -1
    # The member tapped a day: its times take the focus (and so come into view).
    day_picked: bool = False
    times: list[TimeItem] = []
    mentor_paused: bool = False
    hours_shared: bool = True
    zone_label: str = ""
    _times_by_day: dict[str, list[TimeItem]] = {}

    def _clear(self) -> None:
        self.flow_ready = False
        self.moving_id = self.with_mentor_id = self.length = 0
        self.with_name = self.chosen_day = self.zone_label = ""
        self.mentor_choices, self.length_choices, self.mode_choices = [], [], []
        self.days, self.times, self._times_by_day = [], [], {}
        self.day_rows, self.chosen_row, self.day_picked = [], -1, False
        self.mentor_paused, self.hours_shared = False, True

    def _refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="booking")

    def _show(self, offer: SlotOffer) -> None:
        lang = self.lang
        self.moving_id = offer.booking_id or 0
        self.with_mentor_id = offer.mentor_id
        self.with_name = offer.mentor_name
        self.mentor_choices = [ChoiceItem(id=m.id, name=m.name,
                                          href=routes.book_with(m.id))
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
        self.day_rows = [DayRow(index=start // DAYS_PER_ROW,
                                days=days[start:start + DAYS_PER_ROW])
                         for start in range(0, len(days), DAYS_PER_ROW)]
        self.chosen_day = days[0]["key"] if days else ""
        self.chosen_row = 0 if days else -1
        self.day_picked = False
        self.times = by_day.get(self.chosen_day, [])
        self.mentor_paused = offer.paused
        self.hours_shared = offer.hours_shared
        self.zone_label = offer.timezone.replace("_", " ")
        self.flow_ready = True

    def _read_offer(self, viewer: Viewer, *, booking_id: int, mentor_id: int,
                    length: int, match_id: int = 0) -> None:
        with open_session() as session:
            if booking_id:
                offer = calendar.reschedule_slots(session=session, actor=viewer.actor,
                                                  booking_id=booking_id)
            else:
                offer = calendar.available_slots(session=session, actor=viewer.actor,
                                                 mentor_id=mentor_id or None,
                                                 match_id=match_id or None,
                                                 length=length or None)
        self._show(offer)

    @rx.event
    def load_booking_flow(self):
        self._clear_message(at="booking")
        self._clear()
        query = self.router.url.query_parameters
        booking_id, mentor_id = to_id(query.get("booking", "")), to_id(query.get("mentor", ""))
        match_id = to_id(query.get("match", ""))  # "Book a session": the service re-checks it
        return self._load(lambda viewer: self._read_offer(
            viewer, booking_id=booking_id, mentor_id=mentor_id, length=0, match_id=match_id))

    @rx.event
    def choose_length(self, length: int):
        chosen, mentor_id = to_id(length), self.with_mentor_id
        self._clear_message(at="booking")
        return self._load(lambda viewer: self._read_offer(
            viewer, booking_id=0, mentor_id=mentor_id, length=chosen))

    @rx.event
    def pick_day(self, day: str):
        """Shows the times of one day already offered (no database, nothing changes: no
        viewer needed, so no helper)."""
        key = text(day, 10)
        if key in self._times_by_day:
            self.chosen_day = key
            self.times = self._times_by_day[key]
            self.chosen_row = next((row["index"] for row in self.day_rows
                                    if any(item["key"] == key for item in row["days"])), -1)
            self.day_picked = True

    def _show_times_again(self) -> None:
        """After a refused booking, the times as they are now (a taken one disappears)."""
        viewer = self._viewer()
        if viewer is None or not self.flow_ready:  # only a page that showed times
            return
        try:
            self._read_offer(viewer, booking_id=self.moving_id,
                             mentor_id=self.with_mentor_id, length=self.length)
        except REFUSALS:
            self._clear()

    def _go_to_session(self, use_case, notice: str, **arguments: object):
        """Book or move, then open the session's page (built from what the use case
        returned, so ``then`` remembers it); refused: why, and the times as they are."""
        done: list[BookingView] = []
        answer = self._perform(use_case, then=done.append, **arguments)
        if answer is not None:
            return answer  # signed out: to the sign-in page
        if not done:
            self._show_times_again()
            return None
        return rx.redirect(routes.calendar_session(done[0].id) + f"&notice={notice}",
                           replace=True)

    @rx.event
    def book_session(self, form_data: dict):
        form = form_of(form_data)
        return self._go_to_session(
            calendar.book_session, "session_booked", mentor_id=to_id(form.get("mentor_id")),
            start=text(form.get("start"), 40), length=text(form.get("length"), 4),
            mode=text(form.get("mode"), 12), details=text(form.get("details"), 1200))

    @rx.event
    def reschedule_session(self, form_data: dict):
        form = form_of(form_data)
        return self._go_to_session(
            calendar.reschedule_session, "session_moved",
            booking_id=to_id(form.get("booking_id")), start=text(form.get("start"), 40))


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

    def _refused(self, refusal: Exception) -> None:
        if getattr(refusal, "code", "") == "calendar.session_closed":
            self._clear()  # the mentorship closed: its place and link leave the screen too
        self._show_message(refusal_text(self.lang, refusal), "error", at="session")

    def _done(self, key: str) -> None:
        self._show_message(self._t(key), "ok", at="session")

    def _read(self, viewer: Viewer, booking_id: int) -> None:
        with open_session() as session:
            view = calendar.get_session(session=session, actor=viewer.actor,
                                        booking_id=booking_id)
        self._show(viewer, view)

    def _show_changed(self, view: BookingView) -> None:
        """A change answers with the session as it is now (``then`` has no viewer: the
        event's viewer is looked up once and cached)."""
        viewer = self._viewer()
        if viewer is not None:
            self._show(viewer, view)

    @rx.event
    def load_session(self):
        self._clear_message(at="session")
        self._clear()
        booking_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(lambda viewer: self._read(viewer, booking_id))

    @rx.event
    def cancel_session(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(calendar.cancel_session, booking_id=to_id(form.get("booking_id")),
                             reason=text(form.get("reason"), 1200), then=self._show_changed,
                             done="calendar.session_cancelled_done")

    @rx.event
    def save_session_details(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(calendar.update_session_details,
                             booking_id=to_id(form.get("booking_id")),
                             details=text(form.get("details"), 1200), then=self._show_changed,
                             done="calendar.details_saved")
