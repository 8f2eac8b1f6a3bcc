"""Counted attempts are kept while any limit could still count them, then the scheduler
deletes them (issue 15: counting a private message no longer deletes on every send)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.jobs.registry import job_named
from portal.models.accounts import ThrottleEvent
from portal.models.types import utcnow
from portal.services import throttle
from portal.services.errors import Throttled

LIMIT = throttle.Limit("test_purge", 3, timedelta(minutes=10))


def kept(db_session) -> list[str]:
    return sorted(row.scope for row in db_session.execute(select(ThrottleEvent)).scalars())


def test_the_hourly_job_deletes_only_attempts_older_than_every_window(db_session):
    now = utcnow()
    for hours_ago in (30, 25, 23, 0):
        throttle.count(db_session, limit=LIMIT, key=f"member:{hours_ago}",
                       now=now - timedelta(hours=hours_ago))
    throttle.count(db_session, limit=throttle.SIGN_IN_FAILURES_PER_ACCOUNT, key="Quiet Fox",
                   now=now - timedelta(hours=26))
    db_session.commit()
    job = job_named("purge_old_throttle_events")
    assert job.every == timedelta(hours=1) and job.run is throttle.purge_old_events
    assert job.run(db_session, now) == 3
    assert kept(db_session) == ["test_purge", "test_purge"]
    assert job.run(db_session, now) == 0


def test_counting_still_limits_without_deleting_anything(db_session):
    now = utcnow()
    for minutes in range(3):
        throttle.check(db_session, limit=LIMIT, key="member:7",
                       now=now + timedelta(minutes=minutes))
        throttle.count(db_session, limit=LIMIT, key="member:7",
                       now=now + timedelta(minutes=minutes))
    db_session.commit()
    try:
        throttle.check(db_session, limit=LIMIT, key="member:7", now=now + timedelta(minutes=3))
    except Throttled as refused:
        assert 1 <= refused.retry_after_seconds <= 7 * 60
    else:
        raise AssertionError("the fourth attempt in ten minutes is refused")
    # Once the first attempt leaves the window, one more fits; nothing was deleted.
    throttle.check(db_session, limit=LIMIT, key="member:7", now=now + timedelta(minutes=10,
                                                                               seconds=1))
    assert len(kept(db_session)) == 3
