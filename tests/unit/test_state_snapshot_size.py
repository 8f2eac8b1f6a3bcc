"""A reconnect's snapshot stays small (issue 14: small state).

When a tab's socket reconnects, Reflex sends the whole state tree: every state of the
app, whatever the page. bench/protocol.py measures that hydrate on the running app
(``reconnect_hydrate_kb``, target 16 KiB). This test measures the same tree offline, at its
defaults and without the router data (which describes one connection), so the snapshot
cannot creep back up one variable at a time.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.utils import format as reflex_format

import portal.portal  # noqa: F401  (registers every state)

# Measured at 14,215 bytes when the page states' 80 message and tone variables became
# the tab's one message (state/base.py). The router data and the socket frame add about
# 1 KiB on a real reconnect, so this keeps the hydrate under the 16 KiB target.
SNAPSHOT_BUDGET_BYTES = 14_800

# Answers of several sentences, one paragraph each, beside a group's forms: a list and
# its tone in the state whose page shows them.
ANSWER_LINES = {"group_thread": ("thread_messages", "thread_tone"),
                "compose": ("compose_messages", "compose_tone")}


def _default_snapshot() -> dict[str, dict[str, object]]:
    snapshot = rx.State(_reflex_internal_init=True).dict()
    root = rx.State.get_full_name()
    snapshot[root] = {name: value for name, value in snapshot[root].items()
                      if not name.startswith("rx_router")}
    return snapshot


def _size(snapshot: dict[str, dict[str, object]]) -> int:
    return len(reflex_format.json_dumps(snapshot, separators=(",", ":")).encode())


def test_the_default_snapshot_of_every_state_stays_within_its_budget():
    snapshot = _default_snapshot()
    size = _size(snapshot)
    biggest = sorted(((_size({name: vars_}), name) for name, vars_ in snapshot.items()),
                     reverse=True)[:5]
    assert size <= SNAPSHOT_BUDGET_BYTES, f"{size} bytes; the biggest states: {biggest}"


def test_the_measurement_counts_what_a_state_carries():
    bigger = _default_snapshot()
    state = next(name for name in bigger if name.endswith(".app"))
    bigger[state] = {**bigger[state], "an_extra_variable_rx_state_": "x" * 100}
    assert _size(bigger) > _size(_default_snapshot()) + 100


def test_no_page_state_keeps_a_message_of_its_own():
    """The tab's one message lives on AppState (page_message, its tone and its place)."""
    for name, vars_ in _default_snapshot().items():
        short = name.rsplit(".", 1)[-1]
        if short == "app":
            continue
        own = [var.removesuffix("_rx_state_") for var in vars_]
        own = [var for var in own if var.endswith(("_message", "_tone"))
               and var not in ANSWER_LINES.get(short, ())]
        assert own == [], f"{name}: {own}"
