"""Shared pieces of the notifications capability: checks, offsets, conflict-free inserts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlmodel import Session

from portal.domain.reminder_offsets import DEFAULT_OFFSETS, MAX_OFFSET, MIN_OFFSET
from portal.models import User
from portal.models.notifications import NotificationPreference

_KIND = re.compile(r"^[a-z][a-z_]{0,31}$")
_SUBJECT_TYPE = re.compile(r"^[a-z][a-z_]{0,23}$")
_PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# An in-app path only: no scheme, no host, no "//" (which a browser reads as a host).
_LINK = re.compile(r"^/(?!/)[A-Za-z0-9/_\-.?=&%#]{0,199}$")


def checked_kind(kind: str) -> str:
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise ValueError("a notification kind is a short lower-case word")
    return kind


def checked_subject_type(subject_type: str) -> str:
    if not isinstance(subject_type, str) or not _SUBJECT_TYPE.match(subject_type):
        raise ValueError("a reminder subject type is a short lower-case word")
    return subject_type


def checked_link(link: str | None) -> str:
    link = link or ""
    if link and (not isinstance(link, str) or not _LINK.match(link)):
        raise ValueError("a notification link is an in-app path such as /calendar")
    return link


def checked_param_name(name: object) -> str:
    if not isinstance(name, str) or not _PARAM_NAME.match(name):
        raise ValueError("notification parameter names are short lower-case words")
    return name


def parse_offsets(text: str | None) -> tuple[int, ...]:
    values = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and MIN_OFFSET <= int(part) <= MAX_OFFSET:
            values.append(int(part))
    return tuple(sorted(set(values), reverse=True))


def format_offsets(offsets: Iterable[int]) -> str:
    return ",".join(str(value) for value in sorted(set(offsets), reverse=True))


def offsets_for(session: Session, user_id: int) -> tuple[int, ...]:
    stored = session.execute(
        select(NotificationPreference.reminder_offsets)
        .where(NotificationPreference.user_id == user_id)).scalar_one_or_none()
    return DEFAULT_OFFSETS if stored is None else parse_offsets(stored)


def email_channel(user: User) -> str:
    """Where a new reminder goes: email as well only when the member opted in and gave one."""
    return "email" if user.email_reminders and user.email else "in_app"


def _insert_of(dialect: str):
    """The dialect's INSERT, which knows ON CONFLICT."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - Lantern runs on SQLite and PostgreSQL only
        raise RuntimeError(f"unsupported database: {dialect}")
    return insert


def insert_ignoring_conflicts(session: Session, table: Table, rows: Sequence[dict[str, Any]],
                              conflict_column: str | tuple[str, ...]) -> int:
    """Insert rows in one statement; rows whose unique ``conflict_column`` exists are skipped
    (a tuple names the columns of a unique constraint over several).

    The database settles races (two schedulers, a double tap): no savepoints, no
    check-then-insert window. Returns how many rows were new.
    """
    if not rows:
        return 0
    insert = _insert_of(session.get_bind().dialect.name)
    columns = (conflict_column,) if isinstance(conflict_column, str) else conflict_column
    # RETURNING counts the new rows on both databases (a multi-row rowcount may be -1).
    statement = (insert(table).values(list(rows))
                 .on_conflict_do_nothing(index_elements=list(columns))
                 .returning(table.c[columns[0]]))
    return len(session.execute(statement).all())


def insert_or_move_up(session: Session, table: Table, row: dict[str, Any],
                      conflict_column: str, moved: str, kept_once_set: str) -> bool:
    """Insert ``row``, or, when its unique ``conflict_column`` exists, set that row's
    ``moved`` column to this row's value unless its ``kept_once_set`` column is set, in
    one statement: the database settles races. Returns whether a row was added or
    moved."""
    statement = _insert_or_move_up(session.get_bind().dialect.name, table, tuple(row),
                                   conflict_column, moved, kept_once_set)
    return session.execute(statement, row).first() is not None


@functools.cache
def _insert_or_move_up(dialect: str, table: Table, columns: tuple[str, ...],
                       conflict_column: str, moved: str, kept_once_set: str):
    """Built once per shape (its cache key too): every private message notifies."""
    statement = _insert_of(dialect)(table).values({name: bindparam(name) for name in columns})
    return statement.on_conflict_do_update(
        index_elements=[conflict_column], set_={moved: statement.excluded[moved]},
        where=table.c[kept_once_set].is_(None)).returning(table.c[conflict_column])
