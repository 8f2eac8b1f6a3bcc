"""Probes for the volunteering handlers, acting on another organisation's opportunity
and on other members' places, so object-level refusals are proven.

Every caller in the world belongs to "Harbor House"; the probed opportunity belongs to
another organisation, so the coordinator (allowed by role) is refused by the object
rule while moderators and administrators act.
"""

from __future__ import annotations

from datetime import timedelta

from portal.models.types import utcnow
from portal.state.volunteering import MyVolunteeringState, OpportunitiesState, OpportunityState
from portal.state.volunteering_coordinate import (
    AttendanceState,
    CoordinateState,
    OpportunityEditorState,
)
from tests.factories.volunteering import (
    OTHER_ORG,
    make_attendance,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.security.probes import Probe, World

VOLUNTEERS = frozenset({"survivor", "mentor_applicant", "mentor"})
STAFF = frozenset({"moderator", "admin"})
COORDINATOR = frozenset({"coordinator"})
EDITOR_VARS = ("title", "description", "shifts", "organisation")


def seed(session, world: World) -> None:
    theirs = make_opportunity(session, organisation=OTHER_ORG, title="Probe pantry")
    open_shift = make_shift(session, theirs, seats=3)
    past = make_shift(session, theirs, starts_in=timedelta(hours=-5))
    # The target member holds a place on the open shift, and attended the past one.
    make_signup(session, open_shift, world.target)
    recorded = make_signup(session, past, world.target)
    make_attendance(session, recorded)
    unrecorded = make_signup(session, past, world.suspended_target)
    world.extra.update(volunteer_opportunity=theirs.id, volunteer_shift=open_shift.id,
                       volunteer_past_shift=past.id, volunteer_recorded=recorded.id,
                       volunteer_unrecorded=unrecorded.id)


def _shift_form(world: World, **extra) -> dict:
    day = (utcnow() + timedelta(days=5)).date().isoformat()
    return {"day": day, "start": "10:00", "end": "12:00", "seats": "5", **extra}


PROBES: dict[str, Probe] = {
    "OpportunitiesState.load_opportunities": Probe(OpportunitiesState, "load_opportunities",
                                                   private_vars=("opportunities",)),
    "OpportunitiesState.filter_opportunities": Probe(
        OpportunitiesState, "filter_opportunities",
        lambda w: ({"place": "remote", "skill": "teamwork", "leadership": "on"},),
        private_vars=("opportunities",)),
    "OpportunitiesState.show_more_opportunities": Probe(OpportunitiesState,
                                                        "show_more_opportunities",
                                                        private_vars=("opportunities",)),
    "OpportunityState.load_opportunity": Probe(OpportunityState, "load_opportunity",
                                               private_vars=("shifts", "title")),
    "OpportunityState.sign_up_for_shift": Probe(
        OpportunityState, "sign_up_for_shift", lambda w: (w.extra["volunteer_shift"],),
        changes_for=VOLUNTEERS),
    # The caller holds no place on this shift; the target does. Nobody may cancel it.
    "OpportunityState.cancel_shift_signup": Probe(
        OpportunityState, "cancel_shift_signup", lambda w: (w.extra["volunteer_shift"],)),
    "MyVolunteeringState.load_my_volunteering": Probe(
        MyVolunteeringState, "load_my_volunteering", private_vars=("upcoming", "history")),
    "MyVolunteeringState.cancel_my_signup": Probe(
        MyVolunteeringState, "cancel_my_signup", lambda w: (w.extra["volunteer_shift"],),
        private_vars=("upcoming", "history")),
    "CoordinateState.load_coordinate": Probe(CoordinateState, "load_coordinate",
                                             private_vars=("managed",)),
    "OpportunityEditorState.load_opportunity_editor": Probe(
        OpportunityEditorState, "load_opportunity_editor", private_vars=("shifts",)),
    "OpportunityEditorState.save_opportunity": Probe(
        OpportunityEditorState, "save_opportunity",
        lambda w: ({"opportunity_id": str(w.extra["volunteer_opportunity"]),
                    "title": "Edited by a stranger", "organisation": OTHER_ORG,
                    "place": "remote", "status": "open"},),
        private_vars=EDITOR_VARS, changes_for=STAFF, extra_refused=COORDINATOR),
    "OpportunityEditorState.add_shift": Probe(
        OpportunityEditorState, "add_shift",
        lambda w: (_shift_form(w, opportunity_id=str(w.extra["volunteer_opportunity"])),),
        private_vars=EDITOR_VARS, changes_for=STAFF, extra_refused=COORDINATOR),
    "OpportunityEditorState.update_shift": Probe(
        OpportunityEditorState, "update_shift",
        lambda w: (_shift_form(w, shift_id=str(w.extra["volunteer_shift"])),),
        private_vars=EDITOR_VARS, changes_for=STAFF, extra_refused=COORDINATOR),
    "OpportunityEditorState.cancel_shift": Probe(
        OpportunityEditorState, "cancel_shift", lambda w: (w.extra["volunteer_shift"],),
        private_vars=EDITOR_VARS, changes_for=STAFF, extra_refused=COORDINATOR),
    "AttendanceState.load_attendance": Probe(AttendanceState, "load_attendance",
                                             private_vars=("confirmed", "waiting", "title")),
    "AttendanceState.record_attendance": Probe(
        AttendanceState, "record_attendance",
        lambda w: ({"signup_id": str(w.extra["volunteer_unrecorded"]),
                    "attendance": "attended", "hours": "2"},),
        private_vars=("confirmed", "waiting"), changes_for=STAFF, extra_refused=COORDINATOR),
    "AttendanceState.add_attendee": Probe(
        AttendanceState, "add_attendee",
        lambda w: ({"shift_id": str(w.extra["volunteer_past_shift"]),
                    "display_name": w.members["survivor"].display_name, "hours": "2"},),
        private_vars=("confirmed", "waiting"), changes_for=STAFF, extra_refused=COORDINATOR),
    "AttendanceState.approve_hours": Probe(
        AttendanceState, "approve_hours", lambda w: (w.extra["volunteer_recorded"],),
        private_vars=("confirmed", "waiting"), changes_for=STAFF, extra_refused=COORDINATOR),
    "AttendanceState.approve_all_hours": Probe(
        AttendanceState, "approve_all_hours", lambda w: (w.extra["volunteer_past_shift"],),
        private_vars=("confirmed", "waiting"), changes_for=STAFF, extra_refused=COORDINATOR),
}
