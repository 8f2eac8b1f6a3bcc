"""Mentor applications and vetting, pausing, survivor intake, and staff allowances.

An approved mentor's profile is what survivors see. Edits to it never go live by
themselves: they wait in ``pending_changes`` for staff review (approve, send back, or
decline) while the approved profile stays live. The bio and region of every save go
through the same watched words and detectors as group posts (``evaluate_text``): a
hurtful word is refused kindly, personal details or recruitment language are held
for the reviewer with the reason (recruitment as urgent), and the author is told why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session

from portal.domain.languages import ordered_languages
from portal.domain.mentoring import (
    ApplicationStatus,
    ProfileChanges,
    RequestClosedReason,
    RequestStatus,
)
from portal.domain.moderation import ModerationAction, evaluate_text
from portal.domain.names import display_name_key
from portal.domain.permissions import (
    Actor,
    Permission,
    Role,
    Status,
    format_roles,
    parse_roles,
    require,
)
from portal.domain.vocabulary import FOCUS_AREAS, LANGUAGES, MEETING_MODES
from portal.models import User
from portal.models.mentoring import MentorApplication, MentorRequest, SurvivorIntake
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.common import (
    BIO_MAX,
    EDITABLE_STATUSES,
    EXPERIENCE_SET,
    FOCUS_SET,
    GENDER_SET,
    LANGUAGE_SET,
    MAX_ALLOWANCE,
    MAX_CAPACITY,
    MODE_SET,
    STAFF_NOTE_MAX,
    application_of,
    checked_choice,
    checked_int,
    checked_keys,
    checked_languages,
    cleaned_line,
    cleaned_region,
    cleaned_text,
    intake_of,
    join_keys,
    lock_people,
    ordered,
    split_keys,
)
from portal.services.mentoring.views import ApplicationView, IntakeView, VettingItem
from portal.services.moderation.watched_words import current_watch_list

DECISIONS = {"approve": ApplicationStatus.APPROVED, "changes": ApplicationStatus.CHANGES_REQUESTED,
             "decline": ApplicationStatus.DECLINED}
# The fields survivors see; an approved mentor's edits to them wait for review.
REVIEWED_FIELDS = ("languages", "focus_areas", "meeting_modes", "experience_type", "gender",
                   "region", "bio")
PENDING_MAX = 4000
# What the author is told about held words (recruitment gets the neutral one).
_AUTHOR_KEYS = {"moderation.held_personal_details": "mentoring.profile_held_personal_details",
                "moderation.held_review": "mentoring.profile_held_review",
                "moderation.crisis_support": "moderation.crisis_support"}


@dataclass(frozen=True)
class _Screening:
    reasons: tuple[str, ...]  # watched-word categories, for the reviewer
    urgent: bool
    author_keys: tuple[str, ...]


def _screen(session: Session, *texts: str | None) -> _Screening:
    """The group posts' watched words and detectors over each profile text."""
    watch_list = current_watch_list(session)
    categories: set[str] = set()
    urgent, keys = False, []
    for text in texts:
        if not text:
            continue
        verdict = evaluate_text(text, watched_words=watch_list)
        if verdict.action is ModerationAction.BLOCK:
            raise ServiceError("mentoring.profile_blocked_slur")
        categories |= {category.value for category in verdict.categories}
        urgent = urgent or verdict.urgent
        keys += [_AUTHOR_KEYS[key] for key in verdict.reason_keys
                 if key in _AUTHOR_KEYS and _AUTHOR_KEYS[key] not in keys]
    return _Screening(tuple(sorted(categories)), urgent, tuple(keys))


def _live_fields(application: MentorApplication) -> dict[str, object]:
    return {name: getattr(application, name) for name in REVIEWED_FIELDS}


def _pending_fields(application: MentorApplication) -> dict[str, object] | None:
    if not application.pending_changes:
        return None
    try:
        stored = json.loads(application.pending_changes)
    except ValueError:
        return None
    return {name: stored.get(name) for name in REVIEWED_FIELDS}


