"""Home: a warm welcome, the language choice on a first visit, and where to go next."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.state.base import AppState

SECTIONS = (
    (routes.MENTORING, "home.mentoring_title", "home.mentoring_body"),
    (routes.GROUPS, "home.groups_title", "home.groups_body"),
    (routes.CALENDAR, "home.calendar_title", "home.calendar_body"),
    (routes.VOLUNTEER, "home.volunteer_title", "home.volunteer_body"),  # --- volunteering ---
    (routes.RESOURCES, "home.resources_title", "home.resources_body"),
)


def language_choice() -> rx.Component:
    return rx.cond(
        AppState.language_chosen,
        rx.fragment(),
        card(
            rx.el.h2("Choose your language · Elige tu idioma", id="language-choice"),
            rx.el.div(
                rx.el.button("English", on_click=AppState.choose_language("en"),
                             class_name="button secondary", lang="en", type="button"),
                rx.el.button("Español", on_click=AppState.choose_language("es"),
                             class_name="button secondary", lang="es", type="button"),
                class_name="row",
            ),
            aria_labelledby="language-choice",
        ),
    )


def home_page() -> rx.Component:
    return page_shell(
        language_choice(),
        rx.cond(
            AppState.signed_in,
            rx.el.p(t("home.welcome_back"), " ", rx.el.strong(AppState.viewer_name), "."),
            rx.el.div(
                rx.el.p(t("home.intro")),
                rx.el.div(
                    app_link(t("nav.sign_in"), href=routes.SIGN_IN, class_name="button"),
                    app_link(t("home.have_invite"), href=routes.SIGN_UP,
                            class_name="button secondary"),
                    class_name="row",
                ),
            ),
        ),
        *[
            card(rx.el.h2(app_link(t(title), href=href)), rx.el.p(t(body)))
            for href, title, body in SECTIONS
        ],
        heading_key="home.title",
    )
