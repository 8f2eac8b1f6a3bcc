"""Shared pieces of the calendar services: payload checks, locks, rules and busy times.

Every value a browser sends is checked here before anything is read or written:
times are "HH:MM", dates "YYYY-MM-DD", slot starts ISO datetimes with a zone, numbers
plain digits. Anything else is a calm refusal with a message key, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlmodel import Session

from portal.domain.availability import (
    AvailabilityError,
    AvailabilityRules,
    BusyInterval,
    ExtraHours,
    UnavailableDate,
    WeeklyWindow,
)
from portal.domain.availability_rules import load_zone
from portal.domain.calendar import BookingStatus
from portal.domain.sanitize import EmptyText, SanitizeError, TextTooLong, clean_plain_line
from portal.domain.vocabulary import MEETING_MODES
from portal.models import User
from portal.models.calendar import (
    AvailabilityOverride,
    AvailabilityWindow,
    MentorAvailability,
    SessionBooking,
)
from portal.services.errors import NotFound, ServiceError
from portal.services.mentoring.common import application_of, ordered, split_keys

# Slots start on a half-hour grid from the start of each stretch of availability. The
# same step is used to offer slots and to re-check a chosen one (see the domain).
SLOT_STEP_MINUTES = 30
DETAILS_MAX = 300
REASON_MAX = 300
TITLE_MAX = 80
# A survivor may hold this many upcoming sessions with one mentor (no flooding a calendar).
MAX_UPCOMING_PER_MATCH = 8
MAX_WINDOWS = 28
MAX_OVERRIDES = 60
OVERRIDE_DAYS_AHEAD = 365
OVERRIDE_KINDS = ("unavailable", "extra")
MODE_SET = frozenset(MEETING_MODES)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::00)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d{1,6}$")
_TRUE = {"1", "true", "on", "yes"}


@dataclass(frozen=True)
class Party:
    """What ``require`` checks a session permission against: its two people."""

    id: int
    party_ids: tuple[int, int]


# --- payload checks -------------------------------------------------------------------

def checked_minute(value: object) -> int:
    """Minutes since midnight from "HH:MM" (what a time input sends)."""
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ServiceError("availability.time_invalid", time=str(value)[:8])
    return int(match.group(1)) * 60 + int(match.group(2))


def checked_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise ServiceError("calendar.date_invalid")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ServiceError("calendar.date_invalid") from None


def checked_number(value: object, *, optional: bool = False) -> int | None:
    """A whole number from a payload (an int, or digits in a string)."""
    if isinstance(value, bool):
        raise ServiceError("calendar.number_invalid")
    if isinstance(value, int):
        return value
    text = value.strip() if isinstance(value, str) else None
    if optional and (value is None or text == ""):
        return None
    if text is None or not _NUMBER.match(text):
        raise ServiceError("calendar.number_invalid")
    return int(text)


def checked_flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE)


def checked_start(value: object) -> datetime:
    """A slot start: an aware datetime or an ISO string with its offset, in UTC."""
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip()[:40])
        except ValueError:
            raise ServiceError("calendar.slot_invalid") from None
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ServiceError("calendar.slot_invalid")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset
        raise ServiceError("calendar.slot_invalid") from None


def checked_mode(value: object) -> str:
    if not isinstance(value, str) or value not in MODE_SET:
        raise ServiceError("calendar.mode_unknown")
    return value


def cleaned_line(value: object, *, max_length: int, required: bool = False) -> str:
    """One line of member text (a place, a link, a title, a reason), cleaned."""
    if value is None or value == "":
        if required:
            raise ServiceError("sanitize.empty")
        return ""
    if not isinstance(value, str):
        raise ServiceError("calendar.text_invalid")
    try:
        return clean_plain_line(value, max_length=max_length)
    except EmptyText:
        if required:
            raise ServiceError("sanitize.empty") from None
        return ""
    except TextTooLong:
        raise ServiceError("sanitize.too_long", max_length=max_length) from None
    except SanitizeError:
        raise ServiceError("calendar.text_invalid") from None


def availability_refusal(error: AvailabilityError) -> ServiceError:
    """The domain's refusal as a service error; lists become plain text for the message.

    A ``weekday`` stays a number (0 = Monday): the state names it in the reader's language.
    """
    params: dict[str, object] = {}
    for name, value in error.params.items():
        params[name] = ", ".join(str(item) for item in value) if isinstance(value, list) \
            else value
    return ServiceError(error.message_key, **params)


def clock(minute: int) -> str:
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def window_label(start_minute: int, end_minute: int) -> str:
    return f"{clock(start_minute)}–{clock(end_minute)}"


def to_time(minute: int) -> time:
    return time(minute // 60, minute % 60)


def zone_of(user: User) -> ZoneInfo:
    try:
        return load_zone(user.timezone)
    except AvailabilityError as error:
        raise availability_refusal(error) from None


# --- a mentor's rules -----------------------------------------------------------------

def settings_of(session: Session, mentor_id: int, *,
                fresh: bool = False) -> MentorAvailability | None:
    query = select(MentorAvailability).where(MentorAvailability.mentor_id == mentor_id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return session.execute(query).scalar_one_or_none()


def windows_of(session: Session, mentor_id: int) -> list[AvailabilityWindow]:
    return list(session.execute(
        select(AvailabilityWindow).where(AvailabilityWindow.mentor_id == mentor_id)
        .order_by(AvailabilityWindow.weekday, AvailabilityWindow.start_minute,
                  AvailabilityWindow.id)).scalars())


def overrides_of(session: Session, mentor_id: int,
                 since: date | None = None) -> list[AvailabilityOverride]:
    query = select(AvailabilityOverride).where(AvailabilityOverride.mentor_id == mentor_id)
    if since is not None:
        query = query.where(AvailabilityOverride.day >= since)
    return list(session.execute(query.order_by(AvailabilityOverride.day,
                                               AvailabilityOverride.start_minute,
                                               AvailabilityOverride.id)).scalars())


def parse_lengths(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in (text or "").split(",") if part.strip().isdigit())


def build_rules(*, timezone: str, settings: MentorAvailability | None,
                windows: Iterable[AvailabilityWindow],
                overrides: Iterable[AvailabilityOverride]) -> AvailabilityRules:
    """The domain's rules for these rows; refusals become service errors."""
    settings = settings or MentorAvailability(mentor_id=0)
    weekly = [WeeklyWindow(row.weekday, to_time(row.start_minute), to_time(row.end_minute))
              for row in windows]
    changes: list[UnavailableDate | ExtraHours] = []
    for row in overrides:
        if row.kind == "extra" and row.start_minute is not None and row.end_minute is not None:
            changes.append(ExtraHours(row.day, to_time(row.start_minute),
                                      to_time(row.end_minute)))
        elif row.kind == "unavailable":
            changes.append(UnavailableDate(row.day))
    try:
        return AvailabilityRules(
            timezone=timezone, weekly_windows=tuple(weekly), overrides=tuple(changes),
            session_lengths=parse_lengths(settings.session_lengths),
            buffer_before_minutes=settings.buffer_before_minutes,
            buffer_after_minutes=settings.buffer_after_minutes,
            minimum_notice_hours=settings.minimum_notice_hours,
            booking_horizon_days=settings.booking_horizon_days,
            max_sessions_per_day=settings.max_sessions_per_day,
            max_sessions_per_week=settings.max_sessions_per_week,
            paused=settings.paused)
    except AvailabilityError as error:
        raise availability_refusal(error) from None


