"""A tab's server-side state belongs to the member it was loaded for (issue 12, THREATS #9).

Reflex keys each tab's state by a token from sessionStorage; the token is no
credential. These tests replay a member's token from a socket without her cookie,
reload after sign-out, and look for her words on disk after a full browser flow.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from pathlib import Path

import pytest
import socketio
from sqlalchemy import select
from sqlmodel import Session

from portal.db import make_engine
from portal.models import User
from portal.services.mentoring import matches as mentoring_matches
from portal.state.base import AppState
from portal.state.mentoring_thread import ThreadState
from tests.e2e.conftest import ROOT, active_match_id, open_visit, sign_in
from tests.e2e.test_raw_protocol import NAMESPACE, http_sign_in
from tests.factories.accounts import actor_of

HYDRATE = "reflex___state____state.hydrate"
LOAD_PAGE = f"{AppState.get_full_name()}.load_page"
LOAD_THREAD = f"{ThreadState.get_full_name()}.load_thread"
SECRET_WORDS = "the blue notebook waits by the window"


def add_message_from_sol(app) -> int:
    """An active match between Luna and Mentor Sol (the demo's, or a new one), with a
    private message from Sol (written as Sol, through the service). Returns its id."""
    engine = make_engine(app.env["LANTERN_DATABASE_URL"])
    with Session(engine) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        luna, sol = named["Survivor Luna"], named["Mentor Sol"]
        match_id = active_match_id(session, luna, sol)
        mentoring_matches.send_message(session=session, actor=actor_of(sol), match_id=match_id,
                                       body=f"Hola Luna, {SECRET_WORDS}.")
    engine.dispose()
    return match_id


@pytest.fixture
def luna_and_sol_with_a_message(live_app) -> int:
    return add_message_from_sol(live_app)


class Socket:
    """A raw Reflex socket for one tab token, with or without a session cookie."""

    def __init__(self, app, token: str, cookie: str = "") -> None:
        self.client = socketio.Client(reconnection=False)
        self.received: list[str] = []
        self.answered = threading.Event()

        def on_event(data) -> None:
            self.received.append(json.dumps(data))
            self.answered.set()

        self.client.on("event", on_event, namespace=NAMESPACE)
        headers = {"Cookie": f"lantern_session={cookie}"} if cookie else {}
        self.client.connect(f"{app.url}?token={token}", headers=headers,
                            transports=["websocket"], socketio_path=NAMESPACE,
                            namespaces=[NAMESPACE])
        self.token = token

    def emit(self, name: str, path: str, query: dict[str, str] | None = None) -> str:
        query = query or {}
        as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        self.answered.clear()
        self.client.emit("event", {"name": name, "payload": {}, "token": self.token,
                                   "router_data": {"pathname": path, "asPath": as_path,
                                                   "query": query}}, namespace=NAMESPACE)
        assert self.answered.wait(10)
        time.sleep(1.0)  # let every delta of this event arrive
        return "\n".join(self.received)

    def close(self) -> None:
        self.client.disconnect()


def test_a_replayed_tab_token_without_the_cookie_gets_nothing_private(
        live_app, luna_and_sol_with_a_message):
    replay_without_cookie_gets_nothing(live_app, luna_and_sol_with_a_message)


def test_a_replayed_tab_token_whose_first_event_is_a_handler_gets_nothing_private(
        live_app, luna_and_sol_with_a_message):
    """No hydrate first: the page's own handler at once, so the binding check runs on that
    handler's hop (issue 14, state/viewer_binding.py), still before anything is sent."""
    replay_without_cookie_gets_nothing(live_app, luna_and_sol_with_a_message,
                                       hydrate_first=False)


def replay_without_cookie_gets_nothing(app, match: int, *, hydrate_first: bool = True) -> None:
    """Luna's tab token, first with her cookie (her message arrives: the channel works),
    then replayed from another socket with no cookie: nothing of hers comes back."""
    match_id = str(match)
    token = secrets.token_hex(16)
    luna = Socket(app, token, http_sign_in(app, "Survivor Luna"))
    try:
        luna.emit(HYDRATE, "/mentoring/messages", {"match": match_id})
        luna.emit(LOAD_PAGE, "/mentoring/messages", {"match": match_id})
        seen = luna.emit(LOAD_THREAD, "/mentoring/messages", {"match": match_id})
    finally:
        luna.close()
    assert SECRET_WORDS in seen and "Survivor Luna" in seen

    thief = Socket(app, token)  # her tab token, but no cookie
    try:
        hydrated = thief.emit(HYDRATE, "/mentoring/messages", {"match": match_id}) \
            if hydrate_first else ""
        loaded = thief.emit(LOAD_THREAD, "/mentoring/messages", {"match": match_id})
    finally:
        thief.close()
    assert loaded
    for answer in (hydrated, loaded):
        assert SECRET_WORDS not in answer
        assert "Survivor Luna" not in answer
    assert '"signed_in_rx_state_": true' not in hydrated


def test_after_sign_out_a_reload_of_the_same_tab_shows_nothing_of_hers(
        browser, live_app, luna_and_sol_with_a_message):
    visit = open_visit(browser, live_app)
    try:
        sign_in(visit, "Survivor Luna")
        visit.go(f"/mentoring/messages?match={luna_and_sol_with_a_message}")
        visit.page.wait_for_selector(f"text={SECRET_WORDS}")
        token = visit.page.evaluate("sessionStorage.getItem('token')")
        visit.go("/account")
        visit.page.click("#sign-out-form button[type=submit]")
        visit.page.wait_for_selector("text=You are signed out")
        frames: list[str] = []  # what the server sends from here on
        visit.page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: frames.append(str(payload))))
        # The tab's state token was dropped at sign-out...
        assert visit.page.evaluate("sessionStorage.getItem('token')") != token
        # ...and even a reload that brings the old token back gets nothing of hers.
        visit.page.evaluate(f"sessionStorage.setItem('token', {json.dumps(token)})")
        visit.page.reload()
        visit.wait_ready()
        visit.go(f"/mentoring/messages?match={luna_and_sol_with_a_message}")
        visit.wait_for_path("/sign-in")
        assert SECRET_WORDS not in visit.page.content()
        assert frames, "the reloaded tab talked to the server"
        assert not any(SECRET_WORDS in frame or "Survivor Luna" in frame for frame in frames)
    finally:
        visit.page.context.close()


def test_no_state_is_written_to_disk(browser, live_app, luna_and_sol_with_a_message):
    visit = open_visit(browser, live_app)
    try:
        sign_in(visit, "Survivor Luna")
        visit.go(f"/mentoring/messages?match={luna_and_sol_with_a_message}")
        visit.page.wait_for_selector(f"text={SECRET_WORDS}")
    finally:
        visit.page.context.close()
    assert not (ROOT / ".states").exists() or not any((ROOT / ".states").iterdir())
    needle = SECRET_WORDS.encode()
    # Not searched: installed packages, git objects, and compiled tests (this very file
    # names the words).
    skipped = {".venv", ".git", ".tools", "node_modules", ".web", "__pycache__"}
    holding = [path for path in _files(ROOT, skipped) if needle in path.read_bytes()]
    # The database holds the message on purpose; nothing else may.
    holding += [path for path in _files(live_app.instance_dir, set())
                if needle in path.read_bytes() and not path.name.startswith("lantern.db")]
    assert holding == []


def _files(top: Path, skipped: set[str]):
    for path in top.rglob("*"):
        if any(part in skipped for part in path.relative_to(top).parts):
            continue
        if path.is_file() and path.stat().st_size < 50_000_000 and path.suffix != ".py":
            yield path
