"""The app shell: header with quick exit, content, help footer, thumb-reach navigation."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link, outside_link
from portal.components.notification_badge import notification_badge
from portal.components.text import t
from portal.settings import get_settings
from portal.state.base import AppState

NAV_ITEMS = (
    (routes.HOME, "nav.home", "house"),
    (routes.MENTORING, "nav.mentoring", "handshake"),
    (routes.GROUPS, "nav.groups", "users"),
    (routes.CALENDAR, "nav.calendar", "calendar"),
    (routes.RESOURCES, "nav.resources", "map-pin"),
    (routes.HELP, "nav.help", "life-buoy"),
)


def quick_exit_button() -> rx.Component:
    exit_url = get_settings().quick_exit_url
    return outside_link(
        rx.icon("log-out", size=18, aria_hidden="true"),
        rx.el.span(t("exit.button")),
        href=exit_url,
        id="quick-exit",
        class_name="quick-exit",
        role="button",
        aria_label=t("exit.aria"),
        custom_attrs={"data-quick-exit": "", "data-exit-url": exit_url},
    )


def language_toggle() -> rx.Component:
    return rx.el.button(
        rx.cond(AppState.lang == "es", "EN", "ES"),
        on_click=AppState.choose_language(rx.cond(AppState.lang == "es", "en", "es")),
        class_name="lang-toggle",
        aria_label=t("lang.switch"),
        type="button",
    )


def header() -> rx.Component:
    return rx.el.header(
        app_link(rx.el.span("", class_name="brand-mark", aria_hidden="true"), "Lantern",
                 href=routes.HOME, class_name="brand"),
        rx.el.div(notification_badge(), language_toggle(), quick_exit_button(),
                  class_name="header-actions"),
        class_name="topbar",
    )


def nav_link(href: str, key: str, icon: str) -> rx.Component:
    return rx.el.li(
        app_link(
            rx.icon(icon, size=22, aria_hidden="true"),
            rx.el.span(t(key)),
            href=href,
            class_name="nav-link",
        ),
    )


def bottom_nav() -> rx.Component:
    return rx.el.nav(
        rx.el.ul(*[nav_link(*item) for item in NAV_ITEMS], class_name="nav-list"),
        aria_label=t("nav.label"),
        class_name="bottom-nav",
    )


def account_links() -> rx.Component:
    return rx.cond(
        AppState.signed_in,
        rx.el.span(
            app_link(t("nav.account"), href=routes.ACCOUNT),
            rx.cond(AppState.viewer_roles.contains("admin") | AppState.viewer_roles.contains(
                "moderator") | AppState.viewer_roles.contains("partner"),
                app_link(t("nav.staff"), href=routes.STAFF), rx.fragment()),
            class_name="footer-links",
        ),
        rx.el.span(
            app_link(t("nav.sign_in"), href=routes.SIGN_IN),
            app_link(t("nav.sign_up"), href=routes.SIGN_UP),
            class_name="footer-links",
        ),
    )


def footer() -> rx.Component:
    return rx.el.footer(
        app_link(rx.icon("phone", size=18, aria_hidden="true"), t("footer.need_help"),
                href=routes.HELP, class_name="need-help"),
        rx.el.span(app_link(t("footer.safety"), href=routes.SAFETY),
                   class_name="footer-links"),
        account_links(),
        class_name="site-footer",
    )


def page_message() -> rx.Component:
    return rx.cond(
        AppState.page_message != "",
        rx.el.p(AppState.page_message, role="status",
                class_name="notice notice-" + AppState.page_message_tone),
        rx.fragment(),
    )


def demo_ribbon() -> rx.Component:
    """Says on every page that this is a demo with public passphrases (built in only
    when demo data is allowed, see Settings.demo_data_allowed)."""
    if not get_settings().demo_data_allowed:
        return rx.fragment()
    return rx.el.p(t("demo.ribbon"), id="demo-ribbon", class_name="demo-ribbon", role="note")


def page_shell(*children: rx.Component, heading_key: str) -> rx.Component:
    return rx.el.div(
        outside_link(t("skip.to_content"), href="#main", class_name="skip-link"),
        demo_ribbon(),
        header(),
        rx.el.main(
            rx.el.h1(t(heading_key), class_name="page-title"),
            page_message(),
            *children,
            id="main",
            tab_index=-1,
            class_name="content",
        ),
        footer(),
        bottom_nav(),
        class_name="app",
        lang=AppState.lang,
        custom_attrs={"data-loaded": AppState.loaded.to_string()},
    )


def notice(key_var: rx.Var | str, *, tone: str = "info") -> rx.Component:
    return rx.el.p(key_var, class_name=f"notice notice-{tone}", role="status")


def card(*children: rx.Component, **props) -> rx.Component:
    class_name = "card " + props.pop("class_name", "")
    return rx.el.section(*children, class_name=class_name.strip(), **props)


def sign_in_prompt() -> rx.Component:
    """Invites a visitor who is not signed in to sign in or use an invitation."""
    return rx.cond(
        AppState.signed_in,
        rx.fragment(),
        card(
            rx.el.p(t("section.sign_in_first")),
            rx.el.div(
                app_link(t("nav.sign_in"), href=routes.SIGN_IN, class_name="button"),
                app_link(t("home.have_invite"), href=routes.SIGN_UP,
                        class_name="button secondary"),
                class_name="row",
            ),
        ),
    )
