"""The one same-origin rule for every POST route (THREATS.md #13).

Our origins are two: the public origin (``LANTERN_PUBLIC_URL``) and the origin the
request was sent to (its scheme with the ``Host`` header, port included). An origin is
compared whole, as browsers serialise it: same scheme, same host, same port.

A POST is accepted in exactly these three cases:

1. ``Origin`` names one of our origins. A named origin decides alone: a foreign one is
   refused whatever else the request carries. (An empty ``Origin`` counts as absent.)
2. ``Origin`` is absent or ``null`` and ``Sec-Fetch-Site: same-origin``. Under our
   ``Referrer-Policy: no-referrer`` browsers send ``Origin: null`` with a plain form
   post, a fetch post and a beacon; ``Sec-Fetch-Site`` is written by the browser itself
   and no page can set it.
3. ``Origin`` is absent, there is no ``Sec-Fetch-Site`` at all (a browser from before
   Fetch Metadata), and ``Referer`` is a page of one of our origins.

Everything else is refused, in particular:
- a foreign ``Origin``;
- ``Origin: null`` without ``Sec-Fetch-Site: same-origin``: sandboxed frames, ``data:``
  pages and cross-site redirect chains send ``null`` too, so ``null`` is never evidence,
  and a ``Referer`` does not make it so;
- ``Sec-Fetch-Site`` ``cross-site``, ``same-site`` (another subdomain) or ``none`` (typed
  or bookmarked), whatever the ``Referer`` says;
- a foreign, relative or unreadable ``Referer``, or one carrying a user name;
- no evidence at all.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

from portal.settings import get_settings


def _origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute URL, or "" when it has none."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if not parts.scheme or not parts.netloc or "@" in parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def is_same_origin(origin: str | None, sec_fetch_site: str | None, *, public_origin: str,
                   request_origin: str, referer: str | None = None) -> bool:
    """The rule of this module, on the three headers and our two origins."""
    ours = {found for found in (public_origin, request_origin) if found}
    if origin and origin != "null":
        return origin in ours                                   # case 1
    if sec_fetch_site:
        return sec_fetch_site == "same-origin"                  # case 2
    if not origin and referer:                                  # case 3 (absent, not null)
        return _origin_of(referer) in ours
    return False


def same_origin(request: Request) -> bool:
    """Whether ``request`` comes from one of our own pages (see module)."""
    return is_same_origin(
        request.headers.get("origin"), request.headers.get("sec-fetch-site"),
        public_origin=get_settings().public_origin,
        request_origin=f"{request.url.scheme}://{request.headers.get('host', '')}",
        referer=request.headers.get("referer"))
