"""Shared pieces of the mentoring services: limits, payload checks, loaders, profiles.

Everything that turns a client-sent id into a row lives here as an ``access_*``
function that also checks the actor may see that row (Zulip style): a stranger's id
gets the same ``NotFound`` as an id that does not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, exists, func, or_, select
from sqlmodel import Session

from portal.domain.languages import LANGUAGE_CODES, MAX_LANGUAGES, ordered_languages
from portal.domain.matching import MatchExclusions, MentorProfile, SurvivorProfile
from portal.domain.mentoring import (
    ApplicationStatus,
    MarkKind,
    MatchStatus,
    RequestClosedReason,
    RequestStatus,
)
from portal.domain.permissions import Actor, Permission, Status, parse_roles, require
from portal.domain.sanitize import (
    EmptyText,
    SanitizeError,
    TextTooLong,
    clean_plain_line,
    clean_user_text,
)
from portal.domain.vocabulary import (
    EXPERIENCE_TYPES,
    FOCUS_AREAS,
    GENDERS,
    LANGUAGES,
    MEETING_MODES,
)
from portal.models import User
from portal.models.mentoring import (
    FitCheck,
    MentorApplication,
    MentorMark,
    MentorMatch,
    MentorRequest,
    SeenChoice,
    SurvivorIntake,
)
from portal.services.accounts.blocks import blocked_either_way
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.views import ActiveMatchRef, MentorCard

# Other capabilities react when a mentorship ends (the calendar closes its sessions):
# ``hook(session, survivor_id, mentor_id)``, in the ending transaction.
MatchEndHook = Callable[[Session, int, int], None]
ON_MATCH_END: list[MatchEndHook] = []

REQUEST_LIFETIME = timedelta(days=7)
THREAD_KEPT_FOR = timedelta(days=30)
# A mentor who declined is not suggested to the same survivor again for a while.
DECLINE_QUIET_PERIOD = timedelta(days=90)
MAX_OPEN_REQUESTS = 3
MAX_CAPACITY = 6
MAX_ALLOWANCE = 3
NOTE_MAX = 500
QUESTION_MAX = 300
ANSWER_MAX = 500
BIO_MAX = 1000
STAFF_NOTE_MAX = 500
MESSAGE_MAX = 2000
REGION_MAX = 60
SUGGESTION_COUNT = 5

APPLICATION_STATUSES = tuple(status.value for status in ApplicationStatus)
# An approved mentor may edit, but the edits wait for review (see mentoring_profiles).
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED,
                               ApplicationStatus.APPROVED})
FIT_ANSWERS = ("good", "unsure", "not_good")

FOCUS_SET = frozenset(FOCUS_AREAS)
LANGUAGE_SET = LANGUAGE_CODES  # every ISO 639 language, not only the usual ones
MODE_SET = frozenset(MEETING_MODES)
GENDER_SET = frozenset(GENDERS)
EXPERIENCE_SET = frozenset(EXPERIENCE_TYPES)


# --- stored key sets ------------------------------------------------------------------

def split_keys(text: str | None, allowed: frozenset[str]) -> frozenset[str]:
    """Keys stored comma-separated; anything unknown is dropped, never trusted."""
    return frozenset(part for part in (text or "").split(",") if part in allowed)


def join_keys(keys: Iterable[str]) -> str:
    return ",".join(sorted(set(keys)))


def ordered(keys: Iterable[str], vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(keys)
    return tuple(key for key in vocabulary if key in chosen)


# --- payload checks -------------------------------------------------------------------

def checked_keys(value: object, allowed: frozenset[str], code: str) -> frozenset[str]:
    """A collection of known keys from a payload; anything else is refused."""
    if value is None:
        return frozenset()
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ServiceError(code)
    if len(value) > len(allowed) or not all(isinstance(v, str) and v in allowed for v in value):
        raise ServiceError(code)
    return frozenset(value)


def checked_languages(value: object) -> frozenset[str]:
    """Any ISO 639 languages, at most twelve (they are stored in 120 characters)."""
    codes = checked_keys(value, LANGUAGE_SET, "mentoring.bad_languages")
    if len(codes) > MAX_LANGUAGES:
        raise ServiceError("mentoring.bad_languages")
    return codes


def checked_choice(value: object, allowed: frozenset[str], code: str) -> str | None:
    """One optional key: "" or None mean "not given"."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in allowed:
        raise ServiceError(code)
    return value