_KEY_SETS = {"languages": LANGUAGE_SET, "focus_areas": FOCUS_SET, "meeting_modes": MODE_SET}


def _same_profile(first: dict[str, object], second: dict[str, object]) -> bool:
    """The same as survivors would see it (key order and empty-versus-unset aside)."""
    def canonical(fields: dict[str, object]) -> dict[str, object]:
        return {name: split_keys(value, _KEY_SETS[name]) if name in _KEY_SETS
                else (value or None) for name, value in fields.items()}
    return canonical(first) == canonical(second)


def _clear_pending(application: MentorApplication) -> None:
    application.pending_changes = ""
    application.changes_status = ProfileChanges.NONE
    application.changes_reasons = ""
    application.changes_urgent = False
    application.changes_submitted_at = None


# --- the mentor's own application -----------------------------------------------------

def _application_view(application: MentorApplication | None,
                      held: tuple[str, ...] = ()) -> ApplicationView:
    """The mentor's own view: while edits wait for review (or came back), the form shows
    the edits; survivors meanwhile still see the approved profile."""
    if application is None:
        return ApplicationView(status="new")
    fields = _pending_fields(application) or _live_fields(application)
    return ApplicationView(
        status=application.status,
        languages=ordered_languages(split_keys(fields["languages"], LANGUAGE_SET), LANGUAGES),
        focus_areas=ordered(split_keys(fields["focus_areas"], FOCUS_SET), FOCUS_AREAS),
        experience_type=fields["experience_type"] or "",
        gender=fields["gender"] or "",
        region=fields["region"] or "",
        meeting_modes=ordered(split_keys(fields["meeting_modes"], MODE_SET), MEETING_MODES),
        capacity=application.capacity, bio=fields["bio"] or "",
        staff_note=application.staff_note, paused=application.paused,
        changes_status=application.changes_status, held_keys=held,
    )


def my_application(*, session: Session, actor: Actor) -> ApplicationView:
    require(actor, Permission.MENTORING_PROFILE_EDIT)
    return _application_view(application_of(session, actor.id))


def save_application(*, session: Session, actor: Actor, languages: object,
                     focus_areas: object, meeting_modes: object, capacity: object = 2,
                     bio: object = "", experience_type: object = None, gender: object = None,
                     region: object = None, submit: bool = False) -> ApplicationView:
    """Save the profile; with ``submit`` it goes to staff for review (needs every answer)."""
    require(actor, Permission.MENTORING_PROFILE_EDIT)
    language_keys = checked_languages(languages)
    focus_keys = checked_keys(focus_areas, FOCUS_SET, "mentoring.bad_focus_areas")
    mode_keys = checked_keys(meeting_modes, MODE_SET, "mentoring.bad_meeting_modes")
    seats = checked_int(capacity, 1, MAX_CAPACITY, "mentoring.bad_capacity", most=MAX_CAPACITY)
    experience = checked_choice(experience_type, EXPERIENCE_SET, "mentoring.bad_choice")
    gender_key = checked_choice(gender, GENDER_SET, "mentoring.bad_choice")
    region_text = cleaned_region(region)
    about = cleaned_text(bio, max_length=BIO_MAX, optional=True)
    if "in_person" in mode_keys and not region_text:
        raise ServiceError("mentoring.region_needed")
    application = application_of(session, actor.id)
    if (application is not None
            and application.status not in EDITABLE_STATUSES | {ApplicationStatus.SUBMITTED}):
        raise ServiceError("mentoring.application_closed")
    if submit and not (language_keys and focus_keys and mode_keys and about):
        raise ServiceError("mentoring.application_incomplete")
    screening = _screen(session, about, region_text)
    now = utcnow()
    fields = {"languages": join_keys(language_keys), "focus_areas": join_keys(focus_keys),
              "meeting_modes": join_keys(mode_keys), "experience_type": experience,
              "gender": gender_key, "region": region_text, "bio": about}
    if application is not None and application.status == ApplicationStatus.APPROVED:
        return _save_approved_changes(session, application, fields, seats, screening, now)
    if application is None:
        application = MentorApplication(user_id=actor.id, created_at=now)
        session.add(application)
    for name, value in fields.items():
        setattr(application, name, value)
    application.capacity = seats
    application.updated_at = now
    # Not live yet: the reviewer of the application sees what the detectors found.
    application.changes_reasons = ",".join(screening.reasons)
    application.changes_urgent = screening.urgent
    if submit and application.status in (ApplicationStatus.DRAFT,
                                          ApplicationStatus.CHANGES_REQUESTED):
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
    session.commit()
    return _application_view(application, screening.author_keys)


