"""Probes for the home page and the Back list choice (issue 13 items 4 and 5)."""

from __future__ import annotations

from portal.state.base import AppState
from portal.state.home import HomeState
from tests.security.probes import Probe

PROBES: dict[str, Probe] = {
    "AppState.choose_history": Probe(AppState, "choose_history", lambda w: (False,)),
    "HomeState.load_home": Probe(HomeState, "load_home",
                                 private_vars=("home_ready", "groups", "is_mentee",
                                               "is_mentor", "has_queue", "has_invites",
                                               "has_vetting", "has_volunteering")),
}
