"""Sign up, sign in, recovery, welcome (recovery codes) and the account page."""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar

from portal import routes
from portal.components.forms import TIMEZONES, field, submit_button, timezone_field
from portal.components.links import app_link, file_link, server_link
from portal.components.native_form import post_form
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.state.account import AccountState, RecoveryCodesState
from portal.state.base import AppState


def sign_in_page() -> rx.Component:
    return page_shell(
        card(
            post_form(
                field("form.display_name", "display_name", autocomplete="username",
                      max_length=40),
                field("form.passphrase", "passphrase", input_type="password",
                      autocomplete="current-password", max_length=256),
                submit_button("nav.sign_in"),
                action=routes.AUTH_SIGN_IN,
                form_id="sign-in-form",
            ),
        ),
        rx.el.p(app_link(t("signin.forgot"), href=routes.RECOVER)),
        rx.el.p(app_link(t("home.have_invite"), href=routes.SIGN_UP)),
        rx.el.p(server_link(t("signin.staff_oidc"), href=routes.AUTH_OIDC_START, id="staff-oidc"),
                class_name="muted"),
        heading_key="signin.title",
    )


def invite_code_from_link() -> rx.Var:
    code = AppState.router.url.query_parameters["code"]
    return rx.cond(code, code.to(str), "")


def sign_up_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("signup.intro")),
        card(
            post_form(
                # Every answer of the check is written beside its field (lantern.js).
                field("form.invite_code", "invite_code", hint_key="form.invite_code_hint",
                      max_length=40, autocapitalize="characters", answers=True,
                      # A sign-up link from staff carries the code (?code=...): filled in.
                      # The key remounts the field once the page knows its URL.
                      default_value=invite_code_from_link(), key=invite_code_from_link()),
                field("form.display_name", "display_name", hint_key="form.display_name_hint",
                      autocomplete="username", max_length=30, answers=True),
                field("form.passphrase", "passphrase", input_type="password",
                      hint_key="form.passphrase_hint", autocomplete="new-password",
                      max_length=256, answers=True),
                timezone_field(answers=True),
                rx.el.input(type="hidden", name="lang", value=AppState.lang),
                submit_button("signup.submit"),
                action=routes.AUTH_SIGN_UP,
                form_id="sign-up-form",
            ),
        ),
        heading_key="signup.title",
    )


def recover_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("recover.intro")),
        card(
            post_form(
                field("form.display_name", "display_name", autocomplete="username",
                      max_length=40),
                field("form.recovery_code", "code", max_length=20,
                      autocapitalize="characters"),
                field("form.new_passphrase", "new_passphrase", input_type="password",
                      hint_key="form.passphrase_hint", autocomplete="new-password",
                      max_length=256, min_length=10),
                submit_button("recover.submit"),
                action=routes.AUTH_RECOVER,
                form_id="recover-form",
            ),
        ),
        heading_key="recover.title",
    )


CODES_FILE_NAME = "recovery-codes.txt"
ENCODE_URI = FunctionStringVar.create("encodeURIComponent")


def codes_actions() -> rx.Component:
    """Copy, download and print the codes shown, all in the browser: the codes are never
    stored on the server for a download. Print shows only the codes (lantern.css)."""
    codes = RecoveryCodesState.codes
    file_text = t("welcome.codes_file_intro") + "\r\n\r\n" + codes.join("\r\n") + "\r\n"
    # Built here as a data: URL (Reflex would otherwise write the text as JSON, quotes
    # and all): the file is made in the browser, nothing is stored on the server.
    file_url = "data:text/plain;charset=utf-8," + ENCODE_URI.call(file_text).to(str)
    return rx.el.div(
        rx.el.div(
            rx.el.button(t("welcome.copy_all"), type="button", id="codes-copy",
                         class_name="button secondary",
                         on_click=[rx.set_clipboard(codes.join("\n")),
                                   RecoveryCodesState.codes_copied]),
            rx.el.button(t("welcome.download_codes"), type="button", id="codes-download",
                         class_name="button secondary",
                         on_click=rx.download(data=file_url, filename=CODES_FILE_NAME)),
            # A function compiled into the page (no eval: the CSP allows none).
            rx.el.button(t("welcome.print_codes"), type="button", id="codes-print",
                         class_name="button secondary",
                         on_click=rx.run_script(rx.Var("window.print()"))),
            class_name="row codes-actions",
        ),
        rx.el.p(message_at("codes_copy"), role="status", aria_live="polite",
                id="codes-copied"),
        class_name="no-print",
    )


