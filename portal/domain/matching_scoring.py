"""Vectorised match scores: many survivors against many mentors at once.

Hard constraints become a boolean `feasible` matrix and the weighted factors a score
matrix; an infeasible pair always scores 0. Both `suggest` (one survivor) and `assign`
(everyone) use this one code path, so they can never disagree about a pair.

Sets (languages, focus areas, meeting modes, weekly hours) are packed into 64-bit
words and compared with AND + popcount. That is exact, needs no BLAS (whose threads
stall badly on a busy 2-core server), and is fast for one survivor or thousands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

import numpy as np

from portal.domain.matching_profiles import (
    MatchExclusions,
    MatchWeights,
    MentorProfile,
    SurvivorProfile,
    lived_experience,
    utc_offset_minutes,
)
from portal.domain.vocabulary import FOCUS_AREAS, HOURS_PER_WEEK, MEETING_MODES

_FOCUS_BIT = {focus: bit for bit, focus in enumerate(FOCUS_AREAS)}
_MODE_BIT = {mode: bit for bit, mode in enumerate(MEETING_MODES)}
_ANY_MODE = np.uint64((1 << len(MEETING_MODES)) - 1)
_REMOTE_MODES = _ANY_MODE & ~np.uint64(1 << _MODE_BIT["in_person"])
_HOUR_WORDS = -(-HOURS_PER_WEEK // 64)
_MINUTES_PER_DAY = 24 * 60
_NO_VALUE = -1  # survivor or mentor left the field empty
_UNKNOWN_VALUE = -2  # survivor's value that no mentor in the pool has

# Rows of survivors scored together: big enough for fast numpy, small enough that the
# (rows x mentors) temporaries stay a few tens of megabytes.
_ROWS_PER_BLOCK = 1024


def _index_distinct(values: Sequence) -> tuple[dict, np.ndarray]:
    """Each distinct value's index (first-seen order) and every value's index."""
    # dict.fromkeys + map run in C; profiles repeat few distinct values, so this is cheap.
    distinct = dict.fromkeys(values)
    for index, value in enumerate(distinct):
        distinct[value] = index
    indexes = np.fromiter(map(distinct.__getitem__, values), dtype=np.intp, count=len(values))
    return distinct, indexes


def _codes(values: Sequence[str | None]) -> tuple[dict[str, int], np.ndarray]:
    """Small integer codes for string values (None -> _NO_VALUE) and the code table."""
    distinct, indexes = _index_distinct(values)
    vocabulary = {value: code for code, value in enumerate(v for v in distinct if v is not None)}
    by_index = np.array([vocabulary.get(value, _NO_VALUE) for value in distinct], dtype=np.int32)
    return vocabulary, by_index[indexes] if len(by_index) else np.zeros(0, dtype=np.int32)


def _words_for(bit_count: int) -> int:
    return max(1, -(-bit_count // 64))


def _pack(masks: Sequence[int], words: int) -> np.ndarray:
    """(len(masks), words) uint64 array holding each Python-int bitmask."""
    raw = b"".join(mask.to_bytes(8 * words, "little") for mask in masks)
    return np.frombuffer(raw, dtype="<u8").reshape(len(masks), words).astype(np.uint64)


def _bitsets(rows_of_keys: Sequence[frozenset], bit_of: dict, words: int) -> np.ndarray:
    """(rows, words) uint64 bitsets; keys without a bit are ignored."""
    # Each distinct set is packed once and then gathered (a frozenset caches its hash).
    distinct, set_index = _index_distinct(rows_of_keys)
    masks = []
    for keys in distinct:
        mask = 0
        for key in keys:
            bit = bit_of.get(key)
            if bit is not None:
                mask |= 1 << bit
        masks.append(mask)
    return _pack(masks, words)[set_index]


class _MaskCache(dict):
    """frozenset of keys -> bitmask over a fixed vocabulary, computed on first sight.

    Bounded by the vocabulary (2**13 focus sets, 2**3 mode sets); a plain dict lookup
    through `map` is several times faster than an lru_cache call.
    """

    def __init__(self, bit_of: dict[str, int]) -> None:
        super().__init__()
        self.bit_of = bit_of

    def __missing__(self, keys: frozenset[str]) -> int:
        mask = sum(1 << self.bit_of[key] for key in keys)
        self[keys] = mask
        return mask


_FOCUS_MASKS = _MaskCache(_FOCUS_BIT)
_MODE_MASKS = _MaskCache(_MODE_BIT)


def _column(profiles: Sequence, name: str, dtype: type) -> np.ndarray:
    # map + attrgetter gather an attribute in C, several times faster than a genexpr.
    return np.fromiter(map(attrgetter(name), profiles), dtype=dtype, count=len(profiles))


def _fixed_bitsets(sets: Iterable[frozenset[str]], masks: _MaskCache, count: int) -> np.ndarray:
    """(count,) uint64 bitsets over a fixed vocabulary."""
    return np.fromiter(map(masks.__getitem__, sets), dtype=np.uint64, count=count)


def _bit_counts(rows: np.ndarray) -> np.ndarray:
    return np.bitwise_count(rows).sum(axis=1, dtype=np.int64)


def _common_bits(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(len(left), len(right)) count of bits set in both, word by word."""
    common = np.bitwise_count(left[:, 0, np.newaxis] & right[:, 0])
    if left.shape[1] > _HOUR_WORDS:
        common = common.astype(np.int32)  # uint8 holds up to 255: enough for 3 words only
    for word in range(1, left.shape[1]):
        common += np.bitwise_count(left[:, word, np.newaxis] & right[:, word])
    return common


