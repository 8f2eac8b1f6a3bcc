"""Service-test fixtures shared by more than one file."""

from __future__ import annotations

import pytest

from portal.services import live


class Recorder:
    """A bus that keeps what it was sent: the topics, and the tab that made the change."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, ...]] = []
        self.origins: list[str] = []

    def send(self, topics: tuple[str, ...], origin_tab: str = "") -> None:
        self.sent.append(topics)
        self.origins.append(origin_tab)

    @property
    def topics(self) -> list[str]:
        return [topic for batch in self.sent for topic in batch]


@pytest.fixture
def heard():
    """What services publish after commit (portal/services/live.py), instead of a bus."""
    recorder = Recorder()
    live.use_bus(recorder)
    yield recorder
    live.use_bus(None)
