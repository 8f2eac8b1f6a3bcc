"""Inputs that could let one person stall the server for everyone (THREATS.md #16).

Against the live app: a form body is counted as it arrives (a chunked body with no
Content-Length cannot slip past the cap), the directory import checks who is asking
before it reads the upload, and sign-ins (Argon2) run off the event loop so other
members' sockets keep answering.
"""

from __future__ import annotations

import http.client
import secrets
import statistics
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio

from portal.state.base import AppState
from tests.e2e.conftest import DEMO_PASSPHRASE, open_visit, sign_in
from tests.e2e.test_raw_protocol import NAMESPACE, http_sign_in

LANGUAGE_EVENT = f"{AppState.get_full_name()}.choose_language"


def _connection(app) -> http.client.HTTPConnection:
    host, port = urllib.parse.urlsplit(app.url).netloc.split(":")
    return http.client.HTTPConnection(host, int(port), timeout=60)


def test_a_chunked_form_body_is_capped_as_it_arrives(live_app):
    connection = _connection(live_app)
    connection.putrequest("POST", "/auth/sign-in")
    connection.putheader("Origin", live_app.url)
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    chunk = b"x=" + b"a" * 8_190
    sent = 0
    try:
        # Up to 1 MB, far beyond the 16 KB cap; the server answers long before the end.
        for _ in range(128):
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading: that is the cap at work
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_a_chunked_form_body_within_the_cap_still_works(live_app):
    """The positive control: the same chunked path signs a member in."""
    body = urllib.parse.urlencode({"display_name": "Survivor Willow",
                                   "passphrase": DEMO_PASSPHRASE}).encode()
    connection = _connection(live_app)
    connection.putrequest("POST", "/auth/sign-in")
    connection.putheader("Origin", live_app.url)
    connection.putheader("Accept", "application/json")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    connection.send(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
    response = connection.getresponse()
    assert response.status == 200
    assert "lantern_session=" in (response.getheader("set-cookie") or "")
    connection.close()


def test_the_directory_import_refuses_a_member_before_reading_the_upload(live_app):
    """A member who may not import gets her answer at once, while the server has read
    only the headers of a (claimed) 20 MB upload: it never waits for the body."""
    cookie = http_sign_in(live_app, "Survivor Willow")
    connection = _connection(live_app)
    connection.putrequest("POST", "/resources/import")
    connection.putheader("Origin", live_app.url)
    connection.putheader("Cookie", f"lantern_session={cookie}")
    connection.putheader("Content-Type", "multipart/form-data; boundary=xyz")
    connection.putheader("Content-Length", str(20 * 1024 * 1024))
    connection.endheaders()
    connection.send(b"--xyz\r\n")
    started = time.monotonic()
    response = connection.getresponse()  # would wait for 20 MB if the body were read first
    assert time.monotonic() - started < 5
    assert response.status == 303
    assert "error=" in response.getheader("location", "")
    assert "import=" not in response.getheader("location", "")
    connection.close()


def _round_trips(app, count: int, stop: threading.Event | None = None) -> list[float]:
    """Seconds from emitting a small event to its answer, on one anonymous socket."""
    client = socketio.Client(reconnection=False)
    answered = threading.Event()
    client.on("event", lambda _data: answered.set(), namespace=NAMESPACE)
    client.connect(f"{app.url}?token={secrets.token_hex(16)}", transports=["websocket"],
                   socketio_path=NAMESPACE, namespaces=[NAMESPACE])
    times: list[float] = []
    try:
        for _ in range(count):
            if stop is not None and stop.is_set():
                break
            answered.clear()
            started = time.perf_counter()
            client.emit("event", {"name": LANGUAGE_EVENT, "payload": {"language": "en"},
                                  "router_data": {"pathname": "/", "query": {}}},
                        namespace=NAMESPACE)
            assert answered.wait(10), "the socket did not answer"
            times.append(time.perf_counter() - started)
            time.sleep(0.02)
    finally:
        client.disconnect()
    return times


def _sign_in(app) -> int:
    body = urllib.parse.urlencode({"display_name": "Survivor Willow",
                                   "passphrase": DEMO_PASSPHRASE}).encode()
    connection = _connection(app)
    connection.request("POST", "/auth/sign-in", body=body, headers={
        "Origin": app.url, "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_sockets_keep_answering_while_twenty_members_sign_in(live_app):
    """Argon2 runs on a bounded thread pool: during 20 concurrent sign-ins another
    socket's events keep being answered (issue 12)."""
    _round_trips(live_app, 3)  # warm the state
    with ThreadPoolExecutor(max_workers=20) as pool:
        signing_in = [pool.submit(_sign_in, live_app) for _ in range(20)]
        time.sleep(0.05)
        during = _round_trips(live_app, 15)
        statuses = [future.result() for future in signing_in]
    assert statuses == [200] * 20
    # Sign-ins were still running while the round trips were measured.
    assert len(during) == 15
    # With Argon2 on the event loop they waited seconds or failed. The bounds below only
    # tell "answered while sign-ins run" from "blocked behind them" on a busy 2-core
    # machine (the whole suite runs beside this); how fast is bench/protocol.py's to say.
    assert sorted(during)[-2] < 0.5, sorted(during)
    assert max(during) < 2.0, sorted(during)
    assert statistics.median(during) < 0.25, sorted(during)


@pytest.mark.parametrize("path", ["/", "/help", "/sign-in", "/groups"])
def test_every_page_says_it_is_a_demo_in_demo_mode(visit, path):
    visit.go(path)
    ribbon = visit.page.locator("#demo-ribbon")
    assert ribbon.is_visible()
    assert "Demo site" in ribbon.inner_text()
    box = ribbon.bounding_box()
    assert box["y"] < 844 and box["width"] <= 390


def test_the_session_cookie_is_a_browser_session_cookie_and_no_hsts_over_http(visit):
    """It dies when the browser closes (no expiry); HSTS is for https deployments only."""
    sign_in(visit, "Survivor Willow")
    cookie = next(c for c in visit.page.context.cookies() if c["name"] == "lantern_session")
    assert cookie["expires"] == -1
    response = visit.page.request.get(visit.app.url + "/")
    assert "strict-transport-security" not in response.headers


def test_a_stranger_guessing_her_name_cannot_keep_a_member_out(browser, live_app):
    """Two sides: a stranger floods wrong guesses at Survivor Maple's name; Maple's own
    phone (where she signed in before) still signs her in at once, while the stranger's
    browser, even with the right passphrase, is asked to wait a little."""
    owner = open_visit(browser, live_app)
    stranger = open_visit(browser, live_app)
    try:
        sign_in(owner, "Survivor Maple")
        device = [c for c in owner.page.context.cookies() if c["name"] == "lantern_device"]
        assert device and device[0]["httpOnly"] and device[0]["expires"] > time.time()
        owner.go("/account")
        owner.page.click("#sign-out-form button[type=submit]")
        owner.page.wait_for_selector("text=You are signed out")

        for _ in range(12):
            answer = stranger.page.request.post(
                live_app.url + "/auth/sign-in",
                form={"display_name": "Survivor Maple", "passphrase": "not her passphrase"},
                headers={"Origin": live_app.url, "Accept": "application/json"})
            assert answer.status in (400, 429)
        stranger.go("/sign-in")
        stranger.page.fill("#field-display_name", "Survivor Maple")
        stranger.page.fill("#field-passphrase", DEMO_PASSPHRASE)
        stranger.page.click("#sign-in-form button[type=submit]")
        stranger.page.wait_for_selector("[data-form-error]:has-text('Too many tries')")

        sign_in(owner, "Survivor Maple")
        assert "Survivor Maple" in owner.page.inner_text("main")
    finally:
        owner.page.context.close()
        stranger.page.context.close()


def _session_cookie(visit) -> dict | None:
    return next((c for c in visit.page.context.cookies() if c["name"] == "lantern_session"),
                None)


def test_quick_exit_signs_out_unless_she_chose_to_stay_signed_in(browser, live_app):
    visit = open_visit(browser, live_app)
    try:
        sign_in(visit, "Survivor Willow")
        token = _session_cookie(visit)["value"]
        visit.page.click("#quick-exit")
        visit.page.wait_for_url(live_app.weather_url)
        # The other side: the server ended that session (the next person gets nothing).
        deadline = time.monotonic() + 10
        while _session_alive(live_app, token) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _session_alive(live_app, token)
        visit.go("/account")
        visit.wait_for_path("/sign-in")

        # She chooses to stay signed in: quick exit then leaves her session alone.
        sign_in(visit, "Survivor Willow")
        visit.go("/account")
        # A controlled checkbox: it shows what the server saved, so click and wait.
        visit.page.click("#keep-session-on-quick-exit")
        visit.page.wait_for_selector("#keep-session-on-quick-exit:checked")
        token = _session_cookie(visit)["value"]
        visit.page.click("#quick-exit")
        visit.page.wait_for_url(live_app.weather_url)
        time.sleep(1.5)
        assert _session_alive(live_app, token)
        visit.go("/account")
        visit.page.wait_for_selector("#keep-session-on-quick-exit:checked")
        visit.page.click("#keep-session-on-quick-exit")
        visit.page.wait_for_selector("#keep-session-on-quick-exit:not(:checked)")
    finally:
        visit.page.context.close()


def _session_alive(app, token: str) -> bool:
    """Whether the server still accepts this session token (asked with no browser)."""
    connection = _connection(app)
    connection.request("GET", "/account/my-data.json",
                       headers={"Cookie": f"lantern_session={token}"})
    status = connection.getresponse().status
    connection.close()
    return status == 200
