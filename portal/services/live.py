"""What changed, told to open tabs after the change is committed (issue 15).

A use case that changes something another member may be looking at calls
``changed(session, topic, ...)``. Nothing is sent then: the topics wait in the session
and go out only when that session commits (a rollback drops them), so no tab ever
refreshes to something that did not happen. What travels is a topic of ids only,
``member:12`` or ``match:7``, never content: the tab that hears it reloads through its
own viewer, and the services decide what that viewer may see (THREATS.md: authorise the
receiving viewer, never copy the sender's view).

The tab whose event made the change (its own handler already shows it) travels as a
keyed digest of its client token (``origin_digest``, blake2b keyed with the app's
secret), never as the token itself: Redis sees no token that could act as a tab.

Two buses, one interface:
- one worker (``make run``): in memory, to the subscribers of this process;
- many workers (Redis set): Redis pub/sub on one channel, so every worker hears every
  topic and refreshes the tabs it holds. The payload is the same list of topics (and
  the origin's digest).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from sqlalchemy import event
from sqlmodel import Session

from portal.domain.failures import describe_without_content
from portal.settings import get_settings

logger = logging.getLogger(__name__)

CHANNEL = "lantern:live"
_PENDING = "lantern_live_topics"
_ORIGIN = "lantern_live_origin"
TOPIC_KINDS = ("member", "match", "thread")
# The tab whose event made the change (a Reflex client token, set by the state layer
# around each handler): its own handler already shows the change, so pushes skip it.
# The token never leaves the worker as it is: what is published is its keyed digest
# (``origin_digest``), and the receiving worker compares digests.
origin: ContextVar[str] = ContextVar("lantern_live_origin", default="")
ORIGIN_DIGEST_LENGTH = 32  # hex characters of a blake2b digest of 16 bytes

Listener = Callable[[tuple[str, ...], str], None]


def member_topic(user_id: int) -> str:
    """Anything addressed to this member: her notifications (the header's badge)."""
    return f"member:{int(user_id)}"


def match_topic(match_id: int) -> str:
    """A mentorship's messages page."""
    return f"match:{int(match_id)}"


def thread_topic(thread_id: int) -> str:
    """A group thread's page."""
    return f"thread:{int(thread_id)}"


def thread_post_topic(thread_id: int, post_id: int) -> str:
    """One post of a group thread changed (its reactions, its words, its status) or is
    new, and nothing else in the thread did: tabs with the thread open read that post
    again, not every post they show (portal/services/groups/thread_changes.py)."""
    return f"thread:{int(thread_id)}:{int(post_id)}"


def origin_digest(token: str) -> str:
    """What stands for a tab on the bus: blake2b keyed with the app's secret, so a
    client token that lets a tab act as itself never crosses Redis and cannot be
    recovered from it ("" for no tab)."""
    if not token:
        return ""
    key = hashlib.blake2b(get_settings().secret_key.encode(), digest_size=32,
                          person=b"lantern-origin").digest()
    return hashlib.blake2b(token.encode(), key=key,
                           digest_size=ORIGIN_DIGEST_LENGTH // 2).hexdigest()


def is_origin(token: str, digest: str) -> bool:
    """Whether ``digest`` (from the bus) names this tab (compared in constant time)."""
    return bool(token and digest) and hmac.compare_digest(origin_digest(token), digest)


def parse_topic(topic: object) -> tuple[str, int] | None:
    """(kind, id) of a well-formed topic; None for anything else (a bus is not trusted
    to carry only what we sent). A post's topic parses as its thread's."""
    found = _parsed(topic)
    return found[:2] if found is not None else None


def post_of(topic: object) -> int:
    """The post a well-formed ``thread_post_topic`` names; 0 for any other topic (the
    whole thread, or not a thread)."""
    found = _parsed(topic)
    return found[2] if found is not None else 0


def _parsed(topic: object) -> tuple[str, int, int] | None:
    if not isinstance(topic, str) or not 1 <= topic.count(":") <= 2:
        return None
    kind, number, *post = topic.split(":")
    if kind not in TOPIC_KINDS or not _is_id(number):
        return None
    if post and (kind != "thread" or not _is_id(post[0])):
        return None
    return kind, int(number), int(post[0]) if post else 0


def _is_id(text: str) -> bool:
    return text.isdigit() and text.isascii() and len(text) <= 18


class MemoryBus:
    """One process: topics go straight to this process's listeners."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def send(self, topics: tuple[str, ...], origin_tab: str = "") -> None:
        """``origin_tab``: the digest of the tab that made the change (or "")."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(topics, origin_tab)
            except Exception as failure:  # one listener's failure never stops the others
                logger.error("A live listener failed (messages left out):\n%s",
                             describe_without_content(failure))


class RedisBus:
    """Many workers: topics are published on one Redis channel; each worker's
    subscriber (portal/state/live.py) listens to it."""

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self._client = redis.Redis.from_url(url)

    def send(self, topics: tuple[str, ...], origin_tab: str = "") -> None:
        try:
            self._client.publish(CHANNEL, json.dumps({"topics": list(topics),
                                                      "origin": origin_tab}))
        except Exception:  # a missed push is caught up at the next load, never fatal
            logger.exception("Could not publish a live change")


def decode(message: bytes | str) -> tuple[tuple[str, ...], str]:
    """The well-formed topics of one message from the bus and the tab it came from
    (anything else is dropped)."""
    try:
        found = json.loads(message)
    except (ValueError, TypeError):
        return (), ""
    if not isinstance(found, dict) or not isinstance(found.get("topics"), list):
        return (), ""
    origin_tab = found.get("origin")
    if not (isinstance(origin_tab, str) and len(origin_tab) == ORIGIN_DIGEST_LENGTH
            and all(c in "0123456789abcdef" for c in origin_tab)):
        origin_tab = ""  # only a digest is ever published
    return (tuple(topic for topic in found["topics"][:1000] if parse_topic(topic) is not None),
            origin_tab)


_bus: MemoryBus | RedisBus | None = None
_bus_lock = threading.Lock()


def bus() -> MemoryBus | RedisBus:
    """This process's bus: Redis when Redis is configured, else memory."""
    global _bus
    with _bus_lock:
        if _bus is None:
            url = get_settings().redis_url
            _bus = RedisBus(url) if url else MemoryBus()
        return _bus


def use_bus(chosen: MemoryBus | RedisBus | None) -> None:
    """Replace this process's bus (tests; None: choose again from the settings)."""
    global _bus
    with _bus_lock:
        _bus = chosen


def _send_pending(session: Session) -> None:
    topics = tuple(dict.fromkeys(session.info.pop(_PENDING, ())))
    origin_tab = session.info.pop(_ORIGIN, "")
    if topics:
        bus().send(topics, origin_tab)


def _drop_pending(session: Session, *_transaction: object) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_ORIGIN, None)


def changed(session: Session, *topics: str | Iterable[str]) -> None:
    """Tell open tabs about these topics once ``session`` commits."""
    flat: list[str] = []
    for topic in topics:
        flat.extend([topic] if isinstance(topic, str) else topic)
    if not flat:
        return
    session.connection()  # within a transaction, so a rollback is heard and drops them
    pending = session.info.setdefault(_PENDING, [])
    if not pending and not event.contains(session, "after_commit", _send_pending):
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
    pending.extend(flat)
    session.info[_ORIGIN] = origin_digest(origin.get())
