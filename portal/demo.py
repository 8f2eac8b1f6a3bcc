"""Demo data for `make run` (demo mode only): members of every role, with known passphrases.

Never run against a real deployment: the passphrases below are public.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from portal.auth.tokens import keyed_hash
from portal.models import Invite, User
from portal.models.types import utcnow
from portal.services.accounts import create_member

DEMO_PASSPHRASE = "lantern demo passphrase"  # noqa: S105 (public demo data by design)
DEMO_INVITE_CODE = "DEMO-JOIN-2026"
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

# Later capabilities add their own demo data here: (session, members by name) -> lines.
DemoSeeder = Callable[[Session, dict[str, User]], list[str]]
EXTRA_SEEDERS: list[DemoSeeder] = []


# --- notifications ---
from portal.demo_notifications import seed_notifications  # noqa: E402

EXTRA_SEEDERS.append(seed_notifications)

# --- mentoring ---
from portal.demo_mentoring import seed_mentoring  # noqa: E402

EXTRA_SEEDERS.append(seed_mentoring)

# --- resources ---
from portal.demo_resources import seed_resources  # noqa: E402

EXTRA_SEEDERS.append(seed_resources)

# --- groups ---
from portal.demo_groups import seed_groups  # noqa: E402

EXTRA_SEEDERS.append(seed_groups)

# --- volunteering ---
from portal.demo_volunteering import seed_volunteering  # noqa: E402

EXTRA_SEEDERS.append(seed_volunteering)

# --- calendar (after mentoring and groups: it uses their rows) ---
from portal.demo_calendar import seed_calendar  # noqa: E402

EXTRA_SEEDERS.append(seed_calendar)


def seed_demo_data(*, session: Session) -> list[str] | None:
    """Create the demo members once. Returns lines to print, or None when already there."""
    if session.execute(select(User.id).limit(1)).first() is not None:
        return None
    members: dict[str, User] = {}
    for name, roles, timezone, language in DEMO_MEMBERS:
        members[name] = create_member(session=session, display_name=name,
                                      passphrase=DEMO_PASSPHRASE, roles=roles,
                                      timezone=timezone, language=language,
                                      organisation="Demo Partners")
    now = utcnow()
    session.add(Invite(code_hash=keyed_hash(DEMO_INVITE_CODE, purpose="invite"),
                       code_hint=DEMO_INVITE_CODE[-4:], role="survivor",
                       organisation="Demo Partners", max_uses=50,
                       created_by_id=members["Admin Owl"].id, created_at=now,
                       expires_at=now + timedelta(days=365)))
    lines = [f"{name:<18} ({', '.join(roles)})" for name, roles, _, _ in DEMO_MEMBERS]
    lines.append(f"passphrase for all: {DEMO_PASSPHRASE}")
    lines.append(f"invite code to try sign-up: {DEMO_INVITE_CODE}")
    for seeder in EXTRA_SEEDERS:
        lines.extend(seeder(session, members))
    session.commit()
    return lines
