"""Settings come from the environment, with safe defaults and a generated secret key."""

from __future__ import annotations

import importlib

import pytest

from portal import settings as settings_module


@pytest.fixture
def fresh_env(monkeypatch, tmp_path):
    for name in ("LANTERN_DATABASE_URL", "REFLEX_DB_URL", "LANTERN_REDIS_URL", "REFLEX_REDIS_URL",
                 "LANTERN_SECRET_KEY", "LANTERN_DEMO_MODE", "LANTERN_PUBLIC_URL",
                 "LANTERN_QUICK_EXIT_URL", "LANTERN_SESSION_IDLE_MINUTES",
                 "LANTERN_DEMO_ON_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(settings_module, "INSTANCE_DIR", tmp_path)
    return tmp_path


def test_defaults_are_an_sqlite_file_no_redis_and_demo_off(fresh_env):
    settings = settings_module.load_settings()
    assert settings.database_url == f"sqlite:///{fresh_env / 'lantern.db'}"
    assert settings.redis_url is None
    assert settings.demo_mode is False
    assert settings.public_url == "http://localhost:3000"
    assert settings.session_idle_minutes == 30 and settings.session_absolute_hours == 12
    assert settings.quick_exit_url.startswith("https://")
    assert not settings.oidc_enabled


def test_secret_key_is_generated_once_into_a_private_file(fresh_env):
    first = settings_module.load_settings().secret_key
    second = settings_module.load_settings().secret_key
    key_file = fresh_env / "secret_key"
    assert first == second and len(first) >= 40
    assert key_file.stat().st_mode & 0o077 == 0


def test_environment_overrides_every_setting(fresh_env, monkeypatch):
    monkeypatch.setenv("LANTERN_DATABASE_URL", "postgresql://u@db/lantern")
    monkeypatch.setenv("LANTERN_REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("LANTERN_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("LANTERN_DEMO_MODE", "yes")
    monkeypatch.setenv("LANTERN_PUBLIC_URL", "https://lantern.example.org/")
    monkeypatch.setenv("LANTERN_SESSION_IDLE_MINUTES", "15")
    settings = settings_module.load_settings()
    assert settings.database_url == "postgresql://u@db/lantern"
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.secret_key == "k" * 50
    assert settings.demo_mode is True
    assert settings.uses_https and settings.public_origin == "https://lantern.example.org"
    assert settings.session_idle_minutes == 15
    assert not (fresh_env / "secret_key").exists()


def test_nonsense_numbers_are_refused(fresh_env, monkeypatch):
    monkeypatch.setenv("LANTERN_SESSION_IDLE_MINUTES", "-5")
    with pytest.raises(ValueError, match="LANTERN_SESSION_IDLE_MINUTES"):
        settings_module.load_settings()


def test_evidence_is_kept_a_year_by_default_and_the_period_is_a_setting(fresh_env,
                                                                         monkeypatch):
    monkeypatch.delenv("LANTERN_EVIDENCE_RETENTION_DAYS", raising=False)
    assert settings_module.load_settings().evidence_retention_days == 365
    monkeypatch.setenv("LANTERN_EVIDENCE_RETENTION_DAYS", "730")
    assert settings_module.load_settings().evidence_retention_days == 730
    monkeypatch.setenv("LANTERN_EVIDENCE_RETENTION_DAYS", "0")
    with pytest.raises(ValueError, match="LANTERN_EVIDENCE_RETENTION_DAYS"):
        settings_module.load_settings()


def test_reflex_config_keeps_telemetry_off_and_origins_explicit():
    rxconfig = importlib.import_module("rxconfig")
    config = rxconfig.config
    assert config.telemetry_enabled is False
    assert config.show_built_with_reflex is False
    assert "*" not in config.cors_allowed_origins
    assert config.state_auto_setters is False


@pytest.mark.parametrize(("public_url", "allowed"), [
    ("http://localhost:3000", True),
    ("http://127.0.0.1:8123", True),
    ("http://[::1]:3000/", True),
    ("https://lantern.example.org", False),
    ("http://192.168.1.20:3000", False),
    ("http://localhost.example.org", False),
])
def test_demo_data_is_allowed_only_on_this_machine(fresh_env, monkeypatch, public_url, allowed):
    monkeypatch.setenv("LANTERN_DEMO_MODE", "1")
    monkeypatch.setenv("LANTERN_PUBLIC_URL", public_url)
    assert settings_module.load_settings().demo_data_allowed is allowed


def test_demo_data_elsewhere_needs_the_explicit_flag(fresh_env, monkeypatch):
    monkeypatch.setenv("LANTERN_PUBLIC_URL", "https://lantern.example.org")
    monkeypatch.setenv("LANTERN_DEMO_ON_PUBLIC_URL", "1")
    assert settings_module.load_settings().demo_data_allowed is False  # demo mode is off
    monkeypatch.setenv("LANTERN_DEMO_MODE", "1")
    assert settings_module.load_settings().demo_data_allowed is True


def test_crisis_lines_are_the_united_states_unless_the_deployment_chooses(fresh_env,
                                                                          monkeypatch):
    monkeypatch.delenv("LANTERN_CRISIS_COUNTRY", raising=False)
    assert settings_module.load_settings().crisis_country == "US"
    monkeypatch.setenv("LANTERN_CRISIS_COUNTRY", "gb")
    assert settings_module.load_settings().crisis_country == "GB"
    monkeypatch.setenv("LANTERN_CRISIS_COUNTRY", "Atlantis")
    with pytest.raises(ValueError, match="LANTERN_CRISIS_COUNTRY"):
        settings_module.load_settings()


@pytest.mark.parametrize("redis_url, oplock", [("redis://127.0.0.1:6379/0", "True"),
                                               ("", "False")])
def test_redis_state_uses_reflexs_opportunistic_locks(tmp_path, redis_url, oplock):
    """On the scale-out path a worker keeps its tabs' state between their events (Reflex's
    ``REFLEX_OPLOCK_ENABLED``); on one worker (memory state) there is nothing to lock."""
    import os
    import subprocess
    import sys

    env = {name: value for name, value in os.environ.items()
           if name not in ("REFLEX_OPLOCK_ENABLED", "LANTERN_REDIS_URL", "REFLEX_REDIS_URL")}
    env.update({"REFLEX_REDIS_URL": redis_url, "LANTERN_INSTANCE_DIR": str(tmp_path)})
    shown = subprocess.run(
        [sys.executable, "-c", "import rxconfig\n"
         "from reflex_base.environment import environment\n"
         "print(environment.REFLEX_OPLOCK_ENABLED.get())"],
        cwd=settings_module.PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.split()[-1] == oplock
