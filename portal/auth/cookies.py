"""The session cookie: HttpOnly, SameSite=Strict, Secure over https, never readable by scripts.

Over https it is named with the ``__Host-`` prefix, which browsers accept only when it
is Secure, has ``Path=/`` and no Domain: no subdomain can set or shadow it. It has no
Max-Age, so it is a browser-session cookie and dies when the browser closes (on a
shared computer, closing the browser signs the member out); the server still ends it
after the idle and absolute timeouts.
"""

from __future__ import annotations

import functools
from http.cookies import CookieError, SimpleCookie

from starlette.responses import Response

from portal.auth.tokens import DEVICE_TOKEN_DAYS
from portal.settings import get_settings

SESSION_COOKIE = "lantern_session"
SECURE_SESSION_COOKIE = "__Host-lantern_session"
# "This browser signed in to this account before": lets the owner past the growing
# delay that strangers' wrong guesses put on her name. It holds a signed account number
# only, is HttpOnly, and outlives the browser session (DEVICE_TOKEN_DAYS).
DEVICE_COOKIE = "lantern_device"
SECURE_DEVICE_COOKIE = "__Host-lantern_device"
# The page language a browser chose (not private; written by the pages, see state/base.py).
LANGUAGE_COOKIE = "lantern_lang"


def session_cookie_name() -> str:
    return SECURE_SESSION_COOKIE if get_settings().uses_https else SESSION_COOKIE


def device_cookie_name() -> str:
    return SECURE_DEVICE_COOKIE if get_settings().uses_https else DEVICE_COOKIE


@functools.lru_cache(maxsize=1024)
def read_cookie(cookie_header: str | None, name: str) -> str:
    """One cookie's value from a ``Cookie`` header, or "" (a malformed header is none).
    Kept per header: every event and every push of a tab parses the same header (the
    headers are in the tabs' states already; nothing new is held)."""
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def session_token(cookie_header: str | None) -> str:
    """The session token a ``Cookie`` header carries, or ""."""
    return read_cookie(cookie_header, session_cookie_name())


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        session_cookie_name(),
        token,
        path="/",
        httponly=True,
        samesite="strict",
        secure=get_settings().uses_https,
    )


def device_token(cookie_header: str | None) -> str:
    return read_cookie(cookie_header, device_cookie_name())


def set_device_cookie(response: Response, token: str) -> None:
    response.set_cookie(device_cookie_name(), token, max_age=DEVICE_TOKEN_DAYS * 86400,
                        path="/", httponly=True, samesite="strict",
                        secure=get_settings().uses_https)


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(session_cookie_name(), path="/", httponly=True, samesite="strict",
                           secure=get_settings().uses_https)
