"""Which events of each state each tab of this worker has begun (issue 14: a push never
holds a tab while it reads).

A live push to a tab with a group thread open reads without holding the tab's state
(state/live.py): what it asks is taken from the tab, the read runs while the tab takes
events, and what was read is shown only if no event of the thread's state began in
between in that tab (her reaction, her reply, the page opened again: each reads and
shows posts itself). Her other events (another page, the badge) change nothing the push
reads or shows, and do not count. The middleware (state/viewer_binding.py) notes every
event as it begins, holding the tab.

A tab is known here by Reflex's client token, a key and never a credential: whoever
sends events under a token only makes that tab's pushes read again (what a push shows
is read for the viewer its own cookie opens, state/live_together.py). Kept per worker,
as the tabs' sockets are; past ``MAX_KEPT`` the oldest go, and a stamp forgotten reads
as the newest stamp forgotten so far, so an event is never missed: a push that took a
stamp before it reads again.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_KEPT = 50_000


class TabEvents:
    def __init__(self, limit: int = MAX_KEPT) -> None:
        self.limit = limit
        self._stamps: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._last_stamp = 0
        self._forgotten_up_to = 0

    def begin(self, token: str, event_name: str) -> None:
        """An event of ``token``'s tab begins (its state held): ``event_name`` is
        Reflex's, the full name of the handler's state, a dot, the handler's name."""
        state_name = event_name.rpartition(".")[0]
        if not token or not state_name:
            return
        key = (token, state_name)
        self._stamps.pop(key, None)
        self._last_stamp += 1
        self._stamps[key] = self._last_stamp
        while len(self._stamps) > self.limit:
            _, forgotten = self._stamps.popitem(last=False)
            self._forgotten_up_to = max(self._forgotten_up_to, forgotten)

    def stamp(self, token: str, state_class: type) -> int:
        """A number that changes whenever an event of ``state_class``'s handlers begins
        in ``token``'s tab (and may change otherwise: then a push reads again)."""
        return self._stamps.get((token, state_class.get_full_name()), self._forgotten_up_to)


tab_events = TabEvents()
