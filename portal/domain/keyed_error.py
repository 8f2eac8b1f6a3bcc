"""The shape of a domain rule's refusal: a message key and its parameters, never prose."""

from __future__ import annotations

from collections.abc import Mapping

from portal.domain.refusal import Refused


class KeyedError(Refused, ValueError):
    """Something the member can fix; the app translates ``message_key`` with ``params``.

    Also a ``ValueError``, as callers that parse input expect.
    """

    def __init__(self, code: str, params: Mapping[str, object] | None = None) -> None:
        detail = f"{code} {dict(params)}" if params else code
        super().__init__(code, params, detail=detail)
