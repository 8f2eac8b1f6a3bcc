"""Browser-safe views returned by services: never ORM rows, never hashes or emails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal import routes
from portal.domain.permissions import Actor


@dataclass(frozen=True)
class Viewer:
    """The signed-in member as the app may know them on this request."""

    id: int
    display_name: str
    roles: tuple[str, ...]
    status: str
    language: str
    timezone: str

    @property
    def actor(self) -> Actor:
        return Actor(id=self.id, roles=frozenset(self.roles), status=self.status)


@dataclass(frozen=True)
class SignedIn:
    """A new session: the token goes straight into the HttpOnly cookie and nowhere else."""

    token: str
    user_id: int
    landing: str = routes.HOME
    # Marks this browser as one the member signed in from (see accounts.sign_in).
    device_token: str = ""


@dataclass(frozen=True)
class InviteCreated:
    id: int
    code: str
    role: str
    organisation: str
    max_uses: int
    expires_at: datetime
    label: str = ""


@dataclass(frozen=True)
class InviteRow:
    id: int
    code_hint: str
    role: str
    organisation: str
    uses: int
    max_uses: int
    expires_at: datetime
    revoked: bool
    created_by_id: int | None
    label: str = ""


@dataclass(frozen=True)
class MemberRow:
    id: int
    display_name: str
    roles: tuple[str, ...]
    status: str
    created_at: datetime
    last_seen_at: datetime | None
