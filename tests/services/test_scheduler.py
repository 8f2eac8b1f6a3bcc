"""The one scheduler: job registry, leader lock, restarts and a second scheduler.

The process tests start the real ``portal scheduler`` command against this test's
database (SQLite, and PostgreSQL when configured), stop it, kill it, and start two
at once. They wait for the database to show the work done (never for a fixed time).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from portal.jobs.leader import leader_lock_for
from portal.jobs.registry import JOBS, job_named
from portal.jobs.runner import MISFIRE_GRACE_SECONDS, build_scheduler, run_once, run_scheduler
from portal.models.notifications import Notification, Reminder
from portal.services import mentoring
from portal.services.notifications import inbox as notifications
from tests.factories import count_rows, second_engine
from tests.factories.accounts import make_user
from tests.factories.notifications import add_due_reminders, reminder_notifications, unsent

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for: {what}")


# --- the registry and the scheduler's settings ----------------------------------------

def test_the_registry_sends_reminders_every_minute_and_runs_the_mentoring_jobs():
    every = {job.name: job.every for job in JOBS}
    assert every["send_due_reminders"] == timedelta(minutes=1)
    assert job_named("expire_mentoring_requests").run is mentoring.expire_requests
    assert job_named("purge_ended_mentoring_threads").run is mentoring.purge_ended_threads
    assert len(every) == len(JOBS), "job names are unique"


def test_every_job_has_an_hour_of_grace_coalesces_and_never_overlaps_itself(tmp_path):
    from portal.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    scheduler = build_scheduler(JOBS, engine)
    jobs = scheduler.get_jobs()
    assert {job.id for job in jobs} == {job.name for job in JOBS}
    for job in jobs:
        assert job.misfire_grace_time >= 3600 == MISFIRE_GRACE_SECONDS
        assert job.coalesce is True and job.max_instances == 1
        # Only the job's own name travels with it: no personal data in job arguments.
        assert job.args == (job.id,) and job.kwargs == {}
    engine.dispose()


def test_run_once_runs_every_job_against_the_database(db_engine, db_session):
    users = [make_user(db_session)]
    add_due_reminders(db_session, users, 3)
    handled = run_once(engine=db_engine)
    assert handled["send_due_reminders"] == 3
    assert reminder_notifications(db_session) == 3


def test_a_failing_job_is_logged_by_class_name_only(db_engine, caplog):
    from portal.jobs.registry import PeriodicJob
    from portal.jobs.runner import run_job

    def leaky(_session, _now):
        raise RuntimeError("quiet.fox@mail.example Survivor Willow")

    caplog.set_level(logging.INFO, logger="portal.scheduler")
    assert run_job(PeriodicJob("leaky", leaky, timedelta(minutes=1)), db_engine) == 0
    assert "RuntimeError" in caplog.text
    assert "Willow" not in caplog.text and "quiet.fox" not in caplog.text


# --- the leader lock ------------------------------------------------------------------

def test_only_one_scheduler_holds_the_leader_lock(db_engine):
    other_engine = second_engine(db_engine)
    first, second = leader_lock_for(db_engine), leader_lock_for(other_engine)
    try:
        assert first.acquire() and first.held()
        assert not second.acquire()
        first.release()
        assert second.acquire()
        assert not first.acquire()
    finally:
        first.release()
        second.release()
        other_engine.dispose()


def test_two_schedulers_in_threads_with_their_own_engines_send_each_reminder_once(
        db_engine, db_session, caplog):
    caplog.set_level(logging.INFO, logger="portal.scheduler")
    users = [make_user(db_session) for _ in range(4)]
    add_due_reminders(db_session, users, 300)
    engines = [second_engine(db_engine), second_engine(db_engine)]
    stop = threading.Event()
    threads = [threading.Thread(target=run_scheduler, kwargs={
        "engine": engine, "jobs": (job_named("send_due_reminders"),), "stop": stop,
        "standby_poll_seconds": 0.2, "leader_check_seconds": 0.2}) for engine in engines]
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: unsent(db_session) == 0, "every reminder handled")
        wait_until(lambda: "standing by" in caplog.text, "the second scheduler to stand by")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=WAIT_SECONDS)
        for engine in engines:
            engine.dispose()
    assert reminder_notifications(db_session) == 300
    leaders = [r for r in caplog.records if "now leads" in r.getMessage()]
    assert len(leaders) == 1


# --- the real `portal scheduler` process ----------------------------------------------

class SchedulerProcess:
    def __init__(self, engine: Engine, log: Path) -> None:
        env = {**os.environ,
               "LANTERN_DATABASE_URL": engine.url.render_as_string(hide_password=False),
               "LANTERN_INSTANCE_DIR": str(log.parent), "LANTERN_SECRET_KEY": "test-key"}
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "portal.cli", "scheduler", "--standby-poll", "0.3"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True)

    def says(self, text: str) -> bool:
        return text in self.log.read_text()

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        return self.process.wait(timeout=WAIT_SECONDS)


@pytest.fixture
def schedulers(db_engine, tmp_path) -> Iterator[Callable[[str], SchedulerProcess]]:
    started: list[SchedulerProcess] = []

    def start(name: str) -> SchedulerProcess:
        process = SchedulerProcess(db_engine, tmp_path / f"{name}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop(signal.SIGKILL)


def test_a_restarted_scheduler_sends_what_fell_due_while_it_was_down_exactly_once(
        db_session, schedulers):
    user = make_user(db_session)
    now = datetime.now(UTC)
    notifications.schedule_reminders(db_session, user_id=user.id, subject_type="session",
                                     subject_id=1, starts_at=now + timedelta(hours=2),
                                     link="/calendar")
    db_session.commit()
    first = schedulers("first")
    wait_until(lambda: first.says("now leads"), "the first scheduler to lead")
    assert first.stop() == 0 and first.says("scheduler stopped")
    assert reminder_notifications(db_session) == 0
    # While no scheduler runs, the reminder falls due.
    db_session.execute(update(Reminder).values(due_at=now - timedelta(minutes=5)))
    db_session.commit()
    second = schedulers("second")
    wait_until(lambda: reminder_notifications(db_session) == 1, "the missed reminder")
    # A crash (no clean shutdown) and another start: nothing is sent again.
    second.stop(signal.SIGKILL)
    add_due_reminders(db_session, [user], 1, first=50)
    third = schedulers("third")
    wait_until(lambda: unsent(db_session) == 0, "the next reminder after the crash")
    assert third.stop() == 0
    assert reminder_notifications(db_session) == 2
    assert count_rows(db_session, Notification,
                      Notification.dedupe_key.like("reminder:session:1:%")) == 1


def test_two_scheduler_processes_send_each_reminder_once_and_the_standby_takes_over(
        db_session, schedulers):
    users = [make_user(db_session) for _ in range(5)]
    add_due_reminders(db_session, users, 400)
    pair = [schedulers("a"), schedulers("b")]
    wait_until(lambda: unsent(db_session) == 0, "every reminder handled")
    wait_until(lambda: sum(p.says("now leads") for p in pair) == 1
               and sum(p.says("standing by") for p in pair) == 1, "one leader, one standby")
    assert reminder_notifications(db_session) == 400
    leader, standby = pair if pair[0].says("now leads") else pair[::-1]
    leader.stop(signal.SIGKILL)
    add_due_reminders(db_session, users, 50, first=400)
    wait_until(lambda: standby.says("now leads"), "the standby to take over")
    wait_until(lambda: unsent(db_session) == 0, "the reminders after the takeover")
    assert reminder_notifications(db_session) == 450
    assert standby.stop() == 0
