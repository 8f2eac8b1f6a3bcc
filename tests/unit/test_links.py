"""Every link to a server route is one the browser follows itself (issue 13, item 1).

In Reflex 0.10 ``rx.el.a`` is React Router's Link, so "Download my data", the
volunteering record, "Add to my phone's calendar" and the organisation sign-in were
taken by the client router as pages of its own and showed a bare "404: Page not
found". Here every page is built and each link in it is checked by where it leads:
a file the server sends is a plain ``<a download>`` (``links.file_link``), any other
server route a plain ``<a>`` (``links.server_link``), never the router's Link. The
server routes are read from what the server mounts (``portal/http/mount.py``), so a
new download is checked the day it is added. The browser side is
tests/e2e/test_day_downloads.py.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
import reflex as rx
from reflex_components_core.el.elements.inline import A
from reflex_components_core.react_router.dom import ReactRouterLink
from starlette.routing import Mount

from portal import routes

PORTAL = Path(__file__).resolve().parents[2] / "portal"
LINKS_MODULE = PORTAL / "components" / "links.py"


def _walk(component) -> Iterator:
    yield component
    for child in getattr(component, "children", None) or ():
        yield from _walk(child)
    for branch in ("comp1", "comp2"):  # rx.cond's two sides
        side = getattr(component, branch, None)
        if side is not None:
            yield from _walk(side)


def _pages() -> Iterator[tuple[str, object]]:
    from portal.portal import app

    for route, page in app._unevaluated_pages.items():
        yield route, page.component() if callable(page.component) else page.component


def server_paths() -> dict[str, bool]:
    """Every GET path the server answers itself, and whether it is a file (a name with a
    suffix: my-data.json, session.ics...). POST routes are forms, not links."""
    from portal.http.mount import ROUTES

    found = {}
    for route in ROUTES:
        children = ([(route.path + sub.path, sub) for sub in route.routes]
                    if isinstance(route, Mount) else [(route.path, route)])
        for path, leaf in children:
            if "GET" in (leaf.methods or ()):
                found[path] = PurePosixPath(path).suffix != ""
    return found


def _target(node) -> str:
    value = getattr(node, "to", None)
    if value is None:
        value = getattr(node, "href", None)
    return "" if value is None else str(value)


def _leads_to(target: str, path: str) -> bool:
    return re.search(re.escape(path) + r"(?![A-Za-z0-9_.\-/])", target) is not None


def links_to_server_routes() -> list[tuple[str, str, bool, object]]:
    """(page, server path, is a file, link node) for every link that names one."""
    paths = server_paths()
    found = []
    for page, component in _pages():
        for node in _walk(component):
            if not isinstance(node, A):
                continue
            target = _target(node)
            found.extend((page, path, is_file, node)
                         for path, is_file in paths.items() if _leads_to(target, path))
    return found


LINKS = links_to_server_routes()


def _id(value) -> str:
    return value if isinstance(value, str) else ""


def test_the_check_sees_every_link_the_issue_names():
    seen = {path for _, path, _, _ in LINKS}
    assert {routes.MY_DATA_DOWNLOAD, routes.VOLUNTEER_HISTORY_PDF, routes.VOLUNTEER_HISTORY_CSV,
            routes.SESSION_ICS, routes.RESOURCES_EXPORT, routes.AUTH_OIDC_START} <= seen
    assert server_paths()[routes.SESSION_ICS] is True
    assert server_paths()[routes.AUTH_OIDC_START] is False


@pytest.mark.parametrize("page, path, is_file, node", LINKS, ids=_id)
def test_a_link_to_a_server_route_is_never_the_client_routers(page, path, is_file, node):
    assert not isinstance(node, ReactRouterLink), (
        f"{page}: the link to {path} is React Router's Link (rx.el.a?); the router would "
        "show its 404 page. Use components.links.file_link / server_link.")
    assert type(node) is A


@pytest.mark.parametrize("page, path, is_file, node",
                         [link for link in LINKS if link[2]], ids=_id)
def test_a_link_to_a_file_is_a_download(page, path, is_file, node):
    assert getattr(node, "download", None) is not None, (
        f"{page}: the link to {path} needs the download attribute (links.file_link)")


def _anchor_calls(path: Path) -> Iterator[int]:
    """Lines that build a link without the links module: ``rx.el.a`` (React Router's
    Link in disguise) and ``rx.link`` (Radix around the same Link)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute):
            continue
        spelled = ast.unparse(node)
        if spelled in ("rx.el.a", "rx.link"):
            yield node.lineno


def test_only_the_links_module_builds_links():
    found = [f"{path.relative_to(PORTAL.parent)}:{line}"
             for path in sorted(PORTAL.rglob("*.py")) if path != LINKS_MODULE
             for line in _anchor_calls(path)]
    assert found == [], "build links with portal/components/links.py:\n" + "\n".join(found)


def test_the_not_found_page_has_the_shell_with_quick_exit_and_a_way_home():
    pages = dict(_pages())
    nodes = list(_walk(pages[rx.constants.Page404.SLUG]))
    by_id = {str(node.id): node for node in nodes if getattr(node, "id", None) is not None}
    assert "quick-exit" in by_id
    assert {"header", "nav", "main", "footer"} <= {getattr(node, "tag", None) for node in nodes}
    assert _target(by_id["not-found-home"]) == f'"{routes.HOME}"'