def _save_approved_changes(session: Session, application: MentorApplication,
                           fields: dict[str, object], seats: int, screening: _Screening,
                           now: datetime) -> ApplicationView:
    """The approved profile stays live; changes to what survivors see wait for review.
    Capacity is the mentor's own load, never shown to survivors: it applies at once."""
    application.capacity = seats
    application.updated_at = now
    if _same_profile(fields, _live_fields(application)):
        _clear_pending(application)  # back to the live profile: nothing left to review
    else:
        stored = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        if len(stored) > PENDING_MAX:
            raise ServiceError("mentoring.text_too_long", max_length=BIO_MAX)
        application.pending_changes = stored
        application.changes_status = ProfileChanges.WAITING
        application.changes_reasons = ",".join(screening.reasons)
        application.changes_urgent = screening.urgent
        application.changes_submitted_at = now
    session.commit()
    return _application_view(application, screening.author_keys)


def _close_open_requests(session: Session, mentor_id: int, reason: RequestClosedReason,
                         now: datetime) -> int:
    result = session.execute(
        update(MentorRequest)
        .where(MentorRequest.mentor_id == mentor_id, MentorRequest.status == RequestStatus.PENDING)
        .values(status=RequestStatus.DECLINED, closed_reason=reason, open_pair=None, closed_at=now))
    return result.rowcount or 0


def set_paused(*, session: Session, actor: Actor, paused: bool) -> ApplicationView:
    """Pause (open requests are declined kindly, survivors see other mentors) or resume."""
    require(actor, Permission.MENTORING_MENTOR_MANAGE)
    lock_people(session, actor.id)
    application = application_of(session, actor.id)
    if application is None or application.status != ApplicationStatus.APPROVED:
        raise ServiceError("mentoring.not_an_approved_mentor")
    application.paused = bool(paused)
    application.updated_at = utcnow()
    if application.paused:
        _close_open_requests(session, actor.id, RequestClosedReason.MENTOR_PAUSED,
                             application.updated_at)
    session.commit()
    return _application_view(application)


# --- vetting -------------------------------------------------------------------------

def _vetting_item(app: MentorApplication, user: User) -> VettingItem:
    changes = app.status == ApplicationStatus.APPROVED
    fields = (_pending_fields(app) if changes else None) or _live_fields(app)
    return VettingItem(
        user_id=user.id, name=user.display_name, status=app.status,
        languages=ordered_languages(split_keys(fields["languages"], LANGUAGE_SET), LANGUAGES),
        focus_areas=ordered(split_keys(fields["focus_areas"], FOCUS_SET), FOCUS_AREAS),
        experience_type=fields["experience_type"] or "", gender=fields["gender"] or "",
        region=fields["region"] or "",
        meeting_modes=ordered(split_keys(fields["meeting_modes"], MODE_SET), MEETING_MODES),
        capacity=app.capacity, bio=fields["bio"] or "", staff_note=app.staff_note,
        submitted_at=app.changes_submitted_at if changes else app.submitted_at,
        kind="changes" if changes else "application",
        reasons=tuple(reason for reason in app.changes_reasons.split(",") if reason),
        urgent=app.changes_urgent)


