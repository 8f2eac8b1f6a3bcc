"""Builds the Reflex app: pages, routes, security headers. Nothing else."""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette

from portal.auth.routes import ROUTES
from portal.pages import account, home, info, sections, staff
from portal.security_headers import SecurityHeaders
from portal.state.account import AccountState, RecoveryCodesState
from portal.state.base import AppState
from portal.state.staff import StaffState

TITLE = "Lantern"  # neutral on every page: someone may be looking over a shoulder

app = rx.App(
    stylesheets=["/lantern.css"],
    head_components=[
        rx.el.script(src="/lantern.js", defer=True),
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="referrer", content="no-referrer"),
        rx.el.meta(name="robots", content="noindex, nofollow"),
    ],
    html_lang="en",
    api_transformer=[Starlette(routes=ROUTES), SecurityHeaders],
    toaster=None,
)

LOAD = [AppState.load_page]

app.add_page(home.home_page, route="/", title=TITLE, on_load=LOAD)
app.add_page(sections.mentoring_page, route="/mentoring", title=TITLE, on_load=LOAD)
app.add_page(sections.groups_page, route="/groups", title=TITLE, on_load=LOAD)
app.add_page(sections.calendar_page, route="/calendar", title=TITLE, on_load=LOAD)
app.add_page(sections.resources_page, route="/resources", title=TITLE, on_load=LOAD)
app.add_page(info.help_page, route="/help", title=TITLE, on_load=LOAD)
app.add_page(info.safety_page, route="/safety", title=TITLE, on_load=LOAD)
app.add_page(account.sign_in_page, route="/sign-in", title=TITLE, on_load=LOAD)
app.add_page(account.sign_up_page, route="/sign-up", title=TITLE, on_load=LOAD)
app.add_page(account.recover_page, route="/recover", title=TITLE, on_load=LOAD)
app.add_page(account.welcome_page, route="/welcome", title=TITLE,
             on_load=[*LOAD, RecoveryCodesState.load_welcome])
app.add_page(account.account_page, route="/account", title=TITLE,
             on_load=[*LOAD, AccountState.load_account])
app.add_page(staff.staff_page, route="/staff", title=TITLE,
             on_load=[*LOAD, StaffState.load_staff])
