"""The app shell: header with quick exit, content, help footer, thumb-reach navigation."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link, outside_link
from portal.components.native_form import post_form
from portal.components.notification_badge import notification_badge
from portal.components.text import t
from portal.settings import get_settings
from portal.state.base import TROUBLE_PLACE, AppState

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


# --- issue 13 items 4 and 5: Back, and the account menu in the header ---
# The page this one's Back control leads to (routes.parent_of), chosen in the browser from
# the current path; "" on the top level (the pages of the bottom navigation).
PARENT_HREF = rx.match(
    rx.State.router.page.path,
    *routes.back_cases(),
    "",
)


def back_control() -> rx.Component:
    return rx.cond(
        PARENT_HREF != "",
        app_link(rx.icon("arrow-left", size=22, aria_hidden="true"),
                 href=PARENT_HREF, id="back-control", class_name="back-link",
                 aria_label=t("nav.back")),
        rx.fragment(),
    )


def staff_roles_present() -> rx.Var:
    return (AppState.viewer_roles.contains("admin") | AppState.viewer_roles.contains(
        "moderator") | AppState.viewer_roles.contains("partner"))


def account_menu() -> rx.Component:
    """A signed-in member's Account, Staff tools (staff and partners) and Sign out, one
    tap from every page. A native disclosure: it opens without any script."""
    return rx.cond(
        AppState.signed_in,
        rx.el.details(
            rx.el.summary(rx.icon("user-round", size=22, aria_hidden="true"),
                          rx.el.span(t("nav.account_menu"), class_name="visually-hidden"),
                          class_name="account-menu-button", id="account-menu-button"),
            rx.el.div(
                app_link(rx.icon("settings", size=18, aria_hidden="true"), t("nav.account"),
                         href=routes.ACCOUNT, class_name="menu-item", id="menu-account"),
                rx.cond(staff_roles_present(),
                        app_link(rx.icon("shield", size=18, aria_hidden="true"),
                                 t("nav.staff"), href=routes.STAFF, class_name="menu-item",
                                 id="menu-staff"),
                        rx.fragment()),
                post_form(submit_button("nav.sign_out", tone="secondary"),
                          action=routes.AUTH_SIGN_OUT, form_id="menu-sign-out-form"),
                class_name="account-menu-panel",
            ),
            class_name="account-menu",
        ),
        rx.fragment(),
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            back_control(),
            app_link(rx.el.span("", class_name="brand-mark", aria_hidden="true"),
                     rx.el.span("Lantern", class_name="brand-name"),
                     href=routes.HOME, class_name="brand"),
            class_name="header-start",
        ),
        rx.el.div(notification_badge(), language_toggle(), account_menu(),
                  quick_exit_button(), class_name="header-actions"),
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
        ~AppState.loaded,
        rx.fragment(),  # nothing signed-out is shown while the page finds out who is here
        rx.cond(
        AppState.signed_in,
        rx.el.span(
            app_link(t("nav.account"), href=routes.ACCOUNT),
            rx.cond(staff_roles_present(),
                    app_link(t("nav.staff"), href=routes.STAFF), rx.fragment()),
            class_name="footer-links",
        ),
        rx.el.span(
            app_link(t("nav.sign_in"), href=routes.SIGN_IN),
            app_link(t("nav.sign_up"), href=routes.SIGN_UP),
            class_name="footer-links",
        ),
    ))


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
    """The top of the page: a message no answer area of the page claims."""
    return rx.cond(
        (AppState.page_message != "") & (AppState.page_message_at == ""),
        rx.el.p(AppState.page_message, role="status",
                class_name="notice notice-" + AppState.page_message_tone),
        rx.fragment(),
    )


def trouble_notice() -> rx.Component:
    """Something failed that Lantern did not expect (state/trouble.py): one calm
    sentence above the bottom bar, wherever she has scrolled, and a way to close it."""
    return rx.cond(
        (AppState.page_message != "") & (AppState.page_message_at == TROUBLE_PLACE),
        rx.el.div(
            rx.el.p(AppState.page_message, class_name="trouble-words"),
            rx.el.button(t("error.unexpected_close"), type="button",
                         on_click=AppState.dismiss_trouble, class_name="button secondary"),
            id="trouble", role="alert", class_name="notice notice-error trouble",
        ),
        rx.fragment(),
    )


def demo_ribbon() -> rx.Component:
    """Says on every page that this is a demo with public passphrases (built in only
    when demo data is allowed, see Settings.demo_data_allowed)."""
    if not get_settings().demo_data_allowed:
        return rx.fragment()
    return rx.el.p(t("demo.ribbon"), id="demo-ribbon", class_name="demo-ribbon", role="note")


def page_shell(*children: rx.Component, heading_key: str,
               lead: rx.Component | None = None) -> rx.Component:
    """A page: ``lead`` (optional) is the same for everyone, so it is in the page's HTML
    and shown at once, before the page connects; ``children`` wait until the page knows
    who is here."""
    return rx.el.div(
        outside_link(t("skip.to_content"), href="#main", class_name="skip-link"),
        demo_ribbon(),
        header(),
        rx.el.main(
            rx.el.h1(t(heading_key), class_name="page-title"),
            lead if lead is not None else rx.fragment(),
            page_message(),
            # Until the page knows who is here, a quiet placeholder: never a flash of the
            # signed-out text before a member's own page appears.
            rx.cond(AppState.loaded, rx.fragment(*children), loading_placeholder()),
            id="main",
            tab_index=-1,
            class_name="content",
        ),
        footer(),
        trouble_notice(),
        bottom_nav(),
        class_name="app",
        lang=AppState.lang,
        custom_attrs={"data-loaded": AppState.loaded.to_string()},
    )


def loading_placeholder() -> rx.Component:
    return rx.el.div(
        rx.el.span(t("nav.loading"), class_name="visually-hidden"),
        rx.el.div(class_name="placeholder-bar"),
        rx.el.div(class_name="placeholder-bar short"),
        id="page-placeholder", class_name="page-placeholder", aria_busy="true",
    )


def notice(key_var: rx.Var | str, *, tone: str = "info") -> rx.Component:
    return rx.el.p(key_var, class_name=f"notice notice-{tone}", role="status")


def card(*children: rx.Component, **props) -> rx.Component:
    class_name = "card " + props.pop("class_name", "")
    return rx.el.section(*children, class_name=class_name.strip(), **props)


def sign_in_buttons() -> rx.Component:
    """Sign in, or use an invitation: the two ways in for a visitor."""
    return rx.el.div(
        app_link(t("nav.sign_in"), href=routes.SIGN_IN, class_name="button"),
        app_link(t("home.have_invite"), href=routes.SIGN_UP, class_name="button secondary"),
        class_name="row",
    )


def sign_in_prompt() -> rx.Component:
    """Invites a visitor who is not signed in to sign in or use an invitation."""
    return rx.cond(
        AppState.signed_in,
        rx.fragment(),
        card(rx.el.p(t("section.sign_in_first")), sign_in_buttons()),
    )
