"""Staff sign-in through a real local OpenID Connect provider (oidc-provider-mock).

The provider runs in a thread; our Starlette routes run in a test client; the only
thing between them is HTTP, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

import portal.db
from portal.auth.cookies import SESSION_COOKIE
from portal.services.accounts import members as accounts
from portal.settings import get_settings
from tests.factories.accounts import make_user

PUBLIC_URL = "http://testserver"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_client(provider, db_engine, monkeypatch) -> Iterator[TestClient]:
    monkeypatch.setenv("LANTERN_OIDC_ISSUER", provider)
    monkeypatch.setenv("LANTERN_OIDC_CLIENT_ID", "lantern-test")
    monkeypatch.setenv("LANTERN_OIDC_CLIENT_SECRET", "lantern-test-secret")
    monkeypatch.setenv("LANTERN_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    get_settings.cache_clear()
    from portal.http.mount import ROUTES

    with TestClient(Starlette(routes=ROUTES), base_url=PUBLIC_URL) as client:
        yield client
    get_settings.cache_clear()


def set_claims(provider: str, sub: str, **claims) -> None:
    response = httpx.put(f"{provider}/users/{quote(sub)}", json=claims)
    assert response.status_code == 204


def log_in_at_provider(client: TestClient, sub: str) -> httpx.Response:
    start = client.get("/auth/oidc/start", follow_redirects=False)
    assert start.status_code in (302, 303, 307)
    authorize_url = start.headers["location"]
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == [PUBLIC_URL + "/auth/oidc/callback"]
    consent = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False)
    callback = consent.headers["location"]
    assert callback.startswith(PUBLIC_URL + "/auth/oidc/callback")
    return client.get(callback.removeprefix(PUBLIC_URL), follow_redirects=False)


def test_verified_staff_email_signs_in_with_a_safe_cookie(oidc_client, provider, db_session):
    staff = make_user(db_session, name="Staff Heron", roles=("moderator",),
                      email="heron@partner.org")
    set_claims(provider, "heron-1", email="heron@partner.org", email_verified=True)
    response = log_in_at_provider(oidc_client, "heron-1")
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie
    token = response.cookies[SESSION_COOKIE]
    viewer = accounts.resolve_session(session=db_session, token=token)
    assert viewer is not None and viewer.id == staff.id


def test_unverified_email_is_refused(oidc_client, provider, db_session):
    make_user(db_session, name="Staff Heron", roles=("moderator",), email="heron@partner.org")
    set_claims(provider, "heron-2", email="heron@partner.org", email_verified=False)
    response = log_in_at_provider(oidc_client, "heron-2")
    assert response.headers["location"] == "/sign-in?error=auth.oidc_unverified"
    assert SESSION_COOKIE not in response.cookies


def test_members_and_strangers_never_get_staff_accounts(oidc_client, provider, db_session):
    make_user(db_session, name="Member Wren", roles=("survivor",), email="wren@partner.org")
    for sub, email in (("wren-1", "wren@partner.org"), ("stranger-1", "new@partner.org")):
        set_claims(provider, sub, email=email, email_verified=True)
        response = log_in_at_provider(oidc_client, sub)
        assert response.headers["location"] == "/sign-in?error=auth.oidc_no_staff_account"
        assert SESSION_COOKIE not in response.cookies
    assert accounts._find_by_name(db_session, "new@partner.org") is None


def test_a_callback_without_this_browsers_state_is_refused(oidc_client, provider, db_session):
    make_user(db_session, name="Staff Heron", roles=("moderator",), email="heron@partner.org")
    set_claims(provider, "heron-3", email="heron@partner.org", email_verified=True)
    start = oidc_client.get("/auth/oidc/start", follow_redirects=False)
    consent = httpx.post(start.headers["location"], data={"sub": "heron-3"},
                         follow_redirects=False)
    callback = consent.headers["location"].removeprefix(PUBLIC_URL)
    # Another browser (no state cookie) replays the callback.
    with TestClient(oidc_client.app, base_url=PUBLIC_URL) as stranger:
        response = stranger.get(callback, follow_redirects=False)
    assert response.headers["location"] == "/sign-in?error=auth.oidc_failed"
    assert SESSION_COOKIE not in response.cookies


def test_oidc_is_off_when_not_configured(db_engine, monkeypatch):
    monkeypatch.delenv("LANTERN_OIDC_ISSUER", raising=False)
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    get_settings.cache_clear()
    from portal.http.mount import ROUTES

    with TestClient(Starlette(routes=ROUTES), base_url=PUBLIC_URL) as client:
        response = client.get("/auth/oidc/start", follow_redirects=False)
    get_settings.cache_clear()
    assert response.headers["location"] == "/sign-in"
