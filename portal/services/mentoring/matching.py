"""Finding a mentor: suggestions with reasons, browsing, saving and hiding.

Profiles are built from the database on every call and handed to the pure engine in
``portal.domain.matching``, which enforces the hard constraints (language, gender
preference, meeting mode and region, approved / not paused / not full, blocks, ended
matches, hidden mentors) and explains each suggestion.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.matching import MatchExclusions, suggest
from portal.domain.mentoring import MarkKind
from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.mentoring import MentorMark, MentorMatch
from portal.models.types import utcnow
from portal.services.accounts.blocks import blocked_either_way
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring.common import (
    FOCUS_SET,
    LANGUAGE_SET,
    MODE_SET,
    SUGGESTION_COUNT,
    access_approved_mentor,
    active_counts,
    approved_mentors,
    checked_choice,
    exclusions_for,
    intake_of,
    marks_of,
    mentor_card,
    pending_mentor_ids,
    survivor_profile,
)
from portal.services.mentoring.views import MentorCard, ReasonView, SuggestionView

BROWSE_PAGE = 20
MARK_KINDS = frozenset(MarkKind)


def suggestions_for(session: Session, survivor: User, now: datetime, *,
                    also_exclude: frozenset[int] = frozenset(),
                    k: int = SUGGESTION_COUNT) -> list[SuggestionView]:
    """The engine's top mentors for one survivor (no permission check: callers do it)."""
    mentors = approved_mentors(session, now)
    by_id = {user.id: (user, app, profile) for user, app, profile in mentors}
    exclusions = exclusions_for(session, survivor.id, now)
    if also_exclude:
        hidden = dict(exclusions.hidden_mentors)
        hidden[survivor.id] = hidden.get(survivor.id, frozenset()) | also_exclude
        exclusions = MatchExclusions(
            blocked_pairs=exclusions.blocked_pairs, ended_pairs=exclusions.ended_pairs,
            rematch_allowed_pairs=exclusions.rematch_allowed_pairs, hidden_mentors=hidden)
    profile = survivor_profile(survivor, intake_of(session, survivor.id))
    found = suggest(profile, [p for _, _, p in mentors], k, exclusions=exclusions, now=now)
    marks = marks_of(session, survivor.id)
    views = []
    for suggestion in found:
        user, app, mentor = by_id[suggestion.mentor_id]
        card = mentor_card(user, app, active=mentor.active_mentee_count, marks=marks)
        reasons = tuple(ReasonView(code=r.code, params=tuple(sorted(r.params.items())))
                        for r in suggestion.reasons)
        views.append(SuggestionView(mentor=card, score=round(suggestion.score, 3),
                                    reasons=reasons))
    return views


def suggest_mentors(*, session: Session, actor: Actor,
                    now: datetime | None = None) -> list[SuggestionView]:
    """Up to five mentors who fit, best first, each with plain reasons."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    survivor = session.get(User, actor.id)
    return suggestions_for(session, survivor, now or utcnow())


def browse_mentors(*, session: Session, actor: Actor, focus: object = None,
                   language: object = None, meeting_mode: object = None,
                   saved_only: bool = False, show_hidden: bool = False,
                   page: int = 0) -> list[MentorCard]:
    """Approved mentors, filtered; blocked members never appear, hidden ones on request."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    focus_key = checked_choice(focus, FOCUS_SET, "mentoring.bad_filter")
    language_key = checked_choice(language, LANGUAGE_SET, "mentoring.bad_filter")
    mode_key = checked_choice(meeting_mode, MODE_SET, "mentoring.bad_filter")
    now = utcnow()
    blocked = blocked_either_way(session, actor.id)
    marks = marks_of(session, actor.id)
    pending = pending_mentor_ids(session, actor.id, now)
    cards = []
    for user, app, profile in approved_mentors(session, now):
        if user.id == actor.id or user.id in blocked:
            continue
        kind = marks.get(user.id, "")
        if ((kind == MarkKind.HIDDEN) != bool(show_hidden)
                or (saved_only and kind != MarkKind.SAVED)):
            continue
        if ((focus_key and focus_key not in profile.focus_areas)
                or (language_key and language_key not in profile.languages)
                or (mode_key and mode_key not in profile.meeting_modes)):
            continue
        cards.append(mentor_card(user, app, active=profile.active_mentee_count, marks=marks,
                                 pending_ids=pending))
    start = max(int(page) if isinstance(page, int) else 0, 0) * BROWSE_PAGE
    return cards[start:start + BROWSE_PAGE]


def mentor_details(*, session: Session, actor: Actor, mentor_id: object) -> MentorCard:
    """One approved mentor's profile, unless a block stands between the two."""
    user, app = access_approved_mentor(session, actor, mentor_id)
    if user.id in blocked_either_way(session, actor.id):
        raise NotFound()
    active = active_counts(session, MentorMatch.mentor_id, [user.id]).get(user.id, 0)
    return mentor_card(user, app, active=active, marks=marks_of(session, actor.id),
                       pending_ids=pending_mentor_ids(session, actor.id, utcnow()))


def mark_mentor(*, session: Session, actor: Actor, mentor_id: object, kind: object) -> str:
    """Save or hide a mentor ("" clears the mark). The mentor is never told."""
    user, _ = access_approved_mentor(session, actor, mentor_id)
    if kind != "" and kind not in MARK_KINDS:
        raise ServiceError("mentoring.bad_choice")
    session.execute(delete(MentorMark).where(MentorMark.survivor_id == actor.id,
                                             MentorMark.mentor_id == user.id))
    if kind:
        session.add(MentorMark(survivor_id=actor.id, mentor_id=user.id, kind=str(kind)))
    try:
        session.commit()
    except IntegrityError:  # a double tap: the other tap's mark stands
        session.rollback()
    return str(kind)
