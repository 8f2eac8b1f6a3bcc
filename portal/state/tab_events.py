"""How many events of each state each tab of this worker has begun (issue 14: a push
never holds a tab while it reads).

A live push to a tab with a group thread open reads without holding the tab's state
(state/live.py): what it asks is taken from the tab, the read runs while the tab takes
events, and what was read is shown only if no event of the thread's state began in
between in that tab (her reaction, her reply, the page opened again: each reads and
shows posts itself). Her other events (another page, the badge) change nothing the push
reads or shows, and do not count. The middleware (state/viewer_binding.py) notes every
event as it begins, holding the tab. Kept per worker, as the tabs' sockets are; the
oldest go past ``MAX_KEPT`` (one forgotten counts 0 again, which a push then takes for
an event and reads again).
"""

from __future__ import annotations

from collections import OrderedDict

MAX_KEPT = 50_000


class TabEvents:
    def __init__(self, limit: int = MAX_KEPT) -> None:
        self.limit = limit
        self._counts: OrderedDict[tuple[str, str], int] = OrderedDict()

    def begin(self, token: str, event_name: str) -> None:
        """An event of ``token``'s tab begins (its state held): ``event_name`` is
        Reflex's, the full name of the handler's state, a dot, the handler's name."""
        state_name = event_name.rpartition(".")[0]
        if not token or not state_name:
            return
        key = (token, state_name)
        self._counts[key] = self._counts.pop(key, 0) + 1
        while len(self._counts) > self.limit:
            self._counts.popitem(last=False)

    def count(self, token: str, state_class: type) -> int:
        """How many events of ``state_class``'s handlers ``token``'s tab has begun."""
        return self._counts.get((token, state_class.get_full_name()), 0)


tab_events = TabEvents()
