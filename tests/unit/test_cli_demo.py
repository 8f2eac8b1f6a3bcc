"""`make run` loads demo data (public passphrases) only where that is safe (issue 12).

Runs the real `portal` command against a fresh database, as `make run` does.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _portal(instance: Path, public_url: str, *args: str, **extra: str):
    env = {name: value for name, value in os.environ.items()
           if name != "LANTERN_DEMO_ON_PUBLIC_URL"}
    env.update({"LANTERN_INSTANCE_DIR": str(instance),
                "LANTERN_DATABASE_URL": f"sqlite:///{instance / 'lantern.db'}",
                "LANTERN_PUBLIC_URL": public_url, "LANTERN_DEMO_MODE": "1", **extra})
    return subprocess.run([sys.executable, "-m", "portal.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _names(instance: Path) -> set[str]:
    with sqlite3.connect(instance / "lantern.db") as connection:
        return {row[0] for row in connection.execute("SELECT display_name FROM users")}


@pytest.fixture
def instance(tmp_path) -> Path:
    return tmp_path


def test_a_public_url_gets_no_demo_accounts_and_the_operator_learns_how_to_start(instance):
    url = "https://lantern.example.org"
    assert _portal(instance, url, "migrate").returncode == 0
    seeded = _portal(instance, url, "seed-demo")
    assert seeded.returncode == 0  # `make run` goes on serving, without demo data
    assert _names(instance) == set()
    assert "portal create-admin" in seeded.stdout
    assert "LANTERN_DEMO_ON_PUBLIC_URL" in seeded.stderr
    # Once an administrator exists, the hint is not repeated.
    created = _portal(instance, url, "create-admin", "Keeper Ash",
                      "--passphrase", "a long private passphrase")
    assert created.returncode == 0, created.stderr
    again = _portal(instance, url, "seed-demo")
    assert "create-admin" not in again.stdout
    assert _names(instance) == {"Keeper Ash"}


def test_this_machine_gets_demo_data(instance):
    url = "http://localhost:3000"
    assert _portal(instance, url, "migrate").returncode == 0
    seeded = _portal(instance, url, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert {"Admin Owl", "Survivor Luna"} <= _names(instance)


def test_the_explicit_flag_allows_demo_data_on_a_public_url(instance):
    url = "https://demo.example.org"
    assert _portal(instance, url, "migrate").returncode == 0
    seeded = _portal(instance, url, "seed-demo", LANTERN_DEMO_ON_PUBLIC_URL="1")
    assert seeded.returncode == 0, seeded.stderr
    assert "Admin Owl" in _names(instance)
