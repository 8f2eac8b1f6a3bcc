"""The mentor's availability editor: weekly hours, date changes and booking settings.

Every change is checked by building the whole set of rules the mentor would have after
it (``portal.domain.availability``): overlapping hours, empty windows, bad lengths or
limits are refused with a clear message and nothing is stored. Times are the mentor's
own clock (``users.timezone``); existing bookings are never touched by an edit.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from portal.domain.availability import SUPPORTED_SESSION_LENGTHS
from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.calendar import AvailabilityOverride, AvailabilityWindow, MentorAvailability
from portal.models.types import utcnow
from portal.services.calendar._common import (
    DETAILS_MAX,
    MAX_OVERRIDES,
    MAX_WINDOWS,
    OVERRIDE_DAYS_AHEAD,
    OVERRIDE_KINDS,
    build_rules,
    checked_date,
    checked_flag,
    checked_minute,
    checked_number,
    cleaned_line,
    clock,
    mentor_modes,
    overrides_of,
    parse_lengths,
    settings_of,
    window_label,
    windows_of,
    zone_of,
)
from portal.services.calendar.views import AvailabilityView, OverrideView, WindowView
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.mentoring.common import application_of, is_active_mentor


def _access_mentor(session: Session, actor: Actor) -> User:
    """The actor, when they are an approved, active mentor; others are refused."""
    require(actor, Permission.CALENDAR_AVAILABILITY_EDIT)
    user = session.get(User, actor.id)
    if user is None or not is_active_mentor(user, application_of(session, user.id)):
        raise ServiceError("calendar.mentors_only")
    return user


def _today(user: User, now: datetime) -> date:
    return now.astimezone(zone_of(user)).date()


def _view(session: Session, user: User, now: datetime) -> AvailabilityView:
    settings = settings_of(session, user.id) or MentorAvailability(mentor_id=user.id)
    return AvailabilityView(
        timezone=user.timezone,
        session_lengths=tuple(sorted(parse_lengths(settings.session_lengths))),
        buffer_before_minutes=settings.buffer_before_minutes,
        buffer_after_minutes=settings.buffer_after_minutes,
        minimum_notice_hours=settings.minimum_notice_hours,
        booking_horizon_days=settings.booking_horizon_days,
        max_sessions_per_day=settings.max_sessions_per_day,
        max_sessions_per_week=settings.max_sessions_per_week,
        paused=settings.paused, meeting_details=settings.meeting_details,
        meeting_modes=mentor_modes(session, user.id),
        windows=tuple(WindowView(id=row.id, weekday=row.weekday, start=clock(row.start_minute),
                                 end=clock(row.end_minute),
                                 overnight=0 < row.end_minute <= row.start_minute)
                      for row in windows_of(session, user.id)),
        overrides=tuple(
            OverrideView(id=row.id, day=row.day, kind=row.kind,
                         start=clock(row.start_minute) if row.start_minute is not None else "",
                         end=clock(row.end_minute) if row.end_minute is not None else "")
            for row in overrides_of(session, user.id, since=_today(user, now))),
    )


def _settings_for_write(session: Session, mentor_id: int) -> MentorAvailability:
    settings = settings_of(session, mentor_id)
    if settings is None:
        settings = MentorAvailability(mentor_id=mentor_id)
        session.add(settings)
    return settings


def _check(user: User, settings: MentorAvailability | None, windows, overrides) -> None:
    """Refuse (with the domain's reason) anything that would make the rules invalid."""
    build_rules(timezone=user.timezone, settings=settings, windows=windows,
                overrides=overrides)


def my_availability(*, session: Session, actor: Actor,
                    now: datetime | None = None) -> AvailabilityView:
    user = _access_mentor(session, actor)
    return _view(session, user, now or utcnow())


def save_availability_settings(*, session: Session, actor: Actor, session_lengths: object,
                               buffer_before: object = 0, buffer_after: object = 0,
                               notice_hours: object = 12, horizon_days: object = 30,
                               max_per_day: object = None, max_per_week: object = None,
                               paused: object = False, meeting_details: object = "",
                               now: datetime | None = None) -> AvailabilityView:
    """Session lengths, breaks, notice, how far ahead, limits, pause and the usual place."""
    user = _access_mentor(session, actor)
    if isinstance(session_lengths, str):
        session_lengths = [part for part in session_lengths.split(",") if part.strip()]
    if not isinstance(session_lengths, list | tuple | set | frozenset):
        raise ServiceError("availability.no_session_lengths")
    if len(session_lengths) > len(SUPPORTED_SESSION_LENGTHS):
        raise ServiceError("availability.session_length_unsupported",
                           supported=", ".join(map(str, SUPPORTED_SESSION_LENGTHS)))
    lengths = sorted({checked_number(value) for value in session_lengths})
    candidate = MentorAvailability(
        mentor_id=user.id, session_lengths=",".join(str(length) for length in lengths),
        buffer_before_minutes=checked_number(buffer_before),
        buffer_after_minutes=checked_number(buffer_after),
        minimum_notice_hours=checked_number(notice_hours),
        booking_horizon_days=checked_number(horizon_days),
        max_sessions_per_day=checked_number(max_per_day, optional=True),
        max_sessions_per_week=checked_number(max_per_week, optional=True),
        paused=checked_flag(paused),
        meeting_details=cleaned_line(meeting_details, max_length=DETAILS_MAX))
    if any(length not in SUPPORTED_SESSION_LENGTHS for length in lengths):
        raise ServiceError("availability.session_length_unsupported",
                           supported=", ".join(map(str, SUPPORTED_SESSION_LENGTHS)))
    _check(user, candidate, windows_of(session, user.id), overrides_of(session, user.id))
    settings = _settings_for_write(session, user.id)
    for name in ("session_lengths", "buffer_before_minutes", "buffer_after_minutes",
                 "minimum_notice_hours", "booking_horizon_days", "max_sessions_per_day",
                 "max_sessions_per_week", "paused", "meeting_details"):
        setattr(settings, name, getattr(candidate, name))
    settings.updated_at = utcnow()
    session.commit()
    return _view(session, user, now or utcnow())


def _checked_window(start: object, end: object, overnight: object) -> tuple[int, int]:
    """(start, end) minutes of a window; an end before the start needs "past midnight"."""
    start_minute, end_minute = checked_minute(start), checked_minute(end)
    label = window_label(start_minute, end_minute)
    if start_minute == end_minute and start_minute != 0:
        raise ServiceError("availability.window_empty", window=label)
    if 0 < end_minute < start_minute and not checked_flag(overnight):
        raise ServiceError("calendar.window_backwards", window=label)
    return start_minute, end_minute


def add_weekly_window(*, session: Session, actor: Actor, weekday: object, start: object,
                      end: object, overnight: object = False,
                      now: datetime | None = None) -> AvailabilityView:
    """Hours every week on one weekday (0 = Monday), on the mentor's own clock."""
    user = _access_mentor(session, actor)
    day = checked_number(weekday)
    if not 0 <= day <= 6:
        raise ServiceError("availability.weekday_invalid")
    start_minute, end_minute = _checked_window(start, end, overnight)
    windows = windows_of(session, user.id)
    if len(windows) >= MAX_WINDOWS:
        raise ServiceError("calendar.too_many_windows", most=MAX_WINDOWS)
    window = AvailabilityWindow(mentor_id=user.id, weekday=day, start_minute=start_minute,
                                end_minute=end_minute)
    _check(user, settings_of(session, user.id), [*windows, window],
           overrides_of(session, user.id))
    _settings_for_write(session, user.id)
    session.add(window)
    session.commit()
    return _view(session, user, now or utcnow())


def remove_weekly_window(*, session: Session, actor: Actor, window_id: object,
                         now: datetime | None = None) -> AvailabilityView:
    user = _access_mentor(session, actor)
    window = session.get(AvailabilityWindow, parse_id(window_id))
    if window is None or window.mentor_id != user.id:
        raise NotFound()
    session.delete(window)
    session.commit()
    return _view(session, user, now or utcnow())


def add_date_override(*, session: Session, actor: Actor, day: object, kind: object,
                      start: object = None, end: object = None, overnight: object = False,
                      now: datetime | None = None) -> AvailabilityView:
    """One date off (``unavailable``) or extra hours on one date (``extra``)."""
    user = _access_mentor(session, actor)
    now = now or utcnow()
    chosen = checked_date(day)
    today = _today(user, now)
    if chosen < today:
        raise ServiceError("calendar.date_in_past")
    if chosen > today + timedelta(days=OVERRIDE_DAYS_AHEAD):
        raise ServiceError("calendar.date_too_far", days=OVERRIDE_DAYS_AHEAD)
    if kind not in OVERRIDE_KINDS:
        raise ServiceError("calendar.override_kind_unknown")
    overrides = overrides_of(session, user.id, since=today)
    if kind == "unavailable" and any(row.kind == "unavailable" and row.day == chosen
                                     for row in overrides):
        return _view(session, user, now)  # already off that day: nothing to add
    if len(overrides) >= MAX_OVERRIDES:
        raise ServiceError("calendar.too_many_overrides", most=MAX_OVERRIDES)
    row = AvailabilityOverride(mentor_id=user.id, day=chosen, kind=str(kind))
    if kind == "extra":
        row.start_minute, row.end_minute = _checked_window(start, end, overnight)
    _check(user, settings_of(session, user.id), windows_of(session, user.id),
           [*overrides, row])
    _settings_for_write(session, user.id)
    session.add(row)
    session.commit()
    return _view(session, user, now)


def remove_date_override(*, session: Session, actor: Actor, override_id: object,
                         now: datetime | None = None) -> AvailabilityView:
    user = _access_mentor(session, actor)
    row = session.get(AvailabilityOverride, parse_id(override_id))
    if row is None or row.mentor_id != user.id:
        raise NotFound()
    session.delete(row)
    session.commit()
    return _view(session, user, now or utcnow())

