"""Start and stop the apps the protocol benchmark talks to, exactly as `make run` serves.

- Lantern on one worker: SQLite and memory state (``make run``);
- Lantern scaled out: PostgreSQL (a database of its own, dropped afterwards), Redis
  state (a database number of its own, emptied before and after) and 2 workers;
- the blank counter app in ``bench/blank_app`` (same Reflex, prod, single port).

Every app runs in its own process group and is stopped on the way out, error or not.
A build folder is used by one app at a time: the same ``.web.lock`` the browser tests
take guards Lantern's, and the blank app has its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.e2e.live_server import (
    ROOT,
    app_env,
    free_port,
    portal_cli,
    start_reflex,
    stop_process_group,
    wait_until_healthy,
)

BLANK_DIR = ROOT / "bench" / "blank_app"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"  # a database number of its own
BENCH_DATABASE = "lantern_bench_protocol"
START_TIMEOUT = 900  # a first prod build on a loaded 2-core machine


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    env: dict[str, str]
    # What the built page sends with its first hydrate: the hashes of the compiled
    # initial state (the server then sends only what differs from it).
    hashes: list[str]
    # The `reflex run` process: it leads the process group of the server and its workers.
    pid: int = 0


def initial_state_hashes(app_dir: Path) -> list[str]:
    context = app_dir / ".web" / "utils" / "context.jsx"
    found = re.search(r"export const initialStateHashes = (\[.*?\])", context.read_text())
    return json.loads(found.group(1)) if found else []


def _build_env() -> dict[str, str]:
    """What a Reflex build needs from the shell: the configured npm registry
    (BUILD-NOTES.md), and no telemetry or update checks."""
    env = {"REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_CHECK_LATEST_VERSION": "false",
           "NEXT_TELEMETRY_DISABLED": "1"}
    if "NPM_CONFIG_REGISTRY" not in os.environ and shutil.which("npm"):
        registry = subprocess.run(["npm", "config", "get", "registry"],  # noqa: S607
                                  capture_output=True, text=True, check=False).stdout.strip()
        if registry:
            env["NPM_CONFIG_REGISTRY"] = registry
    return env


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    with (folder / ".web.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _serving(app_dir: Path, port: int, env: dict[str, str], log: Path) -> Iterator[int]:
    process = start_reflex(app_dir, port, env, log)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, log, timeout=START_TIMEOUT)
        yield process.pid
    except BaseException:
        # The log lives in a temporary folder: show its end before it goes.
        print(f"--- the end of {log.name} ({app_dir.name}):\n{log.read_text()[-6000:]}",
              file=sys.stderr)
        raise
    finally:
        stop_process_group(process)


@contextlib.contextmanager
def lantern(workdir: Path, prepare: Callable[[str], object], *,
            extra_env: dict[str, str] | None = None) -> Iterator[Served]:
    """Lantern with its database migrated, the demo seeded and ``prepare(database_url)``
    run before it starts."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    instance = workdir / f"lantern-{port}"
    instance.mkdir(parents=True)
    env = app_env(instance, url, quick_exit_url=url + "/help",
                  extra_env={**_build_env(), **(extra_env or {})})
    portal_cli(env, "migrate")
    portal_cli(env, "seed-demo")
    prepare(env["LANTERN_DATABASE_URL"])
    with _build_lock(ROOT), _serving(ROOT, port, env, instance / "server.log") as pid:
        yield Served(url=url, port=port, env=env, hashes=initial_state_hashes(ROOT), pid=pid)


@contextlib.contextmanager
def blank(workdir: Path) -> Iterator[Served]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **_build_env(), "BLANK_PUBLIC_URL": url}
    for name in [name for name in env if name.startswith("LANTERN_")] + ["REFLEX_REDIS_URL"]:
        env.pop(name, None)
    with _build_lock(BLANK_DIR), _serving(BLANK_DIR, port, env, workdir / "blank.log") as pid:
        yield Served(url=url, port=port, env=env, hashes=initial_state_hashes(BLANK_DIR),
                     pid=pid)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@contextlib.contextmanager
def scale_out_services() -> Iterator[dict[str, str]]:
    """A PostgreSQL database and a Redis database of the benchmark's own, dropped and
    emptied afterwards; yields the settings that run Lantern on them with 2 workers."""
    import psycopg
    import redis

    admin_url = os.environ.get("LANTERN_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    redis_url = os.environ.get("LANTERN_BENCH_REDIS_URL") or DEFAULT_REDIS_URL

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")

    drop()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    try:
        yield {"LANTERN_DATABASE_URL": _with_database(admin_url, BENCH_DATABASE),
               "REFLEX_REDIS_URL": redis_url, "GRANIAN_WORKERS": "2"}
    finally:
        store.flushdb()
        store.close()
        drop()
