"""A build plugin: the stylesheet travels inside each page's HTML instead of beside it.

Reflex links one global stylesheet (its reset plus ``assets/lantern.css``) from every
page. A linked stylesheet holds back the first paint until it has arrived: on a slow
phone connection that is one more round trip before a survivor sees anything, the quick
exit included. In the production build this plugin has the document import the same
stylesheet as text (Vite's ``?inline``) and write it into a ``<style>`` element, so the
page can paint as soon as its HTML is here. Development keeps Reflex's link, which
Vite's hot reload swaps when the stylesheet changes.

Styles are already allowed inline by the Content-Security-Policy (``style-src 'self'
'unsafe-inline'``), so nothing there changes.
"""

from __future__ import annotations

import re

from reflex.plugins.base import Plugin
from reflex.utils.exec import is_prod_mode

DOCUMENT = "app/_document.js"
LINKED_IMPORT = '"$/styles/__reflex_global_styles.css?url"'
INLINE_IMPORT = '"$/styles/__reflex_global_styles.css?inline"'
STYLES_NAME = "reflexGlobalStyles"
# Reflex's two links to the stylesheet in the document head: a preload and the link.
STYLESHEET_LINK = re.compile(r'jsx\("link",\{[^{}]*\bhref:' + STYLES_NAME + r'\b[^{}]*\},\)')
STYLE_ID = "reflex-global-styles"
# The prerendered HTML gets the stylesheet from the build (import.meta.env.SSR); in the
# browser the element already holds it, so the page's scripts do not carry it again.
STYLE_TEXT = (f"(import.meta.env.SSR ? {STYLES_NAME} : "
              f'(document.getElementById("{STYLE_ID}")?.textContent ?? ""))')
INLINE_STYLE = (f'jsx("style",{{id:"{STYLE_ID}",'
                f"dangerouslySetInnerHTML:{{__html:{STYLE_TEXT}}}}},)")


class UnexpectedDocument(RuntimeError):
    """Reflex wrote its document differently from what this plugin knows how to change."""


def inline_global_styles(document: str) -> str:
    """The document with its stylesheet links replaced by one inline ``<style>``."""
    links = STYLESHEET_LINK.findall(document)
    if document.count(LINKED_IMPORT) != 1 or not links:
        # A Reflex upgrade changed the document: fail the build rather than ship a page
        # without its styles.
        raise UnexpectedDocument(f"{DOCUMENT} no longer links the global stylesheet as "
                                 "this plugin expects")
    document = document.replace(LINKED_IMPORT, INLINE_IMPORT)
    document = document.replace(links[0], INLINE_STYLE, 1)
    for extra_link in links[1:]:
        # Each child in the head is followed by a comma: the link goes with its own.
        document = document.replace(extra_link + ",", "", 1)
    return document


class InlineStylesheet(Plugin):
    """In a production build, the global stylesheet is inlined into every page."""

    def pre_compile(self, **context) -> None:
        if is_prod_mode():
            context["add_modify_task"](DOCUMENT, inline_global_styles)
