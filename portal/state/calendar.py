"""My calendar and the mentor's availability editor.

Every handler resolves the member from the session cookie and calls the calendar
services; ids and form values from the browser are only ever checked there.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.i18n import has_key, translate
from portal.services import calendar
from portal.services.accounts import Viewer
from portal.services.calendar import AvailabilityView
from portal.state.base import AppState
from portal.state.calendar_text import day_label, mode_word, until, weekday_name, when
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id

LENGTH_CHOICES = (30, 45, 60)


class CalendarEntry(TypedDict):
    kind: str
    kind_label: str
    title: str
    when: str
    waitlisted: bool
    cancelled: bool
    link: str


class ChoiceItem(TypedDict):
    id: int
    name: str
    href: str


class WindowItem(TypedDict):
    id: int
    day: str
    hours: str
    overnight: bool


class OverrideItem(TypedDict):
    id: int
    day: str
    label: str


def _title(language: str, key: str, params: dict[str, str]) -> str:
    if not has_key(key):
        return ""
    try:
        return translate(language, key, **params)
    except (KeyError, IndexError, ValueError):
        return ""


class CalendarState(AppState):
    """The member's own upcoming sessions, meetings and shifts."""

    calendar_ready: bool = False
    entries: list[CalendarEntry] = []
    book_with: list[ChoiceItem] = []
    shares_hours: bool = False
    # Issue 15: a session booked, moved or cancelled by the other person, a waitlist
    # promotion: each notifies her, and her open calendar reloads (state/live.py).
    _live_kinds: ClassVar[tuple[str, ...]] = ("member",)
    _live_pages: ClassVar[tuple[str, ...]] = (routes.CALENDAR,)

    def _refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="calendar")

    def _live_reload(self, viewer: Viewer) -> bool:
        if not self.calendar_ready:
            return False
        self._read(viewer)
        return True

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            mine = calendar.my_calendar(session=session, actor=viewer.actor)
        lang, zone = self.lang, viewer.timezone
        self.entries = [
            CalendarEntry(kind=item.kind, kind_label=_title(lang, f"calendar.kind_{item.kind}", {}),
                          title=_title(lang, item.title_key, item.title_params),
                          when=when(lang, zone, item.starts_at) + " – "
                          + until(lang, zone, item.ends_at),
                          waitlisted=item.status == "waitlisted",
                          cancelled=item.status == "cancelled", link=item.link)
            for item in mine.items]
        self.book_with = [ChoiceItem(id=m.id, name=m.name, href=routes.book_with(m.id))
                          for m in mine.mentors]
        self.shares_hours = mine.is_mentor
        self.calendar_ready = True

    @rx.event
    def load_calendar(self):
        self.calendar_ready = False
        self._clear_message(at="calendar")
        self.entries, self.book_with, self.shares_hours = [], [], False
        if self._viewer() is None:
            return None  # the page asks visitors to sign in (no redirect, unlike _load)
        return self._load(self._read)


