"""Tabs with one group thread open reload together on a push (issue 15, fan-out speed):
one job on the handlers' pool resolves every tab's own cookie and reads for every viewer,
and each tab gets what was read for its own viewer. A blocker's tab never counts the
blocked author's reply, an outsider's tab and a signed-out tab get nothing.
"""

from __future__ import annotations

import asyncio
import contextvars

from portal import routes
from portal.services import groups
from portal.services.accounts import blocks
from portal.services.accounts import members as accounts
from portal.state import live_together
from portal.state.base import AppState
from portal.state.groups_thread import GroupThreadState
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member
from tests.state.browser import Browser, token_for


def thread_tab(app_db, member, thread_id, token: str | None = None) -> GroupThreadState:
    phone = Browser.with_token(token or token_for(app_db, member))
    phone.open(routes.GROUP_THREAD, {"id": str(thread_id)})
    phone.call(AppState, "load_page")
    phone.call(GroupThreadState, "load_thread")
    phone.state(AppState)._bound_viewer_id = member.id  # as the binding middleware does
    return phone.state(GroupThreadState)


def circle(app_db):
    group = make_group(app_db, name="Evening circle", visibility="private")
    people = {name: make_member(app_db, group, name=name, established=True)
              for name in ("Willow", "Maple", "Juniper")}
    people["Rowan"] = make_member(app_db, make_group(app_db, name="Elsewhere"), name="Rowan")
    started = groups.start_thread(session=app_db, actor=actor_of(people["Juniper"]),
                                  group_id=group.id, title="Small wins",
                                  body="I cooked for myself today.")
    return people, started.thread_id


def reload_together(tabs) -> list[bool]:
    return contextvars.copy_context().run(live_together._reload_together, GroupThreadState, tabs)


def test_one_reload_of_many_tabs_reads_for_each_viewer_and_skips_who_may_not_see(app_db):
    people, thread = circle(app_db)
    blocks.block_member(session=app_db, actor=actor_of(people["Willow"]),
                        member_id=people["Maple"].id)
    juniper_token = token_for(app_db, people["Juniper"])
    juniper_phone = thread_tab(app_db, people["Juniper"], thread, juniper_token)
    juniper_laptop = thread_tab(app_db, people["Juniper"], thread, juniper_token)
    willow = thread_tab(app_db, people["Willow"], thread)
    rowan = thread_tab(app_db, people["Rowan"], thread)  # outside the group: refused
    assert not rowan.thread_ready
    signed_out_token = token_for(app_db, people["Willow"])
    signed_out = thread_tab(app_db, people["Willow"], thread, signed_out_token)
    accounts.sign_out(session=app_db, token=signed_out_token)
    app_db.commit()
    groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                 body="A warm shower helps me.")
    done = reload_together([(juniper_phone, people["Juniper"].id),
                            (willow, people["Willow"].id), (rowan, people["Rowan"].id),
                            (signed_out, people["Willow"].id),
                            (juniper_laptop, people["Juniper"].id)])
    assert done == [True, True, False, False, True]
    assert juniper_phone.new_replies == juniper_laptop.new_replies == 1
    assert willow.new_replies == 0 and willow.new_replies_text == ""  # she blocked Maple
    assert rowan.posts == [] and rowan.new_replies == 0
    assert signed_out.new_replies == 0


def test_a_tab_filed_for_someone_else_is_not_reloaded(app_db):
    people, thread = circle(app_db)
    willow = thread_tab(app_db, people["Willow"], thread)
    groups.reply(session=app_db, actor=actor_of(people["Maple"]), thread_id=thread,
                 body="Proud of you.")
    assert reload_together([(willow, people["Juniper"].id)]) == [False]
    assert willow.new_replies == 0


def test_one_cookie_is_looked_up_once_for_all_its_tabs(app_db, monkeypatch):
    people, thread = circle(app_db)
    token = token_for(app_db, people["Juniper"])
    tabs = [(thread_tab(app_db, people["Juniper"], thread, token), people["Juniper"].id)
            for _ in range(3)]
    looked_up: list[list[str]] = []
    resolve = accounts.resolve_sessions

    def counting(*, session, session_tokens):
        looked_up.append(list(session_tokens))
        return resolve(session=session, session_tokens=session_tokens)

    monkeypatch.setattr(live_together.accounts, "resolve_sessions", counting)
    assert reload_together(tabs) == [True, True, True]
    assert looked_up == [[token]]


def test_tabs_arriving_together_share_one_job_and_each_gets_its_own_answer(monkeypatch):
    jobs: list[list[tuple[object, int]]] = []

    def record(state_class, tabs, only=None):
        jobs.append(list(tabs))
        return [listening_for % 2 == 0 for _, listening_for in tabs]

    monkeypatch.setattr(live_together, "_reload_together", record)
    together = live_together.Together(window=0.01, most=4)

    async def scenario() -> list[bool]:
        return list(await asyncio.gather(*(together.refresh(object(), number)
                                           for number in range(6))))

    assert asyncio.run(scenario()) == [True, False, True, False, True, False]
    # Four fill a job at once; the other two wait out the window and go together.
    assert [[number for _, number in job] for job in jobs] == [[0, 1, 2, 3], [4, 5]]


def test_thread_tabs_waiting_together_are_not_held_back_by_the_few_at_once_limit(monkeypatch):
    from types import SimpleNamespace

    import reflex as rx

    from portal.state import live as live_state

    started: list[str] = []
    gate = asyncio.Event()

    async def refresh(app, token, tab, state_classes, viewers=None, only=None):
        started.append(token)
        await gate.wait()
        return 1

    monkeypatch.setattr(live_state, "registry", live_state.TabRegistry())
    monkeypatch.setattr(live_state, "deliveries",
                        live_state.Deliveries(limit=1, together_limit=4))
    monkeypatch.setattr(live_state, "refresh_tab", refresh)
    for number in range(6):
        live_state.registry.file(f"reader-{number}", 10 + number, frozenset({"thread:3"}),
                                 routes.GROUP_THREAD)
    live_state.registry.file("badge-a", 30, frozenset({"member:30"}), routes.GROUPS)
    live_state.registry.file("badge-b", 31, frozenset({"member:31"}), routes.GROUPS)
    app = SimpleNamespace(_state=rx.State)

    async def scenario() -> tuple[list[str], int]:
        pushes = [asyncio.ensure_future(live_state.deliver(app, (topic,)))
                  for topic in ("member:30", "member:31", "thread:3")]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        running = list(started)
        gate.set()
        return running, sum(await asyncio.gather(*pushes))

    running, done = asyncio.run(scenario())
    # One badge (the limit for tabs that reload alone) and four thread tabs at once.
    assert running[0] == "badge-a" and "badge-b" not in running
    assert len(running) == 5 and all(token.startswith("reader-") for token in running[1:])
    assert done == 8 and sorted(started)[:2] == ["badge-a", "badge-b"]
