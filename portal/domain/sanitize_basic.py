"""Single-line cleaning for short fields (titles, organisations, reasons).

The full Markdown sanitiser for user text lives in ``sanitize.py``.
"""

from __future__ import annotations

import unicodedata


def clean_single_line(raw: str | None, *, max_length: int) -> str:
    """NFC, no control or format characters, spaces folded, trimmed, cut to length."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:max_length]
