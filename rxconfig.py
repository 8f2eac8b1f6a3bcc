"""Reflex configuration: offline, private, and driven by portal.settings."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from portal.inline_stylesheet import InlineStylesheet
from portal.settings import PROJECT_ROOT, get_settings

settings = get_settings()

if settings.redis_url:
    # Scale-out: a worker keeps the state of the tabs it serves in memory between their
    # events, and hands a tab over through Redis when another worker asks for it
    # (Reflex's opportunistic state locks): two Redis trips fewer per event and per
    # live refresh. The state still reaches Redis, with its short expiry, when the
    # worker lets the tab go (at the latest after half the lock expiry).
    os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "true")

config = rx.Config(
    app_name="portal",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    # No tab state on disk (THREATS.md #9): memory on one worker, Redis on many, and a
    # short expiry either way (the memory manager reads the same setting).
    state_manager_mode="redis" if settings.redis_url else "memory",
    redis_token_expiration=settings.state_expiry_seconds,
    # Privacy: no telemetry, no "built with" badge, no sitemap of private pages.
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    # Speed: each page carries its stylesheet, so it paints without waiting for another file.
    plugins=[InlineStylesheet()],
    bun_path=PROJECT_ROOT / ".tools/node_modules/@oven/bun-linux-x64/bin/bun",
    # The browser talks to the one origin it loaded the page from (single-port prod).
    api_url=settings.public_origin,
    deploy_url=settings.public_origin,
    cors_allowed_origins=[settings.public_origin],
)
