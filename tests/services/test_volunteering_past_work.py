"""Work already done: a coordinator records a shift that happened before it was on Lantern,
adds who came with their hours, and attendance waits until a shift has ended.
Runs on SQLite and PostgreSQL (the ``db_session`` fixture)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.domain.permissions import Status
from portal.models import AuditEntry, User
from portal.models.types import utcnow
from portal.models.volunteering import ShiftSignup, VolunteerAttendance, VolunteerShift
from portal.services.errors import NotFound, PermissionDenied
from portal.services.volunteering import hours as volunteering_hours
from portal.services.volunteering import manage as volunteering_manage
from tests.factories.accounts import actor_of, make_user
from tests.factories.volunteering import (
    OTHER_ORG,
    make_coordinator,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.refusals import refused, refused_unchanged

NEW_YORK = ZoneInfo("America/New_York")


def local_day(days: int) -> str:
    return (utcnow().astimezone(NEW_YORK) + timedelta(days=days)).date().isoformat()


def past_shift(session, coordinator, *, days: int = -2) -> VolunteerShift:
    opportunity = make_opportunity(session)
    shift_id = volunteering_manage.add_shift(session=session, actor=actor_of(coordinator),
                                             opportunity_id=opportunity.id,
                                             day=local_day(days), start="10:00", end="13:00",
                                             seats="1")
    return session.get(VolunteerShift, shift_id)


def test_a_coordinator_adds_a_shift_that_already_happened(db_session):
    ash = make_coordinator(db_session)
    shift = past_shift(db_session, ash)
    local = shift.starts_at.astimezone(NEW_YORK)
    assert (local.date().isoformat(), local.hour) == (local_day(-2), 10)
    assert shift.ends_at - shift.starts_at == timedelta(hours=3)
    assert shift.ends_at < utcnow()
    editor = volunteering_manage.opportunity_editor(session=db_session, actor=actor_of(ash),
                                                    opportunity_id=shift.opportunity_id)
    assert [(row.id, row.started, row.ended) for row in editor.shifts] == [
        (shift.id, True, True)]
    assert "volunteering.shift_add" in db_session.execute(
        select(AuditEntry.action)).scalars().all()


def test_a_shift_too_long_ago_or_ending_before_it_starts_says_which(db_session):
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session)
    for day, start, end, code in ((-90, "10:00", "12:00", "volunteering.shift_too_old"),
                                  (-2, "14:00", "13:00", "volunteering.end_before_start"),
                                  (3, "14:00", "13:00", "volunteering.end_before_start")):
        refused_unchanged(db_session, code, lambda d=day, s=start, e=end:
                          volunteering_manage.add_shift(
                              session=db_session, actor=actor_of(ash),
                              opportunity_id=opportunity.id, day=local_day(d), start=s,
                              end=e, seats="2"))


def test_a_coordinator_adds_who_came_and_the_hours_wait_for_approval(db_session):
    ash = make_coordinator(db_session)
    willow = make_user(db_session)
    shift = past_shift(db_session, ash)
    volunteering_hours.add_attendee(session=db_session, actor=actor_of(ash), shift_id=shift.id,
                                    display_name=f"  {willow.display_name.upper()} ",
                                    hours="2.5")
    roster = volunteering_hours.shift_roster(session=db_session, actor=actor_of(ash),
                                             shift_id=shift.id)
    assert [(row.member_name, row.attendance, row.minutes, row.approved)
            for row in roster.confirmed] == [(willow.display_name, "attended", 150, False)]
    # A second person goes beyond the seats the shift was added with: the work was done.
    maple = make_user(db_session)
    volunteering_hours.add_attendee(session=db_session, actor=actor_of(ash), shift_id=shift.id,
                                    display_name=maple.display_name)
    db_session.expire_all()
    assert db_session.get(VolunteerShift, shift.id).seats == 2
    record = db_session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.user_id == maple.id)).scalar_one()
    assert record.minutes == 180 and record.marked_by_id == ash.id
    actions = db_session.execute(select(AuditEntry.action)).scalars().all()
    assert actions.count("volunteering.attendee_add") == 2
    assert volunteering_hours.approve_shift_hours(session=db_session, actor=actor_of(ash),
                                                  shift_id=shift.id) == 2


def test_adding_someone_is_refused_calmly_and_changes_nothing(db_session):
    ash = make_coordinator(db_session)
    willow = make_user(db_session)
    shift = past_shift(db_session, ash)
    make_signup(db_session, shift, willow)
    gone = make_user(db_session)
    db_session.get(User, gone.id).status = Status.SUSPENDED
    db_session.commit()
    for name, hours, code in ((willow.display_name, "", "volunteering.already_on_roster"),
                              ("Nobody By This Name", "", "volunteering.member_not_found"),
                              ("", "", "volunteering.member_not_found"),
                              (gone.display_name, "", "volunteering.member_not_found"),
                              (make_user(db_session).display_name, "30",
                               "volunteering.hours_invalid")):
        refused_unchanged(db_session, code, lambda n=name, h=hours:
                          volunteering_hours.add_attendee(
                              session=db_session, actor=actor_of(ash), shift_id=shift.id,
                              display_name=n, hours=h))


def test_nobody_is_added_to_a_shift_still_to_come_or_of_another_organisation(db_session):
    ash = make_coordinator(db_session)
    member = make_user(db_session)
    upcoming = make_shift(db_session, make_opportunity(db_session))
    running = make_shift(db_session, make_opportunity(db_session),
                         starts_in=timedelta(hours=-1), hours=3)
    for shift in (upcoming, running):
        refused_unchanged(db_session, "volunteering.shift_not_ended", lambda s=shift:
                          volunteering_hours.add_attendee(
                              session=db_session, actor=actor_of(ash), shift_id=s.id,
                              display_name=member.display_name))
    theirs = make_shift(db_session, make_opportunity(db_session, organisation=OTHER_ORG),
                        starts_in=timedelta(days=-2))
    with refused(PermissionDenied, NotFound):
        volunteering_hours.add_attendee(session=db_session, actor=actor_of(ash),
                                        shift_id=theirs.id, display_name=member.display_name)
    with refused(PermissionDenied):
        volunteering_hours.add_attendee(session=db_session, actor=actor_of(member),
                                        shift_id=upcoming.id, display_name=member.display_name)
    assert db_session.execute(select(ShiftSignup)).scalars().all() == []


def test_attendance_cannot_be_saved_while_the_shift_is_still_on(db_session):
    ash = make_coordinator(db_session)
    member = make_user(db_session)
    running = make_shift(db_session, make_opportunity(db_session),
                         starts_in=timedelta(hours=-1), hours=3)
    signup = make_signup(db_session, running, member)
    refused_unchanged(db_session, "volunteering.shift_not_ended", lambda:
                      volunteering_hours.record_attendance(
                          session=db_session, actor=actor_of(ash), signup_id=signup.id,
                          attendance="attended", hours="1"))
    roster = volunteering_hours.shift_roster(session=db_session, actor=actor_of(ash),
                                             shift_id=running.id)
    assert (roster.shift.started, roster.shift.ended) == (True, False)
    done = make_shift(db_session, make_opportunity(db_session),
                      starts_in=timedelta(hours=-4), hours=3)
    finished = make_signup(db_session, done, member)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=finished.id, attendance="attended")
    assert db_session.execute(select(VolunteerAttendance.minutes).where(
        VolunteerAttendance.signup_id == finished.id)).scalar_one() == 180
