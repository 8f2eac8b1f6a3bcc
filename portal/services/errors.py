"""Errors a service raises for the member to read: a message key and its parameters."""

from __future__ import annotations

from portal.domain.permissions import PermissionDenied
from portal.domain.refusal import Refused


class ServiceError(Refused):
    """Something the member can fix or should know. Nothing was changed."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)


class FieldErrors(ServiceError):
    """A form's answers that need another look, all at once: field name -> message key.

    ``code`` is the first field's key (what a browser without scripts is shown); the
    page's script writes each message beside its own field (issue 13, item 2)."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(next(iter(fields.values())))
        self.fields = dict(fields)


class NotFound(ServiceError):
    """Unknown id, or one the actor may not see: the same answer for both."""

    def __init__(self) -> None:
        super().__init__("error.not_found")


class Throttled(ServiceError):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("error.too_many_tries", minutes=max(1, -(-retry_after_seconds // 60)))
        self.retry_after_seconds = retry_after_seconds


__all__ = ["FieldErrors", "NotFound", "PermissionDenied", "Refused", "ServiceError", "Throttled"]


# The column's bound: every primary key is a PostgreSQL ``integer`` (int4), so a larger
# number would be a database error, not a miss. The state layer's payload bound
# (``portal.state.payload``, ids below 2**62) is the transport's; this one is the column's.
MAX_ID = 2**31 - 1


def parse_id(value: object) -> int:
    """An id from a browser payload, or ``NotFound``: never a database error.

    The one id parser of the services: an int or digits in a string, 1..MAX_ID;
    booleans, junk and out-of-range numbers are all simply not found.
    """
    if isinstance(value, bool):
        raise NotFound()
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number <= MAX_ID:
        raise NotFound()
    return number
