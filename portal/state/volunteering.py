"""Volunteering pages for members: opportunities, one opportunity, my volunteering.

Every handler resolves the member from the session cookie and asks the services;
the services decide who may do what. Times show in the member's own time zone.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal.db import open_session
from portal.domain.volunteering import PLACES, SKILLS
from portal.services import volunteering
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id
from portal.state.volunteering_words import (
    HistoryItem,
    MyShiftItem,
    OpportunityItem,
    ShiftItem,
    VolunteerWords,
)

VOLUNTEER_ROLES = frozenset({"survivor", "mentor_applicant", "mentor"})
COORDINATING_ROLES = frozenset({"coordinator", "moderator", "admin"})


def _words(state: AppState, viewer: Viewer) -> VolunteerWords:
    return VolunteerWords(state.lang, viewer.timezone)


class OpportunitiesState(AppState):
    opportunities: list[OpportunityItem] = []
    has_more: bool = False
    can_volunteer: bool = False
    can_coordinate: bool = False
    _filters: dict[str, str] = {}
    _page: int = 0
    _message_place: ClassVar[str] = "opportunities"

    def _refused(self, refusal: Exception) -> None:
        self.opportunities, self.has_more = [], False
        self._show_message(refusal_text(self.lang, refusal), "error")

    def _read_page(self, viewer: Viewer, *, append: bool) -> None:
        words = _words(self, viewer)
        roles = set(viewer.roles)
        self.can_volunteer = bool(roles & VOLUNTEER_ROLES)
        self.can_coordinate = bool(roles & COORDINATING_ROLES)
        with open_session() as session:
            page = volunteering.list_opportunities(
                session=session, actor=viewer.actor, place=self._filters.get("place", ""),
                skill=self._filters.get("skill", ""),
                leadership=self._filters.get("leadership") == "on", page=self._page)
        found = [words.opportunity(card) for card in page.items]
        self.opportunities = [*self.opportunities, *found] if append else found
        self.has_more = page.has_more
        if self.opportunities:
            self._clear_message()
        else:
            self._show_message(self._t("volunteering.none_found"))

    def _search(self, *, append: bool):
        if self._viewer() is None:  # the page asks visitors to sign in: no redirect
            self.opportunities, self.has_more = [], False
            self.can_volunteer = self.can_coordinate = False
            return None
        return self._load(lambda viewer: self._read_page(viewer, append=append))

    @rx.event
    def load_opportunities(self):
        if not self._relabelling:  # a language switch keeps the filters, in new words
            self._filters = {}
        self._page = 0
        self._clear_message()
        return self._search(append=False)

    @rx.event
    def filter_opportunities(self, form_data: dict):
        form = form_of(form_data)
        place, skill = text(form.get("place"), 20), text(form.get("skill"), 40)
        self._filters = {
            "place": place if place in PLACES else "",
            "skill": skill if skill in SKILLS else "",
            "leadership": "on" if ticked(form, "leadership") else ""}
        self._page = 0
        return self._search(append=False)

    @rx.event
    def show_more_opportunities(self):
        if not self.has_more:
            return None
        self._page = min(self._page + 1, volunteering.MAX_PAGE)
        return self._search(append=True)


class OpportunityState(AppState):
    found: bool = False
    opportunity_id: int = 0
    title: str = ""
    organisation: str = ""
    place: str = ""
    leadership: str = ""
    skills: str = ""
    description: str = ""
    shifts: list[ShiftItem] = []
    can_sign_up: bool = False
    can_manage: bool = False
    times_note: str = ""

    def _clear(self) -> None:
        self.found, self.opportunity_id, self.shifts = False, 0, []
        self.title = self.organisation = self.place = self.leadership = ""
        self.skills = self.description = self.times_note = ""
        self.can_sign_up = self.can_manage = False

    _message_place: ClassVar[str] = "opportunity"

    def _refresh_refused(self, refusal: Exception) -> None:
        self._clear()

    def _show(self, viewer: Viewer, opportunity_id: int) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            detail = volunteering.opportunity_detail(session=session, actor=viewer.actor,
                                                     opportunity_id=opportunity_id)
        card = detail.card
        self.found, self.opportunity_id = True, card.id
        self.title, self.organisation = card.title, card.organisation
        self.place = words.place(card.remote, card.region)
        self.leadership = words.kind(card.leadership_kind)
        self.skills = words.skills(card.skills)
        self.description = detail.description
        self.shifts = [words.shift(shift) for shift in detail.shifts]
        self.can_sign_up, self.can_manage = detail.can_sign_up, detail.can_manage
        self.times_note = self._t("volunteering.times_in_zone",
                                  zone=viewer.timezone.replace("_", " "))

    def _reshow(self, viewer: Viewer) -> None:
        self._show(viewer, self.opportunity_id)

    @rx.event
    def load_opportunity(self):
        self._clear_message()
        self._clear()  # a refused read shows nothing; a read replaces it all
        opportunity_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(lambda viewer: self._show(viewer, opportunity_id))

    def _signed_up(self, result) -> None:
        if result.status == "confirmed":
            self._done("volunteering.signed_up_ok")
        else:
            self._show_message(self._t("volunteering.waitlisted_ok", position=result.position),
                               "ok")

    @rx.event
    def sign_up_for_shift(self, shift_id: int):
        return self._perform(volunteering.sign_up, shift_id=to_id(shift_id),
                             then=self._signed_up, refresh=self._reshow)

    @rx.event
    def cancel_shift_signup(self, shift_id: int):
        return self._perform(volunteering.cancel_signup, shift_id=to_id(shift_id),
                             done="volunteering.cancelled_ok", refresh=self._reshow)


class MyVolunteeringState(AppState):
    upcoming: list[MyShiftItem] = []
    history: list[HistoryItem] = []
    hours_approved: str = ""
    hours_pending: str = ""
    roles_text: str = ""
    skills_text: str = ""
    has_history: bool = False

    def _refresh(self, viewer: Viewer) -> None:
        words = _words(self, viewer)
        with open_session() as session:
            mine = volunteering.my_volunteering(session=session, actor=viewer.actor)
        history = mine.history
        self.upcoming = [words.my_shift(shift) for shift in mine.upcoming]
        self.history = [words.history(role) for role in history.roles]
        self.has_history = bool(history.roles)
        self.hours_approved = self._t("volunteering.hours_approved",
                                      hours=words.hours(history.minutes_approved))
        self.hours_pending = words.hours_of("volunteering.hours_pending",
                                            history.minutes_pending) \
            if history.minutes_pending else ""
        self.roles_text = ", ".join(words.kind(kind) for kind in history.leadership_kinds)
        self.skills_text = words.skills(history.skills)

    def _forget(self) -> None:
        self.upcoming, self.history, self.has_history = [], [], False
        self.hours_approved = self.hours_pending = self.roles_text = self.skills_text = ""

    _message_place: ClassVar[str] = "my_volunteering"

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    @rx.event
    def load_my_volunteering(self):
        self._clear_message()
        self._forget()  # a refused read shows nothing; a read replaces it all
        return self._load(self._refresh)

    @rx.event
    def cancel_my_signup(self, shift_id: int):
        return self._perform(volunteering.cancel_signup, shift_id=to_id(shift_id),
                             done="volunteering.cancelled_ok", refresh=self._refresh)
