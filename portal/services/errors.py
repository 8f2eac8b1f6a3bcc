"""Errors a service raises for the member to read: a message key and its parameters."""

from __future__ import annotations

from portal.domain.permissions import PermissionDenied
from portal.domain.refusal import Refused


class ServiceError(Refused):
    """Something the member can fix or should know. Nothing was changed."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)


class NotFound(ServiceError):
    """Unknown id, or one the actor may not see: the same answer for both."""

    def __init__(self) -> None:
        super().__init__("error.not_found")


class Throttled(ServiceError):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("error.too_many_tries", minutes=max(1, -(-retry_after_seconds // 60)))
        self.retry_after_seconds = retry_after_seconds


__all__ = ["NotFound", "PermissionDenied", "Refused", "ServiceError", "Throttled"]


MAX_ID = 2**31 - 1  # PostgreSQL integer primary keys


def parse_id(value: object) -> int:
    """An id from a browser payload, or ``NotFound``: never a database error."""
    if isinstance(value, bool):
        raise NotFound()
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number <= MAX_ID:
        raise NotFound()
    return number
