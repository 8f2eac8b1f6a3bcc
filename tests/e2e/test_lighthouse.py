"""Lighthouse's accessibility audit (mobile) scores 100 on the pages a member sees most.

Lighthouse (from the npm registry, pinned in the Makefile) drives its own headless
Debian Chromium against the live production build; signed-in pages are audited with a
real session cookie taken from a browser that signed in through the sign-in form.
Lighthouse's performance figures are not asserted here (they are measured, not tested).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from portal import routes
from tests.e2e.conftest import CHROMIUM, ROOT, sign_in

LIGHTHOUSE = ROOT / ".tools/node_modules/lighthouse/cli/index.js"

VISITOR_PAGES = (routes.HOME, routes.HELP, routes.SAFETY, routes.RESOURCES, routes.SIGN_UP,
                 routes.SIGN_IN)
MEMBER_PAGES = {
    "Survivor Willow": (routes.HOME, routes.MENTORING, routes.CALENDAR, routes.CALENDAR_BOOK,
                        routes.GROUPS, routes.NOTIFICATIONS, routes.ACCOUNT,
                        routes.VOLUNTEER, routes.CALENDAR_MEETINGS),
    "Mentor Sol": (routes.HOME, routes.CALENDAR_AVAILABILITY, routes.MENTORING_DESK),
    "Moderator Heron": (routes.HOME, routes.MODERATION, routes.MODERATION_WORDS),
    "Admin Owl": (routes.HOME, routes.STAFF, routes.MENTORING_STAFF),
    "Coordinator Ash": (routes.HOME, routes.VOLUNTEER_COORDINATE),
}


def accessibility_audit(url: str, cookie: str = "") -> tuple[float, list[str]]:
    """Lighthouse's accessibility score (0..1) for ``url`` and the audits that failed."""
    command = ["node", str(LIGHTHOUSE), url, "--only-categories=accessibility",
               "--output=json", "--output-path=stdout", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    done = subprocess.run(command, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    # A signed-in page that sent Lighthouse to the sign-in page would audit the wrong page.
    assert report["finalDisplayedUrl"].rstrip("/") == url.rstrip("/"), \
        report["finalDisplayedUrl"]
    failed = [audit_id for audit_id, audit in report["audits"].items()
              if audit.get("score") == 0 and audit.get("scoreDisplayMode") == "binary"]
    return report["categories"]["accessibility"]["score"], failed


def scores_below_full(app_url: str, pages, cookie: str = "") -> dict[str, object]:
    low = {}
    for path in pages:
        score, failed = accessibility_audit(app_url + path, cookie)
        if score < 1:
            low[path] = {"score": score, "failed": failed}
    return low


def test_visitor_pages_score_100_for_accessibility(live_app):
    assert scores_below_full(live_app.url, VISITOR_PAGES) == {}


@pytest.mark.parametrize("member", sorted(MEMBER_PAGES))
def test_signed_in_pages_score_100_for_accessibility(visit, member):
    sign_in(visit, member)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in visit.page.context.cookies())
    assert scores_below_full(visit.app.url, MEMBER_PAGES[member], cookie) == {}


def test_a_group_thread_scores_100_for_accessibility(visit):
    """The page where members spend their time: a demo thread with replies, reactions
    and the reply form, as Willow sees it."""
    from sqlalchemy import select

    from portal.models.groups import GroupThread
    from tests.e2e.conftest import app_database

    with app_database(visit.app) as session:
        thread_id = session.execute(select(GroupThread.id).where(
            GroupThread.title == "A heavy day")).scalar_one()
    sign_in(visit, "Survivor Willow")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in visit.page.context.cookies())
    # The address the page settles on (the app adds the slash before the query).
    page = f"{routes.GROUP_THREAD}/?id={thread_id}"
    assert scores_below_full(visit.app.url, [page], cookie) == {}
