"""My data: the export holds what we keep (and no secrets); deletion leaves nothing."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from portal.models import User
from portal.services.accounts import blocks, my_data
from portal.services.accounts import members as accounts
from portal.services.errors import ServiceError
from tests.factories.accounts import PASSPHRASE, actor_of, make_invite, make_user
from tests.refusals import refused


def test_export_holds_the_profile_sessions_and_blocks_but_no_secrets(db_session):
    fox = make_user(db_session, name="Quiet Fox", email="fox@example.org")
    wren = make_user(db_session, name="Brave Wren")
    accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.8.0.1")
    blocks.block_member(session=db_session, actor=actor_of(fox), member_id=wren.id)
    data = my_data.export_my_data(session=db_session, actor=actor_of(fox))
    assert data["profile"]["display_name"] == "Quiet Fox"
    assert data["profile"]["email"] == "fox@example.org"
    assert len(data["sessions"]) == 1
    assert data["blocked_members"] == ["Brave Wren"]
    flat = repr(data)
    assert "argon2" not in flat and "token" not in flat and "hash" not in flat


def test_deleting_needs_the_passphrase(db_session):
    fox = make_user(db_session, name="Quiet Fox")
    with refused(ServiceError, code="auth.current_passphrase_wrong"):
        my_data.delete_my_account(session=db_session, actor=actor_of(fox),
                                  passphrase="not my passphrase")
    assert db_session.get(User, fox.id) is not None


def test_deletion_leaves_no_row_that_points_at_the_member(db_session, db_engine):
    fox = make_user(db_session, name="Quiet Fox")
    wren = make_user(db_session, name="Brave Wren")
    accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.8.0.2")
    accounts.issue_recovery_codes(session=db_session, actor=actor_of(fox),
                                  passphrase=PASSPHRASE)
    blocks.block_member(session=db_session, actor=actor_of(fox), member_id=wren.id)
    blocks.block_member(session=db_session, actor=actor_of(wren), member_id=fox.id)
    make_invite(db_session, created_by=fox)
    fox_id = fox.id
    my_data.delete_my_account(session=db_session, actor=actor_of(fox), passphrase=PASSPHRASE)
    db_session.expire_all()
    assert db_session.get(User, fox_id) is None
    assert db_session.execute(select(User.display_name)).scalars().all() == ["Brave Wren"]
    # Every column that references users.id holds no trace of the deleted member.
    leftovers = {}
    for table_name in inspect(db_engine).get_table_names():
        for foreign_key in inspect(db_engine).get_foreign_keys(table_name):
            if foreign_key["referred_table"] != "users":
                continue
            for column in foreign_key["constrained_columns"]:
                count = db_session.execute(
                    text(f'SELECT count(*) FROM "{table_name}" WHERE "{column}" = :id'),
                    {"id": fox_id}).scalar_one()
                if count:
                    leftovers[f"{table_name}.{column}"] = count
    assert leftovers == {}
