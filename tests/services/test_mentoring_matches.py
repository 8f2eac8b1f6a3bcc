"""A match's life: ending, fit check, private messages, reports, blocks, thread purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.mentoring import MentorMatch, MentorMessage, MessageReport
from portal.models.types import utcnow
from portal.services import mentoring
from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError
from tests.factories import table_rows
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused


@pytest.fixture
def pair(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    match = make_match(db_session, willow, sol)
    return willow, sol, match


def say(session, who, match, text):
    return mentoring.send_message(session=session, actor=actor_of(who), match_id=match.id,
                                  body=text)


# --- ending ----------------------------------------------------------------------------

@pytest.mark.parametrize("side", ["survivor", "mentor"])
def test_either_side_ends_a_match_without_a_reason_and_it_is_final(db_session, pair, side):
    willow, sol, match = pair
    ender = willow if side == "survivor" else sol
    ended = mentoring.end_match(session=db_session, actor=actor_of(ender), match_id=match.id)
    assert ended.status == "ended" and ended.ended_by_me
    row = db_session.get(MentorMatch, match.id)
    assert (row.survivor_seat, row.mentor_seat, row.active_pair) == (None, None, None)
    with refused(ServiceError, code="mentoring.match_ended"):
        mentoring.end_match(session=db_session, actor=actor_of(willow), match_id=match.id)
    other = sol if ender is willow else willow
    seen = mentoring.get_match(session=db_session, actor=actor_of(other), match_id=match.id)
    assert seen.status == "ended" and not seen.ended_by_me
    assert mentoring.active_match_between(db_session, willow.id, sol.id) is None


def test_strangers_cannot_see_or_end_a_match(db_session, pair):
    _, _, match = pair
    stranger = make_survivor(db_session, name="Survivor Maple")
    other_mentor = make_mentor(db_session)
    moderator = make_user(db_session, roles=("moderator",))
    before = table_rows(db_session)
    for who in (stranger, other_mentor):
        for call in (mentoring.end_match, mentoring.get_match, mentoring.list_messages,
                     mentoring.block_partner, mentoring.mark_first_session):
            with refused(NotFound):
                call(session=db_session, actor=actor_of(who), match_id=match.id)
        with refused(NotFound):
            mentoring.open_thread(session=db_session, actor=actor_of(who), match_id=match.id)
        with refused(NotFound):
            say(db_session, who, match, "hello")
        with refused(NotFound):
            mentoring.send_and_read(session=db_session, actor=actor_of(who),
                                    match_id=match.id, body="hello", after_id=0)
    with refused(PermissionDenied):
        mentoring.list_messages(session=db_session, actor=actor_of(moderator),
                                match_id=match.id)
    assert table_rows(db_session) == before


# --- messages --------------------------------------------------------------------------

def test_messages_are_kept_as_typed_and_paged_oldest_first(db_session, pair):
    willow, sol, match = pair
    first = say(db_session, willow, match, "Hi <script>steal()</script>**there**\x00")
    assert first.body == "Hi <script>steal()</script>**there**" and first.mine
    for number in range(34):
        say(db_session, sol if number % 2 else willow, match, f"message {number}")
    page = mentoring.list_messages(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert len(page.messages) == 30 and page.has_older
    assert page.messages[-1].body == "message 33"
    older = mentoring.list_messages(session=db_session, actor=actor_of(sol), match_id=match.id,
                                    before_id=page.messages[0].id)
    assert [m.body for m in older.messages][:2] == ["Hi <script>steal()</script>**there**",
                                                    "message 0"]
    assert not older.has_older and older.messages[0].sender_name == "Survivor Willow"
    assert not older.messages[0].mine


def test_empty_or_oversized_messages_are_refused(db_session, pair):
    willow, _, match = pair
    before = table_rows(db_session)
    empty, too_long = "mentoring.text_empty", "mentoring.text_too_long"
    for body, code in [("", empty), ("   \n ", empty), ("\u200b\x00", empty),
                       ("x" * 2001, too_long), (None, empty), (["hi"], empty),
                       ("x" * 20000, too_long)]:
        with refused(ServiceError, code=code):
            say(db_session, willow, match, body)
    assert table_rows(db_session) == before


def test_an_ended_thread_is_read_only_then_deleted_after_thirty_days(db_session, pair):
    willow, sol, match = pair
    say(db_session, willow, match, "Thank you for everything.")
    mentoring.end_match(session=db_session, actor=actor_of(willow), match_id=match.id)
    with refused(ServiceError, code="mentoring.thread_read_only"):
        say(db_session, sol, match, "Wait")
    page = mentoring.list_messages(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert [m.body for m in page.messages] == ["Thank you for everything."]
    ended_at = db_session.get(MentorMatch, match.id).ended_at
    assert mentoring.purge_ended_threads(db_session, ended_at + timedelta(days=29)) == 0
    assert mentoring.purge_ended_threads(db_session, ended_at + timedelta(days=30)) == 1
    assert db_session.execute(select(func.count(MentorMessage.id))).scalar_one() == 0
    assert mentoring.list_messages(session=db_session, actor=actor_of(sol),
                                   match_id=match.id).messages == ()
    assert mentoring.purge_ended_threads(db_session, ended_at + timedelta(days=31)) == 0


def test_active_threads_are_never_purged(db_session, pair):
    willow, _, match = pair
    say(db_session, willow, match, "Still here")
    assert mentoring.purge_ended_threads(db_session, utcnow() + timedelta(days=400)) == 0


# --- reports ---------------------------------------------------------------------------

def test_a_reported_message_reaches_moderators_and_survives_the_purge(db_session, pair):
    willow, sol, match = pair
    message = say(db_session, sol, match, "Something unkind")
    mentoring.report_message(session=db_session, actor=actor_of(willow), message_id=message.id)
    mentoring.report_message(session=db_session, actor=actor_of(willow), message_id=message.id)
    assert db_session.execute(select(func.count(MessageReport.id))).scalar_one() == 1
    page = mentoring.list_messages(session=db_session, actor=actor_of(willow),
                                   match_id=match.id)
    assert page.messages[0].reported
    heron = make_user(db_session, name="Moderator Heron", roles=("moderator",))
    mentoring.end_match(session=db_session, actor=actor_of(willow), match_id=match.id)
    mentoring.purge_ended_threads(db_session, utcnow() + timedelta(days=31))
    reports = mentoring.list_message_reports(session=db_session, actor=actor_of(heron))
    assert [(r.excerpt, r.reporter_name, r.reported_name) for r in reports] == [
        ("Something unkind", "Survivor Willow", "Mentor Sol")]
    assert "mentoring.message_reports.read" in db_session.execute(
        select(AuditEntry.action)).scalars().all()
    mentoring.resolve_message_report(session=db_session, actor=actor_of(heron),
                                     report_id=reports[0].id)
    assert mentoring.list_message_reports(session=db_session, actor=actor_of(heron)) == []


def test_reports_refuse_own_messages_strangers_and_non_moderators(db_session, pair):
    willow, sol, match = pair
    message = say(db_session, sol, match, "Hello")
    with refused(ServiceError, code="mentoring.cannot_report_own"):
        mentoring.report_message(session=db_session, actor=actor_of(sol), message_id=message.id)
    stranger = make_survivor(db_session)
    with refused(NotFound):
        mentoring.report_message(session=db_session, actor=actor_of(stranger),
                                 message_id=message.id)
    with refused(NotFound):
        mentoring.report_message(session=db_session, actor=actor_of(willow),
                                 message_id=message.id + 1000)
    with refused(PermissionDenied):
        mentoring.list_message_reports(session=db_session, actor=actor_of(willow))


# --- blocks ----------------------------------------------------------------------------

def test_blocking_the_partner_ends_the_match_and_prevents_any_future_match(db_session, pair):
    willow, sol, match = pair
    mentoring.block_partner(session=db_session, actor=actor_of(willow), match_id=match.id)
    row = db_session.get(MentorMatch, match.id)
    assert row.status == "ended" and row.ended_by_id == willow.id
    assert blocks.is_blocked_between(db_session, willow.id, sol.id)
    assert mentoring.suggest_mentors(session=db_session, actor=actor_of(willow)) == []
    with refused(ServiceError, code="mentoring.mentor_unavailable"):
        mentoring.send_request(session=db_session, actor=actor_of(willow), mentor_id=sol.id)
    with refused(ServiceError, code="mentoring.rematch_not_possible"):
        mentoring.agree_to_rematch(session=db_session, actor=actor_of(willow),
                                   match_id=match.id, agree=True)


def test_a_block_from_anywhere_ends_the_match_and_closes_open_requests(db_session, pair):
    willow, sol, match = pair
    maple = make_survivor(db_session, name="Survivor Maple")
    request = mentoring.send_request(session=db_session, actor=actor_of(maple),
                                     mentor_id=sol.id)
    blocks.block_member(session=db_session, actor=actor_of(sol), member_id=willow.id)
    blocks.block_member(session=db_session, actor=actor_of(sol), member_id=maple.id)
    assert db_session.get(MentorMatch, match.id).status == "ended"
    assert mentoring.my_requests(session=db_session, actor=actor_of(maple))[0].id == request.id
    assert mentoring.my_requests(session=db_session, actor=actor_of(maple))[0].status == \
        "declined"
    assert mentoring.mentor_desk(session=db_session, actor=actor_of(sol)).requests == ()


# --- fit check and first session -------------------------------------------------------

def test_the_fit_check_opens_after_the_first_session(db_session, pair):
    willow, sol, match = pair
    with refused(ServiceError, code="mentoring.fit_check_too_early"):
        mentoring.record_fit_check(session=db_session, actor=actor_of(willow),
                                   match_id=match.id, answer="good")
    mentoring.record_first_session(db_session, match_id=match.id, at=utcnow())
    db_session.commit()
    result = mentoring.record_fit_check(session=db_session, actor=actor_of(sol),
                                        match_id=match.id, answer="unsure")
    assert result.answer == "unsure" and result.suggestions == ()
    mentoring.record_fit_check(session=db_session, actor=actor_of(sol), match_id=match.id,
                               answer="good")
    assert mentoring.get_match(session=db_session, actor=actor_of(sol),
                               match_id=match.id).my_fit_answer == "good"
    assert mentoring.get_match(session=db_session, actor=actor_of(willow),
                               match_id=match.id).my_fit_answer == ""
    with refused(ServiceError, code="mentoring.bad_choice"):
        mentoring.record_fit_check(session=db_session, actor=actor_of(sol), match_id=match.id,
                                   answer="meh")


def test_not_a_good_fit_offers_other_mentors_at_once(db_session, pair):
    willow, sol, match = pair
    make_mentor(db_session, name="Mentor River")
    mentoring.mark_first_session(session=db_session, actor=actor_of(willow), match_id=match.id)
    result = mentoring.record_fit_check(session=db_session, actor=actor_of(willow),
                                        match_id=match.id, answer="not_good")
    assert [s.mentor.name for s in result.suggestions] == ["Mentor River"]
    assert result.suggestions[0].reasons
    assert db_session.get(MentorMatch, match.id).status == "active"


def test_the_booking_capability_can_find_the_active_match_of_a_pair(db_session, pair):
    willow, sol, match = pair
    found = mentoring.active_match_between(db_session, willow.id, sol.id)
    assert (found.id, found.survivor_id, found.mentor_id) == (match.id, willow.id, sol.id)
    assert mentoring.active_match_between(db_session, sol.id, willow.id) is None
