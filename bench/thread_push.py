"""What a busy group thread costs the worker per tab, in-process (issue 14, issue 15).

bench.protocol's mix at 50 clients is bound by one thread open in every tab: each
reaction and reply refreshes every other tab (``GroupThreadState._live_reload_together``,
one job for all of them), and each reply refreshes its author's own tab. Over sockets
those figures move by a third from run to run; this calls the same code as the worker's
handlers' pool does (tests/state/browser.py) and reports the CPU time of this process:

- ``push_ms_per_tab``: one push after a reaction to ``--tabs`` tabs, each showing the whole
  thread of ``--posts`` replies, each as its own viewer (the reacted post changes in every
  tab), divided by the tabs, when every shown post is read again (a tab's first push
  after it loaded, a push for the whole thread, or her rules changed);
- ``named_push_ms_per_tab``: the same, as the worker runs it once the tabs have heard a
  push: the push names the reacted post (``live.thread_post_topic``), and only that
  post is read again in each tab;
- ``own_reply_ms``: a member's reply from her open tab, with her tab's refresh;
- ``posts_list_kb``: what a push that reads every shown post resends to each of those
  tabs when a post changed (Reflex sends a changed var whole): the tab's list of posts
  as JSON;
- ``named_push_kb``: what a push naming the reacted post sends each tab instead: the
  post's new entry alone (``post_updates``), as JSON.

Each is the smallest of ``--rounds`` rounds (the least disturbed by the rest of the
machine). SQLite in a temporary folder; the database server's time is not in it.

    .venv/bin/python -m bench.thread_push [--tabs 50] [--posts 150] [--rounds 6]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextvars
import json
import os
import tempfile
import time
from pathlib import Path

REACTIONS = ("heart", "hug", "strength", "thanks", "me_too")


def _cpu_ms(call) -> float:
    started = time.process_time()
    call()
    return (time.process_time() - started) * 1000


def measure(tabs_wanted: int, posts: int, rounds: int) -> dict[str, float]:
    from sqlmodel import Session, SQLModel

    import portal.db
    import portal.models  # noqa: F401
    from portal.db import make_engine
    from portal.services import groups
    from portal.services.wiring import wire
    from portal.state import live_together
    from portal.state.groups_thread import GroupThreadState
    from tests.factories.accounts import actor_of
    from tests.factories.groups import make_group, make_member, reply_by
    from tests.state.test_live_together import thread_tab
    from tests.state.test_thread_own_taps import tap

    wire()
    engine = make_engine(os.environ["LANTERN_DATABASE_URL"])
    SQLModel.metadata.create_all(engine)
    portal.db.get_engine = lambda: engine
    with Session(engine, expire_on_commit=False) as session:
        group = make_group(session, name="Evening circle", visibility="private")
        people = [make_member(session, group, name=f"Member {number}", established=True)
                  for number in range(max(tabs_wanted, rounds + 2))]
        started = groups.start_thread(session=session, actor=actor_of(people[0]),
                                      group_id=group.id, title="Small wins",
                                      body="I cooked for myself today.")
        for number in range(posts):
            reply_by(session, people[number % len(people)], started.thread_id,
                     body=f"Small win number {number}: I kept going today.")
        tabs = [thread_tab(session, person, started.thread_id)
                for person in people[:tabs_wanted]]
        for tab in tabs:
            while tab.has_more_posts:
                tap(tab, "show_more_posts")
        listening = [(tab, person.id) for tab, person in zip(tabs, people, strict=False)]
        pushes, named = [], []
        for number in range(2 * rounds):
            groups.react_to_post(session=session, actor=actor_of(people[number % rounds + 1]),
                                 post_id=started.post_id,
                                 kind=REACTIONS[number % len(REACTIONS)])
            context = contextvars.copy_context()
            # The first rounds read every shown post; the later ones name the post.
            only = [frozenset({started.post_id})] * len(listening) if number >= rounds else None
            (named if only else pushes).append(_cpu_ms(lambda context=context, only=only: (
                context.run(live_together._reload_together, GroupThreadState, listening,
                            only))))
        replies = []
        for number in range(rounds):
            tab = tabs[(number + 2) % len(tabs)]
            replies.append(_cpu_ms(lambda tab=tab, number=number: tap(
                tab, "post_reply", {"thread_id": str(started.thread_id),
                                    "body": f"Mine today, number {number}.",
                                    "content_warning": ""})))
        shown = len(tabs[0].posts)
        # What a reaction resends to each open tab: its whole list of posts, as JSON.
        sent = len(json.dumps(list(tabs[1]._read_only("posts"))).encode())
        alone = len(json.dumps(dict(tabs[1]._read_only("post_updates"))).encode())
    engine.dispose()
    return {"tabs": tabs_wanted, "posts_shown": shown,
            "push_ms_per_tab": round(min(pushes) / tabs_wanted, 3),
            "named_push_ms_per_tab": round(min(named) / tabs_wanted, 3),
            "own_reply_ms": round(min(replies), 2),
            "posts_list_kb": round(sent / 1024, 1),
            "named_push_kb": round(alone / 1024, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=50)
    parser.add_argument("--posts", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="lantern-thread-push-"))
    os.environ.setdefault("LANTERN_INSTANCE_DIR", str(folder))
    os.environ["LANTERN_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ.setdefault("LANTERN_SECRET_KEY", "bench-secret-key-not-for-production")
    figures = measure(args.tabs, args.posts, args.rounds)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
