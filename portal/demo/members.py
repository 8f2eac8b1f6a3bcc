"""The demo members of every role, their public passphrase and an invite code to try
sign-up with (demo mode only). Every other seeder builds on these members."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal.auth.tokens import keyed_hash
from portal.models import Invite, User
from portal.models.types import utcnow
from portal.services.accounts import create_member

DEMO_PASSPHRASE = "lantern demo passphrase"  # noqa: S105 (public demo data by design)
DEMO_INVITE_CODE = "DEMO-JOIN-2026"
DEMO_ORGANISATION = "Demo Partners"
DEMO_MEMBERS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("Admin Owl", ("admin",), "America/New_York", "en"),
    ("Moderator Heron", ("moderator",), "America/Chicago", "en"),
    ("Mentor Sol", ("survivor", "mentor"), "America/Los_Angeles", "es"),
    ("Mentor Juniper", ("survivor", "mentor"), "America/New_York", "en"),
    ("Mentor River", ("survivor", "mentor"), "Europe/London", "en"),
    ("Survivor Willow", ("survivor",), "America/New_York", "en"),
    ("Survivor Luna", ("survivor",), "America/Denver", "es"),
    ("Survivor Maple", ("survivor",), "America/New_York", "en"),
    ("Partner Harbor", ("partner",), "America/New_York", "en"),
)


def seed_members(session: Session) -> tuple[dict[str, User], list[str]]:
    """The demo members by name, and the lines that tell how to sign in as them."""
    members: dict[str, User] = {}
    for name, roles, timezone, language in DEMO_MEMBERS:
        members[name] = create_member(session=session, display_name=name,
                                      passphrase=DEMO_PASSPHRASE, roles=roles,
                                      timezone=timezone, language=language,
                                      organisation=DEMO_ORGANISATION)
    now = utcnow()
    session.add(Invite(code_hash=keyed_hash(DEMO_INVITE_CODE, purpose="invite"),
                       code_hint=DEMO_INVITE_CODE[-4:], role="survivor",
                       organisation=DEMO_ORGANISATION, max_uses=50,
                       created_by_id=members["Admin Owl"].id, created_at=now,
                       expires_at=now + timedelta(days=365)))
    lines = [f"{name:<18} ({', '.join(roles)})" for name, roles, _, _ in DEMO_MEMBERS]
    lines.append(f"passphrase for all: {DEMO_PASSPHRASE}")
    lines.append(f"invite code to try sign-up: {DEMO_INVITE_CODE}")
    return members, lines
