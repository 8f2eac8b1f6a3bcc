"""Inputs and outputs of mentor matching: profiles, exclusions, weights, results.

Pure data with validation. Scoring lives in `matching_scoring`, reasons in
`matching_reasons`, and the public entry points in `matching`.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.domain.vocabulary import EXPERIENCE_TYPES, FOCUS_AREAS, HOURS_PER_WEEK, MEETING_MODES

PersonId = int | str

_FOCUS_AREA_SET = frozenset(FOCUS_AREAS)
_MEETING_MODE_SET = frozenset(MEETING_MODES)
_EXPERIENCE_TYPE_SET = frozenset(EXPERIENCE_TYPES)

# What each experience type has lived through; "prefer_not_to_say" shares nothing on
# purpose, so nobody is ever told they share an experience nobody disclosed.
_LIVED_EXPERIENCE: Mapping[str | None, frozenset[str]] = {
    "labor": frozenset({"labor"}),
    "sex": frozenset({"sex"}),
    "both": frozenset({"labor", "sex"}),
    "prefer_not_to_say": frozenset(),
    None: frozenset(),
}


def lived_experience(experience_type: str | None) -> frozenset[str]:
    """The kinds of trafficking an experience type covers (empty when undisclosed)."""
    return _LIVED_EXPERIENCE[experience_type]


@lru_cache(maxsize=1024)
def timezone_for(name: str) -> ZoneInfo:
    """The IANA zone for `name`; ValueError for an unknown or malformed name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone: {name!r}") from error