def checked_int(value: object, low: int, high: int, code: str, **params: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(code, **params)
    return value


def cleaned_line(value: object, *, max_length: int) -> str:
    """A one-line answer (region, staff note): empty stays empty, too long is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ServiceError("mentoring.bad_choice")
    try:
        return clean_plain_line(value, max_length=max_length)
    except EmptyText:
        return ""
    except TextTooLong:
        raise ServiceError("mentoring.text_too_long", max_length=max_length) from None
    except SanitizeError:
        return ""


def cleaned_region(value: object) -> str | None:
    return cleaned_line(value, max_length=REGION_MAX) or None


def region_key(region: str | None) -> str | None:
    return region.casefold() if region else None


def cleaned_text(value: object, *, max_length: int, optional: bool) -> str:
    """Member-written text through the sanitiser, with calm, specific refusals."""
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise ServiceError("mentoring.text_empty")
    try:
        return clean_user_text(value, max_length=max_length)
    except EmptyText:
        if optional:
            return ""
        raise ServiceError("mentoring.text_empty") from None
    except TextTooLong:
        raise ServiceError("mentoring.text_too_long", max_length=max_length) from None
    except SanitizeError:
        raise ServiceError("mentoring.text_empty") from None


# --- loaders ---------------------------------------------------------------------------

def application_of(session: Session, user_id: int) -> MentorApplication | None:
    return session.execute(
        select(MentorApplication).where(MentorApplication.user_id == user_id)
    ).scalar_one_or_none()


def intake_of(session: Session, user_id: int) -> SurvivorIntake | None:
    return session.execute(
        select(SurvivorIntake).where(SurvivorIntake.user_id == user_id)
    ).scalar_one_or_none()


def allowance_of(intake: SurvivorIntake | None) -> int:
    return max(1, min(intake.mentor_allowance if intake else 1, MAX_ALLOWANCE))


def is_active_mentor(user: User | None, application: MentorApplication | None) -> bool:
    return (user is not None and user.status == Status.ACTIVE and application is not None
            and application.status == ApplicationStatus.APPROVED
            and "mentor" in parse_roles(user.roles))


def access_approved_mentor(session: Session, actor: Actor,
                           mentor_id: object) -> tuple[User, MentorApplication]:
    """An approved mentor a survivor may look at; anyone else is not found."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    user = session.get(User, parse_id(mentor_id))
    application = application_of(session, user.id) if user else None
    if not is_active_mentor(user, application):
        raise NotFound()
    return user, application


def access_match(session: Session, actor: Actor, match_id: object,
                 *, lock: bool = False) -> MentorMatch:
    """A match the actor takes part in."""
    require(actor, Permission.MENTORING_MATCH_TAKE_PART)
    query = select(MentorMatch).where(MentorMatch.id == parse_id(match_id))
    match = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if match is None or actor.id not in (match.survivor_id, match.mentor_id):
        raise NotFound()
    return match


class MatchRow(NamedTuple):
    """A match as ``thread_context`` reads it: every column of ``mentor_matches`` under
    its own name, read-only (no ORM object: a thread is framed for every message)."""

    id: int
    survivor_id: int | None
    mentor_id: int | None
    request_id: int | None
    status: str
    survivor_seat: int | None
    mentor_seat: int | None
    active_pair: bool | None
    started_at: datetime
    first_session_at: datetime | None
    ended_at: datetime | None
    ended_by_id: int | None
    ended_reason: str | None
    survivor_rematch_ok: bool
    mentor_rematch_ok: bool
    thread_purged_at: datetime | None


@dataclass(frozen=True)
class ThreadContext:
    """A match the actor takes part in, with what its page needs beside the messages:
    both people's names (a former member's: absent), the actor's own fit check answer
    ("" before she gave one) and which of the two chose "seen" (seen.py)."""

    match: MatchRow
    names: dict[int, str]
    my_fit_answer: str
    chose_seen: frozenset[int]


@functools.cache
def _frame_statement():
    """Built once (its cache key too), run with ``match_id`` and ``viewer_id``: a thread
    is framed for every message, twice (issue 15). Table columns, not ORM entities: the
    row comes back without the ORM's per-execution setup or an identity-mapped object."""
    matches, users = MentorMatch.__table__, User.__table__
    fits, choices = FitCheck.__table__, SeenChoice.__table__
    survivor, mentor = users.alias("survivor"), users.alias("mentor")
    fit = (select(fits.c.answer)
           .where(fits.c.match_id == matches.c.id, fits.c.user_id == bindparam("viewer_id"))
           .correlate(matches).scalar_subquery())
    return (select(*(matches.c[name] for name in MatchRow._fields),
                   survivor.c.display_name, mentor.c.display_name, fit,
                   exists().where(choices.c.user_id == matches.c.survivor_id),
                   exists().where(choices.c.user_id == matches.c.mentor_id))
            .select_from(matches)
            .outerjoin(survivor, survivor.c.id == matches.c.survivor_id)
            .outerjoin(mentor, mentor.c.id == matches.c.mentor_id)
            .where(matches.c.id == bindparam("match_id")))


def thread_context(session: Session, actor: Actor, match_id: object) -> ThreadContext:
    """``access_match`` and the rest of a thread page's frame in one statement (a
    thread is read on every message, by the writer and by every open tab of her
    partner: issue 15's delivery speed)."""
    require(actor, Permission.MENTORING_MATCH_TAKE_PART)
    row = session.execute(_frame_statement(), {"match_id": parse_id(match_id),
                                               "viewer_id": actor.id}).one_or_none()
    if row is None:
        raise NotFound()
    width = len(MatchRow._fields)
    match = MatchRow(*row[:width])
    survivor_name, mentor_name, answer, survivor_chose, mentor_chose = row[width:]
    if actor.id not in (match.survivor_id, match.mentor_id):
        raise NotFound()
    names = {person: name for person, name in ((match.survivor_id, survivor_name),
                                                (match.mentor_id, mentor_name))
             if person is not None and name is not None}
    chose = {person for person, chosen in ((match.survivor_id, survivor_chose),
                                           (match.mentor_id, mentor_chose))
             if person is not None and chosen}
    return ThreadContext(match=match, names=names, my_fit_answer=answer or "",
                         chose_seen=frozenset(chose))


def access_request(session: Session, actor: Actor, request_id: object, *,
                   side: str, lock: bool = True) -> MentorRequest:
    """A request the actor sent (side="survivor") or received (side="mentor"), locked
    unless the caller locks the two people first (see ``lock_people``)."""
    require(actor, Permission.MENTORING_MENTOR_MANAGE if side == "mentor"
            else Permission.MENTORING_MENTEE_SEEK)
    query = select(MentorRequest).where(MentorRequest.id == parse_id(request_id))
    request = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    owner = None if request is None else (
        request.mentor_id if side == "mentor" else request.survivor_id)
    if request is None or owner != actor.id:
        raise NotFound()
    return request


def lock_people(session: Session, *user_ids: int) -> None:
    """Lock these members' rows, always in id order, for the rest of the transaction.

    Starting a match changes seats, requests and matches of both people. Taking their
    rows first (before any request row) makes two such writes that share a person run
    one after the other on PostgreSQL instead of deadlocking. SQLite ignores the lock
    and runs one writer at a time anyway.
    """
    session.execute(select(User.id).where(User.id.in_(set(user_ids)))
                    .order_by(User.id).with_for_update()).all()


def names_of(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    ids = set(user_ids)
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return {row.id: row.display_name for row in rows}


# --- counts, shared with booking and the staff tools -----------------------------------

def active_match_between(session: Session, survivor_id: int,
                         mentor_id: int) -> ActiveMatchRef | None:
    """The active mentorship of this survivor with this mentor, if there is one."""
    match = session.execute(
        select(MentorMatch).where(MentorMatch.survivor_id == survivor_id,
                                  MentorMatch.mentor_id == mentor_id,
                                  MentorMatch.status == MatchStatus.ACTIVE)
    ).scalar_one_or_none()
    if match is None:
        return None
    return ActiveMatchRef(id=match.id, survivor_id=match.survivor_id,
                          mentor_id=match.mentor_id, started_at=match.started_at)


def active_counts(session: Session, column, ids: Iterable[int] | None = None) -> dict[int, int]:
    query = (select(column, func.count(MentorMatch.id))
             .where(MentorMatch.status == MatchStatus.ACTIVE))
    if ids is not None:
        query = query.where(column.in_(set(ids)))
    return dict(session.execute(query.group_by(column)).all())


def pending_counts(session: Session, now: datetime,
                   mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
    query = select(MentorRequest.mentor_id, func.count(MentorRequest.id)).where(
        MentorRequest.status == RequestStatus.PENDING, MentorRequest.expires_at > now)
    if mentor_ids is not None:
        query = query.where(MentorRequest.mentor_id.in_(set(mentor_ids)))
    return dict(session.execute(query.group_by(MentorRequest.mentor_id)).all())


# --- matching profiles ----------------------------------------------------------------

def mentor_profile(user: User, application: MentorApplication, *, active: int,
                   pending: int) -> MentorProfile:
    return MentorProfile(
        id=user.id,
        languages=split_keys(application.languages, LANGUAGE_SET),
        focus_areas=split_keys(application.focus_areas, FOCUS_SET),
        timezone=user.timezone,
        meeting_modes=split_keys(application.meeting_modes, MODE_SET),
        capacity=max(application.capacity, 0),
        active_mentee_count=active,
        pending_request_count=pending,
        approved=is_active_mentor(user, application),
        paused=application.paused,
        experience_type=application.experience_type
        if application.experience_type in EXPERIENCE_SET else None,
        gender=application.gender if application.gender in GENDER_SET else None,
        region=region_key(application.region),
    )


def survivor_profile(user: User, intake: SurvivorIntake | None) -> SurvivorProfile:
    languages = split_keys(intake.languages, LANGUAGE_SET) if intake else frozenset()
    if intake is None:
        return SurvivorProfile(id=user.id, goals=frozenset(),
                               languages=languages or frozenset({user.language}),
                               timezone=user.timezone)
    return SurvivorProfile(
        id=user.id,
        goals=split_keys(intake.goals, FOCUS_SET),
        languages=languages or frozenset({user.language}),
        timezone=user.timezone,
        preferred_meeting_modes=split_keys(intake.meeting_modes, MODE_SET),
        preferred_mentor_gender=intake.preferred_gender
        if intake.preferred_gender in GENDER_SET else None,
        wants_shared_experience=intake.wants_shared_experience,
        experience_type=intake.experience_type
        if intake.experience_type in EXPERIENCE_SET else None,
        region=region_key(intake.region),
        topics_to_avoid=split_keys(intake.topics_to_avoid, FOCUS_SET),
    )


def approved_mentors(session: Session, now: datetime,
                     ) -> list[tuple[User, MentorApplication, MentorProfile]]:
    """Every approved mentor with an active account, with live seat and request counts."""
    rows = session.execute(
        select(User, MentorApplication).join(MentorApplication,
                                             MentorApplication.user_id == User.id)
        .where(MentorApplication.status == ApplicationStatus.APPROVED, User.status == Status.ACTIVE)
        .order_by(User.id)
    ).all()
    rows = [(user, app) for user, app in rows if is_active_mentor(user, app)]
    active = active_counts(session, MentorMatch.mentor_id)
    pending = pending_counts(session, now)
    return [(user, app, mentor_profile(user, app, active=active.get(user.id, 0),
                                       pending=pending.get(user.id, 0)))
            for user, app in rows]


def ended_pairs_for(session: Session, survivor_ids: Iterable[int] | None = None,
                    ) -> tuple[frozenset, frozenset]:
    """(ended pairs, pairs where both agreed to try again), as (survivor, mentor)."""
    query = select(MentorMatch.survivor_id, MentorMatch.mentor_id,
                   MentorMatch.survivor_rematch_ok, MentorMatch.mentor_rematch_ok
                   ).where(MentorMatch.status == MatchStatus.ENDED)
    if survivor_ids is not None:
        query = query.where(MentorMatch.survivor_id.in_(set(survivor_ids)))
    rows = session.execute(query).all()
    ended = frozenset((row[0], row[1]) for row in rows)
    # Every ended match of the pair must carry both yeses: one "no" keeps them apart.
    refused = {(row[0], row[1]) for row in rows if not (row[2] and row[3])}
    return ended, frozenset(pair for pair in ended if pair not in refused)


def exclusions_for(session: Session, survivor_id: int, now: datetime) -> MatchExclusions:
    """Who must never be suggested to this survivor, and who she has set aside."""
    blocked = blocked_either_way(session, survivor_id)
    ended, rematch = ended_pairs_for(session, [survivor_id])
    hidden = set(session.execute(
        select(MentorMark.mentor_id).where(MentorMark.survivor_id == survivor_id,
                                           MentorMark.kind == MarkKind.HIDDEN)).scalars())
    # Mentors she is already asking or matched with, and those who declined her lately.
    hidden.update(session.execute(
        select(MentorRequest.mentor_id).where(
            MentorRequest.survivor_id == survivor_id,
            or_((MentorRequest.status == RequestStatus.PENDING) & (MentorRequest.expires_at > now),
                (MentorRequest.status == RequestStatus.DECLINED)
                & (MentorRequest.closed_reason == RequestClosedReason.DECLINED)
                & (MentorRequest.closed_at > now - DECLINE_QUIET_PERIOD)))).scalars())
    hidden.update(session.execute(
        select(MentorMatch.mentor_id).where(MentorMatch.survivor_id == survivor_id,
                                            MentorMatch.status == MatchStatus.ACTIVE)).scalars())
    return MatchExclusions(
        blocked_pairs=frozenset((survivor_id, other) for other in blocked),
        ended_pairs=ended, rematch_allowed_pairs=rematch,
        hidden_mentors={survivor_id: frozenset(hidden)},
    )


def mentor_card(user: User, application: MentorApplication, *, active: int,
                marks: dict[int, str] | None = None,
                pending_ids: frozenset[int] = frozenset()) -> MentorCard:
    modes = split_keys(application.meeting_modes, MODE_SET)
    kind = (marks or {}).get(user.id, "")
    return MentorCard(
        id=user.id, name=user.display_name,
        languages=ordered_languages(split_keys(application.languages, LANGUAGE_SET), LANGUAGES),
        focus_areas=ordered(split_keys(application.focus_areas, FOCUS_SET), FOCUS_AREAS),
        meeting_modes=ordered(modes, MEETING_MODES),
        region=(application.region or "") if "in_person" in modes else "",
        gender=application.gender if application.gender in GENDER_SET else "",
        bio=application.bio,
        has_space=not application.paused and active < application.capacity,
        saved=kind == MarkKind.SAVED, hidden=kind == MarkKind.HIDDEN,
        request_pending=user.id in pending_ids,
    )


def marks_of(session: Session, survivor_id: int) -> dict[int, str]:
    rows = session.execute(select(MentorMark.mentor_id, MentorMark.kind)
                           .where(MentorMark.survivor_id == survivor_id)).all()
    return {row.mentor_id: row.kind for row in rows}


def pending_mentor_ids(session: Session, survivor_id: int, now: datetime) -> frozenset[int]:
    return frozenset(session.execute(
        select(MentorRequest.mentor_id).where(MentorRequest.survivor_id == survivor_id,
                                              MentorRequest.status == RequestStatus.PENDING,
                                              MentorRequest.expires_at > now)).scalars())
