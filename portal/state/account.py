"""Account pages: recovery codes after sign-up, preferences."""

from __future__ import annotations

import reflex as rx

from portal.db import open_session
from portal.services import accounts
from portal.services.errors import ServiceError
from portal.state.base import AppState


class RecoveryCodesState(AppState):
    """Shows new recovery codes once. They are dropped from state when the member is done.

    The first codes come right after sign-up; any later ones need the passphrase, which
    this state only passes on to the service (THREATS #15).
    """

    codes: list[str] = []
    has_codes: bool = False
    codes_message: str = ""

    @rx.event
    def load_welcome(self):
        viewer = self._viewer()
        self.codes = []
        self.codes_message = ""
        if viewer is None:
            self.has_codes = False
            return rx.redirect("/sign-in", replace=True)
        with open_session() as session:
            self.codes = accounts.issue_first_recovery_codes(session=session,
                                                             actor=viewer.actor)
            self.has_codes = bool(self.codes) or accounts.has_unused_recovery_codes(
                session=session, actor=viewer.actor)
        return None

    @rx.event
    def make_new_codes(self, form_data: dict):
        viewer = self._viewer()
        self.codes = []
        if viewer is None:
            self.has_codes = False
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        passphrase = str(form.get("passphrase") or "")[:1024]
        try:
            with open_session() as session:
                self.codes = accounts.issue_recovery_codes(session=session, actor=viewer.actor,
                                                           passphrase=passphrase)
            self.has_codes = True
            self.codes_message = ""
        except ServiceError as error:
            self.codes_message = self._t(error.code, **error.params)
        return rx.set_value("codes-passphrase", "")

    @rx.event
    def finish_codes(self):
        self.codes = []
        return rx.redirect("/", replace=True)


class AccountState(AppState):
    timezone: str = ""
    account_message: str = ""
    keep_session_on_quick_exit: bool = False
    quick_exit_message: str = ""

    @rx.event
    def load_account(self):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        self.timezone = viewer.timezone
        self.account_message = ""
        self.quick_exit_message = ""
        with open_session() as session:
            self.keep_session_on_quick_exit = accounts.quick_exit_keeps_session(
                session=session, actor=viewer.actor)

    @rx.event
    def set_quick_exit_choice(self, keep: object):
        """Stay signed in after a quick exit (True) or be signed out (False, the default)."""
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                self.keep_session_on_quick_exit = accounts.set_quick_exit_keeps_session(
                    session=session, actor=viewer.actor, keep=keep)
            self.quick_exit_message = self._t("account.saved")
        except ServiceError as error:
            self.quick_exit_message = self._t(error.code, **error.params)
        return None

    @rx.event
    def save_timezone(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                accounts.set_timezone(session=session, actor=viewer.actor,
                                      timezone=str(form_data.get("timezone", "")))
            self.timezone = str(form_data.get("timezone", ""))
            self.account_message = self._t("account.saved")
        except ServiceError as error:
            self.account_message = self._t(error.code, **error.params)

    @rx.event
    def set_timezone_choice(self, timezone: str):
        # Only what the select shows; nothing is saved until the form is submitted.
        self.timezone = str(timezone)[:64]
