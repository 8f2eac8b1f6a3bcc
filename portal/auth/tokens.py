"""Secrets we hand out (session tokens, invite and recovery codes) and how we keep them.

We store only a keyed hash (HMAC-SHA256 with the deployment's secret key), so a copy
of the database alone cannot be used to sign in or redeem a code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from portal.settings import get_settings

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_code(groups: int = 3, group_length: int = 4) -> str:
    """A human-friendly code like ``K7QM-2XWP-9HCE`` (about 59 bits for 3 groups)."""
    parts = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(group_length))
             for _ in range(groups))
    return "-".join(parts)


def normalise_code(raw: str) -> str:
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))


def keyed_hash(value: str, *, purpose: str) -> str:
    key = f"{get_settings().secret_key}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


# --- the device cookie: "this browser has signed in to this account before" ---------
DEVICE_TOKEN_DAYS = 180


def new_device_token(user_id: int, *, issued_at: int) -> str:
    """A signed token naming the account a browser signed in to (issue time in Unix s)."""
    body = f"{user_id}.{issued_at}.{secrets.token_urlsafe(9)}"
    return f"{body}.{keyed_hash(body, purpose='device')}"


def device_token_user(token: str, *, now: int) -> int | None:
    """The account a device token was issued for, if its signature holds and it is
    younger than ``DEVICE_TOKEN_DAYS``; otherwise None."""
    parts = (token or "")[:200].split(".")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], keyed_hash(body, purpose="device")):
        return None
    if not 0 <= now - int(parts[1]) <= DEVICE_TOKEN_DAYS * 86400:
        return None
    return int(parts[0])
