"""The one same-origin rule for POST routes (portal/http/origin.py), case by case."""

from __future__ import annotations

import pytest

from portal.http.origin import is_same_origin

OURS = "https://lantern.example.org"


@pytest.mark.parametrize(("origin", "fetch_site", "expected"), [
    (OURS, None, True),                       # fetch from our page
    ("http://127.0.0.1:3000", None, True),    # the host the request reached
    ("null", "same-origin", True),            # a form post or beacon under no-referrer
    (None, "same-origin", True),              # no Origin at all, from our page
    ("https://evil.example", "same-origin", False),  # a named foreign origin always loses
    ("https://evil.example", None, False),
    ("null", "cross-site", False),
    ("null", "same-site", False),             # another subdomain
    (None, "none", False),                    # typed in the address bar or a bookmark
    (None, None, False),                      # no evidence at all
    ("null", None, False),
])
def test_the_rule(origin, fetch_site, expected):
    assert is_same_origin(origin, fetch_site, public_origin=OURS,
                          request_origin="http://127.0.0.1:3000") is expected
