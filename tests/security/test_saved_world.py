"""The matrix's saved world is the world the seeds made (tests/security/saved_world.py)."""

from __future__ import annotations

from sqlmodel import select

from portal.models import User
from tests.conftest import _empty_all_tables
from tests.factories import table_rows
from tests.factories.accounts import make_user
from tests.security import saved_world


def test_the_world_put_back_is_row_for_row_the_one_the_seeds_made(db_engine, app_db):
    saved_world.forget_saved_worlds()
    seeded = saved_world.seeded_world(app_db)
    made = table_rows(app_db)
    assert made["group_posts"] and made["insights_post_weeks"], "the seeds wrote posts"
    # A test changes things; the next test's database is emptied, then gets the world back.
    make_user(app_db, name="Somebody new")
    app_db.close()
    _empty_all_tables(db_engine)
    before = saved_world.restored
    again = saved_world.seeded_world(app_db)
    assert saved_world.restored == before + 1, "the saved copy was not used"
    assert again is seeded
    assert table_rows(app_db) == made
    # Ids carry on after the world's, as they did after seeding (no clash, no gap).
    newest = max(app_db.exec(select(User.id)).all())
    assert make_user(app_db, name="After the world").id == newest + 1


def test_a_saved_world_older_than_a_minute_is_seeded_afresh(db_engine, app_db, monkeypatch):
    saved_world.forget_saved_worlds()
    first = saved_world.seeded_world(app_db)
    app_db.close()
    _empty_all_tables(db_engine)
    monkeypatch.setattr(saved_world, "MAX_AGE_SECONDS", 0.0)
    before = saved_world.restored
    second = saved_world.seeded_world(app_db)
    assert second is not first and saved_world.restored == before
    assert app_db.get(User, second.target.id) is not None
