"""Mentor applications and vetting, pausing, survivor intake, and staff allowances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session

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
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring_common import (
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
    checked_id,
    checked_int,
    checked_keys,
    cleaned_line,
    cleaned_region,
    cleaned_text,
    intake_of,
    join_keys,
    lock_people,
    ordered,
    split_keys,
)
from portal.services.mentoring_views import ApplicationView, IntakeView, VettingItem

DECISIONS = {"approve": "approved", "changes": "changes_requested", "decline": "declined"}


# --- the mentor's own application -----------------------------------------------------

def _application_view(application: MentorApplication | None) -> ApplicationView:
    if application is None:
        return ApplicationView(status="new")
    return ApplicationView(
        status=application.status,
        languages=ordered(split_keys(application.languages, LANGUAGE_SET), LANGUAGES),
        focus_areas=ordered(split_keys(application.focus_areas, FOCUS_SET), FOCUS_AREAS),
        experience_type=application.experience_type or "",
        gender=application.gender or "",
        region=application.region or "",
        meeting_modes=ordered(split_keys(application.meeting_modes, MODE_SET), MEETING_MODES),
        capacity=application.capacity, bio=application.bio,
        staff_note=application.staff_note, paused=application.paused,
    )


def my_application(*, session: Session, actor: Actor) -> ApplicationView:
    require(actor, Permission.MENTOR_PROFILE_EDIT)
    return _application_view(application_of(session, actor.id))


def save_application(*, session: Session, actor: Actor, languages: object,
                     focus_areas: object, meeting_modes: object, capacity: object = 2,
                     bio: object = "", experience_type: object = None, gender: object = None,
                     region: object = None, submit: bool = False) -> ApplicationView:
    """Save the profile; with ``submit`` it goes to staff for review (needs every answer)."""
    require(actor, Permission.MENTOR_PROFILE_EDIT)
    language_keys = checked_keys(languages, LANGUAGE_SET, "mentoring.bad_languages")
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
    if application is not None and application.status not in EDITABLE_STATUSES | {"submitted"}:
        raise ServiceError("mentoring.application_closed")
    if submit and not (language_keys and focus_keys and mode_keys and about):
        raise ServiceError("mentoring.application_incomplete")
    now = utcnow()
    if application is None:
        application = MentorApplication(user_id=actor.id, created_at=now)
        session.add(application)
    application.languages = join_keys(language_keys)
    application.focus_areas = join_keys(focus_keys)
    application.meeting_modes = join_keys(mode_keys)
    application.capacity = seats
    application.bio = about
    application.experience_type = experience
    application.gender = gender_key
    application.region = region_text
    application.updated_at = now
    if submit and application.status in ("draft", "changes_requested"):
        application.status = "submitted"
        application.submitted_at = now
    session.commit()
    return _application_view(application)


def _close_open_requests(session: Session, mentor_id: int, reason: str, now: datetime) -> int:
    result = session.execute(
        update(MentorRequest)
        .where(MentorRequest.mentor_id == mentor_id, MentorRequest.status == "pending")
        .values(status="declined", closed_reason=reason, open_pair=None, closed_at=now))
    return result.rowcount or 0


def set_paused(*, session: Session, actor: Actor, paused: bool) -> ApplicationView:
    """Pause (open requests are declined kindly, survivors see other mentors) or resume."""
    require(actor, Permission.MENTOR_DESK)
    lock_people(session, actor.id)
    application = application_of(session, actor.id)
    if application is None or application.status != "approved":
        raise ServiceError("mentoring.not_an_approved_mentor")
    application.paused = bool(paused)
    application.updated_at = utcnow()
    if application.paused:
        _close_open_requests(session, actor.id, "mentor_paused", application.updated_at)
    session.commit()
    return _application_view(application)


# --- vetting -------------------------------------------------------------------------

def vetting_queue(*, session: Session, actor: Actor) -> list[VettingItem]:
    """Applications waiting for review, oldest first. Reading them is audited."""
    require(actor, Permission.MENTOR_VETTING)
    rows = session.execute(
        select(MentorApplication, User).join(User, User.id == MentorApplication.user_id)
        .where(MentorApplication.status == "submitted", User.status == Status.ACTIVE)
        .order_by(MentorApplication.submitted_at, MentorApplication.id).limit(50)
    ).all()
    audit.record(session, actor=actor, action="mentoring.vetting.read",
                 target_type="mentor_application", detail=f"count={len(rows)}")
    session.commit()
    return [
        VettingItem(
            user_id=user.id, name=user.display_name, status=app.status,
            languages=ordered(split_keys(app.languages, LANGUAGE_SET), LANGUAGES),
            focus_areas=ordered(split_keys(app.focus_areas, FOCUS_SET), FOCUS_AREAS),
            experience_type=app.experience_type or "", gender=app.gender or "",
            region=app.region or "",
            meeting_modes=ordered(split_keys(app.meeting_modes, MODE_SET), MEETING_MODES),
            capacity=app.capacity, bio=app.bio, staff_note=app.staff_note,
            submitted_at=app.submitted_at)
        for app, user in rows
    ]


def decide_application(*, session: Session, actor: Actor, mentor_id: object, decision: object,
                       note: object = "") -> str:
    """Approve (grants the mentor role), ask for changes (a note is needed) or decline."""
    require(actor, Permission.MENTOR_VETTING)
    if decision not in DECISIONS:
        raise ServiceError("mentoring.bad_decision")
    user = session.get(User, checked_id(mentor_id))
    application = application_of(session, user.id) if user else None
    if (application is None or user.status != Status.ACTIVE
            or application.status != "submitted"):
        raise NotFound()
    if user.id == actor.id:
        raise ServiceError("mentoring.not_your_own_application")
    staff_note = cleaned_line(note, max_length=STAFF_NOTE_MAX)
    if decision == "changes" and not staff_note:
        raise ServiceError("mentoring.note_needed")
    now = utcnow()
    application.status = DECISIONS[decision]
    application.staff_note = staff_note
    application.reviewed_by_id = actor.id
    application.reviewed_at = now
    if decision == "approve":
        roles = (parse_roles(user.roles) - {Role.MENTOR_APPLICANT}) | {Role.MENTOR}
        user.roles = format_roles(roles)
    audit.record(session, actor=actor, action=f"mentoring.application.{decision}",
                 target_type="user", target_id=user.id, detail=staff_note[:300])
    session.commit()
    return application.status


# --- survivor intake ------------------------------------------------------------------

def _intake_view(intake: SurvivorIntake | None) -> IntakeView:
    if intake is None:
        return IntakeView()
    return IntakeView(
        goals=ordered(split_keys(intake.goals, FOCUS_SET), FOCUS_AREAS),
        languages=ordered(split_keys(intake.languages, LANGUAGE_SET), LANGUAGES),
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
    require(actor, Permission.MENTEE_SEEK)
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
    require(actor, Permission.MENTEE_SEEK)
    goal_keys = checked_keys(goals, FOCUS_SET, "mentoring.bad_focus_areas")
    language_keys = checked_keys(languages, LANGUAGE_SET, "mentoring.bad_languages")
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
    require(actor, Permission.MENTEE_SEEK)
    intake = _intake_for_update(session, actor.id)
    intake.skipped = True
    intake.updated_at = utcnow()
    session.commit()
    return _intake_view(intake)


def set_mentor_allowance(*, session: Session, actor: Actor, display_name: object,
                         allowance: object) -> int:
    """Staff let one survivor have more than one mentor at a time (or go back to one)."""
    require(actor, Permission.MENTOR_ASSIGNMENT)
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