def vetting_queue(*, session: Session, actor: Actor) -> list[VettingItem]:
    """New applications and approved mentors' profile changes waiting for review: urgent
    (recruitment or crisis words) first, then oldest. Reading them is audited."""
    require(actor, Permission.MENTORING_PROFILE_REVIEW)
    waiting = (MentorApplication.status == ApplicationStatus.SUBMITTED) | (
        (MentorApplication.status == ApplicationStatus.APPROVED)
        & (MentorApplication.changes_status == ProfileChanges.WAITING))
    rows = session.execute(
        select(MentorApplication, User).join(User, User.id == MentorApplication.user_id)
        .where(waiting, User.status == Status.ACTIVE)
        .order_by(MentorApplication.changes_urgent.desc(),
                  func.coalesce(MentorApplication.changes_submitted_at,
                                MentorApplication.submitted_at),
                  MentorApplication.id).limit(50)
    ).all()
    audit.record(session, actor=actor, action="mentoring.vetting.read",
                 target_type="mentor_application", detail=f"count={len(rows)}")
    session.commit()
    return [_vetting_item(app, user) for app, user in rows]


def decide_application(*, session: Session, actor: Actor, mentor_id: object, decision: object,
                       note: object = "") -> str:
    """Approve (grants the mentor role), ask for changes (a note is needed) or decline.
    For an approved mentor's waiting profile changes: approve puts them live, "changes"
    sends them back with a note, decline drops them; the approved profile stays."""
    require(actor, Permission.MENTORING_PROFILE_REVIEW)
    if decision not in DECISIONS:
        raise ServiceError("mentoring.bad_decision")
    user = session.get(User, parse_id(mentor_id))
    application = application_of(session, user.id) if user else None
    changes = (application is not None and application.status == ApplicationStatus.APPROVED
               and application.changes_status == ProfileChanges.WAITING)
    if (application is None or user.status != Status.ACTIVE
            or not (application.status == ApplicationStatus.SUBMITTED or changes)):
        raise NotFound()
    if user.id == actor.id:
        raise ServiceError("mentoring.not_your_own_application")
    staff_note = cleaned_line(note, max_length=STAFF_NOTE_MAX)
    if decision == "changes" and not staff_note:
        raise ServiceError("mentoring.note_needed")
    now = utcnow()
    application.staff_note = staff_note
    application.reviewed_by_id = actor.id
    application.reviewed_at = now
    if changes:
        _decide_changes(application, str(decision), now)
        audit.record(session, actor=actor, action=f"mentoring.profile_changes.{decision}",
                     target_type="user", target_id=user.id, detail=staff_note[:300])
        session.commit()
        return application.changes_status or application.status
    application.status = DECISIONS[decision]
    if decision == "approve":
        roles = (parse_roles(user.roles) - {Role.MENTOR_APPLICANT}) | {Role.MENTOR}
        user.roles = format_roles(roles)
    audit.record(session, actor=actor, action=f"mentoring.application.{decision}",
                 target_type="user", target_id=user.id, detail=staff_note[:300])
    session.commit()
    return application.status


def _decide_changes(application: MentorApplication, decision: str, now: datetime) -> None:
    if decision == "approve":
        for name, value in (_pending_fields(application) or {}).items():
            setattr(application, name, value)
        _clear_pending(application)
    elif decision == "changes":
        application.changes_status = ProfileChanges.RETURNED
    else:
        _clear_pending(application)
    application.updated_at = now


# --- survivor intake ------------------------------------------------------------------

