"""Staff sign-in through an organisation's OpenID Connect provider (Authlib).

Authorization code flow with PKCE (S256), a nonce, and state kept in a short-lived
signed cookie bound to this browser. A verified email claim is mapped to an existing
staff account; nobody is ever created here. Off unless LANTERN_OIDC_* are set.
"""

from __future__ import annotations

import logging

from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.auth.cookies import set_session_cookie
from portal.db import open_session
from portal.services import accounts
from portal.services.errors import ServiceError
from portal.settings import get_settings

log = logging.getLogger("lantern.oidc")
STATE_COOKIE = "lantern_oidc"
STATE_MAX_AGE = 600


def _client():
    settings = get_settings()
    oauth = OAuth()
    oauth.register(
        name="staff",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email", "code_challenge_method": "S256"},
    )
    return oauth.create_client("staff")


async def start(request: Request) -> Response:
    if not get_settings().oidc_enabled:
        return RedirectResponse(routes.SIGN_IN, status_code=303)
    redirect_uri = get_settings().public_origin + routes.AUTH_OIDC_CALLBACK
    return await _client().authorize_redirect(request, redirect_uri)


async def callback(request: Request) -> Response:
    if not get_settings().oidc_enabled:
        return RedirectResponse(routes.SIGN_IN, status_code=303)
    try:
        token = await _client().authorize_access_token(request)
    except OAuthError as error:
        log.info("OIDC sign-in refused: %s", error.error)
        return RedirectResponse(routes.sign_in_with_error("auth.oidc_failed"), status_code=303)
    claims = token.get("userinfo") or {}
    email = str(claims.get("email") or "")
    if not email or claims.get("email_verified") is not True:
        return RedirectResponse(routes.sign_in_with_error("auth.oidc_unverified"),
                                status_code=303)
    try:
        with open_session() as session:
            signed_in = accounts.sign_in_verified_staff_email(session=session, email=email)
    except ServiceError as error:
        return RedirectResponse(routes.sign_in_with_error(error.code), status_code=303)
    request.session.clear()
    response = RedirectResponse(routes.STAFF, status_code=303)
    set_session_cookie(response, signed_in.token)
    return response


def oidc_app() -> Starlette:
    """The two routes, mounted at ``routes.AUTH_OIDC`` behind the state cookie."""
    settings = get_settings()
    return Starlette(
        routes=[Route(routes.AUTH_OIDC_START.removeprefix(routes.AUTH_OIDC), start),
                Route(routes.AUTH_OIDC_CALLBACK.removeprefix(routes.AUTH_OIDC), callback)],
        middleware=[Middleware(
            SessionMiddleware, secret_key=settings.secret_key, session_cookie=STATE_COOKIE,
            max_age=STATE_MAX_AGE, path=routes.AUTH_OIDC,
            # Lax, not Strict: the provider sends the browser back with a cross-site
            # redirect, and the state cookie must come along to be checked.
            same_site="lax", https_only=settings.uses_https)],
    )
