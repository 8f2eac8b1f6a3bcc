"""Group meetings: the list (for one group or all of mine), saying I'll come or leaving,
the waitlist, and the schedule form for group moderators."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.i18n import translate, translate_count
from portal.services import calendar
from portal.services.accounts import Viewer
from portal.services.calendar import MeetingsPage, MeetingView
from portal.state.base import AppState
from portal.state.calendar import ChoiceItem
from portal.state.calendar_text import until, when
from portal.state.payload import form_of, text, to_id


class MeetingItem(TypedDict):
    id: int
    title: str
    group: str
    group_href: str
    when: str
    seats: str
    status: str
    place: str
    details: str
    can_manage: bool
    weekly: bool
    full: bool
    # The first upcoming meeting of its weekly series shows "all upcoming" (item 9).
    series_first: bool
    series_going: bool
    series_all_going: bool


class MeetingsState(AppState):
    meetings_ready: bool = False
    meetings: list[MeetingItem] = []
    schedulable: list[ChoiceItem] = []
    meetings_group_id: int = 0
    meetings_group_name: str = ""

    def _clear(self) -> None:
        self.meetings_ready = False
        self.meetings, self.schedulable = [], []
        self.meetings_group_id, self.meetings_group_name = 0, ""

    def _item(self, viewer: Viewer, view: MeetingView) -> MeetingItem:
        lang = self.lang
        return MeetingItem(
            id=view.id, title=view.title, group=view.group_name,
            group_href=routes.group_meetings(view.group_id),
            when=when(lang, viewer.timezone, view.starts_at) + " – "
            + until(lang, viewer.timezone, view.ends_at),
            seats=translate_count(lang, "calendar.seats_taken", view.seats, taken=view.taken,
                                  seats=view.seats),
            status=view.my_status,
            place=translate(lang, "calendar.waitlist_place", place=view.my_place)
            if view.my_status == "waitlisted" else "",
            details=view.details, can_manage=view.can_manage, weekly=view.weekly,
            full=view.taken >= view.seats, series_first=False, series_going=False,
            series_all_going=False)

    def _show(self, viewer: Viewer, page: MeetingsPage) -> None:
        items = [self._item(viewer, view) for view in page.meetings]
        seen: set[int] = set()
        going = {view.series_id for view in page.meetings if view.my_status}
        missing = {view.series_id for view in page.meetings if not view.my_status}
        for item, view in zip(items, page.meetings, strict=True):
            if view.series_id is not None and view.series_id not in seen:
                seen.add(view.series_id)
                item["series_first"] = True
                item["series_going"] = view.series_id in going
                item["series_all_going"] = view.series_id not in missing
        self.meetings = items
        self.schedulable = [ChoiceItem(id=g.id, name=g.name, href=routes.group_meetings(g.id))
                            for g in page.schedulable]
        self.meetings_group_id = page.group.id if page.group else 0
        self.meetings_group_name = page.group.name if page.group else ""
        self.meetings_ready = True

    _message_place: ClassVar[str] = "meetings"

    def _refresh_refused(self, refusal: Exception) -> None:
        """The change happened; the list can no longer be read: keep the message, show
        nothing stale."""
        self._clear()

    def _read(self, viewer: Viewer, group_id: int) -> None:
        with open_session() as session:
            page = calendar.list_meetings(session=session, actor=viewer.actor,
                                          group_id=group_id or None)
        self._show(viewer, page)

    def _reload(self, viewer: Viewer) -> None:
        self._read(viewer, self.meetings_group_id)

    @rx.event
    def load_meetings(self):
        self._clear_message()
        self._clear()
        group_id = to_id(self.router.url.query_parameters.get("group", ""))
        return self._load(lambda viewer: self._read(viewer, group_id))

    @rx.event
    def schedule_meeting(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            calendar.schedule_meeting, group_id=to_id(form.get("group_id")),
            title=text(form.get("title"), 400), details=text(form.get("details"), 1200),
            day=text(form.get("day"), 12), start=text(form.get("start"), 8),
            length=text(form.get("length"), 4), seats=text(form.get("seats"), 4),
            repeat=text(form.get("repeat"), 8), occurrences=text(form.get("occurrences"), 4),
            done="calendar.meeting_scheduled", refresh=self._reload)

    def _rsvp_done(self, result) -> None:
        self._done("calendar.rsvp_confirmed" if result.status == "confirmed"
                   else "calendar.rsvp_waitlisted")

    @rx.event
    def join_meeting(self, meeting_id: int):
        return self._perform(calendar.rsvp_meeting, meeting_id=to_id(meeting_id),
                             then=self._rsvp_done, refresh=self._reload)

    @rx.event
    def leave_meeting(self, meeting_id: int):
        return self._perform(calendar.cancel_rsvp, meeting_id=to_id(meeting_id),
                             done="calendar.rsvp_left", refresh=self._reload)

    @rx.event
    def cancel_meeting(self, meeting_id: int):
        return self._perform(calendar.cancel_meeting, meeting_id=to_id(meeting_id),
                             done="calendar.meeting_cancelled_done", refresh=self._reload)

    # --- a weekly series in one tap (issue 13, item 9) ----------------------------------

    def _series_done(self, result) -> None:
        lang = self.lang
        if result.waitlisted:
            self._show_message(translate_count(lang, "calendar.series_joined_some_waiting",
                                               result.confirmed + result.waitlisted,
                                               waiting=result.waitlisted), "ok")
        else:
            self._show_message(translate_count(lang, "calendar.series_joined",
                                               result.confirmed), "ok")

    @rx.event
    def join_series(self, meeting_id: int):
        return self._perform(calendar.rsvp_series, meeting_id=to_id(meeting_id),
                             then=self._series_done, refresh=self._reload)

    @rx.event
    def leave_series(self, meeting_id: int):
        return self._perform(calendar.cancel_series_rsvp, meeting_id=to_id(meeting_id),
                             done="calendar.series_left", refresh=self._reload)
