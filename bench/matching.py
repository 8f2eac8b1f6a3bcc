"""Benchmark mentor matching on realistic synthetic profiles (seeded).

Run: `.venv/bin/python -m bench.matching`. The last line printed is one JSON object:
- assign_seconds: `assign` for 10,000 survivors x 1,000 mentors (capacities 1-5);
- assign_optimality: our total / the optimum found by an independent exact solver
  (OR-Tools min-cost flow when installed, else networkx network simplex on a smaller
  instance, named in optimality_instance);
- suggest_p95_ms: p95 of `suggest` for one survivor among 5,000 mentor profiles (the
  pool built inside every call, as a service would); suggest_pooled_p95_ms reuses a pool;
- greedy_ratio: greedy total / our total.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import numpy as np

from portal.domain.matching import (
    MatchExclusions,
    MentorPool,
    MentorProfile,
    SurvivorProfile,
    assign,
    greedy_assign,
    score_matrix,
    suggest,
)
from portal.domain.matching_profiles import utc_offset_minutes
from portal.domain.vocabulary import FOCUS_AREAS, HOURS_PER_WEEK

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
SEED = 20260304
SCORE_SCALE = 1_000_000  # integer costs for the exact min-cost-flow check

LANGUAGE_SHARES = {
    "en": 0.72, "es": 0.35, "fr": 0.04, "pt": 0.04, "zh": 0.04, "vi": 0.03,
    "tl": 0.03, "ht": 0.03, "ru": 0.03, "ar": 0.03, "ko": 0.02, "hi": 0.03,
}  # fmt: skip
FOCUS_POPULARITY = np.array([9, 10, 5, 4, 5, 7, 5, 5, 9, 4, 2, 3, 2], dtype=float)
TIMEZONES = (
    ["America/New_York"] * 8 + ["America/Chicago"] * 5 + ["America/Denver"] * 2
    + ["America/Los_Angeles"] * 5 + ["America/Mexico_City"] * 2 + ["America/Bogota"]
    + ["Europe/London", "Europe/Madrid", "Asia/Manila", "Asia/Kolkata", "Pacific/Honolulu"]
)  # fmt: skip
REGIONS = [f"region_{i:02d}" for i in range(25)]


def _pick(rng: np.random.Generator, options: list, weights: list[float]):
    weights_array = np.asarray(weights, dtype=float)
    return options[rng.choice(len(options), p=weights_array / weights_array.sum())]


def _languages(rng: np.random.Generator, english_boost: float) -> frozenset[str]:
    spoken = {
        code
        for code, share in LANGUAGE_SHARES.items()
        if rng.random() < min(share * (english_boost if code == "en" else 1.0), 0.98)
    }
    return frozenset(spoken or {_pick(rng, list(LANGUAGE_SHARES), list(LANGUAGE_SHARES.values()))})


def _focus(rng: np.random.Generator, low: int, high: int) -> frozenset[str]:
    count = int(rng.integers(low, high + 1))
    chosen = rng.choice(
        len(FOCUS_AREAS), size=count, replace=False, p=FOCUS_POPULARITY / FOCUS_POPULARITY.sum()
    )
    return frozenset(FOCUS_AREAS[i] for i in chosen)


def _weekly_hours(rng: np.random.Generator, timezone: str, chance_unset: float) -> frozenset[int]:
    """Local evening / weekend-daytime habits, converted to UTC hours of the week."""
    if rng.random() < chance_unset:
        return frozenset()
    offset_hours = utc_offset_minutes(timezone, at=NOW) // 60
    local: set[int] = set()
    if rng.random() < 0.8:
        start = int(rng.integers(16, 21))
        for day in rng.choice(5, size=int(rng.integers(1, 6)), replace=False):
            local.update(day * 24 + hour for hour in range(start, start + int(rng.integers(1, 4))))
    if rng.random() < 0.5:
        start = int(rng.integers(8, 15))
        for day in rng.choice([5, 6], size=int(rng.integers(1, 3)), replace=False):
            local.update(day * 24 + hour for hour in range(start, start + int(rng.integers(2, 5))))
    return frozenset((hour - offset_hours) % HOURS_PER_WEEK for hour in local)


def make_mentor(rng: np.random.Generator, index: int) -> MentorProfile:
    timezone = TIMEZONES[rng.integers(len(TIMEZONES))]
    capacity = int(rng.integers(1, 6))
    modes = {
        mode
        for mode, share in (("video", 0.85), ("phone", 0.7), ("in_person", 0.4))
        if rng.random() < share
    }
    return MentorProfile(
        id=f"mentor-{index}",
        languages=_languages(rng, english_boost=1.3),
        focus_areas=_focus(rng, 2, 5),
        timezone=timezone,
        meeting_modes=frozenset(modes or {"video"}),
        capacity=capacity,
        active_mentee_count=int(rng.integers(0, capacity)) if rng.random() < 0.3 else 0,
        pending_request_count=int(rng.poisson(0.8)),
        approved=rng.random() < 0.95,
        paused=rng.random() < 0.04,
        experience_type=_pick(
            rng, ["labor", "sex", "both", "prefer_not_to_say", None], [25, 25, 10, 15, 25]
        ),
        gender=_pick(
            rng, ["woman", "man", "nonbinary", "prefer_not_to_say", None], [62, 25, 5, 4, 4]
        ),
        region=REGIONS[rng.integers(len(REGIONS))] if rng.random() < 0.8 else None,
        available_hours=_weekly_hours(rng, timezone, chance_unset=0.15),
    )


def make_survivor(rng: np.random.Generator, index: int) -> SurvivorProfile:
    timezone = TIMEZONES[rng.integers(len(TIMEZONES))]
    roll = rng.random()
    if roll < 0.08:
        modes = {"in_person"}
    elif roll < 0.28:
        modes = set()
    else:
        modes = {
            m
            for m, share in (("video", 0.7), ("phone", 0.6), ("in_person", 0.3))
            if rng.random() < share
        }
    goals = _focus(rng, 1, 4)
    avoid = frozenset({"faith_spiritual"}) if rng.random() < 0.1 else frozenset()
    return SurvivorProfile(
        id=f"survivor-{index}",
        goals=goals - avoid,
        languages=_languages(rng, english_boost=1.0),
        timezone=timezone,
        preferred_meeting_modes=frozenset(modes),
        preferred_mentor_gender=_pick(rng, [None, "woman", "man", "nonbinary"], [50, 44, 5, 1]),
        wants_shared_experience=rng.random() < 0.4,
        experience_type=_pick(
            rng, ["labor", "sex", "both", "prefer_not_to_say", None], [30, 30, 10, 20, 10]
        ),
        region=REGIONS[rng.integers(len(REGIONS))] if rng.random() < 0.7 else None,
        available_hours=_weekly_hours(rng, timezone, chance_unset=0.3),
        topics_to_avoid=avoid,
    )


def make_exclusions(rng: np.random.Generator, survivors, mentors) -> MatchExclusions:
    def random_pairs(count: int) -> frozenset:
        return frozenset(
            (survivors[rng.integers(len(survivors))].id, mentors[rng.integers(len(mentors))].id)
            for _ in range(count)
        )

    ended = random_pairs(len(survivors) // 20)
    return MatchExclusions(
        blocked_pairs=random_pairs(len(survivors) // 50),
        ended_pairs=ended,
        rematch_allowed_pairs=frozenset(list(ended)[: len(ended) // 10]),
        hidden_mentors={
            survivors[rng.integers(len(survivors))].id: frozenset(
                {mentors[rng.integers(len(mentors))].id}
            )
            for _ in range(len(survivors) // 20)
        },
    )


def exact_total_ortools(survivors, mentors, exclusions) -> float:
    """Optimum by OR-Tools min-cost flow on integer-scaled scores, re-scored in floats."""
    from ortools.graph.python import min_cost_flow

    pool = MentorPool(mentors)
    pairs = score_matrix(survivors, pool, exclusions=exclusions, now=NOW)
    rows, columns = np.nonzero(pairs.feasible)
    n_survivors, n_mentors = len(survivors), len(pool)
    source, sink = n_survivors + n_mentors, n_survivors + n_mentors + 1
    survivor_nodes = np.arange(n_survivors)
    mentor_nodes = n_survivors + np.arange(n_mentors)
    tails = np.concatenate([np.full(n_survivors, source), rows, mentor_nodes, [source]])
    heads = np.concatenate(
        [survivor_nodes, n_survivors + columns, np.full(n_mentors, sink), [sink]]
    )
    capacities = np.concatenate(
        [np.ones(n_survivors), np.ones(len(rows)), pool.free_seats, [n_survivors]]
    ).astype(np.int64)
    costs = np.concatenate(
        [
            np.zeros(n_survivors),
            -np.rint(pairs.scores[rows, columns] * SCORE_SCALE),
            np.zeros(n_mentors + 1),
        ]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, n_survivors)
    flow.set_node_supply(sink, -n_survivors)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("OR-Tools did not find the optimum")
    used = flow.flows(arcs[n_survivors : n_survivors + len(rows)]) > 0
    return float(pairs.scores[rows[used], columns[used]].sum())


def exact_total_networkx(survivors, mentors, exclusions) -> float:
    import networkx as nx

    pool = MentorPool(mentors)
    pairs = score_matrix(survivors, pool, exclusions=exclusions, now=NOW)
    graph = nx.DiGraph()
    graph.add_node("source", demand=-len(survivors))
    graph.add_node("sink", demand=len(survivors))
    graph.add_edge("source", "sink", capacity=len(survivors), weight=0)
    for row in range(len(survivors)):
        graph.add_edge("source", ("s", row), capacity=1, weight=0)
    for column in range(len(pool)):
        graph.add_edge(("m", column), "sink", capacity=int(pool.free_seats[column]), weight=0)
    for row, column in zip(*np.nonzero(pairs.feasible), strict=True):
        cost = -round(float(pairs.scores[row, column]) * SCORE_SCALE)
        graph.add_edge(("s", int(row)), ("m", int(column)), capacity=1, weight=cost)
    flow = nx.min_cost_flow(graph)
    return sum(
        float(pairs.scores[row, column])
        for row in range(len(survivors))
        for (_, column), amount in flow[("s", row)].items()
        if amount
    )


def main() -> None:
    rng = np.random.default_rng(SEED)
    figures: dict[str, object] = {}

    mentors = [make_mentor(rng, i) for i in range(1_000)]
    survivors = [make_survivor(rng, i) for i in range(10_000)]
    exclusions = make_exclusions(rng, survivors, mentors)

    started = time.perf_counter()
    ours = assign(survivors, mentors, exclusions=exclusions, now=NOW)
    figures["assign_seconds"] = round(time.perf_counter() - started, 3)
    figures["assigned_survivors"] = len(ours.pairs)
    figures["open_seats"] = int(MentorPool(mentors).free_seats.sum())
    figures["assign_total"] = round(ours.total_score, 6)

    started = time.perf_counter()
    greedy = greedy_assign(survivors, mentors, exclusions=exclusions, now=NOW)
    figures["greedy_seconds"] = round(time.perf_counter() - started, 3)
    figures["greedy_ratio"] = round(greedy.total_score / ours.total_score, 6)
    figures["greedy_assigned_survivors"] = len(greedy.pairs)

    started = time.perf_counter()
    try:
        exact = exact_total_ortools(survivors, mentors, exclusions)
        figures["optimality_solver"] = "ortools min_cost_flow"
        figures["optimality_instance"] = "10000x1000"
        figures["assign_optimality"] = round(ours.total_score / exact, 9)
    except ImportError:
        small_survivors, small_mentors = survivors[:1_500], mentors[:150]
        small = assign(small_survivors, small_mentors, exclusions=exclusions, now=NOW)
        exact = exact_total_networkx(small_survivors, small_mentors, exclusions)
        figures["optimality_solver"] = "networkx min_cost_flow"
        figures["optimality_instance"] = "1500x150"
        figures["assign_optimality"] = round(small.total_score / exact, 9)
    figures["exact_solver_seconds"] = round(time.perf_counter() - started, 3)

    suggest_mentors = [make_mentor(rng, i) for i in range(5_000)]
    suggest_survivors = [make_survivor(rng, i) for i in range(200)]
    suggest(
        suggest_survivors[0], suggest_mentors, 10, exclusions=exclusions, now=NOW
    )  # warm caches
    timings = []
    for survivor in suggest_survivors:
        started = time.perf_counter()
        suggest(survivor, suggest_mentors, 10, exclusions=exclusions, now=NOW)
        timings.append(time.perf_counter() - started)
    figures["suggest_p95_ms"] = round(float(np.percentile(timings, 95)) * 1000, 3)
    figures["suggest_median_ms"] = round(float(np.median(timings)) * 1000, 3)

    pool = MentorPool(suggest_mentors)
    pooled = []
    top_picks: dict[object, int] = {}
    for survivor in suggest_survivors:
        started = time.perf_counter()
        found = suggest(survivor, pool, 10, exclusions=exclusions, now=NOW)
        pooled.append(time.perf_counter() - started)
        if found:
            top_picks[found[0].mentor_id] = top_picks.get(found[0].mentor_id, 0) + 1
    figures["suggest_pooled_p95_ms"] = round(float(np.percentile(pooled, 95)) * 1000, 3)
    figures["suggest_distinct_top_picks"] = len(top_picks)
    figures["suggest_most_common_top_pick_share"] = round(
        max(top_picks.values()) / len(suggest_survivors), 3
    )

    print(json.dumps(figures))


if __name__ == "__main__":
    main()
