"""The append-only audit log of staff actions and reads of private data (THREATS #8)."""

from __future__ import annotations

from sqlmodel import Session

from portal.domain.permissions import Actor
from portal.models import AuditEntry


def record(session: Session, *, actor: Actor | None, action: str, target_type: str = "",
           target_id: int | None = None, detail: str = "") -> None:
    """Add an entry in the caller's transaction: it commits with the action, or not at all."""
    session.add(AuditEntry(actor_id=actor.id if actor else None, action=action,
                           target_type=target_type, target_id=target_id, detail=detail[:500]))
