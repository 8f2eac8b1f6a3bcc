"""Pages anyone can read without signing in: Help (crisis lines) and Safety."""

from __future__ import annotations

import reflex as rx

from portal.components.links import outside_link
from portal.components.shell import card, page_shell
from portal.components.text import t

CRISIS_LINES = (
    ("help.hotline_name", "help.hotline_call", "tel:18883737888", "1-888-373-7888"),
    ("help.hotline_text_name", "help.hotline_text", "sms:233733", "233733"),
    ("help.988_name", "help.988_call", "tel:988", "988"),
    ("help.911_name", "help.911_call", "tel:911", "911"),
)


def crisis_lines() -> rx.Component:
    return rx.el.ul(
        *[
            rx.el.li(
                rx.el.strong(t(name_key)),
                rx.el.br(),
                outside_link(rx.icon("phone", size=18, aria_hidden="true"), number,
                             href=href, aria_label=t(action_key)),
                rx.el.p(t(name_key + "_when"), class_name="hint"),
            )
            for name_key, action_key, href, number in CRISIS_LINES
        ],
        class_name="crisis-list",
    )


def help_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("help.intro")),
        crisis_lines(),
        card(rx.el.h2(t("help.not_alone_title")), rx.el.p(t("help.not_alone_body")),
             class_name="mt"),
        heading_key="help.title",
    )


SAFETY_SECTIONS = (
    ("safety.quick_exit_title", "safety.quick_exit_body"),
    ("safety.history_title", "safety.history_body"),
    ("safety.private_title", "safety.private_body"),
    ("safety.device_title", "safety.device_body"),
    ("safety.names_title", "safety.names_body"),
    ("safety.meeting_title", "safety.meeting_body"),
)


def safety_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("safety.intro")),
        *[card(rx.el.h2(t(title)), rx.el.p(t(body))) for title, body in SAFETY_SECTIONS],
        heading_key="safety.title",
    )
