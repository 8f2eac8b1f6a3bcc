"""The leader lock: however many schedulers are started, one runs the jobs.

- PostgreSQL: ``pg_try_advisory_lock`` on a connection the leader keeps open. The lock
  belongs to that database session, so it is released the moment the process dies or
  its connection drops, and a standby takes over on its next try.
- SQLite: an exclusive ``fcntl.flock`` on a lock file beside the database file (the
  instance directory by default). The kernel releases it when the process exits,
  however it exits.

The lock keeps a second scheduler idle; it is not what prevents double sends. That is
the reminder claim in the database (see services.notifications_reminders), which holds
even if two leaders ever overlapped for a moment.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from portal.settings import INSTANCE_DIR

# One number names Lantern's scheduler lock in a database ("lantern" as an integer).
ADVISORY_LOCK_KEY = int.from_bytes(b"lantern", "big")


class LeaderLock(Protocol):
    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


class FileLeaderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return True

    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is None:
            return
        fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


class PostgresLeaderLock:
    def __init__(self, engine: Engine, key: int = ADVISORY_LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        if self._connection is not None:
            return self.held()
        connection = self.engine.connect()
        try:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                     {"key": self.key}).scalar_one()
            connection.commit()  # session-level lock: it outlives this transaction
        except Exception:
            connection.invalidate()
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def held(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
            return True
        except Exception:
            # The connection dropped, and the lock with it.
            self._connection.invalidate()
            self._connection.close()
            self._connection = None
            return False

    def release(self) -> None:
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            connection.commit()
        except Exception:
            connection.invalidate()  # a dropped connection has released the lock already
        finally:
            connection.close()


def lock_file_for(engine: Engine) -> Path:
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return Path(database).with_name(Path(database).name + ".scheduler.lock")
    return INSTANCE_DIR / "scheduler.lock"


def leader_lock_for(engine: Engine) -> LeaderLock:
    if engine.dialect.name == "postgresql":
        return PostgresLeaderLock(engine)
    return FileLeaderLock(lock_file_for(engine))
