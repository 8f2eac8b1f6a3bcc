"""Refusals are logged without personal data (THREATS #9): no names, passphrases, codes."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.testclient import TestClient

import portal.db
from tests.factories.accounts import make_user

NAME = "Quiet Fox"
PASSPHRASE = "my very private phrase"
CODE = "ZZZZ-YYYY-XXXX"
PUBLIC = "http://testserver"


def test_refused_account_requests_log_no_personal_data(db_engine, db_session, monkeypatch,
                                                       caplog):
    monkeypatch.setattr(portal.db, "get_engine", lambda: db_engine)
    make_user(db_session, name=NAME)
    from portal.http.mount import ROUTES

    caplog.set_level(logging.DEBUG)
    with TestClient(Starlette(routes=ROUTES), base_url=PUBLIC,
                    headers={"Origin": PUBLIC, "Accept": "application/json"}) as client:
        attempts = [
            ("/auth/sign-in", {"display_name": NAME, "passphrase": PASSPHRASE}),
            ("/auth/sign-up", {"invite_code": CODE, "display_name": NAME,
                               "passphrase": PASSPHRASE, "timezone": "UTC"}),
            ("/auth/recover", {"display_name": NAME, "code": CODE,
                               "new_passphrase": PASSPHRASE}),
        ]
        for path, form in attempts:
            response = client.post(path, data=form)
            assert response.status_code == 400
            assert response.json()["ok"] is False
        forged = client.post("/auth/sign-in", data={"display_name": NAME},
                             headers={"Origin": "http://evil.example"})
        assert forged.status_code == 403
    assert caplog.records, "nothing was logged, so this test would prove nothing"
    for secret in (NAME, NAME.lower(), PASSPHRASE, CODE, "evil.example"):
        assert secret not in caplog.text
