"""Volunteering rules without I/O: vocabularies, shift times, hours, CV-safe wording.

Every value here is a stable key; the catalogs turn keys into words
(``volunteering.skill.<code>``, ``volunteering.kind.<code>``). Places are coarse: remote,
or a US state or territory (the resources directory's codes and words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.domain.keyed_error import KeyedError
from portal.domain.resource_catalog import US_STATES
from portal.domain.waitlist import SeatStatus

REMOTE = "remote"
PLACES: tuple[str, ...] = (REMOTE, *US_STATES)

SKILLS: tuple[str, ...] = (
    "active_listening",
    "communication",
    "teamwork",
    "leadership",
    "facilitation",
    "public_speaking",
    "mentoring",
    "event_planning",
    "organising",
    "customer_service",
    "food_handling",
    "data_entry",
    "outreach",
    "translation",
    "childcare",
    "fundraising",
)
MAX_SKILLS = 8

# Leadership roles: how members grow from taking part to leading.
LEADERSHIP_KINDS: tuple[str, ...] = (
    "peer_group_facilitator",
    "mentor_in_training",
    "peer_leader",
    "team_lead",
)



class OpportunityStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ShiftStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


# A sign-up's status is the waitlist's SeatStatus (confirmed, waitlisted, cancelled).
OPEN, CLOSED = OpportunityStatus.OPEN, OpportunityStatus.CLOSED
OPPORTUNITY_STATUSES: tuple[str, ...] = tuple(status.value for status in OpportunityStatus)
SCHEDULED, CANCELLED = ShiftStatus.SCHEDULED, ShiftStatus.CANCELLED
CONFIRMED, WAITLISTED = SeatStatus.CONFIRMED, SeatStatus.WAITLISTED
ACTIVE_SIGNUPS: tuple[str, ...] = (CONFIRMED, WAITLISTED)

TITLE_MAX = 120
ORGANISATION_MAX = 120
DESCRIPTION_MAX = 2000
MIN_SEATS, MAX_SEATS = 1, 200
# A full shift takes this many members on its waitlist, no more: a longer list only
# disappoints, and it bounds what one shift can hold.
MAX_WAITLIST = 25
MAX_SHIFT_HOURS = 12
MAX_DAYS_AHEAD = 400
# Work already done can be recorded as a shift this many days back, no further.
MAX_DAYS_BACK = 60
HOURS_STEP_MINUTES = 15

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:00)?$")
# Words that would tell an employer what this program is for: never in a CV download.
_REVEALING = re.compile(
    r"lantern|surviv|sobreviv|traffick|trafficked|victim|v[ií]ctima|trata de personas",
    re.IGNORECASE)


class VolunteerRefused(KeyedError):
    """Input a coordinator or member can fix; the key lives in the volunteering catalog."""

    key_prefix = "volunteering."


def reveals_purpose(text: str) -> bool:
    """Whether ``text`` names the portal or what it is for (a CV must never do that)."""
    return bool(_REVEALING.search(text or ""))


def parse_codes(stored: str | None, allowed: Iterable[str]) -> tuple[str, ...]:
    """Codes stored as ",a,b," (delimited so a LIKE '%,a,%' filter is exact), known only."""
    known = set(allowed)
    return tuple(part for part in (stored or "").split(",") if part in known)


def format_codes(codes: Iterable[str]) -> str:
    unique = list(dict.fromkeys(codes))
    return f",{','.join(unique)}," if unique else ""


def checked_skills(values: object) -> tuple[str, ...]:
    """Skill codes from a form: known codes only, in the catalog's order, at most eight."""
    if isinstance(values, str):
        values = [part.strip() for part in values.split(",")]
    if not isinstance(values, list | tuple | set | frozenset):
        raise VolunteerRefused("skills_invalid")
    chosen = {str(value) for value in values if str(value)}
    if chosen - set(SKILLS):
        raise VolunteerRefused("skills_invalid")
    if len(chosen) > MAX_SKILLS:
        raise VolunteerRefused("skills_too_many", {"most": MAX_SKILLS})
    return tuple(skill for skill in SKILLS if skill in chosen)


def checked_place(value: object) -> str:
    place = str(value or "").strip()
    if place not in PLACES:
        raise VolunteerRefused("place_invalid")
    return place


