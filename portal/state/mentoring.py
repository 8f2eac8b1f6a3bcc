"""Finding a mentor: the mentoring home, browsing, a mentor's profile, the intake form.

Every handler resolves the member from the session cookie and calls one service;
ids and answers from the browser are only ever passed on for the service to check.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict, cast

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.vocabulary import FOCUS_AREAS, LANGUAGES, MEETING_MODES
from portal.i18n import translate
from portal.services import mentoring, stories
from portal.services.accounts import Viewer
from portal.services.mentoring import MatchView, SentRequestView
from portal.state.base import AppState
from portal.state.language_text import language_words, others_typed, picked_languages
from portal.state.mentoring_text import TEXT_LIMIT, mentor_item, reason_text, when
from portal.state.payload import form_of, text, ticked, ticked_among, to_id

STAFF = frozenset({"moderator", "admin"})
# The find page's filters, kept so a language switch shows the same mentors again.
FIND_FILTERS = ("focus", "language", "meeting_mode", "saved_only", "show_hidden")


class MentorItem(TypedDict):
    id: int
    name: str
    languages: str
    focus: str
    modes: str
    region: str
    gender: str
    bio: str
    has_space: bool
    saved: bool
    hidden: bool
    pending: bool


class SuggestionItem(TypedDict):
    id: int
    name: str
    saved: bool
    reasons: list[str]


class SentItem(TypedDict):
    id: int
    mentor_id: int
    mentor: str
    pending: bool
    status: str
    note: str
    question: str
    answer: str
    sent: str


class MatchItem(TypedDict):
    id: int
    partner: str
    since: str
    active: bool
    ends: str


def match_item(language: str, viewer: Viewer, match: MatchView) -> MatchItem:
    return MatchItem(id=match.id,
                     partner=match.partner_name or translate(language,
                                                             "groups.author_former_member"),
                     since=when(language, viewer.timezone, match.started_at),
                     active=match.status == "active",
                     ends=when(language, viewer.timezone, match.thread_deleted_after))


def _sent_item(language: str, viewer: Viewer, request: SentRequestView, t) -> SentItem:
    outcome = request.status if request.status in ("pending", "withdrawn", "expired") \
        else request.closed_reason or request.status
    return SentItem(id=request.id, mentor_id=request.mentor_id, mentor=request.mentor_name,
                    pending=request.status == "pending",
                    status=t(f"mentoring.request_status.{outcome}")
                    if outcome in REQUEST_OUTCOMES else "",
                    note=request.note, question=request.question, answer=request.answer,
                    sent=when(language, viewer.timezone, request.created_at))


# No mentor open: an empty record, which every snapshot of the state carries (issue 14:
# small state). The profile page shows a mentor only once her id is there.
NO_MENTOR = cast(MentorItem, {})
REQUEST_OUTCOMES = frozenset({"pending", "withdrawn", "expired", "declined", "mentor_paused",
                              "mentor_full", "matched", "accepted"})


class MentoringState(AppState):
    """The mentoring home, the mentor list and one mentor's profile."""

    hub_ready: bool = False
    can_seek: bool = False
    is_mentor: bool = False
    is_applicant: bool = False
    is_staff: bool = False
    intake_status: str = ""
    has_free_seat: bool = False
    my_mentors: list[MatchItem] = []
    past_mentors: list[MatchItem] = []
    sent_requests: list[SentItem] = []
    suggestions: list[SuggestionItem] = []
    # Said kindly when none of our mentors speaks one of her languages yet.
    unmet_note: str = ""
    found_mentors: list[MentorItem] = []
    mentor: MentorItem = NO_MENTOR
    # Issue 18, item 6: the story she chose to link from her profile ("" when none).
    mentor_story_title: str = ""
    mentor_story_href: str = ""
    _message_place: ClassVar[str] = "mentoring"
    _find_filters: dict[str, str] = {}
    # Issue 15: a request answered (each answer notifies her): her open mentoring home
    # reloads (state/live.py).
    _live_kinds: ClassVar[tuple[str, ...]] = ("member",)
    _live_pages: ClassVar[tuple[str, ...]] = (routes.MENTORING,)

    def _live_reload(self, viewer: Viewer) -> bool:
        if not self.hub_ready:
            return False
        self._load_hub(viewer)
        return True

    def _clear_hub(self) -> None:
        self.hub_ready = False
        self.unmet_note = ""
        self.my_mentors, self.past_mentors, self.sent_requests, self.suggestions = [], [], [], []
        self.intake_status = ""
        self.has_free_seat = False

    def _load_hub(self, viewer: Viewer) -> None:
        roles = set(viewer.roles)
        self.can_seek = "survivor" in roles
        self.is_mentor = "mentor" in roles
        self.is_applicant = "mentor_applicant" in roles
        self.is_staff = bool(roles & STAFF)
        if not self.can_seek:
            self.hub_ready = True
            return
        with open_session() as session:
            overview = mentoring.mentee_overview(session=session, actor=viewer.actor)
        lang = self.lang
        intake = overview.intake
        self.intake_status = "answered" if intake.answered else (
            "skipped" if intake.skipped else "new")
        self.has_free_seat = overview.has_free_seat
        self.unmet_note = self._t("mentoring.unmet_language", languages=language_words(
            lang, overview.unmet_languages, in_sentence=True)) if overview.unmet_languages else ""
        self.my_mentors = [match_item(lang, viewer, m) for m in overview.matches
                           if m.status == "active"]
        self.past_mentors = [match_item(lang, viewer, m) for m in overview.matches
                             if m.status != "active"]
        self.sent_requests = [_sent_item(lang, viewer, r, self._t) for r in overview.requests]
        self.suggestions = [
            SuggestionItem(id=s.mentor.id, name=s.mentor.name, saved=s.mentor.saved,
                           reasons=[reason_text(lang, r) for r in s.reasons][:6])
            for s in overview.suggestions]
        self.hub_ready = True

    @rx.event
    def load_mentoring(self):
        self._clear_message()
        self._clear_hub()
        self.can_seek = self.is_mentor = self.is_applicant = self.is_staff = False
        return self._load(self._load_hub, clear=self._clear_hub,
                          public=True)  # visitors are invited to sign in

    @rx.event
    def skip_intake(self):
        return self._perform(mentoring.skip_intake, done="mentoring.intake_skipped",
                             refresh=self._load_hub)

    @rx.event
    def withdraw_request(self, request_id: int):
        return self._perform(mentoring.withdraw_request, request_id=to_id(request_id),
                             done="mentoring.request_withdrawn", refresh=self._load_hub)

    @rx.event
    def answer_question(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(mentoring.answer_question,
                             request_id=to_id(form.get("request_id")),
                             answer=text(form.get("answer"), TEXT_LIMIT),
                             done="mentoring.answer_sent", refresh=self._load_hub)

    def _show_mark(self, target: int):
        """The mark on every card of this mentor shown (a hidden one leaves suggestions)."""
        def show(mark: str) -> None:
            self._done(f"mentoring.marked_{mark or 'cleared'}")
            saved, hidden = mark == "saved", mark == "hidden"
            self.suggestions = [{**s, "saved": saved} if s["id"] == target else s
                                for s in self.suggestions
                                if not (hidden and s["id"] == target)]
            self.found_mentors = [{**m, "saved": saved, "hidden": hidden}
                                  if m["id"] == target else m for m in self.found_mentors]
            if self.mentor.get("id") == target:
                self.mentor = {**self.mentor, "saved": saved, "hidden": hidden}
        return show

    @rx.event
    def mark_mentor(self, mentor_id: int, kind: str):
        """Save ("saved"), hide ("hidden") or clear ("") a mark; the mentor is not told."""
        target = to_id(mentor_id)
        return self._perform(mentoring.mark_mentor, mentor_id=target, kind=text(kind, 10),
                             then=self._show_mark(target))

    # --- browse ------------------------------------------------------------------------

    def _browse(self, viewer: Viewer, form: dict) -> None:
        with open_session() as session:
            cards = mentoring.browse_mentors(
                session=session, actor=viewer.actor,
                focus=text(form.get("focus"), 40) or None,
                language=text(form.get("language"), 8) or None,
                meeting_mode=text(form.get("meeting_mode"), 20) or None,
                saved_only=ticked(form, "saved_only"),
                show_hidden=ticked(form, "show_hidden"))
        self.found_mentors = [MentorItem(**mentor_item(self.lang, card)) for card in cards]

    def _unlist(self) -> None:
        self.found_mentors = []

    @rx.event
    def load_find(self):
        self._clear_message()
        self.found_mentors = []
        if not self._relabelling:  # a language switch keeps the filters, in new words
            self._find_filters = {}
        filters = dict(self._find_filters)
        return self._load(lambda viewer: self._browse(viewer, filters))

    @rx.event
    def filter_mentors(self, form_data: dict):
        self._clear_message()
        form = form_of(form_data)
        # Kept (cut to size) only so a language switch can show the same mentors again.
        self._find_filters = {name: text(form.get(name), 40) for name in FIND_FILTERS}
        return self._load(lambda viewer: self._browse(viewer, form),
                          clear=self._unlist)

    # --- one mentor ---------------------------------------------------------------------

    def _read_mentor(self, viewer: Viewer) -> None:
        mentor_id = to_id(self.router.url.query_parameters.get("id", ""))
        with open_session() as session:
            card = mentoring.mentor_details(session=session, actor=viewer.actor,
                                            mentor_id=mentor_id)
            linked = stories.mentor_profile_story(session=session, actor=viewer.actor,
                                                  mentor_id=mentor_id)
        self.mentor = MentorItem(**mentor_item(self.lang, card))
        self.mentor_story_title = linked.title if linked else ""
        self.mentor_story_href = routes.story_for_members(linked.id) if linked else ""

    @rx.event
    def load_mentor_profile(self):
        self._clear_message()
        self.mentor = NO_MENTOR
        self.mentor_story_title = self.mentor_story_href = ""
        return self._load(self._read_mentor)

    @rx.event
    def send_request(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            mentoring.send_request, mentor_id=to_id(form.get("mentor_id")),
            note=text(form.get("note"), TEXT_LIMIT),
            then=lambda _: rx.redirect(routes.with_query(routes.MENTORING,
                                                         notice="mentoring_request_sent"),
                                       replace=True))


class IntakeState(AppState):
    """The short, skippable questions that shape suggestions."""

    intake_ready: bool = False
    form_key: int = 0
    goals: list[str] = []
    languages: list[str] = []
    other_languages: str = ""  # the saved languages without a checkbox, as names
    modes: list[str] = []
    avoid: list[str] = []
    preferred_gender: str = ""
    experience_type: str = ""
    wants_shared_experience: bool = False
    open_to_staff: bool = True
    region: str = ""
    _message_place: ClassVar[str] = "intake"

    def _read_intake(self, viewer: Viewer) -> None:
        with open_session() as session:
            intake = mentoring.my_intake(session=session, actor=viewer.actor)
        self.goals, self.languages = list(intake.goals), list(intake.languages)
        self.other_languages = others_typed(intake.languages, self.lang, LANGUAGES)
        self.modes, self.avoid = list(intake.meeting_modes), list(intake.topics_to_avoid)
        self.preferred_gender = intake.preferred_gender
        self.experience_type = intake.experience_type
        self.wants_shared_experience = intake.wants_shared_experience
        self.open_to_staff = intake.open_to_staff_suggestions
        self.region = intake.region
        self.form_key += 1
        self.intake_ready = True

    @rx.event
    def load_intake(self):
        self._clear_message()
        self.intake_ready = False
        return self._load(self._read_intake)

    @rx.event
    def save_intake(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            mentoring.save_intake,
            goals=ticked_among(form, "goal", FOCUS_AREAS),
            languages=picked_languages(ticked_among(form, "language", LANGUAGES),
                                       form.get("other_languages"), self.lang),
            meeting_modes=ticked_among(form, "mode", MEETING_MODES),
            topics_to_avoid=ticked_among(form, "avoid", FOCUS_AREAS),
            preferred_gender=text(form.get("preferred_gender"), 24),
            experience_type=text(form.get("experience_type"), 24),
            wants_shared_experience=ticked(form, "wants_shared_experience"),
            open_to_staff_suggestions=ticked(form, "open_to_staff"),
            region=text(form.get("region"), 240),
            then=lambda _: rx.redirect(routes.with_query(routes.MENTORING,
                                                         notice="mentoring_intake_saved"),
                                       replace=True))
