"""HTTP routes for everything that sets or clears the session cookie.

Reflex events travel over a websocket and cannot set HttpOnly cookies, so sign-in,
sign-up, recovery, passphrase changes, sign-out and account deletion are small POST
routes. The page's script posts the form with fetch and gets JSON back (errors shown
in place, nothing typed is lost); without scripts the browser posts natively and is
redirected. Every POST must come from our own origin (THREATS #13).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from portal.auth.cookies import (
    clear_session_cookie,
    device_token,
    session_token,
    set_device_cookie,
    set_session_cookie,
)
from portal.auth.cookies import (
    read_cookie as read_header_cookie,
)
from portal.auth.oidc import oidc_app
from portal.calendar_routes import CALENDAR_ROUTES
from portal.db import open_session
from portal.http.client import client_key
from portal.http.origin import same_origin
from portal.http.viewer import current_viewer
from portal.i18n import normalise_language, translate
from portal.resources_routes import RESOURCE_ROUTES
from portal.services import accounts
from portal.services.accounts import SignedIn, Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.volunteering_routes import VOLUNTEER_ROUTES

log = logging.getLogger("lantern.auth")
MAX_FORM_BYTES = 16_384
Handler = Callable[[Request, dict[str, str], Viewer | None], Awaitable[Response]]
# Argon2 takes about 64 MiB and tens of milliseconds of CPU per call. Sign-ins and other
# database work of these routes run on worker threads, at most this many at once, so the
# event loop keeps serving every other socket of the worker (THREATS.md #16).
BLOCKING_WORK_LIMIT = 4
_blocking_work = anyio.CapacityLimiter(BLOCKING_WORK_LIMIT)


async def off_the_event_loop(work: Callable[[], object]) -> object:
    """Run blocking work (database, Argon2) on a bounded pool of worker threads."""
    return await anyio.to_thread.run_sync(work, limiter=_blocking_work)


class BodyTooLarge(Exception):
    """The request body passed its cap while it arrived."""


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The request body, counted as it arrives: a chunked or lying ``Content-Length``
    body is refused once ``limit`` bytes have come, never read further."""
    if int(request.headers.get("content-length") or 0) > limit:
        raise BodyTooLarge()
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise BodyTooLarge()
    return bytes(received)


def read_cookie(request: Request, name: str) -> str:
    return read_header_cookie(request.headers.get("cookie"), name)


def _language(request: Request, form: dict[str, str]) -> str:
    return normalise_language(form.get("lang") or read_cookie(request, "lantern_lang"))


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _success(request: Request, landing: str, signed_in: SignedIn | None = None,
             clear: bool = False) -> Response:
    if _wants_json(request):
        response: Response = JSONResponse({"ok": True, "redirect": landing})
    else:
        response = RedirectResponse(landing, status_code=303)
    if signed_in is not None:
        set_session_cookie(response, signed_in.token)
        if signed_in.device_token:
            set_device_cookie(response, signed_in.device_token)
    if clear:
        clear_session_cookie(response)
    return response


def _failure(request: Request, form: dict[str, str], code: str, params: dict,
             back_to: str, status: int = 400) -> Response:
    message = translate(_language(request, form), code, **params)
    if _wants_json(request):
        return JSONResponse({"ok": False, "message": message}, status_code=status)
    return RedirectResponse(f"{back_to}?{urlencode({'error': code})}", status_code=303)


def _current_viewer(request: Request) -> Viewer | None:
    return current_viewer(request)


def form_route(path: str, back_to: str, *, signed_in_only: bool = False) -> Callable:
    """Wrap a handler: origin check, size limit, form parsing, calm errors."""

    def decorate(handler: Handler) -> Route:
        async def endpoint(request: Request) -> Response:
            if not same_origin(request):
                log.warning("refused cross-origin POST to %s", path)
                return Response("Forbidden", status_code=403)
            try:
                # Starlette's form parser reads the body we already hold, not the socket.
                request._body = await read_capped_body(request, MAX_FORM_BYTES)
            except BodyTooLarge:
                return Response("Too large", status_code=413)
            raw = await request.form(max_files=0, max_fields=32)
            form = {key: str(value)[:2048] for key, value in raw.items() if isinstance(value, str)}
            viewer = (await off_the_event_loop(lambda: _current_viewer(request))
                      if signed_in_only else None)
            if signed_in_only and viewer is None:
                return _failure(request, form, "error.sign_in_needed", {}, "/sign-in", 401)
            try:
                return await handler(request, form, viewer)
            except PermissionDenied as denied:
                return _failure(request, form, denied.code, {}, back_to, 403)
            except ServiceError as error:
                log.info("refused %s: %s", path, error.code)
                return _failure(request, form, error.code, error.params, back_to)

        return Route(path, endpoint, methods=["POST"])

    return decorate


