"""The home's loader and the Back list choice, called as a browser calls them (issue 13
items 4 and 5): a survivor's tiles fill from one service call, a visitor's stay empty,
and the Back list choice takes a yes or no and nothing else."""

from __future__ import annotations

import pytest

from portal import routes
from portal.state.base import AppState
from portal.state.home import HomeState
from tests.factories.groups import make_group, make_member
from tests.factories.mentoring import make_survivor
from tests.state.browser import Browser, token_for


def test_a_new_survivor_gets_her_steps_and_a_visitor_gets_nothing(app_db):
    willow = make_survivor(app_db, intake=False)
    phone = Browser.with_token(token_for(app_db, willow))
    phone.call(HomeState, "load_home")
    state = phone.state(HomeState)
    assert state.home_ready and state.is_mentee
    assert (state.step_questions, state.step_mentor, state.step_group) == (True, True, True)
    assert state.next_session_href == routes.CALENDAR
    assert not state.has_queue and not state.has_invites and not state.has_vetting

    visitor = Browser.with_token("")
    visitor.call(HomeState, "load_home")
    assert not visitor.state(HomeState).home_ready
    assert visitor.state(HomeState).groups == []


def test_her_groups_link_to_each_group(app_db):
    group = make_group(app_db, name="Evening circle")
    willow = make_member(app_db, group)
    phone = Browser.with_token(token_for(app_db, willow))
    phone.call(HomeState, "load_home")
    tiles = phone.state(HomeState).groups
    assert [(g["name"], g["href"]) for g in tiles] == [("Evening circle", routes.group(group.id))]
    assert phone.state(HomeState).step_group is False


@pytest.mark.parametrize("payload", ["back", 0, None, {"a": 1}])
def test_the_back_list_choice_takes_only_yes_or_no(app_db, payload):
    phone = Browser.with_token("")
    phone.call(AppState, "choose_history", payload)
    assert phone.state(AppState).history_choice == ""


def test_turning_the_back_list_choice_off_and_on(app_db):
    phone = Browser.with_token("")
    phone.call(AppState, "choose_history", False)
    assert phone.state(AppState).history_choice == "back"
    phone.call(AppState, "choose_history", True)
    assert phone.state(AppState).history_choice != "back"


def test_every_page_below_the_top_level_has_a_parent():
    assert routes.parent_of(routes.HOME) == "" and routes.parent_of(routes.GROUPS) == ""
    assert routes.parent_of(routes.GROUP_THREAD + "/") == routes.GROUPS
    assert routes.parent_of(routes.VOLUNTEER_ATTENDANCE + "?shift=3") == \
        routes.VOLUNTEER_COORDINATE
    assert routes.parent_of("/no-such-page") == routes.HOME
