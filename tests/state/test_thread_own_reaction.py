"""Her reaction and the post read again for her tab share one database session, her
right to see the thread and the post checked once for both (``groups.react_and_read``;
issue 14: a reaction ran 16 statements in three sessions, checking her access twice).

Every case plays the other side too: what her tab shows is what a fresh tab of hers
shows, and what the service refuses it refuses exactly as ``react_to_post`` does.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.models.groups import PostReaction
from portal.services import groups
from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError
from portal.state.event_viewers import event_viewers
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, thread_by
from tests.state.test_live_message_cost import counting
from tests.state.test_thread_own_taps import as_a_reload, circle, ids, open_thread, tap
from tests.state.thread_posts import reaction_of

# A ceiling, not a target: what her reaction costs today (SQLite and PostgreSQL alike).
# Her cookie; the post, the thread and its group, her membership, her blocks and mutes;
# the reaction taken back or added; the post read again for her tab (its row, the posts
# counted for her bar, its reactions, her reports).
REACT_QUERIES = 12


def her_reaction_count(app_db, post_id: int, user_id: int) -> int:
    return app_db.execute(select(func.count(PostReaction.id)).where(
        PostReaction.post_id == post_id, PostReaction.user_id == user_id)).scalar_one()


def test_her_reaction_is_one_session_and_her_tab_shows_it_as_a_reload_does(app_db, db_engine):
    _, willow, _, started = circle(app_db, replies=20)
    state = open_thread(app_db, willow, started.thread_id)
    target = state.posts[3]["id"]
    started_event = event_viewers.set({})  # one event: her cookie is looked up once
    try:
        with counting(db_engine) as run:
            tap(state, "react_to_post", target, "hug")
    finally:
        event_viewers.reset(started_event)
    assert len(run.statements) <= REACT_QUERIES, run.statements
    assert len(run.sessions) == 2  # her cookie's; the reaction and its read together
    assert reaction_of(state.posts[3], "hug") == (1, True)
    assert her_reaction_count(app_db, target, willow.id) == 1
    as_a_reload(app_db, willow, state)
    tap(state, "react_to_post", target, "hug")  # taken back
    assert reaction_of(state.posts[3], "hug") == (0, False)
    assert her_reaction_count(app_db, target, willow.id) == 0
    as_a_reload(app_db, willow, state)


def test_a_post_of_another_thread_is_reacted_to_the_long_way_and_her_tab_stays_hers(app_db):
    """A payload naming a post of another thread she may see: the reaction is hers to
    make (``react_to_post`` checks it), but her tab keeps showing its own thread, read
    as before, with nothing of the other thread in it."""
    group, willow, maple, started = circle(app_db)
    other = thread_by(app_db, maple, group, title="Evening walks", body="Who walks at six?")
    state = open_thread(app_db, willow, started.thread_id)
    shown = ids(state)
    tap(state, "react_to_post", other.post_id, "heart")
    assert her_reaction_count(app_db, other.post_id, willow.id) == 1
    assert ids(state) == shown and other.post_id not in ids(state)
    assert state.thread_title == "Small wins"
    as_a_reload(app_db, willow, state)


@pytest.mark.parametrize("case", ["outsider", "blocked_author", "unknown_kind", "no_such_post"])
def test_react_and_read_refuses_as_react_to_post_does(app_db, case):
    """The other side of the shortcut: whoever the tab's question names, the service
    answers as the actor, and each refusal is ``react_to_post``'s own, word for word."""
    group, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    maples = next(post["id"] for post in state.posts if post["author"] == "Maple")
    reactor, post_id, kind = willow, maples, "hug"
    if case == "outsider":
        elsewhere = make_group(app_db, name="Another circle", visibility="public")
        reactor = make_member(app_db, elsewhere, name="Rowan", established=True)
    elif case == "blocked_author":
        blocks.block_member(session=app_db, actor=actor_of(willow), member_id=maple.id)
    elif case == "unknown_kind":
        kind = "thumbs"
    else:
        post_id = 999_999
    asked = groups.ChangesAsked(actor=actor_of(willow), shown=tuple(ids(state)),
                                after=max(ids(state)), only=frozenset({post_id}))

    def refusal(use_case, **more) -> tuple[type, str]:
        with pytest.raises((NotFound, ServiceError)) as raised:
            use_case(session=app_db, actor=actor_of(reactor), post_id=post_id, kind=kind,
                     **more)
        app_db.rollback()
        return type(raised.value), getattr(raised.value, "code", "")

    assert refusal(groups.react_and_read, thread_id=started.thread_id, asked=asked) == \
        refusal(groups.react_to_post)
    assert her_reaction_count(app_db, maples, reactor.id) == 0


def test_the_answer_is_read_as_the_actor_whoever_the_question_names(app_db):
    """A question naming Willow, asked by Maple's session: Maple's reaction, and the
    post as Maple sees it (her own reaction marked as hers), never as Willow."""
    _, willow, maple, started = circle(app_db)
    state = open_thread(app_db, willow, started.thread_id)
    asked = groups.ChangesAsked(actor=actor_of(willow), shown=tuple(ids(state)),
                                after=max(ids(state)))
    on, changes = groups.react_and_read(session=app_db, actor=actor_of(maple),
                                        post_id=started.post_id, kind="hug",
                                        thread_id=started.thread_id, asked=asked)
    assert on is True and changes is not None
    post, = (post for post in changes.view.posts if post.id == started.post_id)
    assert "hug" in post.my_reactions
    assert her_reaction_count(app_db, started.post_id, maple.id) == 1
    assert her_reaction_count(app_db, started.post_id, willow.id) == 0
