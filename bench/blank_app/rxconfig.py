"""The blank Reflex app the protocol benchmark compares Lantern with (bench/protocol.py).

Same Reflex version, same way of serving (prod, single port, tab state in memory), and
nothing else: one counter. BLANK_PUBLIC_URL is the origin the benchmark serves it on.
"""

import os
from pathlib import Path

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = os.environ.get("BLANK_PUBLIC_URL", "http://127.0.0.1:3000")

config = rx.Config(
    app_name="blank",
    state_manager_mode="memory",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
    bun_path=ROOT / ".tools/node_modules/@oven/bun-linux-x64/bin/bun",
    api_url=ORIGIN,
    deploy_url=ORIGIN,
    cors_allowed_origins=[ORIGIN],
)
