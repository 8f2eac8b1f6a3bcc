"""A browser tab's Reflex socket, for the protocol benchmark: asyncio, raw, counted.

Socket.IO (v5) over Engine.IO (v4) text packets on one websocket (wsproto, which
python-engineio already brings), so hundreds of tabs share one event loop in the
benchmark process, and every byte the server sends is counted. Like a browser, the tab
carries its session cookie and the page's own origin on the websocket handshake, and
its first event (``hydrate_and_load``) rides in the namespace CONNECT packet.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

NAMESPACE = "/_event"  # Reflex's socket: this path and this namespace
FIELD_MARKER = "_rx_state_"  # Reflex's suffix on every var name in a delta
ROOT_STATE = "reflex___state____state"
HYDRATED = f"is_hydrated{FIELD_MARKER}"
READ_SIZE = 1 << 16

# What the tab has seen since a watch began: state name -> var name (no marker) -> value.
Seen = dict[str, dict[str, object]]
# Answers True (done), False (done, but refused) or None (not yet).
Finished = Callable[[Seen], "bool | None"]


class SocketClosed(ConnectionError):
    pass


def event(name: str, path: str, query: dict[str, str] | None = None,
          payload: dict | None = None) -> dict:
    """An event as the browser sends it: name, payload and the page's router data."""
    query = query or {}
    as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    router_data: dict[str, object] = {"pathname": path, "asPath": as_path}
    if query:
        router_data["query"] = query
    return {"name": name, "payload": payload or {}, "router_data": router_data}


def is_snapshot(delta: dict) -> bool:
    """A hydrate's snapshot of the whole state: the one update that says "not hydrated"."""
    return delta.get(ROOT_STATE, {}).get(HYDRATED) is False


@dataclass
class _Watch:
    finished: Finished
    skip_snapshot: bool
    future: asyncio.Future
    seen: Seen = field(default_factory=dict)

    def feed(self, delta: dict) -> None:
        if self.future.done():
            return
        if self.skip_snapshot and is_snapshot(delta):
            self.skip_snapshot = False
            return
        for state, variables in delta.items():
            merged = self.seen.setdefault(state, {})
            for name, value in variables.items():
                merged[name.removesuffix(FIELD_MARKER)] = value
        verdict = self.finished(self.seen)
        if verdict is not None:
            self.future.set_result((verdict, self.seen))


class Tab:
    """One tab: ``open`` connects (and hydrates), ``emit`` sends, ``wait`` waits for the
    deltas that say an event is done. ``sizes`` holds each update's size in bytes,
    ``snapshot_size`` the size of the hydrate's snapshot."""

    def __init__(self, host: str, port: int, *, token: str, origin: str,
                 cookie: str = "", cookie_name: str = "") -> None:
        self.host, self.port, self.token, self.origin = host, port, token, origin
        self.cookie = f"{cookie_name}={cookie}" if cookie else ""
        self.sizes: list[int] = []
        self.snapshot_size = 0
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task | None = None
        self._watches: list[_Watch] = []
        self._accepted: asyncio.Future | None = None
        self._joined: asyncio.Future | None = None
        self._text: list[str] = []

    async def open(self, boot: dict | None = None) -> None:
        loop = asyncio.get_running_loop()
        self._accepted, self._joined = loop.create_future(), loop.create_future()
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        headers = [(b"origin", self.origin.encode())]
        if self.cookie:
            headers.append((b"cookie", self.cookie.encode()))
        target = f"{NAMESPACE}/?token={self.token}&EIO=4&transport=websocket"
        self._send(Request(host=f"{self.host}:{self.port}", target=target,
                           extra_headers=headers))
        self._task = asyncio.create_task(self._read())
        await self._accepted  # the Engine.IO open packet arrived
        auth = {"event": boot} if boot is not None else {}
        self._send_text(f"40{NAMESPACE},{json.dumps(auth)}")
        await self._joined

    def watch(self, finished: Finished, *, skip_snapshot: bool = False) -> asyncio.Future:
        """A future for (verdict, seen) once ``finished`` says so; ``skip_snapshot``
        ignores a hydrate's snapshot (it may hold every default)."""
        found = _Watch(finished, skip_snapshot, asyncio.get_running_loop().create_future())
        self._watches.append(found)
        return found.future

    async def emit(self, sent: dict) -> None:
        self._send_text(f"42{NAMESPACE},{json.dumps(['event', sent])}")
        await self._writer.drain()

    async def close(self) -> None:
        if self._writer is None:
            return
        try:
            self._send_text(f"41{NAMESPACE},")
            self._send(CloseConnection(code=1000))
            await self._writer.drain()
        except (ConnectionError, RuntimeError, OSError):
            pass
        if self._task is not None:
            self._task.cancel()
        self._writer.close()
        self._writer = None

    # ---------------------------------------------------------------- internals
    def _send(self, frame) -> None:
        if self._writer is None:
            raise SocketClosed("the tab is closed")
        self._writer.write(self._ws.send(frame))

    def _send_text(self, text: str) -> None:
        self._send(TextMessage(data=text))

    def _fail(self, error: BaseException) -> None:
        for future in (self._accepted, self._joined,
                       *(found.future for found in self._watches)):
            if future is not None and not future.done():
                future.set_exception(error)

    async def _read(self) -> None:
        try:
            while True:
                data = await self._reader.read(READ_SIZE)
                self._ws.receive_data(data or None)
                for frame in self._ws.events():
                    self._on_frame(frame)
                if not data:
                    raise SocketClosed("the server closed the socket")
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 (every waiter must hear of it)
            self._fail(error)

    def _on_frame(self, frame) -> None:
        if isinstance(frame, AcceptConnection):
            return
        if isinstance(frame, RejectConnection):
            raise SocketClosed(f"websocket refused: {frame.status_code}")
        if isinstance(frame, Ping):
            self._send(frame.response())
        elif isinstance(frame, CloseConnection):
            raise SocketClosed("the server closed the websocket")
        elif isinstance(frame, TextMessage):
            self._text.append(frame.data)
            if frame.message_finished:
                packet, self._text = "".join(self._text), []
                self._on_packet(packet)

    def _on_packet(self, packet: str) -> None:
        kind = packet[:1]
        if kind == "0":  # Engine.IO open
            self._accepted.set_result(True)
        elif kind == "2":  # Engine.IO ping: answer at once, as a browser does
            self._send_text("3")
        elif packet.startswith(f"40{NAMESPACE},"):
            self._joined.set_result(True)
        elif packet.startswith(f"44{NAMESPACE},"):
            raise SocketClosed(f"namespace refused: {packet[len(NAMESPACE) + 3:]}")
        elif packet.startswith(f"42{NAMESPACE},"):
            name, *arguments = json.loads(packet[len(NAMESPACE) + 3:])
            if name == "event" and arguments:
                self.sizes.append(len(packet.encode()))
                delta = arguments[0].get("delta") or {}
                if is_snapshot(delta) and not self.snapshot_size:
                    self.snapshot_size = self.sizes[-1]
                for found in self._watches:
                    found.feed(delta)
                self._watches = [found for found in self._watches if not found.future.done()]
