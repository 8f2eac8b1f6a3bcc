"""Every list item that carries its own form fields is keyed by its own id.

``rx.foreach`` keys each rendered item by its position unless the item sets a key.
React then reuses the DOM of position N for whatever item is at position N next, and an
uncontrolled field (``default_value``, ``default_checked``) keeps the value it was first
mounted with. On the review queue this put page 1's texts in page 2's "Edit, then
approve" boxes, so a moderator could publish one member's words under another's name.
An item keyed by its id is mounted afresh for each item, with its own defaults.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from reflex_components_core.core.foreach import Foreach

UNCONTROLLED = ("default_value", "default_checked")


def _walk(component) -> Iterator:
    yield component
    for child in getattr(component, "children", None) or ():
        yield from _walk(child)
    for branch in ("comp1", "comp2"):  # rx.cond's two sides
        side = getattr(component, branch, None)
        if side is not None:
            yield from _walk(side)


def _has_uncontrolled_field(component) -> bool:
    return any(getattr(node, name, None) is not None
               for node in _walk(component) for name in UNCONTROLLED)


def _pages():
    from portal.portal import app

    for route, page in app._unevaluated_pages.items():
        component = page.component() if callable(page.component) else page.component
        yield route, component


def _lists_with_fields():
    found = []
    for route, component in _pages():
        for node in _walk(component):
            if isinstance(node, Foreach) and _has_uncontrolled_field(node.children[0]):
                found.append((route, node))
    return found


def test_the_review_queue_is_among_the_lists_checked():
    # The check below must see the page whose bug it guards against.
    assert "moderation" in {route for route, _ in _lists_with_fields()}


@pytest.mark.parametrize("route, node", _lists_with_fields(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_list_items_with_form_fields_are_keyed_by_their_own_id(route, node):
    item = node.children[0]
    arg_name = node._render().arg_var_name
    key = str(item.key)
    assert arg_name in key and not key.startswith("index_"), (
        f"{route}: a list item with form fields needs key=item['id'] on its outer element")
