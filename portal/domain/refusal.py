"""The one base of every refusal a member reads: a message key and its parameters.

A permission check (``PermissionDenied``), a service's answer (``ServiceError``) and a
domain rule's answer (``KeyedError``, ``HoursError``, ``ListingInvalid``, ...) are all
``Refused``: nothing was changed, and the app shows ``message_key`` translated with
``params``, never the exception's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class Refused(Exception):
    """Something the member may not do or can fix. ``code`` is a catalog key or its tail."""

    key_prefix: ClassVar[str] = ""

    def __init__(self, code: str, params: Mapping[str, object] | None = None, *,
                 detail: str | None = None) -> None:
        # ``detail`` is for logs and tracebacks only; members never see it.
        super().__init__(code if detail is None else detail)
        self.code = code
        self.params: dict[str, object] = dict(params or {})

    @property
    def message_key(self) -> str:
        return self.key_prefix + self.code
