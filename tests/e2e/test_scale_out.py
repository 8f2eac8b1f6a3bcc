"""The scale-out path, for real: PostgreSQL, Redis state, two web workers.

Runs last among the browser tests (marked ``run_last``: it replaces the default app while
it runs).
"""

from __future__ import annotations

import pickle

import psycopg
import pytest
import redis
from playwright.sync_api import expect

from portal import routes
from tests.conftest import POSTGRES_URL, REDIS_URL
from tests.e2e.conftest import Visit, open_visit, sign_in
from tests.e2e.test_state_privacy import add_message_from_sol, replay_without_cookie_gets_nothing

E2E_DATABASE = "lantern_e2e"

pytestmark = pytest.mark.run_last


@pytest.fixture(scope="module")
def scaled_app(app_server):
    if not (POSTGRES_URL and REDIS_URL):
        pytest.skip("set LANTERN_TEST_POSTGRES_URL and LANTERN_TEST_REDIS_URL for scale-out")
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {E2E_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {E2E_DATABASE}")
    database_url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + E2E_DATABASE
    redis.Redis.from_url(REDIS_URL).flushdb()
    app = app_server.ensure("scaled", {
        "LANTERN_DATABASE_URL": database_url,
        "REFLEX_REDIS_URL": REDIS_URL,
        "GRANIAN_WORKERS": "2",
    })
    yield app
    app_server.stop()


def test_pages_sign_in_and_state_work_with_postgres_redis_and_two_workers(browser, scaled_app):
    visit: Visit = open_visit(browser, scaled_app)
    try:
        visit.go("/")
        visit.page.click("button.lang-toggle")
        visit.page.wait_for_selector("h1:has-text('Te damos la bienvenida a Lantern')")
        sign_in(visit, "Survivor Willow")
        assert "Survivor Willow" in visit.page.inner_text("main")
        visit.page.reload()
        visit.wait_ready()
        assert "Survivor Willow" in visit.page.inner_text("main")
        assert visit.foreign_requests() == []
    finally:
        visit.page.context.close()
    state_keys = redis.Redis.from_url(REDIS_URL).keys("*")
    assert state_keys, "Reflex kept no state in Redis"


def test_state_on_redis_belongs_to_its_viewer_and_expires(scaled_app):
    """The same replay as tests/e2e/test_state_privacy.py, on Redis with two workers,
    and every state key in Redis carries the short expiry (nothing kept for good)."""
    replay_without_cookie_gets_nothing(scaled_app, add_message_from_sol(scaled_app))
    store = redis.Redis.from_url(REDIS_URL)
    ttls = [store.ttl(key) for key in store.keys("*") if store.type(key) != b"none"]
    assert ttls and all(0 < ttl <= 1800 for ttl in ttls if ttl != -2), ttls


def worker_of_page(page) -> str:
    """Which worker holds this tab's socket, from Reflex's own token record in Redis."""
    token = page.evaluate("() => window.sessionStorage.getItem('token')")
    record = redis.Redis.from_url(REDIS_URL).get(f"token_manager_socket_record_{token}")
    return pickle.loads(record).instance_id if record else ""  # noqa: S301 (Reflex's own)


def test_a_message_reaches_a_tab_held_by_the_other_worker(browser, scaled_app):
    """Issue 15 on the scale-out path: Sol's socket on one worker, Luna's on the other
    (opened again until it lands there); his message reaches her open thread through
    Redis pub/sub without a reload."""
    match_id = add_message_from_sol(scaled_app)
    href = routes.mentoring_messages(match_id)
    sol, luna = open_visit(browser, scaled_app), open_visit(browser, scaled_app)
    try:
        sign_in(sol, "Mentor Sol")
        sol.go(href)
        sign_in(luna, "Survivor Luna")
        page, sol_worker = luna.page, worker_of_page(sol.page)
        assert sol_worker
        for _ in range(12):
            page.goto(scaled_app.url + href)
            page.wait_for_selector(".app[data-loaded='true']", timeout=20000)
            if worker_of_page(page) not in ("", sol_worker):
                break
            page = luna.page.context.new_page()
        assert worker_of_page(page) not in ("", sol_worker), "both tabs on one worker"

        body = "Hola Luna, te escribo desde el otro lado."
        form = sol.page.locator("#compose-form")
        form.locator("textarea[name=body]").fill(body)
        form.locator("button[type=submit]").click()
        expect(page.locator("#messages")).to_contain_text(body, timeout=15000)
    finally:
        sol.page.context.close()
        luna.page.context.close()
