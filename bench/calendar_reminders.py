"""Reminder sending benchmark: ``python -m bench.calendar_reminders``.

Builds 10,000 due reminders for 1,000 members in a fresh database, then starts two
worker processes at the same moment, each with its own engine, each calling
``send_due_reminders`` until nothing is left: two schedulers racing for the same rows.

Figures (last line, JSON): ``reminders_10k_s`` (wall time for both workers to finish)
and ``reminder_duplicates`` (reminders claimed more than once, plus notifications
written more than once for one reminder); with LANTERN_TEST_POSTGRES_URL set, the same
on PostgreSQL as ``pg_reminders_10k_s`` / ``pg_reminder_duplicates``, in a database
this benchmark creates and drops itself (``lantern_bench_reminders``).
Targets: at most 10 s, zero duplicates. ``bench/calendar.py`` calls ``run_benchmarks``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# A throwaway instance directory, and never email, whatever the environment says.
_HOME = Path(tempfile.mkdtemp(prefix="lantern-bench-reminders-"))
os.environ.setdefault("LANTERN_INSTANCE_DIR", str(_HOME))
os.environ.setdefault("LANTERN_SECRET_KEY", "bench-only-secret")
os.environ.pop("LANTERN_SMTP_HOST", None)

from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import portal.models  # noqa: E402,F401
from portal import routes  # noqa: E402
from portal.db import make_engine  # noqa: E402
from portal.models import User  # noqa: E402
from portal.models.notifications import Notification, Reminder  # noqa: E402
from portal.services.notifications.inbox import send_due_reminders  # noqa: E402
from portal.services.wiring import wire  # noqa: E402

REMINDERS = 10_000
MEMBERS = 1_000
WORKERS = 2
BATCH = 500
PG_DATABASE = "lantern_bench_reminders"
TARGET_SECONDS = 10.0


def build(url: str, now: datetime) -> None:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        session.execute(insert(User), [
            {"display_name": f"Bench {n:04d}", "display_name_key": f"bench {n:04d}",
             "roles": "survivor", "status": "active", "timezone": "America/New_York",
             "language": "en", "email_reminders": False, "created_at": now}
            for n in range(MEMBERS)])
        ids = session.execute(select(User.id).order_by(User.id)).scalars().all()
        rows = []
        for n in range(REMINDERS):
            starts_at = now + timedelta(hours=1, seconds=n)
            rows.append({"key": f"meeting:{n}:{ids[n % MEMBERS]}:60:{int(starts_at.timestamp())}",
                         "user_id": ids[n % MEMBERS], "subject_type": "meeting",
                         "subject_id": n, "starts_at": starts_at, "offset_minutes": 60,
                         "due_at": now - timedelta(seconds=n % 600), "link": routes.CALENDAR,
                         "channel": "in_app", "sent_at": None, "skipped": False,
                         "email_sent_at": None, "attempts": 0, "created_at": now})
        for start in range(0, REMINDERS, 2000):
            session.execute(insert(Reminder), rows[start:start + 2000])
        session.commit()
    engine.dispose()


def _worker(url: str, go, results) -> None:
    engine = make_engine(url)
    claimed = 0
    go.wait()
    with Session(engine, expire_on_commit=False) as session:
        while sent := send_due_reminders(session, limit=BATCH):
            claimed += sent
    engine.dispose()
    results.put(claimed)


def race(url: str) -> dict[str, float | int]:
    """Two workers at once on one database: seconds taken, and duplicates found."""
    context = multiprocessing.get_context("fork")
    go, results = context.Event(), context.Queue()
    workers = [context.Process(target=_worker, args=(url, go, results)) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    go.set()
    claims = [results.get(timeout=300) for _ in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join(timeout=60)
        if worker.exitcode != 0:
            raise RuntimeError("a benchmark worker failed")
    engine = make_engine(url)
    with Session(engine) as session:
        notified = session.execute(select(func.count(Notification.id))).scalar_one()
        repeated = session.execute(select(func.count()).select_from(
            select(Notification.dedupe_key).group_by(Notification.dedupe_key)
            .having(func.count() > 1).subquery())).scalar_one()
        left = session.execute(select(func.count(Reminder.id))
                               .where(Reminder.sent_at.is_(None))).scalar_one()
    engine.dispose()
    if left or notified != REMINDERS:
        raise RuntimeError(f"{left} reminders left unsent; {notified} notifications")
    return {"seconds": round(elapsed, 3),
            "duplicates": (sum(claims) - REMINDERS) + repeated,
            "per_worker": claims}


def run_sqlite(now: datetime) -> dict[str, float | int]:
    folder = Path(tempfile.mkdtemp(prefix="lantern-bench-sqlite-"))
    url = f"sqlite:///{folder / 'reminders.db'}"
    build(url, now)
    return race(url)


def run_postgres(server_url: str, now: datetime) -> dict[str, float | int]:
    admin = make_engine(server_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    url = make_url(server_url).set(database=PG_DATABASE).render_as_string(hide_password=False)
    try:
        build(url, now)
        return race(url)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
        admin.dispose()


def run_benchmarks() -> dict[str, float | int]:
    now = datetime.now(UTC)
    figures: dict[str, float | int] = {}
    sqlite = run_sqlite(now)
    figures["reminders_10k_s"] = sqlite["seconds"]
    figures["reminder_duplicates"] = sqlite["duplicates"]
    print(f"SQLite: {REMINDERS} reminders, {WORKERS} workers, {sqlite['seconds']} s, "
          f"claims per worker {sqlite['per_worker']}, duplicates {sqlite['duplicates']}")
    server = os.environ.get("LANTERN_TEST_POSTGRES_URL", "")
    if server:
        postgres = run_postgres(server, now)
        figures["pg_reminders_10k_s"] = postgres["seconds"]
        figures["pg_reminder_duplicates"] = postgres["duplicates"]
        print(f"PostgreSQL: {postgres['seconds']} s, claims per worker "
              f"{postgres['per_worker']}, duplicates {postgres['duplicates']}")
    else:
        print("PostgreSQL not measured (set LANTERN_TEST_POSTGRES_URL).")
    return figures


def main() -> int:
    wire()
    figures = run_benchmarks()
    slow = [name for name, value in figures.items()
            if name.endswith("_10k_s") and value > TARGET_SECONDS]
    duplicated = [name for name, value in figures.items()
                  if name.endswith("duplicates") and value != 0]
    print(json.dumps(figures))
    return 1 if slow or duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
