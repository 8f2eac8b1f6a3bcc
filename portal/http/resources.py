"""HTTP routes of the resources directory: HSDS export (download) and import (upload).

Why not Reflex's ``rx.upload``: it posts to ``/_upload``, whose files Reflex also
serves to anyone, so Lantern refuses that whole path (THREATS.md). Instead the import
page posts a plain multipart form here, through the one form-route decorator with its
upload option (``portal/http/forms.py``): the post must come from our own origin
(THREATS #13, and the SameSite=Strict session cookie is not sent with a post from
another site anyway), the viewer and their right to import are checked before the body
is read, the request is size-capped while it streams, its files are held in memory
only (never written to disk, never served back), and the bytes go straight to the
import service. The export is a download (``portal/http/files.py``).
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from portal import routes
from portal.http.blocking import in_session
from portal.http.files import download
from portal.http.forms import Form, Upload, form_route
from portal.services import resources
from portal.services.accounts import Viewer

MAX_IMPORT_BYTES = 25 * 1024 * 1024


@form_route(routes.RESOURCES_IMPORT, routes.RESOURCES_MANAGE, signed_in_only=True,
            upload=Upload(
                max_bytes=MAX_IMPORT_BYTES,
                may_upload=lambda viewer: resources.may_import_directory(actor=viewer.actor),
                too_large="resources.hsds.too_large",
                unreadable="resources.import_files_needed"))
async def import_directory(request: Request, form: Form, viewer: Viewer) -> Response:
    report = await in_session(resources.import_directory, actor=viewer.actor,
                              uploads=list(form.files))
    return RedirectResponse(routes.with_query(routes.RESOURCES_MANAGE, **{"import": report.id}),
                            status_code=303)


@download(routes.RESOURCES_EXPORT, media_type="application/zip",
          filename="directory-hsds.zip")
def export_directory(session: Session, viewer: Viewer, _request: Request) -> bytes | str:
    return resources.export_directory(session=session, actor=viewer.actor)


RESOURCE_ROUTES = [export_directory, import_directory]
