"""Probes for the My path handlers, acting on ANOTHER survivor's goals, steps and
session, shared with ANOTHER mentor: every caller with the right role is still refused
by the object rules, and staff are refused by role."""

from __future__ import annotations

from datetime import timedelta

from portal.models.calendar import SessionBooking
from portal.models.mentoring import MentorApplication, MentorMatch
from portal.models.path import PathGoal, PathStep, SessionNote
from portal.models.types import utcnow
from portal.state.path import MenteePathState, PathSessionState, PathState
from tests.factories.accounts import make_user
from tests.security.probes import Probe, World

KEEPERS = frozenset({"survivor"})
GUIDES = frozenset({"mentor"})
SESSION_PEOPLE = frozenset({"survivor", "mentor"})


def seed(session, world: World) -> None:
    now = utcnow()
    mentor = make_user(session, name="Path probe mentor", roles=("survivor", "mentor"))
    session.add(MentorApplication(user_id=mentor.id, languages="en", focus_areas="employment",
                                  meeting_modes="video", capacity=3, bio="Hello",
                                  status="approved"))
    match = MentorMatch(survivor_id=world.target.id, mentor_id=mentor.id, survivor_seat=0,
                        mentor_seat=0, started_at=now)
    session.add(match)
    session.flush()
    goal = PathGoal(owner_id=world.target.id, starter_key="own_id", stage="safety",
                    note="Private words", shared_match_id=match.id, status="done")
    session.add(goal)
    session.flush()
    step = PathStep(goal_id=goal.id, text="Suggested", suggested_by_id=mentor.id,
                    accepted=False)
    start = now + timedelta(days=2)
    booking = SessionBooking(match_id=match.id, survivor_id=world.target.id,
                             mentor_id=mentor.id, start_at=start,
                             end_at=start + timedelta(hours=1), mode="video")
    session.add_all([step, booking])
    session.flush()
    point = SessionNote(booking_id=booking.id, author_id=mentor.id, kind="agenda",
                        body="Their point")
    session.add(point)
    session.commit()
    world.extra.update(path_goal=goal.id, path_step=step.id, path_match=match.id,
                       path_booking=booking.id, path_point=point.id)


def _goal(w: World) -> int:
    return w.extra["path_goal"]


def _step(w: World) -> int:
    return w.extra["path_step"]


PRIVATE = ("stages", "mentees", "link_choices", "mentors")

PROBES: dict[str, Probe] = {
    "PathState.load_path": Probe(PathState, "load_path", private_vars=PRIVATE),
    "PathState.add_starter_goal": Probe(PathState, "add_starter_goal",
                                        lambda w: ("ged_classes",), private_vars=PRIVATE,
                                        changes_for=KEEPERS),
    "PathState.add_own_goal": Probe(PathState, "add_own_goal",
                                    lambda w: ({"title": "Learn to swim",
                                                "stage": "healing"},),
                                    private_vars=PRIVATE, changes_for=KEEPERS),
    "PathState.save_goal": Probe(PathState, "save_goal",
                                 lambda w: ({"goal_id": str(_goal(w)), "note": "Mine now"},),
                                 private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.set_goal_status": Probe(PathState, "set_goal_status",
                                       lambda w: (_goal(w), "parked"), private_vars=PRIVATE,
                                       extra_refused=KEEPERS),
    "PathState.save_milestone": Probe(PathState, "save_milestone",
                                      lambda w: ({"goal_id": str(_goal(w)), "line": "Hi",
                                                  "share": "on"},),
                                      private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.remove_goal": Probe(PathState, "remove_goal", lambda w: (_goal(w),),
                                   private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.add_step": Probe(PathState, "add_step",
                                lambda w: ({"goal_id": str(_goal(w)), "text": "Mine"},),
                                private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.toggle_step": Probe(PathState, "toggle_step", lambda w: (_step(w),),
                                   private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.accept_step": Probe(PathState, "accept_step", lambda w: (_step(w),),
                                   private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.remove_step": Probe(PathState, "remove_step", lambda w: (_step(w),),
                                   private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.share_goal": Probe(PathState, "share_goal",
                                  lambda w: ({"goal_id": str(_goal(w)),
                                              "match_id": str(w.extra["path_match"])},),
                                  private_vars=PRIVATE, extra_refused=KEEPERS),
    "PathState.unshare_goal": Probe(PathState, "unshare_goal", lambda w: (_goal(w),),
                                    private_vars=PRIVATE, extra_refused=KEEPERS),
    "MenteePathState.load_mentee_path": Probe(
        MenteePathState, "load_mentee_path", private_vars=("shared_goals", "mentee_name"),
        url=lambda w: ("/path/mentee", {"match": str(w.extra["path_match"])}),
        extra_refused=GUIDES),
    "MenteePathState.suggest_step": Probe(
        MenteePathState, "suggest_step",
        lambda w: ({"goal_id": str(_goal(w)), "text": "Try this"},),
        private_vars=("shared_goals",), extra_refused=GUIDES),
    "PathSessionState.load_path_session": Probe(
        PathSessionState, "load_path_session",
        private_vars=("agenda", "private_note", "agreed_note", "topics", "partner_name"),
        url=lambda w: ("/path/session", {"id": str(w.extra["path_booking"])}),
        extra_refused=SESSION_PEOPLE),
    "PathSessionState.add_agenda_point": Probe(
        PathSessionState, "add_agenda_point", lambda w: ({"text": "Mine"},),
        url=lambda w: ("/path/session", {"id": str(w.extra["path_booking"])}),
        private_vars=("agenda",), extra_refused=SESSION_PEOPLE),
    "PathSessionState.remove_agenda_point": Probe(
        PathSessionState, "remove_agenda_point", lambda w: (w.extra["path_point"],),
        private_vars=("agenda",), extra_refused=SESSION_PEOPLE),
    "PathSessionState.save_private_note": Probe(
        PathSessionState, "save_private_note", lambda w: ({"text": "Mine"},),
        private_vars=("private_note",), extra_refused=SESSION_PEOPLE),
    "PathSessionState.save_agreed_note": Probe(
        PathSessionState, "save_agreed_note", lambda w: ({"text": "Mine"},),
        private_vars=("agreed_note",), extra_refused=SESSION_PEOPLE),
}
