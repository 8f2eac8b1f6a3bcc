"""How long before a session or meeting starts a member is reminded, in minutes."""

from __future__ import annotations

# One day and one hour unless a member chooses.
DEFAULT_OFFSETS: tuple[int, ...] = (1440, 60)
# What the preferences page offers (any whole minutes in range are accepted by the service).
OFFSET_CHOICES: tuple[int, ...] = (10080, 2880, 1440, 180, 60, 15)
MIN_OFFSET, MAX_OFFSET, MAX_OFFSETS = 5, 20160, 6