def rules_of(session: Session, mentor: User, settings: MentorAvailability | None,
             now: datetime) -> AvailabilityRules:
    since = (now - timedelta(days=2)).date()
    return build_rules(timezone=mentor.timezone, settings=settings,
                       windows=windows_of(session, mentor.id),
                       overrides=overrides_of(session, mentor.id, since))


def busy_for(session: Session, mentor_id: int, rules: AvailabilityRules, now: datetime, *,
             exclude_id: int | None = None) -> list[BusyInterval]:
    """The mentor's standing bookings from the start of their local week, as the domain
    needs them for its weekly limit (see ``portal.domain.availability``)."""
    local = now.astimezone(rules.compiled.zone)
    week_start = datetime.combine(local.date() - timedelta(days=local.weekday() + 1), time(),
                                  tzinfo=UTC)
    until = now + timedelta(days=rules.booking_horizon_days + 2)
    query = select(SessionBooking.start_at, SessionBooking.end_at).where(
        SessionBooking.mentor_id == mentor_id, SessionBooking.status == BookingStatus.BOOKED,
        SessionBooking.end_at > week_start, SessionBooking.start_at < until)
    if exclude_id is not None:
        query = query.where(SessionBooking.id != exclude_id)
    return [BusyInterval(start=row.start_at, end=row.end_at)
            for row in session.execute(query).all()]


def lock_mentor_calendar(session: Session, mentor_id: int) -> MentorAvailability | None:
    """Take the mentor's booking lock for the rest of this transaction; their settings.

    Must be the transaction's first write: on SQLite it takes the single writer lock
    (so every later read sees the latest bookings), on PostgreSQL the settings row lock
    (so bookings with one mentor queue up instead of racing). None: no hours shared yet.
    """
    locked = session.execute(
        update(MentorAvailability).where(MentorAvailability.mentor_id == mentor_id)
        .values(lock_version=MentorAvailability.lock_version + 1)).rowcount
    if not locked:
        return None
    return settings_of(session, mentor_id, fresh=True)


def mentor_modes(session: Session, mentor_id: int) -> tuple[str, ...]:
    """The ways a mentor meets (from their mentor profile), in vocabulary order."""
    application = application_of(session, mentor_id)
    return ordered(split_keys(application.meeting_modes if application else "", MODE_SET),
                   MEETING_MODES)


def user_or_not_found(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user
