"""Coordinators and staff: posting and editing opportunities and shifts, only for their
own organisation; attendance, hours and approval; every refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.models import AuditEntry
from portal.models.notifications import Notification, Reminder
from portal.models.types import utcnow
from portal.models.volunteering import VolunteerAttendance, VolunteerOpportunity, VolunteerShift
from portal.services.accounts import members as accounts
from portal.services.accounts import staff
from portal.services.errors import PermissionDenied, ServiceError
from portal.services.volunteering import hours as volunteering_hours
from portal.services.volunteering import manage as volunteering_manage
from portal.services.volunteering import shifts as volunteering
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.volunteering import (
    HOME_ORG,
    OTHER_ORG,
    make_attendance,
    make_coordinator,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.refusals import refused

NEW_YORK = ZoneInfo("America/New_York")


def local_day(days: int) -> str:
    return (utcnow().astimezone(NEW_YORK) + timedelta(days=days)).date().isoformat()


def post(session, actor, **fields) -> int:
    values = dict(title="Pantry helper", organisation="", description="Pack bags.",
                  place="NY", skills=["teamwork"], leadership=False, leadership_kind="")
    values.update(fields)
    return volunteering_manage.save_opportunity(session=session, actor=actor, **values)


def test_a_coordinator_posts_for_their_own_organisation_whatever_the_form_says(db_session):
    ash = make_coordinator(db_session)
    opportunity_id = post(db_session, actor_of(ash), organisation=OTHER_ORG,
                          description="<script>x</script>Pack **bags**.")
    opportunity = db_session.get(VolunteerOpportunity, opportunity_id)
    assert (opportunity.organisation, opportunity.created_by_id) == (HOME_ORG, ash.id)
    assert opportunity.description == "<script>x</script>Pack **bags**."
    assert opportunity.skills == ",teamwork," and opportunity.region == "NY"
    assert db_session.execute(select(AuditEntry.action)).scalars().all() == [
        "volunteering.opportunity_create"]
    listed = volunteering_manage.managed_opportunities(session=db_session, actor=actor_of(ash))
    assert [row.id for row in listed] == [opportunity_id]


def test_a_coordinator_cannot_touch_another_organisations_opportunity(db_session):
    ash = make_coordinator(db_session)
    member = make_user(db_session)
    theirs = make_opportunity(db_session, organisation=OTHER_ORG)
    future = make_shift(db_session, theirs, seats=2)
    past = make_shift(db_session, theirs, starts_in=timedelta(hours=-4))
    signup = make_signup(db_session, past, member)
    make_attendance(db_session, signup)
    actor = actor_of(ash)
    before = snapshot(db_session)
    attempts = [
        lambda: post(db_session, actor, opportunity_id=theirs.id),
        lambda: volunteering_manage.opportunity_editor(session=db_session, actor=actor,
                                                       opportunity_id=theirs.id),
        lambda: volunteering_manage.add_shift(session=db_session, actor=actor,
                                              opportunity_id=theirs.id, day=local_day(3),
                                              start="10:00", end="12:00", seats=3),
        lambda: volunteering_manage.update_shift(session=db_session, actor=actor,
                                                 shift_id=future.id, day=local_day(3),
                                                 start="10:00", end="12:00", seats=9),
        lambda: volunteering_manage.cancel_shift(session=db_session, actor=actor,
                                                 shift_id=future.id),
        lambda: volunteering_hours.shift_roster(session=db_session, actor=actor,
                                                shift_id=past.id),
        lambda: volunteering_hours.record_attendance(session=db_session, actor=actor,
                                                     signup_id=signup.id, attendance="no_show"),
        lambda: volunteering_hours.approve_hours(session=db_session, actor=actor,
                                                 signup_id=signup.id),
        lambda: volunteering_hours.approve_shift_hours(session=db_session, actor=actor,
                                                       shift_id=past.id),
    ]
    for attempt in attempts:
        with refused(PermissionDenied):
            attempt()
    assert snapshot(db_session) == before
    assert volunteering_manage.managed_opportunities(session=db_session, actor=actor) == ()


def test_an_organisation_name_in_another_case_is_the_same_organisation(db_session):
    ash = make_coordinator(db_session, organisation="  harbor   HOUSE ")
    ours = make_opportunity(db_session, organisation=HOME_ORG)
    view = volunteering_manage.opportunity_editor(session=db_session, actor=actor_of(ash),
                                                  opportunity_id=ours.id)
    assert view.fields.id == ours.id and view.organisation_fixed


def test_staff_manage_every_organisations_opportunities(db_session):
    heron = make_user(db_session, roles=("moderator",))
    theirs = make_opportunity(db_session, organisation=OTHER_ORG)
    post(db_session, actor_of(heron), opportunity_id=theirs.id, organisation="Riverside",
         title="Garden day")
    db_session.refresh(theirs)
    assert (theirs.title, theirs.organisation) == ("Garden day", "Riverside")


@pytest.mark.parametrize("roles", [("survivor",), ("mentor",), ("partner",)])
def test_members_and_partners_cannot_post_opportunities(db_session, roles):
    someone = make_user(db_session, roles=roles, organisation=HOME_ORG)
    with refused(PermissionDenied):
        post(db_session, actor_of(someone))


def test_a_coordinator_without_an_organisation_is_told_to_ask_an_administrator(db_session):
    ash = make_coordinator(db_session, organisation=None)
    with refused(ServiceError, code="volunteering.no_organisation"):
        post(db_session, actor_of(ash))


@pytest.mark.parametrize("title", ["Survivor support circle", "Lantern helpers",
                                   "Anti-trafficking outreach"])
def test_titles_that_reveal_what_the_portal_is_for_are_refused(db_session, title):
    ash = make_coordinator(db_session)
    with refused(ServiceError, code="volunteering.title_reveals"):
        post(db_session, actor_of(ash), title=title)


@pytest.mark.parametrize(("fields", "code"), [
    ({"title": "  "}, "volunteering.title_needed"),
    ({"title": "x" * 121}, "sanitize.too_long"),
    ({"place": "Narnia"}, "volunteering.place_invalid"),
    ({"skills": ["teamwork", "juggling"]}, "volunteering.skills_invalid"),
    ({"leadership": True, "leadership_kind": "boss"}, "volunteering.kind_invalid"),
    ({"status": "deleted"}, "volunteering.status_invalid"),
])
def test_bad_opportunity_input_is_refused_and_changes_nothing(db_session, fields, code):
    ash = make_coordinator(db_session)
    before = snapshot(db_session)
    with refused(ServiceError, code=code):
        post(db_session, actor_of(ash), **fields)
    assert snapshot(db_session) == before


def test_shift_times_are_read_in_the_coordinators_own_zone(db_session):
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session)
    shift_id = volunteering_manage.add_shift(session=db_session, actor=actor_of(ash),
                                             opportunity_id=opportunity.id, day=local_day(5),
                                             start="18:30", end="20:00", seats="4")
    shift = db_session.get(VolunteerShift, shift_id)
    local = shift.starts_at.astimezone(NEW_YORK)
    assert (local.date().isoformat(), local.hour, local.minute) == (local_day(5), 18, 30)
    assert shift.ends_at - shift.starts_at == timedelta(minutes=90)
    assert shift.starts_at.tzinfo == UTC and shift.seats == 4


@pytest.mark.parametrize(("day", "start", "end", "seats", "code"), [
    (-90, "10:00", "12:00", 2, "volunteering.shift_too_old"),
    (3, "14:00", "13:00", 2, "volunteering.end_before_start"),
    (3, "25:00", "12:00", 2, "volunteering.time_invalid"),
    ("2026-02-30", "10:00", "12:00", 2, "volunteering.time_invalid"),
    (3, "06:00", "20:00", 2, "volunteering.shift_too_long"),
    (3, "10:00", "12:00", 0, "volunteering.seats_invalid"),
    (3, "10:00", "12:00", "many", "volunteering.seats_invalid"),
    (900, "10:00", "12:00", 2, "volunteering.shift_too_far"),
])
def test_bad_shift_input_is_refused_and_changes_nothing(db_session, day, start, end, seats,
                                                        code):
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session)
    before = snapshot(db_session)
    with refused(ServiceError, code=code):
        volunteering_manage.add_shift(
            session=db_session, actor=actor_of(ash), opportunity_id=opportunity.id,
            day=local_day(day) if isinstance(day, int) else day, start=start, end=end,
            seats=seats)
    assert snapshot(db_session) == before


def test_fewer_seats_than_confirmed_is_refused_and_more_seats_serve_the_waitlist(db_session):
    ash = make_coordinator(db_session)
    people = [make_user(db_session) for _ in range(4)]
    opportunity = make_opportunity(db_session)
    shift = make_shift(db_session, opportunity, starts_in=timedelta(days=3), seats=2)
    for person in people:
        volunteering.sign_up(session=db_session, actor=actor_of(person), shift_id=shift.id)
    local = shift.starts_at.astimezone(NEW_YORK)
    end = shift.ends_at.astimezone(NEW_YORK)
    times = dict(day=local.date().isoformat(), start=local.strftime("%H:%M"),
                 end=end.strftime("%H:%M"))
    before = snapshot(db_session)
    with refused(ServiceError, code="volunteering.seats_below_confirmed"):
        volunteering_manage.update_shift(session=db_session, actor=actor_of(ash),
                                         shift_id=shift.id, seats=1, **times)
    assert snapshot(db_session) == before
    view = volunteering_manage.update_shift(session=db_session, actor=actor_of(ash),
                                            shift_id=shift.id, seats=3, **times)
    assert (view.confirmed, view.waiting) == (3, 1)
    promoted = db_session.execute(select(Notification.user_id).where(
        Notification.message_key == "notify.shift_promoted")).scalars().all()
    assert promoted == [people[2].id]  # the time did not change: nobody else was told


def test_moving_a_shift_moves_reminders_and_tells_everyone_on_it(db_session):
    ash = make_coordinator(db_session)
    seated, waiting = make_user(db_session), make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    for person in (seated, waiting):
        volunteering.sign_up(session=db_session, actor=actor_of(person), shift_id=shift.id)
    old_start = shift.starts_at
    volunteering_manage.update_shift(session=db_session, actor=actor_of(ash), shift_id=shift.id,
                                     day=local_day(6), start="09:00", end="11:00", seats=1)
    starts = db_session.execute(select(Reminder.starts_at).where(
        Reminder.subject_type == "shift", Reminder.subject_id == shift.id)).scalars().all()
    assert len(starts) == 2 and old_start not in starts
    told = db_session.execute(select(Notification.user_id).where(
        Notification.message_key == "notify.shift_moved")).scalars().all()
    assert sorted(told) == sorted([seated.id, waiting.id])


def test_cancelling_a_shift_tells_everyone_and_drops_reminders(db_session):
    ash = make_coordinator(db_session)
    people = [make_user(db_session) for _ in range(3)]
    shift = make_shift(db_session, make_opportunity(db_session), seats=2)
    for person in people:
        volunteering.sign_up(session=db_session, actor=actor_of(person), shift_id=shift.id)
    volunteering_manage.cancel_shift(session=db_session, actor=actor_of(ash), shift_id=shift.id)
    assert db_session.execute(select(func.count(Reminder.id)).where(
        Reminder.subject_type == "shift")).scalar_one() == 0
    told = db_session.execute(select(Notification.user_id).where(
        Notification.message_key == "notify.shift_cancelled")).scalars().all()
    assert sorted(told) == sorted(p.id for p in people)
    assert not db_session.execute(select(Notification.id).where(
        Notification.message_key == "notify.shift_promoted")).first()


def test_closing_an_opportunity_with_members_on_upcoming_shifts_is_refused(db_session):
    ash = make_coordinator(db_session)
    opportunity_id = post(db_session, actor_of(ash))
    shift = make_shift(db_session, db_session.get(VolunteerOpportunity, opportunity_id))
    volunteering.sign_up(session=db_session, actor=actor_of(make_user(db_session)),
                         shift_id=shift.id)
    with refused(ServiceError, code="volunteering.close_has_signups"):
        post(db_session, actor_of(ash), opportunity_id=opportunity_id, status="closed")


# --- attendance and hours -------------------------------------------------------------

def past_signup(session, *, hours: float = 3, organisation: str = HOME_ORG):
    member = make_user(session)
    shift = make_shift(session, make_opportunity(session, organisation=organisation),
                       starts_in=timedelta(hours=-hours - 1), hours=hours, seats=3)
    return member, shift, make_signup(session, shift, member)


def attendance_of(session, signup_id: int) -> VolunteerAttendance:
    session.expire_all()
    return session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.signup_id == signup_id)).scalar_one()


def test_attendance_waits_for_the_end_and_only_for_confirmed_members(db_session):
    ash = make_coordinator(db_session)
    opportunity = make_opportunity(db_session)
    future = make_shift(db_session, opportunity, seats=1)
    holder, waiter = make_user(db_session), make_user(db_session)
    for person in (holder, waiter):
        volunteering.sign_up(session=db_session, actor=actor_of(person), shift_id=future.id)
    rows = volunteering_hours.shift_roster(session=db_session, actor=actor_of(ash),
                                           shift_id=future.id)
    with refused(ServiceError, code="volunteering.shift_not_ended"):
        volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                             signup_id=rows.confirmed[0].signup_id,
                                             attendance="attended")
    with refused(ServiceError, code="volunteering.not_confirmed"):
        volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                             signup_id=rows.waiting[0].signup_id,
                                             attendance="attended")
    assert [r.member_name for r in rows.waiting] == [waiter.display_name]


@pytest.mark.parametrize(("hours", "minutes"), [("", 150), ("2", 120), ("1.3", 75),
                                                ("0,5", 30)])
def test_hours_default_to_the_shift_length_and_round_to_quarter_hours(db_session, hours,
                                                                      minutes):
    ash = make_coordinator(db_session)
    _member, _shift, signup = past_signup(db_session, hours=2.5)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="attended",
                                         hours=hours)
    assert attendance_of(db_session, signup.id).minutes == minutes


@pytest.mark.parametrize("hours", ["0", "-2", "25", "nan", "lots"])
def test_impossible_hours_are_refused(db_session, hours):
    ash = make_coordinator(db_session)
    _member, _shift, signup = past_signup(db_session)
    with refused(ServiceError, code="volunteering.hours_invalid"):
        volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                             signup_id=signup.id, attendance="attended",
                                             hours=hours)


def test_a_no_show_records_no_hours(db_session):
    ash = make_coordinator(db_session)
    _member, _shift, signup = past_signup(db_session)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="no_show", hours="3")
    record = attendance_of(db_session, signup.id)
    assert (record.attended, record.minutes) == (False, 0)


def test_approval_records_who_and_when_and_tells_the_member(db_session):
    ash = make_coordinator(db_session)
    member, shift, signup = past_signup(db_session)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="attended")
    volunteering_hours.approve_hours(session=db_session, actor=actor_of(ash),
                                     signup_id=signup.id)
    record = attendance_of(db_session, signup.id)
    assert record.approved_by_id == ash.id and record.approved_at is not None
    assert record.marked_by_id == ash.id
    note = db_session.execute(select(Notification).where(
        Notification.user_id == member.id)).scalar_one()
    assert note.message_key == "notify.hours_approved"
    history = volunteering.my_volunteering(session=db_session, actor=actor_of(member)).history
    assert (history.minutes_approved, history.minutes_pending) == (180, 0)
    with refused(ServiceError, code="volunteering.nothing_to_approve"):
        volunteering_hours.approve_shift_hours(session=db_session, actor=actor_of(ash),
                                               shift_id=shift.id)


def test_changing_a_record_takes_back_its_approval(db_session):
    ash = make_coordinator(db_session)
    _member, shift, signup = past_signup(db_session)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="attended")
    assert volunteering_hours.approve_shift_hours(session=db_session, actor=actor_of(ash),
                                                  shift_id=shift.id) == 1
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="attended",
                                         hours="1")
    record = attendance_of(db_session, signup.id)
    assert (record.minutes, record.approved_at) == (60, None)


def test_roster_reads_and_hours_actions_are_audited(db_session):
    ash = make_coordinator(db_session)
    _member, shift, signup = past_signup(db_session)
    volunteering_hours.shift_roster(session=db_session, actor=actor_of(ash), shift_id=shift.id)
    volunteering_hours.record_attendance(session=db_session, actor=actor_of(ash),
                                         signup_id=signup.id, attendance="attended")
    volunteering_hours.approve_hours(session=db_session, actor=actor_of(ash),
                                     signup_id=signup.id)
    actions = db_session.execute(select(AuditEntry.action, AuditEntry.actor_id)
                                 .order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in actions] == [
        ("volunteering.roster_read", ash.id), ("volunteering.attendance_record", ash.id),
        ("volunteering.hours_approve", ash.id)]


def test_a_members_seat_on_a_moved_shift_keeps_their_place(db_session):
    ash = make_coordinator(db_session)
    willow = make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    volunteering_manage.update_shift(session=db_session, actor=actor_of(ash), shift_id=shift.id,
                                     day=local_day(4), start="10:00", end="11:00", seats=1)
    mine = volunteering.my_volunteering(session=db_session, actor=actor_of(willow)).upcoming
    assert [s.status for s in mine] == ["confirmed"]
    assert mine[0].starts_at > datetime.now(UTC)


def test_a_coordinator_invited_by_an_admin_posts_for_the_invites_organisation(db_session):
    admin = make_user(db_session, roles=("admin",))
    invite = staff.create_invite(session=db_session, actor=actor_of(admin), role="coordinator",
                                 organisation="Lakeside Partners")
    signed_in = accounts.sign_up(session=db_session, invite_code=invite.code,
                                 display_name="Coordinator Pine",
                                 passphrase="a long and quiet passphrase",
                                 timezone="America/Chicago", language="en",
                                 client_key="10.7.0.1")
    coordinator = accounts.load_actor(db_session, signed_in.user_id)
    assert coordinator.roles == frozenset({"coordinator"})
    opportunity_id = post(db_session, coordinator)
    assert db_session.get(VolunteerOpportunity, opportunity_id).organisation == \
        "Lakeside Partners"
