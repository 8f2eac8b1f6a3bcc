"""Transport and session cookie rules (issue 12): HSTS over https, a browser-session
cookie with the ``__Host-`` prefix over https, one parser for the session cookie."""

from __future__ import annotations

import dataclasses

import pytest
from starlette.responses import Response

from portal import security_headers
from portal.auth import cookies
from portal.settings import get_settings


@pytest.fixture(params=["http://localhost:3000", "https://lantern.example.org"])
def served_at(request, monkeypatch):
    settings = dataclasses.replace(get_settings(), public_url=request.param)
    monkeypatch.setattr(cookies, "get_settings", lambda: settings)
    return settings


def _set_cookie_header(response: Response) -> str:
    return next(value.decode() for name, value in response.raw_headers
                if name == b"set-cookie")


def test_the_session_cookie_dies_with_the_browser_and_is_host_only_over_https(served_at):
    response = Response()
    cookies.set_session_cookie(response, "token-value")
    header = _set_cookie_header(response)
    lowered = header.lower()
    assert "max-age" not in lowered and "expires" not in lowered
    assert "httponly" in lowered and "samesite=strict" in lowered and "path=/" in lowered
    assert "domain" not in lowered
    if served_at.uses_https:
        assert header.startswith("__Host-lantern_session=token-value")
        assert "secure" in lowered
    else:
        assert header.startswith("lantern_session=token-value")
        assert "secure" not in lowered


def test_the_session_token_is_read_under_the_name_in_use(served_at):
    name = cookies.session_cookie_name()
    header = f"lantern_lang=es; {name}=abc123; other=x"
    assert cookies.session_token(header) == "abc123"
    # The other name is never taken for the session (a subdomain cannot shadow it).
    other = "lantern_session" if served_at.uses_https else "__Host-lantern_session"
    assert cookies.session_token(f"{other}=forged") == ""


@pytest.mark.parametrize("header", [None, "", "garbage;;==", 'a="unterminated'])
def test_a_missing_or_malformed_cookie_header_is_no_session(header):
    assert cookies.session_token(header) == ""


def test_clearing_the_cookie_uses_the_same_name(served_at):
    response = Response()
    cookies.clear_session_cookie(response)
    assert _set_cookie_header(response).startswith(f"{cookies.session_cookie_name()}=")


def test_hsts_is_sent_only_over_https():
    over_https = dict(security_headers.security_headers("/", "default-src 'self'", https=True))
    over_http = dict(security_headers.security_headers("/", "default-src 'self'", https=False))
    assert over_https[b"strict-transport-security"].startswith(b"max-age=63072000")
    assert b"strict-transport-security" not in over_http
