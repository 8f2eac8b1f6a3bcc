"""One typed place for every setting Lantern reads from its environment.

Nothing else in the code reads ``os.environ`` for configuration. Values come from
environment variables; the secret key is generated into a git-ignored file on first
use so a fresh clone never needs one committed.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from portal.domain.crisis_lines import DEFAULT_COUNTRY, country_code

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("LANTERN_INSTANCE_DIR", PROJECT_ROOT / "instance"))

DEFAULT_QUICK_EXIT_URL = "https://weather.com/"
TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    secret_key: str
    demo_mode: bool
    public_url: str
    quick_exit_url: str
    session_idle_minutes: int
    session_absolute_hours: int
    oidc_issuer: str | None
    oidc_client_id: str | None
    oidc_client_secret: str | None
    sign_in_limit_per_ip: int = 25
    # Reverse proxies we run in front of Lantern (portal/http/client.py): 0 trusts none.
    trusted_proxy_hops: int = 0
    # How long an idle tab's state is kept on the server (memory or Redis), in seconds.
    state_expiry_seconds: int = 1800
    # Reports and moderation records about a member who deleted their account are kept,
    # pseudonymised ("former member"), this many days, then a scheduler job purges them.
    evidence_retention_days: int = 365
    # --- notifications: optional reminder email, off while the host is unset ---
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str = "Lantern <no-reply@localhost>"
    smtp_starttls: bool = True
    # Demo data (public passphrases) loads only on a loopback public URL unless this
    # explicit flag says the operator really wants it elsewhere (a shared test server).
    demo_on_public_url: bool = False
    # Whose crisis lines every page shows (portal/domain/crisis_lines.py): a country code.
    crisis_country: str = DEFAULT_COUNTRY

    @property
    def demo_data_allowed(self) -> bool:
        """Demo mode is on, and the site is only reachable from this machine (or the
        operator set LANTERN_DEMO_ON_PUBLIC_URL=1 on purpose)."""
        return self.demo_mode and (self.demo_on_public_url or self.public_url_is_loopback)

    @property
    def public_url_is_loopback(self) -> bool:
        host = (urlsplit(self.public_url).hostname or "").lower()
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def uses_https(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def public_origin(self) -> str:
        return self.public_url.rstrip("/")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_flag(name: str, default: bool) -> bool:
    value = _env(name)
    return default if value is None else value.strip().lower() in TRUE_WORDS


def _env_int(name: str, default: int, *, minimum: int = 1) -> int:
    value = _env(name)
    if value is None:
        return default
    number = int(value)
    if number < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}")
    return number


def _load_or_create_secret_key() -> str:
    explicit = _env("LANTERN_SECRET_KEY")
    if explicit:
        return explicit
    key_file = INSTANCE_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with owner-only permissions: the key signs OIDC state cookies.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'lantern.db'}"


def load_settings() -> Settings:
    return Settings(
        database_url=(_env("LANTERN_DATABASE_URL") or _env("REFLEX_DB_URL")
                      or default_database_url()),
        redis_url=_env("LANTERN_REDIS_URL") or _env("REFLEX_REDIS_URL"),
        secret_key=_load_or_create_secret_key(),
        demo_mode=_env_flag("LANTERN_DEMO_MODE", False),
        public_url=_env("LANTERN_PUBLIC_URL", "http://localhost:3000") or "",
        quick_exit_url=_env("LANTERN_QUICK_EXIT_URL", DEFAULT_QUICK_EXIT_URL) or "",
        session_idle_minutes=_env_int("LANTERN_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_env_int("LANTERN_SESSION_ABSOLUTE_HOURS", 12),
        sign_in_limit_per_ip=_env_int("LANTERN_SIGN_IN_LIMIT_PER_IP", 25),
        trusted_proxy_hops=_env_int("LANTERN_TRUSTED_PROXY_HOPS", 0, minimum=0),
        state_expiry_seconds=_env_int("LANTERN_STATE_EXPIRY_SECONDS", 1800),
        evidence_retention_days=_env_int("LANTERN_EVIDENCE_RETENTION_DAYS", 365),
        oidc_issuer=_env("LANTERN_OIDC_ISSUER"),
        oidc_client_id=_env("LANTERN_OIDC_CLIENT_ID"),
        oidc_client_secret=_env("LANTERN_OIDC_CLIENT_SECRET"),
        smtp_host=_env("LANTERN_SMTP_HOST"),
        smtp_port=_env_int("LANTERN_SMTP_PORT", 587),
        smtp_user=_env("LANTERN_SMTP_USER"),
        smtp_password=_env("LANTERN_SMTP_PASSWORD"),
        smtp_from=_env("LANTERN_SMTP_FROM", "Lantern <no-reply@localhost>") or "",
        smtp_starttls=_env_flag("LANTERN_SMTP_STARTTLS", True),
        demo_on_public_url=_env_flag("LANTERN_DEMO_ON_PUBLIC_URL", False),
        crisis_country=country_code(_env("LANTERN_CRISIS_COUNTRY")),
    )


@functools.cache
def get_settings() -> Settings:
    return load_settings()
