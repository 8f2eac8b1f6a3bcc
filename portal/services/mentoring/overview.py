"""One call per page: what the mentoring pages show, gathered in one transaction.

Each function authorizes like the single-purpose services it combines, so a page's
load handler stays a thin call to exactly one service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.mentoring import MentorMatch
from portal.models.types import utcnow
from portal.services.mentoring import seen
from portal.services.mentoring.assignment import latest_proposal
from portal.services.mentoring.common import (
    active_counts,
    allowance_of,
    intake_of,
    thread_context,
)
from portal.services.mentoring.languages import (
    UnmetLanguageView,
    my_unmet_languages,
    unmet_languages,
)
from portal.services.mentoring.matches import (
    match_view,
    message_page,
    message_window,
    my_matches,
)
from portal.services.mentoring.matching import suggestions_for
from portal.services.mentoring.profiles import my_intake, vetting_queue
from portal.services.mentoring.requests import my_requests
from portal.services.mentoring.views import (
    IntakeView,
    MatchView,
    MessagePage,
    ProposalView,
    SentRequestView,
    SuggestionView,
    VettingItem,
)


@dataclass(frozen=True)
class MenteeOverview:
    intake: IntakeView
    matches: tuple[MatchView, ...]
    requests: tuple[SentRequestView, ...]
    suggestions: tuple[SuggestionView, ...]
    has_free_seat: bool
    # Her languages no approved mentor speaks yet (told kindly on the mentoring page).
    unmet_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThreadView:
    match: MatchView
    page: MessagePage


@dataclass(frozen=True)
class StaffOverview:
    queue: tuple[VettingItem, ...]
    proposal: ProposalView | None
    # Languages survivors asked for that no mentor speaks yet, most asked first.
    unmet_languages: tuple[UnmetLanguageView, ...] = ()


def mentee_overview(*, session: Session, actor: Actor,
                    now: datetime | None = None) -> MenteeOverview:
    """The survivor's mentors, requests, intake state and (with a free seat) suggestions."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    now = now or utcnow()
    intake = my_intake(session=session, actor=actor)
    matches = tuple(m for m in my_matches(session=session, actor=actor, now=now)
                    if m.my_side == "mentee")
    active = active_counts(session, MentorMatch.survivor_id, [actor.id]).get(actor.id, 0)
    free_seat = active < allowance_of(intake_of(session, actor.id))
    suggestions = tuple(suggestions_for(session, session.get(User, actor.id), now)
                        ) if free_seat else ()
    return MenteeOverview(intake=intake, matches=matches,
                          requests=tuple(my_requests(session=session, actor=actor, now=now)),
                          suggestions=suggestions, has_free_seat=free_seat,
                          unmet_languages=my_unmet_languages(session, actor.id, now))


def open_thread(*, session: Session, actor: Actor, match_id: object,
                before_id: object = None, from_id: int | None = None) -> ThreadView:
    """Her thread as she opens it: the newest page (older ones: ``before_id``). An open
    tab that already shows it asks for its window (``from_id``: every message from that
    id on, ``message_window``); when too many came since, the newest page instead."""
    # The match, both names, her fit check answer and both "seen" choices: one read.
    context = thread_context(session, actor, match_id)
    match = context.match
    partner_id = match.mentor_id if actor.id == match.survivor_id else match.survivor_id
    # Opening the thread is reading it: her partner's delivered messages are seen, only
    # if she chose "seen" (nothing is recorded otherwise); his open tab updates.
    if match.thread_purged_at is None and seen.mark_seen(
            session, match, actor.id, reader_chose=actor.id in context.chose_seen):
        session.commit()
    show_seen = actor.id in context.chose_seen and partner_id in context.chose_seen
    page = None
    if from_id is not None and before_id is None:
        page = message_window(session, match, actor.id, from_id, show_seen=show_seen,
                              names=context.names)
    if page is None:
        page = message_page(session, match, actor.id, show_seen=show_seen,
                            before_id=before_id, names=context.names)
    return ThreadView(match=match_view(session, match, actor.id, names=context.names,
                                       fit_answer=context.my_fit_answer), page=page)


def staff_overview(*, session: Session, actor: Actor) -> StaffOverview:
    require(actor, Permission.MENTORING_PROFILE_REVIEW)
    return StaffOverview(queue=tuple(vetting_queue(session=session, actor=actor)),
                         proposal=latest_proposal(session=session, actor=actor),
                         unmet_languages=unmet_languages(session, utcnow()))
