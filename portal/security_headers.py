"""Security headers on every response the single app port serves (pages, assets, API, socket).

The Content-Security-Policy goes on every response a browser may open as a document (pages,
API answers, SVG, anything unknown); scripts, stylesheets, fonts and raster images, which
only ever run or show inside a page under that page's policy, are sent without it.

Content-Security-Policy: ``script-src 'self'`` plus the SHA-256 hash of each inline
script the production build wrote into its HTML. Reflex's prerendered pages carry
inline scripts it cannot work without (colour-mode set-up, scroll restoration, the
router context and a per-route module bootstrap, React's streaming helpers); their
content changes with every build, so the hashes are computed from the built files
when the first response is sent, never hard-coded. Styles need 'unsafe-inline'
(emotion and Radix inject style elements at run time).

X-Robots-Tag: ``noindex, nofollow`` on every response (pages, API, files), except the
own page of one published public story whose author opted in to search engines
(issue 18). That is decided per request by a small database read off the event loop;
any doubt or error means noindex.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from portal import routes
from portal.http.blocking import in_session
from portal.services import stories
from portal.settings import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]

BUILD_DIR = Path(".web/build/client")
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
IMMUTABLE_PREFIX = "/assets/"
# Reflex serves anything under /_upload to anyone (THREATS.md); Lantern never uses it.
REFUSED_PREFIXES = ("/_upload",)

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


def inline_script_hashes(build_dir: Path = BUILD_DIR) -> list[str]:
    hashes: set[str] = set()
    for html in build_dir.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(html.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


NOINDEX = b"noindex, nofollow"
INDEXABLE = b"all"


def _story_page_id(scope: Scope) -> str | None:
    """The story id when this request is for a story's own Voices page, else None."""
    path = scope.get("path", "").rstrip("/")
    path = path.removesuffix(".html").removesuffix("/index")
    if path != routes.VOICES_STORY:
        return None
    query = scope.get("query_string", b"")
    try:
        ids = parse_qs(query.decode("ascii"), strict_parsing=False).get("id", [])
    except (UnicodeDecodeError, ValueError):
        return None
    return ids[0] if len(ids) == 1 and len(ids[0]) <= 12 else None


async def robots_tag(scope: Scope) -> bytes:
    """What search engines are told about this response: noindex unless it is the own
    page of a story whose author, right now, wants it found."""
    story_id = _story_page_id(scope)
    if story_id is None:
        return NOINDEX
    try:
        indexable = await in_session(stories.story_is_indexable, story_id=story_id)
    except Exception:  # noqa: BLE001 - any doubt keeps her story out of search engines
        return NOINDEX
    return INDEXABLE if indexable is True else NOINDEX


# Two years, the preload list's minimum; sent only when the site is served over https.
HSTS = b"max-age=63072000; includeSubDomains"

# Responses a browser only ever runs or draws inside a page (never opens as a document of
# its own) gain nothing from a Content-Security-Policy: the page's own policy governs them.
# Leaving it off them saves about 4 kB of header per script, stylesheet and font on a slow
# phone connection (issue 14). Documents keep it: HTML, and SVG, which can run scripts.
SUBRESOURCE_TYPES = (b"text/javascript", b"application/javascript", b"text/css", b"font/",
                     b"image/png", b"image/jpeg", b"image/webp", b"image/gif",
                     b"image/x-icon", b"image/vnd.microsoft.icon")


def is_subresource(content_type: bytes) -> bool:
    """Whether a response of this content type is only ever used inside a page."""
    kind = content_type.partition(b";")[0].strip().lower()
    return any(kind == known or (known.endswith(b"/") and kind.startswith(known))
               for known in SUBRESOURCE_TYPES)


def security_headers(path: str, policy: str, *, https: bool = False,
                     robots: bytes = NOINDEX) -> list[tuple[bytes, bytes]]:
    cache = ("public, max-age=31536000, immutable" if path.startswith(IMMUTABLE_PREFIX)
             else "no-store")
    transport = [(b"strict-transport-security", HSTS)] if https else []
    return [
        *transport,
        (b"content-security-policy", policy.encode()),
        (b"cache-control", cache.encode()),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"x-robots-tag", robots),
    ]


class SecurityHeaders:
    """ASGI middleware: replaces any caching or framing headers with ours."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._policy: str | None = None

    def policy(self) -> str:
        if self._policy is None:
            self._policy = content_security_policy(inline_script_hashes())
        return self._policy

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours = security_headers(scope.get("path", ""), self.policy(),
                                https=get_settings().uses_https,
                                robots=await robots_tag(scope))
        if scope.get("path", "").startswith(REFUSED_PREFIXES):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain"), *ours]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return
        names = {name for name, _ in ours}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                content_type = next((v for n, v in kept if n.lower() == b"content-type"), b"")
                added = ([(n, v) for n, v in ours if n != b"content-security-policy"]
                         if is_subresource(content_type) else ours)
                message["headers"] = kept + added
            await send(message)

        await self.app(scope, receive, send_with_headers)
