"""Reading a group thread's post entries as the page draws them."""

from __future__ import annotations

from portal.state.groups_thread import REACTION_KINDS


def reaction_of(post: dict, kind: str) -> tuple[int, bool]:
    """(how many reacted with ``kind``, whether she did), from the entry's two lists."""
    number = REACTION_KINDS.index(kind)
    return post["reaction_counts"][number], post["reacted"][number]
