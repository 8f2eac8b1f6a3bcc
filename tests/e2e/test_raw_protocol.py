"""Attacks that skip the page: forged socket events and cross-origin requests (THREATS 1, 13).

A raw Socket.IO client talks to the real server the way a browser's socket does,
but sends whatever it likes: staff handlers, other members' ids, spoofed headers.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import socketio
import websocket

from portal.state.staff import StaffState
from tests.e2e.live_server import sign_in_over_http

STAFF = StaffState.get_full_name()
NAMESPACE = "/_event"  # Reflex's socket: this path and this namespace


def http_sign_in(app, name: str) -> str:
    return sign_in_over_http(app.url, name)


def member_statuses(app) -> dict[str, str]:
    with sqlite3.connect(app.instance_dir / "lantern.db") as connection:
        return dict(connection.execute("SELECT display_name, status FROM users"))


def send_events(app, events: list[tuple[str, dict]], *, cookie: str = "") -> list:
    client = socketio.Client(reconnection=False)
    received = []
    client.on("event", lambda data: received.append(data), namespace=NAMESPACE)
    headers = {}  # websocket-client sends the server's own origin
    if cookie:
        headers["Cookie"] = f"lantern_session={cookie}"
    client.connect(f"{app.url}?token={secrets.token_hex(16)}", headers=headers,
                   transports=["websocket"], socketio_path=NAMESPACE, namespaces=[NAMESPACE])
    try:
        for name, payload in events:
            client.emit("event", {"name": name, "payload": payload,
                                  "router_data": {"pathname": "/staff", "query": {},
                                                  "headers": {"cookie": "forged"}}},
                        namespace=NAMESPACE)
        time.sleep(1.5)
    finally:
        client.disconnect()
    return received


def test_forged_staff_events_from_a_member_change_nothing(live_app):
    before = member_statuses(live_app)
    member_cookie = http_sign_in(live_app, "Survivor Willow")
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        target_id = connection.execute(
            "SELECT id FROM users WHERE display_name = 'Survivor Maple'").fetchone()[0]
    send_events(live_app, [
        (f"{STAFF}.suspend_member", {"form_data": {"member_id": target_id, "reason": "x"}}),
        (f"{STAFF}.end_member_sessions", {"member_id": target_id}),
        (f"{STAFF}.create_invite", {"form_data": {"role": "admin", "organisation": "x"}}),
        (f"{STAFF}.setvar", {"var_name": "can_suspend", "value": True}),
        (f"{STAFF}._refresh", {}),
    ], cookie=member_cookie)
    assert member_statuses(live_app) == before
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        admin_invites = connection.execute(
            "SELECT count(*) FROM invites WHERE role = 'admin'").fetchone()[0]
    assert admin_invites == 0


def test_anonymous_forged_events_with_spoofed_headers_change_nothing(live_app):
    before = member_statuses(live_app)
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        target_id = connection.execute(
            "SELECT id FROM users WHERE display_name = 'Survivor Luna'").fetchone()[0]
    send_events(live_app, [(f"{STAFF}.suspend_member",
                            {"form_data": {"member_id": target_id, "reason": "x"}})])
    assert member_statuses(live_app) == before


def test_a_socket_from_a_foreign_origin_is_refused(live_app):
    url = live_app.url.replace("http://", "ws://") + "/_event/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(url, origin="http://evil.example", timeout=5)
    assert refused.value.status_code == 403
    own = websocket.create_connection(url, origin=live_app.url, timeout=5)
    own.close()


@pytest.mark.parametrize("path", ["/auth/sign-in", "/auth/sign-out", "/auth/sign-up"])
def test_posts_from_a_foreign_origin_are_refused(live_app, path):
    request = urllib.request.Request(live_app.url + path, data=b"display_name=x", method="POST",
                                     headers={"Origin": "http://evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403


def test_oversized_forms_are_refused(live_app):
    request = urllib.request.Request(live_app.url + "/auth/sign-in", data=b"x=" + b"a" * 40_000,
                                     method="POST", headers={"Origin": live_app.url})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 413


def test_the_same_raw_channel_works_for_an_admin_so_the_refusals_above_are_real(live_app):
    admin_cookie = http_sign_in(live_app, "Admin Owl")
    with sqlite3.connect(live_app.instance_dir / "lantern.db") as connection:
        target_id = connection.execute(
            "SELECT id FROM users WHERE display_name = 'Partner Harbor'").fetchone()[0]
    send_events(live_app, [(f"{STAFF}.suspend_member",
                            {"form_data": {"member_id": target_id, "reason": "x"}})],
                cookie=admin_cookie)
    assert member_statuses(live_app)["Partner Harbor"] == "suspended"
    send_events(live_app, [(f"{STAFF}.unsuspend_member", {"member_id": target_id})],
                cookie=admin_cookie)
    assert member_statuses(live_app)["Partner Harbor"] == "active"
