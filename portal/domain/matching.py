"""Mentor matching: suggestions for one survivor and an optimal assignment for many.

Hard constraints (never violated, by either entry point):
- the two share a language;
- the survivor's mentor-gender preference, when given, is met;
- at least one meeting mode works for both: a mode the survivor accepts and the mentor
  offers, where in person only counts when both gave the same region;
- the mentor is approved, not paused, and below capacity (active < capacity);
- neither blocked the other; they have not ended a mentorship together unless both
  agreed to a re-match; the survivor has not hidden the mentor; nobody is matched
  with themselves.

Everything else is a weighted score in [0, 1]; see `MatchWeights` for the weights.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import numpy as np
from scipy.optimize import linear_sum_assignment

from portal.domain.matching_profiles import (
    DEFAULT_WEIGHTS,
    NO_EXCLUSIONS,
    AssignedPair,
    Assignment,
    MatchExclusions,
    MatchWeights,
    MentorProfile,
    PersonId,
    Reason,
    Suggestion,
    SurvivorProfile,
    require_aware,
)
from portal.domain.matching_reasons import reasons_for, render_reason_en
from portal.domain.matching_scoring import MentorPool, PairScores, score_pairs

__all__ = [
    "DEFAULT_WEIGHTS",
    "NO_EXCLUSIONS",
    "AssignedPair",
    "Assignment",
    "MatchExclusions",
    "MatchWeights",
    "MentorPool",
    "MentorProfile",
    "PairScores",
    "PersonId",
    "Reason",
    "Suggestion",
    "SurvivorProfile",
    "assign",
    "greedy_assign",
    "is_feasible_pair",
    "reasons_in_english",
    "render_reason_en",
    "score_matrix",
    "suggest",
]

Mentors = Sequence[MentorProfile] | MentorPool


def _reference_instant(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    require_aware(now)
    return now


def _as_pool(mentors: Mentors) -> MentorPool:
    return mentors if isinstance(mentors, MentorPool) else MentorPool(mentors)


def is_feasible_pair(
    survivor: SurvivorProfile, mentor: MentorProfile, *, exclusions: MatchExclusions
) -> bool:
    """True when the pair meets every hard constraint (e.g. before sending a request)."""
    modes = survivor.accepted_meeting_modes & mentor.meeting_modes
    same_region = survivor.region is not None and survivor.region == mentor.region
    return (
        mentor.accepts_mentees
        and bool(survivor.languages & mentor.languages)
        and survivor.preferred_mentor_gender in (None, mentor.gender)
        and bool(modes - {"in_person"} or (modes and same_region))
        and mentor.id != survivor.id
        and mentor.id not in exclusions.excluded_mentor_ids(survivor.id)
    )


def score_matrix(
    survivors: Sequence[SurvivorProfile],
    mentors: Mentors,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> PairScores:
    """Scores (0 when infeasible) and feasibility of every survivor x mentor pair."""
    return score_pairs(
        list(survivors),
        _as_pool(mentors),
        exclusions=exclusions,
        weights=weights,
        now=_reference_instant(now),
    )


def suggest(
    survivor: SurvivorProfile,
    mentors: Mentors,
    k: int,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> list[Suggestion]:
    """The survivor's top `k` feasible mentors, best first, each with its reasons.

    Ranked by score minus `weights.pending_request_penalty` x min(1, pending requests /
    free seats), so mentors whose free seats are already asked for drop down the list.
    Ties keep the mentors' input order.
    """
    moment = _reference_instant(now)
    pool = _as_pool(mentors)
    if k <= 0 or not len(pool):
        return []
    pairs = score_pairs([survivor], pool, exclusions=exclusions, weights=weights, now=moment)
    columns = np.flatnonzero(pairs.feasible[0])
    scores = pairs.scores[0, columns]
    request_pressure = np.minimum(pool.pending[columns] / pool.free_seats[columns], 1.0)
    rank_scores = scores - weights.pending_request_penalty * request_pressure
    if len(columns) > k:
        # Partition first so only k entries are sorted; ties then fall back to input order.
        threshold = np.partition(-rank_scores, k - 1)[k - 1]
        candidates = np.flatnonzero(-rank_scores <= threshold)
    else:
        candidates = np.arange(len(columns))
    best = candidates[np.argsort(-rank_scores[candidates], kind="stable")[:k]]
    return [
        Suggestion(
            mentor_id=pool.ids[columns[i]],
            score=float(scores[i]),
            rank_score=float(rank_scores[i]),
            reasons=reasons_for(survivor, pool.profiles[columns[i]], now=moment),
        )
        for i in best
    ]


def _check_unique_ids(survivors: Sequence[SurvivorProfile]) -> None:
    if len({survivor.id for survivor in survivors}) != len(survivors):
        raise ValueError("survivor ids must be unique")


def _fill_with_zero_score_pairs(
    chosen: dict[int, int], feasible: np.ndarray, seats_left: np.ndarray
) -> None:
    # A pair scoring exactly 0 adds nothing to the total, so the solver may leave it out;
    # a match is still better for the survivor than none, and adding it keeps the optimum.
    for row in np.flatnonzero(feasible.any(axis=1)):
        if int(row) in chosen:
            continue
        open_columns = np.flatnonzero(feasible[row] & (seats_left > 0))
        if len(open_columns):
            chosen[int(row)] = int(open_columns[0])
            seats_left[open_columns[0]] -= 1


def _optimal_rows_to_columns(pairs: PairScores, free_seats: np.ndarray) -> dict[int, int]:
    """Survivor row -> mentor column maximising the total score under seat limits.

    Each mentor becomes as many identical seats as it can actually fill, and the
    rectangular assignment problem (survivors x seats) is solved exactly. An
    infeasible pair scores 0, the same as leaving the seat empty, so the optimum of the
    padded problem is the optimum of the real one once those pairs are dropped.
    """
    feasible = pairs.feasible
    seats = np.minimum(free_seats, feasible.sum(axis=0))
    columns = np.flatnonzero(seats > 0)
    rows = np.flatnonzero(feasible[:, columns].any(axis=1))
    chosen: dict[int, int] = {}
    if len(rows):
        compact = pairs.scores[np.ix_(rows, columns)]
        seat_owner = np.repeat(np.arange(len(columns)), seats[columns])
        # Put the smaller side on the rows: the solver would otherwise copy a transpose.
        if len(seat_owner) <= len(rows):
            seat_index, row_index = linear_sum_assignment(
                np.ascontiguousarray(compact.T)[seat_owner], maximize=True
            )
        else:
            row_index, seat_index = linear_sum_assignment(compact[:, seat_owner], maximize=True)
        for row, column in zip(
            rows[row_index].tolist(), columns[seat_owner[seat_index]].tolist(), strict=True
        ):
            if feasible[row, column]:
                chosen[row] = column
    seats_left = free_seats.copy()
    np.subtract.at(seats_left, list(chosen.values()), 1)
    _fill_with_zero_score_pairs(chosen, feasible, seats_left)
    return chosen


def _greedy_rows_to_columns(pairs: PairScores, free_seats: np.ndarray) -> dict[int, int]:
    rows, columns = np.nonzero(pairs.feasible)
    order = np.argsort(-pairs.scores[rows, columns], kind="stable")
    seats_left = free_seats.tolist()
    seats_total = sum(seats_left)
    chosen: dict[int, int] = {}
    for row, column in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if row in chosen or seats_left[column] == 0:
            continue
        chosen[row] = column
        seats_left[column] -= 1
        seats_total -= 1
        if seats_total == 0:
            break
    return chosen


def _to_assignment(
    survivors: Sequence[SurvivorProfile],
    pool: MentorPool,
    pairs: PairScores,
    chosen: dict[int, int],
) -> Assignment:
    assigned = tuple(
        AssignedPair(
            survivor_id=survivors[row].id,
            mentor_id=pool.ids[column],
            score=float(pairs.scores[row, column]),
        )
        for row, column in sorted(chosen.items())
    )
    return Assignment(
        pairs=assigned,
        total_score=math.fsum(pair.score for pair in assigned),
        unassigned_survivor_ids=tuple(
            survivor.id for row, survivor in enumerate(survivors) if row not in chosen
        ),
    )


def _assign_with(
    solver: Callable[[PairScores, np.ndarray], dict[int, int]],
    survivors: Sequence[SurvivorProfile],
    mentors: Mentors,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights,
    now: datetime | None,
) -> Assignment:
    survivor_list: list[SurvivorProfile] = list(survivors)
    _check_unique_ids(survivor_list)
    pool = _as_pool(mentors)
    pairs = score_pairs(
        survivor_list, pool, exclusions=exclusions, weights=weights, now=_reference_instant(now)
    )
    return _to_assignment(survivor_list, pool, pairs, solver(pairs, pool.free_seats))


def assign(
    survivors: Sequence[SurvivorProfile],
    mentors: Mentors,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> Assignment:
    """Pairs survivors with mentors to maximise the total score, exactly.

    Each survivor gets at most one mentor, each mentor at most capacity - active new
    mentees, and only feasible pairs are used; survivors with no feasible seat stay
    unassigned. The pending-request penalty does not apply here: this is the
    assignment itself, not a list of invitations.
    """
    return _assign_with(
        _optimal_rows_to_columns,
        survivors,
        mentors,
        exclusions=exclusions,
        weights=weights,
        now=now,
    )


def greedy_assign(
    survivors: Sequence[SurvivorProfile],
    mentors: Mentors,
    *,
    exclusions: MatchExclusions,
    weights: MatchWeights = DEFAULT_WEIGHTS,
    now: datetime | None = None,
) -> Assignment:
    """Baseline: take the best remaining feasible pair until seats or survivors run out."""
    return _assign_with(
        _greedy_rows_to_columns, survivors, mentors, exclusions=exclusions, weights=weights, now=now
    )


def reasons_in_english(suggestion: Suggestion) -> list[str]:
    """English text of a suggestion's reasons (previews and tests; the app translates)."""
    return [render_reason_en(reason) for reason in suggestion.reasons]
