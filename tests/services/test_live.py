"""What changed reaches the bus only after commit, as topics of ids (issue 15).

portal/services/live.py: a use case names the topics another member's open tab listens
to; they go out when the session commits and never when it rolls back. The payload is a
list of topics, never content. On SQLite and PostgreSQL; the Redis bus with real Redis.
"""

from __future__ import annotations

import json
import time

import pytest
import redis

from portal.services import live, mentoring, notifications
from portal.services.moderation import queue as moderation
from tests.conftest import REDIS_URL
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_moderator
from tests.factories.mentoring import make_match, make_mentor, make_survivor


def test_topics_go_out_only_when_the_session_commits(db_session, heard):
    live.changed(db_session, live.member_topic(5), live.match_topic(7))
    live.changed(db_session, [live.member_topic(5)])
    assert heard.sent == []
    db_session.commit()
    assert heard.sent == [("member:5", "match:7")]
    db_session.commit()
    assert heard.sent == [("member:5", "match:7")]  # sent once, not on every commit


def test_a_rollback_drops_what_was_pending(db_session, heard):
    live.changed(db_session, live.member_topic(5))
    db_session.rollback()
    db_session.commit()
    assert heard.sent == []


def test_a_message_tells_the_mentorship_page_and_only_by_its_id(db_session, heard):
    luna, sol = make_survivor(db_session), make_mentor(db_session)
    match = make_match(db_session, luna, sol)
    heard.sent.clear()
    mentoring.send_message(session=db_session, actor=actor_of(sol), match_id=match.id,
                           body="Hello Luna, a private word about Tuesday.")
    # Her mentorship's page, and her own badge (a "new messages" notice): ids only.
    assert sorted(heard.topics) == sorted([f"match:{match.id}", f"member:{luna.id}"])
    assert "Tuesday" not in json.dumps(heard.sent)


def test_a_refused_message_tells_nobody(db_session, heard):
    luna, sol = make_survivor(db_session), make_mentor(db_session)
    match = make_match(db_session, luna, sol, status="ended")
    heard.sent.clear()
    with pytest.raises(Exception):  # noqa: B017 (the refusal itself is tested elsewhere)
        mentoring.send_message(session=db_session, actor=actor_of(sol), match_id=match.id,
                               body="Hello")
    db_session.rollback()
    assert heard.sent == []


def test_a_notification_tells_its_member_and_reading_it_tells_her_other_tabs(
        db_session, heard):
    willow = make_user(db_session)
    notifications.notify(db_session, user_id=willow.id, kind="moderation",
                         key="notify.moderator_note")
    db_session.commit()
    assert heard.topics == [f"member:{willow.id}"]
    heard.sent.clear()
    listed = notifications.list_notifications(session=db_session, actor=actor_of(willow))
    notifications.mark_all_read(session=db_session, actor=actor_of(willow))
    assert heard.topics == [f"member:{willow.id}"] and listed.unread == 1
    heard.sent.clear()
    notifications.mark_all_read(session=db_session, actor=actor_of(willow))
    assert heard.sent == []  # nothing changed: nothing to tell


def test_a_held_message_approved_by_a_moderator_reaches_the_mentorship_page(db_session, heard):
    luna, sol = make_survivor(db_session), make_mentor(db_session)
    match = make_match(db_session, luna, sol)
    heron = make_moderator(db_session, name="Moderator Heron")
    sent = mentoring.send_message(session=db_session, actor=actor_of(sol), match_id=match.id,
                                  body="My number is 555 201 7788, call me any time")
    assert sent.status == "held"
    heard.sent.clear()
    [item] = moderation.list_queue(session=db_session, actor=actor_of(heron)).items
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    assert f"match:{match.id}" in heard.topics


def test_the_tab_that_made_the_change_is_named_by_a_keyed_digest_only(db_session, heard):
    token = live.origin.set("tab-of-luna")
    try:
        live.changed(db_session, live.member_topic(5))
    finally:
        live.origin.reset(token)
    db_session.commit()
    [published] = heard.origins
    assert heard.sent == [("member:5",)] and published == live.origin_digest("tab-of-luna")
    # The client token itself never goes on the bus; the digest still names the tab.
    assert "tab-of-luna" not in published and len(published) == live.ORIGIN_DIGEST_LENGTH
    assert live.is_origin("tab-of-luna", published)
    assert not live.is_origin("tab-of-sol", published)
    assert not live.is_origin("tab-of-luna", "") and not live.is_origin("", published)


def test_the_digest_depends_on_the_apps_secret(monkeypatch):
    from types import SimpleNamespace

    first = live.origin_digest("tab-of-luna")
    monkeypatch.setattr(live, "get_settings", lambda: SimpleNamespace(secret_key="other"))
    assert live.origin_digest("tab-of-luna") != first


def test_a_change_made_outside_any_tab_names_no_origin(db_session, heard):
    live.changed(db_session, live.member_topic(5))
    db_session.commit()
    assert heard.origins == [""]


@pytest.mark.parametrize("junk", [b"not json", b"{}", b'["member:1"]',
                                  b'{"topics": ["member:1; DROP", "x:1", 5]}',
                                  b'{"topics": ["member:99999999999999999999"]}',
                                  b'{"topics": ["member:1:2", "match:4:5", "thread:3:"]}',
                                  b'{"topics": ["thread:3:4:5", "thread::4"]}',
                                  '{"topics": ["thread:\u0663", "thread:3:\u0664"]}'.encode()])
def test_the_bus_carries_only_well_formed_topics(junk):
    assert live.decode(junk)[0] == ()


def test_well_formed_topics_pass_and_only_a_digest_names_the_origin():
    digest = live.origin_digest("t")
    assert live.decode(json.dumps({"topics": ["member:1", "match:22", "thread:3"],
                                   "origin": digest})) == (
        ("member:1", "match:22", "thread:3"), digest)
    assert live.decode(b'{"topics": ["member:1"], "origin": 5}') == (("member:1",), "")
    # A raw client token (or anything not a digest) is not taken as an origin.
    assert live.decode(b'{"topics": ["member:1"], "origin": "t"}') == (("member:1",), "")


def test_a_posts_topic_is_heard_by_its_threads_tabs_and_names_the_post():
    topic = live.thread_post_topic(3, 41)
    assert topic == "thread:3:41" and live.decode(json.dumps({"topics": [topic]}))[0] == (topic,)
    assert live.parse_topic(topic) == ("thread", 3) == live.parse_topic(live.thread_topic(3))
    assert live.post_of(topic) == 41
    assert [live.post_of(other) for other in ("thread:3", "member:41", "thread:3:x")] == [0, 0, 0]


@pytest.mark.skipif(not REDIS_URL, reason="set LANTERN_TEST_REDIS_URL")
def test_the_redis_bus_publishes_the_topics_on_its_channel():
    listener = redis.Redis.from_url(REDIS_URL).pubsub()
    listener.subscribe(live.CHANNEL)
    try:
        assert listener.get_message(timeout=5)["type"] == "subscribe"
        live.RedisBus(REDIS_URL).send(("member:3", "match:4"))
        deadline = time.monotonic() + 10
        message = None
        while message is None and time.monotonic() < deadline:
            message = listener.get_message(timeout=1)
        assert message is not None
        assert live.decode(message["data"]) == (("member:3", "match:4"), "")
    finally:
        listener.close()
