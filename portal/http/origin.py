"""The one same-origin rule for every POST route (THREATS.md #13).

A POST is ours when either
1. its ``Origin`` is our public origin, or the origin of the host it was sent to; or
2. it has no usable ``Origin`` (absent, or ``null``, which browsers send for a plain
   form post or a beacon under ``Referrer-Policy: no-referrer``) and the browser's own
   ``Sec-Fetch-Site: same-origin`` says one of our pages sent it. Pages cannot set
   ``Sec-Fetch-*`` headers.

Everything else is refused: a foreign origin, ``Sec-Fetch-Site: cross-site`` or
``same-site`` (another subdomain), or no evidence at all.
"""

from __future__ import annotations

from starlette.requests import Request

from portal.settings import get_settings


def is_same_origin(origin: str | None, sec_fetch_site: str | None, *, public_origin: str,
                   request_origin: str) -> bool:
    if origin and origin != "null":
        return origin in {public_origin, request_origin}
    return sec_fetch_site == "same-origin"


def same_origin(request: Request) -> bool:
    return is_same_origin(
        request.headers.get("origin"), request.headers.get("sec-fetch-site"),
        public_origin=get_settings().public_origin,
        request_origin=f"{request.url.scheme}://{request.headers.get('host', '')}")
