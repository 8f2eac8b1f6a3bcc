"""My path on two phones at 390x844 (issue 16).

Demo data: Survivor Luna (Spanish) is matched with Mentor Sol. Luna adds "Start GED
classes" from the starter ideas, adds a step linked to the "Second Chance GED" directory
listing and shares the goal with Sol. On his phone Sol sees it (never her note) and
suggests a step; Luna adds it to her steps. She stops sharing, and Sol's page no longer
shows the goal. The goal is removed at the end so the demo plan is as it was. Luna reads
Spanish: the test finds things by id.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import delete, select

from portal import routes
from portal.models import User
from portal.models.calendar import SessionBooking
from portal.models.path import PathGoal, PathStep, SessionNote
from portal.models.types import utcnow
from tests.e2e.conftest import (
    OUTPUT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

SURVIVOR, MENTOR = "Survivor Luna", "Mentor Sol"
NOTE = "Me da nervios la matemática"


def check_page(visit, name: str) -> None:
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert serious_accessibility_violations(page) == [], name
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"path-{name}-390x844.png"), full_page=True)


def forget_ged_goal(session, luna_id: int) -> None:
    """Leave Luna's demo plan as it was (and let a rerun pick the starter again)."""
    goals = select(PathGoal.id).where(PathGoal.owner_id == luna_id,
                                      PathGoal.starter_key == "ged_classes")
    session.execute(delete(PathStep).where(PathStep.goal_id.in_(goals)))
    session.execute(delete(PathGoal).where(PathGoal.id.in_(goals)))
    session.commit()


def the_scene(app) -> dict:
    with app_database(app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        luna, sol = named[SURVIVOR], named[MENTOR]
        match_id = active_match_id(session, luna, sol)
        forget_ged_goal(session, luna.id)
        return dict(luna=luna.id, sol=sol.id, match=match_id)


def ged_goal_id(app, luna_id: int) -> int:
    with app_database(app) as session:
        return session.execute(select(PathGoal.id).where(
            PathGoal.owner_id == luna_id, PathGoal.starter_key == "ged_classes")).scalar_one()


def waiting_step_id(app, goal_id: int) -> int:
    with app_database(app) as session:
        return session.execute(select(PathStep.id).where(
            PathStep.goal_id == goal_id, PathStep.accepted.is_(False))).scalar_one()


def a_session_in_three_days(app, scene: dict) -> int:
    start = (utcnow() + timedelta(days=3)).replace(hour=3, minute=17, second=0,
                                                   microsecond=0)
    with app_database(app) as session:
        booking = SessionBooking(match_id=scene["match"], survivor_id=scene["luna"],
                                 mentor_id=scene["sol"], start_at=start,
                                 end_at=start + timedelta(hours=1), mode="video")
        session.add(booking)
        session.commit()
        return booking.id


def forget_session(app, booking_id: int) -> None:
    with app_database(app) as session:
        session.execute(delete(SessionNote).where(SessionNote.booking_id == booking_id))
        session.execute(delete(SessionBooking).where(SessionBooking.id == booking_id))
        session.commit()


def test_luna_shares_a_goal_sol_suggests_a_step_and_unsharing_hides_it(tabs, live_app):
    scene = the_scene(live_app)
    luna, sol = tabs(audited=True), tabs(audited=True)
    booking_id = 0
    try:
        sign_in(luna, SURVIVOR)
        page = luna.page
        luna.go(routes.PATH)
        expect(page.locator("#path-intro")).to_be_visible()
        check_page(luna, "plan")

        # From the starter ideas, under "Daily life".
        page.locator("#starter-stage-daily_life").tap()
        page.locator("#starter-ged_classes").tap()
        goal = page.locator(".path-goal").filter(has_text="Empezar clases de GED")
        expect(goal).to_be_visible()
        goal_id = ged_goal_id(live_app, scene["luna"])
        card = page.locator(f"#goal-{goal_id}")

        # A step linked to a directory listing, and a note only for her.
        card.locator(f"#add-step-{goal_id}").tap()
        card.locator(f"#step-text-{goal_id}").fill("Llamar al programa")
        link = card.locator(f"#step-link-{goal_id}")
        value = link.locator("option", has_text="Second Chance GED").get_attribute("value")
        link.select_option(value)
        card.locator("form.add-step button[type=submit]").tap()
        expect(card.locator("a", has_text="Second Chance GED")).to_be_visible()
        card.locator(f"#edit-goal-{goal_id}").tap()
        card.locator(f"#goal-note-{goal_id}").fill(NOTE)
        card.locator("form button[type=submit]").last.tap()
        expect(page.locator(".notice-ok")).to_be_visible()

        # She shares it with Sol.
        card.locator("form.share-form button[type=submit]").tap()
        expect(card.locator(f"#unshare-{goal_id}")).to_be_visible()
        check_page(luna, "shared")

        # Sol sees the goal and its step, never her note; he suggests a step.
        sign_in(sol, MENTOR)
        sol.go(routes.PATH)
        mentee_link = sol.page.locator("#my-mentees a").first
        expect(mentee_link).to_be_visible()
        sol.go(routes.path_mentee(scene["match"]))
        shared = sol.page.locator(f"#shared-goal-{goal_id}")
        expect(shared).to_be_visible()
        expect(shared).to_contain_text("Llamar al programa")
        assert NOTE not in sol.page.content()
        check_page(sol, "mentee")
        shared.locator(f"#suggest-{goal_id}").fill("Ask about evening classes")
        shared.locator("button[type=submit]").tap()
        expect(shared).to_contain_text("Ask about evening classes")

        # Luna adds his suggestion to her steps.
        luna.go(routes.PATH)
        step_id = waiting_step_id(live_app, goal_id)
        page.locator(f"#accept-{step_id}").tap()
        expect(page.locator(f"#accept-{step_id}")).to_have_count(0)
        with app_database(live_app) as session:
            assert session.get(PathStep, step_id).accepted is True

        # She stops sharing: Sol's page no longer shows the goal.
        page.locator(f"#unshare-{goal_id}").tap()
        expect(page.locator(f"#goal-{goal_id} form.share-form")).to_be_visible()
        sol.go(routes.path_mentee(scene["match"]))
        expect(sol.page.locator("#nothing-shared, #shared-goals").first).to_be_visible()
        expect(sol.page.locator(f"#shared-goal-{goal_id}")).to_have_count(0)
        assert "Llamar al programa" not in sol.page.content()

        # Before a booked session, she adds an agenda point; Sol sees it on his phone.
        booking_id = a_session_in_three_days(live_app, scene)
        luna.go(routes.path_session(booking_id))
        page.locator("#agenda-text").fill("Cómo elegir un banco")
        page.locator("#agenda-text").press("Enter")
        expect(page.locator("#agenda")).to_contain_text("Cómo elegir un banco")
        check_page(luna, "session")
        sol.go(routes.path_session(booking_id))
        expect(sol.page.locator("#agenda")).to_contain_text("Cómo elegir un banco")
    finally:
        if booking_id:
            forget_session(live_app, booking_id)
        with app_database(live_app) as session:
            forget_ged_goal(session, scene["luna"])
