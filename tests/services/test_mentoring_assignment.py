"""Staff assignment proposals, and 'my data' export and erasure for mentoring."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry, User
from portal.models.mentoring import (
    AssignmentPair,
    AssignmentProposal,
    FitCheck,
    MentorApplication,
    MentorMark,
    MentorMatch,
    MentorMessage,
    MentorRequest,
    MessageReport,
    SurvivorIntake,
)
from portal.services import mentoring
from portal.services.accounts import blocks, my_data
from portal.services.errors import NotFound, ServiceError
from tests.factories import table_rows
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.refusals import refused


@pytest.fixture
def people(db_session):
    heron = make_user(db_session, name="Moderator Heron", roles=("moderator",))
    sol = make_mentor(db_session, name="Mentor Sol", languages=("es",), capacity=1)
    juniper = make_mentor(db_session, name="Mentor Juniper", languages=("en",), capacity=2,
                          focus=("education_ged",))
    willow = make_survivor(db_session, name="Survivor Willow", goals=("education_ged",))
    luna = make_survivor(db_session, name="Survivor Luna", languages=("es",))
    maple = make_survivor(db_session, name="Survivor Maple", languages=("en",))
    return heron, sol, juniper, willow, luna, maple


def pairs_of(view):
    return sorted((p.survivor_name, p.mentor_name) for p in view.pairs)


def test_a_proposal_respects_constraints_and_capacity_and_changes_nothing_yet(db_session,
                                                                              people):
    heron, sol, juniper, willow, luna, maple = people
    make_survivor(db_session, name="Survivor Quiet", intake=False)
    before = {t: rows for t, rows in table_rows(db_session).items()
              if t in ("mentor_requests", "mentor_matches")}
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    assert proposal.status == "draft"
    assert pairs_of(proposal) == [("Survivor Luna", "Mentor Sol"),
                                  ("Survivor Maple", "Mentor Juniper"),
                                  ("Survivor Willow", "Mentor Juniper")]
    after = {t: rows for t, rows in table_rows(db_session).items()
             if t in ("mentor_requests", "mentor_matches")}
    assert after == before
    assert db_session.execute(select(AuditEntry.action).where(
        AuditEntry.action == "mentoring.proposal.create")).first() is not None
    assert mentoring.latest_proposal(session=db_session, actor=actor_of(heron)).id == proposal.id


def test_blocks_hidden_mentors_and_opted_out_survivors_stay_out_of_proposals(db_session,
                                                                              people):
    heron, sol, juniper, willow, luna, maple = people
    blocks.block_member(session=db_session, actor=actor_of(maple), member_id=juniper.id)
    mentoring.mark_mentor(session=db_session, actor=actor_of(willow), mentor_id=juniper.id,
                          kind="hidden")
    mentoring.save_intake(session=db_session, actor=actor_of(luna), languages=["es"],
                          goals=["employment"], open_to_staff_suggestions=False)
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    assert pairs_of(proposal) == []
    assert proposal.unassigned_count == 2


def test_publishing_as_requests_lets_mentors_decide_and_skips_what_changed(db_session,
                                                                           people):
    heron, sol, juniper, willow, luna, maple = people
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    left_out = next(p for p in proposal.pairs if p.survivor_name == "Survivor Maple")
    mentoring.include_pair(session=db_session, actor=actor_of(heron), pair_id=left_out.id,
                           included=False)
    blocks.block_member(session=db_session, actor=actor_of(luna), member_id=sol.id)
    result = mentoring.publish_proposal(session=db_session, actor=actor_of(heron),
                                        proposal_id=proposal.id, publish_as="requests")
    assert (result.created, result.skipped) == (1, 1)
    requests = db_session.execute(select(MentorRequest)).scalars().all()
    assert [(r.survivor_id, r.mentor_id, r.source, r.status) for r in requests] == [
        (willow.id, juniper.id, "staff", "pending")]
    assert db_session.execute(select(func.count(MentorMatch.id))).scalar_one() == 0
    with refused(ServiceError, code="mentoring.proposal_closed"):
        mentoring.publish_proposal(session=db_session, actor=actor_of(heron),
                                   proposal_id=proposal.id, publish_as="requests")


def test_publishing_as_matches_starts_mentorships_within_capacity(db_session, people):
    heron, sol, juniper, willow, luna, maple = people
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    result = mentoring.publish_proposal(session=db_session, actor=actor_of(heron),
                                        proposal_id=proposal.id, publish_as="matches")
    assert result.created == 3
    assert mentoring.active_match_between(db_session, luna.id, sol.id) is not None
    seats = db_session.execute(select(MentorMatch.mentor_seat).where(
        MentorMatch.mentor_id == juniper.id)).scalars().all()
    assert sorted(seats) == [0, 1]
    assert "mentoring.proposal.publish" in db_session.execute(
        select(AuditEntry.action)).scalars().all()


def test_proposals_are_for_staff_only_and_bad_ids_find_nothing(db_session, people):
    heron, sol, juniper, willow, luna, maple = people
    for member in (willow, sol, make_user(db_session, roles=("partner",))):
        with refused(PermissionDenied):
            mentoring.propose_assignment(session=db_session, actor=actor_of(member))
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    with refused(PermissionDenied):
        mentoring.publish_proposal(session=db_session, actor=actor_of(willow),
                                   proposal_id=proposal.id, publish_as="matches")
    with refused(ServiceError, code="mentoring.bad_choice"):
        mentoring.publish_proposal(session=db_session, actor=actor_of(heron),
                                   proposal_id=proposal.id, publish_as="everything")
    with refused(NotFound):
        mentoring.include_pair(session=db_session, actor=actor_of(heron), pair_id=424242,
                               included=False)
    mentoring.discard_proposal(session=db_session, actor=actor_of(heron),
                               proposal_id=proposal.id)
    assert mentoring.latest_proposal(session=db_session, actor=actor_of(heron)) is None
    assert db_session.execute(select(func.count(MentorRequest.id))).scalar_one() == 0


# --- my data -------------------------------------------------------------------------

MENTORING_TABLES = (MentorApplication, SurvivorIntake, MentorMark, MentorRequest, MentorMatch,
                    FitCheck, MentorMessage, MessageReport, AssignmentPair)


def _busy_world(session, people):
    heron, sol, juniper, willow, luna, maple = people
    mentoring.mark_mentor(session=session, actor=actor_of(willow), mentor_id=sol.id,
                          kind="saved")
    request = mentoring.send_request(session=session, actor=actor_of(willow),
                                     mentor_id=juniper.id, note="Hello")
    match = mentoring.accept_request(session=session, actor=actor_of(juniper),
                                     request_id=request.id)
    mentoring.send_message(session=session, actor=actor_of(willow), match_id=match.id,
                           body="My first message")
    reply = mentoring.send_message(session=session, actor=actor_of(juniper), match_id=match.id,
                                   body="Welcome")
    mentoring.report_message(session=session, actor=actor_of(willow), message_id=reply.id)
    mentoring.mark_first_session(session=session, actor=actor_of(willow), match_id=match.id)
    mentoring.record_fit_check(session=session, actor=actor_of(willow), match_id=match.id,
                               answer="good")
    mentoring.propose_assignment(session=session, actor=actor_of(heron))
    return match


def test_export_includes_every_mentoring_record_of_the_member(db_session, people):
    _busy_world(db_session, people)
    willow = people[3]
    data = my_data.export_my_data(session=db_session, actor=actor_of(willow))
    assert data["mentoring_intake"]["goals"] == "education_ged"
    assert data["saved_and_hidden_mentors"] == [
        {"mentor": "Mentor Sol", "kind": "saved", "at": data["saved_and_hidden_mentors"][0]["at"]}]
    assert data["mentoring_requests"][0]["note"] == "Hello"
    assert data["mentorships"][0]["my_fit_check"] == "good"
    assert [m["text"] for m in data["mentoring_messages_sent"]] == ["My first message"]
    assert data["mentoring_messages_reported"][0]["text"] == "Welcome"
    juniper_data = my_data.export_my_data(session=db_session, actor=actor_of(people[2]))
    assert juniper_data["mentor_application"]["status"] == "approved"


@pytest.mark.parametrize("who", [2, 3])  # the mentor, the survivor
def test_deleting_an_account_leaves_no_mentoring_rows_about_the_member(db_session, people,
                                                                       who):
    _busy_world(db_session, people)
    member = people[who]
    my_data.delete_my_account(session=db_session, actor=actor_of(member), passphrase=PASSPHRASE)
    assert db_session.get(User, member.id) is None
    for table in MENTORING_TABLES:
        columns = [c for c in table.__table__.columns
                   if c.foreign_keys and any(f.column.table.name == "users"
                                             for f in c.foreign_keys)]
        for column in columns:
            left = db_session.execute(select(func.count()).select_from(table).where(
                column == member.id)).scalar_one()
            assert left == 0, f"{table.__tablename__}.{column.name}"
    # Issue #10 item 7: the partner's own message follows the partner's data and stays;
    # the member's own message is gone.
    partner = people[3] if who == 2 else people[2]
    assert db_session.execute(select(MentorMessage.sender_id)).scalars().all() == [partner.id]
    assert db_session.execute(select(func.count(AssignmentProposal.id))).scalar_one() == 1
