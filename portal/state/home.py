"""Home: each signed-in role's tiles, from one service call per page load.

Visitors get nothing from here (the page shows them the brochure). Figures are numbers
and pseudonyms; times are written in the member's own zone and language.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.i18n import SUPPORTED_LANGUAGES, format_when
from portal.services import home
from portal.services.accounts import Viewer
from portal.state.base import AppState


class GroupTile(TypedDict):
    id: int
    name: str
    fresh: int
    href: str


class SessionTile(TypedDict):
    when: dict[str, str]
    partner: str
    href: str


class ShiftTile(TypedDict):
    key: str
    title: str
    when: dict[str, str]
    filled: str


class HomeState(AppState):
    """What the signed-in home shows; every var empty for visitors."""

    home_ready: bool = False
    unread: int = 0
    groups: list[GroupTile] = []
    # A survivor looking for or working with a mentor.
    is_mentee: bool = False
    next_session_when: dict[str, str] = {}
    next_session_with: str = ""
    next_session_href: str = ""
    mentor_names: str = ""
    mentor_href: str = ""
    sent_waiting: int = 0
    step_questions: bool = False
    step_mentor: bool = False
    step_group: bool = False
    # A mentor.
    is_mentor: bool = False
    incoming_waiting: int = 0
    incoming_oldest: dict[str, str] = {}
    week_sessions: list[SessionTile] = []
    # Staff and coordinators.
    has_queue: bool = False
    queue_waiting: int = 0
    queue_urgent: int = 0
    queue_oldest: dict[str, str] = {}
    has_volunteering: bool = False
    shifts: list[ShiftTile] = []
    upcoming_shifts: int = 0
    hours_waiting: int = 0
    has_invites: bool = False
    open_invites: int = 0
    has_vetting: bool = False
    vetting_waiting: int = 0
    vetting_oldest: dict[str, str] = {}

    def _clear_home(self) -> None:
        for name, value in _EMPTY.items():
            setattr(self, name, type(value)(value) if isinstance(value, list | dict) else value)

    @staticmethod
    def _when(viewer: Viewer, moment) -> dict[str, str]:
        """The moment in her zone, written in every language (the page shows the one
        chosen, so switching language rewrites dates at once)."""
        if not moment:
            return {}
        return {language: format_when(moment, language=language, timezone=viewer.timezone)
                for language in SUPPORTED_LANGUAGES}

    def _read_home(self, viewer: Viewer) -> None:
        with open_session() as session:
            overview = home.home_overview(session=session, actor=viewer.actor)
        self.unread = overview.unread_notifications
        self.groups = [GroupTile(id=g.group_id, name=g.name, fresh=g.new_threads,
                                 href=routes.group(g.group_id)) for g in overview.groups]
        self._read_mentee(viewer, overview.mentee)
        self._read_mentor(viewer, overview.mentor)
        self._read_staff(viewer, overview)
        self.home_ready = True

    def _read_mentee(self, viewer: Viewer, mentee) -> None:
        self.is_mentee = mentee is not None
        if mentee is None:
            return
        upcoming = mentee.next_session
        self.next_session_when = self._when(viewer, upcoming.starts_at) if upcoming else {}
        self.next_session_with = upcoming.partner_name if upcoming else ""
        self.next_session_href = upcoming.link if upcoming else routes.CALENDAR
        self.mentor_names = ", ".join(mentee.mentor_names)
        self.mentor_href = (routes.mentoring_messages(mentee.first_match_id)
                            if mentee.first_match_id else routes.MENTORING)
        self.sent_waiting = mentee.requests_waiting
        self.step_questions = mentee.steps.answer_questions
        self.step_mentor = mentee.steps.find_mentor
        self.step_group = mentee.steps.join_group

    def _read_mentor(self, viewer: Viewer, mentor) -> None:
        self.is_mentor = mentor is not None
        if mentor is None:
            return
        self.incoming_waiting = mentor.requests_waiting
        self.incoming_oldest = self._when(viewer, mentor.oldest_request_at)
        self.week_sessions = [SessionTile(when=self._when(viewer, line.starts_at),
                                          partner=line.partner_name, href=line.link)
                              for line in mentor.sessions_this_week]

    def _read_staff(self, viewer: Viewer, overview) -> None:
        queue = overview.moderation
        self.has_queue = queue is not None
        if queue is not None:
            self.queue_waiting, self.queue_urgent = queue.waiting, queue.urgent_waiting
            self.queue_oldest = self._when(viewer, queue.oldest_waiting_at)
        volunteering = overview.volunteering
        self.has_volunteering = volunteering is not None
        if volunteering is not None:
            self.shifts = [ShiftTile(key=f"{line.opportunity_id}-{line.starts_at.isoformat()}",
                                     title=line.title, when=self._when(viewer, line.starts_at),
                                     filled=f"{line.confirmed}/{line.seats}")
                           for line in volunteering.next_shifts]
            self.upcoming_shifts = volunteering.upcoming_shifts
            self.hours_waiting = volunteering.hours_waiting
        admin = overview.admin
        if admin is not None:
            self.has_invites = admin.open_invites is not None
            self.open_invites = admin.open_invites or 0
            self.has_vetting = admin.vetting_waiting is not None
            self.vetting_waiting = admin.vetting_waiting or 0
            self.vetting_oldest = self._when(viewer, admin.oldest_vetting_at)

    @rx.event
    def load_home(self):
        self._clear_home()
        return self._load(self._read_home, clear=self._clear_home, public=True)


# What a visitor's (or a refused) home holds: every var of HomeState at its default.
_BLANK_OF_TYPE = {"bool": False, "int": 0, "str": "", "dict[str, str]": {}}
_EMPTY: dict[str, object] = {
    name: _BLANK_OF_TYPE.get(kind, []) for name, kind in HomeState.__annotations__.items()}
