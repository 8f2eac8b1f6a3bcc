"""The production pages carry their stylesheet inline (portal/inline_stylesheet.py)."""

from __future__ import annotations

import pytest
from reflex.compiler.compiler import compile_document_root

from portal.inline_stylesheet import (
    INLINE_IMPORT,
    INLINE_STYLE,
    LINKED_IMPORT,
    UnexpectedDocument,
    inline_global_styles,
)


@pytest.fixture(autouse=True)
def production_build(monkeypatch):
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")  # the build adds a preload link too


def reflex_document() -> str:
    """The document head Reflex itself writes for a production build."""
    _path, code = compile_document_root([], html_lang="en",
                                        html_custom_attrs={"suppressHydrationWarning": True})
    return code


def test_the_stylesheet_link_becomes_one_inline_style_element():
    document = reflex_document()
    assert LINKED_IMPORT in document
    assert 'rel:"stylesheet"' in document and 'rel:"preload"' in document
    inlined = inline_global_styles(document)
    assert LINKED_IMPORT not in inlined and inlined.count(INLINE_IMPORT) == 1
    assert 'rel:"stylesheet"' not in inlined and 'rel:"preload"' not in inlined
    assert inlined.count(INLINE_STYLE) == 1
    # Everything else in the head is untouched: the same children, the two links now one.
    assert inlined.count("jsx(") == document.count("jsx(") - 1


def test_a_document_written_differently_stops_the_build():
    with pytest.raises(UnexpectedDocument):
        inline_global_styles(reflex_document().replace(LINKED_IMPORT, '"./other.css?url"'))
