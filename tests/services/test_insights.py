"""Programme insights against small hand-counted fixtures, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.insights import FEWER, HIDDEN, SHOWN
from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.mentoring import MentorRequest
from portal.models.resources import DirectorySearchMiss
from portal.services import insights, resources
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # a Thursday
LAST_WEEK = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # inside every range of the menu
HARBOR, OTHER = "Harbor House", "Other Org"


def _figure(view, section: str, key: str):
    found = next(s for s in view.sections if s.key == section)
    return next(f for f in found.figures if f.key == key)


def _cells(figure) -> dict[str, tuple[str, int | None]]:
    return {row.label.rsplit(".", 1)[-1]: (row.cell.state, row.cell.value) for row in figure.rows}


def _request(session, survivor, mentor, status: str, hours: float | None) -> None:
    closed = LAST_WEEK + timedelta(hours=hours) if hours is not None else None
    session.add(MentorRequest(survivor_id=survivor.id, mentor_id=mentor.id, status=status,
                              open_pair=None, created_at=LAST_WEEK,
                              expires_at=LAST_WEEK + timedelta(days=7), closed_at=closed))
    session.commit()


@pytest.fixture
def programme(db_session):
    """Nine requests last week: six accepted and one expired from Harbor House's
    members, two declined from another organisation's."""
    mentor = make_mentor(db_session)
    harbor = [make_user(db_session, organisation=HARBOR) for _ in range(7)]
    other = [make_user(db_session, organisation=OTHER) for _ in range(2)]
    for survivor, hours in zip(harbor[:6], (10, 20, 30, 40, 50, 60), strict=True):
        _request(db_session, survivor, mentor, "accepted", hours)
    _request(db_session, harbor[6], mentor, "expired", 168)
    for survivor, hours in zip(other, (5, 7), strict=True):
        _request(db_session, survivor, mentor, "declined", hours)
    return {"mentor": mentor, "harbor": harbor, "other": other}


def test_request_outcomes_are_counted_and_small_cells_suppressed(db_session, programme):
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), now=NOW)
    assert view.weeks == 13 and view.end == date(2026, 11, 30)
    outcomes = _figure(view, "mentoring", "request_outcomes")
    cells = _cells(outcomes)
    assert cells["accepted"] == (SHOWN, 6)
    assert cells["declined"] == (FEWER, None) and cells["expired"] == (FEWER, None)
    assert cells["withdrawn"] == (SHOWN, 0)
    assert outcomes.total.value == 9
    assert outcomes.reading.key == "insights.reading.request_outcomes"
    assert dict(outcomes.reading.params) == {"percent": "67"}
    weekly = _figure(view, "mentoring", "requests")
    by_week = {row.label: row.cell.value for row in weekly.rows}
    assert by_week["2026-11-23"] == 9 and by_week["2026-11-16"] == 0
    assert len(weekly.rows) == 13


def test_time_to_answer_is_a_median_and_90th_percentile_in_hours(db_session, programme):
    admin = make_user(db_session, roles=("moderator",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), now=NOW)
    answer = _figure(view, "mentoring", "time_to_answer")
    # Answered (accepted or declined): 5, 7, 10, 20, 30, 40, 50, 60 hours.
    assert _cells(answer) == {"median": (SHOWN, 20), "p90": (SHOWN, 60)}
    assert answer.reading.key == "insights.reading.time_to_answer.hours"
    assert dict(answer.reading.params) == {"hours": "20"}


def test_partner_sees_only_their_own_organisations_members(db_session, programme):
    partner = make_user(db_session, roles=("partner",), organisation=HARBOR)
    view = insights.programme_insights(session=db_session, actor=actor_of(partner), now=NOW)
    assert view.organisation == HARBOR
    assert {s.key for s in view.sections} == {"mentoring", "calendar", "volunteering",
                                               "members"}
    outcomes = _figure(view, "mentoring", "request_outcomes")
    assert outcomes.total.value == 7  # the other organisation's two are not counted
    cells = _cells(outcomes)
    assert cells["declined"] == (SHOWN, 0)
    # One expired request alone beside 6 accepted would give itself away: 6 is hidden too.
    assert cells["expired"] == (FEWER, None) and cells["accepted"] == (HIDDEN, None)


def test_a_small_figure_is_fewer_than_five_everywhere(db_session, programme):
    survivor, mentor = programme["harbor"][0], programme["mentor"]
    match = make_match(db_session, survivor, mentor, started_at=LAST_WEEK)
    match.first_session_at = LAST_WEEK + timedelta(days=2)
    db_session.commit()
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), now=NOW)
    first = _figure(view, "mentoring", "time_to_first_session")
    assert {state for state, _ in _cells(first).values()} == {FEWER}
    assert first.reading.key == "insights.reading.time_to_first_session.too_few"
    active = _figure(view, "mentoring", "active_matches")
    assert _cells(active) == {"now": (FEWER, None)}


