"""Staff assignment proposals: the engine's optimal pairing, reviewed, then published.

Nothing reaches a member until a staff member publishes: a proposal is stored as a
draft, staff may leave pairs out, and publishing re-checks every pair against the
database as it is then (a block, a pause or a full mentor since the proposal skips
that pair). Every step is audited.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.matching import MatchExclusions, assign
from portal.domain.mentoring import (
    MarkKind,
    MatchStatus,
    ProposalStatus,
    RequestClosedReason,
    RequestStatus,
)
from portal.domain.permissions import Actor, Permission, Role, Status, parse_roles, require
from portal.models import Block, User
from portal.models.mentoring import (
    AssignmentPair,
    AssignmentProposal,
    MentorMark,
    MentorMatch,
    MentorRequest,
    SurvivorIntake,
)
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring import notices
from portal.services.mentoring.common import (
    REQUEST_LIFETIME,
    active_counts,
    allowance_of,
    application_of,
    approved_mentors,
    ended_pairs_for,
    is_active_mentor,
    lock_people,
    names_of,
    survivor_profile,
)
from portal.services.mentoring.requests import pair_refusal, start_match
from portal.services.mentoring.views import ProposalPairView, ProposalView, PublishResult

PUBLISH_AS = frozenset({"requests", "matches"})


def _waiting_survivors(session: Session, now: datetime) -> list[tuple[User, SurvivorIntake]]:
    """Survivors who answered the intake, welcome staff suggestions, and have a free seat
    and no request in flight (so a proposal never races their own choice)."""
    rows = session.execute(
        select(User, SurvivorIntake).join(SurvivorIntake, SurvivorIntake.user_id == User.id)
        .where(User.status == Status.ACTIVE, SurvivorIntake.skipped.is_(False),
               SurvivorIntake.open_to_staff_suggestions.is_(True))
        .order_by(User.id)).all()
    rows = [(u, i) for u, i in rows if Role.SURVIVOR in parse_roles(u.roles) and i.goals]
    active = active_counts(session, MentorMatch.survivor_id)
    asking = set(session.execute(
        select(MentorRequest.survivor_id).where(MentorRequest.status == RequestStatus.PENDING,
                                                MentorRequest.expires_at > now)).scalars())
    return [(u, i) for u, i in rows
            if u.id not in asking and active.get(u.id, 0) < allowance_of(i)]


def _exclusions(session: Session, survivor_ids: list[int]) -> MatchExclusions:
    ids = set(survivor_ids)
    blocked = frozenset(tuple(row) for row in session.execute(
        select(Block.blocker_id, Block.blocked_id).where(
            or_(Block.blocker_id.in_(ids), Block.blocked_id.in_(ids)))).all())
    ended, rematch = ended_pairs_for(session, ids)
    hidden: dict[int, set[int]] = defaultdict(set)
    for survivor_id, mentor_id in session.execute(
            select(MentorMark.survivor_id, MentorMark.mentor_id).where(
                MentorMark.survivor_id.in_(ids), MentorMark.kind == MarkKind.HIDDEN)).all():
        hidden[survivor_id].add(mentor_id)
    for survivor_id, mentor_id in session.execute(
            select(MentorMatch.survivor_id, MentorMatch.mentor_id).where(
                MentorMatch.survivor_id.in_(ids), MentorMatch.status == MatchStatus.ACTIVE)).all():
        hidden[survivor_id].add(mentor_id)
    for survivor_id, mentor_id in session.execute(
            select(MentorRequest.survivor_id, MentorRequest.mentor_id).where(
                MentorRequest.survivor_id.in_(ids),
                MentorRequest.closed_reason == RequestClosedReason.DECLINED)).all():
        hidden[survivor_id].add(mentor_id)
    return MatchExclusions(blocked_pairs=blocked, ended_pairs=ended,
                           rematch_allowed_pairs=rematch,
                           hidden_mentors={k: frozenset(v) for k, v in hidden.items()})


def _proposal_view(session: Session, proposal: AssignmentProposal) -> ProposalView:
    pairs = session.execute(select(AssignmentPair).where(
        AssignmentPair.proposal_id == proposal.id).order_by(AssignmentPair.id)).scalars().all()
    names = names_of(session, {p.survivor_id for p in pairs} | {p.mentor_id for p in pairs})
    return ProposalView(
        id=proposal.id, status=proposal.status, created_at=proposal.created_at,
        total_score=round(proposal.total_score, 3), unassigned_count=proposal.unassigned_count,
        published_as=proposal.published_as,
        pairs=tuple(ProposalPairView(id=p.id, survivor_name=names.get(p.survivor_id, ""),
                                     mentor_name=names.get(p.mentor_id, ""),
                                     score=round(p.score, 3), included=p.included,
                                     outcome=p.outcome) for p in pairs))


def propose_assignment(*, session: Session, actor: Actor,
                       now: datetime | None = None) -> ProposalView:
    """Run the optimal capacity-aware assignment over everyone waiting; store it as a draft."""
    require(actor, Permission.MENTORING_MATCH_ASSIGN)
    now = now or utcnow()
    survivors = _waiting_survivors(session, now)
    mentors = [profile for _, _, profile in approved_mentors(session, now)]
    profiles = [survivor_profile(user, intake) for user, intake in survivors]
    exclusions = _exclusions(session, [user.id for user, _ in survivors])
    result = assign(profiles, mentors, exclusions=exclusions, now=now)
    proposal = AssignmentProposal(created_by_id=actor.id, created_at=now,
                                  total_score=result.total_score,
                                  unassigned_count=len(result.unassigned_survivor_ids))
    session.add(proposal)
    session.flush()
    for pair in result.pairs:
        session.add(AssignmentPair(proposal_id=proposal.id, survivor_id=int(pair.survivor_id),
                                   mentor_id=int(pair.mentor_id), score=pair.score))
    audit.record(session, actor=actor, action="mentoring.proposal.create",
                 target_type="mentor_assignment_proposal", target_id=proposal.id,
                 detail=f"pairs={len(result.pairs)} unassigned={proposal.unassigned_count}")
    session.commit()
    return _proposal_view(session, proposal)


def _access_proposal(session: Session, actor: Actor, proposal_id: object) -> AssignmentProposal:
    require(actor, Permission.MENTORING_MATCH_ASSIGN)
    proposal = session.get(AssignmentProposal, parse_id(proposal_id))
    if proposal is None:
        raise NotFound()
    return proposal


def latest_proposal(*, session: Session, actor: Actor) -> ProposalView | None:
    """The newest draft, if any (reading survivors' pairings is audited)."""
    require(actor, Permission.MENTORING_MATCH_ASSIGN)
    proposal = session.execute(
        select(AssignmentProposal).where(AssignmentProposal.status == ProposalStatus.DRAFT)
        .order_by(AssignmentProposal.id.desc()).limit(1)).scalar_one_or_none()
    if proposal is None:
        return None
    audit.record(session, actor=actor, action="mentoring.proposal.read",
                 target_type="mentor_assignment_proposal", target_id=proposal.id)
    session.commit()
    return _proposal_view(session, proposal)


def include_pair(*, session: Session, actor: Actor, pair_id: object,
                 included: bool) -> ProposalView:
    """Leave a pair out of (or put it back into) a draft proposal."""
    require(actor, Permission.MENTORING_MATCH_ASSIGN)
    pair = session.get(AssignmentPair, parse_id(pair_id))
    if pair is None:
        raise NotFound()
    proposal = _access_proposal(session, actor, pair.proposal_id)
    if proposal.status != ProposalStatus.DRAFT:
        raise ServiceError("mentoring.proposal_closed")
    pair.included = bool(included)
    audit.record(session, actor=actor, action="mentoring.proposal.include_pair"
                 if included else "mentoring.proposal.leave_out_pair",
                 target_type="mentor_assignment_pair", target_id=pair.id)
    session.commit()
    return _proposal_view(session, proposal)


def discard_proposal(*, session: Session, actor: Actor, proposal_id: object) -> None:
    proposal = _access_proposal(session, actor, proposal_id)
    if proposal.status != ProposalStatus.DRAFT:
        raise ServiceError("mentoring.proposal_closed")
    proposal.status = ProposalStatus.DISCARDED
    audit.record(session, actor=actor, action="mentoring.proposal.discard",
                 target_type="mentor_assignment_proposal", target_id=proposal.id)
    session.commit()


def _publish_pair(session: Session, pair: AssignmentPair, publish_as: str,
                  now: datetime) -> bool:
    survivor = session.get(User, pair.survivor_id)
    mentor = session.get(User, pair.mentor_id)
    application = application_of(session, pair.mentor_id)
    if (survivor is None or survivor.status != Status.ACTIVE
            or not is_active_mentor(mentor, application) or application.paused
            or pair_refusal(session, pair.survivor_id, pair.mentor_id)):
        return False
    taken = session.execute(select(MentorRequest.id).where(
        MentorRequest.survivor_id == pair.survivor_id, MentorRequest.mentor_id == pair.mentor_id,
        MentorRequest.status == RequestStatus.PENDING)).first()
    if taken is not None:
        return False
    try:
        if publish_as == "matches":
            start_match(session, survivor_id=pair.survivor_id, mentor_id=pair.mentor_id,
                        capacity=application.capacity, request_id=None, now=now)
        else:
            mentees = active_counts(session, MentorMatch.mentor_id, [pair.mentor_id])
            if mentees.get(pair.mentor_id, 0) >= application.capacity:
                return False
            request = MentorRequest(survivor_id=pair.survivor_id, mentor_id=pair.mentor_id,
                                    source="staff", created_at=now,
                                    expires_at=now + REQUEST_LIFETIME)
            session.add(request)
            session.flush()
            notices.request_received(session, request)
    except ServiceError:
        return False
    return True


def publish_proposal(*, session: Session, actor: Actor, proposal_id: object,
                     publish_as: object) -> PublishResult:
    """Create requests (the mentor still decides) or matches for every included pair
    that is still possible now. All or nothing: one transaction."""
    proposal = _access_proposal(session, actor, proposal_id)
    if publish_as not in PUBLISH_AS:
        raise ServiceError("mentoring.bad_choice")
    if proposal.status != ProposalStatus.DRAFT:
        raise ServiceError("mentoring.proposal_closed")
    now = utcnow()
    pairs = session.execute(select(AssignmentPair).where(
        AssignmentPair.proposal_id == proposal.id, AssignmentPair.included.is_(True))
        .order_by(AssignmentPair.id)).scalars().all()
    lock_people(session, *{p.survivor_id for p in pairs}, *{p.mentor_id for p in pairs})
    created = 0
    try:
        for pair in pairs:
            ok = _publish_pair(session, pair, str(publish_as), now)
            pair.outcome = "created" if ok else "skipped"
            created += ok
        proposal.status = ProposalStatus.PUBLISHED
        proposal.published_as = str(publish_as)
        proposal.published_by_id = actor.id
        proposal.published_at = now
        audit.record(session, actor=actor, action="mentoring.proposal.publish",
                     target_type="mentor_assignment_proposal", target_id=proposal.id,
                     detail=f"as={publish_as} created={created} skipped={len(pairs) - created}")
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ServiceError("mentoring.changed_try_again") from None
    return PublishResult(created=created, skipped=len(pairs) - created)
