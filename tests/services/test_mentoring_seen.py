""""Seen" on private messages (issue 15, item 4), proven from both sides.

Off by default; a message shows "Seen" to its writer only while BOTH she and the reader
chose it, once the reader opened the thread after it was delivered. A read is recorded
only while the reader has it on; nobody else can learn anything; the time is never kept.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models.mentoring import MentorMessage, SeenChoice
from portal.services import live, mentoring
from portal.services.accounts import my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.moderation import queue as moderation
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_moderator
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

RECRUITING = "I have a paid job abroad for you, no papers needed, text me on WhatsApp"


@pytest.fixture
def pair(db_session):
    luna = make_survivor(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    return luna, sol, make_match(db_session, luna, sol)


def say(session, who, match, text):
    return mentoring.send_message(session=session, actor=actor_of(who), match_id=match.id,
                                  body=text)


def choose(session, who, on):
    return mentoring.choose_seen(session=session, actor=actor_of(who), on=on)


def opens(session, who, match):
    return mentoring.open_thread(session=session, actor=actor_of(who), match_id=match.id)


def seen_by_writer(session, writer, match) -> dict[str, bool]:
    """What the writer's own screen says about each of her messages."""
    page = mentoring.list_messages(session=session, actor=actor_of(writer), match_id=match.id)
    return {m.body: m.seen for m in page.messages if m.mine}


def test_seen_is_off_for_everyone_until_she_turns_it_on(db_session, pair):
    luna, sol, _ = pair
    for who in (luna, sol):
        assert mentoring.seen_choice(session=db_session, actor=actor_of(who)) is False
    assert choose(db_session, luna, True) is True
    assert mentoring.seen_choice(session=db_session, actor=actor_of(luna)) is True
    assert mentoring.seen_choice(session=db_session, actor=actor_of(sol)) is False


def test_both_off_nothing_is_recorded_or_shown(db_session, pair):
    luna, sol, match = pair
    say(db_session, luna, match, "Hello Sol")
    opens(db_session, sol, match)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}
    assert db_session.execute(select(MentorMessage.seen)).scalars().all() == [False]


def test_only_the_writer_on_shows_nothing_and_records_nothing(db_session, pair):
    luna, sol, match = pair
    choose(db_session, luna, True)
    say(db_session, luna, match, "Hello Sol")
    opens(db_session, sol, match)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}
    # Sol did not choose it: his read is not even kept, so turning it on later
    # reveals nothing from before.
    assert db_session.execute(select(MentorMessage.seen)).scalars().all() == [False]
    choose(db_session, sol, True)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}


def test_both_on_her_message_says_seen_once_he_opened_the_thread(db_session, pair, heard):
    luna, sol, match = pair
    choose(db_session, luna, True)
    choose(db_session, sol, True)
    say(db_session, luna, match, "Hello Sol")
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}
    heard.sent.clear()
    opens(db_session, sol, match)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": True}
    # Her open tab is told after commit (the match's topic, ids only).
    assert heard.topics == [live.match_topic(match.id)]
    # He never sees "Seen" on her messages, and a later one waits for his next look.
    his = mentoring.list_messages(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert [m.seen for m in his.messages] == [False]
    say(db_session, luna, match, "Are you there?")
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": True,
                                                       "Are you there?": False}
    heard.sent.clear()
    opens(db_session, sol, match)
    opens(db_session, sol, match)  # nothing new: nothing marked, nothing pushed again
    assert heard.topics == [live.match_topic(match.id)]
    # Nothing about when is kept: the message row holds a flag, no read time.
    assert not [column for column in MentorMessage.__table__.columns
                if "seen" in column.name and column.name != "seen"]


def test_the_reader_turning_it_off_hides_it_at_once_both_ways(db_session, pair, heard):
    luna, sol, match = pair
    choose(db_session, luna, True)
    choose(db_session, sol, True)
    say(db_session, luna, match, "Hello Sol")
    say(db_session, sol, match, "Hello Luna")
    opens(db_session, sol, match)
    opens(db_session, luna, match)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": True}
    assert seen_by_writer(db_session, sol, match) == {"Hello Luna": True}
    heard.sent.clear()
    choose(db_session, sol, False)
    assert heard.topics == [live.match_topic(match.id)]  # her open tab drops it live
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}
    assert seen_by_writer(db_session, sol, match) == {"Hello Luna": False}  # his too
    say(db_session, luna, match, "Later")
    opens(db_session, sol, match)  # read while off: never recorded
    choose(db_session, sol, True)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": True, "Later": False}


def test_other_matches_and_strangers_learn_nothing_and_mark_nothing(db_session, pair):
    luna, sol, match = pair
    choose(db_session, luna, True)
    choose(db_session, sol, True)
    say(db_session, luna, match, "Hello Sol")
    maple = make_survivor(db_session, name="Survivor Maple")
    other_mentor = make_mentor(db_session, name="Mentor Juniper")
    make_match(db_session, maple, sol)  # Sol's other mentee
    moderator = make_user(db_session, roles=("moderator",))
    for who in (maple, other_mentor, moderator):
        if who is not moderator:
            choose(db_session, who, True)
        with refused(NotFound, PermissionDenied):
            opens(db_session, who, match)
        with refused(NotFound, PermissionDenied):
            mentoring.list_messages(session=db_session, actor=actor_of(who), match_id=match.id)
    assert seen_by_writer(db_session, luna, match) == {"Hello Sol": False}
    assert db_session.execute(select(MentorMessage.seen)).scalars().all() == [False]


def test_a_held_message_is_not_seen_until_it_is_delivered_and_read(db_session, pair):
    luna, sol, match = pair
    heron = make_moderator(db_session, name="Moderator Heron")
    choose(db_session, luna, True)
    choose(db_session, sol, True)
    held = say(db_session, sol, match, RECRUITING)
    assert held.status == "held"
    say(db_session, sol, match, "And hello")
    opens(db_session, luna, match)  # she opens the thread while it waits
    assert seen_by_writer(db_session, sol, match) == {RECRUITING: False, "And hello": True}
    [item] = moderation.list_queue(session=db_session, actor=actor_of(heron)).items
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    assert seen_by_writer(db_session, sol, match) == {RECRUITING: False, "And hello": True}
    opens(db_session, luna, match)  # delivered now, and she opened it after
    assert seen_by_writer(db_session, sol, match) == {RECRUITING: True, "And hello": True}


def test_an_unclear_choice_is_refused_and_the_choice_is_hers_alone(db_session, pair):
    luna, sol, _ = pair
    with refused(ServiceError, code="mentoring.bad_choice"):
        choose(db_session, luna, "maybe")
    choose(db_session, luna, "on")
    choose(db_session, luna, True)  # twice changes nothing
    assert db_session.execute(select(SeenChoice.user_id)).scalars().all() == [luna.id]
    choose(db_session, luna, False)
    choose(db_session, luna, False)
    assert db_session.execute(select(SeenChoice.user_id)).scalars().all() == []
    assert mentoring.seen_choice(session=db_session, actor=actor_of(sol)) is False


def test_her_export_includes_her_seen_choice(db_session, pair):
    luna, _, _ = pair
    assert my_data.export_my_data(session=db_session, actor=actor_of(luna))[
        "mentoring_seen"] == {"on": False}
    choose(db_session, luna, True)
    assert my_data.export_my_data(session=db_session, actor=actor_of(luna))[
        "mentoring_seen"] == {"on": True}
