"""One read of a thread asks "does a block or a mute hide this author from her?" up to six
times (the thread, its posts, whether she may reply; a live push asks for the posts
twice). Her blocks and her mutes are read once each per read (issue 14: every statement
costs every tab on every open), and the answers stay what each question alone gave
(the rules' own tests: test_groups.py, test_groups_anonymous_block.py,
test_live_thread_reads.py).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.models.types import utcnow
from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import anonymous_mutes, feed
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by


@contextmanager
def statements_run(session):
    """Every statement run, its whitespace made single spaces."""
    found: list[str] = []

    def counted(_conn, _cursor, sql, *_rest) -> None:
        found.append(" ".join(sql.split()))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", counted)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", counted)


@contextmanager
def tables_read(session):
    """How many statements read each of ``blocks`` and ``anonymous_mutes`` (counted as
    the block ends)."""
    found = {"blocks": 0, "anonymous_mutes": 0}
    with statements_run(session) as run:
        try:
            yield found
        finally:
            for table in found:
                found[table] = sum(f"FROM {table}" in sql for sql in run)


@pytest.fixture
def circle(db_session):
    group = make_group(db_session, allow_anonymous=True)
    people = {name: make_member(db_session, group, name=name, established=True)
              for name in ("Willow", "Maple", "Juniper", "Sage")}
    people["Heron"] = make_moderator(db_session, group, name="Heron")
    started = thread_by(db_session, people["Juniper"], group, title="Small wins",
                        body="I cooked for myself today.")
    named = reply_by(db_session, people["Maple"], started.thread_id, body="That is wonderful.")
    masked = reply_by(db_session, people["Sage"], started.thread_id, body="Me too, quietly.",
                      anonymous=True)
    blocks.block_member(session=db_session, actor=actor_of(people["Willow"]),
                        member_id=people["Maple"].id)
    anonymous_mutes.mute(db_session, muter_id=people["Willow"].id,
                         author_id=people["Sage"].id, post_id=masked.post_id, now=utcnow())
    db_session.commit()
    return dict(people=people, thread=started.thread_id,
                shown=(started.post_id, named.post_id, masked.post_id))


@pytest.mark.parametrize("reader", ["Willow", "Maple", "Juniper", "Heron"])
def test_a_thread_read_reads_her_blocks_and_mutes_once(db_session, circle, reader):
    actor = actor_of(circle["people"][reader])
    with tables_read(db_session) as read:
        view = feed.read_thread(session=db_session, actor=actor, thread_id=circle["thread"])
    assert read["blocks"] <= 1 and read["anonymous_mutes"] <= 1, read
    if reader == "Willow":  # both rules still hold: Maple's named reply, Sage's anonymous one
        assert [post.body for post in view.posts] == ["I cooked for myself today."]
    with tables_read(db_session) as read:
        changes = feed.read_thread_changes(session=db_session, actor=actor,
                                           thread_id=circle["thread"],
                                           shown=circle["shown"], after=max(circle["shown"]))
    assert read["blocks"] <= 1 and read["anonymous_mutes"] <= 1, read
    if reader == "Willow":
        assert [post.body for post in changes.view.posts] == ["I cooked for myself today."]


def test_a_thread_by_someone_she_blocked_is_still_refused_in_one_read(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, name="Willow", established=True)
    maple = make_member(db_session, group, name="Maple", established=True)
    started = thread_by(db_session, maple, group, title="Hello", body="Morning, all.")
    blocks.block_member(session=db_session, actor=actor_of(willow), member_id=maple.id)
    with tables_read(db_session) as read, pytest.raises(NotFound):
        feed.read_thread(session=db_session, actor=actor_of(willow),
                         thread_id=started.thread_id)
    assert read["blocks"] == 1, read


@pytest.mark.parametrize("reader", ["Willow", "Heron"])
def test_a_page_of_a_thread_is_read_in_seven_statements(db_session, circle, reader):
    """The thread with its group, her membership, her blocks, her mutes (readers.py),
    then the page, its reactions and her reports: the same rules as every reader's push,
    and no ORM object for the thread, its group or its posts."""
    actor = actor_of(circle["people"][reader])
    db_session.expunge_all()  # nothing already at hand
    with statements_run(db_session) as run:
        view = feed.read_thread(session=db_session, actor=actor, thread_id=circle["thread"])
    assert len(run) == 7, run
    assert sum("FROM group_threads" in sql for sql in run) == 1, run
    bodies = [post.body for post in view.posts]
    if reader == "Willow":
        assert bodies == ["I cooked for myself today."]
    else:  # a moderator sees every post
        assert bodies == ["I cooked for myself today.", "That is wonderful.", "Me too, quietly."]
        assert view.can_moderate


def test_a_refused_reader_still_hears_why(db_session):
    """The plain read refuses her; ``_access`` reads again and says why, as before."""
    group = make_group(db_session, visibility="private")
    outsider = make_member(db_session, make_group(db_session), name="Rowan")
    maple = make_member(db_session, group, name="Maple", established=True)
    started = thread_by(db_session, maple, group, title="Hello", body="Morning, all.")
    with pytest.raises(ServiceError) as refused:
        feed.read_thread(session=db_session, actor=actor_of(outsider),
                         thread_id=started.thread_id)
    assert refused.value.code == "groups.join_first"
    with pytest.raises(NotFound):
        feed.read_thread(session=db_session, actor=actor_of(maple), thread_id="not-a-thread")
