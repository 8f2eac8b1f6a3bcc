"""Ordered waitlists with automatic promotion (meetings, volunteer shifts).

Pure rules; the services apply them inside one transaction with the rows locked.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class SeatStatus(StrEnum):
    """A place at a meeting or on a volunteer shift."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def placement(*, seats: int, confirmed: int) -> SeatStatus:
    """Where a new sign-up goes: confirmed while a seat is free, else waitlisted."""
    return SeatStatus.CONFIRMED if confirmed < seats else SeatStatus.WAITLISTED


def promotions(*, seats: int, confirmed: int, waiting_in_order: Sequence[int]) -> list[int]:
    """Who moves up, first come first served, when seats are free."""
    free = max(seats - confirmed, 0)
    return list(waiting_in_order[:free])
