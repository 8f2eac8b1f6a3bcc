"""Probes for the programme insights handlers: figures only for staff and partners."""

from __future__ import annotations

from portal.state.insights import InsightsState
from tests.security.probes import Probe

INSIGHTS_READERS = frozenset({"moderator", "partner", "admin"})
PRIVATE = ("figures", "insights_range", "insights_scope")

PROBES: dict[str, Probe] = {
    # Every allowed view writes its audit row: that is the change the matrix expects.
    "InsightsState.load_insights": Probe(InsightsState, "load_insights", private_vars=PRIVATE,
                                         changes_for=INSIGHTS_READERS),
    "InsightsState.choose_range": Probe(InsightsState, "choose_range", lambda w: ("52",),
                                        private_vars=PRIVATE, changes_for=INSIGHTS_READERS),
}