class MentorPool:
    """Mentor profiles laid out as arrays, ready for scoring.

    A caller that scores many survivors against the same mentors can build it once and
    pass it instead of the profile list. A pool does not depend on the time, so it only
    goes stale when a profile changes.
    """

    def __init__(self, mentors: Sequence[MentorProfile]) -> None:
        self.profiles: tuple[MentorProfile, ...] = tuple(mentors)
        profiles = self.profiles
        count = len(profiles)
        self.ids = list(map(attrgetter("id"), profiles))
        self.index_of = dict(zip(self.ids, range(count), strict=True))
        if len(self.index_of) != count:
            raise ValueError("mentor ids must be unique")

        language_sets = list(map(attrgetter("languages"), profiles))
        spoken = sorted(frozenset().union(*set(language_sets)))
        self.language_bit = {language: bit for bit, language in enumerate(spoken)}
        self.language_words = _words_for(len(spoken))
        self.languages = _bitsets(language_sets, self.language_bit, self.language_words)
        focus_sets = map(attrgetter("focus_areas"), profiles)
        self.focus = _fixed_bitsets(focus_sets, _FOCUS_MASKS, count)[:, np.newaxis]
        self.modes = _fixed_bitsets(map(attrgetter("meeting_modes"), profiles), _MODE_MASKS, count)
        self.region_code_of, self.region_codes = _codes(list(map(attrgetter("region"), profiles)))
        self.gender_code_of, self.gender_codes = _codes(list(map(attrgetter("gender"), profiles)))
        self.timezone_code_of, self.timezone_codes = _codes(
            list(map(attrgetter("timezone"), profiles))
        )
        experience_code_of, experience_codes = _codes(
            list(map(attrgetter("experience_type"), profiles))
        )
        # The trailing False is what code _NO_VALUE (-1, no experience given) picks up.
        lived = [lived_experience(kind) for kind in experience_code_of]
        self.lived_labor = np.array([*("labor" in e for e in lived), False])[experience_codes]
        self.lived_sex = np.array([*("sex" in e for e in lived), False])[experience_codes]
        self.hours = _pack(list(map(attrgetter("available_hours_mask"), profiles)), _HOUR_WORDS)
        self.hours_count = _bit_counts(self.hours)

        capacity = _column(profiles, "capacity", np.int64)
        active = _column(profiles, "active_mentee_count", np.int64)
        self.pending = _column(profiles, "pending_request_count", np.int64)
        accepting = _column(profiles, "approved", bool) & ~_column(profiles, "paused", bool)
        self.free_seats = np.where(accepting, np.maximum(capacity - active, 0), 0)
        self.eligible = self.free_seats > 0
        self.load_factor = np.where(self.eligible, self.free_seats / np.maximum(capacity, 1), 0.0)

    def __len__(self) -> int:
        return len(self.profiles)

    def timezone_offsets(self, now: datetime) -> np.ndarray:
        """Each mentor's UTC offset in minutes at `now`, looked up once per distinct zone."""
        by_code = np.array(
            [utc_offset_minutes(name, at=now) for name in self.timezone_code_of],
            dtype=np.float64,
        )
        return by_code[self.timezone_codes] if len(by_code) else np.zeros(0)


@dataclass(frozen=True)
class PairScores:
    """Scores of every (survivor row, mentor column) pair; infeasible pairs score 0."""

    scores: np.ndarray  # float64, shape (survivors, mentors)
    feasible: np.ndarray  # bool, same shape


@dataclass(frozen=True)
class _SurvivorArrays:
    languages: np.ndarray  # (rows, pool language words) uint64, in the pool's bits
    goals: np.ndarray  # (rows, 1) uint64
    goal_count: np.ndarray
    accepts: np.ndarray  # (rows,) uint64 mode bits
    accepted_count: np.ndarray
    gender_wanted: np.ndarray  # pool code, _NO_VALUE when no preference
    region: np.ndarray  # pool code
    shares_labor: np.ndarray
    shares_sex: np.ndarray
    hours: np.ndarray  # (rows, 3) uint64
    hours_count: np.ndarray
    offset_minutes: np.ndarray


