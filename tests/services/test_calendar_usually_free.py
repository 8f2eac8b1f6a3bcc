"""A mentor's profile says when she is usually free (issue 13, item 9): her weekly hours
as parts of the day on the viewer's own clock, only for viewers who may read the profile;
and "Book a session" links carry a match id that the booking service re-checks."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from portal.services import calendar
from portal.services.accounts.blocks import block_member
from portal.services.calendar.usual import usual_parts
from portal.services.errors import NotFound
from portal.state.calendar_usual import usual_sentence
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, give_hours, make_pair
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

TUE_THU_EVENINGS = ((1, "18:00", "20:00"), (3, "18:00", "20:00"))
WEEKDAY_MORNINGS = tuple((day, "09:00", "12:00") for day in range(5))


def test_tuesday_and_thursday_evenings_read_so_in_english_and_spanish(db_session):
    mentor = make_mentor(db_session, timezone="America/Chicago")
    give_hours(db_session, mentor, windows=TUE_THU_EVENINGS)
    viewer = make_survivor(db_session, timezone="America/Chicago")
    answer = calendar.usually_free(session=db_session, actor=actor_of(viewer),
                                   mentor_id=mentor.id, now=NOW)
    assert [(p.part, p.weekdays) for p in answer.parts] == [("evening", (1, 3))]
    assert usual_sentence("en", answer.parts) == "Tuesday and Thursday evenings"
    assert usual_sentence("es", answer.parts) == "martes y jueves por la tarde"


def test_the_hours_move_to_the_viewers_clock(db_session):
    # 09:00-12:00 in Los Angeles is 18:00-21:00 in Madrid (March 2027, before either
    # zone changes its clocks): weekday mornings there are weekday evenings here.
    mentor = make_mentor(db_session, timezone="America/Los_Angeles")
    give_hours(db_session, mentor, windows=WEEKDAY_MORNINGS)
    viewer = make_survivor(db_session, timezone="Europe/Madrid")
    answer = calendar.usually_free(session=db_session, actor=actor_of(viewer),
                                   mentor_id=mentor.id, now=NOW)
    assert usual_sentence("en", answer.parts) == "Monday to Friday evenings"


def test_late_hours_belong_to_the_night_before_and_short_spills_are_not_named():
    la, ny = ZoneInfo("America/Los_Angeles"), ZoneInfo("America/New_York")
    # Friday 21:00-24:00 in LA is Saturday 00:00-03:00 in New York: "Friday nights".
    parts = usual_parts([(4, 21 * 60, 0)], mentor_zone=la, viewer_zone=ny,
                        today=date(2027, 3, 1))
    assert [(p.part, p.weekdays) for p in parts] == [("night", (4,))]
    # 09:00-12:00 seen one hour later (10:00-13:00): mornings, not "and afternoons".
    parts = usual_parts([(0, 9 * 60, 12 * 60)], mentor_zone=ZoneInfo("America/Denver"),
                        viewer_zone=ZoneInfo("America/Chicago"), today=date(2027, 3, 1))
    assert [(p.part, p.weekdays) for p in parts] == [("morning", (0,))]


def test_a_paused_mentor_or_one_without_hours_shows_nothing(db_session):
    viewer = make_survivor(db_session)
    paused = make_mentor(db_session)
    give_hours(db_session, paused, windows=TUE_THU_EVENINGS, paused=True)
    quiet = make_mentor(db_session)
    for mentor in (paused, quiet):
        answer = calendar.usually_free(session=db_session, actor=actor_of(viewer),
                                       mentor_id=mentor.id, now=NOW)
        assert answer.parts == ()


def test_only_viewers_who_may_read_the_profile_see_when_she_is_free(db_session):
    mentor = make_mentor(db_session)
    give_hours(db_session, mentor, windows=TUE_THU_EVENINGS)
    blocked = make_survivor(db_session)
    block_member(session=db_session, actor=actor_of(mentor), member_id=blocked.id)
    moderator = make_user(db_session, roles=("moderator",))
    applicant = make_mentor(db_session, status="submitted")
    for viewer, target in ((blocked, mentor.id), (moderator, mentor.id),
                           (make_survivor(db_session), applicant.id),
                           (make_survivor(db_session), 999999)):
        with refused():
            calendar.usually_free(session=db_session, actor=actor_of(viewer),
                                  mentor_id=target, now=NOW)


# --- "Book a session" carries a match id: re-checked, never trusted --------------------

def test_book_a_session_link_opens_her_own_mentors_times(db_session):
    survivor, mentor, match = make_pair(db_session)
    offer = calendar.available_slots(session=db_session, actor=actor_of(survivor),
                                     match_id=match.id, now=NOW)
    assert offer.mentor_id == mentor.id and offer.days


@pytest.mark.parametrize("whose", ["other survivor's", "ended", "made up"])
def test_a_survivor_cannot_book_through_someone_elses_match_id(db_session, whose):
    survivor, mentor, _ = make_pair(db_session)
    other, other_mentor, other_match = make_pair(db_session)
    if whose == "ended":
        other_match = make_match(db_session, survivor, other_mentor, status="ended")
    match_id = 987654 if whose == "made up" else other_match.id
    with refused(code="calendar.not_matched"):
        calendar.available_slots(session=db_session, actor=actor_of(survivor),
                                 match_id=match_id, now=NOW)


def test_the_mentor_cannot_book_through_her_own_match_id(db_session):
    _, mentor, match = make_pair(db_session)
    with refused():
        calendar.available_slots(session=db_session, actor=actor_of(mentor),
                                 match_id=match.id, now=NOW)


def test_a_blocked_mentor_profile_is_not_found(db_session):
    mentor = make_mentor(db_session)
    viewer = make_survivor(db_session)
    block_member(session=db_session, actor=actor_of(viewer), member_id=mentor.id)
    with pytest.raises(NotFound):
        calendar.usually_free(session=db_session, actor=actor_of(viewer),
                              mentor_id=mentor.id, now=NOW)
