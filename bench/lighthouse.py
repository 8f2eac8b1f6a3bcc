"""Lighthouse (mobile) on the pages a visitor opens first, beside the blank Reflex app.

Builds and serves Lantern as ``make run`` does (prod build, demo data, one worker) and
the blank counter app in ``bench/blank_app``, then runs Lighthouse (pinned in the
Makefile, from the npm registry) with its default mobile settings (a mid-range phone,
simulated slow 4G and a 4x slower CPU) in Debian's headless Chromium, several times per
page, and keeps each page's median run by performance score. Reported per page: the
performance, accessibility and best-practices scores (0..100) and the metrics behind
performance (first and largest contentful paint, total blocking time, cumulative
layout shift, speed index, in ms or units as Lighthouse gives them), and the bytes the
page transferred. The issue's bar: performance >= 95 on ``/``, ``/help/`` and
``/resources/``, accessibility and best practices 100.

    .venv/bin/python -m bench.lighthouse [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench import _protocol_apps as apps
from portal import routes
from tests.e2e.live_server import ROOT

LIGHTHOUSE = ROOT / ".tools/node_modules/lighthouse/cli/index.js"
CHROMIUM = "/usr/bin/chromium"
# As the issue names them: the static build serves each page at its folder's address,
# so ``/help`` answers with a redirect to ``/help/`` (a round trip Lighthouse counts).
PAGES = (routes.HOME, routes.HELP + "/", routes.RESOURCES + "/")
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {"first-contentful-paint": "fcp_ms", "largest-contentful-paint": "lcp_ms",
           "total-blocking-time": "tbt_ms", "cumulative-layout-shift": "cls",
           "speed-index": "speed_index_ms", "total-byte-weight": "transfer_bytes"}
TARGETS = {"performance_min": 95, "accessibility_min": 100, "best_practices_min": 100}


def audit(url: str) -> dict[str, object]:
    """One Lighthouse run of ``url``: its three scores and the metrics behind them."""
    command = ["node", str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}",
               "--output=json", "--output-path=stdout", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,  # noqa: S603
                          env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
    if done.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    scores = {name.replace("-", "_"): round(100 * (report["categories"][name]["score"] or 0))
              for name in CATEGORIES}
    metrics = {label: round(report["audits"][audit_id]["numericValue"],
                            3 if label == "cls" else 0)
               for audit_id, label in METRICS.items() if audit_id in report["audits"]}
    failed = sorted(audit_id for audit_id, found in report["audits"].items()
                    if found.get("score") is not None and found.get("score") < 0.9
                    and found.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {**scores, **metrics, "below_0_9": failed}


def median_run(url: str, runs: int) -> dict[str, object]:
    """The run with the median performance score (Lighthouse varies from run to run)."""
    found = sorted((audit(url) for _ in range(runs)), key=lambda run: run["performance"])
    chosen = found[len(found) // 2]
    return {**chosen, "performance_runs": [run["performance"] for run in found]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    arguments = parser.parse_args(argv)
    if arguments.runs < 1:
        parser.error("--runs needs a whole number >= 1")
    with tempfile.TemporaryDirectory(prefix="lantern-bench-lighthouse-") as folder:
        workdir = Path(folder)
        with apps.lantern(workdir, lambda url: None) as lantern:
            pages = {path: median_run(lantern.url + path, arguments.runs) for path in PAGES}
        with apps.blank(workdir) as blank:
            blank_page = median_run(blank.url + "/", arguments.runs)
    for path, found in pages.items():
        print(f"{path:<12} performance {found['performance']:>3} {found['performance_runs']}"
              f"  accessibility {found['accessibility']:>3}"
              f"  best practices {found['best_practices']:>3}  lcp {found.get('lcp_ms')} ms"
              f"  tbt {found.get('tbt_ms')} ms  bytes {found.get('transfer_bytes')}")
    print(f"{'blank app /':<12} performance {blank_page['performance']:>3} "
          f"{blank_page['performance_runs']}")
    report = {
        "pages": pages, "blank": blank_page, "runs_per_page": arguments.runs,
        "performance_min": min(found["performance"] for found in pages.values()),
        "accessibility_min": min(found["accessibility"] for found in pages.values()),
        "best_practices_min": min(found["best_practices"] for found in pages.values()),
        "performance_median": statistics.median(found["performance"]
                                                for found in pages.values()),
        "targets": TARGETS,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
