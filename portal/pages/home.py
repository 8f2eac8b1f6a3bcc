"""Home: a visitor's welcome and brochure; a signed-in member's own day, by role.

Each tile is one link over its whole surface (at least 44 px tall) to where it is done.
"""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link
from portal.components.shell import card, page_shell, sign_in_buttons
from portal.components.text import t
from portal.state.base import AppState
from portal.state.home import HomeState

SECTIONS = (
    (routes.MENTORING, "home.mentoring_title", "home.mentoring_body"),
    (routes.GROUPS, "home.groups_title", "home.groups_body"),
    (routes.CALENDAR, "home.calendar_title", "home.calendar_body"),
    (routes.VOLUNTEER, "home.volunteer_title", "home.volunteer_body"),  # --- volunteering ---
    (routes.RESOURCES, "home.resources_title", "home.resources_body"),
    (routes.VOICES, "home.voices_title", "home.voices_body"),  # --- stories ---
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


def tile(tile_id: str | rx.Var, href: str | rx.Var, label: rx.Var,
         figure: rx.Var | None = None, detail: rx.Component | rx.Var | None = None,
         attention: rx.Var | bool = False) -> rx.Component:
    """One tile: the whole card is the link."""
    return app_link(
        rx.el.span(label, class_name="tile-label"),
        rx.el.span(figure, class_name="tile-figure") if figure is not None else rx.fragment(),
        rx.el.span(detail, class_name="tile-detail") if detail is not None else rx.fragment(),
        href=href, id=tile_id,
        class_name=rx.cond(attention, "home-tile attention", "home-tile"),
    )


def next_steps() -> rx.Component:
    def step(shown: rx.Var, step_id: str, key: str, href: str) -> rx.Component:
        return rx.cond(shown, rx.el.li(app_link(
            rx.icon("arrow-right", size=18, aria_hidden="true"), t(key), href=href,
            id=step_id)), rx.fragment())

    return rx.cond(
        HomeState.step_questions | HomeState.step_mentor | HomeState.step_group,
        card(
            rx.el.h2(t("home.steps_title"), id="home-steps-title"),
            rx.el.ul(
                step(HomeState.step_questions, "step-questions", "home.step_questions",
                     routes.MENTORING_INTAKE),
                step(HomeState.step_mentor, "step-mentor", "home.step_mentor",
                     routes.MENTORING_FIND),
                step(HomeState.step_group, "step-group", "home.step_group", routes.GROUPS),
                class_name="home-steps",
            ),
            id="home-steps", aria_labelledby="home-steps-title",
        ),
        rx.fragment(),
    )


def mentee_tiles() -> rx.Component:
    return rx.cond(HomeState.is_mentee, rx.fragment(
        tile("tile-next-session", HomeState.next_session_href, t("home.next_session_label"),
             rx.cond(HomeState.next_session_with != "",
                     HomeState.next_session_when[AppState.lang], t("home.next_session_none")),
             rx.cond(HomeState.next_session_with != "",
                     t("home.with") + " " + HomeState.next_session_with, "")),
        rx.cond(HomeState.mentor_names != "",
                tile("tile-mentor", HomeState.mentor_href, t("home.mentor_label"),
                     HomeState.mentor_names, t("home.mentor_detail")),
                rx.fragment()),
        rx.cond(HomeState.sent_waiting > 0,
                tile("tile-sent-requests", routes.MENTORING, t("home.sent_waiting_label"),
                     HomeState.sent_waiting.to_string(), t("home.sent_waiting_detail")),
                rx.fragment()),
    ), rx.fragment())


def mentor_tiles() -> rx.Component:
    return rx.cond(HomeState.is_mentor, rx.fragment(
        tile("tile-mentor-requests", routes.MENTORING_DESK, t("home.incoming_label"),
             HomeState.incoming_waiting.to_string(),
             rx.cond(HomeState.incoming_waiting > 0,
                     t("home.oldest") + " " + HomeState.incoming_oldest[AppState.lang], ""),
             attention=HomeState.incoming_waiting > 0),
        tile("tile-week-sessions", routes.CALENDAR, t("home.week_sessions_label"),
             HomeState.week_sessions.length().to_string(),
             rx.foreach(HomeState.week_sessions, lambda line: rx.el.span(
                 line["when"][AppState.lang], " · ", line["partner"],
                 class_name="tile-line"))),
    ), rx.fragment())


def group_tiles() -> rx.Component:
    return rx.foreach(HomeState.groups, lambda group: tile(
        "tile-group-" + group["id"].to_string(), group["href"], group["name"],
        group["fresh"].to_string(), t("home.group_fresh_detail"),
        attention=group["fresh"] > 0))


def staff_tiles() -> rx.Component:
    return rx.fragment(
        rx.cond(HomeState.has_queue, tile(
            "tile-queue", routes.MODERATION, t("home.queue_label"),
            HomeState.queue_waiting.to_string(),
            rx.el.span(HomeState.queue_urgent.to_string(), " ", t("home.queue_urgent"),
                       rx.cond(HomeState.queue_waiting > 0,
                               rx.el.span(" · ", t("home.oldest_wait"), " ",
                                          HomeState.queue_oldest[AppState.lang]),
                               rx.fragment())),
            attention=HomeState.queue_urgent > 0), rx.fragment()),
        rx.cond(HomeState.has_volunteering, rx.fragment(
            tile("tile-shifts", routes.VOLUNTEER_COORDINATE, t("home.shifts_label"),
                 HomeState.upcoming_shifts.to_string(),
                 rx.foreach(HomeState.shifts, lambda shift: rx.el.span(
                     shift["when"][AppState.lang], " · ", shift["title"], " · ",
                     shift["filled"],
                     class_name="tile-line", key=shift["key"]))),
            tile("tile-hours", routes.VOLUNTEER_COORDINATE, t("home.hours_label"),
                 HomeState.hours_waiting.to_string(), t("home.hours_detail"),
                 attention=HomeState.hours_waiting > 0),
        ), rx.fragment()),
        rx.cond(HomeState.has_invites, tile(
            "tile-invites", routes.STAFF, t("home.invites_label"),
            HomeState.open_invites.to_string(), t("home.invites_detail")), rx.fragment()),
        rx.cond(HomeState.has_vetting, tile(
            "tile-vetting", routes.MENTORING_STAFF, t("home.vetting_label"),
            HomeState.vetting_waiting.to_string(),
            rx.cond(HomeState.vetting_waiting > 0,
                    t("home.oldest_wait") + " " + HomeState.vetting_oldest[AppState.lang], ""),
            attention=HomeState.vetting_waiting > 0), rx.fragment()),
    )


def member_home() -> rx.Component:
    return rx.el.div(
        rx.el.p(t("home.welcome_back"), " ", rx.el.strong(AppState.viewer_name), "."),
        rx.cond(
            HomeState.home_ready,
            rx.fragment(
                next_steps(),
                rx.el.div(
                    staff_tiles(),
                    mentor_tiles(),
                    mentee_tiles(),
                    group_tiles(),
                    tile("tile-unread", routes.NOTIFICATIONS, t("home.unread_label"),
                         HomeState.unread.to_string(), t("home.unread_detail"),
                         attention=HomeState.unread > 0),
                    rx.cond(AppState.viewer_roles.contains("survivor")
                            | AppState.viewer_roles.contains("mentor"),
                            tile("tile-path", routes.PATH, t("home.path_title"),
                                 detail=t("home.path_body")),
                            rx.fragment()),
                    tile("tile-volunteer", routes.VOLUNTEER, t("home.volunteer_title"),
                         detail=t("home.volunteer_body")),
                    tile("tile-stories", routes.STORIES, t("home.stories_title"),
                         detail=t("home.stories_body")),
                    class_name="home-tiles", id="home-tiles",
                ),
            ),
            rx.el.div(rx.el.div(class_name="placeholder-bar"), class_name="page-placeholder"),
        ),
        id="member-home",
    )


def visitor_home() -> rx.Component:
    return rx.fragment(
        rx.el.div(
            rx.el.p(t("home.intro")),
            sign_in_buttons(),
        ),
        *[
            card(rx.el.h2(app_link(t(title), href=href)), rx.el.p(t(body)))
            for href, title, body in SECTIONS
        ],
    )


def home_page() -> rx.Component:
    return page_shell(
        language_choice(),
        rx.cond(AppState.signed_in, member_home(), visitor_home()),
        heading_key="home.title",
    )
