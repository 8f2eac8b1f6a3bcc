"""Start a Reflex app exactly as `make run` does, for the browser tests and the benchmarks.

`reflex run --env prod --single-port` on a free port, in its own process group (so
stopping it stops the whole tree), with Lantern's settings pointing at an instance
folder of its own. No pytest here: ``bench/protocol.py`` uses the same helpers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSPHRASE = "lantern demo passphrase"
SESSION_COOKIE = "lantern_session"
# Settings a started app must not inherit from the shell that started it.
_NOT_INHERITED = ("LANTERN_SECRET_KEY", "REFLEX_REDIS_URL", "LANTERN_REDIS_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(instance: Path, url: str, *, quick_exit_url: str,
            extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """Lantern's settings for one started app: its own folder, SQLite file and origin
    (``extra_env`` may swap in PostgreSQL, Redis and workers)."""
    env = {
        **os.environ,
        "LANTERN_INSTANCE_DIR": str(instance),
        "LANTERN_DATABASE_URL": f"sqlite:///{instance / 'lantern.db'}",
        "LANTERN_PUBLIC_URL": url,
        "LANTERN_QUICK_EXIT_URL": quick_exit_url,
        "LANTERN_DEMO_MODE": "1",
        # Every client signs in from 127.0.0.1; throttling has its own tests.
        "LANTERN_SIGN_IN_LIMIT_PER_IP": "10000",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        **(extra_env or {}),
    }
    for name in _NOT_INHERITED:
        if name not in (extra_env or {}):
            env.pop(name, None)
    return env


def portal_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "portal.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


def start_reflex(app_dir: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`reflex run --env prod --single-port` in ``app_dir``, output to ``log``."""
    with log.open("w") as log_file:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod",
             "--single-port", "--backend-host", "127.0.0.1", "--frontend-port", str(port),
             "--backend-port", str(port), "--loglevel", "info"],
            cwd=app_dir, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True)


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/_health", timeout=2) as response:
                if json.loads(response.read()).get("status"):
                    # The health route answers before the page build is served.
                    with urllib.request.urlopen(url + "/", timeout=2) as page:
                        if page.status == 200:
                            return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the app did not start in {timeout} s:\n{log.read_text()[-4000:]}")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def stop_process_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the app's whole process group (`reflex run` exits before its server
    workers do), then wait until every process of the group is gone; SIGKILL if any
    lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()  # reaps the leader, so only the workers keep the group alive
        if not _group_alive(process.pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def sign_in_over_http(url: str, name: str, passphrase: str = DEMO_PASSPHRASE) -> str:
    """Signs in through the real sign-in route; returns the session cookie's value."""
    body = urllib.parse.urlencode({"display_name": name, "passphrase": passphrase}).encode()
    request = urllib.request.Request(url + "/auth/sign-in", data=body, method="POST",
                                     headers={"Origin": url, "Accept": "application/json"})
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["set-cookie"]
    return cookie.split(";")[0].split("=", 1)[1]
