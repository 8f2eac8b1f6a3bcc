"""Volunteering handlers called the way a browser (or an attacker) would: ids in the URL
and payloads, garbage payloads, and another organisation's objects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from reflex.istate.data import RouterData

from portal.state.volunteering import MyVolunteeringState, OpportunityState
from portal.state.volunteering_coordinate import AttendanceState, OpportunityEditorState
from tests.factories import snapshot
from tests.factories.accounts import make_user
from tests.factories.volunteering import (
    OTHER_ORG,
    make_coordinator,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.state.browser import Browser, token_for

GARBAGE = [None, "x", -1, 10**18, {"id": 1}, ["1"], "1; DROP TABLE users", 2**31, True]


def at(browser: Browser, path: str) -> Browser:
    cookie = browser.root.router.headers.cookie
    browser.root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "asPath": path})
    return browser


def test_a_member_signs_up_from_the_opportunity_page_and_sees_their_waitlist_place(app_db):
    holder = make_user(app_db)
    opportunity = make_opportunity(app_db, title="Pantry helper")
    shift = make_shift(app_db, opportunity, seats=1)
    make_signup(app_db, shift, holder)
    willow = at(Browser.with_token(token_for(app_db, make_user(app_db))),
                f"/volunteer/opportunity?id={opportunity.id}")
    willow.call(OpportunityState, "load_opportunity")
    state = willow.state(OpportunityState)
    assert state.found and state.title == "Pantry helper" and state.shifts[0]["full"]
    willow.call(OpportunityState, "sign_up_for_shift", shift.id)
    assert "waitlist: number 1" in state._message_shown()
    assert state.shifts[0]["my_text"] == "You are on the waitlist: number 1"
    willow.call(MyVolunteeringState, "load_my_volunteering")
    assert [item["status"] for item in willow.state(MyVolunteeringState).upcoming] == [
        "waitlisted"]


def test_a_coordinator_opening_another_organisations_pages_sees_nothing(app_db):
    theirs = make_opportunity(app_db, organisation=OTHER_ORG, description="Their plans")
    past = make_shift(app_db, theirs, starts_in=timedelta(hours=-4))
    make_signup(app_db, past, make_user(app_db, name="Quiet Fox"))
    ash = Browser.with_token(token_for(app_db, make_coordinator(app_db)))
    before = snapshot(app_db)
    at(ash, f"/volunteer/edit?id={theirs.id}").call(OpportunityEditorState,
                                                    "load_opportunity_editor")
    editor = ash.state(OpportunityEditorState)
    assert not editor.editor_ready and editor.description == "" and editor.shifts == []
    assert editor._message_shown() == "That is not something this account can do."
    at(ash, f"/volunteer/attendance?shift={past.id}").call(AttendanceState, "load_attendance")
    roster = ash.state(AttendanceState)
    assert roster.confirmed == [] and roster.title == ""
    assert snapshot(app_db) == before


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_payloads_change_nothing_and_raise_nothing(app_db, payload):
    opportunity = make_opportunity(app_db)
    make_shift(app_db, opportunity)
    member = Browser.with_token(token_for(app_db, make_user(app_db)))
    admin = Browser.with_token(token_for(app_db, make_user(app_db, roles=("admin",))))
    form = payload if isinstance(payload, dict) else {}
    before = snapshot(app_db)
    for handler in ("sign_up_for_shift", "cancel_shift_signup"):
        member.call(OpportunityState, handler, payload)
    member.call(MyVolunteeringState, "cancel_my_signup", payload)
    admin.call(OpportunityEditorState, "cancel_shift", payload)
    for handler in ("approve_hours", "approve_all_hours"):
        admin.call(AttendanceState, handler, payload)
    for handler in ("add_shift", "update_shift"):
        admin.call(OpportunityEditorState, handler, form)
    admin.call(AttendanceState, "record_attendance", form)
    admin.call(OpportunityEditorState, "save_opportunity",
               {"opportunity_id": payload, "title": "", "place": payload})
    assert snapshot(app_db) == before
