"""My path handlers called the way a browser (or an attacker) would: both roles of a
pair through their own tabs, the mentor's page after she stops sharing, private notes
between the two, and garbage payloads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.models.calendar import SessionBooking
from portal.models.types import utcnow
from portal.state.path import MenteePathState, PathSessionState, PathState
from tests.factories import snapshot
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.factories.resources import make_listing
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"id": 1}, ["1"], "1; DROP TABLE users", 2**31, True]


def tab(session, user) -> Browser:
    return Browser.with_token(token_for(session, user))


def goal_titles(browser: Browser) -> list[str]:
    return [goal["title"] for stage in browser.state(PathState).stages
            for goal in stage["goals"]]


def test_luna_shares_a_goal_sol_suggests_she_accepts_then_unshares(app_db):
    luna = make_survivor(app_db, name="Luna Quiet")
    sol = make_mentor(app_db, name="Sol Bright")
    match = make_match(app_db, luna, sol)
    listing = make_listing(app_db, name="Eastside GED Program")
    her, his = tab(app_db, luna), tab(app_db, sol)
    her.call(PathState, "load_path")
    mine = her.state(PathState)
    assert mine.keeps_path and not mine.has_goals
    her.call(PathState, "add_starter_goal", "ged_classes")
    assert goal_titles(her) == ["Start GED classes"]
    assert mine.stages[0]["label"] == "Daily life"
    goal_id = mine.stages[0]["goals"][0]["id"]
    her.call(PathState, "save_goal", {"goal_id": str(goal_id), "note": "Nervous about maths",
                                      "target_month": "2027-09", "title": ""})
    assert mine.stages[0]["goals"][0]["target"] == "September 2027"
    her.call(PathState, "add_step", {"goal_id": str(goal_id), "text": "Call the program",
                                     "link": f"resource:{listing.id}"})
    step = mine.stages[0]["goals"][0]["steps"][0]
    assert step["link_text"] == "Directory: Eastside GED Program"
    assert [m["label"] for m in mine.mentors] == ["Sol Bright"]
    her.call(PathState, "share_goal", {"goal_id": str(goal_id), "match_id": str(match.id)})
    assert mine._message_shown() == "Shared. Your mentor can see this goal and its steps now."

    his.open("/path/mentee", {"match": str(match.id)})
    his.call(MenteePathState, "load_mentee_path")
    seen = his.state(MenteePathState)
    assert seen.mentee_name == "Luna Quiet"
    assert [goal["title"] for goal in seen.shared_goals] == ["Start GED classes"]
    assert "Nervous about maths" not in repr(seen.shared_goals)
    his.call(MenteePathState, "suggest_step", {"goal_id": str(goal_id),
                                               "text": "Ask about evening classes"})
    assert seen._message_shown() == "Suggestion sent. She decides whether to add it."

    her.call(PathState, "load_path")
    waiting = [s for s in mine.stages[0]["goals"][0]["steps"] if s["waiting"]]
    assert [s["text"] for s in waiting] == ["Ask about evening classes"]
    her.call(PathState, "accept_step", waiting[0]["id"])
    assert not any(s["waiting"] for s in mine.stages[0]["goals"][0]["steps"])
    her.call(PathState, "unshare_goal", goal_id)

    his.call(MenteePathState, "load_mentee_path")
    assert seen.shared_goals == []
    # Sol's own /path shows his mentee, with nothing shared now.
    his.call(PathState, "load_path")
    assert [item["shared"] for item in his.state(PathState).mentees] == [
        "Goals shared with you: 0"]


def test_finishing_a_goal_shows_a_quiet_acknowledgement(app_db):
    luna = make_survivor(app_db, name="Luna Quiet")
    her = tab(app_db, luna)
    her.call(PathState, "load_path")
    her.call(PathState, "add_own_goal", {"title": "Walk every morning", "stage": "healing"})
    state = her.state(PathState)
    goal_id = state.stages[0]["goals"][0]["id"]
    her.call(PathState, "set_goal_status", goal_id, "parked")
    assert state._message_shown().startswith("Parked for now")
    her.call(PathState, "set_goal_status", goal_id, "done")
    assert state.finished_goal_id == goal_id
    assert state.stages[0]["goals"][0]["status"] == "done"


def test_session_notes_stay_with_their_writer(app_db):
    luna = make_survivor(app_db, name="Luna Quiet")
    sol = make_mentor(app_db, name="Sol Bright")
    match = make_match(app_db, luna, sol)
    start = (utcnow() - timedelta(minutes=90)).replace(microsecond=0)
    booking = SessionBooking(match_id=match.id, survivor_id=luna.id, mentor_id=sol.id,
                             start_at=start, end_at=start + timedelta(hours=1), mode="video")
    app_db.add(booking)
    app_db.commit()
    her, his = tab(app_db, luna), tab(app_db, sol)
    for browser in (her, his):
        browser.open("/path/session", {"id": str(booking.id)})
        browser.call(PathSessionState, "load_path_session")
        assert browser.state(PathSessionState).after
    her.call(PathSessionState, "save_private_note", {"text": "I felt heard"})
    her.call(PathSessionState, "save_agreed_note", {"text": "Two banks by Friday"})
    his.call(PathSessionState, "load_path_session")
    notes = his.state(PathSessionState)
    assert notes.private_note == "" and notes.agreed_note == "Two banks by Friday"
    assert her.state(PathSessionState).private_note == "I felt heard"


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_payloads_change_nothing_and_raise_nothing(app_db, payload):
    luna = make_survivor(app_db, name="Luna Quiet")
    sol = make_mentor(app_db, name="Sol Bright")
    make_match(app_db, luna, sol)
    her, his = tab(app_db, luna), tab(app_db, sol)
    form = payload if isinstance(payload, dict) else {}
    before = snapshot(app_db)
    for handler in ("set_goal_status", "remove_goal", "toggle_step", "accept_step",
                    "remove_step", "unshare_goal"):
        args = (payload, payload) if handler == "set_goal_status" else (payload,)
        her.call(PathState, handler, *args)
    for handler in ("add_own_goal", "save_goal", "save_milestone", "add_step", "share_goal"):
        her.call(PathState, handler, form)
    his.call(MenteePathState, "suggest_step", form)
    his.call(PathSessionState, "remove_agenda_point", payload)
    for handler in ("add_agenda_point", "save_private_note", "save_agreed_note"):
        her.call(PathSessionState, handler, form)
    assert snapshot(app_db) == before
