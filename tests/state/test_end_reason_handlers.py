"""Ending a mentorship with an optional reason, through the handler a browser calls
(issue 17, "matches ended and why"): any payload is answered calmly, a reason not offered
ends nothing, and the other person's open tab never holds the reason."""

from __future__ import annotations

import pytest

from portal.i18n import translate
from portal.models.mentoring import MentorMatch
from portal.state.mentoring_thread import ThreadState
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.state.test_live_handlers import phone_on_messages


def _status(app_db, match) -> tuple[str, str | None]:
    app_db.expire_all()
    row = app_db.get(MentorMatch, match.id)
    return row.status, row.ended_reason


@pytest.mark.parametrize("garbage", [
    None, 7, "busy", ["busy"], {}, {"reason": "busy"}, {"match_id": "x", "reason": "busy"},
    {"match_id": "MATCH", "reason": "block"}, {"match_id": "MATCH", "reason": "staff"},
    {"match_id": "MATCH", "reason": ["done"]}, {"match_id": "MATCH", "reason": "é" * 9000},
])
def test_any_other_payload_ends_nothing_and_is_answered_calmly(app_db, garbage):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, _ = phone_on_messages(app_db, luna, match.id)
    if isinstance(garbage, dict) and garbage.get("match_id") == "MATCH":
        garbage = {**garbage, "match_id": str(match.id)}
    phone.call(ThreadState, "end_match", garbage)  # raises nothing
    assert _status(app_db, match) == ("active", None)
    state = phone.state(ThreadState)
    assert state.active and state._message_shown() and state.page_message_tone == "error"


def test_her_reason_ends_it_and_his_open_tab_never_holds_it(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    his_phone, _ = phone_on_messages(app_db, sol, match.id)
    her_phone, _ = phone_on_messages(app_db, luna, match.id)
    her_phone.call(ThreadState, "end_match", {"match_id": str(match.id), "reason": "fit"})
    assert _status(app_db, match) == ("ended", "fit")
    hers = her_phone.state(ThreadState)
    assert not hers.active and hers.ended_by_me
    assert hers._message_shown() == translate("en", "mentoring.match_ended_done")

    assert his_phone.state(ThreadState)._live_refresh(sol.id) is True
    his = his_phone.state(ThreadState)
    assert not his.active and not his.ended_by_me
    everything = repr(his.dict())
    assert "'fit'" not in everything
    assert translate("en", "mentoring.end_reason.fit") not in everything


def test_no_reason_chosen_counts_as_rather_not_say(app_db):
    luna, sol = make_survivor(app_db), make_mentor(app_db)
    match = make_match(app_db, luna, sol)
    phone, _ = phone_on_messages(app_db, sol, match.id)
    phone.call(ThreadState, "end_match", {"match_id": str(match.id)})
    assert _status(app_db, match) == ("ended", "unsaid")
