"""Volunteering for members: browsing, sign-ups, the ordered waitlist and promotion,
races for the last seat, refusals that change nothing, and shifts in the calendar."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.volunteering import MAX_WAITLIST
from portal.models.notifications import Notification, Reminder
from portal.models.types import utcnow
from portal.models.volunteering import ShiftSignup
from portal.services.calendar.feed import CALENDAR_SOURCES
from portal.services.errors import NotFound, PermissionDenied, ServiceError
from portal.services.volunteering import shifts as volunteering
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.volunteering import make_opportunity, make_shift, make_signup
from tests.refusals import refused


def members(session, count: int):
    return [make_user(session) for _ in range(count)]


def statuses(session: Session, shift_id: int) -> list[tuple[int, str]]:
    session.expire_all()
    return [(row.user_id, row.status) for row in session.execute(
        select(ShiftSignup).where(ShiftSignup.shift_id == shift_id,
                                  ShiftSignup.active.is_(True))
        .order_by(ShiftSignup.position)).scalars()]


def shift_reminders(session: Session, user_id: int, shift_id: int) -> int:
    return session.execute(select(func.count(Reminder.id)).where(
        Reminder.user_id == user_id, Reminder.subject_type == "shift",
        Reminder.subject_id == shift_id, Reminder.sent_at.is_(None))).scalar_one()


def test_signing_up_takes_a_free_seat_and_plans_both_reminders(db_session):
    willow = make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session), seats=2)
    result = volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    assert (result.status, result.position) == ("confirmed", 0)
    assert statuses(db_session, shift.id) == [(willow.id, "confirmed")]
    assert shift_reminders(db_session, willow.id, shift.id) == 2  # a day and an hour before


def test_a_full_shift_puts_members_on_an_ordered_waitlist_without_reminders(db_session):
    first, second, third = members(db_session, 3)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    results = [volunteering.sign_up(session=db_session, actor=actor_of(m), shift_id=shift.id)
               for m in (first, second, third)]
    assert [(r.status, r.position) for r in results] == [
        ("confirmed", 0), ("waitlisted", 1), ("waitlisted", 2)]
    assert shift_reminders(db_session, second.id, shift.id) == 0


def test_a_cancelled_seat_goes_to_the_first_member_waiting_who_is_told(db_session):
    holder, first, second = members(db_session, 3)
    opportunity = make_opportunity(db_session, title="Pantry helper")
    shift = make_shift(db_session, opportunity, seats=1)
    for member in (holder, first, second):
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    volunteering.cancel_signup(session=db_session, actor=actor_of(holder), shift_id=shift.id)
    assert statuses(db_session, shift.id) == [(first.id, "confirmed"), (second.id, "waitlisted")]
    assert shift_reminders(db_session, holder.id, shift.id) == 0
    assert shift_reminders(db_session, first.id, shift.id) == 2
    note = db_session.execute(select(Notification).where(
        Notification.user_id == first.id)).scalar_one()
    assert note.message_key == "notify.shift_promoted"
    assert note.params["opportunity"] == "Pantry helper"
    assert note.link == f"/volunteer/opportunity?id={opportunity.id}"
    mine = volunteering.my_volunteering(session=db_session, actor=actor_of(second))
    assert [(s.status, s.position) for s in mine.upcoming] == [("waitlisted", 1)]


def test_promotion_follows_arrival_order_through_several_cancellations(db_session):
    seated = members(db_session, 2)
    waiting = members(db_session, 4)
    shift = make_shift(db_session, make_opportunity(db_session), seats=2)
    for member in seated + waiting:
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    # The second in line leaves the waitlist: nobody moves up, the order closes ranks.
    volunteering.cancel_signup(session=db_session, actor=actor_of(waiting[1]),
                               shift_id=shift.id)
    for member in seated:
        volunteering.cancel_signup(session=db_session, actor=actor_of(member), shift_id=shift.id)
    assert statuses(db_session, shift.id) == [
        (waiting[0].id, "confirmed"), (waiting[2].id, "confirmed"),
        (waiting[3].id, "waitlisted")]
    promoted = db_session.execute(select(Notification.user_id).where(
        Notification.message_key == "notify.shift_promoted")
        .order_by(Notification.id)).scalars().all()
    assert promoted == [waiting[0].id, waiting[2].id]


def test_leaving_the_waitlist_promotes_nobody(db_session):
    holder, waiter = members(db_session, 2)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    for member in (holder, waiter):
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    volunteering.cancel_signup(session=db_session, actor=actor_of(waiter), shift_id=shift.id)
    assert statuses(db_session, shift.id) == [(holder.id, "confirmed")]
    assert db_session.execute(select(func.count(Notification.id))).scalar_one() == 0


def test_a_second_sign_up_for_the_same_shift_is_refused_and_changes_nothing(db_session):
    willow = make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session))
    volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    before = snapshot(db_session)
    with refused(ServiceError, code="volunteering.already_signed_up"):
        volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    assert snapshot(db_session) == before


def test_signing_up_again_after_cancelling_starts_at_the_back(db_session):
    holder, waiter = members(db_session, 2)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    for member in (holder, waiter):
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    volunteering.cancel_signup(session=db_session, actor=actor_of(holder), shift_id=shift.id)
    again = volunteering.sign_up(session=db_session, actor=actor_of(holder), shift_id=shift.id)
    assert (again.status, again.position) == ("waitlisted", 1)
    assert statuses(db_session, shift.id) == [(waiter.id, "confirmed"), (holder.id, "waitlisted")]


def test_a_shift_never_goes_over_its_seats_and_a_full_waitlist_is_refused(db_session):
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    people = members(db_session, MAX_WAITLIST + 2)
    for member in people[:-1]:
        volunteering.sign_up(session=db_session, actor=actor_of(member), shift_id=shift.id)
    before = snapshot(db_session)
    with refused(ServiceError, code="volunteering.waitlist_full"):
        volunteering.sign_up(session=db_session, actor=actor_of(people[-1]), shift_id=shift.id)
    assert snapshot(db_session) == before
    rows = statuses(db_session, shift.id)
    assert [status for _, status in rows].count("confirmed") == 1
    assert len(rows) == MAX_WAITLIST + 1


@pytest.mark.parametrize("forged", [0, -1, "abc", 10**18, 2**31, None, True, "1; DROP", {}])
def test_forged_shift_ids_are_not_found_and_change_nothing(db_session, forged):
    willow = make_user(db_session)
    make_shift(db_session, make_opportunity(db_session))
    before = snapshot(db_session)
    for call in (volunteering.sign_up, volunteering.cancel_signup):
        with refused(NotFound):
            call(session=db_session, actor=actor_of(willow), shift_id=forged)
    assert snapshot(db_session) == before


def test_shifts_of_closed_opportunities_are_not_found(db_session):
    willow = make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session, status="closed"))
    before = snapshot(db_session)
    with refused(NotFound):
        volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    with refused(NotFound):
        volunteering.opportunity_detail(session=db_session, actor=actor_of(willow),
                                        opportunity_id=shift.opportunity_id)
    assert snapshot(db_session) == before


def test_cancelled_and_started_shifts_take_no_sign_ups(db_session):
    willow = make_user(db_session)
    opportunity = make_opportunity(db_session)
    cancelled = make_shift(db_session, opportunity, status="cancelled")
    started = make_shift(db_session, opportunity, starts_in=timedelta(minutes=-5))
    before = snapshot(db_session)
    with refused(ServiceError, code="volunteering.shift_closed"):
        volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=cancelled.id)
    with refused(ServiceError, code="volunteering.shift_started"):
        volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=started.id)
    assert snapshot(db_session) == before


def test_nobody_can_cancel_someone_elses_place(db_session):
    holder, other = members(db_session, 2)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    volunteering.sign_up(session=db_session, actor=actor_of(holder), shift_id=shift.id)
    before = snapshot(db_session)
    with refused(NotFound):
        volunteering.cancel_signup(session=db_session, actor=actor_of(other), shift_id=shift.id)
    assert snapshot(db_session) == before


@pytest.mark.parametrize("roles", [("coordinator",), ("moderator",), ("partner",)])
def test_only_members_volunteer(db_session, roles):
    staff = make_user(db_session, roles=roles)
    shift = make_shift(db_session, make_opportunity(db_session))
    with refused(PermissionDenied):
        volunteering.sign_up(session=db_session, actor=actor_of(staff), shift_id=shift.id)


def test_two_members_taking_the_last_seat_at_once_get_one_seat_and_one_waitlist_place(
        db_session, db_engine):
    first, second = members(db_session, 2)
    shift = make_shift(db_session, make_opportunity(db_session), seats=1)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def take_seat(member) -> None:
        with Session(db_engine, expire_on_commit=False) as session:
            start.wait()
            result = volunteering.sign_up(session=session, actor=actor_of(member),
                                          shift_id=shift.id)
            outcomes.append(result.status)

    threads = [threading.Thread(target=take_seat, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "waitlisted"]
    assert sorted(status for _, status in statuses(db_session, shift.id)) == [
        "confirmed", "waitlisted"]


def test_one_member_tapping_twice_at_once_gets_one_place(db_session, db_engine):
    willow = make_user(db_session)
    shift = make_shift(db_session, make_opportunity(db_session), seats=3)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def tap() -> None:
        with Session(db_engine, expire_on_commit=False) as session:
            start.wait()
            try:
                outcomes.append(volunteering.sign_up(session=session, actor=actor_of(willow),
                                                     shift_id=shift.id).status)
            except ServiceError as error:
                outcomes.append(error.code)

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "volunteering.already_signed_up"]
    assert statuses(db_session, shift.id) == [(willow.id, "confirmed")]


def test_browsing_filters_by_place_skill_and_leadership(db_session):
    willow = make_user(db_session)
    pantry = make_opportunity(db_session, title="Pantry", remote=False, region="NY",
                              skills=("teamwork", "food_handling"))
    circle = make_opportunity(db_session, title="Circle", skills=("facilitation",),
                              leadership_kind="peer_group_facilitator")
    make_opportunity(db_session, title="Closed", status="closed")
    make_shift(db_session, pantry, starts_in=timedelta(days=3))
    make_shift(db_session, circle, starts_in=timedelta(days=1))

    def titles(**filters) -> list[str]:
        page = volunteering.list_opportunities(session=db_session, actor=actor_of(willow),
                                               **filters)
        return [card.title for card in page.items]

    assert titles() == ["Circle", "Pantry"]  # soonest next shift first
    assert titles(place="NY") == ["Pantry"]
    assert titles(place="remote") == ["Circle"]
    assert titles(skill="food_handling") == ["Pantry"]
    assert titles(leadership="on") == ["Circle"]
    assert titles(place="TX") == []
    with refused(ServiceError, code="volunteering.filter_invalid"):
        titles(skill="%")


def test_the_detail_shows_seats_and_the_members_own_place(db_session):
    holder, willow = members(db_session, 2)
    opportunity = make_opportunity(db_session)
    shift = make_shift(db_session, opportunity, seats=1)
    volunteering.sign_up(session=db_session, actor=actor_of(holder), shift_id=shift.id)
    volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    detail = volunteering.opportunity_detail(session=db_session, actor=actor_of(willow),
                                             opportunity_id=opportunity.id)
    view = detail.shifts[0]
    assert (view.seats, view.confirmed, view.waiting) == (1, 1, 1)
    assert (view.my_status, view.my_position) == ("waitlisted", 1)
    assert detail.card.next_shift_full and detail.can_sign_up and not detail.can_manage


def test_shifts_appear_in_the_members_calendar_and_nobody_elses(db_session):
    willow, other = members(db_session, 2)
    opportunity = make_opportunity(db_session, title="Pantry")
    shift = make_shift(db_session, opportunity, seats=1)
    volunteering.sign_up(session=db_session, actor=actor_of(willow), shift_id=shift.id)
    volunteering.sign_up(session=db_session, actor=actor_of(other), shift_id=shift.id)
    source = CALENDAR_SOURCES["shift"]
    now = utcnow()
    items = source(db_session, actor_of(willow), now, now + timedelta(days=30))
    assert [(i.kind, i.status, i.title_params["title"]) for i in items] == [
        ("shift", "confirmed", "Pantry")]
    assert [i.status for i in source(db_session, actor_of(other), now,
                                     now + timedelta(days=30))] == ["waitlisted"]
    assert source(db_session, actor_of(willow), now + timedelta(days=10),
                  now + timedelta(days=20)) == []


def test_past_sign_ups_made_by_factories_do_not_show_as_upcoming(db_session):
    willow = make_user(db_session)
    past = make_shift(db_session, make_opportunity(db_session),
                      starts_in=timedelta(days=-3))
    make_signup(db_session, past, willow)
    assert volunteering.my_volunteering(session=db_session,
                                        actor=actor_of(willow)).upcoming == ()
