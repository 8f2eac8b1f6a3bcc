"""HTTP routes of the resources directory: HSDS export (download) and import (upload).

Why not Reflex's ``rx.upload``: it posts to ``/_upload``, whose files Reflex also
serves to anyone, so Lantern refuses that whole path (THREATS.md). Instead the import
page posts a plain multipart form here. The request is size-capped while it streams,
its files are held in memory only (never written to disk, never served back), and
the bytes go straight to the import service. Both routes authorize through the
session cookie on the server, like ``/account/my-data.json``; the upload also must
come from our own origin (THREATS #13), and the SameSite=Strict session cookie is not
sent with a post from another site anyway.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from urllib.parse import urlencode

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from portal.db import open_session
from portal.http.origin import same_origin
from portal.http.viewer import current_viewer
from portal.services import resources
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError

log = logging.getLogger("lantern.resources")
MAX_IMPORT_BYTES = 25 * 1024 * 1024
MANAGE_PAGE = "/resources/manage"


class _TooLarge(Exception):
    pass


class _InMemoryParser(MultiPartParser):
    """Starlette's parser, but uploaded files stay in memory (the request is capped)."""

    spool_max_size = MAX_IMPORT_BYTES + 1


def _viewer(request: Request) -> Viewer | None:
    return current_viewer(request)


async def _capped(request: Request) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_IMPORT_BYTES:
            raise _TooLarge()
        yield chunk


def _back(**params: object) -> RedirectResponse:
    return RedirectResponse(f"{MANAGE_PAGE}?{urlencode(params)}", status_code=303)


async def import_directory(request: Request) -> Response:
    if not same_origin(request):
        log.warning("refused cross-origin directory import")
        return Response("Forbidden", status_code=403)
    viewer = _viewer(request)
    if viewer is None:
        return RedirectResponse("/sign-in", status_code=303)
    try:
        resources.may_import_directory(actor=viewer.actor)
    except PermissionDenied as denied:
        return _back(error=denied.code)
    if int(request.headers.get("content-length") or 0) > MAX_IMPORT_BYTES:
        return _back(error="resources.hsds.too_large")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return _back(error="resources.import_files_needed")
    try:
        form = await _InMemoryParser(request.headers, _capped(request), max_files=10,
                                     max_fields=10).parse()
        uploads = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                uploads.append((item.filename[:200], await item.read()))
                await item.close()
    except _TooLarge:
        return _back(error="resources.hsds.too_large")
    except MultiPartException:
        return _back(error="resources.import_files_needed")
    try:
        with open_session() as session:
            report = resources.import_directory(session=session, actor=viewer.actor,
                                                     uploads=uploads)
    except PermissionDenied as denied:
        return _back(error=denied.code)
    except ServiceError as error:
        return _back(error=error.code)
    return _back(**{"import": report.id})


async def export_directory(request: Request) -> Response:
    viewer = _viewer(request)
    if viewer is None:
        return RedirectResponse("/sign-in", status_code=303)
    try:
        with open_session() as session:
            data = resources.export_directory(session=session, actor=viewer.actor)
    except PermissionDenied:
        return Response("Forbidden", status_code=403)
    return Response(data, media_type="application/zip", headers={
        "Content-Disposition": 'attachment; filename="directory-hsds.zip"'})


RESOURCE_ROUTES = [
    Route("/resources/export.zip", export_directory, methods=["GET"]),
    Route("/resources/import", import_directory, methods=["POST"]),
]
