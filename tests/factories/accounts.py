"""Members and invites. Passphrase hashing is done once and shared: Argon2 is slow."""

from __future__ import annotations

import functools
import itertools
from datetime import timedelta

from sqlmodel import Session

from portal.auth import passwords
from portal.auth.tokens import keyed_hash, new_code
from portal.domain.names import display_name_key
from portal.domain.permissions import Actor, format_roles, parse_roles
from portal.models import Invite, User
from portal.models.types import utcnow

PASSPHRASE = "correct horse battery staple"
_counter = itertools.count(1)


@functools.cache
def _shared_hash() -> str:
    return passwords.hash_passphrase(PASSPHRASE)


def make_user(session: Session, *, name: str | None = None, roles: tuple[str, ...] = ("survivor",),
              status: str = "active", timezone: str = "America/New_York",
              language: str = "en", email: str | None = None,
              organisation: str | None = None) -> User:
    name = name or f"Member {next(_counter):04d}x"
    user = User(display_name=name, display_name_key=display_name_key(name),
                roles=format_roles(roles), status=status, timezone=timezone, language=language,
                password_hash=_shared_hash(), email=email, organisation=organisation)
    session.add(user)
    session.commit()
    return user


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, roles=parse_roles(user.roles), status=user.status)


def make_invite(session: Session, *, role: str = "survivor", max_uses: int = 1,
                days: int = 14, created_by: User | None = None,
                organisation: str = "Harbor House") -> str:
    code = new_code()
    now = utcnow()
    session.add(Invite(code_hash=keyed_hash(code, purpose="invite"), code_hint=code[-4:],
                       role=role, organisation=organisation, max_uses=max_uses,
                       created_by_id=created_by.id if created_by else None,
                       created_at=now - timedelta(minutes=1),
                       expires_at=now + timedelta(days=days)))
    session.commit()
    return code