def _intake_view(intake: SurvivorIntake | None) -> IntakeView:
    if intake is None:
        return IntakeView()
    return IntakeView(
        goals=ordered(split_keys(intake.goals, FOCUS_SET), FOCUS_AREAS),
        languages=ordered_languages(split_keys(intake.languages, LANGUAGE_SET), LANGUAGES),
        preferred_gender=intake.preferred_gender or "",
        wants_shared_experience=intake.wants_shared_experience,
        experience_type=intake.experience_type or "",
        meeting_modes=ordered(split_keys(intake.meeting_modes, MODE_SET), MEETING_MODES),
        region=intake.region or "",
        topics_to_avoid=ordered(split_keys(intake.topics_to_avoid, FOCUS_SET), FOCUS_AREAS),
        open_to_staff_suggestions=intake.open_to_staff_suggestions,
        answered=not intake.skipped and bool(intake.goals or intake.languages),
        skipped=intake.skipped, mentor_allowance=intake.mentor_allowance,
    )


def my_intake(*, session: Session, actor: Actor) -> IntakeView:
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    return _intake_view(intake_of(session, actor.id))


def _intake_for_update(session: Session, user_id: int) -> SurvivorIntake:
    intake = intake_of(session, user_id)
    if intake is None:
        intake = SurvivorIntake(user_id=user_id)
        session.add(intake)
    return intake


def save_intake(*, session: Session, actor: Actor, goals: object = None,
                languages: object = None, preferred_gender: object = None,
                wants_shared_experience: bool = False, experience_type: object = None,
                meeting_modes: object = None, region: object = None,
                topics_to_avoid: object = None,
                open_to_staff_suggestions: bool = True) -> IntakeView:
    """Every answer is optional; what is given must be a known choice."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    goal_keys = checked_keys(goals, FOCUS_SET, "mentoring.bad_focus_areas")
    language_keys = checked_languages(languages)
    mode_keys = checked_keys(meeting_modes, MODE_SET, "mentoring.bad_meeting_modes")
    avoid_keys = checked_keys(topics_to_avoid, FOCUS_SET, "mentoring.bad_focus_areas")
    gender_key = checked_choice(preferred_gender, GENDER_SET - {"prefer_not_to_say"},
                                "mentoring.bad_choice")
    experience = checked_choice(experience_type, EXPERIENCE_SET, "mentoring.bad_choice")
    region_text = cleaned_region(region)
    intake = _intake_for_update(session, actor.id)
    intake.goals = join_keys(goal_keys)
    intake.languages = join_keys(language_keys)
    intake.meeting_modes = join_keys(mode_keys)
    intake.topics_to_avoid = join_keys(avoid_keys)
    intake.preferred_gender = gender_key
    intake.experience_type = experience
    intake.wants_shared_experience = bool(wants_shared_experience)
    intake.region = region_text
    intake.open_to_staff_suggestions = bool(open_to_staff_suggestions)
    intake.skipped = False
    intake.updated_at = utcnow()
    session.commit()
    return _intake_view(intake)


def skip_intake(*, session: Session, actor: Actor) -> IntakeView:
    """Not now: suggestions still work from the member's language and time zone."""
    require(actor, Permission.MENTORING_MENTEE_SEEK)
    intake = _intake_for_update(session, actor.id)
    intake.skipped = True
    intake.updated_at = utcnow()
    session.commit()
    return _intake_view(intake)


def set_mentor_allowance(*, session: Session, actor: Actor, display_name: object,
                         allowance: object) -> int:
    """Staff let one survivor have more than one mentor at a time (or go back to one)."""
    require(actor, Permission.MENTORING_MATCH_ASSIGN)
    count = checked_int(allowance, 1, MAX_ALLOWANCE, "mentoring.bad_allowance",
                        most=MAX_ALLOWANCE)
    key = display_name_key(display_name if isinstance(display_name, str) else "")[:40]
    user = session.execute(select(User).where(User.display_name_key == key)
                           ).scalar_one_or_none() if key else None
    if (user is None or user.status == Status.DELETED
            or Role.SURVIVOR not in parse_roles(user.roles)):
        raise NotFound()
    intake = _intake_for_update(session, user.id)
    intake.mentor_allowance = count
    audit.record(session, actor=actor, action="mentoring.allowance.set", target_type="user",
                 target_id=user.id, detail=f"allowance={count}")
    session.commit()
    return count
