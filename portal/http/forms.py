"""The one decorator for every POST form route: origin, size cap, parsing, calm errors.

A form route is a handler ``(request, form, viewer) -> Response`` behind
``@form_route(path, back_to)``. Before the handler runs, the decorator
1. refuses a post from anywhere but our own pages (``portal/http/origin.py``, 403);
2. reads the body under a cap while it arrives (a chunked or lying ``Content-Length``
   body is refused once the cap is passed, never read further) and parses the form;
3. with ``signed_in_only``, resolves the viewer from the session cookie
   (``portal/http/viewer.py``) and refuses a signed-out post;
and afterwards turns a refusal (``PermissionDenied``, ``ServiceError``) into the
message the page shows: JSON for the page's script, a redirect to ``back_to?error=``
for a browser without scripts.

``upload=Upload(...)`` makes the same decorator take a multipart form with files (the
directory import): the viewer and their right to upload are checked before a byte of
the body is read, the files are held in memory only (never written to disk, never
served back), and they reach the handler as ``form.files``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from portal import routes
from portal.auth.cookies import LANGUAGE_COOKIE, read_cookie
from portal.http.blocking import off_the_event_loop
from portal.http.origin import same_origin
from portal.http.viewer import current_viewer
from portal.i18n import normalise_language, translate
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError

log = logging.getLogger("lantern.http")
MAX_FORM_BYTES = 16_384


class Form(dict[str, str]):
    """A posted form's text fields; ``files`` holds ``(name, bytes)`` of an upload."""

    files: tuple[tuple[str, bytes], ...] = ()


Handler = Callable[[Request, Form, Viewer | None], Awaitable[Response]]


@dataclass(frozen=True)
class Upload:
    """How a multipart upload form is read (see module)."""

    max_bytes: int
    may_upload: Callable[[Viewer], object]  # raises PermissionDenied; runs before reading
    too_large: str                          # the refusal code for a body over max_bytes
    unreadable: str                         # the refusal code for a body that is no form
    field: str = "files"
    max_files: int = 10
    max_fields: int = 10


class BodyTooLarge(Exception):
    """The request body passed its cap while it arrived."""


async def capped_stream(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The request body as it arrives, refused (``BodyTooLarge``) past ``limit`` bytes."""
    if int(request.headers.get("content-length") or 0) > limit:
        raise BodyTooLarge()
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge()
        yield chunk


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The whole request body, counted as it arrives (see ``capped_stream``)."""
    return b"".join([chunk async for chunk in capped_stream(request, limit)])


class _InMemoryParser(MultiPartParser):
    """Starlette's parser, but uploaded files stay in memory (the request is capped)."""

    def __init__(self, upload: Upload, request: Request) -> None:
        super().__init__(request.headers, capped_stream(request, upload.max_bytes),
                         max_files=upload.max_files, max_fields=upload.max_fields)
        self.spool_max_size = upload.max_bytes + 1


async def _read_upload(request: Request, upload: Upload) -> Form:
    if int(request.headers.get("content-length") or 0) > upload.max_bytes:
        raise ServiceError(upload.too_large)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ServiceError(upload.unreadable)
    try:
        raw = await _InMemoryParser(upload, request).parse()
        files = []
        for item in raw.getlist(upload.field):
            if isinstance(item, UploadFile) and item.filename:
                files.append((item.filename[:200], await item.read()))
                await item.close()
    except BodyTooLarge:
        raise ServiceError(upload.too_large) from None
    except MultiPartException:
        raise ServiceError(upload.unreadable) from None
    form = Form({key: value[:2048] for key, value in raw.items() if isinstance(value, str)})
    form.files = tuple(files)
    return form


async def _read_form(request: Request) -> Form:
    # Starlette's form parser reads the body we already hold, not the socket.
    request._body = await read_capped_body(request, MAX_FORM_BYTES)
    raw = await request.form(max_files=0, max_fields=32)
    return Form({key: str(value)[:2048] for key, value in raw.items()
                 if isinstance(value, str)})


def language(request: Request, form: dict[str, str]) -> str:
    """The language to answer in: the form's own choice, else the language cookie."""
    return normalise_language(
        form.get("lang") or read_cookie(request.headers.get("cookie"), LANGUAGE_COOKIE))


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def failure(request: Request, form: dict[str, str], code: str, params: dict,
            back_to: str, status: int = 400,
            fields: dict[str, str] | None = None) -> Response:
    """A refusal: JSON for the page's script (with ``fields``: each field's message, shown
    beside it), else back to ``back_to?error=code``."""
    lang = language(request, form)
    message = translate(lang, code, **params)
    if wants_json(request):
        answer: dict[str, object] = {"ok": False, "message": message}
        if fields:
            answer["fields"] = {name: translate(lang, key) for name, key in fields.items()}
        return JSONResponse(answer, status_code=status)
    return RedirectResponse(f"{back_to}?{urlencode({'error': code})}", status_code=303)


def form_route(path: str, back_to: str, *, signed_in_only: bool = False,
               upload: Upload | None = None) -> Callable[[Handler], Route]:
    """Wrap a handler into a POST route (see module)."""
    if upload is not None and not signed_in_only:
        raise ValueError("an upload form is for signed-in members only")

    def decorate(handler: Handler) -> Route:
        async def endpoint(request: Request) -> Response:
            if not same_origin(request):
                log.warning("refused cross-origin POST to %s", path)
                return Response("Forbidden", status_code=403)
            form = Form()
            if upload is None:
                try:
                    form = await _read_form(request)
                except BodyTooLarge:
                    return Response("Too large", status_code=413)
            viewer = (await off_the_event_loop(lambda: current_viewer(request))
                      if signed_in_only else None)
            if signed_in_only and viewer is None:
                if upload is not None:
                    # As the file downloads do: straight to the sign-in page.
                    return RedirectResponse(routes.SIGN_IN, status_code=303)
                return failure(request, form, "error.sign_in_needed", {}, routes.SIGN_IN, 401)
            try:
                if upload is not None:
                    upload.may_upload(viewer)
                    form = await _read_upload(request, upload)
                return await handler(request, form, viewer)
            except PermissionDenied as denied:
                return failure(request, form, denied.code, {}, back_to, 403)
            except ServiceError as error:
                log.info("refused %s: %s", path, error.code)
                return failure(request, form, error.code, error.params, back_to,
                               fields=getattr(error, "fields", None))

        return Route(path, endpoint, methods=["POST"])

    return decorate
