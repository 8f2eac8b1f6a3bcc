"""Staff mentoring tools: the vetting queue, mentor allowances, assignment proposals."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.state.base import AppState
from portal.state.mentoring_text import form_of, text, to_int, when, word, words


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
    staff_message: str = ""
    message_tone: str = "info"

    def _fail(self, error: Exception) -> None:
        self.message_tone = "error"
        if isinstance(error, PermissionDenied):
            self.staff_message = self._t(error.code)
        elif isinstance(error, ServiceError):
            self.staff_message = self._t(error.code, **error.params)

    def _say(self, key: str, **params: object) -> None:
        self.message_tone = "ok"
        self.staff_message = self._t(key, **params)

    def _reset(self) -> None:
        self.staff_ready = False
        self.queue, self.pairs = [], []
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
        proposal = overview.proposal
        self.proposal_id = proposal.id if proposal else 0
        self.proposal_made = when(lang, zone, proposal.created_at) if proposal else ""
        self.proposal_total = f"{proposal.total_score:.2f}" if proposal else ""
        self.proposal_unassigned = proposal.unassigned_count if proposal else 0
        self.pairs = [PairRow(id=p.id, survivor=p.survivor_name, mentor=p.mentor_name,
                              score=f"{p.score:.2f}", included=p.included, outcome=p.outcome)
                      for p in proposal.pairs] if proposal else []
        self.staff_ready = True

    def _act(self, action):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                done_key = action(session, viewer)
            self._say(done_key)
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def load_mentoring_staff(self):
        self.staff_message = ""
        self._reset()
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._reset()
            self._fail(error)
        return None

    @rx.event
    def decide_application(self, form_data: dict):
        form = form_of(form_data)

        def act(session, viewer):
            mentoring.decide_application(session=session, actor=viewer.actor,
                                         mentor_id=to_int(form.get("mentor_id")),
                                         decision=text(form.get("decision"), 10),
                                         note=text(form.get("note"), 2000))
            return "mentoring.staff.decision_saved"
        return self._act(act)

    @rx.event
    def set_allowance(self, form_data: dict):
        form = form_of(form_data)

        def act(session, viewer):
            mentoring.set_mentor_allowance(session=session, actor=viewer.actor,
                                           display_name=text(form.get("name"), 60),
                                           allowance=to_int(form.get("allowance")))
            return "mentoring.staff.allowance_saved"
        return self._act(act)

    @rx.event
    def propose_assignment(self):
        def act(session, viewer):
            mentoring.propose_assignment(session=session, actor=viewer.actor)
            return "mentoring.staff.proposal_made"
        return self._act(act)

    def _include(self, pair_id: object, included: bool):
        def act(session, viewer):
            mentoring.include_pair(session=session, actor=viewer.actor,
                                   pair_id=to_int(pair_id), included=included)
            return "mentoring.staff.pair_included" if included else "mentoring.staff.pair_left_out"
        return self._act(act)

    @rx.event
    def include_pair(self, pair_id: int):
        return self._include(pair_id, True)

    @rx.event
    def leave_out_pair(self, pair_id: int):
        return self._include(pair_id, False)

    @rx.event
    def publish_proposal(self, form_data: dict):
        form = form_of(form_data)
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                result = mentoring.publish_proposal(
                    session=session, actor=viewer.actor,
                    proposal_id=to_int(form.get("proposal_id")),
                    publish_as=text(form.get("publish_as"), 10))
            self._say("mentoring.staff.published", created=result.created,
                      skipped=result.skipped)
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def discard_proposal(self, proposal_id: int):
        def act(session, viewer):
            mentoring.discard_proposal(session=session, actor=viewer.actor,
                                       proposal_id=to_int(proposal_id))
            return "mentoring.staff.proposal_discarded"
        return self._act(act)
