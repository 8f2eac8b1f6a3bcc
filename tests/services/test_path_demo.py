"""The demo shows a realistic plan for Luna: one goal shared with Sol, the rest hers."""

from __future__ import annotations

from sqlalchemy import select

from portal.demo import seed_demo_data
from portal.models import User
from portal.services import path
from tests.factories.accounts import actor_of


def test_demo_luna_has_a_plan_and_sol_sees_only_the_shared_goal(db_session):
    seed_demo_data(session=db_session)
    people = {user.display_name: user for user in db_session.execute(select(User)).scalars()}
    luna, sol = people["Survivor Luna"], people["Mentor Sol"]
    mine = path.my_path(session=db_session, actor=actor_of(luna))
    assert [(goal.starter_key, goal.status, goal.shared) for goal in mine.goals] == [
        ("own_id", "active", True), ("monthly_budget", "active", False),
        ("sleep_better", "parked", False)]
    assert any(step.link and step.link.kind == "resource" for step in mine.goals[0].steps)
    (mentee,) = path.my_mentees(session=db_session, actor=actor_of(sol))
    seen = path.mentee_path(session=db_session, actor=actor_of(sol), match_id=mentee.match_id)
    assert [goal.starter_key for goal in seen.goals] == ["own_id"]
    assert [step.waiting for step in seen.goals[0].steps] == [False, False, True]
    assert "copias" not in repr(seen)
