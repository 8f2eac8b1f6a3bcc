"""Browser tests drive the real production build in headless Chromium at 390x844.

The app is started exactly as `make run` starts it (`reflex run --env prod
--single-port`), on a free port, with its own database and demo data, so the tests
see the same single origin, headers and build a deployment serves. (Reflex's
AppHarnessProd serves the frontend from a second port, which would hide origin and
header mistakes.) A tiny local "weather" site stands in for the quick-exit target.
"""

from __future__ import annotations

import fcntl
import http.server
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.live_server import (  # noqa: F401 (DEMO_PASSPHRASE: for the tests)
    DEMO_PASSPHRASE,
    ROOT,
    app_env,
    free_port,
    portal_cli,
    start_reflex,
    stop_process_group,
    wait_until_healthy,
)

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".tools/node_modules/axe-core/axe.min.js"
OUTPUT = ROOT / "test-output"
VIEWPORT = {"width": 390, "height": 844}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-default-apps"]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``run_last`` (they replace the shared app server) run after all others,
    whatever their file is called; the order is otherwise unchanged (the sort is stable)."""
    items.sort(key=lambda item: item.get_closest_marker("run_last") is not None)


class _WeatherPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = b"<!doctype html><title>Weather</title><h1>Today: sunny, 21 C</h1>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@dataclass
class LiveApp:
    url: str
    weather_url: str
    instance_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str) -> str:
        return portal_cli(self.env, *args)


@pytest.fixture(scope="session")
def weather_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _WeatherPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/weather"
    server.shutdown()


class AppServer:
    """Runs one configuration of the app at a time (they share the .web build folder)."""

    def __init__(self, tmp_path_factory, weather_url: str) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.weather_url = weather_url
        self.current: tuple[str, LiveApp, subprocess.Popen] | None = None
        # One build at a time in .web: a second test run on this checkout waits here.
        self.build_lock = (ROOT / ".web.lock").open("w")
        fcntl.flock(self.build_lock, fcntl.LOCK_EX)

    def ensure(self, kind: str, extra_env: dict[str, str] | None = None) -> LiveApp:
        if self.current and self.current[0] == kind:
            return self.current[1]
        self.stop()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        instance = self.tmp_path_factory.mktemp(f"live-{kind}")
        env = app_env(instance, url, quick_exit_url=self.weather_url, extra_env=extra_env)
        app = LiveApp(url=url, weather_url=self.weather_url, instance_dir=instance, env=env)
        app.cli("migrate")
        app.cli("seed-demo")
        log = instance / "server.log"
        process = start_reflex(ROOT, port, env, log)
        self.current = (kind, app, process)
        wait_until_healthy(url, process, log, timeout=240)
        return app

    def stop(self) -> None:
        if self.current is None:
            return
        process = self.current[2]
        self.current = None
        stop_process_group(process)

    def close(self) -> None:
        self.stop()
        fcntl.flock(self.build_lock, fcntl.LOCK_UN)
        self.build_lock.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, weather_site: str) -> Iterator[AppServer]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Browser tests need /usr/bin/chromium (make test installs it).")
    server = AppServer(tmp_path_factory, weather_site)
    yield server
    server.close()


@pytest.fixture
def live_app(app_server: AppServer) -> LiveApp:
    """The app as `make run` serves it: SQLite, the disk state manager, one worker."""
    return app_server.ensure("default")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A phone-sized browser tab that records every request and console error."""

    page: object
    app: LiveApp
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.app.url + path)
        self.wait_ready()

    def wait_ready(self) -> None:
        # The shell marks itself once the socket is up and the page's load event ran.
        self.page.wait_for_selector(".app[data-loaded='true']", timeout=20000)
        self.page.wait_for_load_state("networkidle")

    def wait_for_path(self, path: str, timeout: int = 20000) -> None:
        """Static routes answer with a trailing slash: accept both spellings."""
        pattern = re.compile(re.escape(self.app.url + path.rstrip("/")) + r"/?(\?.*)?$")
        self.page.wait_for_url(pattern, timeout=timeout)

    def foreign_requests(self) -> list[str]:
        allowed = (self.app.url, self.app.weather_url, "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(allowed)]


def open_visit(browser, app: LiveApp, *, bypass_csp: bool = False) -> Visit:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1,
                                  bypass_csp=bypass_csp, is_mobile=True, has_touch=True)
    page = context.new_page()
    visit = Visit(page=page, app=app)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: message.type == "error"
            and visit.console_errors.append(message.text))
    return visit


@pytest.fixture
def visit(browser, live_app) -> Iterator[Visit]:
    """A tab with the app's real Content-Security-Policy in force."""
    current = open_visit(browser, live_app)
    yield current
    current.page.context.close()


@pytest.fixture
def audited_visit(browser, live_app) -> Iterator[Visit]:
    """A tab that may inject axe-core (CSP bypassed for that script only)."""
    current = open_visit(browser, live_app, bypass_csp=True)
    yield current
    current.page.context.close()


def serious_accessibility_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def sign_in(visit: Visit, name: str, passphrase: str = DEMO_PASSPHRASE) -> None:
    visit.go("/sign-in")
    visit.page.fill("#field-display_name", name)
    visit.page.fill("#field-passphrase", passphrase)
    visit.page.click("#sign-in-form button[type=submit]")
    visit.wait_for_path("/")
    visit.wait_ready()


def active_match_id(session, survivor, mentor) -> int:
    """The pair's active mentorship: the demo's own, or a new one when an earlier browser
    test (one that ends a mentorship on purpose) has ended it."""
    from portal.services import mentoring
    from tests.factories.mentoring import make_match

    match = mentoring.active_match_between(session, survivor.id, mentor.id)
    return match.id if match is not None else make_match(session, survivor, mentor).id


@pytest.fixture
def tabs(browser, live_app):
    """Open as many phone tabs as a test needs; each is a separate browser profile."""
    opened = []

    def open_tab(*, audited: bool = False):
        # audited: axe-core may be injected (the app's CSP rightly refuses it otherwise)
        tab = open_visit(browser, live_app, bypass_csp=audited)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.page.context.close()


@contextmanager
def app_database(app: LiveApp):
    """The live app's own database, for setting the scene and checking the outcome."""
    from sqlmodel import Session

    from portal.db import make_engine

    engine = make_engine(app.env["LANTERN_DATABASE_URL"])
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
