"""The mentor's availability editor: every rule and every bad input, nothing half-stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models.calendar import AvailabilityOverride, AvailabilityWindow, MentorAvailability
from portal.services import calendar
from portal.services.errors import NotFound
from tests.factories import table_rows
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, make_pair, slot_starts
from tests.factories.mentoring import make_mentor
from tests.refusals import refused, refused_unchanged


def add_window(db_session, mentor, weekday, start, end, **extra):
    return calendar.add_weekly_window(session=db_session, actor=actor_of(mentor),
                                      weekday=weekday, start=start, end=end, now=NOW, **extra)


def save(db_session, mentor, **changes):
    values = dict(session_lengths=["60"], buffer_before="0", buffer_after="0",
                  notice_hours="12", horizon_days="30", max_per_day="", max_per_week="",
                  paused="", meeting_details="")
    values.update(changes)
    return calendar.save_availability_settings(session=db_session, actor=actor_of(mentor),
                                               now=NOW, **values)


def count(db_session, model) -> int:
    return db_session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_mentor_adds_weekly_hours_and_sees_them_on_her_own_clock(db_session):
    mentor = make_mentor(db_session, timezone="Europe/London", modes=("phone", "video"))
    view = add_window(db_session, mentor, "0", "09:00", "12:30")
    assert view.timezone == "Europe/London"
    assert [(w.weekday, w.start, w.end, w.overnight) for w in view.windows] == \
        [(0, "09:00", "12:30", False)]
    assert view.meeting_modes == ("video", "phone")
    assert view.session_lengths == (60,)
    assert count(db_session, MentorAvailability) == 1  # the lock row exists now


def test_reading_availability_changes_nothing(db_session):
    mentor = make_mentor(db_session)
    before = table_rows(db_session)
    view = calendar.my_availability(session=db_session, actor=actor_of(mentor), now=NOW)
    assert view.windows == () and view.minimum_notice_hours == 12
    assert view.booking_horizon_days == 30
    assert table_rows(db_session) == before


def test_overlapping_weekly_hours_are_refused_with_the_day_and_both_windows(db_session):
    mentor = make_mentor(db_session)
    add_window(db_session, mentor, 2, "09:00", "12:00")
    error = refused_unchanged(db_session, "availability.window_overlap",
                              lambda: add_window(db_session, mentor, 2, "11:00", "14:00"))
    assert error.params == {"weekday": 2, "first": "09:00–12:00", "second": "11:00–14:00"}


def test_touching_windows_are_fine(db_session):
    mentor = make_mentor(db_session)
    add_window(db_session, mentor, 2, "09:00", "12:00")
    view = add_window(db_session, mentor, 2, "12:00", "14:00")
    assert len(view.windows) == 2


def test_hours_ending_before_they_start_are_refused_unless_they_run_past_midnight(db_session):
    mentor = make_mentor(db_session)
    refused_unchanged(db_session, "calendar.window_backwards",
                      lambda: add_window(db_session, mentor, 4, "22:00", "01:00"))
    view = add_window(db_session, mentor, 4, "22:00", "01:00", overnight="on")
    assert view.windows[0].overnight is True


def test_hours_running_past_midnight_may_not_overlap_the_next_mornings_hours(db_session):
    mentor = make_mentor(db_session)
    add_window(db_session, mentor, 5, "00:00", "02:00")  # Saturday early
    error = refused_unchanged(db_session, "availability.window_overlap",
                              lambda: add_window(db_session, mentor, 4, "22:00", "01:00",
                                                 overnight=True))
    assert error.params["weekday"] == 5


@pytest.mark.parametrize("start, end, code", [
    ("10:00", "10:00", "availability.window_empty"),
    ("25:00", "26:00", "availability.time_invalid"),
    ("9am", "5pm", "availability.time_invalid"),
    (None, "10:00", "availability.time_invalid"),
    (900, "10:00", "availability.time_invalid"),
    ("10:00", "10:00:30", "availability.time_invalid"),
])
def test_empty_or_unreadable_times_are_refused(db_session, start, end, code):
    mentor = make_mentor(db_session)
    refused_unchanged(db_session, code, lambda: add_window(db_session, mentor, 1, start, end))


def test_midnight_to_midnight_is_the_whole_day(db_session):
    mentor = make_mentor(db_session)
    view = add_window(db_session, mentor, 6, "00:00", "00:00")
    assert (view.windows[0].start, view.windows[0].end) == ("00:00", "00:00")


@pytest.mark.parametrize("weekday, code", [
    (7, "availability.weekday_invalid"), (-1, "availability.weekday_invalid"),
    ("monday", "calendar.number_invalid"), (True, "calendar.number_invalid"),
    (None, "calendar.number_invalid"),
])
def test_unknown_weekdays_are_refused(db_session, weekday, code):
    mentor = make_mentor(db_session)
    refused_unchanged(db_session, code,
                      lambda: add_window(db_session, mentor, weekday, "09:00", "10:00"))


@pytest.mark.parametrize("changes, code", [
    ({"session_lengths": []}, "availability.no_session_lengths"),
    ({"session_lengths": ["0"]}, "availability.session_length_unsupported"),
    ({"session_lengths": ["-30"]}, "availability.session_length_unsupported"),
    ({"session_lengths": ["20"]}, "availability.session_length_unsupported"),
    ({"session_lengths": "x"}, "calendar.number_invalid"),
    ({"session_lengths": 60}, "availability.no_session_lengths"),
    ({"buffer_before": "-5"}, "availability.buffer_negative"),
    ({"buffer_after": "600"}, "availability.buffer_too_long"),
    ({"notice_hours": "-1"}, "availability.notice_negative"),
    ({"horizon_days": "0"}, "availability.horizon_out_of_range"),
    ({"notice_hours": "48", "horizon_days": "2"}, "availability.notice_beyond_horizon"),
    ({"max_per_day": "0"}, "availability.limit_not_positive"),
    ({"max_per_day": "3", "max_per_week": "2"}, "availability.weekly_limit_below_daily"),
    ({"buffer_before": "ten"}, "calendar.number_invalid"),
    ({"meeting_details": "x" * 301}, "sanitize.too_long"),
])
def test_bad_settings_are_refused_and_nothing_is_stored(db_session, changes, code):
    mentor = make_mentor(db_session)
    refused_unchanged(db_session, code, lambda: save(db_session, mentor, **changes))


def test_settings_are_saved_together(db_session):
    mentor = make_mentor(db_session)
    view = save(db_session, mentor, session_lengths=["30", "60"], buffer_before="10",
                buffer_after="15", notice_hours="24", horizon_days="14", max_per_day="2",
                max_per_week="5", paused="on", meeting_details="  Video room: <b>lantern</b> ")
    assert view.session_lengths == (30, 60)
    assert (view.buffer_before_minutes, view.buffer_after_minutes) == (10, 15)
    assert (view.minimum_notice_hours, view.booking_horizon_days) == (24, 14)
    assert (view.max_sessions_per_day, view.max_sessions_per_week) == (2, 5)
    assert view.paused is True
    assert view.meeting_details == "Video room: <b>lantern</b>"


def test_a_day_off_and_extra_hours_change_the_slots(db_session):
    survivor, mentor, _ = make_pair(db_session, windows=((1, "09:00", "11:00"),))
    before = slot_starts(db_session, survivor, mentor)
    assert len(before) == 15  # five Tuesdays in 30 days, at 09:00, 09:30 and 10:00
    calendar.add_date_override(session=db_session, actor=actor_of(mentor), day="2027-03-02",
                               kind="unavailable", now=NOW)
    view = calendar.add_date_override(session=db_session, actor=actor_of(mentor),
                                      day="2027-03-04", kind="extra", start="18:00",
                                      end="19:00", now=NOW)
    assert [(o.day, o.kind, o.start, o.end) for o in view.overrides] == [
        (date(2027, 3, 2), "unavailable", "", ""), (date(2027, 3, 4), "extra", "18:00", "19:00")]
    after = slot_starts(db_session, survivor, mentor)
    assert not any(start.day == 2 and start.month == 3 for start in after)
    assert any(start.day == 4 and start.hour == 23 for start in after)  # 18:00 in New York


@pytest.mark.parametrize("day, kind, code", [
    ("2027-02-28", "unavailable", "calendar.date_in_past"),
    ("2028-06-01", "unavailable", "calendar.date_too_far"),
    ("2027-13-01", "unavailable", "calendar.date_invalid"),
    ("tomorrow", "unavailable", "calendar.date_invalid"),
    ("2027-03-05", "holiday", "calendar.override_kind_unknown"),
])
def test_bad_date_changes_are_refused(db_session, day, kind, code):
    mentor = make_mentor(db_session)
    refused_unchanged(db_session, code, lambda: calendar.add_date_override(
        session=db_session, actor=actor_of(mentor), day=day, kind=kind, now=NOW))


def test_overlapping_extra_hours_on_one_date_are_refused(db_session):
    mentor = make_mentor(db_session)
    calendar.add_date_override(session=db_session, actor=actor_of(mentor), day="2027-03-05",
                               kind="extra", start="10:00", end="12:00", now=NOW)
    refused_unchanged(
        db_session, "availability.extra_hours_overlap", lambda: calendar.add_date_override(
            session=db_session, actor=actor_of(mentor), day="2027-03-05", kind="extra",
            start="11:00", end="13:00", now=NOW))


def test_a_mentor_with_an_unknown_time_zone_gets_a_clear_message(db_session):
    mentor = make_mentor(db_session, timezone="Mars/Olympus_Mons")
    error = refused_unchanged(db_session, "availability.unknown_timezone",
                              lambda: add_window(db_session, mentor, 0, "09:00", "10:00"))
    assert error.params == {"timezone": "Mars/Olympus_Mons"}


def test_only_approved_mentors_edit_availability(db_session):
    survivor = make_user(db_session)
    with refused(PermissionDenied):
        add_window(db_session, survivor, 0, "09:00", "10:00")
    applicant = make_mentor(db_session, status="submitted")
    with refused(PermissionDenied):
        add_window(db_session, applicant, 0, "09:00", "10:00")
    unapproved = make_user(db_session, roles=("survivor", "mentor"))
    refused_unchanged(db_session, "calendar.mentors_only",
                      lambda: add_window(db_session, unapproved, 0, "09:00", "10:00"))


@pytest.mark.parametrize("forged", ["abc", 10**12, -1, None, True, "1; DROP TABLE users"])
def test_removing_with_forged_or_other_peoples_ids_is_not_found(db_session, forged):
    owner = make_mentor(db_session)
    add_window(db_session, owner, 0, "09:00", "10:00")
    calendar.add_date_override(session=db_session, actor=actor_of(owner), day="2027-03-05",
                               kind="unavailable", now=NOW)
    window_id = db_session.execute(select(AvailabilityWindow.id)).scalar_one()
    override_id = db_session.execute(select(AvailabilityOverride.id)).scalar_one()
    other = make_mentor(db_session)
    before = table_rows(db_session)
    for target in (window_id, forged):
        with refused(NotFound):
            calendar.remove_weekly_window(session=db_session, actor=actor_of(other),
                                          window_id=target, now=NOW)
    for target in (override_id, forged):
        with refused(NotFound):
            calendar.remove_date_override(session=db_session, actor=actor_of(other),
                                          override_id=target, now=NOW)
    assert table_rows(db_session) == before


def test_a_mentor_removes_her_own_hours_and_date_changes(db_session):
    mentor = make_mentor(db_session)
    view = add_window(db_session, mentor, 0, "09:00", "10:00")
    view = calendar.remove_weekly_window(session=db_session, actor=actor_of(mentor),
                                         window_id=view.windows[0].id, now=NOW)
    assert view.windows == ()
    view = calendar.add_date_override(session=db_session, actor=actor_of(mentor),
                                      day="2027-03-05", kind="unavailable", now=NOW)
    view = calendar.remove_date_override(session=db_session, actor=actor_of(mentor),
                                         override_id=view.overrides[0].id, now=NOW)
    assert view.overrides == ()
