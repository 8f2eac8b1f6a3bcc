"""The one same-origin rule for POST routes (portal/http/origin.py), case by case."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from portal.http import origin as origin_module
from portal.http.origin import is_same_origin, same_origin

OURS = "https://lantern.example.org"
REACHED = "http://127.0.0.1:3000"


@pytest.mark.parametrize(("origin", "fetch_site", "expected"), [
    (OURS, None, True),                       # fetch from our page
    (REACHED, None, True),                    # the host the request reached
    ("null", "same-origin", True),            # a form post or beacon under no-referrer
    (None, "same-origin", True),              # no Origin at all, from our page
    ("", "same-origin", True),                # an empty Origin counts as none
    ("https://evil.example", "same-origin", False),  # a named foreign origin always loses
    ("https://evil.example", None, False),
    ("http://lantern.example.org", None, False),        # another scheme
    ("https://lantern.example.org:8443", None, False),  # another port
    ("https://sub.lantern.example.org", None, False),   # another host
    ("http://127.0.0.1:3001", None, False),
    ("null", "cross-site", False),
    ("null", "same-site", False),             # another subdomain
    (None, "none", False),                    # typed in the address bar or a bookmark
    (None, None, False),                      # no evidence at all
    ("null", None, False),
])
def test_the_rule(origin, fetch_site, expected):
    assert is_same_origin(origin, fetch_site, public_origin=OURS,
                          request_origin=REACHED) is expected


@pytest.mark.parametrize(("origin", "fetch_site", "referer", "expected"), [
    # Case 3: no Origin and no Fetch Metadata (an older browser): a Referer of ours.
    (None, None, OURS + "/account", True),
    (None, None, REACHED + "/resources/manage?x=1", True),
    (None, None, OURS, True),
    # A foreign, look-alike, relative or unreadable Referer is no evidence.
    (None, None, "https://evil.example/account", False),
    (None, None, "https://lantern.example.org.evil.example/", False),
    (None, None, "https://lantern.example.org@evil.example/", False),
    (None, None, "https://me@lantern.example.org/", False),
    (None, None, "http://lantern.example.org/account", False),
    (None, None, "/account", False),
    (None, None, "not a url", False),
    (None, None, "http://[::1/", False),
    (None, None, "", False),
    # Null is never evidence, and a Referer does not make it so.
    ("null", None, OURS + "/account", False),
    # The browser's own Sec-Fetch-Site outranks the Referer.
    (None, "cross-site", OURS + "/account", False),
    (None, "same-site", OURS + "/account", False),
    (None, "none", OURS + "/account", False),
    # A named Origin decides alone.
    ("https://evil.example", None, OURS + "/account", False),
    (OURS, None, "https://evil.example/", True),
])
def test_the_referer_case(origin, fetch_site, referer, expected):
    assert is_same_origin(origin, fetch_site, public_origin=OURS, request_origin=REACHED,
                          referer=referer) is expected


def test_an_unset_public_origin_and_an_unreadable_referer_do_not_match():
    assert is_same_origin(None, None, public_origin="", request_origin=REACHED,
                          referer="not a url") is False


def _request(scheme: str, headers: dict[str, str]) -> Request:
    return Request({"type": "http", "method": "POST", "scheme": scheme, "path": "/",
                    "server": ("127.0.0.1", 3000), "query_string": b"",
                    "headers": [(k.encode(), v.encode()) for k, v in headers.items()]})


@pytest.mark.parametrize(("scheme", "headers", "expected"), [
    ("https", {"host": "lantern.example.org", "origin": OURS}, True),
    ("http", {"host": "127.0.0.1:3000", "origin": REACHED}, True),
    ("http", {"host": "127.0.0.1:3000", "origin": "http://127.0.0.1:3001"}, False),
    ("https", {"host": "127.0.0.1:3000", "origin": REACHED}, False),
    ("http", {"host": "127.0.0.1:3000", "origin": "null", "sec-fetch-site": "same-origin"},
     True),
    ("http", {"host": "127.0.0.1:3000", "referer": REACHED + "/account"}, True),
    ("http", {"host": "127.0.0.1:3000", "referer": "https://evil.example/"}, False),
    ("http", {"host": "127.0.0.1:3000"}, False),
])
def test_a_request_is_judged_by_its_headers_and_the_host_it_reached(monkeypatch, scheme,
                                                                    headers, expected):
    settings = type("Settings", (), {"public_origin": OURS})()
    monkeypatch.setattr(origin_module, "get_settings", lambda: settings)
    assert same_origin(_request(scheme, headers)) is expected
