"""The shared aggregate helpers of the insights against hand-counted rows, on SQLite and
PostgreSQL: several figures from one pass (``weekly_columns``), every range of the menu
from one statement (``per_range``), and the groups' figures that now share one pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, func

from portal.domain.insights import HIDDEN, SHOWN, menu, week_range
from portal.models.groups import GroupPost, GroupThread, ReviewQueueItem
from portal.models.mentoring import MentorRequest
from portal.services import insights
from portal.services.insights._build import (
    Period,
    count_when,
    per_range,
    weekly_columns,
    weekly_counts,
)
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group
from tests.factories.mentoring import make_mentor
from tests.factories.volunteering import (
    make_attendance,
    make_opportunity,
    make_shift,
    make_signup,
)

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


def _post(session, group, thread, author, *, opening: bool, held: bool,
          status: str = "visible") -> None:
    session.add(GroupPost(thread_id=thread.id, group_id=group.id, author_id=author.id,
                          is_opening=opening, body="Hello.", status=status,
                          held_reasons="new_member" if held else "",
                          created_at=END - timedelta(days=2)))


def test_groups_figures_from_one_pass_over_posts_and_review_items(db_session):
    """Six members open a conversation each and reply once (five replies held first);
    Ada's deleted reply counts her as active but is not a post. Five urgent review items
    name two kinds of watched word each; six more name one."""
    group = make_group(db_session)
    authors = [make_user(db_session) for _ in range(6)]
    for author in authors:
        thread = GroupThread(group_id=group.id, author_id=author.id, title="Hello",
                             status="visible")
        db_session.add(thread)
        db_session.flush()
        _post(db_session, group, thread, author, opening=True, held=False)
        _post(db_session, group, thread, author, opening=False,
              held=author is not authors[5])
    _post(db_session, group, thread, authors[0], opening=False, held=True, status="deleted")
    for index in range(11):
        db_session.add(ReviewQueueItem(author_id=authors[index % 6].id,
                                       reasons="crisis,slur" if index < 5 else "recruitment",
                                       urgent=index < 5, created_at=END - timedelta(days=2)))
    db_session.commit()
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), now=NOW)
    figures = {f.key: f for s in view.sections if s.key == "groups" for f in s.figures}

    def cells(key):
        return {row.label.rsplit(".", 1)[-1]: (row.cell.state, row.cell.value)
                for row in figures[key].rows}

    assert cells("active_members")["2026-11-23"] == (SHOWN, 6)
    assert cells("posts_and_replies") == {"posts": (SHOWN, 6), "replies": (SHOWN, 6)}
    assert cells("posts_held") == {"held": (SHOWN, 5), "not_held": (SHOWN, 7)}
    assert cells("urgent_items")["2026-11-23"] == (SHOWN, 5)
    assert cells("watched_words") == {"personal_details": (SHOWN, 0),
                                      "recruitment": (SHOWN, 6), "crisis": (SHOWN, 5),
                                      "slur": (SHOWN, 5)}


def _leadership_shift(session, opportunity, people, weeks_before_end: int) -> None:
    """A leadership shift every one of ``people`` attended, 3 hours each, approved the
    next day."""
    shift = make_shift(session, opportunity)
    shift.starts_at = END - timedelta(weeks=weeks_before_end)
    shift.ends_at = shift.starts_at + timedelta(hours=3)
    session.add(shift)
    session.commit()
    for person in people:
        record = make_attendance(session, make_signup(session, shift, person),
                                 approved_by=person)
        record.approved_at = shift.starts_at + timedelta(days=1)
        session.add(record)
    session.commit()


def test_volunteering_hours_and_leaders_for_every_range_at_once(db_session):
    """Five members led a shift two weeks ago; a sixth, twenty weeks ago."""
    opportunity = make_opportunity(db_session, leadership_kind="peer_leader")
    people = [make_user(db_session) for _ in range(6)]
    _leadership_shift(db_session, opportunity, people[:5], 2)
    _leadership_shift(db_session, opportunity, people[5:], 20)
    admin = make_user(db_session, roles=("admin",))

    def figures(weeks):
        view = insights.programme_insights(session=db_session, actor=actor_of(admin),
                                           weeks=weeks, now=NOW)
        return {f.key: (f.rows[0].cell.state, f.rows[0].cell.value)
                for s in view.sections if s.key == "volunteering" for f in s.figures
                if f.key in ("hours_approved", "leaders")}

    assert figures(13) == {"hours_approved": (SHOWN, 15), "leaders": (SHOWN, 5)}
    # 18 hours and 6 leaders over 26 weeks would give away the sixth person's share.
    assert figures(26) == {"hours_approved": (HIDDEN, None), "leaders": (HIDDEN, None)}


def test_percentiles_pick_the_nearest_rank_in_one_statement(db_session):
    """Durations 1..n hours (n from 1 to 23): the median and the 90th percentile are
    the values at ``percentile_rank`` (ceil of n times the fraction), as the database
    works them out from its own count."""
    from portal.domain.insights import percentile_rank
    from portal.services.insights._sql import hours_between, percentiles

    survivor = make_user(db_session)
    start = END - timedelta(weeks=2)
    for n in range(1, 24):
        _request(db_session, survivor, "accepted", start)
        db_session.execute(MentorRequest.__table__.update()
                           .where(MentorRequest.id == db_session.execute(
                               func.max(MentorRequest.id).select()).scalar_one())
                           .values(closed_at=start + timedelta(hours=n)))
        db_session.commit()
        count, (median, p90) = percentiles(
            db_session, hours_between(db_session, MentorRequest.created_at,
                                      MentorRequest.closed_at),
            [MentorRequest.survivor_id == survivor.id])
        assert count == n
        assert round(median) == percentile_rank(n, 0.5)
        assert round(p90) == percentile_rank(n, 0.9)
