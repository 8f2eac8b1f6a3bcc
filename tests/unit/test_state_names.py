"""Lantern's states are named by their class alone (portal/state/base.py), and uniquely.

Every delta, event name and hydrate carries the full path of state names, so the short
names are part of what a phone downloads. Reflex's own states keep Reflex's names.
"""

from __future__ import annotations

import reflex as rx
from reflex.state import OnLoadInternalState

import portal.portal  # noqa: F401  (registers every state)
from portal.state.base import AppState
from portal.state.groups_thread import GroupThreadState
from tests.state.browser import our_state_classes


def test_a_page_state_is_named_by_its_class():
    assert AppState.get_full_name() == f"{rx.State.get_name()}.app"
    assert GroupThreadState.get_full_name() == f"{rx.State.get_name()}.app.group_thread"


def test_every_lantern_state_has_a_short_unique_name_under_app():
    names = [state.get_full_name() for state in our_state_classes()]
    assert len(names) == len(set(names))
    for state, name in zip(our_state_classes(), names, strict=True):
        assert "portal" not in name, name
        if state is not AppState:
            assert name.startswith(AppState.get_full_name() + "."), name


def test_reflex_keeps_its_own_names():
    assert rx.State.get_name() == "reflex___state____state"
    assert OnLoadInternalState.get_name() == "reflex___state____on_load_internal_state"


def test_the_handlers_answer_to_the_short_names():
    handler = AppState.event_handlers["choose_history"]
    assert handler.state.get_full_name() == "reflex___state____state.app"
