"""The one scheduler: ``portal scheduler`` runs the jobs in ``portal.jobs.registry``.

How we keep exactly one scheduler per deployment, however many web workers run:

1. **A dedicated process.** Web workers never schedule anything. ``make run`` starts
   ``portal scheduler`` beside the web app (and stops it with it); a deployment runs it
   once, as its own service. Putting the scheduler inside the web app would start one
   per worker (granian forks several), which is the usual way reminders go out twice.
2. **A leader lock** (``portal.jobs.leader``): a second ``portal scheduler`` started by
   mistake, or a replacement started before the old one died, stays on standby and
   only takes over when the leader's lock is released (its process ended).
3. **Idempotent jobs.** The lock is not what stops a double send: each reminder is
   claimed in the database in the same statement that checks it is unclaimed. Even
   two leaders at once could not send a reminder twice.

Nothing lives in the job store: APScheduler keeps the job list in memory, and each job
derives its work from the database, so a restart loses nothing. Every job runs once
at start (catching up whatever fell due while the scheduler was down), then at its
interval, with ``misfire_grace_time`` of an hour, ``coalesce`` (missed runs become
one) and ``max_instances=1`` (a slow run is never overlapped by the next one).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine
from sqlmodel import Session

from portal.jobs.leader import LeaderLock, leader_lock_for
from portal.jobs.registry import JOBS, PeriodicJob
from portal.services.wiring import wire

log = logging.getLogger("portal.scheduler")

MISFIRE_GRACE_SECONDS = 3600
STANDBY_POLL_SECONDS = 15.0
LEADER_CHECK_SECONDS = 5.0


def run_job(job: PeriodicJob, engine: Engine) -> int:
    """Run one job in its own database session. Failures are logged by class name only."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            handled = job.run(session, datetime.now(UTC))
        except Exception as error:
            session.rollback()
            # The message may quote row values (personal data): log the class only.
            log.error("job %s failed: %s", job.name, type(error).__name__)
            return 0
    if handled:
        log.info("job %s handled %d", job.name, handled)
    return handled


class _Jobs:
    """What APScheduler calls: a job name in, the registered job run. No other arguments."""

    def __init__(self, jobs: Sequence[PeriodicJob], engine: Engine) -> None:
        self.by_name = {job.name: job for job in jobs}
        self.engine = engine

    def run(self, name: str) -> int:
        return run_job(self.by_name[name], self.engine)


def build_scheduler(jobs: Sequence[PeriodicJob], engine: Engine) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        timezone=UTC,
        executors={"default": ThreadPoolExecutor(max_workers=4)},
        job_defaults={"misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True,
                      "max_instances": 1},
    )
    runner = _Jobs(jobs, engine)
    start = datetime.now(UTC)
    for job in jobs:
        scheduler.add_job(runner.run, "interval", seconds=job.every.total_seconds(),
                          args=(job.name,), id=job.name, name=job.name, next_run_time=start,
                          misfire_grace_time=MISFIRE_GRACE_SECONDS, coalesce=True,
                          max_instances=1)
    return scheduler


def _watch(scheduler: BlockingScheduler, lock: LeaderLock, stop: threading.Event,
           check_seconds: float) -> None:
    """Stop leading when asked to, or when the lock is lost (a dropped connection)."""
    while not stop.wait(check_seconds):
        if not lock.held():
            log.warning("scheduler lost its leader lock; pausing")
            break
    # Waits for running jobs: the lock is released only once they have finished.
    scheduler.shutdown(wait=True)


def _lead(jobs: Sequence[PeriodicJob], engine: Engine, lock: LeaderLock,
          stop: threading.Event, check_seconds: float) -> None:
    scheduler = build_scheduler(jobs, engine)

    def on_started(_event) -> None:
        threading.Thread(target=_watch, args=(scheduler, lock, stop, check_seconds),
                         name="scheduler-watch", daemon=True).start()

    scheduler.add_listener(on_started, EVENT_SCHEDULER_STARTED)
    log.info("this scheduler now leads: %d jobs", len(jobs))
    scheduler.start()  # blocks until _watch shuts it down


def run_scheduler(*, engine: Engine | None = None, jobs: Sequence[PeriodicJob] | None = None,
                  stop: threading.Event | None = None,
                  standby_poll_seconds: float = STANDBY_POLL_SECONDS,
                  leader_check_seconds: float = LEADER_CHECK_SECONDS) -> None:
    """Lead when the lock is free, stand by while it is not, until ``stop`` (or a signal)."""
    wire()
    if engine is None:
        from portal.db import get_engine

        engine = get_engine()
    jobs = JOBS if jobs is None else tuple(jobs)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_args: stop.set())
    lock = leader_lock_for(engine)
    standing_by = False
    while not stop.is_set():
        if not lock.acquire():
            if not standing_by:
                log.info("another scheduler is running; standing by")
                standing_by = True
            stop.wait(standby_poll_seconds)
            continue
        standing_by = False
        try:
            _lead(jobs, engine, lock, stop, leader_check_seconds)
        finally:
            lock.release()
    log.info("scheduler stopped")


def run_once(*, engine: Engine | None = None,
             jobs: Sequence[PeriodicJob] | None = None) -> dict[str, int]:
    """Every job once, now (for cron-style use and checks). Safe beside a running leader."""
    wire()
    if engine is None:
        from portal.db import get_engine

        engine = get_engine()
    return {job.name: run_job(job, engine) for job in (JOBS if jobs is None else jobs)}
