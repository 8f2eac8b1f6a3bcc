"""The one shape of a domain refusal: a message key and its parameters, never prose."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class KeyedError(ValueError):
    """Something the member can fix; the app translates ``message_key`` with ``params``."""

    key_prefix: ClassVar[str] = ""

    def __init__(self, code: str, params: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        super().__init__(f"{code} {self.params}" if self.params else code)

    @property
    def message_key(self) -> str:
        return self.key_prefix + self.code