class AvailabilityState(AppState):
    """A mentor's weekly hours, date changes and booking settings."""

    availability_ready: bool = False
    availability_timezone: str = ""
    windows: list[WindowItem] = []
    overrides: list[OverrideItem] = []
    lengths: list[str] = []
    buffer_before: str = "0"
    buffer_after: str = "0"
    notice_hours: str = "12"
    horizon_days: str = "30"
    max_per_day: str = ""
    max_per_week: str = ""
    paused: bool = False
    meeting_details: str = ""
    meeting_modes: str = ""
    # Which form's answer area shows the message (issue 13, item 2): "window" (weekly
    # hours), "override" (date changes), "settings", or "page" (the top of the page).
    # Which form the last change came from ("page": none): its answer sits under it.
    _answering: str = "page"
    # A new number empties the date-change form: only after one was added, so a refused
    # one keeps what was typed.
    override_serial: int = 0

    def _clear(self) -> None:
        self.availability_ready = False
        self.windows, self.overrides, self.lengths = [], [], []
        self.meeting_details = self.meeting_modes = self.availability_timezone = ""
        self.paused = False

    def _show(self, view: AvailabilityView) -> None:
        lang = self.lang
        self.availability_timezone = view.timezone.replace("_", " ")
        self.windows = [
            WindowItem(id=w.id, day=weekday_name(lang, w.weekday), hours=f"{w.start}–{w.end}",
                       overnight=w.overnight) for w in view.windows]
        self.overrides = [
            OverrideItem(id=o.id, day=day_label(lang, o.day),
                         label=translate(lang, "calendar.day_off") if o.kind == "unavailable"
                         else translate(lang, "calendar.extra_hours_on",
                                        hours=f"{o.start}–{o.end}"))
            for o in view.overrides]
        self.lengths = [str(length) for length in view.session_lengths]
        self.buffer_before = str(view.buffer_before_minutes)
        self.buffer_after = str(view.buffer_after_minutes)
        self.notice_hours = str(view.minimum_notice_hours)
        self.horizon_days = str(view.booking_horizon_days)
        self.max_per_day = str(view.max_sessions_per_day or "")
        self.max_per_week = str(view.max_sessions_per_week or "")
        self.paused = view.paused
        self.meeting_details = view.meeting_details
        self.meeting_modes = ", ".join(mode_word(lang, mode) for mode in view.meeting_modes)
        self.availability_ready = True

    def _place(self, at: str | None) -> str:
        """The answer of a change sits under its own form (availability-window, ...)."""
        return f"availability-{self._answering}" if at is None else at

    def _change(self, use_case, done: str, *, answer_at: str, empty_form: bool = False,
                **arguments: object):
        """Every change answers with the hours as they are now, beside its own form."""
        self._clear_message()
        self._answering = answer_at

        def show(view: AvailabilityView) -> None:
            self._show(view)
            if empty_form:
                self.override_serial += 1
        return self._perform(use_case, then=show, done=done, **arguments)

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            view = calendar.my_availability(session=session, actor=viewer.actor)
        self._show(view)

    @rx.event
    def load_availability(self):
        self._clear_message()
        self._answering = "page"
        self._clear()
        return self._load(self._read)

    @rx.event
    def save_availability_settings(self, form_data: dict):
        form = form_of(form_data)
        return self._change(
            calendar.save_availability_settings, "calendar.settings_saved",
            answer_at="settings",
            session_lengths=[str(length) for length in LENGTH_CHOICES
                             if ticked(form, f"length__{length}")],
            buffer_before=text(form.get("buffer_before"), 8),
            buffer_after=text(form.get("buffer_after"), 8),
            notice_hours=text(form.get("notice_hours"), 8),
            horizon_days=text(form.get("horizon_days"), 8),
            max_per_day=text(form.get("max_per_day"), 8),
            max_per_week=text(form.get("max_per_week"), 8),
            paused=ticked(form, "paused"),
            meeting_details=text(form.get("meeting_details"), 1200))

    @rx.event
    def add_weekly_window(self, form_data: dict):
        form = form_of(form_data)
        return self._change(
            calendar.add_weekly_window, "calendar.window_added", answer_at="window",
            weekday=text(form.get("weekday"), 4), start=text(form.get("start"), 8),
            end=text(form.get("end"), 8), overnight=ticked(form, "overnight"))

    @rx.event
    def remove_weekly_window(self, window_id: int):
        return self._change(calendar.remove_weekly_window, "calendar.window_removed",
                            answer_at="window", window_id=to_id(window_id))

    @rx.event
    def add_date_override(self, form_data: dict):
        form = form_of(form_data)
        return self._change(
            calendar.add_date_override, "calendar.override_added", answer_at="override",
            empty_form=True,
            day=text(form.get("day"), 12), kind=text(form.get("kind"), 12),
            start=text(form.get("start"), 8), end=text(form.get("end"), 8),
            overnight=ticked(form, "overnight"))

    @rx.event
    def remove_date_override(self, override_id: int):
        return self._change(calendar.remove_date_override, "calendar.override_removed",
                            answer_at="override", override_id=to_id(override_id))
