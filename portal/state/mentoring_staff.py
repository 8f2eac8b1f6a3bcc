"""Staff mentoring tools: the vetting queue, mentor allowances, assignment proposals."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal.db import open_session
from portal.domain.languages import language_name
from portal.i18n import translate_count
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.mentoring_text import when, word, words
from portal.state.payload import form_of, text, to_id

VETTING_DECISIONS = ("approve", "changes", "decline")


class VettingRow(TypedDict):
    user_id: int
    name: str
    languages: str
    focus: str
    modes: str
    region: str
    gender: str
    experience: str
    capacity: int
    bio: str
    submitted: str
    is_changes: bool
    reasons: str
    urgent: bool


class PairRow(TypedDict):
    id: int
    survivor: str
    mentor: str
    score: str
    included: bool
    outcome: str


class MentoringStaffState(AppState):
    staff_ready: bool = False
    queue: list[VettingRow] = []
    proposal_id: int = 0
    proposal_made: str = ""
    proposal_total: str = ""
    proposal_unassigned: int = 0
    pairs: list[PairRow] = []
    # "Amharic: 2 members asked for it", languages no approved mentor speaks yet.
    unmet_languages: list[str] = []
    # Issue 13 item 10: the vetting decision has no default; a form sent without one is
    # answered beside that form (the mentor's id says which), not at the top of the page.
    decision_missing_for: int = 0
    _message_place: ClassVar[str] = "mentoring_staff"

    def _reset(self) -> None:
        self.staff_ready = False
        self.queue, self.pairs, self.unmet_languages = [], [], []
        self.proposal_id = self.proposal_unassigned = 0
        self.proposal_made = self.proposal_total = ""

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            overview = mentoring.staff_overview(session=session, actor=viewer.actor)
        lang, zone = self.lang, viewer.timezone
        self.queue = [
            VettingRow(user_id=item.user_id, name=item.name,
                       languages=words(lang, "language", item.languages),
                       focus=words(lang, "focus", item.focus_areas),
                       modes=words(lang, "meeting_mode", item.meeting_modes),
                       region=item.region,
                       gender=word(lang, "gender", item.gender) if item.gender else "",
                       experience=word(lang, "experience", item.experience_type)
                       if item.experience_type else "",
                       capacity=item.capacity, bio=item.bio,
                       submitted=when(lang, zone, item.submitted_at),
                       is_changes=item.kind == "changes",
                       reasons=", ".join(word(lang, "review", f"reason_{reason}")
                                         for reason in item.reasons),
                       urgent=item.urgent)
            for item in overview.queue]
        self.unmet_languages = [
            translate_count(lang, "mentoring.staff.unmet_row", item.survivors,
                            name=language_name(item.code, lang))
            for item in overview.unmet_languages]
        proposal = overview.proposal
        self.proposal_id = proposal.id if proposal else 0
        self.proposal_made = when(lang, zone, proposal.created_at) if proposal else ""
        self.proposal_total = f"{proposal.total_score:.2f}" if proposal else ""
        self.proposal_unassigned = proposal.unassigned_count if proposal else 0
        self.pairs = [PairRow(id=p.id, survivor=p.survivor_name, mentor=p.mentor_name,
                              score=f"{p.score:.2f}", included=p.included, outcome=p.outcome)
                      for p in proposal.pairs] if proposal else []
        self.staff_ready = True

    @rx.event
    def load_mentoring_staff(self):
        self._clear_message()
        self.decision_missing_for = 0
        self._reset()
        return self._load(self._refresh, clear=self._reset)

    def _change(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._refresh, **arguments)

    @rx.event
    def decide_application(self, form_data: dict):
        form = form_of(form_data)
        decision = text(form.get("decision"), 10)
        if decision not in VETTING_DECISIONS:
            self.decision_missing_for = to_id(form.get("mentor_id")) or -1
            return None
        self.decision_missing_for = 0
        return self._change(mentoring.decide_application, "mentoring.staff.decision_saved",
                            mentor_id=to_id(form.get("mentor_id")),
                            decision=decision,
                            note=text(form.get("note"), 2000))

    @rx.event
    def set_allowance(self, form_data: dict):
        form = form_of(form_data)
        return self._change(mentoring.set_mentor_allowance, "mentoring.staff.allowance_saved",
                            display_name=text(form.get("name"), 60),
                            allowance=to_id(form.get("allowance")))

    @rx.event
    def propose_assignment(self):
        return self._change(mentoring.propose_assignment, "mentoring.staff.proposal_made")

    def _include(self, pair_id: object, included: bool):
        return self._change(mentoring.include_pair,
                            "mentoring.staff.pair_included" if included
                            else "mentoring.staff.pair_left_out",
                            pair_id=to_id(pair_id), included=included)

    @rx.event
    def include_pair(self, pair_id: int):
        return self._include(pair_id, True)

    @rx.event
    def leave_out_pair(self, pair_id: int):
        return self._include(pair_id, False)

    def _published(self, result) -> None:
        self._show_message(self._t("mentoring.staff.published", created=result.created,
                                   skipped=result.skipped), "ok")

    @rx.event
    def publish_proposal(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(mentoring.publish_proposal,
                             proposal_id=to_id(form.get("proposal_id")),
                             publish_as=text(form.get("publish_as"), 10),
                             then=self._published, refresh=self._refresh)

    @rx.event
    def discard_proposal(self, proposal_id: int):
        return self._change(mentoring.discard_proposal, "mentoring.staff.proposal_discarded",
                            proposal_id=to_id(proposal_id))
