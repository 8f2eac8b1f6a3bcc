"""Mentor matching properties: on random small worlds, the rules always hold.

Each rule is written out again here, independently of the implementation: hard
constraints, the documented score, the truth of every reason, capacity, and optimality
against brute force and the greedy baseline.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.matching import (
    MatchExclusions,
    MatchWeights,
    MentorProfile,
    SurvivorProfile,
    assign,
    greedy_assign,
    is_feasible_pair,
    score_matrix,
    suggest,
)
from portal.domain.matching_reasons import ENGLISH_REASON_TEXT, render_reason_en
from portal.domain.vocabulary import FOCUS_AREAS, MEETING_MODES

NOW = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)
ALL_MODES = frozenset(MEETING_MODES)
LIVED = {"labor": {"labor"}, "sex": {"sex"}, "both": {"labor", "sex"}}


TIMEZONES = [
    "UTC",
    "America/Chicago",
    "America/Sao_Paulo",
    "America/New_York",
    "America/St_Johns",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
INSTANTS = [
    NOW,
    datetime(2026, 3, 8, 7, tzinfo=UTC),  # US clocks go forward
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe goes back half an hour
    datetime(2026, 7, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # UK clocks go back
]
# Strategies are built once: building them inside the composite costs more than the test.
hours = st.frozensets(st.one_of(st.integers(0, 167), st.integers(40, 50)), max_size=12)
experience_types = st.sampled_from([None, "labor", "sex", "both", "prefer_not_to_say"])
focus_sets = st.frozensets(st.sampled_from(FOCUS_AREAS[:5]), max_size=3)
timezones = st.sampled_from(TIMEZONES)
people = st.integers(0, 8)
pair_sets = st.frozensets(st.tuples(people, people), max_size=6)

mentor_fields = st.fixed_dictionaries(
    {
        "languages": st.frozensets(st.sampled_from(["en", "es", "fr"]), min_size=1, max_size=2),
        "focus_areas": focus_sets,
        "timezone": timezones,
        "meeting_modes": st.frozensets(st.sampled_from(MEETING_MODES), min_size=1),
        "capacity": st.integers(0, 3),
        "active_mentee_count": st.integers(0, 3),
        "pending_request_count": st.integers(0, 3),
        "approved": st.sampled_from([True, True, True, False]),
        "paused": st.sampled_from([False, False, False, True]),
        "experience_type": experience_types,
        "gender": st.sampled_from([None, "woman", "man", "nonbinary"]),
        "region": st.sampled_from([None, "north", "south"]),
        "available_hours": hours,
    }
)
survivor_fields = st.fixed_dictionaries(
    {
        "goals": focus_sets,
        "languages": st.frozensets(
            st.sampled_from(["en", "es", "fr", "ko"]), min_size=1, max_size=2
        ),
        "timezone": timezones,
        "preferred_meeting_modes": st.frozensets(st.sampled_from(MEETING_MODES)),
        "preferred_mentor_gender": st.sampled_from([None, None, "woman", "man", "agender"]),
        "wants_shared_experience": st.booleans(),
        "experience_type": experience_types,
        "region": st.sampled_from([None, "north", "south", "east"]),
        "available_hours": hours,
        "topics_to_avoid": st.frozensets(st.sampled_from(FOCUS_AREAS[:5]), max_size=2),
    }
)
exclusion_sets = st.builds(
    MatchExclusions,
    blocked_pairs=pair_sets,
    ended_pairs=pair_sets,
    rematch_allowed_pairs=pair_sets,
    hidden_mentors=st.dictionaries(people, st.frozensets(people, max_size=3), max_size=3),
)


@st.composite
def worlds(draw, max_survivors=5, max_mentors=6):
    mentor_rows = draw(st.lists(mentor_fields, max_size=max_mentors))
    survivor_rows = draw(st.lists(survivor_fields, min_size=1, max_size=max_survivors))
    mentors = [MentorProfile(id=i, **row) for i, row in enumerate(mentor_rows)]
    # Survivor ids overlap mentor ids on purpose: one person may hold both roles.
    survivors = [SurvivorProfile(id=3 + i, **row) for i, row in enumerate(survivor_rows)]
    return survivors, mentors, draw(exclusion_sets), draw(st.sampled_from(INSTANTS))


def breaks_a_hard_constraint(survivor, mentor, exclusions) -> bool:
    """The rules, written out again independently of the implementation."""
    accepted = survivor.preferred_meeting_modes or ALL_MODES
    workable = [
        mode
        for mode in accepted
        if mode in mentor.meeting_modes
        and (
            mode != "in_person"
            or (survivor.region is not None and survivor.region == mentor.region)
        )
    ]

    def listed(pairs) -> bool:
        return (survivor.id, mentor.id) in pairs or (mentor.id, survivor.id) in pairs

    return (
        not survivor.languages & mentor.languages
        or (
            survivor.preferred_mentor_gender is not None
            and mentor.gender != survivor.preferred_mentor_gender
        )
        or not workable
        or not mentor.approved
        or mentor.paused
        or mentor.active_mentee_count >= mentor.capacity
        or listed(exclusions.blocked_pairs)
        or (listed(exclusions.ended_pairs) and not listed(exclusions.rematch_allowed_pairs))
        or mentor.id in exclusions.hidden_mentors.get(survivor.id, ())
        or mentor.id == survivor.id
    )


def offset_minutes(timezone: str, now: datetime) -> int:
    return int(now.astimezone(ZoneInfo(timezone)).utcoffset().total_seconds() // 60)


def clock_apart(survivor, mentor, now) -> int:
    apart = (
        abs(offset_minutes(survivor.timezone, now) - offset_minutes(mentor.timezone, now)) % 1440
    )
    return min(apart, 1440 - apart)


def reference_score(survivor, mentor, weights: MatchWeights, now: datetime) -> float:
    """The score as MatchWeights documents it, computed one pair at a time."""
    neutral = weights.neutral
    goals = survivor.goals - survivor.topics_to_avoid
    focus = len(goals & mentor.focus_areas) / len(goals) if goals else neutral
    own = LIVED.get(survivor.experience_type, set()) if survivor.wants_shared_experience else set()
    experience = float(bool(own & LIVED.get(mentor.experience_type, set()))) if own else neutral
    if survivor.available_hours and mentor.available_hours:
        wanted = min(weights.availability_target_hours, len(survivor.available_hours))
        both = len(survivor.available_hours & mentor.available_hours)
        availability = min(1.0, both / wanted)
    else:
        availability = neutral
    closeness = 1 - clock_apart(survivor, mentor, now) / 720
    load = (mentor.capacity - mentor.active_mentee_count) / mentor.capacity
    accepted = survivor.preferred_meeting_modes or ALL_MODES
    nearby = survivor.region is not None and survivor.region == mentor.region
    usable = {m for m in accepted & mentor.meeting_modes if m != "in_person" or nearby}
    weighted = (
        weights.focus_overlap * focus
        + weights.shared_experience * experience
        + weights.availability_overlap * availability
        + weights.timezone_closeness * closeness
        + weights.mentor_load * load
        + weights.meeting_mode_fit * len(usable) / len(accepted)
    )
    return weighted / weights.factor_total


PARTS_OF_DAY = {
    "mornings": range(6, 12),
    "afternoons": range(12, 17),
    "evenings": range(17, 22),
    "nights": [22, 23, 0, 1, 2, 3, 4, 5],
}


def reason_holds(code: str, params, survivor, mentor, now) -> bool:
    if code == "helps_with":
        focus = params["focus"]
        return (
            focus in survivor.goals
            and focus not in survivor.topics_to_avoid
            and focus in mentor.focus_areas
        )
    if code == "shared_experience":
        own = LIVED.get(survivor.experience_type, set())
        return survivor.wants_shared_experience and bool(
            own & LIVED.get(mentor.experience_type, set())
        )
    if code == "speaks_language":
        return params["language"] in survivor.languages & mentor.languages
    if code == "matches_gender_preference":
        return (
            survivor.preferred_mentor_gender is not None
            and mentor.gender == survivor.preferred_mentor_gender
        )
    if code.startswith("available_"):
        days, part = code.removeprefix("available_").split("_")
        offset = offset_minutes(survivor.timezone, now)
        for hour in survivor.available_hours & mentor.available_hours:
            local = (hour * 60 + offset) // 60 % 168
            weekday = local // 24 < 5
            if (days == "weekday") == weekday and local % 24 in PARTS_OF_DAY[part]:
                return True
        return False
    accepted = survivor.preferred_meeting_modes or ALL_MODES
    if code in ("offers_video", "offers_phone"):
        mode = code.removeprefix("offers_")
        return mode in accepted and mode in mentor.meeting_modes
    if code == "meets_in_person_nearby":
        return (
            "in_person" in accepted
            and "in_person" in mentor.meeting_modes
            and survivor.region is not None
            and survivor.region == mentor.region
        )
    if code == "same_time_zone":
        return clock_apart(survivor, mentor, now) == 0
    if code == "close_time_zone":
        return 0 < clock_apart(survivor, mentor, now) <= 120
    if code == "has_space":
        return mentor.active_mentee_count + mentor.pending_request_count < mentor.capacity
    raise AssertionError(f"unknown reason code {code}")


PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(worlds())
def test_scores_and_feasibility_match_the_written_rules(world):
    survivors, mentors, exclusions, now = world
    pairs = score_matrix(survivors, mentors, exclusions=exclusions, now=now)
    for row, survivor in enumerate(survivors):
        for column, mentor in enumerate(mentors):
            feasible = not breaks_a_hard_constraint(survivor, mentor, exclusions)
            assert pairs.feasible[row, column] == feasible
            assert is_feasible_pair(survivor, mentor, exclusions=exclusions) == feasible
            expected = reference_score(survivor, mentor, MatchWeights(), now) if feasible else 0.0
            assert pairs.scores[row, column] == pytest.approx(expected, abs=1e-12)
            assert 0.0 <= pairs.scores[row, column] <= 1.0


@PROPERTY_SETTINGS
@given(worlds(), st.integers(1, 8))
def test_suggestions_never_break_a_hard_constraint_and_every_reason_is_true(world, k):
    survivors, mentors, exclusions, now = world
    for survivor in survivors:
        found = suggest(survivor, mentors, k, exclusions=exclusions, now=now)
        feasible = [m for m in mentors if not breaks_a_hard_constraint(survivor, m, exclusions)]
        assert len(found) == min(k, len(feasible))
        assert [s.rank_score for s in found] == sorted((s.rank_score for s in found), reverse=True)
        by_id = {m.id: m for m in mentors}
        for suggestion in found:
            mentor = by_id[suggestion.mentor_id]
            assert not breaks_a_hard_constraint(survivor, mentor, exclusions)
            for reason in suggestion.reasons:
                assert reason.code in ENGLISH_REASON_TEXT
                assert reason_holds(reason.code, reason.params, survivor, mentor, now), reason
                assert render_reason_en(reason)


def check_assignment(result, survivors, mentors, exclusions):
    by_id = {m.id: m for m in mentors}
    survivor_by_id = {s.id: s for s in survivors}
    assigned = [p.survivor_id for p in result.pairs]
    assert len(assigned) == len(set(assigned))
    assert set(assigned) | set(result.unassigned_survivor_ids) == set(survivor_by_id)
    assert not set(assigned) & set(result.unassigned_survivor_ids)
    for pair in result.pairs:
        assert not breaks_a_hard_constraint(
            survivor_by_id[pair.survivor_id], by_id[pair.mentor_id], exclusions
        )
    for mentor in mentors:
        taken = sum(p.mentor_id == mentor.id for p in result.pairs)
        assert taken <= max(mentor.capacity - mentor.active_mentee_count, 0)
    assert result.total_score == pytest.approx(sum(p.score for p in result.pairs))


@PROPERTY_SETTINGS
@given(worlds(max_survivors=8, max_mentors=6))
def test_assignments_respect_constraints_and_capacity_and_beat_greedy(world):
    survivors, mentors, exclusions, now = world
    ours = assign(survivors, mentors, exclusions=exclusions, now=now)
    greedy = greedy_assign(survivors, mentors, exclusions=exclusions, now=now)
    check_assignment(ours, survivors, mentors, exclusions)
    check_assignment(greedy, survivors, mentors, exclusions)
    assert ours.total_score >= greedy.total_score - 1e-9


def brute_force_best_total(survivors, mentors, exclusions, now) -> float:
    pairs = score_matrix(survivors, mentors, exclusions=exclusions, now=now)
    seats = [
        max(m.capacity - m.active_mentee_count, 0) if m.approved and not m.paused else 0
        for m in mentors
    ]
    options = [
        [None]
        + [c for c, m in enumerate(mentors) if not breaks_a_hard_constraint(s, m, exclusions)]
        for s in survivors
    ]
    best = 0.0
    for choice in itertools.product(*options):
        taken = [c for c in choice if c is not None]
        if any(taken.count(c) > seats[c] for c in set(taken)):
            continue
        best = max(best, sum(pairs.scores[r, c] for r, c in enumerate(choice) if c is not None))
    return best


@settings(max_examples=200, deadline=None)
@given(worlds(max_survivors=4, max_mentors=3))
def test_assign_equals_the_brute_force_optimum_on_tiny_instances(world):
    survivors, mentors, exclusions, now = world
    ours = assign(survivors, mentors, exclusions=exclusions, now=now)
    assert ours.total_score == pytest.approx(
        brute_force_best_total(survivors, mentors, exclusions, now)
    )


@settings(max_examples=100, deadline=None)
@given(worlds(max_survivors=6, max_mentors=6))
def test_optimal_assignment_leaves_nobody_out_who_still_has_a_free_feasible_seat(world):
    survivors, mentors, exclusions, now = world
    result = assign(survivors, mentors, exclusions=exclusions, now=now)
    taken = {m.id: sum(p.mentor_id == m.id for p in result.pairs) for m in mentors}
    unassigned = [s for s in survivors if s.id in set(result.unassigned_survivor_ids)]
    for survivor in unassigned:
        for mentor in mentors:
            if not breaks_a_hard_constraint(survivor, mentor, exclusions):
                assert taken[mentor.id] >= mentor.capacity - mentor.active_mentee_count
