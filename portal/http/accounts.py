"""HTTP routes for everything that sets or clears the session cookie.

Reflex events travel over a websocket and cannot set HttpOnly cookies, so sign-in,
sign-up, recovery, passphrase changes, sign-out and account deletion are small POST
routes (``portal/http/forms.py``). The page's script posts the form with fetch and gets
JSON back (errors shown in place, nothing typed is lost); without scripts the browser
posts natively and is redirected. Beside them: the quick exit's beacon and the "my
data" download.
"""

from __future__ import annotations

import json

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.auth.cookies import (
    clear_session_cookie,
    device_token,
    session_token,
    set_device_cookie,
    set_session_cookie,
)
from portal.http.blocking import in_session
from portal.http.client import client_key
from portal.http.files import download
from portal.http.forms import Form, form_route, language, wants_json
from portal.http.origin import same_origin
from portal.services import accounts
from portal.services.accounts import SignedIn, Viewer


def _success(request: Request, landing: str, signed_in: SignedIn | None = None,
             clear: bool = False) -> Response:
    if wants_json(request):
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


@form_route(routes.AUTH_SIGN_IN, routes.SIGN_IN)
async def sign_in(request: Request, form: Form, _viewer) -> Response:
    cookie = request.headers.get("cookie")
    signed_in = await in_session(
        accounts.sign_in, display_name=form.get("display_name", ""),
        passphrase=form.get("passphrase", ""), client_key=client_key(request),
        previous_token=session_token(cookie), device_token=device_token(cookie))
    return _success(request, routes.HOME, signed_in)


@form_route(routes.AUTH_SIGN_UP, routes.SIGN_UP)
async def sign_up(request: Request, form: Form, _viewer) -> Response:
    signed_in = await in_session(
        accounts.sign_up, invite_code=form.get("invite_code", ""),
        display_name=form.get("display_name", ""), passphrase=form.get("passphrase", ""),
        timezone=form.get("timezone", ""), language=language(request, form),
        client_key=client_key(request))
    return _success(request, signed_in.landing, signed_in)


@form_route(routes.AUTH_RECOVER, routes.RECOVER)
async def recover(request: Request, form: Form, _viewer) -> Response:
    signed_in = await in_session(
        accounts.recover, display_name=form.get("display_name", ""),
        code=form.get("code", ""), new_passphrase=form.get("new_passphrase", ""),
        client_key=client_key(request), device_token=device_token(request.headers.get("cookie")))
    return _success(request, routes.with_query(routes.ACCOUNT, notice="passphrase_changed"),
                    signed_in)


@form_route(routes.AUTH_SIGN_OUT, routes.HOME)
async def sign_out(request: Request, form: Form, _viewer) -> Response:
    await in_session(accounts.sign_out, token=session_token(request.headers.get("cookie")))
    return _success(request, routes.with_query(routes.HOME, notice="signed_out"), clear=True)


@form_route(routes.AUTH_SIGN_OUT_EVERYWHERE, routes.ACCOUNT, signed_in_only=True)
async def sign_out_everywhere(request: Request, form: Form, viewer: Viewer) -> Response:
    await in_session(accounts.sign_out_everywhere, actor=viewer.actor)
    return _success(request, routes.with_query(routes.HOME, notice="signed_out_everywhere"),
                    clear=True)


@form_route(routes.AUTH_CHANGE_PASSPHRASE, routes.ACCOUNT, signed_in_only=True)
async def change_passphrase(request: Request, form: Form, viewer: Viewer) -> Response:
    signed_in = await in_session(
        accounts.change_passphrase, actor=viewer.actor,
        current=form.get("current_passphrase", ""), new=form.get("new_passphrase", ""))
    return _success(request, routes.with_query(routes.ACCOUNT, notice="passphrase_changed"),
                    signed_in)


@form_route(routes.AUTH_DELETE_ACCOUNT, routes.ACCOUNT, signed_in_only=True)
async def delete_account(request: Request, form: Form, viewer: Viewer) -> Response:
    await in_session(accounts.delete_my_account, actor=viewer.actor,
                     passphrase=form.get("passphrase", ""),
                     keep_posts_as_former_member=form.get("keep_posts") == "yes")
    return _success(request, routes.with_query(routes.HOME, notice="account_deleted"),
                    clear=True)


async def quick_exit(request: Request) -> Response:
    """The quick exit's beacon: ends this browser's session unless the member chose to
    stay signed in. Answers 204 either way; the page is already gone. Not a form route:
    a beacon carries no form and expects no answer, so only the origin rule applies."""
    if not same_origin(request):
        return Response(status_code=403)
    token = session_token(request.headers.get("cookie"))
    response = Response(status_code=204)
    if token and await in_session(accounts.quick_exit, token=token):
        clear_session_cookie(response)
    return response


@download(routes.MY_DATA_DOWNLOAD, media_type="application/json", filename="my-data.json")
def download_my_data(session: Session, viewer: Viewer, _request: Request) -> bytes | str:
    data = accounts.export_my_data(session=session, actor=viewer.actor)
    return json.dumps(data, indent=2, ensure_ascii=False)


ACCOUNT_ROUTES = [
    sign_in, sign_up, recover, sign_out, sign_out_everywhere, change_passphrase, delete_account,
    Route(routes.AUTH_QUICK_EXIT, quick_exit, methods=["POST"]),
    download_my_data,
]
