"""Mentor matching: hard constraints, each weight, suggestions, reasons, assignment.

Property tests (hypothesis) live in test_matching_properties.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from portal.domain.matching import (
    DEFAULT_WEIGHTS,
    MatchExclusions,
    MatchWeights,
    MentorPool,
    MentorProfile,
    SurvivorProfile,
    assign,
    greedy_assign,
    is_feasible_pair,
    reasons_in_english,
    score_matrix,
    suggest,
)
from portal.domain.vocabulary import FOCUS_AREAS

NOW = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)  # a Wednesday, no DST anywhere near
NONE = MatchExclusions()


def make_mentor(**changes) -> MentorProfile:
    base = MentorProfile(
        id="mentor",
        languages=frozenset({"en"}),
        focus_areas=frozenset({"employment"}),
        timezone="UTC",
        meeting_modes=frozenset({"video"}),
        capacity=3,
        approved=True,
    )
    return replace(base, **changes)


def make_survivor(**changes) -> SurvivorProfile:
    base = SurvivorProfile(
        id="survivor",
        goals=frozenset({"employment"}),
        languages=frozenset({"en"}),
        timezone="UTC",
    )
    return replace(base, **changes)


def suggested_ids(survivor, mentors, *, exclusions=NONE, weights=DEFAULT_WEIGHTS, now=NOW):
    found = suggest(survivor, mentors, 50, exclusions=exclusions, weights=weights, now=now)
    return [s.mentor_id for s in found]


def only(**weight) -> MatchWeights:
    """Weights that switch every factor off except the named one."""
    zeros = dict(
        focus_overlap=0,
        shared_experience=0,
        availability_overlap=0,
        timezone_closeness=0,
        mentor_load=0,
        meeting_mode_fit=0,
        pending_request_penalty=0,
    )
    return MatchWeights(**{**zeros, **weight})


def score_of(survivor, mentor, weights, now=NOW) -> float:
    return float(
        score_matrix([survivor], [mentor], exclusions=NONE, weights=weights, now=now).scores[0, 0]
    )


# --- hard constraints ---------------------------------------------------------------


def test_mentor_without_a_shared_language_is_never_suggested():
    survivor = make_survivor(languages={"es"})
    mentors = [make_mentor(id="en", languages={"en"}), make_mentor(id="es", languages={"en", "es"})]
    assert suggested_ids(survivor, mentors) == ["es"]


def test_gender_preference_excludes_other_and_unstated_genders():
    survivor = make_survivor(preferred_mentor_gender="woman")
    mentors = [
        make_mentor(id="w", gender="woman"),
        make_mentor(id="m", gender="man"),
        make_mentor(id="unstated", gender=None),
    ]
    assert suggested_ids(survivor, mentors) == ["w"]


def test_in_person_only_survivor_needs_in_person_mentor_in_the_same_region():
    survivor = make_survivor(preferred_meeting_modes={"in_person"}, region="north")
    mentors = [
        make_mentor(id="video", meeting_modes={"video"}, region="north"),
        make_mentor(id="elsewhere", meeting_modes={"in_person"}, region="south"),
        make_mentor(id="no-region", meeting_modes={"in_person"}, region=None),
        make_mentor(id="near", meeting_modes={"in_person", "video"}, region="north"),
    ]
    assert suggested_ids(survivor, mentors) == ["near"]


def test_in_person_only_survivor_without_a_region_matches_nobody():
    survivor = make_survivor(preferred_meeting_modes={"in_person"}, region=None)
    assert suggested_ids(survivor, [make_mentor(meeting_modes={"in_person"}, region=None)]) == []


def test_several_accepted_modes_need_one_that_works_for_both():
    survivor = make_survivor(preferred_meeting_modes={"phone", "in_person"}, region="north")
    mentors = [
        make_mentor(id="video-only", meeting_modes={"video"}),
        make_mentor(id="far-in-person", meeting_modes={"in_person", "video"}, region="south"),
        make_mentor(id="phone", meeting_modes={"phone"}, region="south"),
        make_mentor(id="near-in-person", meeting_modes={"in_person"}, region="north"),
    ]
    assert set(suggested_ids(survivor, mentors)) == {"phone", "near-in-person"}


def test_survivor_without_mode_preference_accepts_any_workable_mode():
    survivor = make_survivor(preferred_meeting_modes=frozenset())
    assert suggested_ids(survivor, [make_mentor(meeting_modes={"phone"})]) == ["mentor"]


@pytest.mark.parametrize(
    "changes",
    [
        {"approved": False},
        {"paused": True},
        {"capacity": 2, "active_mentee_count": 2},
        {"capacity": 0},
    ],
    ids=["unapproved", "paused", "full", "no-capacity"],
)
def test_mentor_who_cannot_take_mentees_is_never_suggested_or_assigned(changes):
    survivor = make_survivor()
    mentor = make_mentor(**changes)
    assert suggested_ids(survivor, [mentor]) == []
    assert assign([survivor], [mentor], exclusions=NONE, now=NOW).pairs == ()


@pytest.mark.parametrize("direction", ["survivor-blocked-mentor", "mentor-blocked-survivor"])
def test_block_in_either_direction_excludes_the_pair(direction):
    pair = ("survivor", "mentor") if direction.startswith("survivor") else ("mentor", "survivor")
    exclusions = MatchExclusions(blocked_pairs=frozenset({pair}))
    assert suggested_ids(make_survivor(), [make_mentor()], exclusions=exclusions) == []
    assert assign([make_survivor()], [make_mentor()], exclusions=exclusions, now=NOW).pairs == ()


def test_previously_ended_pair_is_excluded_unless_both_agreed_to_rematch():
    ended = frozenset({("survivor", "mentor")})
    excluded = MatchExclusions(ended_pairs=ended)
    allowed = MatchExclusions(
        ended_pairs=ended, rematch_allowed_pairs=frozenset({("mentor", "survivor")})
    )
    assert suggested_ids(make_survivor(), [make_mentor()], exclusions=excluded) == []
    assert suggested_ids(make_survivor(), [make_mentor()], exclusions=allowed) == ["mentor"]


def test_hidden_mentor_is_never_suggested_or_assigned():
    exclusions = MatchExclusions(hidden_mentors={"survivor": frozenset({"mentor"})})
    other = make_survivor(id="other")
    assert suggested_ids(make_survivor(), [make_mentor()], exclusions=exclusions) == []
    assert suggested_ids(other, [make_mentor()], exclusions=exclusions) == ["mentor"]
    result = assign([make_survivor()], [make_mentor()], exclusions=exclusions, now=NOW)
    assert result.pairs == ()


def test_person_is_never_matched_with_themselves():
    assert suggested_ids(make_survivor(id=7), [make_mentor(id=7)]) == []


def test_is_feasible_pair_agrees_with_suggestions():
    survivor = make_survivor(preferred_mentor_gender="woman")
    assert is_feasible_pair(survivor, make_mentor(gender="woman"), exclusions=NONE)
    assert not is_feasible_pair(survivor, make_mentor(gender="man"), exclusions=NONE)


# --- weights --------------------------------------------------------------------------


def test_more_focus_overlap_scores_higher():
    survivor = make_survivor(goals={"employment", "safe_housing"})
    weights = only(focus_overlap=1)
    assert score_of(survivor, make_mentor(focus_areas={"employment", "safe_housing"}), weights) == 1
    assert score_of(survivor, make_mentor(focus_areas={"employment"}), weights) == 0.5
    assert score_of(survivor, make_mentor(focus_areas={"parenting"}), weights) == 0


def test_topics_to_avoid_never_count_and_never_appear_in_reasons():
    survivor = make_survivor(
        goals={"employment", "faith_spiritual"}, topics_to_avoid={"faith_spiritual"}
    )
    mentor = make_mentor(focus_areas={"employment", "faith_spiritual"})
    assert score_of(survivor, mentor, only(focus_overlap=1)) == 1
    [found] = suggest(survivor, [mentor], 1, exclusions=NONE, now=NOW)
    assert all(r.params.get("focus") != "faith_spiritual" for r in found.reasons)


def test_shared_experience_scores_higher_only_when_the_survivor_asked_for_it():
    weights = only(shared_experience=1)
    asked = make_survivor(wants_shared_experience=True, experience_type="labor")
    assert score_of(asked, make_mentor(experience_type="both"), weights) == 1
    assert score_of(asked, make_mentor(experience_type="sex"), weights) == 0
    assert score_of(asked, make_mentor(experience_type="prefer_not_to_say"), weights) == 0
    not_asked = make_survivor(wants_shared_experience=False, experience_type="labor")
    assert score_of(not_asked, make_mentor(experience_type="labor"), weights) == 0.5


def test_overlapping_hours_score_higher_and_unset_hours_are_neutral():
    weights = only(availability_overlap=1)
    survivor = make_survivor(available_hours=frozenset(range(18, 24)))
    assert score_of(survivor, make_mentor(available_hours=frozenset(range(18, 22))), weights) == 1
    assert score_of(survivor, make_mentor(available_hours=frozenset({18, 19})), weights) == 0.5
    assert score_of(survivor, make_mentor(available_hours=frozenset({100})), weights) == 0
    assert score_of(survivor, make_mentor(available_hours=frozenset()), weights) == 0.5
    unset = make_survivor(available_hours=frozenset())
    assert score_of(unset, make_mentor(available_hours=frozenset({100})), weights) == 0.5


def test_closer_time_zone_scores_higher():
    weights = only(timezone_closeness=1)
    survivor = make_survivor(timezone="America/Chicago")
    same = score_of(survivor, make_mentor(timezone="America/Mexico_City"), weights)
    near = score_of(survivor, make_mentor(timezone="America/New_York"), weights)
    far = score_of(survivor, make_mentor(timezone="Asia/Manila"), weights)
    assert same == 1 and near == pytest.approx(11 / 12) and far < near


def test_time_zone_distance_is_taken_at_the_reference_instant():
    weights = only(timezone_closeness=1)
    survivor = make_survivor(timezone="Europe/London")
    mentor = make_mentor(timezone="America/New_York")
    # US clocks change on 8 March 2026, UK clocks on 29 March: 4 hours apart in between.
    assert score_of(survivor, mentor, weights, now=NOW) == pytest.approx(1 - 5 / 12)
    between = datetime(2026, 3, 15, 12, tzinfo=UTC)
    assert score_of(survivor, mentor, weights, now=between) == pytest.approx(1 - 4 / 12)


def test_time_zone_distance_is_measured_the_short_way_round_the_clock():
    weights = only(timezone_closeness=1)
    survivor = make_survivor(timezone="Pacific/Kiritimati")  # UTC+14
    mentor = make_mentor(timezone="Pacific/Pago_Pago")  # UTC-11: 25 h apart = 1 h
    assert score_of(survivor, mentor, weights) == pytest.approx(11 / 12)


def test_mentor_with_more_free_capacity_scores_higher():
    weights = only(mentor_load=1)
    survivor = make_survivor()
    assert score_of(survivor, make_mentor(capacity=4), weights) == 1
    assert score_of(survivor, make_mentor(capacity=4, active_mentee_count=3), weights) == 0.25


def test_meeting_mode_fit_rewards_offering_more_of_the_accepted_modes():
    weights = only(meeting_mode_fit=1)
    survivor = make_survivor(preferred_meeting_modes={"video", "phone"})
    assert score_of(survivor, make_mentor(meeting_modes={"video", "phone"}), weights) == 1
    assert score_of(survivor, make_mentor(meeting_modes={"video", "in_person"}), weights) == 0.5


def test_weights_reject_negative_or_all_zero_values():
    with pytest.raises(ValueError):
        MatchWeights(focus_overlap=-1)
    with pytest.raises(ValueError):
        only()


# --- suggest --------------------------------------------------------------------------


def test_suggest_returns_at_most_k_mentors_best_first():
    survivor = make_survivor(goals={"employment", "safe_housing"})
    mentors = [
        make_mentor(id="half", focus_areas={"employment"}),
        make_mentor(id="full", focus_areas={"employment", "safe_housing"}),
        make_mentor(id="none", focus_areas={"parenting"}),
    ]
    found = suggest(survivor, mentors, 2, exclusions=NONE, now=NOW)
    assert [s.mentor_id for s in found] == ["full", "half"]
    assert found[0].score >= found[1].score


def test_pending_requests_that_fill_free_seats_push_a_mentor_down_the_list():
    survivor = make_survivor()
    popular = make_mentor(id="popular", capacity=2, pending_request_count=2)
    quiet = make_mentor(id="quiet", capacity=2, pending_request_count=0)
    found = suggest(survivor, [popular, quiet], 2, exclusions=NONE, now=NOW)
    assert [s.mentor_id for s in found] == ["quiet", "popular"]
    assert found[1].score == found[0].score  # same match quality, only the rank differs
    assert found[1].rank_score == pytest.approx(
        found[1].score - MatchWeights().pending_request_penalty
    )


def test_suggest_gives_the_same_answer_from_a_prebuilt_pool():
    survivor = make_survivor(languages={"en", "es"}, goals={"employment", "parenting"})
    mentors = [
        make_mentor(id=i, languages={"es"} if i % 2 else {"en"}, focus_areas={FOCUS_AREAS[i]})
        for i in range(10)
    ]
    assert suggest(survivor, MentorPool(mentors), 5, exclusions=NONE, now=NOW) == suggest(
        survivor, mentors, 5, exclusions=NONE, now=NOW
    )


def test_suggest_rejects_a_naive_reference_time():
    with pytest.raises(ValueError):
        suggest(make_survivor(), [make_mentor()], 1, exclusions=NONE, now=datetime(2026, 1, 1))


def test_reasons_read_plainly_in_english():
    survivor = make_survivor(
        languages={"es"},
        preferred_meeting_modes={"video", "phone"},
        available_hours=frozenset({18 + 24 * 2}),  # Wednesday 18:00 UTC
    )
    mentor = make_mentor(
        languages={"es", "en"},
        meeting_modes={"video", "in_person"},
        available_hours=frozenset({18 + 24 * 2}),
    )
    [found] = suggest(survivor, [mentor], 1, exclusions=NONE, now=NOW)
    assert reasons_in_english(found) == [
        "Can help with job readiness",
        "Speaks Spanish",
        "Available on weekday evenings in your time zone",
        "Offers video calls",
        "Same time zone as you",
        "Has space for a new mentee",
    ]


# --- assign ---------------------------------------------------------------------------


def test_assign_fills_no_more_than_the_free_seats():
    survivors = [make_survivor(id=f"s{i}") for i in range(5)]
    mentor = make_mentor(capacity=3, active_mentee_count=1)
    result = assign(survivors, [mentor], exclusions=NONE, now=NOW)
    assert len(result.pairs) == 2
    assert len(result.unassigned_survivor_ids) == 3


def test_assign_leaves_a_survivor_with_no_feasible_mentor_unassigned():
    survivors = [make_survivor(id="en"), make_survivor(id="ko", languages={"ko"})]
    result = assign(survivors, [make_mentor()], exclusions=NONE, now=NOW)
    assert [(p.survivor_id, p.mentor_id) for p in result.pairs] == [("en", "mentor")]
    assert result.unassigned_survivor_ids == ("ko",)


def test_assign_beats_greedy_when_the_best_pair_blocks_two_good_ones():
    weights = only(focus_overlap=1)
    flexible = make_survivor(id="flexible", goals={"employment", "parenting"})
    picky = make_survivor(id="picky", goals={"employment"})
    both = make_mentor(id="both", focus_areas={"employment", "parenting"}, capacity=1)
    parenting = make_mentor(id="parenting", focus_areas={"parenting"}, capacity=1)
    ours = assign([flexible, picky], [both, parenting], exclusions=NONE, weights=weights, now=NOW)
    greedy = greedy_assign(
        [flexible, picky], [both, parenting], exclusions=NONE, weights=weights, now=NOW
    )
    assert ours.total_score == pytest.approx(1.5)
    assert greedy.total_score == pytest.approx(1.0)


def test_feasible_pair_scoring_zero_is_still_assigned_when_a_seat_is_free():
    weights = only(focus_overlap=1)
    survivor = make_survivor(goals={"parenting"})
    result = assign(
        [survivor],
        [make_mentor(focus_areas={"employment"})],
        exclusions=NONE,
        weights=weights,
        now=NOW,
    )
    assert [(p.mentor_id, p.score) for p in result.pairs] == [("mentor", 0.0)]


def test_assign_rejects_duplicate_survivor_ids():
    with pytest.raises(ValueError):
        assign([make_survivor(), make_survivor()], [make_mentor()], exclusions=NONE, now=NOW)