@form_route("/auth/sign-in", "/sign-in")
async def sign_in(request: Request, form: dict[str, str], _viewer) -> Response:
    def work() -> SignedIn:
        with open_session() as session:
            return accounts.sign_in(
                session=session, display_name=form.get("display_name", ""),
                passphrase=form.get("passphrase", ""), client_key=client_key(request),
                previous_token=session_token(request.headers.get("cookie")),
                device_token=device_token(request.headers.get("cookie")))

    signed_in = await off_the_event_loop(work)
    return _success(request, "/", signed_in)


@form_route("/auth/sign-up", "/sign-up")
async def sign_up(request: Request, form: dict[str, str], _viewer) -> Response:
    def work() -> SignedIn:
        with open_session() as session:
            return accounts.sign_up(
                session=session, invite_code=form.get("invite_code", ""),
                display_name=form.get("display_name", ""),
                passphrase=form.get("passphrase", ""), timezone=form.get("timezone", ""),
                language=_language(request, form), client_key=client_key(request))

    signed_in = await off_the_event_loop(work)
    return _success(request, signed_in.landing, signed_in)


@form_route("/auth/recover", "/recover")
async def recover(request: Request, form: dict[str, str], _viewer) -> Response:
    def work() -> SignedIn:
        with open_session() as session:
            return accounts.recover(
                session=session, display_name=form.get("display_name", ""),
                code=form.get("code", ""), new_passphrase=form.get("new_passphrase", ""),
                client_key=client_key(request),
                device_token=device_token(request.headers.get("cookie")))

    signed_in = await off_the_event_loop(work)
    return _success(request, "/account?notice=passphrase_changed", signed_in)


@form_route("/auth/sign-out", "/")
async def sign_out(request: Request, form: dict[str, str], _viewer) -> Response:
    def work() -> None:
        with open_session() as session:
            accounts.sign_out(session=session, token=session_token(request.headers.get("cookie")))

    await off_the_event_loop(work)
    return _success(request, "/?notice=signed_out", clear=True)


@form_route("/auth/sign-out-everywhere", "/account", signed_in_only=True)
async def sign_out_everywhere(request: Request, form: dict[str, str], viewer: Viewer) -> Response:
    def work() -> None:
        with open_session() as session:
            accounts.sign_out_everywhere(session=session, actor=viewer.actor)

    await off_the_event_loop(work)
    return _success(request, "/?notice=signed_out_everywhere", clear=True)


@form_route("/auth/change-passphrase", "/account", signed_in_only=True)
async def change_passphrase(request: Request, form: dict[str, str], viewer: Viewer) -> Response:
    def work() -> SignedIn:
        with open_session() as session:
            return accounts.change_passphrase(
                session=session, actor=viewer.actor,
                current=form.get("current_passphrase", ""), new=form.get("new_passphrase", ""))

    signed_in = await off_the_event_loop(work)
    return _success(request, "/account?notice=passphrase_changed", signed_in)


@form_route("/auth/delete-account", "/account", signed_in_only=True)
async def delete_account(request: Request, form: dict[str, str], viewer: Viewer) -> Response:
    def work() -> None:
        with open_session() as session:
            accounts.delete_my_account(
                session=session, actor=viewer.actor, passphrase=form.get("passphrase", ""),
                keep_posts_as_former_member=form.get("keep_posts") == "yes")

    await off_the_event_loop(work)
    return _success(request, "/?notice=account_deleted", clear=True)


async def quick_exit(request: Request) -> Response:
    """The quick exit's beacon: ends this browser's session unless the member chose to
    stay signed in. Answers 204 either way; the page is already gone."""
    if not same_origin(request):
        return Response(status_code=403)
    token = session_token(request.headers.get("cookie"))

    def work() -> bool:
        with open_session() as session:
            return accounts.quick_exit(session=session, token=token)

    response = Response(status_code=204)
    if token and await off_the_event_loop(work):
        clear_session_cookie(response)
    return response


async def download_my_data(request: Request) -> Response:
    viewer = await off_the_event_loop(lambda: _current_viewer(request))
    if viewer is None:
        return RedirectResponse("/sign-in", status_code=303)

    def work() -> dict:
        with open_session() as session:
            return accounts.export_my_data(session=session, actor=viewer.actor)

    data = await off_the_event_loop(work)
    body = json.dumps(data, indent=2, ensure_ascii=False)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": 'attachment; filename="my-data.json"'})


ROUTES = [
    sign_in, sign_up, recover, sign_out, sign_out_everywhere, change_passphrase, delete_account,
    Route("/auth/quick-exit", quick_exit, methods=["POST"]),
    Route("/account/my-data.json", download_my_data, methods=["GET"]),
    *RESOURCE_ROUTES,
    *CALENDAR_ROUTES,
    *VOLUNTEER_ROUTES,
    Mount("/auth/oidc", app=oidc_app()),
]
