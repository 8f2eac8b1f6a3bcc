"""When a handler fails in a way Lantern did not expect: a calm word, in her language.

A refusal (a rule, a limit, something out of her sight) is answered by the handler
itself (``AppState._perform``). Anything else that escapes a handler (a bug, the database
restarting under load) reaches Reflex's backend exception handler. Reflex's own answers
with a toast built from code the page would have to evaluate, which Lantern's CSP
forbids (``script-src 'self'``), so the member saw nothing: her tap seemed simply lost.
It also logged the exception's message, which for a database error carries the
statement's values: what she wrote.

``on_unexpected_trouble`` instead:
- logs what failed without any content: the exception types and the code lines they
  passed through, never their messages (THREATS.md #9: no personal data in logs);
- answers with one event of her own tab, ``show_unexpected_trouble``, which shows one
  sentence from the catalog in her language at the top of her screen, whatever she
  was doing: something went wrong on our side, please try again. What she typed stays
  in its box (a form is only emptied by its handler's success);
- does that at most once per ``QUIET_SECONDS`` per tab, so a tab whose every event
  fails (the state store gone) is never sent round in a loop;
- says nothing when only saving the tab's state came too late (Reflex's
  ``LockExpiredError``, under heavy load): the event ran and its answer was sent.

``show_unexpected_trouble`` and ``dismiss_trouble`` read nothing and change only the
tab's one message to a fixed text, so the viewer check (state/viewer_binding.py) lets
them through without the database: the notice still shows while the database is away.
The next handler that finishes takes the notice away (the wrapper of every plain handler,
``_off_the_event_loop`` in state/base.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from reflex_base.event import EventSpec
from reflex_base.event.context import EventContext
from reflex_base.utils.exceptions import LockExpiredError

from portal.domain.failures import describe_without_content
from portal.state.base import AppState

logger = logging.getLogger("portal.trouble")

QUIET_SECONDS = 10.0  # one notice per tab in this long, however many events fail
_REMEMBERED_TABS = 4096
_last_notice: OrderedDict[str, float] = OrderedDict()
_lock = threading.Lock()
# The handlers that only show or take away the notice (no database, nothing private).
MESSAGE_ONLY_HANDLERS = frozenset({"show_unexpected_trouble", "dismiss_trouble"})


def _first_in_a_while(token: str, now: float) -> bool:
    with _lock:
        last = _last_notice.get(token)
        if last is not None and now - last < QUIET_SECONDS:
            return False
        _last_notice[token] = now
        _last_notice.move_to_end(token)
        while len(_last_notice) > _REMEMBERED_TABS:
            _last_notice.popitem(last=False)
        return True


def _tab_token() -> str:
    try:
        return EventContext.get().token
    except LookupError:
        return ""


def on_unexpected_trouble(exception: Exception) -> EventSpec | None:
    """Reflex's backend exception handler for Lantern (``rx.App``, portal/portal.py)."""
    logger.error("A handler failed unexpectedly (messages left out: they may hold what a "
                 "member wrote):\n%s", describe_without_content(exception))
    if isinstance(exception, LockExpiredError):
        # The event ran and its answer was sent; only saving the tab's state after it
        # came too late (an event held its lock past Reflex's limit, seen at 200 clients
        # on two workers). "Try again" would ask her to do twice what was done.
        return None
    if not _first_in_a_while(_tab_token(), time.monotonic()):
        return None
    return AppState.show_unexpected_trouble()


def is_message_only(event: object) -> bool:
    """Whether ``event`` is one of AppState's handlers that only show or take away the
    notice (the viewer check lets them through without the database)."""
    name = getattr(event, "name", None)
    if not isinstance(name, str):
        return False
    state_name, _, handler = name.rpartition(".")
    return handler in MESSAGE_ONLY_HANDLERS and state_name == AppState.get_full_name()
