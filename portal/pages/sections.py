"""Section landing pages: what each part of Lantern offers, and the next step."""

from __future__ import annotations

import reflex as rx

from portal.components.links import app_link
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.pages.info import crisis_lines
from portal.state.base import AppState


def sign_in_prompt() -> rx.Component:
    return rx.cond(
        AppState.signed_in,
        rx.fragment(),
        card(
            rx.el.p(t("section.sign_in_first")),
            rx.el.div(
                app_link(t("nav.sign_in"), href="/sign-in", class_name="button"),
                app_link(t("home.have_invite"), href="/sign-up",
                        class_name="button secondary"),
                class_name="row",
            ),
        ),
    )


def section_page(prefix: str) -> rx.Component:
    return page_shell(
        rx.el.p(t(f"{prefix}.intro")),
        sign_in_prompt(),
        heading_key=f"{prefix}.title",
    )


def mentoring_page() -> rx.Component:
    return section_page("mentoring")


def groups_page() -> rx.Component:
    return section_page("groups")


def calendar_page() -> rx.Component:
    return section_page("calendar")


def resources_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("resources.intro")),
        rx.el.h2(t("resources.crisis_title")),
        crisis_lines(),
        heading_key="resources.title",
    )
