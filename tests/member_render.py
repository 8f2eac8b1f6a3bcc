"""The app's rendering rules for member text, modelled in Python for tests.

``portal/components/member_text.py`` renders member Markdown with react-markdown and
``assets/member_markdown.js`` in the browser. This model applies the same rules with
markdown-it, so domain and service tests can say what a reader is shown:

- CommonMark with raw HTML off: ``<after work>`` is text, never a tag;
- character references are not syntax: ``&lt;`` reads ``&lt;``;
- images are not syntax: ``![a](b)`` is ``!`` and a link (no request is ever made);
- a link is made only for targets that pass ``is_safe_link_target`` (http, https,
  mailto, tel, sms); any other link, reference or definition reads as typed.

Plain-text fields are text nodes: ``html.escape`` is what React does to them.
The browser tests in ``tests/e2e/test_member_text.py`` check the real renderer.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from portal.domain.sanitize import is_safe_link_target

MARKDOWN_ELEMENTS = frozenset({
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br",
    "h1", "h2", "h3", "h4", "h5", "h6",
})


def _app_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.disable(["entity", "image"])
    md.validateLink = is_safe_link_target
    return md


_MD = _app_markdown()


def render_member_markdown(text: str) -> str:
    """The HTML a reader's browser builds for a Markdown field."""
    return _MD.render(text)


def render_member_plain(text: str) -> str:
    """The HTML a reader's browser builds for a plain-text field (a text node)."""
    return html.escape(text)


class ParsedHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other_markup = 0
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_comment(self, data):
        self.other_markup += 1

    def handle_decl(self, decl):
        self.other_markup += 1

    def handle_pi(self, data):
        self.other_markup += 1

    def unknown_decl(self, data):
        self.other_markup += 1

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def links(self) -> list[str]:
        return [dict(attrs).get("href") or "" for tag, attrs in self.elements if tag == "a"]


def parse_html(markup: str) -> ParsedHtml:
    parsed = ParsedHtml()
    parsed.feed(markup)
    parsed.close()
    return parsed


def shown_markdown(text: str) -> ParsedHtml:
    """What a reader gets from a Markdown field: its elements, links and visible text."""
    return parse_html(render_member_markdown(text))


def shown_plain(text: str) -> str:
    """The visible text of a plain-text field."""
    return parse_html(render_member_plain(text)).text
