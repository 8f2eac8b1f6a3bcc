"""Issue 13 item 10: watched words read as words, can be searched, a sentence can be
tested against them, and a plain word a moderator adds is stored as a safe phrase."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.moderation_readable import readable_pattern
from portal.domain.permissions import PermissionDenied
from portal.models.groups import WatchedWordEntry
from portal.services.errors import ServiceError
from portal.services.moderation import watched_words
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.refusals import refused


@pytest.fixture
def heron(db_session):
    return actor_of(make_moderator(db_session, name="Moderator Heron"))


def test_regular_expressions_are_shown_as_readable_words():
    assert readable_pattern(r"\bwhores?\b", True) == "whore(s)"
    assert readable_pattern(r"\b(?:want|wanna|wanted)\W+(?:to\W+)?die\b", True) == \
        "(want / wanna / wanted) (to )die"
    assert readable_pattern(r"\bmy\W+(?:insta(?:gram)?|ig)\b", True) == "my (insta(gram) / ig)"
    assert readable_pattern("send money", False) == "send money"


def test_the_list_carries_the_readable_form_and_keeps_the_stored_pattern(db_session, heron):
    rows, _ = watched_words.list_watched_words(session=db_session, actor=heron,
                                               category="crisis")
    regex = next(row for row in rows if row.pattern.startswith(r"\b(?:want"))
    assert regex.readable == "(want / wanna / wanted) (to )die"
    assert "\\" not in regex.readable


def test_search_finds_words_containing_the_text_in_any_case(db_session, heron):
    rows, _ = watched_words.list_watched_words(session=db_session, actor=heron,
                                               search="  SEND  money ")
    assert {row.pattern for row in rows} == {"send money"}
    rows, _ = watched_words.list_watched_words(session=db_session, actor=heron, search="Money")
    assert {row.pattern for row in rows} >= {"send money", "send me money", "easy money"}
    assert all("money" in row.pattern for row in rows)
    rows, _ = watched_words.list_watched_words(session=db_session, actor=heron, search="%_")
    assert rows == []


def test_a_sentence_shows_every_word_it_matches_and_nothing_is_stored(db_session, heron):
    watched_words.ensure_seeded(db_session)
    db_session.commit()
    before = db_session.execute(select(WatchedWordEntry.id)).all()
    rows = watched_words.try_sentence(session=db_session, actor=heron,
                                      sentence="Easy money! Send me money on WhatsApp")
    patterns = {row.pattern for row in rows}
    assert {"easy money", "send me money"} <= patterns
    assert watched_words.try_sentence(session=db_session, actor=heron,
                                      sentence="The weather is lovely today.") == []
    assert db_session.execute(select(WatchedWordEntry.id)).all() == before
    with refused(ServiceError, code="words.test_needs_sentence"):
        watched_words.try_sentence(session=db_session, actor=heron, sentence="   ")


def test_a_pathological_sentence_is_checked_on_the_linear_time_engine(db_session, heron):
    # RE2 (tests/domain/test_moderation.py) makes any sentence safe to test; this one
    # would stall a backtracking engine on the default list's patterns.
    assert watched_words.try_sentence(session=db_session, actor=heron,
                                      sentence="a" * 5000 + "!") == []


def test_a_plain_word_becomes_a_safe_phrase_that_matches_posts(db_session, heron):
    row = watched_words.add_watched_word(session=db_session, actor=heron,
                                         pattern="Bus (station)+", category="personal_details")
    assert (row.is_regex, row.readable) == (False, "Bus (station)+")
    [found] = watched_words.try_sentence(session=db_session, actor=heron,
                                         sentence="see you at the bus station")
    assert found.id == row.id
    group = make_group(db_session)
    outcome = thread_by(db_session, make_member(db_session, group, established=True), group,
                        body="Meet at the bus, station side")
    assert outcome.status == "held"


def test_members_cannot_search_or_test(db_session):
    member = actor_of(make_user(db_session))
    with refused(PermissionDenied):
        watched_words.list_watched_words(session=db_session, actor=member, search="money")
    with refused(PermissionDenied):
        watched_words.try_sentence(session=db_session, actor=member, sentence="money")
