"""The demo `make run` seeds (LANTERN_DEMO_HISTORY=1) shows every chart of /insights
with figures, on SQLite and PostgreSQL; the made-up year is recognisable and the page
says so; the demo the browser tests seed (no flag) has none of it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.demo import seed_demo_data
from portal.demo.insights_history import HISTORY_FLAG, HISTORY_ORGANISATION
from portal.domain.insights import RANGE_WEEKS, SHOWN, week_start
from portal.domain.permissions import Actor
from portal.models import User
from portal.models.groups import GroupPost
from portal.models.types import utcnow
from portal.services import insights


def _admin(session) -> Actor:
    owl = session.execute(select(User).where(User.display_name == "Admin Owl")).scalar_one()
    return Actor(id=owl.id, roles=frozenset(owl.roles.split(",")))


def test_every_chart_has_figures_on_the_demo_with_its_made_up_year(db_session, monkeypatch):
    monkeypatch.setenv(HISTORY_FLAG, "1")
    monkeypatch.setenv("LANTERN_DEMO_MODE", "1")
    seed_demo_data(session=db_session)
    admin = _admin(db_session)
    for weeks in RANGE_WEEKS:
        view = insights.programme_insights(session=db_session, actor=admin, weeks=weeks)
        empty = [figure.key for section in view.sections for figure in section.figures
                 if not any(row.cell.state == SHOWN and (row.cell.value or 0) > 0
                            for row in figure.rows)]
        assert empty == [], (weeks, empty)
        assert view.demo_history_before == week_start(utcnow().date())
    # Recognisable: its own organisation and names, none able to sign in, all in the past.
    made_up = db_session.execute(select(User).where(
        User.organisation == HISTORY_ORGANISATION)).scalars().all()
    assert len(made_up) > 300
    assert all(u.display_name.endswith("(demo)") and u.password_hash is None
               for u in made_up)
    newest = db_session.execute(select(func.max(GroupPost.created_at)).where(
        GroupPost.author_id.in_([u.id for u in made_up]))).scalar_one()
    assert newest < utcnow() - timedelta(days=utcnow().weekday())


def test_the_browser_tests_demo_has_no_made_up_year(db_session, monkeypatch):
    monkeypatch.delenv(HISTORY_FLAG, raising=False)
    monkeypatch.setenv("LANTERN_DEMO_MODE", "1")
    seed_demo_data(session=db_session)
    assert db_session.execute(select(func.count()).select_from(User).where(
        User.organisation == HISTORY_ORGANISATION)).scalar_one() == 0
    view = insights.programme_insights(session=db_session, actor=_admin(db_session))
    assert view.demo_history_before is None
