"""Finding a mentor and the request lifecycle: suggestions, browse, marks, requests, expiry."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.permissions import PermissionDenied
from portal.models.mentoring import MentorMatch, MentorRequest
from portal.models.types import utcnow
from portal.services import mentoring
from portal.services.accounts import blocks
from portal.services.errors import NotFound, ServiceError, Throttled
from tests.factories import table_rows
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused


def names(suggestions):
    return [s.mentor.name for s in suggestions]


def ask(session, survivor, mentor, note=""):
    return mentoring.send_request(session=session, actor=actor_of(survivor),
                                  mentor_id=mentor.id, note=note)


# --- suggestions and browsing ----------------------------------------------------------

def test_suggestions_keep_hard_constraints_and_explain_themselves(db_session):
    make_mentor(db_session, name="Mentor Sol", languages=("es",), focus=("employment",))
    make_mentor(db_session, name="Mentor Juniper", languages=("en",),
                focus=("employment", "education_ged"))
    make_mentor(db_session, name="Mentor Paused", paused=True)
    make_mentor(db_session, name="Mentor Pending", status="submitted")
    make_mentor(db_session, name="Mentor Man", gender="man")
    make_mentor(db_session, name="Mentor Far", modes=("in_person",), region="Denver")
    willow = make_survivor(db_session, name="Survivor Willow", goals=("education_ged",),
                           languages=("en",), gender=None)
    found = mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))
    assert names(found)[0] == "Mentor Juniper"
    assert set(names(found)) == {"Mentor Juniper", "Mentor Man"}
    codes = [(r.code, dict(r.params)) for r in found[0].reasons]
    assert ("helps_with", {"focus": "education_ged"}) in codes
    assert ("speaks_language", {"language": "en"}) in codes


def test_gender_preference_and_in_person_region_are_hard_constraints(db_session):
    make_mentor(db_session, name="Mentor Man", gender="man")
    make_mentor(db_session, name="Mentor Woman", gender="woman")
    make_mentor(db_session, name="Mentor Houston", modes=("in_person",), region="Houston",
                gender="woman")
    luna = make_survivor(db_session, name="Survivor Luna", gender="woman",
                         modes=("in_person",), region="houston")
    assert names(mentoring.suggest_mentors(session=db_session, actor=actor_of(luna))) == [
        "Mentor Houston"]


def test_blocked_hidden_full_and_already_asked_mentors_are_never_suggested(db_session):
    blocked = make_mentor(db_session, name="Mentor Blocked")
    hidden = make_mentor(db_session, name="Mentor Hidden")
    full = make_mentor(db_session, name="Mentor Full", capacity=1)
    asked = make_mentor(db_session, name="Mentor Asked")
    make_mentor(db_session, name="Mentor Open")
    willow = make_survivor(db_session, name="Survivor Willow")
    make_match(db_session, make_survivor(db_session), full)
    blocks.block_member(session=db_session, actor=actor_of(blocked), member_id=willow.id)
    mentoring.mark_mentor(session=db_session, actor=actor_of(willow), mentor_id=hidden.id,
                          kind="hidden")
    ask(db_session, willow, asked)
    assert names(mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))) == [
        "Mentor Open"]


def test_a_mentor_who_declined_is_not_suggested_again_and_others_are(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    make_mentor(db_session, name="Mentor River")
    willow = make_survivor(db_session, name="Survivor Willow")
    request = ask(db_session, willow, sol)
    mentoring.decline_request(session=db_session, actor=actor_of(sol), request_id=request.id)
    assert names(mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))) == [
        "Mentor River"]
    mine = mentoring.my_requests(session=db_session, actor=actor_of(willow))
    assert [(r.status, r.closed_reason) for r in mine] == [("declined", "declined")]


def test_a_survivor_who_skipped_the_intake_still_gets_suggestions_in_her_language(db_session):
    make_mentor(db_session, name="Mentor Sol", languages=("es",))
    make_mentor(db_session, name="Mentor River", languages=("en",))
    luna = make_user(db_session, name="Survivor Luna", language="es")
    mentoring.skip_intake(session=db_session, actor=actor_of(luna))
    assert names(mentoring.suggest_mentors(session=db_session, actor=actor_of(luna))) == [
        "Mentor Sol"]


def test_browse_filters_and_never_shows_blocked_members(db_session):
    make_mentor(db_session, name="Mentor Sol", languages=("es",), focus=("safe_housing",))
    river = make_mentor(db_session, name="Mentor River", languages=("en",), modes=("phone",))
    blocked = make_mentor(db_session, name="Mentor Blocked")
    willow = make_survivor(db_session, name="Survivor Willow")
    me = actor_of(willow)
    blocks.block_member(session=db_session, actor=me, member_id=blocked.id)

    def browse(**filters):
        return [c.name for c in mentoring.browse_mentors(session=db_session, actor=me,
                                                         **filters)]

    assert browse() == ["Mentor Sol", "Mentor River"]
    assert browse(language="es") == ["Mentor Sol"]
    assert browse(focus="safe_housing") == ["Mentor Sol"]
    assert browse(meeting_mode="phone") == ["Mentor River"]
    mentoring.mark_mentor(session=db_session, actor=me, mentor_id=river.id, kind="saved")
    assert browse(saved_only=True) == ["Mentor River"]
    mentoring.mark_mentor(session=db_session, actor=me, mentor_id=river.id, kind="hidden")
    assert browse() == ["Mentor Sol"]
    assert browse(show_hidden=True) == ["Mentor River"]
    with refused(ServiceError, code="mentoring.bad_filter"):
        browse(language="xx")
    with refused(NotFound):
        mentoring.mentor_details(session=db_session, actor=me, mentor_id=blocked.id)


def test_only_approved_mentors_have_a_profile_to_see_or_mark(db_session):
    pending = make_mentor(db_session, name="Mentor Pending", status="submitted")
    plain = make_survivor(db_session, name="Survivor Maple")
    willow = make_survivor(db_session, name="Survivor Willow")
    for mentor_id in (pending.id, plain.id, 10**9, "x", None):
        with refused(NotFound):
            mentoring.mentor_details(session=db_session, actor=actor_of(willow),
                                     mentor_id=mentor_id)
        with refused(NotFound):
            mentoring.mark_mentor(session=db_session, actor=actor_of(willow),
                                  mentor_id=mentor_id, kind="saved")


# --- sending requests ------------------------------------------------------------------

def test_a_request_carries_the_note_as_typed_and_expires_in_seven_days(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    sent = ask(db_session, willow, sol, note="Hi! <img src=x onerror=alert(1)>I need a job.")
    assert sent.status == "pending" and sent.mentor_name == "Mentor Sol"
    assert sent.note == "Hi! <img src=x onerror=alert(1)>I need a job."
    assert sent.expires_at - sent.created_at == timedelta(days=7)
    desk = mentoring.mentor_desk(session=db_session, actor=actor_of(sol))
    assert [(r.survivor_name, r.goals, r.languages) for r in desk.requests] == [
        ("Survivor Willow", ("employment",), ("en",))]


@pytest.mark.parametrize("case", ["paused", "full", "blocked", "blocked_by_me", "unapproved",
                                  "declined_applicant", "duplicate", "self", "not_a_member",
                                  "note_too_long", "already_matched", "ended_before"])
def test_bad_requests_are_refused_and_change_nothing(db_session, case):
    willow = make_survivor(db_session, name="Survivor Willow", roles=("survivor", "mentor"))
    mentor = make_mentor(db_session, name="Mentor Sol", capacity=1,
                         paused=case == "paused",
                         status={"unapproved": "submitted",
                                 "declined_applicant": "declined"}.get(case, "approved"))
    note = "x" * 501 if case == "note_too_long" else ""
    target = mentor.id
    if case == "full":
        make_match(db_session, make_survivor(db_session), mentor)
    elif case == "blocked":
        blocks.block_member(session=db_session, actor=actor_of(mentor), member_id=willow.id)
    elif case == "blocked_by_me":
        blocks.block_member(session=db_session, actor=actor_of(willow), member_id=mentor.id)
    elif case == "duplicate":
        ask(db_session, willow, mentor)
    elif case == "self":
        target = willow.id
    elif case == "not_a_member":
        target = 987654
    elif case == "already_matched":
        make_match(db_session, willow, make_mentor(db_session))
    elif case == "ended_before":
        make_match(db_session, willow, mentor, status="ended", ended_at=utcnow())
    before = table_rows(db_session)
    with refused(ServiceError):
        mentoring.send_request(session=db_session, actor=actor_of(willow), mentor_id=target,
                               note=note)
    assert table_rows(db_session) == before


def test_at_most_three_open_requests_at_a_time(db_session):
    willow = make_survivor(db_session, name="Survivor Willow")
    mentors = [make_mentor(db_session) for _ in range(4)]
    for mentor in mentors[:3]:
        ask(db_session, willow, mentor)
    with refused(ServiceError, code="mentoring.too_many_open_requests"):
        ask(db_session, willow, mentors[3])


def test_requests_are_throttled_per_day(db_session):
    willow = make_survivor(db_session, name="Survivor Willow")
    mentor = make_mentor(db_session)
    with refused(Throttled):
        for _ in range(12):
            request = ask(db_session, willow, mentor)
            mentoring.withdraw_request(session=db_session, actor=actor_of(willow),
                                       request_id=request.id)


def test_a_second_pending_request_for_the_same_pair_is_refused_by_the_database(db_session):
    willow = make_survivor(db_session)
    sol = make_mentor(db_session)
    now = utcnow()
    for _ in range(2):
        db_session.add(MentorRequest(survivor_id=willow.id, mentor_id=sol.id,
                                     expires_at=now + timedelta(days=7)))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()


def test_both_agreeing_to_try_again_lifts_the_ended_match_exclusion(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    ended = make_match(db_session, willow, sol, status="ended", ended_at=utcnow())
    mentoring.agree_to_rematch(session=db_session, actor=actor_of(willow), match_id=ended.id,
                               agree=True)
    with refused(ServiceError, code="mentoring.mentor_unavailable"):
        ask(db_session, willow, sol)
    mentoring.agree_to_rematch(session=db_session, actor=actor_of(sol), match_id=ended.id,
                               agree=True)
    assert ask(db_session, willow, sol).status == "pending"


# --- the mentor's answer ---------------------------------------------------------------

def test_accepting_starts_a_match_and_closes_requests_that_can_no_longer_succeed(db_session):
    sol = make_mentor(db_session, name="Mentor Sol", capacity=1)
    river = make_mentor(db_session, name="Mentor River")
    willow = make_survivor(db_session, name="Survivor Willow")
    maple = make_survivor(db_session, name="Survivor Maple")
    first = ask(db_session, willow, sol)
    to_river = ask(db_session, willow, river)
    maples = ask(db_session, maple, sol)
    match = mentoring.accept_request(session=db_session, actor=actor_of(sol),
                                     request_id=first.id)
    assert (match.partner_name, match.my_side, match.status) == ("Survivor Willow", "mentor",
                                                                 "active")
    statuses = {r.id: (r.status, r.closed_reason) for r in
                db_session.execute(select(MentorRequest)).scalars()}
    assert statuses[first.id] == ("accepted", "accepted")
    assert statuses[to_river.id] == ("withdrawn", "matched")
    assert statuses[maples.id] == ("declined", "mentor_full")
    assert mentoring.active_match_between(db_session, willow.id, sol.id).id == match.id
    assert mentoring.active_match_between(db_session, maple.id, sol.id) is None


def test_one_active_mentor_per_survivor_unless_staff_allow_more(db_session):
    sol, river = make_mentor(db_session, name="Mentor Sol"), make_mentor(db_session)
    willow = make_survivor(db_session, name="Survivor Willow", allowance=2)
    mentoring.accept_request(session=db_session, actor=actor_of(sol),
                             request_id=ask(db_session, willow, sol).id)
    mentoring.accept_request(session=db_session, actor=actor_of(river),
                             request_id=ask(db_session, willow, river).id)
    assert len(mentoring.my_matches(session=db_session, actor=actor_of(willow))) == 2
    with refused(ServiceError, code="mentoring.already_have_mentor"):
        ask(db_session, willow, make_mentor(db_session))


def test_the_database_refuses_a_second_active_match_in_the_same_seat(db_session):
    willow = make_survivor(db_session)
    db_session.add(MentorMatch(survivor_id=willow.id, mentor_id=make_mentor(db_session).id,
                               survivor_seat=0, mentor_seat=0))
    db_session.add(MentorMatch(survivor_id=willow.id, mentor_id=make_mentor(db_session).id,
                               survivor_seat=0, mentor_seat=0))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()


def test_a_stale_second_accept_for_a_full_survivor_is_refused(db_session):
    sol, river = make_mentor(db_session), make_mentor(db_session)
    willow = make_survivor(db_session)
    to_sol, to_river = ask(db_session, willow, sol), ask(db_session, willow, river)
    # River's request is re-opened behind the service's back, as a racing accept would see it.
    mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=to_sol.id)
    row = db_session.get(MentorRequest, to_river.id)
    row.status, row.open_pair = "pending", True
    db_session.commit()
    before = table_rows(db_session)
    with refused(ServiceError, code="mentoring.survivor_has_mentor"):
        mentoring.accept_request(session=db_session, actor=actor_of(river),
                                 request_id=to_river.id)
    assert table_rows(db_session) == before


def test_decline_question_answer_and_withdraw(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    request = ask(db_session, willow, sol)
    mentoring.ask_question(session=db_session, actor=actor_of(sol), request_id=request.id,
                           question="Would phone calls work for you?")
    with refused(ServiceError, code="mentoring.text_empty"):
        mentoring.answer_question(session=db_session, actor=actor_of(willow),
                                  request_id=request.id, answer="   ")
    mentoring.answer_question(session=db_session, actor=actor_of(willow),
                              request_id=request.id, answer="Yes, evenings.")
    seen = mentoring.mentor_desk(session=db_session, actor=actor_of(sol)).requests[0]
    assert (seen.question, seen.answer) == ("Would phone calls work for you?", "Yes, evenings.")
    mentoring.withdraw_request(session=db_session, actor=actor_of(willow),
                               request_id=request.id)
    with refused(ServiceError, code="mentoring.request_closed"):
        mentoring.decline_request(session=db_session, actor=actor_of(sol),
                                  request_id=request.id)
    second = ask(db_session, willow, sol)
    mentoring.decline_request(session=db_session, actor=actor_of(sol), request_id=second.id)
    with refused(ServiceError, code="mentoring.request_closed"):
        mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=second.id)


def test_nobody_can_answer_someone_elses_request(db_session):
    sol, river = make_mentor(db_session, name="Mentor Sol"), make_mentor(db_session)
    willow, maple = make_survivor(db_session), make_survivor(db_session)
    request = ask(db_session, willow, sol)
    before = table_rows(db_session)
    for call in (mentoring.accept_request, mentoring.decline_request):
        with refused(NotFound):
            call(session=db_session, actor=actor_of(river), request_id=request.id)
    with refused(NotFound):
        mentoring.ask_question(session=db_session, actor=actor_of(river),
                               request_id=request.id, question="Hello?")
    with refused(NotFound):
        mentoring.withdraw_request(session=db_session, actor=actor_of(maple),
                                   request_id=request.id)
    with refused(PermissionDenied):
        mentoring.accept_request(session=db_session, actor=actor_of(willow),
                                 request_id=request.id)
    assert table_rows(db_session) == before


def test_requests_expire_after_seven_days(db_session):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow, maple = make_survivor(db_session), make_survivor(db_session)
    old = ask(db_session, willow, sol)
    fresh = ask(db_session, maple, sol)
    row = db_session.get(MentorRequest, old.id)
    row.created_at -= timedelta(days=8)
    row.expires_at -= timedelta(days=8)
    db_session.commit()
    with refused(ServiceError, code="mentoring.request_expired"):
        mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=old.id)
    assert [r.status for r in mentoring.my_requests(session=db_session,
                                                    actor=actor_of(willow))] == ["expired"]
    assert mentoring.expire_requests(db_session, utcnow()) == 1
    assert mentoring.expire_requests(db_session, utcnow()) == 0
    assert db_session.get(MentorRequest, old.id).status == "expired"
    assert db_session.get(MentorRequest, fresh.id).status == "pending"
    assert mentoring.expire_requests(db_session, utcnow() + timedelta(days=7, seconds=1)) == 1
    # An expired request no longer blocks a new one to the same mentor.
    assert ask(db_session, willow, sol).status == "pending"


def test_two_mentors_accepting_at_once_give_the_survivor_exactly_one_mentor(db_engine):
    with Session(db_engine, expire_on_commit=False) as setup:
        willow = make_survivor(setup, name="Survivor Willow")
        mentors = [make_mentor(setup, name=f"Mentor {n}") for n in ("Sol", "River")]
        requests = [ask(setup, willow, mentor).id for mentor in mentors]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(mentor, request_id):
        with Session(db_engine, expire_on_commit=False) as session:
            start.wait()
            try:
                mentoring.accept_request(session=session, actor=actor_of(mentor),
                                         request_id=request_id)
                outcomes.append("accepted")
            except ServiceError as error:
                outcomes.append(error.code)

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(mentors, requests,
                                                                           strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The loser gets a calm refusal: which one depends on how far it got before the winner.
    assert sorted(outcomes)[0] == "accepted" and len(outcomes) == 2
    assert outcomes.count("accepted") == 1
    assert set(outcomes) - {"accepted"} <= {"mentoring.request_closed",
                                            "mentoring.survivor_has_mentor",
                                            "mentoring.changed_try_again"}
    with Session(db_engine) as check:
        active = check.execute(select(func.count(MentorMatch.id)).where(
            MentorMatch.survivor_id == willow.id, MentorMatch.status == "active")).scalar_one()
    assert active == 1
