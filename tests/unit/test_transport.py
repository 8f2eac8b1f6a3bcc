"""Transport and session cookie rules (issue 12): HSTS over https, a browser-session
cookie with the ``__Host-`` prefix over https, one parser for the session cookie."""

from __future__ import annotations

import asyncio
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


def _served_headers(content_type: bytes) -> dict[bytes, bytes]:
    """The headers SecurityHeaders sends for a response of ``content_type``."""
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"x"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    middleware = security_headers.SecurityHeaders(app)
    middleware._policy = "default-src 'self'"
    asyncio.run(middleware({"type": "http", "path": "/assets/x", "query_string": b""},
                           None, send))
    return dict(sent[0]["headers"])


@pytest.mark.parametrize("content_type", [
    b"text/html; charset=utf-8", b"image/svg+xml", b"application/json", b"text/plain",
    b"application/pdf", b""])
def test_a_response_a_browser_can_open_as_a_document_keeps_the_policy(content_type):
    headers = _served_headers(content_type)
    assert headers[b"content-security-policy"] == b"default-src 'self'"
    assert headers[b"x-content-type-options"] == b"nosniff"


@pytest.mark.parametrize("content_type", [
    b"text/javascript; charset=utf-8", b"application/javascript", b"text/css",
    b"font/woff2", b"image/png", b"image/x-icon"])
def test_scripts_styles_fonts_and_pictures_go_without_the_policy_and_keep_the_rest(
        content_type):
    headers = _served_headers(content_type)
    assert b"content-security-policy" not in headers
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"x-robots-tag"] == b"noindex, nofollow"
    assert headers[b"cache-control"].startswith(b"public")
