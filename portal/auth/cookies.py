"""The session cookie: HttpOnly, SameSite=Strict, Secure over https, never readable by scripts."""

from __future__ import annotations

from starlette.responses import Response

from portal.settings import get_settings

SESSION_COOKIE = "lantern_session"


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_absolute_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.uses_https,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=get_settings().uses_https)
