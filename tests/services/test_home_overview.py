"""The home overview (issue 13 item 4): each role's figures, only what that viewer may see,
and each figure equal to what the owning service shows the other side."""

from __future__ import annotations

from datetime import timedelta

from portal.domain.permissions import PermissionDenied
from portal.services import home
from portal.services.groups import membership
from portal.services.mentoring import profiles
from portal.services.mentoring import requests as mentoring_requests
from portal.services.moderation import queue as moderation_queue
from portal.services.notifications import inbox
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_invite, make_user
from tests.factories.calendar import NOW, book, make_pair, slot_starts
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.factories.mentoring import make_mentor, make_survivor
from tests.factories.volunteering import (
    make_attendance,
    make_coordinator,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.refusals import refused


def overview(session, user, **kwargs):
    return home.home_overview(session=session, actor=actor_of(user), **kwargs)


def test_a_new_survivor_sees_her_next_steps_until_each_is_done(db_session):
    willow = make_survivor(db_session, intake=False)
    steps = overview(db_session, willow).mentee.steps
    assert (steps.answer_questions, steps.find_mentor, steps.join_group) == (True, True, True)

    profiles.skip_intake(session=db_session, actor=actor_of(willow))
    group = make_group(db_session)
    membership.join_group(session=db_session, actor=actor_of(willow), group_id=group.id)
    mentor = make_mentor(db_session, name="Mentor Sol")
    mentoring_requests.send_request(session=db_session, actor=actor_of(willow),
                                    mentor_id=mentor.id)
    mentee = overview(db_session, willow).mentee
    assert (mentee.steps.answer_questions, mentee.steps.find_mentor,
            mentee.steps.join_group) == (False, False, False)
    assert mentee.requests_waiting == 1


def test_a_request_she_sent_is_waiting_on_the_mentors_home(db_session):
    luna = make_survivor(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    assert overview(db_session, sol).mentor.requests_waiting == 0
    mentoring_requests.send_request(session=db_session, actor=actor_of(luna), mentor_id=sol.id)
    mentor_tiles = overview(db_session, sol).mentor
    desk = mentoring_requests.mentor_desk(session=db_session, actor=actor_of(sol))
    assert mentor_tiles.requests_waiting == len(desk.requests) == 1
    assert mentor_tiles.oldest_request_at is not None
    assert overview(db_session, luna).mentee.requests_waiting == 1


def test_the_booked_session_is_her_next_session_and_in_the_mentors_week(db_session):
    survivor, mentor, match = make_pair(db_session)
    start = slot_starts(db_session, survivor, mentor)[0]
    book(db_session, survivor, mentor, start)
    mine = overview(db_session, survivor, now=NOW).mentee
    assert mine.next_session is not None and mine.next_session.starts_at == start
    assert mine.next_session.partner_name == mentor.display_name
    assert mine.mentor_names == (mentor.display_name,) and mine.first_match_id == match.id
    theirs = overview(db_session, mentor, now=NOW).mentor
    assert [line.starts_at for line in theirs.sessions_this_week] == [start]
    assert theirs.sessions_this_week[0].partner_name == survivor.display_name
    # Once it has begun it is no longer coming up for her mentor.
    assert overview(db_session, mentor, now=start + timedelta(hours=2)).mentor \
        .sessions_this_week == ()


def test_her_groups_show_what_others_wrote_this_week(db_session):
    group = make_group(db_session, name="Evening circle")
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    thread_by(db_session, willow, group, title="Mine")
    assert [(g.name, g.new_threads) for g in overview(db_session, willow).groups] == [
        ("Evening circle", 0)]
    thread_by(db_session, other, group, title="Hello from me")
    assert [(g.name, g.new_threads) for g in overview(db_session, willow).groups] == [
        ("Evening circle", 1)]
    assert overview(db_session, willow).mentee.steps.join_group is False


def test_unread_notifications_match_the_notification_centre(db_session):
    willow = make_survivor(db_session)
    inbox.notify(db_session, user_id=willow.id, kind="security", key="notify.fallback")
    db_session.commit()
    assert overview(db_session, willow).unread_notifications == inbox.unread_count(
        session=db_session, actor=actor_of(willow)) == 1


def test_a_survivor_never_receives_staff_or_mentor_figures(db_session):
    group = make_group(db_session)
    newcomer = make_member(db_session, group)
    thread_by(db_session, newcomer, group)  # a new member's first post waits for review
    make_invite(db_session)
    willow = make_survivor(db_session)
    mine = overview(db_session, willow)
    assert mine.moderation is None and mine.admin is None and mine.volunteering is None
    assert mine.mentor is None and mine.mentee is not None


def test_a_moderators_counts_are_the_queues(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group, name="Moderator Heron")
    for _ in range(2):
        thread_by(db_session, make_member(db_session, group), group)
    tiles = overview(db_session, heron).moderation
    page = moderation_queue.list_queue(session=db_session, actor=actor_of(heron))
    assert (tiles.waiting, tiles.urgent_waiting) == (page.waiting, page.urgent_waiting) == (2, 0)
    assert tiles.oldest_waiting_at == page.oldest_waiting_at
    # A moderator's home is no survivor's: no next steps, no mentoring figures.
    assert overview(db_session, heron).mentee is None


def test_a_group_moderator_sees_only_her_groups_items(db_session):
    mine, other = make_group(db_session), make_group(db_session)
    juniper = make_member(db_session, mine, moderator=True, established=True)
    thread_by(db_session, make_member(db_session, mine), mine)
    thread_by(db_session, make_member(db_session, other), other)
    tiles = overview(db_session, juniper).moderation
    page = moderation_queue.list_queue(session=db_session, actor=actor_of(juniper))
    assert tiles.waiting == page.waiting == 1
    # A member who moderates nothing has no queue figures at all.
    assert overview(db_session, make_member(db_session, mine)).moderation is None


def test_a_coordinator_sees_her_organisations_shifts_and_hours_waiting(db_session):
    ash = make_coordinator(db_session, name="Coordinator Ash")
    ours = make_opportunity(db_session, created_by=ash, title="Food bank")
    theirs = make_opportunity(db_session, organisation="Riverside Partners", title="Theirs")
    make_shift(db_session, ours, starts_in=timedelta(days=3))
    make_shift(db_session, theirs, starts_in=timedelta(days=1))
    done = make_shift(db_session, ours, starts_in=timedelta(days=-2))
    make_attendance(db_session, make_signup(db_session, done, make_user(db_session)))
    tiles = overview(db_session, ash).volunteering
    assert [line.title for line in tiles.next_shifts] == ["Food bank"]
    assert tiles.upcoming_shifts == 1 and tiles.hours_waiting == 1
    assert overview(db_session, ash).moderation is None
    assert overview(db_session, ash).admin is None


def test_an_admin_sees_open_invites_and_the_vetting_queue(db_session):
    owl = make_user(db_session, name="Admin Owl", roles=("admin",))
    make_invite(db_session, created_by=owl)
    make_invite(db_session, created_by=owl, days=-1)  # expired: not open
    make_mentor(db_session, status="submitted")
    tiles = overview(db_session, owl).admin
    queue = profiles.vetting_queue(session=db_session, actor=actor_of(owl))
    assert tiles.open_invites == 1
    assert tiles.vetting_waiting == len(queue) == 1
    assert tiles.oldest_vetting_at is not None


def test_a_partner_counts_only_her_own_invites_and_sees_no_vetting(db_session):
    harbor = make_user(db_session, roles=("partner",), organisation="Harbor House")
    make_invite(db_session, created_by=harbor)
    make_invite(db_session, created_by=make_user(db_session, roles=("admin",)))
    tiles = overview(db_session, harbor).admin
    assert tiles.open_invites == 1 and tiles.vetting_waiting is None


def test_reading_the_home_changes_nothing_and_needs_an_active_account(db_session):
    owl = make_user(db_session, roles=("admin",))
    make_mentor(db_session, status="submitted")
    before = snapshot(db_session)
    overview(db_session, owl)
    assert snapshot(db_session) == before  # no audit entry: the home is no staff read
    suspended = make_user(db_session, status="suspended")
    with refused(PermissionDenied):
        overview(db_session, suspended)


def test_a_mentor_gets_no_sign_up_steps_and_no_empty_mentee_tiles(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    mine = overview(db_session, sol)
    assert mine.mentor is not None and mine.mentee is None
