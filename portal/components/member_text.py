"""How member text is shown: one component per rendering rule, the same wherever it shows.

Member text is stored as typed (``portal/domain/sanitize.py``) and escaped here:

- ``member_markdown``: posts, replies, private messages, bios, request notes, group rules.
  react-markdown with raw HTML off, plus ``assets/member_markdown.js``: HTML, character
  references and images are not syntax (``<after work>``, ``&lt;`` and ``![a](b)`` read
  as typed), a link to anything but http(s), mailto, tel or sms is shown as typed, tel:
  and sms: hrefs are kept so a hotline number dials, and only Markdown's own small set
  of elements can appear.
- ``member_plain``: plain-text fields (content warnings, session places, report notes):
  a text node, newlines kept.

Nothing member-written may reach ``rx.html`` or a markdown component with raw HTML on.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import Var, VarData
from reflex_components_core.el.elements.inline import A as PlainAnchor

from portal.domain.sanitize import SAFE_LINK_REL

# assets/ is copied to .web/public at build time; "$/" is the .web folder.
MEMBER_MARKDOWN_MODULE = "$/public/member_markdown.js"
# The only elements member Markdown may produce; anything else is unwrapped to its text.
ALLOWED_ELEMENTS = ("p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
                    "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6")


def _module_export(name: str) -> Var:
    return Var(_js_expr=name, _var_data=VarData(
        imports={MEMBER_MARKDOWN_MODULE: [ImportVar(tag=name, is_default=False)]}))


_REMARK_MEMBER_TEXT = _module_export("remarkMemberText")
_URL_TRANSFORM = _module_export("memberUrlTransform")
# Web links open in a new tab; tel:, sms: and mailto: stay put so the phone's app opens.
_LINK_TARGET = Var(_js_expr="(/^https?:/i.test(props.href ?? '') ? '_blank' : undefined)")


def _link(text, **_props) -> rx.Component:
    # A plain <a> (rx.el.a is a router link, which would drop the href react-markdown
    # passes): every member link is nofollow and sends no referrer.
    return PlainAnchor.create(text, rel=SAFE_LINK_REL, target=_LINK_TARGET,
                              referrer_policy="no-referrer")


def _bold_line(text, **_props) -> rx.Component:
    return rx.el.p(rx.el.strong(text))


# Plain HTML elements for every Markdown tag (no Radix, no syntax highlighter).
_MARKDOWN_TAGS = {
    **{heading: _bold_line for heading in ("h1", "h2", "h3", "h4", "h5", "h6")},
    "p": lambda text, **_: rx.el.p(text),
    "ul": lambda text, **_: rx.el.ul(text),
    "ol": lambda text, **_: rx.el.ol(text),
    "li": lambda text, **_: rx.el.li(text),
    "a": _link,
    "code": lambda text, **_: rx.el.code(text),
    "pre": lambda text, **_: rx.el.pre(rx.el.code(text)),
}


def member_markdown(text: rx.Var | str, **props) -> rx.Component:
    """A member's Markdown (posts, messages, bios, notes), shown as they typed it."""
    class_name = " ".join(["post-body", "member-markdown", props.pop("class_name", "")]).strip()
    return rx.el.div(
        rx.markdown.root(
            text,
            component_map=_MARKDOWN_TAGS,
            remark_plugins=[_REMARK_MEMBER_TEXT],
            rehype_plugins=[],
            custom_attrs={
                "urlTransform": _URL_TRANSFORM,
                "allowedElements": list(ALLOWED_ELEMENTS),
                "unwrapDisallowed": True,
                "skipHtml": False,
            },
        ),
        class_name=class_name,
        **props,
    )


def member_plain(text: rx.Var | str, **props) -> rx.Component:
    """A member's plain text (content warning, place, report note) as a text node."""
    class_name = " ".join(["member-plain", props.pop("class_name", "")]).strip()
    return rx.el.span(text, class_name=class_name, **props)
