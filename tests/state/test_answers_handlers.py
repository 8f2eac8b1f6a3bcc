"""Answers beside what caused them, and crisis support in place of the form (issue 13,
items 2 and 3), through the handlers a browser calls."""

from __future__ import annotations

from datetime import timedelta

from reflex.istate.data import RouterData

from portal.models.types import utcnow
from portal.state.groups import ComposeState
from portal.state.groups_thread import GroupThreadState
from portal.state.volunteering_coordinate import OpportunityEditorState
from tests.factories.groups import make_group, make_member, thread_by
from tests.factories.volunteering import make_coordinator, make_opportunity
from tests.state.browser import Browser, token_for

CRISIS_WORDS = "Some nights I feel I can't go on."


def at(browser: Browser, path: str, query: dict[str, str]) -> Browser:
    cookie = browser.root.router.headers.cookie
    browser.root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "pathname": path,
         "asPath": path + "?" + "&".join(f"{k}={v}" for k, v in query.items()),
         "query": query})
    return browser


def _thread_tab(app_db, user, thread_id: int) -> Browser:
    tab = at(Browser.with_token(token_for(app_db, user)), "/groups/thread",
             {"id": str(thread_id)})
    tab.call(GroupThreadState, "load_thread")
    return tab


def test_a_reply_with_crisis_words_shows_support_in_place_and_keeps_her_words(app_db):
    group = make_group(app_db)
    opener = make_member(app_db, group, established=True)
    willow = make_member(app_db, group, established=True)
    thread_id = thread_by(app_db, opener, group).thread_id
    tab = _thread_tab(app_db, willow, thread_id)
    state = tab.state(GroupThreadState)
    tab.call(GroupThreadState, "post_reply", {"thread_id": str(thread_id), "body": CRISIS_WORDS})
    assert state.show_crisis
    assert state.kept_body == CRISIS_WORDS
    assert state.thread_messages and state.thread_answer_at == "reply"  # by the form
    serial = state.reply_serial
    tab.call(GroupThreadState, "return_to_my_words")
    assert not state.show_crisis and state.kept_body == CRISIS_WORDS
    assert state.reply_serial == serial + 1  # the form is drawn again, with her words


def test_an_ordinary_reply_empties_the_form_and_answers_beside_it(app_db):
    group = make_group(app_db)
    opener = make_member(app_db, group, established=True)
    willow = make_member(app_db, group, established=True)
    thread_id = thread_by(app_db, opener, group).thread_id
    tab = _thread_tab(app_db, willow, thread_id)
    state = tab.state(GroupThreadState)
    tab.call(GroupThreadState, "post_reply", {"thread_id": str(thread_id), "body": "Me too."})
    assert not state.show_crisis and state.kept_body == ""
    assert state.thread_tone == "ok" and state.thread_messages
    assert state.thread_answer_at == "reply"


def test_a_report_answers_under_the_post_and_is_not_offered_twice(app_db):
    group = make_group(app_db)
    author = make_member(app_db, group, established=True)
    willow = make_member(app_db, group, established=True)
    outcome = thread_by(app_db, author, group, body="Buy my course now.")
    tab = _thread_tab(app_db, willow, outcome.thread_id)
    state = tab.state(GroupThreadState)
    assert state.posts[0]["can_flag"] and not state.posts[0]["reported"]
    tab.call(GroupThreadState, "flag_post",
             {"post_id": str(outcome.post_id), "reason": "spam", "note": "selling"})
    assert state.flag_post_id == outcome.post_id and state.thread_tone == "ok"
    assert state.thread_answer_at == "flag" and len(state.thread_messages) == 1
    assert "moderator" in state.thread_messages[0]
    assert not state.posts[0]["can_flag"] and state.posts[0]["reported"]
    # Opened again later, the post still offers no second report.
    again = _thread_tab(app_db, willow, outcome.thread_id).state(GroupThreadState)
    assert not again.posts[0]["can_flag"] and again.posts[0]["reported"]


def test_a_new_thread_with_crisis_words_keeps_title_and_words_for_her(app_db):
    group = make_group(app_db)
    willow = make_member(app_db, group, established=True)
    tab = at(Browser.with_token(token_for(app_db, willow)), "/groups/compose",
             {"group": str(group.id)})
    tab.call(ComposeState, "load_compose")
    state = tab.state(ComposeState)
    tab.call(ComposeState, "start_thread",
             {"group_id": str(group.id), "title": "Tonight", "body": CRISIS_WORDS})
    assert state.show_crisis and state.posted_href
    tab.call(ComposeState, "return_to_my_words")
    assert not state.show_crisis and state.posted_href == ""
    assert (state.kept_title, state.kept_body) == ("Tonight", CRISIS_WORDS)


def test_a_refused_shift_keeps_the_form_and_an_added_one_empties_it(app_db):
    coordinator = make_coordinator(app_db)
    opportunity = make_opportunity(app_db, created_by=coordinator)
    tab = at(Browser.with_token(token_for(app_db, coordinator)), "/volunteer/edit",
             {"id": str(opportunity.id)})
    tab.call(OpportunityEditorState, "load_opportunity_editor")
    state = tab.state(OpportunityEditorState)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    shift = {"opportunity_id": str(opportunity.id), "day": day, "start": "14:00",
             "end": "13:00", "seats": "2"}
    tab.call(OpportunityEditorState, "add_shift", shift)
    assert state.page_message_tone == "error" and state.add_shift_serial == 0
    tab.call(OpportunityEditorState, "add_shift", {**shift, "end": "17:00"})
    assert state.page_message_tone == "ok" and state.add_shift_serial == 1


def test_a_refused_date_change_answers_beside_its_form_and_keeps_it(app_db):
    from portal.state.calendar import AvailabilityState
    from tests.factories.calendar import make_pair

    _survivor, mentor, _match = make_pair(app_db)
    tab = at(Browser.with_token(token_for(app_db, mentor)), "/calendar/availability", {})
    tab.call(AvailabilityState, "load_availability")
    state = tab.state(AvailabilityState)
    tab.call(AvailabilityState, "add_date_override", {"day": "2001-01-01", "kind": "unavailable"})
    assert (state.page_message_at, state.page_message_tone) == ("availability-override", "error")
    assert state.override_serial == 0
    day = (utcnow() + timedelta(days=5)).date().isoformat()
    tab.call(AvailabilityState, "add_date_override", {"day": day, "kind": "unavailable"})
    assert (state.page_message_at, state.page_message_tone) == ("availability-override", "ok")
    assert state.override_serial == 1
    tab.call(AvailabilityState, "add_weekly_window", {"weekday": "1", "start": "10:00",
                                                     "end": "09:00"})
    assert (state.page_message_at, state.page_message_tone) == ("availability-window", "error")
