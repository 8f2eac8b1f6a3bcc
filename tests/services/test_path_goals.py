"""My path for its owner: goals from the starter set or her own words, steps, parking,
finishing, links to what Lantern has (checked against her own sight of each object),
auto-ticks she allowed, session agenda and notes, and "My data" export and erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models.calendar import SessionBooking
from portal.models.path import PathGoal, PathStep, SessionNote
from portal.models.types import utcnow
from portal.services import path
from portal.services.accounts import my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring import matches
from tests.factories import count_rows
from tests.factories.accounts import PASSPHRASE, actor_of
from tests.factories.groups import add_member, make_group
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.factories.resources import make_listing
from tests.factories.volunteering import (
    make_attendance,
    make_opportunity,
    make_shift,
    make_signup,
)
from tests.refusals import refused


@pytest.fixture
def luna(db_session):
    return make_survivor(db_session, name="Luna Quiet")


def booking(session, survivor, mentor, match, *, starts_in: timedelta) -> SessionBooking:
    start = (utcnow() + starts_in).replace(microsecond=0)
    row = SessionBooking(match_id=match.id, survivor_id=survivor.id, mentor_id=mentor.id,
                         start_at=start, end_at=start + timedelta(hours=1), mode="video")
    session.add(row)
    session.commit()
    return row


def only_goal(session, user):
    return path.my_path(session=session, actor=actor_of(user)).goals[0]


def test_starter_and_own_goals_with_optional_month(db_session, luna):
    me = actor_of(luna)
    starter = path.add_goal(session=db_session, actor=me, starter_key="own_id")
    own = path.add_goal(session=db_session, actor=me, title="Learn to drive",
                        stage="daily_life")
    path.save_goal(session=db_session, actor=me, goal_id=starter, target_month="2027-04",
                   note="Birth certificate first")
    view = path.my_path(session=db_session, actor=me)
    assert [(goal.starter_key, goal.title, goal.stage, goal.target_month)
            for goal in view.goals] == [("own_id", "", "safety", "2027-04"),
                                        ("", "Learn to drive", "daily_life", "")]
    assert view.starters_taken == frozenset({"own_id"})
    assert own in [goal.id for goal in view.goals]
    for bad in ({"starter_key": "win_the_lottery"}, {"title": "x", "stage": "nowhere"},
                {"title": "   ", "stage": "healing"}):
        with refused(ServiceError):
            path.add_goal(session=db_session, actor=me, **bad)
    with refused(ServiceError, code="path.bad_month"):
        path.save_goal(session=db_session, actor=me, goal_id=starter, target_month="2027-13")


def test_words_pass_the_sanitiser(db_session, luna):
    me = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=me, title="Find a \u202eflat\u0007",
                            stage="daily_life")
    path.add_step(session=db_session, actor=me, goal_id=goal_id,
                  text="Call <the agency>   ")
    path.save_goal(session=db_session, actor=me, goal_id=goal_id, note="\n\nMy note\x00\n")
    goal = only_goal(db_session, luna)
    # Invisible and control characters go; what she typed stays (shown as text).
    assert goal.title == "Find a flat"
    assert goal.steps[0].text == "Call <the agency>"
    assert goal.note == "My note"
    with refused(ServiceError, code="path.text_too_long"):
        path.add_step(session=db_session, actor=me, goal_id=goal_id, text="x" * 201)


def test_not_now_parks_and_done_acknowledges(db_session, luna):
    me = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=me, starter_key="sleep_better")
    step = path.add_step(session=db_session, actor=me, goal_id=goal_id, text="No phone in bed")
    assert path.set_goal_status(session=db_session, actor=me, goal_id=goal_id,
                                status="parked").finished is False
    goal = only_goal(db_session, luna)
    assert goal.status == "parked" and [s.text for s in goal.steps] == ["No phone in bed"]
    assert path.toggle_step(session=db_session, actor=me, step_id=step) is True
    assert only_goal(db_session, luna).steps_done == 1
    assert path.set_goal_status(session=db_session, actor=me, goal_id=goal_id,
                                status="done").finished is True
    with refused(ServiceError, code="path.bad_status"):
        path.set_goal_status(session=db_session, actor=me, goal_id=goal_id, status="overdue")
    path.remove_goal(session=db_session, actor=me, goal_id=goal_id)
    assert count_rows(db_session, PathStep) == 0


def test_links_check_her_own_sight_of_each_object(db_session, luna):
    me = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=me, starter_key="ged_classes")
    listing = make_listing(db_session, name="Eastside GED Program")
    hidden = make_listing(db_session, name="Pending listing", status="pending")
    opportunity = make_opportunity(db_session, title="Food bank")
    closed = make_opportunity(db_session, title="Closed one", status="closed")
    group = make_group(db_session, name="Tuesday circle")
    not_mine = make_group(db_session, name="Other circle")
    add_member(db_session, group, luna)
    mentor = make_mentor(db_session, name="Sol Bright")
    match = make_match(db_session, luna, mentor)
    mine = booking(db_session, luna, mentor, match, starts_in=timedelta(days=2))
    stranger = make_survivor(db_session, name="Someone Else")
    theirs = booking(db_session, stranger, mentor,
                     make_match(db_session, stranger, mentor), starts_in=timedelta(days=3))
    for value in (f"resource:{listing.id}", f"opportunity:{opportunity.id}",
                  f"group:{group.id}", f"session:{mine.id}"):
        path.add_step(session=db_session, actor=me, goal_id=goal_id, text="Linked",
                      link=value)
    for value in (f"resource:{hidden.id}", f"opportunity:{closed.id}",
                  f"group:{not_mine.id}", f"session:{theirs.id}", "resource:999999"):
        with refused(NotFound):
            path.add_step(session=db_session, actor=me, goal_id=goal_id, text="x", link=value)
    with refused(ServiceError, code="path.bad_link"):
        path.add_step(session=db_session, actor=me, goal_id=goal_id, text="x", link="user:1")
    links = [step.link for step in only_goal(db_session, luna).steps]
    assert [(link.kind, link.label) for link in links] == [
        ("resource", "Eastside GED Program"), ("opportunity", "Food bank"),
        ("group", "Tuesday circle"), ("session", "")]
    choices = {choice.value for choice in path.my_path(session=db_session,
                                                       actor=me).link_choices}
    assert f"resource:{listing.id}" in choices and f"group:{group.id}" in choices
    assert f"resource:{hidden.id}" not in choices and f"group:{not_mine.id}" not in choices
    assert f"session:{theirs.id}" not in choices
    # Her mentor sees listings, opportunities and their own sessions, never her group.
    path.share_goal(session=db_session, actor=me, goal_id=goal_id, match_id=match.id)
    seen = path.mentee_path(session=db_session, actor=actor_of(mentor), match_id=match.id)
    assert [step.link.kind if step.link else None for step in seen.goals[0].steps] == [
        "resource", "opportunity", None, "session"]
    assert "Tuesday circle" not in repr(seen)


def test_a_link_she_allowed_ticks_its_step(db_session, luna):
    me = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=me, starter_key="volunteer_monthly")
    opportunity = make_opportunity(db_session, title="Food bank")
    path.add_step(session=db_session, actor=me, goal_id=goal_id, text="First shift",
                  link=f"opportunity:{opportunity.id}")
    mentor = make_mentor(db_session, name="Sol Bright")
    match = make_match(db_session, luna, mentor)
    held = booking(db_session, luna, mentor, match, starts_in=timedelta(hours=-3))
    path.add_step(session=db_session, actor=me, goal_id=goal_id, text="Talk it through",
                  link=f"session:{held.id}")
    signup = make_signup(db_session, make_shift(db_session, opportunity,
                                                starts_in=timedelta(days=-2)), luna)
    make_attendance(db_session, signup, approved_by=make_mentor(db_session))
    # Not allowed yet: nothing ticks by itself.
    assert [step.done for step in only_goal(db_session, luna).steps] == [False, False]
    path.save_goal(session=db_session, actor=me, goal_id=goal_id, auto_tick=True)
    steps = only_goal(db_session, luna).steps
    assert [(step.done, step.ticked_by_link) for step in steps] == [(True, True),
                                                                     (True, True)]
    # Her data export says the same as her plan: both steps done, by their links.
    exported = my_data.export_my_data(session=db_session, actor=me)["path"]["goals"][0]
    assert exported["ticks_itself"] is True
    assert [(step["done"], step["ticked_by_link"]) for step in exported["steps"]] == [
        (True, True), (True, True)]


def test_an_unapproved_shift_does_not_tick(db_session, luna):
    me = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=me, starter_key="volunteer_monthly")
    opportunity = make_opportunity(db_session, title="Food bank")
    path.add_step(session=db_session, actor=me, goal_id=goal_id, text="First shift",
                  link=f"opportunity:{opportunity.id}")
    path.save_goal(session=db_session, actor=me, goal_id=goal_id, auto_tick=True)
    signup = make_signup(db_session, make_shift(db_session, opportunity,
                                                starts_in=timedelta(days=-2)), luna)
    make_attendance(db_session, signup)
    assert only_goal(db_session, luna).steps[0].done is False


def test_session_agenda_before_and_notes_after(db_session, luna):
    mentor = make_mentor(db_session, name="Sol Bright")
    match = make_match(db_session, luna, mentor)
    soon = booking(db_session, luna, mentor, match, starts_in=timedelta(days=1))
    her, his = actor_of(luna), actor_of(mentor)
    goal_id = path.add_goal(session=db_session, actor=her, starter_key="bank_account")
    path.add_step(session=db_session, actor=her, goal_id=goal_id, text="Find a bank nearby")
    private_goal = path.add_goal(session=db_session, actor=her, title="Secret plan",
                                 stage="healing")
    path.share_goal(session=db_session, actor=her, goal_id=goal_id, match_id=match.id)
    path.add_agenda_point(session=db_session, actor=her, booking_id=soon.id,
                          text="How to pick a bank")
    theirs = path.add_agenda_point(session=db_session, actor=his, booking_id=soon.id,
                                   text="Documents you need")
    mine = path.session_notes(session=db_session, actor=her, booking_id=soon.id)
    assert [(point.text, point.mine) for point in mine.agenda] == [
        ("How to pick a bank", True), ("Documents you need", False)]
    assert [topic.text for topic in mine.suggested_topics] == ["Find a bank nearby"]
    assert "Secret plan" not in repr(mine) and private_goal
    his_view = path.session_notes(session=db_session, actor=his, booking_id=soon.id)
    assert his_view.suggested_topics == ()
    with refused(NotFound):
        path.remove_agenda_point(session=db_session, actor=her, point_id=theirs)
    with refused(ServiceError, code="path.notes_after"):
        path.save_private_note(session=db_session, actor=her, booking_id=soon.id, text="x")
    after = soon.start_at + timedelta(minutes=70)
    with refused(ServiceError, code="path.agenda_closed"):
        path.add_agenda_point(session=db_session, actor=her, booking_id=soon.id, text="x",
                              now=after)
    path.save_private_note(session=db_session, actor=her, booking_id=soon.id,
                           text="I felt heard", now=after)
    path.save_private_note(session=db_session, actor=his, booking_id=soon.id,
                           text="She is doing well", now=after)
    path.save_agreed_note(session=db_session, actor=his, booking_id=soon.id,
                          text="Luna visits two banks", now=after)
    hers = path.session_notes(session=db_session, actor=her, booking_id=soon.id, now=after)
    his_view = path.session_notes(session=db_session, actor=his, booking_id=soon.id,
                                  now=after)
    assert hers.private_note == "I felt heard" and "She is doing well" not in repr(hers)
    assert his_view.private_note == "She is doing well" and "I felt heard" not in repr(his_view)
    assert hers.agreed_note == his_view.agreed_note == "Luna visits two banks"
    # Strangers and staff are refused; once the match ends neither reads it here.
    stranger = make_mentor(db_session, name="Other Mentor")
    with refused(NotFound):
        path.session_notes(session=db_session, actor=actor_of(stranger), booking_id=soon.id)
    matches.end_match(session=db_session, actor=his, match_id=match.id)
    with refused(ServiceError, code="calendar.session_closed"):
        path.session_notes(session=db_session, actor=his, booking_id=soon.id, now=after)


def test_export_and_erasure(db_session, luna):
    mentor = make_mentor(db_session, name="Sol Bright")
    match = make_match(db_session, luna, mentor)
    held = booking(db_session, luna, mentor, match, starts_in=timedelta(hours=-2))
    her = actor_of(luna)
    goal_id = path.add_goal(session=db_session, actor=her, starter_key="own_id")
    path.save_goal(session=db_session, actor=her, goal_id=goal_id, note="Only for me")
    path.add_step(session=db_session, actor=her, goal_id=goal_id, text="Birth certificate")
    path.share_goal(session=db_session, actor=her, goal_id=goal_id, match_id=match.id)
    path.suggest_step(session=db_session, actor=actor_of(mentor), goal_id=goal_id,
                      text="Ask the clinic")
    path.save_private_note(session=db_session, actor=her, booking_id=held.id, text="Calm")
    path.save_agreed_note(session=db_session, actor=her, booking_id=held.id, text="Next week")
    data = my_data.export_my_data(session=db_session, actor=her)["path"]
    assert data["goals"][0]["note"] == "Only for me"
    assert [step["text"] for step in data["goals"][0]["steps"]] == ["Birth certificate",
                                                                   "Ask the clinic"]
    assert {note["kind"] for note in data["session_notes"]} == {"private", "agreed"}
    # The mentor's export holds none of her plan.
    assert "Only for me" not in repr(my_data.export_my_data(session=db_session,
                                                            actor=actor_of(mentor)))
    my_data.delete_my_account(session=db_session, actor=her, passphrase=PASSPHRASE)
    assert count_rows(db_session, PathGoal) == 0 and count_rows(db_session, PathStep) == 0
    assert db_session.execute(select(SessionNote.author_id)).scalars().all() == []
