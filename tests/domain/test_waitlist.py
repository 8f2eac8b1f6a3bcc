"""Waitlists: seats fill first, then people wait in order and move up in order."""

from hypothesis import given
from hypothesis import strategies as st

from portal.domain.waitlist import placement, promotions


def test_sign_ups_are_confirmed_until_the_seats_are_full():
    assert placement(seats=2, confirmed=1) == "confirmed"
    assert placement(seats=2, confirmed=2) == "waitlisted"


def test_freed_seats_go_to_the_earliest_waiting_people():
    assert promotions(seats=3, confirmed=1, waiting_in_order=[7, 4, 9]) == [7, 4]
    assert promotions(seats=3, confirmed=3, waiting_in_order=[7]) == []


@given(seats=st.integers(0, 20), confirmed=st.integers(0, 25),
       waiting=st.lists(st.integers(1, 10_000), unique=True, max_size=30))
def test_promotions_never_overfill_and_keep_order(seats, confirmed, waiting):
    promoted = promotions(seats=seats, confirmed=confirmed, waiting_in_order=waiting)
    assert confirmed + len(promoted) <= max(seats, confirmed)
    assert promoted == waiting[:len(promoted)]