def _encode(
    survivors: Sequence[SurvivorProfile], pool: MentorPool, now: datetime
) -> _SurvivorArrays:
    def code_in_pool(value: str | None, vocabulary: dict[str, int]) -> int:
        return _NO_VALUE if value is None else vocabulary.get(value, _UNKNOWN_VALUE)

    count = len(survivors)
    goals = _fixed_bitsets((s.goals_to_match for s in survivors), _FOCUS_MASKS, count)[:, None]
    accepts = _fixed_bitsets((s.accepted_meeting_modes for s in survivors), _MODE_MASKS, count)
    hours = _pack([s.available_hours_mask for s in survivors], _HOUR_WORDS)
    sharing = [s.experience_to_share for s in survivors]
    return _SurvivorArrays(
        languages=_bitsets(
            [s.languages for s in survivors], pool.language_bit, pool.language_words
        ),
        goals=goals,
        goal_count=_bit_counts(goals),
        accepts=accepts,
        accepted_count=np.bitwise_count(accepts).astype(np.int64),
        gender_wanted=np.array(
            [code_in_pool(s.preferred_mentor_gender, pool.gender_code_of) for s in survivors],
            dtype=np.int32,
        ),
        region=np.array([code_in_pool(s.region, pool.region_code_of) for s in survivors], np.int32),
        shares_labor=np.array(["labor" in e for e in sharing], dtype=bool),
        shares_sex=np.array(["sex" in e for e in sharing], dtype=bool),
        hours=hours,
        hours_count=_bit_counts(hours),
        offset_minutes=np.array(
            [utc_offset_minutes(s.timezone, at=now) for s in survivors], dtype=np.float64
        ),
    )


def _block_scores(
    rows: _SurvivorArrays, pool: MentorPool, mentor_offsets: np.ndarray, weights: MatchWeights
) -> tuple[np.ndarray, np.ndarray]:
    col = np.newaxis
    feasible = _common_bits(rows.languages, pool.languages) > 0
    feasible &= pool.eligible
    feasible &= (rows.gender_wanted[:, col] == _NO_VALUE) | (
        rows.gender_wanted[:, col] == pool.gender_codes
    )
    same_region = (rows.region[:, col] >= 0) & (rows.region[:, col] == pool.region_codes)
    usable = rows.accepts[:, col] & pool.modes & np.where(same_region, _ANY_MODE, _REMOTE_MODES)
    usable_modes = np.bitwise_count(usable)
    feasible &= usable_modes > 0

    neutral = weights.neutral
    score = weights.meeting_mode_fit * (usable_modes / rows.accepted_count[:, col])
    score += weights.mentor_load * pool.load_factor

    focus = _common_bits(rows.goals, pool.focus) / np.maximum(rows.goal_count, 1)[:, col]
    score += weights.focus_overlap * np.where(rows.goal_count[:, col] > 0, focus, neutral)

    shared = (rows.shares_labor[:, col] & pool.lived_labor) | (
        rows.shares_sex[:, col] & pool.lived_sex
    )
    asked = (rows.shares_labor | rows.shares_sex)[:, col]
    score += weights.shared_experience * np.where(asked, shared, neutral)

    wanted_hours = np.maximum(np.minimum(rows.hours_count, weights.availability_target_hours), 1)
    availability = np.minimum(_common_bits(rows.hours, pool.hours) / wanted_hours[:, col], 1.0)
    both_set = (rows.hours_count[:, col] > 0) & (pool.hours_count > 0)
    score += weights.availability_overlap * np.where(both_set, availability, neutral)

    apart = np.abs(rows.offset_minutes[:, col] - mentor_offsets) % _MINUTES_PER_DAY
    apart = np.minimum(apart, _MINUTES_PER_DAY - apart)
    score += weights.timezone_closeness * (1.0 - apart / (_MINUTES_PER_DAY / 2))

    score /= weights.factor_total
    np.clip(score, 0.0, 1.0, out=score)
    return score, feasible


def score_pairs(
    survivors: Sequence[SurvivorProfile],
    pool: MentorPool,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights,
    now: datetime,
) -> PairScores:
    """Feasibility and score of every survivor against every mentor in `pool`."""
    scores = np.zeros((len(survivors), len(pool)), dtype=np.float64)
    feasible = np.zeros((len(survivors), len(pool)), dtype=bool)
    if not survivors or not len(pool):
        return PairScores(scores=scores, feasible=feasible)
    mentor_offsets = pool.timezone_offsets(now)
    for start in range(0, len(survivors), _ROWS_PER_BLOCK):
        block = survivors[start : start + _ROWS_PER_BLOCK]
        rows = _encode(block, pool, now)
        block_scores, block_feasible = _block_scores(rows, pool, mentor_offsets, weights)
        scores[start : start + len(block)] = block_scores
        feasible[start : start + len(block)] = block_feasible

    for row, survivor in enumerate(survivors):
        # A person who is both survivor and mentor is never matched with themselves.
        barred = exclusions.excluded_mentor_ids(survivor.id) | {survivor.id}
        columns = [pool.index_of[m] for m in barred if m in pool.index_of]
        feasible[row, columns] = False
    scores[~feasible] = 0.0
    return PairScores(scores=scores, feasible=feasible)
