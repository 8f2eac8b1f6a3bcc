"""The weekly rollups of the posts (``portal.models.insights``, kept by triggers) always
equal the counts made from the posts themselves, on SQLite and PostgreSQL: after posts
are written, held, deleted by their author, moved to another week, erased with an
account, and when a member writes and deletes through the groups service."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update

from portal.domain.insights import SHOWN, menu, week_range
from portal.models.groups import GroupPost, GroupThread
from portal.services import insights
from portal.services.groups import posts as group_posts
from portal.services.insights._build import Period, Scope
from portal.services.insights.sections import _post_scans, _post_weeks
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group, make_member

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
END = datetime(2026, 11, 30, tzinfo=UTC)  # the Monday the ranges end on
PERIOD = Period(chosen=week_range(13, NOW.date()), menu=menu(NOW.date()))


def _nonzero(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value}


def _assert_rollups_match(session) -> tuple[dict, dict, dict]:
    session.commit()
    rolled = [_nonzero(part) for part in _post_weeks(session, PERIOD)]
    scanned = [_nonzero(part) for part in _post_scans(session, PERIOD, Scope())]
    assert rolled == scanned
    return rolled[0], rolled[1], rolled[2]


def test_rollups_equal_the_posts_after_every_kind_of_write(db_session):
    rng = random.Random(17)
    group = make_group(db_session)
    authors = [make_user(db_session) for _ in range(8)]
    thread = GroupThread(group_id=group.id, author_id=authors[0].id, title="Hello",
                         status="visible")
    db_session.add(thread)
    db_session.flush()
    moments = [END - timedelta(weeks=w, hours=h) for w in range(0, 6) for h in (1, 30, 150)]
    # Midnight on a Monday belongs to the week it starts.
    moments.append(END - timedelta(weeks=2))
    for index in range(120):
        db_session.add(GroupPost(
            thread_id=thread.id, group_id=group.id, author_id=rng.choice(authors).id,
            is_opening=index % 7 == 0, body="Hello.",
            status=rng.choice(("visible", "visible", "held", "hidden")),
            held_reasons=rng.choice(("", "", "new_member")), created_at=rng.choice(moments)))
    active, posts, held = _assert_rollups_match(db_session)
    assert sum(posts.values()) == 120 == sum(held.values())
    assert active  # some weeks have people

    rows = list(db_session.execute(select(GroupPost).order_by(GroupPost.id)).scalars())
    for post in rows[:10]:
        post.status = "deleted"  # deleted by the author: not a post, still active
    for post in rows[10:20]:
        post.held_reasons = "edited,crisis" if not post.held_reasons else ""
    for post in rows[20:25]:
        post.created_at = post.created_at - timedelta(weeks=3)
    for post in rows[25:30]:
        post.author_id = authors[(authors.index(
            next(a for a in authors if a.id == post.author_id)) + 1) % 8].id
    _, posts, _ = _assert_rollups_match(db_session)
    assert sum(posts.values()) == 110

    for post in rows[30:40]:
        db_session.delete(post)
    _assert_rollups_match(db_session)
    # An erased account: her posts go in one statement (portal.services.groups._data).
    db_session.execute(delete(GroupPost).where(GroupPost.author_id == authors[1].id))
    db_session.execute(update(GroupPost).where(GroupPost.author_id == authors[2].id)
                       .values(author_id=None))
    _assert_rollups_match(db_session)


def test_a_members_posts_reach_the_staff_figures_and_leave_with_her_deletion(db_session):
    """Six members write through the groups service; the admin's page counts them. One
    deletes her reply: the admin's replies drop by one, and she still posted that week."""
    group = make_group(db_session)
    members = [make_member(db_session, group, established=True) for _ in range(6)]
    admin = make_user(db_session, roles=("admin",))
    written = NOW - timedelta(days=10)  # the week of 23 November, inside every range
    replies, hour = [], 0
    for member in members:
        outcome = group_posts.start_thread(
            session=db_session, actor=actor_of(member), group_id=group.id,
            title="Small steps", body="A good week, one thing at a time.",
            now=written + timedelta(hours=hour))
        for other in members[:5]:
            hour += 1
            reply = group_posts.reply(
                session=db_session, actor=actor_of(other), thread_id=outcome.thread_id,
                body="Glad to read this.", now=written + timedelta(hours=hour))
            replies.append((other, reply.post_id))

    def figures():
        view = insights.programme_insights(session=db_session, actor=actor_of(admin),
                                           now=NOW)
        found = {f.key: f for s in view.sections for f in s.figures}
        return ({row.label: (row.cell.state, row.cell.value)
                 for row in found["active_members"].rows},
                {row.label.rsplit(".", 1)[-1]: (row.cell.state, row.cell.value)
                 for row in found["posts_and_replies"].rows})

    active, kinds = figures()
    assert active["2026-11-23"] == (SHOWN, 6)
    assert kinds == {"posts": (SHOWN, 6), "replies": (SHOWN, 30)}
    author, post_id = replies[0]
    group_posts.delete_post(session=db_session, actor=actor_of(author), post_id=post_id,
                            now=written + timedelta(hours=hour))
    active, kinds = figures()
    assert active["2026-11-23"] == (SHOWN, 6)
    assert kinds == {"posts": (SHOWN, 6), "replies": (SHOWN, 29)}
    _assert_rollups_match(db_session)