def checked_leadership(leadership: bool, kind: object) -> str:
    """The leadership kind for a leadership role; "" for any other role."""
    kind = str(kind or "").strip()
    if not leadership:
        return ""
    if kind not in LEADERSHIP_KINDS:
        raise VolunteerRefused("kind_invalid")
    return kind


def checked_seats(value: object) -> int:
    try:
        seats = int(str(value).strip())
    except (TypeError, ValueError):
        raise VolunteerRefused("seats_invalid", {"low": MIN_SEATS, "high": MAX_SEATS}) from None
    if not MIN_SEATS <= seats <= MAX_SEATS:
        raise VolunteerRefused("seats_invalid", {"low": MIN_SEATS, "high": MAX_SEATS})
    return seats


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` as UTC; refused when the clocks skip it (DST)."""
    moment = datetime.combine(day, clock, tzinfo=zone)
    utc = moment.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise VolunteerRefused("time_skipped")
    return utc


def shift_window(*, day: object, start: object, end: object, timezone: str,
                 now: datetime, past_days: int = 0) -> tuple[datetime, datetime]:
    """A shift's start and end in UTC from a date and two clock times in ``timezone``.

    An end before the start is the next morning (an overnight shift) when the shift
    then lasts at most ``MAX_SHIFT_HOURS``; otherwise it is a mistake and says so
    (``end_before_start``), not "too long". Shifts start in the future and at most a
    year or so ahead; with ``past_days`` a shift of work already done may start up to
    that many days back.
    """
    day_text, start_text, end_text = (str(part or "").strip() for part in (day, start, end))
    start_match, end_match = _CLOCK.match(start_text), _CLOCK.match(end_text)
    if not _DAY.match(day_text) or not start_match or not end_match:
        raise VolunteerRefused("time_invalid")
    try:
        local_day = date.fromisoformat(day_text)
    except ValueError:
        raise VolunteerRefused("time_invalid") from None
    zone = _zone(timezone)
    opens = time(int(start_match.group(1)), int(start_match.group(2)))
    closes = time(int(end_match.group(1)), int(end_match.group(2)))
    starts_at = _local(local_day, opens, zone)
    overnight = closes <= opens
    end_day = local_day + timedelta(days=1) if overnight else local_day
    ends_at = _local(end_day, closes, zone)
    if ends_at - starts_at > timedelta(hours=MAX_SHIFT_HOURS):
        key = "end_before_start" if overnight else "shift_too_long"
        raise VolunteerRefused(key, {"most": MAX_SHIFT_HOURS})
    if starts_at <= now and past_days <= 0:
        raise VolunteerRefused("shift_in_past")
    if starts_at < now - timedelta(days=past_days):
        raise VolunteerRefused("shift_too_old", {"most": past_days})
    if starts_at > now + timedelta(days=MAX_DAYS_AHEAD):
        raise VolunteerRefused("shift_too_far")
    return starts_at, ends_at


def shift_minutes(starts_at: datetime, ends_at: datetime) -> int:
    return max(int((ends_at - starts_at).total_seconds() // 60), 0)


def checked_minutes(hours: object, *, attended: bool, default_minutes: int) -> int:
    """Hours from a coordinator's form as whole minutes, in quarter hours.

    A no-show is zero. An empty field means the shift's own length. At most 24 hours.
    """
    if not attended:
        return 0
    text = str(hours if hours is not None else "").strip().replace(",", ".")
    if not text:
        return max(default_minutes, 0)
    try:
        value = float(text)
    except ValueError:
        raise VolunteerRefused("hours_invalid") from None
    if value != value or not 0 < value <= 24:  # NaN, zero, negative, more than a day
        raise VolunteerRefused("hours_invalid")
    minutes = round(value * 60 / HOURS_STEP_MINUTES) * HOURS_STEP_MINUTES
    if minutes <= 0:
        raise VolunteerRefused("hours_invalid")
    return minutes


def hours_text(minutes: int) -> str:
    """Minutes as hours for people: 90 -> "1.5", 120 -> "2", 135 -> "2.25"."""
    hours = minutes / 60
    return f"{hours:.2f}".rstrip("0").rstrip(".")