@pytest.mark.parametrize("roles", [("survivor",), ("mentor",), ("coordinator",)])
def test_members_mentors_and_coordinators_are_refused(db_session, programme, roles):
    someone = make_user(db_session, roles=roles, organisation=HARBOR)
    with pytest.raises(PermissionDenied):
        insights.programme_insights(session=db_session, actor=actor_of(someone), now=NOW)


def test_a_partner_without_an_organisation_is_refused(db_session, programme):
    partner = make_user(db_session, roles=("partner",), organisation=None)
    with pytest.raises(PermissionDenied):
        insights.programme_insights(session=db_session, actor=actor_of(partner), now=NOW)


def test_every_view_is_in_the_audit_log(db_session, programme):
    admin = make_user(db_session, roles=("admin",))
    insights.programme_insights(session=db_session, actor=actor_of(admin), weeks="52",
                                now=NOW)
    entry = db_session.execute(select(AuditEntry).where(
        AuditEntry.action == "insights.read")).scalar_one()
    assert entry.actor_id == admin.id and entry.detail == "weeks=52"


def test_every_section_has_its_figures_on_an_empty_programme(db_session):
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin),
                                       weeks="4", now=NOW)
    assert [s.key for s in view.sections] == ["mentoring", "groups", "calendar",
                                              "volunteering", "directory", "members"]
    keys = {f.key for s in view.sections for f in s.figures}
    assert {"requests", "posts_held", "time_to_review", "session_outcomes",
            "meeting_attendance", "shifts_filled", "hours_approved", "listings",
            "missing_by_category", "signups", "returning_30", "returning_90"} <= keys
    assert view.weeks == 4 and (view.end - view.start).days == 28


def test_a_search_with_no_result_keeps_only_its_filters(db_session):
    resources.search_listings(session=db_session, actor=None, category="food",
                              region="TX", text="secret words nobody should keep",
                              now=NOW)
    resources.search_listings(session=db_session, actor=None, category="food",
                              region="TX", now=NOW)
    rows = db_session.execute(select(DirectorySearchMiss)).scalars().all()
    assert [(r.week_start, r.category, r.region, r.searches) for r in rows] == [
        (date(2026, 11, 30), "food", "TX", 2)]
    assert not any("secret" in str(value) for r in rows for value in vars(r).values())


def test_two_figures_of_the_same_requests_never_pin_a_week_together(db_session):
    # One request in each of the last four weeks, all accepted. "Requests each week" and
    # "what happened to them" count the same requests: read together, four weeks of at
    # least one request each under a "fewer than 5" total would each be exactly one.
    mentor = make_mentor(db_session)
    for weeks_back in range(4):
        survivor = make_user(db_session)
        moment = LAST_WEEK - timedelta(weeks=weeks_back)
        db_session.add(MentorRequest(survivor_id=survivor.id, mentor_id=mentor.id,
                                     status="accepted", open_pair=None, created_at=moment,
                                     expires_at=moment + timedelta(days=7),
                                     closed_at=moment + timedelta(hours=5)))
    db_session.commit()
    admin = make_user(db_session, roles=("admin",))
    view = insights.programme_insights(session=db_session, actor=actor_of(admin), now=NOW,
                                       weeks=4)
    weekly = _figure(view, "mentoring", "requests")
    outcomes = _figure(view, "mentoring", "request_outcomes")
    week_cells = [row.cell for row in weekly.rows]
    assert len(week_cells) == 4

    def options(cell, figure):
        if figure.withheld:  # says nothing of any cell, small ones included
            return range(12)
        if cell.state == SHOWN:
            return [cell.value]
        return range(1, 5) if cell.state == FEWER else [0, *range(5, 12)]

    def total_fits(total, value):
        return (total.state == HIDDEN or (total.state == FEWER and 0 < value < 5)
                or value == total.value)

    possible = set()
    for weeks in itertools.product(*(options(cell, weekly) for cell in week_cells)):
        for outcome in itertools.product(*(options(row.cell, outcomes)
                                           for row in outcomes.rows)):
            if (sum(weeks) == sum(outcome) and total_fits(weekly.total, sum(weeks))
                    and total_fits(outcomes.total, sum(outcome))):
                possible.add(weeks)
    assert (1, 1, 1, 1) in possible and len(possible) > 1
    withheld = weekly if weekly.withheld else outcomes
    assert withheld.withheld and withheld.reading.key == "insights.reading.withheld"
