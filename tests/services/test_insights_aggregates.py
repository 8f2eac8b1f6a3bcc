"""The shared aggregate helpers of the insights against hand-counted rows, on SQLite and
PostgreSQL: several figures from one pass (``weekly_columns``), every range of the menu
from one statement (``per_range``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, func

from portal.domain.insights import menu, week_range
from portal.models.mentoring import MentorRequest
from portal.services.insights._build import (
    Period,
    count_when,
    per_range,
    weekly_columns,
    weekly_counts,
)
from tests.factories.accounts import make_user
from tests.factories.mentoring import make_mentor

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # a Thursday; the ranges end Monday 30 Nov
END = datetime(2026, 11, 30, tzinfo=UTC)
PERIOD = Period(chosen=week_range(13, NOW.date()), menu=menu(NOW.date()))


def _request(session, survivor, status: str, at: datetime) -> None:
    """One request, each to a mentor of its own (one open request per pair)."""
    mentor = make_mentor(session)
    session.add(MentorRequest(survivor_id=survivor.id, mentor_id=mentor.id, status=status,
                              open_pair=None, created_at=at, expires_at=at + timedelta(days=7)))
    session.commit()


def _week(weeks_before_end: int) -> int:
    """A week's number from the start of the longest range (52 weeks)."""
    return 52 - weeks_before_end


def test_several_figures_from_one_pass_match_separate_counts(db_session):
    ada, bea, cleo = (make_user(db_session) for _ in range(3))
    last_week, five_weeks_ago = END - timedelta(days=3), END - timedelta(weeks=5)
    # Last week: Ada twice (one accepted), Bea once (declined); the first moment of the
    # week belongs to it. Five weeks ago: Cleo, accepted. Before the year: not counted.
    _request(db_session, ada, "accepted", last_week)
    _request(db_session, ada, "declined", END - timedelta(weeks=1))
    _request(db_session, bea, "declined", last_week + timedelta(hours=2))
    _request(db_session, cleo, "accepted", five_weeks_ago)
    _request(db_session, cleo, "accepted", END - timedelta(weeks=53))
    people, accepted, rows = weekly_columns(
        db_session, PERIOD, MentorRequest.created_at, [],
        [func.count(func.distinct(MentorRequest.survivor_id)),
         count_when(MentorRequest.status == "accepted"), func.count()])
    assert {k: v for k, v in people.items() if v} == {("", _week(1)): 2, ("", _week(5)): 1}
    assert {k: v for k, v in accepted.items() if v} == {("", _week(1)): 1, ("", _week(5)): 1}
    assert {k: v for k, v in rows.items() if v} == {("", _week(1)): 3, ("", _week(5)): 1}
    # The same figure counted on its own agrees.
    assert weekly_counts(db_session, PERIOD, MentorRequest.created_at, [],
                         counted=MentorRequest.survivor_id) == people


def test_every_range_of_the_menu_from_one_statement(db_session):
    people = [make_user(db_session) for _ in range(5)]
    # One person inside each range of the menu only (4, 13, 26, 52 weeks), one of them
    # twice, and one just outside the year.
    for person, weeks_before_end in zip(people, (2, 10, 20, 40, 53), strict=True):
        _request(db_session, person, "accepted",
                 END - timedelta(weeks=weeks_before_end, hours=-1))
    _request(db_session, people[0], "declined", END - timedelta(days=1))
    distinct, rows, declined = per_range(
        db_session, PERIOD, MentorRequest.created_at,
        (lambda inside: func.count(func.distinct(case((inside, MentorRequest.survivor_id)))),
         lambda inside: func.count(case((inside, MentorRequest.id))),
         lambda inside: func.count(case((and_(inside, MentorRequest.status == "declined"),
                                         MentorRequest.id)))),
        [])
    assert distinct == [1, 2, 3, 4]
    assert rows == [2, 3, 4, 5]
    assert declined == [1, 1, 1, 1]
