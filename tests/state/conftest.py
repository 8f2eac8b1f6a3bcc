"""Handler tests share the state-calling fixtures of the security suite."""

from tests.security.conftest import app_db  # noqa: F401 (a fixture)
