"""Blocking: one-directional record, seen both ways, hooks run, never oneself."""

from __future__ import annotations

from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError
from tests.factories.accounts import actor_of, make_user
from tests.refusals import refused


def test_block_is_seen_from_both_sides_and_runs_hooks(db_session, monkeypatch):
    fox, wren, lark = (make_user(db_session, name=n) for n in ("Fox one", "Wren two", "Lark 3"))
    calls = []
    monkeypatch.setattr(blocks, "ON_BLOCK", [lambda s, a, b: calls.append((a, b))])
    blocks.block_member(session=db_session, actor=actor_of(fox), member_id=wren.id)
    blocks.block_member(session=db_session, actor=actor_of(fox), member_id=wren.id)
    assert blocks.blocked_either_way(db_session, fox.id) == {wren.id}
    assert blocks.blocked_either_way(db_session, wren.id) == {fox.id}
    assert blocks.is_blocked_between(db_session, wren.id, fox.id)
    assert not blocks.is_blocked_between(db_session, fox.id, lark.id)
    assert calls == [(fox.id, wren.id), (fox.id, wren.id)]
    assert blocks.my_blocks(session=db_session, actor=actor_of(fox)) == [(wren.id, "Wren two")]
    blocks.unblock_member(session=db_session, actor=actor_of(fox), member_id=wren.id)
    assert blocks.blocked_either_way(db_session, wren.id) == set()


def test_cannot_block_yourself_or_nobody(db_session):
    fox = make_user(db_session, name="Fox one")
    with refused(ServiceError, code="block.not_yourself"):
        blocks.block_member(session=db_session, actor=actor_of(fox), member_id=fox.id)
    with refused(NotFound):
        blocks.block_member(session=db_session, actor=actor_of(fox), member_id=999_999)


def test_out_of_range_ids_are_not_found_on_every_database(db_session):
    fox = make_user(db_session, name="Fox one")
    for bad in (10**18, -1, 0, "abc", None, True, 2**31):
        with refused(NotFound):
            blocks.block_member(session=db_session, actor=actor_of(fox), member_id=bad)
