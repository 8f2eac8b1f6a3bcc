"""One way for a test to say "this is refused": ``with refused(...):``.

A refusal is what a member is told instead of what she asked for: ``PermissionDenied``,
or a ``ServiceError`` (``NotFound``, ``Throttled``, ...), each with a message key in
``code``. A test names the type it expects (``refused(PermissionDenied)``), the code
(``refused(ServiceError, code="groups.join_first")``, compared exactly) or both; with
neither, any member-facing refusal will do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlmodel import Session

from portal.services.errors import PermissionDenied, ServiceError
from tests.factories import table_rows

REFUSALS: tuple[type[Exception], ...] = (PermissionDenied, ServiceError)


@contextmanager
def refused(*kinds: type[Exception], code: str | None = None,
            ) -> Iterator[pytest.ExceptionInfo]:
    """The block must raise one of ``kinds`` (any refusal when none is named) and, when
    ``code`` is given, carry exactly that message key. Yields pytest's ``ExceptionInfo``."""
    with pytest.raises(kinds or REFUSALS) as caught:
        yield caught
    if code is not None:
        assert getattr(caught.value, "code", None) == code, \
            f"refused with {getattr(caught.value, 'code', caught.value)!r}, expected {code!r}"


def refused_unchanged(session: Session, code: str, call: Callable[[], object]) -> ServiceError:
    """``call()`` is refused with ``code`` and every row is as it was before."""
    before = table_rows(session)
    with refused(ServiceError, code=code) as caught:
        call()
    session.rollback()
    assert table_rows(session) == before
    return caught.value
