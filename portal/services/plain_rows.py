"""Plain rows for the reads every event and every live push runs (issue 14).

``session.execute`` takes a statement through the ORM's own steps (its compile state,
its result set-up, a flush of pending objects first) even when it selects plain
columns: about 65 microseconds a statement on this machine's SQLite, more than the
query itself for the small reads that run before every event of every tab. The same
statement run on the session's connection, in the session's transaction, skips them and
gives the same rows, each column through its own type as before.

Only for statements that select columns (never ORM objects: those need the identity
map), in reads whose session holds no object waiting to be written (nothing would flush
it first).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import CursorResult, Executable
from sqlmodel import Session


def plain_rows(session: Session, statement: Executable,
               values: Mapping[str, object] | None = None) -> CursorResult:
    """``statement``'s rows, read in ``session``'s transaction without the ORM's steps."""
    return session.connection().execute(statement, values or {})
