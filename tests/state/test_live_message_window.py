"""A tab open through a long conversation costs a new message what a new tab does (issue 15).

A push re-reads only the tab's window (the newest page it opened and what came since,
``ThreadState.messages``); older pages she opened, and what scrolled out of the window,
sit above it in ``earlier_messages`` and are neither read again nor sent again. Each
case is held against the other side: what the tab shows, earlier part and window
together, is the conversation as her partner wrote it and as a reload shows it, page by
page, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.services import mentoring, moderation, throttle
from portal.services.mentoring import matches
from portal.services.mentoring.matches import LIVE_WINDOW, MESSAGE_PAGE
from portal.state.mentoring_thread import WINDOW_KEPT, ThreadState
from tests.factories.accounts import actor_of, make_user
from tests.state.test_live_message_cost import RECRUITING, bodies, pair, push, send, tab_on_thread


@pytest.fixture(autouse=True)
def no_flood_limit(monkeypatch):
    """Long conversations in one test: the flood limit would stop them at 60."""
    monkeypatch.setattr(matches, "MESSAGES_PER_TEN_MINUTES",
                        throttle.Limit("mentor_message", 10**6, timedelta(minutes=10)))


def everything_shown(tab) -> list[str]:
    state = tab.state(ThreadState)
    return [m["body"] for m in [*state.earlier_messages, *state.messages]]


def write(app_db, writer, match_id: int, *texts: str) -> None:
    for body in texts:
        mentoring.send_message(session=app_db, actor=actor_of(writer), match_id=match_id,
                               body=body)


def every_page(app_db, reader, match_id: int) -> list[str]:
    """The whole conversation as her reader opens it, newest page first, then older."""
    shown: list[str] = []
    before = None
    while True:
        thread = mentoring.open_thread(session=app_db, actor=actor_of(reader),
                                       match_id=match_id, before_id=before)
        shown = [m.body for m in thread.page.messages] + shown
        if not thread.page.has_older:
            return shown
        before = thread.page.messages[0].id


def test_a_tab_open_through_a_long_talk_keeps_a_small_window(app_db):
    luna, sol, match = pair(app_db)
    receiver, _ = tab_on_thread(app_db, sol, match.id)
    written = []
    for number in range(3 * WINDOW_KEPT):
        body = f"Note {number}"
        written.append(body)
        write(app_db, luna, match.id, body)
        push(receiver, sol.id)
        assert len(receiver.state(ThreadState).messages) <= WINDOW_KEPT
    assert everything_shown(receiver) == written == every_page(app_db, sol, match.id)
    assert len(receiver.state(ThreadState).earlier_messages) >= 2 * WINDOW_KEPT - MESSAGE_PAGE


def test_a_push_leaves_what_sits_above_the_window_unsent(app_db):
    luna, sol, match = pair(app_db)
    write(app_db, luna, match.id, *(f"Earlier {n}" for n in range(MESSAGE_PAGE + 5)))
    receiver, _ = tab_on_thread(app_db, sol, match.id)
    receiver.call(ThreadState, "show_older_messages", match.id,
                  receiver.state(ThreadState).messages[0]["id"])
    state = receiver.state(ThreadState)
    assert len(state.earlier_messages) == 5 and not state.has_older
    receiver.root._clean()
    write(app_db, luna, match.id, "Are you free on Thursday?")
    push(receiver, sol.id)
    # Only the window changed: the older page she opened is not in the push's delta.
    assert "messages" in state.dirty_vars and "earlier_messages" not in state.dirty_vars
    assert everything_shown(receiver) == every_page(app_db, sol, match.id)
    assert everything_shown(receiver)[-1] == "Are you free on Thursday?"


def test_the_push_reads_the_window_not_the_conversation(app_db, monkeypatch):
    luna, sol, match = pair(app_db)
    write(app_db, luna, match.id, *(f"Earlier {n}" for n in range(3 * MESSAGE_PAGE)))
    receiver, _ = tab_on_thread(app_db, sol, match.id)
    for _ in range(2):  # she opens every older page: her tab shows all 90
        state = receiver.state(ThreadState)
        first = (state.earlier_messages or state.messages)[0]["id"]
        receiver.call(ThreadState, "show_older_messages", match.id, first)
    assert len(everything_shown(receiver)) == 3 * MESSAGE_PAGE
    write(app_db, luna, match.id, "One more.")
    built = []
    view = matches._message_view
    monkeypatch.setattr(matches, "_message_view", lambda *a, **k: built.append(1) or view(*a, **k))
    push(receiver, sol.id)
    assert len(built) == MESSAGE_PAGE + 1  # the window and the new message, nothing above
    assert everything_shown(receiver) == every_page(app_db, sol, match.id)


def test_more_than_a_window_since_shows_the_newest_page_afresh(app_db):
    luna, sol, match = pair(app_db)
    receiver, _ = tab_on_thread(app_db, sol, match.id)
    write(app_db, luna, match.id, "Hello.")
    push(receiver, sol.id)
    write(app_db, luna, match.id, *(f"While away {n}" for n in range(LIVE_WINDOW + 1)))
    push(receiver, sol.id)  # one push after many changes (her tab was busy)
    state = receiver.state(ThreadState)
    assert state.earlier_messages == [] and state.has_older
    assert bodies(receiver) == every_page(app_db, sol, match.id)[-MESSAGE_PAGE:]
    while state.has_older:  # "Older messages" until the first
        first = (state.earlier_messages or state.messages)[0]["id"]
        receiver.call(ThreadState, "show_older_messages", match.id, first)
    assert everything_shown(receiver) == every_page(app_db, sol, match.id)


def test_her_own_messages_move_above_the_window_as_she_writes(app_db):
    luna, sol, match = pair(app_db)
    sender, _ = tab_on_thread(app_db, luna, match.id)
    written = []
    for number in range(WINDOW_KEPT + 10):
        written.append(f"Line {number}")
        send(sender, match.id, written[-1])
    state = sender.state(ThreadState)
    assert len(state.messages) <= WINDOW_KEPT and state.earlier_messages
    assert everything_shown(sender) == written == every_page(app_db, luna, match.id)


def test_a_held_message_inside_the_window_appears_in_place_once_approved(app_db):
    luna, sol, match = pair(app_db)
    heron = make_user(app_db, name="Heron", roles=("moderator",))
    write(app_db, luna, match.id, *(f"Before {n}" for n in range(MESSAGE_PAGE + 3)))
    receiver, _ = tab_on_thread(app_db, sol, match.id)
    write(app_db, luna, match.id, RECRUITING)  # held for a moderator
    write(app_db, luna, match.id, "After.")
    push(receiver, sol.id)
    assert RECRUITING not in everything_shown(receiver)
    held = moderation.list_queue(session=app_db, actor=actor_of(heron)).items[0]
    moderation.approve_item(session=app_db, actor=actor_of(heron), item_id=held.id)
    push(receiver, sol.id)
    shown = everything_shown(receiver)
    assert shown[-2:] == [RECRUITING, "After."]
    assert shown == every_page(app_db, sol, match.id)[-len(shown):]  # as a reload shows it