def welcome_page() -> rx.Component:
    return page_shell(
        rx.cond(
            RecoveryCodesState.codes.length() > 0,
            card(
                rx.el.div(
                    rx.el.h2(t("welcome.codes_title")),
                    rx.el.p(t("welcome.codes_body")),
                    rx.el.ul(rx.foreach(RecoveryCodesState.codes, lambda code: rx.el.li(code)),
                             class_name="codes", id="recovery-codes"),
                    class_name="print-codes",
                ),
                codes_actions(),
                rx.el.button(t("welcome.codes_saved"), on_click=RecoveryCodesState.finish_codes,
                             class_name="button no-print", type="button"),
            ),
            card(
                rx.cond(RecoveryCodesState.has_codes, rx.el.p(t("welcome.codes_exist")),
                        rx.el.p(t("welcome.codes_none"))),
                rx.el.form(
                    rx.el.div(
                        rx.el.label(t("form.current_passphrase"), html_for="codes-passphrase"),
                        rx.el.input(id="codes-passphrase", name="passphrase", type="password",
                                    max_length=256, auto_complete="current-password",
                                    required=True, aria_describedby="codes-passphrase-hint"),
                        rx.el.p(t("welcome.codes_passphrase_hint"), id="codes-passphrase-hint",
                                class_name="hint"),
                    ),
                    submit_button("welcome.new_codes", tone="secondary"),
                    rx.el.p(message_at("codes"), role="status",
                            id="codes-message"),
                    on_submit=RecoveryCodesState.make_new_codes,
                    # The typed passphrase leaves the screen the moment it is sent.
                    reset_on_submit=True,
                    id="new-codes-form",
                    class_name="stack",
                ),
            ),
        ),
        heading_key="welcome.title",
    )


def account_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("account.signed_in_as"), " ", rx.el.strong(AppState.viewer_name)),
        card(
            rx.el.h2(t("account.timezone_title")),
            rx.el.form(
                rx.el.label(t("form.timezone"), html_for="account-timezone"),
                rx.el.select(*[rx.el.option(z.replace("_", " "), value=z) for z in TIMEZONES],
                             id="account-timezone", name="timezone",
                             value=AccountState.timezone,
                             on_change=AccountState.set_timezone_choice),
                submit_button("account.save"),
                rx.el.p(message_at("account"), role="status"),
                on_submit=AccountState.save_timezone,
                class_name="stack",
            ),
        ),
        card(
            rx.el.h2(t("account.passphrase_title")),
            post_form(
                field("form.current_passphrase", "current_passphrase", input_type="password",
                      autocomplete="current-password", max_length=256),
                field("form.new_passphrase", "new_passphrase", input_type="password",
                      hint_key="form.passphrase_hint", autocomplete="new-password",
                      max_length=256, min_length=10),
                submit_button("account.change_passphrase"),
                action=routes.AUTH_CHANGE_PASSPHRASE,
                form_id="change-passphrase-form",
            ),
        ),
        card(
            rx.el.h2(t("account.recovery_title")),
            rx.el.p(AccountState.codes_left, id="codes-left"),
            rx.cond(AccountState.codes_low, rx.el.p(t("account.codes_low"), class_name="hint"),
                    rx.fragment()),
            rx.el.p(t("account.recovery_body")),
            app_link(t("welcome.new_codes"), href=routes.WELCOME,
                    class_name="button secondary"),
        ),
        card(
            rx.el.h2(t("account.quick_exit_title")),
            rx.el.p(t("account.quick_exit_body")),
            rx.el.div(
                rx.el.input(type="checkbox", id="keep-session-on-quick-exit",
                            class_name="checkbox",
                            checked=AccountState.keep_session_on_quick_exit,
                            on_change=AccountState.set_quick_exit_choice),
                rx.el.label(t("account.quick_exit_keep"), html_for="keep-session-on-quick-exit"),
                class_name="row checkbox-row",
            ),
            rx.el.p(message_at("quick_exit"), role="status", aria_live="polite"),
        ),
        card(
            rx.el.h2(t("account.sessions_title")),
            post_form(submit_button("nav.sign_out", tone="secondary"),
                      action=routes.AUTH_SIGN_OUT, form_id="sign-out-form"),
            post_form(submit_button("account.sign_out_everywhere", tone="secondary"),
                      action=routes.AUTH_SIGN_OUT_EVERYWHERE, form_id="sign-out-everywhere-form"),
        ),
        card(
            rx.el.h2(t("account.data_title")),
            rx.el.p(t("account.data_body")),
            file_link(t("account.download"), href=routes.MY_DATA_DOWNLOAD,
                      filename="my-data.json", class_name="button secondary",
                      id="download-my-data"),
        ),
        card(
            rx.el.h2(t("account.delete_title")),
            rx.el.p(t("account.delete_body")),
            post_form(
                field("form.passphrase", "passphrase", input_type="password",
                      autocomplete="current-password", max_length=256),
                rx.el.div(
                    rx.el.input(type="checkbox", name="keep_posts", value="yes",
                                id="keep-posts", class_name="checkbox"),
                    rx.el.label(t("account.keep_posts"), html_for="keep-posts"),
                    class_name="row checkbox-row",
                ),
                submit_button("account.delete_button", tone="danger"),
                action=routes.AUTH_DELETE_ACCOUNT,
                form_id="delete-account-form",
            ),
        ),
        heading_key="account.title",
    )
