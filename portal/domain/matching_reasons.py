"""Plain-language reasons for a suggestion, derived from the two profiles alone.

Reasons are recomputed from the profiles (not from the score arrays) so each one is a
statement about the data that a survivor could check. They are message keys plus
params; `render_reason_en` is an English fallback for logs-free previews and tests.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from portal.domain.languages import language_name
from portal.domain.matching_profiles import (
    MentorProfile,
    Reason,
    SurvivorProfile,
    lived_experience,
    utc_offset_minutes,
)
from portal.domain.vocabulary import FOCUS_AREAS, HOURS_PER_WEEK

# Within this many minutes of clock difference a mentor counts as "close" in time.
CLOSE_TIME_ZONE_MINUTES = 120

_WEEKDAYS = 5
# Local hour -> part of the day; nights wrap past midnight.
_PARTS_OF_DAY = (
    ("mornings", range(6, 12)),
    ("afternoons", range(12, 17)),
    ("evenings", range(17, 22)),
    ("nights", (22, 23, 0, 1, 2, 3, 4, 5)),
)
_PART_OF_HOUR = {hour: part for part, hours in _PARTS_OF_DAY for hour in hours}

ENGLISH_REASON_TEXT: dict[str, str] = {
    "helps_with": "Can help with {focus}",
    "shared_experience": "Has lived experience like yours",
    "speaks_language": "Speaks {language}",
    "matches_gender_preference": "Is the mentor gender you asked for",
    "available_weekday_mornings": "Available on weekday mornings in your time zone",
    "available_weekday_afternoons": "Available on weekday afternoons in your time zone",
    "available_weekday_evenings": "Available on weekday evenings in your time zone",
    "available_weekday_nights": "Available on weekday nights in your time zone",
    "available_weekend_mornings": "Available on weekend mornings in your time zone",
    "available_weekend_afternoons": "Available on weekend afternoons in your time zone",
    "available_weekend_evenings": "Available on weekend evenings in your time zone",
    "available_weekend_nights": "Available on weekend nights in your time zone",
    "offers_video": "Offers video calls",
    "offers_phone": "Offers phone calls",
    "meets_in_person_nearby": "Can meet in person near you",
    "same_time_zone": "Same time zone as you",
    "close_time_zone": "Only a couple of hours from your time zone",
    "has_space": "Has space for a new mentee",
}

ENGLISH_FOCUS_AREA_NAMES: dict[str, str] = {
    "safe_housing": "safe housing",
    "employment": "job readiness",
    "vocational_training": "job training",
    "education_ged": "school and the GED",
    "financial_literacy": "money skills",
    "legal_immigration": "legal and immigration questions",
    "identification_documents": "ID documents",
    "health_wellness": "health and wellness",
    "emotional_healing": "emotional healing",
    "parenting": "parenting",
    "faith_spiritual": "faith and spirituality",
    "entrepreneurship": "starting a business",
    "community_leadership": "community leadership",
}

ENGLISH_LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "ht": "Haitian Creole",
    "ru": "Russian",
    "ar": "Arabic",
    "ko": "Korean",
    "hi": "Hindi",
}


def local_period(utc_hour_of_week: int, offset_minutes: int) -> str:
    """'weekday_evenings' etc. for a UTC hour of the week seen from a UTC offset."""
    local_hour = ((utc_hour_of_week * 60 + offset_minutes) // 60) % HOURS_PER_WEEK
    day, hour = divmod(local_hour, 24)
    days = "weekday" if day < _WEEKDAYS else "weekend"
    return f"{days}_{_PART_OF_HOUR[hour]}"


def clock_difference_minutes(first_offset: int, second_offset: int) -> int:
    """Minutes between two UTC offsets, measured the short way around the clock."""
    apart = abs(first_offset - second_offset) % (24 * 60)
    return min(apart, 24 * 60 - apart)


def _availability_reason(
    survivor: SurvivorProfile, mentor: MentorProfile, survivor_offset: int
) -> Reason | None:
    shared_hours = survivor.available_hours & mentor.available_hours
    if not shared_hours:
        return None
    periods = Counter(local_period(hour, survivor_offset) for hour in shared_hours)
    # The period with most shared hours; ties go to the first name, so the answer is stable.
    best = max(sorted(periods), key=lambda period: periods[period])
    return Reason(code=f"available_{best}")


def reasons_for(
    survivor: SurvivorProfile, mentor: MentorProfile, *, now: datetime
) -> tuple[Reason, ...]:
    """Every reason that is true of this pair, most meaningful first."""
    reasons: list[Reason] = [
        Reason(code="helps_with", params={"focus": focus})
        for focus in FOCUS_AREAS
        if focus in survivor.goals_to_match and focus in mentor.focus_areas
    ]
    if survivor.experience_to_share & lived_experience(mentor.experience_type):
        reasons.append(Reason(code="shared_experience"))
    reasons.extend(
        Reason(code="speaks_language", params={"language": language})
        for language in sorted(survivor.languages & mentor.languages)
    )
    if (
        survivor.preferred_mentor_gender is not None
        and mentor.gender == survivor.preferred_mentor_gender
    ):
        reasons.append(Reason(code="matches_gender_preference"))

    survivor_offset = utc_offset_minutes(survivor.timezone, at=now)
    availability = _availability_reason(survivor, mentor, survivor_offset)
    if availability is not None:
        reasons.append(availability)

    modes = survivor.accepted_meeting_modes & mentor.meeting_modes
    if "video" in modes:
        reasons.append(Reason(code="offers_video"))
    if "phone" in modes:
        reasons.append(Reason(code="offers_phone"))
    if "in_person" in modes and survivor.region is not None and survivor.region == mentor.region:
        reasons.append(Reason(code="meets_in_person_nearby"))

    apart = clock_difference_minutes(survivor_offset, utc_offset_minutes(mentor.timezone, at=now))
    if apart == 0:
        reasons.append(Reason(code="same_time_zone"))
    elif apart <= CLOSE_TIME_ZONE_MINUTES:
        reasons.append(Reason(code="close_time_zone"))

    if mentor.active_mentee_count + mentor.pending_request_count < mentor.capacity:
        reasons.append(Reason(code="has_space"))
    return tuple(reasons)


def render_reason_en(reason: Reason) -> str:
    """English text for a reason; the app's catalogs are the real source of wording."""
    params = dict(reason.params)
    if "focus" in params:
        params["focus"] = ENGLISH_FOCUS_AREA_NAMES.get(params["focus"], params["focus"])
    if "language" in params:
        params["language"] = (ENGLISH_LANGUAGE_NAMES.get(params["language"])
                              or language_name(params["language"], "en"))
    return ENGLISH_REASON_TEXT[reason.code].format(**params)