@lru_cache(maxsize=8192)
def _offset_minutes_at_hour(name: str, hour_utc: datetime) -> int:
    offset = hour_utc.astimezone(timezone_for(name)).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return int(offset.total_seconds() // 60)


def utc_offset_minutes(name: str, *, at: datetime) -> int:
    """UTC offset of zone `name` in minutes at the instant `at` (rounded down to the hour).

    Rounding to the hour lets thousands of profiles share one cached lookup; the only
    cost is that a daylight-saving change is seen up to an hour late.
    """
    require_aware(at)
    hour_utc = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return _offset_minutes_at_hour(name, hour_utc)


def require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")


def _as_frozenset(value: Iterable) -> frozenset:
    if isinstance(value, str):
        raise TypeError("expected a collection of keys, got a single string")
    return value if isinstance(value, frozenset) else frozenset(value)


def _freeze_collections(instance: object, names: tuple[str, ...]) -> None:
    # Frozen dataclasses still accept lists from callers; store sets so the profile is
    # hashable-by-content and cannot be mutated behind the matcher's back.
    for name in names:
        object.__setattr__(instance, name, _as_frozenset(getattr(instance, name)))


def _check_subset(values: frozenset[str], allowed: frozenset[str], what: str) -> None:
    unknown = values - allowed
    if unknown:
        raise ValueError(f"unknown {what}: {sorted(unknown)}")


def _normalised_hours(hours: frozenset) -> frozenset[int]:
    if all(type(hour) is int for hour in hours):
        checked = hours
    else:
        # numpy integers and the like are fine; bools and floats are not hours.
        if any(isinstance(hour, bool) or not hasattr(hour, "__index__") for hour in hours):
            raise ValueError("hours of the week must be integers")
        checked = frozenset(operator.index(hour) for hour in hours)
    if checked and not (0 <= min(checked) and max(checked) < HOURS_PER_WEEK):
        raise ValueError(f"hours of the week must be within 0..{HOURS_PER_WEEK - 1}")
    return checked


def _store_hours(instance: object, hours: frozenset) -> None:
    checked = _normalised_hours(hours)
    mask = 0
    for hour in checked:
        mask |= 1 << hour
    object.__setattr__(instance, "available_hours", checked)
    # One 168-bit integer per profile lets a pool of thousands be laid out in a millisecond.
    object.__setattr__(instance, "available_hours_mask", mask)


@dataclass(frozen=True)
class MentorProfile:
    """What matching needs to know about a mentor.

    `available_hours` are UTC hours of the week (see `vocabulary.HOURS_PER_WEEK`);
    empty means the mentor has not set any yet. `available_hours_mask` is derived from
    them (bit h set for hour h). Counts and flags come from the database as they are now.
    """

    id: PersonId
    languages: frozenset[str]
    focus_areas: frozenset[str]
    timezone: str
    meeting_modes: frozenset[str]
    capacity: int
    active_mentee_count: int = 0
    pending_request_count: int = 0
    approved: bool = False
    paused: bool = False
    experience_type: str | None = None
    gender: str | None = None
    region: str | None = None
    available_hours: frozenset[int] = frozenset()
    available_hours_mask: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _freeze_collections(self, ("languages", "focus_areas", "meeting_modes", "available_hours"))
        _check_subset(self.focus_areas, _FOCUS_AREA_SET, "focus areas")
        _check_subset(self.meeting_modes, _MEETING_MODE_SET, "meeting modes")
        _store_hours(self, self.available_hours)
        timezone_for(self.timezone)
        if self.experience_type is not None and self.experience_type not in _EXPERIENCE_TYPE_SET:
            raise ValueError(f"unknown experience type: {self.experience_type!r}")
        for name in ("capacity", "active_mentee_count", "pending_request_count"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")

    @property
    def free_seats(self) -> int:
        """How many more mentees this mentor can take on right now."""
        return max(self.capacity - self.active_mentee_count, 0)

    @property
    def accepts_mentees(self) -> bool:
        return self.approved and not self.paused and self.free_seats > 0


@dataclass(frozen=True)
class SurvivorProfile:
    """What matching needs to know about a survivor looking for a mentor.

    `preferred_meeting_modes` empty means "any way is fine". `topics_to_avoid` are
    focus-area keys the survivor does not want raised: they never count towards a match
    and never appear in a reason. `available_hours` work as for mentors (empty: not set).
    """

    id: PersonId
    goals: frozenset[str]
    languages: frozenset[str]
    timezone: str
    preferred_meeting_modes: frozenset[str] = frozenset()
    preferred_mentor_gender: str | None = None
    wants_shared_experience: bool = False
    experience_type: str | None = None
    region: str | None = None
    available_hours: frozenset[int] = frozenset()
    topics_to_avoid: frozenset[str] = frozenset()
    available_hours_mask: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _freeze_collections(
            self,
            ("goals", "languages", "preferred_meeting_modes", "available_hours", "topics_to_avoid"),
        )
        _check_subset(self.goals, _FOCUS_AREA_SET, "goals")
        _check_subset(self.preferred_meeting_modes, _MEETING_MODE_SET, "meeting modes")
        _store_hours(self, self.available_hours)
        timezone_for(self.timezone)
        if self.experience_type is not None and self.experience_type not in _EXPERIENCE_TYPE_SET:
            raise ValueError(f"unknown experience type: {self.experience_type!r}")

    @property
    def accepted_meeting_modes(self) -> frozenset[str]:
        return self.preferred_meeting_modes or _MEETING_MODE_SET

    @property
    def goals_to_match(self) -> frozenset[str]:
        return self.goals - self.topics_to_avoid

    @property
    def experience_to_share(self) -> frozenset[str]:
        """Lived experience the survivor asked to share with a mentor (empty if not asked)."""
        return (
            lived_experience(self.experience_type) if self.wants_shared_experience else frozenset()
        )


def _pairs_both_ways(pairs: Iterable[tuple[PersonId, PersonId]]) -> set[tuple[PersonId, PersonId]]:
    both: set[tuple[PersonId, PersonId]] = set()
    for first, second in pairs:
        both.add((first, second))
        both.add((second, first))
    return both


@dataclass(frozen=True, eq=False)
class MatchExclusions:
    """Pairs that must never be matched, whatever their score.

    - `blocked_pairs`: (blocker, blocked); applies in both directions.
    - `ended_pairs`: (survivor, mentor) whose mentorship ended; excluded unless the pair
      is also in `rematch_allowed_pairs` (both people agreed to try again).
    - `hidden_mentors`: survivor id -> mentor ids that survivor hid.
    """

    blocked_pairs: frozenset[tuple[PersonId, PersonId]] = frozenset()
    ended_pairs: frozenset[tuple[PersonId, PersonId]] = frozenset()
    rematch_allowed_pairs: frozenset[tuple[PersonId, PersonId]] = frozenset()
    hidden_mentors: Mapping[PersonId, frozenset[PersonId]] = field(default_factory=dict)
    # Person -> everyone they must not be matched with, built once for fast look-ups.
    _excluded: Mapping[PersonId, frozenset[PersonId]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ended = _pairs_both_ways(self.ended_pairs) - _pairs_both_ways(self.rematch_allowed_pairs)
        excluded: dict[PersonId, set[PersonId]] = {}
        for person, other in _pairs_both_ways(self.blocked_pairs) | ended:
            excluded.setdefault(person, set()).add(other)
        for survivor_id, mentor_ids in self.hidden_mentors.items():
            excluded.setdefault(survivor_id, set()).update(mentor_ids)
        object.__setattr__(
            self, "_excluded", {person: frozenset(others) for person, others in excluded.items()}
        )

    def excluded_mentor_ids(self, survivor_id: PersonId) -> frozenset[PersonId]:
        """Mentors this survivor must never be matched with, for any reason above."""
        return self._excluded.get(survivor_id, frozenset())


NO_EXCLUSIONS = MatchExclusions()


@dataclass(frozen=True)
class MatchWeights:
    """Every tunable number of the match score, in one place.

    The match score of a feasible pair is the weighted mean of six factors, each in
    [0, 1], so the score is in [0, 1] too. A weight of 0 switches a factor off; only
    the ratios between weights matter.

    - `focus_overlap`: share of the survivor's goals (minus topics to avoid) that the
      mentor covers. A survivor with no goals gets `neutral` for everyone.
    - `shared_experience`: 1 when the survivor asked for a mentor with shared lived
      experience and the mentor has it, 0 when asked and not shared; `neutral` when
      not asked or the survivor's own experience is undisclosed.
    - `availability_overlap`: weekly hours both are free, divided by
      min(`availability_target_hours`, survivor's hours), capped at 1. `neutral` when
      either side has not set hours yet, so new profiles are neither helped nor hurt.
    - `timezone_closeness`: 1 - (clock difference / 12 h), the difference taken around
      the clock from both UTC offsets at the reference instant.
    - `mentor_load`: share of the mentor's capacity still free; spreads mentees so
      nobody is overloaded.
    - `meeting_mode_fit`: share of the survivor's accepted meeting modes the mentor can
      actually offer them (in person only counts in the same region).

    Suggestions only (never assignment): `pending_request_penalty` is subtracted from
    the score, scaled by min(1, pending requests / free seats), before ranking. A
    mentor whose free seats are already spoken for by pending requests sinks down the
    list, so one popular mentor is not everyone's top pick and does not drown in
    requests they cannot take.
    """

    focus_overlap: float = 0.30
    shared_experience: float = 0.15
    availability_overlap: float = 0.15
    timezone_closeness: float = 0.10
    mentor_load: float = 0.10
    meeting_mode_fit: float = 0.20
    pending_request_penalty: float = 0.15
    availability_target_hours: int = 4
    neutral: float = 0.5

    def __post_init__(self) -> None:
        for spec in fields(self):
            if getattr(self, spec.name) < 0:
                raise ValueError(f"{spec.name} cannot be negative")
        if self.factor_total <= 0:
            raise ValueError("at least one factor weight must be positive")
        if self.availability_target_hours < 1:
            raise ValueError("availability_target_hours must be at least 1")
        if self.neutral > 1:
            raise ValueError("neutral must be within [0, 1]")

    @property
    def factor_total(self) -> float:
        return (
            self.focus_overlap
            + self.shared_experience
            + self.availability_overlap
            + self.timezone_closeness
            + self.mentor_load
            + self.meeting_mode_fit
        )


DEFAULT_WEIGHTS = MatchWeights()


@dataclass(frozen=True)
class Reason:
    """One plain-language reason for a suggestion, as a message key plus params."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """A suggested mentor: `score` is the match quality in [0, 1]; `rank_score` is what
    the list is ordered by (score minus the pending-request penalty)."""

    mentor_id: PersonId
    score: float
    rank_score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class AssignedPair:
    survivor_id: PersonId
    mentor_id: PersonId
    score: float


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[AssignedPair, ...]
    total_score: float
    unassigned_survivor_ids: tuple[PersonId, ...]
