"""Account pages: recovery codes after sign-up, preferences."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.i18n import translate_count
from portal.services import accounts
from portal.services.accounts import Viewer
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import MAX_TEXT, form_of, text

PASSPHRASE_LIMIT = 1024
TIMEZONE_LIMIT = 64
# At or below this many codes left, the Account page suggests making new ones.
FEW_CODES_LEFT = 3


def _first_codes(*, session, actor) -> tuple[list[str], bool]:
    """The sign-up codes (once), and whether the member has any codes left at all."""
    codes = accounts.issue_first_recovery_codes(session=session, actor=actor)
    return codes, bool(codes) or accounts.has_unused_recovery_codes(session=session, actor=actor)


class RecoveryCodesState(AppState):
    """Shows new recovery codes once. They are dropped from state when the member is done.

    The first codes come right after sign-up; any later ones need the passphrase, which
    this state only passes on to the service (THREATS #15).
    """

    codes: list[str] = []
    has_codes: bool = False
    _message_place: ClassVar[str] = "codes"

    def _show_first_codes(self, found: tuple[list[str], bool]) -> None:
        self.codes, self.has_codes = found

    def _show_new_codes(self, codes: list[str]) -> None:
        self.codes, self.has_codes = codes, True
        self._clear_message()

    @rx.event
    def load_welcome(self):
        self.codes, self.has_codes = [], False
        self._clear_message()
        self._clear_message(at="codes_copy")
        return self._perform(_first_codes, then=self._show_first_codes)

    @rx.event
    def make_new_codes(self, form_data: dict):
        self.codes = []
        self._clear_message(at="codes_copy")
        passphrase = text(form_of(form_data).get("passphrase"), PASSPHRASE_LIMIT)
        signed_out = self._perform(accounts.issue_recovery_codes, passphrase=passphrase,
                                   then=self._show_new_codes)
        if signed_out is not None:
            self.has_codes = False
            return signed_out
        # Made or refused, the typed passphrase leaves the screen.
        return rx.set_value("codes-passphrase", "")

    @rx.event
    def codes_copied(self):
        # No viewer needed: the browser copied the codes it shows; this only says so.
        if self.codes:
            self._show_message(self._t("welcome.copied"), at="codes_copy")
        else:
            self._clear_message(at="codes_copy")

    @rx.event
    def finish_codes(self):
        # No viewer needed: it only forgets the codes shown and goes home.
        self.codes = []
        self._clear_message(at="codes_copy")
        return rx.redirect(routes.HOME, replace=True)


class AccountState(AppState):
    timezone: str = ""
    keep_session_on_quick_exit: bool = False
    codes_left: str = ""
    codes_low: bool = False
    _message_place: ClassVar[str] = "account"

    def _show_account(self, viewer: Viewer) -> None:
        self.timezone = viewer.timezone
        self._clear_message()
        self._clear_message(at="quick_exit")
        with open_session() as session:
            self.keep_session_on_quick_exit = accounts.quick_exit_keeps_session(
                session=session, actor=viewer.actor)
            left = accounts.count_unused_recovery_codes(session=session, actor=viewer.actor)
        self.codes_left = (self._t("account.codes_none_left") if left == 0 else
                           translate_count(self.lang, "account.codes_left", left))
        self.codes_low = 0 < left <= FEW_CODES_LEFT

    @rx.event
    def load_account(self):
        return self._load(self._show_account)

    def _quick_exit_saved(self, keep: bool) -> None:
        self.keep_session_on_quick_exit = keep
        self._show_message(self._t("account.saved"), "ok", at="quick_exit")

    def _quick_exit_refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="quick_exit")

    @rx.event
    def set_quick_exit_choice(self, keep: object):
        """Stay signed in after a quick exit (True) or be signed out (False, the default)."""
        return self._perform(accounts.set_quick_exit_keeps_session, keep=keep,
                             then=self._quick_exit_saved, refused=self._quick_exit_refused)

    @rx.event
    def save_timezone(self, form_data: dict):
        timezone = text(form_of(form_data).get("timezone"), MAX_TEXT)

        def show(_: None) -> None:
            self.timezone = timezone
        return self._perform(accounts.set_timezone, timezone=timezone, then=show,
                             done="account.saved")

    @rx.event
    def set_timezone_choice(self, timezone: str):
        # No viewer needed: only what the select shows; nothing is saved until submitted.
        self.timezone = text(timezone, TIMEZONE_LIMIT)
