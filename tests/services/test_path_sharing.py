"""My path, every sharing rule proven from the other side: the mentor's own service
calls see a goal only while she shares it in an open match; her notes never reach
them; unsharing, ending the match, a block and a suspension end their sight at once;
staff and other members are refused with her ids."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models.path import PathStep
from portal.services import path
from portal.services.accounts import blocks
from portal.services.accounts import staff as staff_tools
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring import matches
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

PRIVATE = "I am scared of the office, only for me"


@pytest.fixture
def pair(db_session):
    luna = make_survivor(db_session, name="Luna Quiet")
    sol = make_mentor(db_session, name="Sol Bright")
    match = make_match(db_session, luna, sol)
    goal_id = path.add_goal(session=db_session, actor=actor_of(luna), starter_key="ged_classes")
    path.save_goal(session=db_session, actor=actor_of(luna), goal_id=goal_id, note=PRIVATE,
                   target_month="")
    path.add_step(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                  text="Call the adult school")
    return luna, sol, match, goal_id


def mentor_sees(session, sol, match) -> list[int]:
    try:
        view = path.mentee_path(session=session, actor=actor_of(sol), match_id=match.id)
    except NotFound:
        return []
    return [goal.id for goal in view.goals]


def share(session, luna, match, goal_id) -> None:
    path.share_goal(session=session, actor=actor_of(luna), goal_id=goal_id, match_id=match.id)


def test_a_goal_is_private_until_she_shares_it(db_session, pair):
    luna, sol, match, goal_id = pair
    assert mentor_sees(db_session, sol, match) == []
    with refused(NotFound):
        path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                          text="Bring your ID")
    share(db_session, luna, match, goal_id)
    assert mentor_sees(db_session, sol, match) == [goal_id]
    mine = path.my_path(session=db_session, actor=actor_of(luna))
    assert mine.goals[0].shared and mine.goals[0].shared_with == "Sol Bright"


def test_her_note_never_reaches_the_mentor(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    view = path.mentee_path(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert PRIVATE not in repr(view)
    assert not hasattr(view.goals[0], "note")
    assert [step.text for step in view.goals[0].steps] == ["Call the adult school"]
    # She reads her own note.
    assert path.my_path(session=db_session, actor=actor_of(luna)).goals[0].note == PRIVATE


def test_mentor_suggests_a_step_she_accepts_or_lets_go(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    kept = path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                             text="Ask about evening classes")
    dropped = path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                                text="Visit the library")
    steps = path.my_path(session=db_session, actor=actor_of(luna)).goals[0].steps
    waiting = {step.text: step.waiting for step in steps}
    assert waiting == {"Call the adult school": False, "Ask about evening classes": True,
                       "Visit the library": True}
    with refused(ServiceError, code="path.accept_first"):
        path.toggle_step(session=db_session, actor=actor_of(luna), step_id=kept)
    path.accept_step(session=db_session, actor=actor_of(luna), step_id=kept)
    path.remove_step(session=db_session, actor=actor_of(luna), step_id=dropped)
    seen = path.mentee_path(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert [(step.text, step.waiting) for step in seen.goals[0].steps] == [
        ("Call the adult school", False), ("Ask about evening classes", False)]
    # The mentor can neither accept, tick nor remove steps of her plan.
    for call in (path.accept_step, path.toggle_step, path.remove_step):
        with refused():
            call(session=db_session, actor=actor_of(sol), step_id=kept)


def test_unsharing_ends_the_mentors_sight_at_once(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    path.unshare_goal(session=db_session, actor=actor_of(luna), goal_id=goal_id)
    assert mentor_sees(db_session, sol, match) == []
    with refused(NotFound):
        path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                          text="Bring your ID")


def test_ending_the_match_ends_the_sharing(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    matches.end_match(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert mentor_sees(db_session, sol, match) == []
    with refused(NotFound):
        path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                          text="Bring your ID")
    assert not path.my_path(session=db_session, actor=actor_of(luna)).goals[0].shared
    # A new match with another mentor does not inherit the old sharing.
    other = make_mentor(db_session, name="Rio Calm")
    new_match = make_match(db_session, luna, other)
    assert mentor_sees(db_session, other, new_match) == []


@pytest.mark.parametrize("blocker", ["survivor", "mentor"])
def test_a_block_either_way_ends_the_sharing(db_session, pair, blocker):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    first, second = (luna, sol) if blocker == "survivor" else (sol, luna)
    blocks.block_member(session=db_session, actor=actor_of(first), member_id=second.id)
    assert mentor_sees(db_session, sol, match) == []
    with refused(NotFound):
        path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                          text="Bring your ID")


def test_a_block_ends_sight_even_if_the_match_row_stayed_active(db_session, pair):
    """The read-time check does not rely on the block hook ending the match."""
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    from portal.models.accounts import Block
    db_session.add(Block(blocker_id=luna.id, blocked_id=sol.id))
    db_session.commit()
    assert mentor_sees(db_session, sol, match) == []


@pytest.mark.parametrize("who", ["survivor", "mentor"])
def test_suspension_of_either_ends_the_sharing(db_session, pair, who):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    admin = make_user(db_session, name="Site Admin", roles=("admin",))
    staff_tools.set_suspended(session=db_session, actor=actor_of(admin),
                              member_id=(luna if who == "survivor" else sol).id,
                              suspended=True, reason="checking")
    db_session.refresh(luna)
    db_session.refresh(sol)
    if who == "survivor":
        assert mentor_sees(db_session, sol, match) == []
    else:
        with refused():
            path.mentee_path(session=db_session, actor=actor_of(sol), match_id=match.id)
        staff_tools.set_suspended(session=db_session, actor=actor_of(admin), member_id=sol.id,
                                  suspended=False)
        db_session.refresh(sol)
        assert mentor_sees(db_session, sol, match) == [goal_id]


@pytest.mark.parametrize("role", ["admin", "moderator", "coordinator", "partner"])
def test_staff_never_read_or_touch_goals(db_session, pair, role):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    staff = actor_of(make_user(db_session, name=f"Staff {role}", roles=(role,)))
    step_id = db_session.execute(select(PathStep.id)).scalars().first()
    before = snapshot(db_session)
    with refused(PermissionDenied):
        path.my_path(session=db_session, actor=staff)
    with refused(PermissionDenied):
        path.mentee_path(session=db_session, actor=staff, match_id=match.id)
    with refused(PermissionDenied):
        path.suggest_step(session=db_session, actor=staff, goal_id=goal_id, text="Hello")
    with refused(PermissionDenied):
        path.save_goal(session=db_session, actor=staff, goal_id=goal_id, note="x")
    with refused(PermissionDenied):
        path.toggle_step(session=db_session, actor=staff, step_id=step_id)
    assert snapshot(db_session) == before


def test_other_members_are_refused_with_her_ids(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    step_id = db_session.execute(select(PathStep.id)).scalars().first()
    other_survivor = make_survivor(db_session, name="Other Survivor")
    other_mentor = make_mentor(db_session, name="Other Mentor")
    before = snapshot(db_session)
    for stranger in (other_survivor, other_mentor, sol):
        actor = actor_of(stranger)
        for call, args in ((path.save_goal, {"goal_id": goal_id, "note": "x"}),
                           (path.set_goal_status, {"goal_id": goal_id, "status": "done"}),
                           (path.remove_goal, {"goal_id": goal_id}),
                           (path.unshare_goal, {"goal_id": goal_id}),
                           (path.add_step, {"goal_id": goal_id, "text": "x"}),
                           (path.toggle_step, {"step_id": step_id}),
                           (path.remove_step, {"step_id": step_id}),
                           (path.share_goal, {"goal_id": goal_id, "match_id": match.id})):
            with refused():
                call(session=db_session, actor=actor, **args)
    with refused(NotFound):
        path.mentee_path(session=db_session, actor=actor_of(other_mentor), match_id=match.id)
    with refused(NotFound):
        path.suggest_step(session=db_session, actor=actor_of(other_mentor), goal_id=goal_id,
                          text="Hello")
    # Her own plan lists none of the strangers' things, and theirs none of hers.
    assert path.my_path(session=db_session, actor=actor_of(other_survivor)).goals == ()
    assert snapshot(db_session) == before


def test_she_shares_only_with_her_own_open_match(db_session, pair):
    luna, sol, match, goal_id = pair
    someone = make_survivor(db_session, name="Someone Else")
    their_match = make_match(db_session, someone, make_mentor(db_session, name="Their Mentor"))
    with refused(NotFound):
        path.share_goal(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                        match_id=their_match.id)
    ended = make_match(db_session, luna, make_mentor(db_session, name="Old Mentor"),
                       status="ended")
    with refused(NotFound):
        path.share_goal(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                        match_id=ended.id)


def test_a_milestone_line_reaches_the_mentor_only_if_she_says_so(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    result = path.set_goal_status(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                                  status="done")
    assert result.finished
    path.save_milestone(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                        line="I did it, I started classes", share=False)
    seen = path.mentee_path(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert seen.goals[0].milestone_line == ""
    path.save_milestone(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                        line="I did it, I started classes", share=True)
    seen = path.mentee_path(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert seen.goals[0].milestone_line == "I did it, I started classes"


def test_a_mentors_suggestion_goes_through_the_watched_words(db_session, pair):
    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    with refused(ServiceError, code="path.suggestion_not_sent"):
        path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                          text="Text me on 555-123-4567 tonight")
    steps = path.my_path(session=db_session, actor=actor_of(luna)).goals[0].steps
    assert [step.text for step in steps] == ["Call the adult school"]


def test_nothing_from_my_path_becomes_a_notification_or_reminder(db_session, pair):
    """Goal titles and suggestions never leave the page: no notification, no reminder
    (and so no e-mail) is made by anything done on My path."""
    from portal.models.notifications import Notification, Reminder
    from tests.factories import count_rows

    luna, sol, match, goal_id = pair
    share(db_session, luna, match, goal_id)
    step = path.suggest_step(session=db_session, actor=actor_of(sol), goal_id=goal_id,
                             text="Ask about evening classes")
    path.accept_step(session=db_session, actor=actor_of(luna), step_id=step)
    path.set_goal_status(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                         status="done")
    path.save_milestone(session=db_session, actor=actor_of(luna), goal_id=goal_id,
                        line="Done", share=True)
    path.unshare_goal(session=db_session, actor=actor_of(luna), goal_id=goal_id)
    assert count_rows(db_session, Notification) == 0
    assert count_rows(db_session, Reminder) == 0
