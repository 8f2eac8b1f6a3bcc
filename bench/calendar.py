"""The calendar benchmark (issue 6): ``python -m bench.calendar``, run by ``make bench``.

Combines the slot figures (``bench.calendar_slots``), the reminder figures
(``bench.calendar_reminders``) and a booking race of its own: 50 survivors, each in
their own thread with their own session and connection, book the same slot with the
same mentor at the same moment; exactly one may succeed. The race runs on a fresh
SQLite file and, with LANTERN_TEST_POSTGRES_URL set, on PostgreSQL in a schema this
benchmark creates and drops itself (the shared ``public`` schema is never touched).

Last line, JSON: ``slots_1000_mentors_s`` (target <= 1), ``slots_one_mentor_ms`` (<= 5),
``reminders_10k_s`` (<= 10), ``reminder_duplicates`` (0), ``booking_race_successes`` (1)
and ``pg_booking_race_successes`` (1), with their timings and the other figures.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="lantern-bench-calendar-"))
os.environ.setdefault("LANTERN_INSTANCE_DIR", str(_HOME))
os.environ.setdefault("LANTERN_SECRET_KEY", "bench-only-secret")

from sqlalchemy import func, select, text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import portal.models  # noqa: E402,F401
from bench import calendar_slots  # noqa: E402
from portal.db import make_engine  # noqa: E402
from portal.domain.permissions import Actor  # noqa: E402
from portal.models import User  # noqa: E402
from portal.models.calendar import (  # noqa: E402
    AvailabilityWindow,
    MentorAvailability,
    SessionBooking,
)
from portal.models.mentoring import MentorApplication, MentorMatch  # noqa: E402
from portal.services import calendar  # noqa: E402
from portal.services.errors import ServiceError  # noqa: E402
from portal.services.wiring import wire  # noqa: E402

try:  # written by the notifications capability; the figures are left out without it
    from bench import calendar_reminders
except ImportError:  # pragma: no cover - only before that benchmark exists
    calendar_reminders = None

ATTEMPTS = 50
PG_SCHEMA = f"lantern_bench_calendar_{os.getpid()}"
TARGETS = {"slots_1000_mentors_s": 1.0, "slots_one_mentor_ms": 5.0, "reminders_10k_s": 10.0}


def _member(session: Session, name: str, roles: str) -> User:
    user = User(display_name=name, display_name_key=name.casefold(), roles=roles,
                timezone="America/New_York")
    session.add(user)
    session.flush()
    return user


def build(engine) -> tuple[int, list[int], str]:
    """A mentor with hours every day, 50 survivors matched with them; the slot to race for."""
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        mentor = _member(session, "Bench mentor", "survivor,mentor")
        session.add(MentorApplication(user_id=mentor.id, status="approved",
                                      meeting_modes="video", capacity=ATTEMPTS))
        session.add(MentorAvailability(mentor_id=mentor.id))
        session.add_all([AvailabilityWindow(mentor_id=mentor.id, weekday=day, start_minute=540,
                                            end_minute=1020) for day in range(7)])
        survivors = []
        for seat in range(ATTEMPTS):
            survivor = _member(session, f"Bench survivor {seat:02d}", "survivor")
            session.add(MentorMatch(survivor_id=survivor.id, mentor_id=mentor.id,
                                    survivor_seat=0, mentor_seat=seat,
                                    started_at=datetime.now(UTC)))
            survivors.append(survivor.id)
        session.commit()
        offer = calendar.available_slots(session=session,
                                         actor=Actor(id=survivors[0], roles=frozenset(
                                             {"survivor"})), mentor_id=mentor.id)
        slot = offer.days[0].slots[0].start_utc.isoformat()
    return mentor.id, survivors, slot


def booking_race(engine) -> dict[str, float | int]:
    """50 threads, one slot: how many bookings stood, how many were refused, how long."""
    mentor_id, survivors, slot = build(engine)
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = [""] * ATTEMPTS

    def attempt(index: int, survivor_id: int) -> None:
        actor = Actor(id=survivor_id, roles=frozenset({"survivor"}))
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                calendar.book_session(session=session, actor=actor, mentor_id=mentor_id,
                                      start=slot, length=60, mode="video")
                outcomes[index] = "booked"
            except ServiceError as refusal:
                outcomes[index] = refusal.code
            except Exception as crash:  # noqa: BLE001 (counted, not hidden)
                outcomes[index] = f"crash:{type(crash).__name__}"

    threads = [threading.Thread(target=attempt, args=(index, survivor_id))
               for index, survivor_id in enumerate(survivors)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    with Session(engine) as session:
        standing = session.execute(select(func.count(SessionBooking.id)).where(
            SessionBooking.status == "booked")).scalar_one()
    return {"successes": outcomes.count("booked"), "standing": standing,
            "crashes": sum(outcome.startswith("crash") for outcome in outcomes),
            "seconds": round(elapsed, 3)}


def race_sqlite() -> dict[str, float | int]:
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'calendar.db'}")
    try:
        return booking_race(engine)
    finally:
        engine.dispose()


def race_postgres(server_url: str) -> dict[str, float | int]:
    admin = make_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{PG_SCHEMA}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{PG_SCHEMA}"'))
    separator = "&" if "?" in server_url else "?"
    engine = make_engine(f"{server_url}{separator}options=-csearch_path%3D{PG_SCHEMA}")
    try:
        return booking_race(engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{PG_SCHEMA}" CASCADE'))
        admin.dispose()


def run_benchmarks() -> dict[str, float | int]:
    figures: dict[str, float | int] = dict(calendar_slots.run_benchmarks())
    print(f"slots: 1,000 mentors x 30 days {figures['slots_1000_mentors_s']} s, one mentor "
          f"{figures['slots_one_mentor_ms']} ms (p95)")
    if calendar_reminders is not None:
        figures.update(calendar_reminders.run_benchmarks())
    else:
        print("reminders not measured: bench/calendar_reminders.py is missing")
    sqlite = race_sqlite()
    figures.update(booking_race_successes=sqlite["successes"],
                   booking_race_standing=sqlite["standing"],
                   booking_race_crashes=sqlite["crashes"],
                   booking_race_s=sqlite["seconds"])
    print(f"SQLite booking race: {ATTEMPTS} at once, {sqlite['successes']} booked, "
          f"{sqlite['crashes']} crashed, {sqlite['seconds']} s")
    server = os.environ.get("LANTERN_TEST_POSTGRES_URL", "")
    if server:
        postgres = race_postgres(server)
        figures.update(pg_booking_race_successes=postgres["successes"],
                       pg_booking_race_standing=postgres["standing"],
                       pg_booking_race_crashes=postgres["crashes"],
                       pg_booking_race_s=postgres["seconds"])
        print(f"PostgreSQL booking race: {postgres['successes']} booked, "
              f"{postgres['crashes']} crashed, {postgres['seconds']} s")
    else:
        print("PostgreSQL booking race not run (set LANTERN_TEST_POSTGRES_URL).")
    return figures


def main() -> int:
    wire()
    figures = run_benchmarks()
    slow = [name for name, target in TARGETS.items()
            if name in figures and figures[name] > target]
    wrong = [name for name in ("booking_race_successes", "pg_booking_race_successes",
                               "booking_race_standing", "pg_booking_race_standing")
             if name in figures and figures[name] != 1]
    wrong += [name for name, value in figures.items()
              if (name.endswith("duplicates") or name.endswith("crashes")) and value != 0]
    print(json.dumps(figures))
    return 1 if slow or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
