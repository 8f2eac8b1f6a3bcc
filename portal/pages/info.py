"""Pages anyone can read without signing in: Help (crisis lines, the questions new
members ask, and a private way to write to staff) and Safety."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link, outside_link
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.crisis_lines import crisis_lines_for
from portal.domain.groups import CONTACT_MESSAGE_MAX, ContactTopic
from portal.settings import get_settings
from portal.state.base import HISTORY_BACK, AppState
from portal.state.help import CONTACT_FIELD_ID, HelpState

# This deployment's crisis lines (LANTERN_CRISIS_COUNTRY; the US set by default): the one
# list Help, the directory and the private support after crisis words all show.
CRISIS_LINES = crisis_lines_for(get_settings().crisis_country)
CONTACT_ANCHOR = "contact-staff"


def crisis_lines() -> rx.Component:
    return rx.el.ul(
        *[
            rx.el.li(
                rx.el.strong(t(line.name_key)),
                rx.el.br(),
                outside_link(rx.icon("message-square" if line.href.startswith("sms:") else "phone",
                                     size=18, aria_hidden="true"),
                             line.number, href=line.href, aria_label=t(line.action_key)),
                rx.el.p(t(line.when_key), class_name="hint"),
            )
            for line in CRISIS_LINES
        ],
        class_name="crisis-list",
    )


# The ten questions a new member asks: (question, answer, where it is done).
QUESTIONS = (
    ("help.q_name", "help.a_name", routes.SAFETY),
    ("help.q_mentors", "help.a_mentors", routes.MENTORING),
    ("help.q_find", "help.a_find", routes.MENTORING_INTAKE),
    ("help.q_groups", "help.a_groups", routes.GROUPS),
    ("help.q_exit", "help.a_exit", routes.SAFETY),
    ("help.q_delete", "help.a_delete", routes.ACCOUNT),
    ("help.q_passphrase", "help.a_passphrase", routes.RECOVER),
    ("help.q_free", "help.a_free", routes.HOME),
    ("help.q_who", "help.a_who", routes.SAFETY),
    ("help.q_contact", "help.a_contact", ""),
)


def question(question_key: str, answer_key: str, href: str) -> rx.Component:
    go = (app_link(t("help.faq_go"), href=href, class_name="text-link tap") if href
          else outside_link(t("help.contact_title"), href=f"#{CONTACT_ANCHOR}",
                            class_name="text-link tap"))
    return rx.el.details(
        rx.el.summary(t(question_key)),
        rx.el.p(t(answer_key)),
        go,
        class_name="faq-item",
    )


def contact_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label(t("help.contact_topic"), html_for="contact-staff-topic"),
            rx.el.select(*[rx.el.option(t(f"help.contact_topic_{topic.value}"),
                                        value=topic.value) for topic in ContactTopic],
                         id="contact-staff-topic", name="topic",
                         default_value=ContactTopic.OTHER.value),
        ),
        rx.el.div(
            rx.el.label(t("help.contact_message"), html_for=CONTACT_FIELD_ID),
            rx.el.textarea(id=CONTACT_FIELD_ID, name="message", required=True,
                           max_length=CONTACT_MESSAGE_MAX, rows=4),
            rx.el.p(t("help.contact_urgent_note"), class_name="hint"),
        ),
        submit_button("help.contact_send"),
        # Always in the page, so what happened is read out beside the button.
        rx.el.p(message_at("contact"), role="status", aria_live="polite",
                id="contact-staff-result",
                class_name=rx.cond(message_at("contact") != "",
                                   "notice notice-" + MESSAGE_TONE, "")),
        on_submit=HelpState.send_staff_contact, class_name="stack",
    )


def contact_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("help.contact_title")),
        rx.el.p(t("help.contact_intro")),
        rx.cond(
            AppState.signed_in,
            contact_form(),
            rx.fragment(
                rx.el.p(t("help.contact_signed_out")),
                app_link(t("nav.sign_in"), href=routes.SIGN_IN, class_name="button"),
            ),
        ),
        class_name="card mt", id=CONTACT_ANCHOR,
    )


def help_page() -> rx.Component:
    return page_shell(
        card(rx.el.h2(t("help.not_alone_title")), rx.el.p(t("help.not_alone_body")),
             class_name="mt"),
        rx.el.section(
            rx.el.h2(t("help.faq_title")),
            *[question(*entry) for entry in QUESTIONS],
            class_name="mt faq", id="help-questions",
        ),
        contact_card(),
        # The crisis lines are in the page's HTML: shown before the page connects, even on
        # a slow line. The lead is kept short, so that first paint comes sooner.
        lead=rx.fragment(rx.el.p(t("help.intro")), crisis_lines()),
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


# --- issue 13 item 5: the Back list choice, kept in this browser (AppState.history_choice)
HISTORY_CHOICE_ID = "keep-out-of-back-list"


def back_list_choice() -> rx.Component:
    return card(
        rx.el.h2(t("safety.back_list_title"), id="back-list-title"),
        rx.el.div(
            rx.el.input(type="checkbox", id=HISTORY_CHOICE_ID, class_name="checkbox",
                        checked=AppState.history_choice != HISTORY_BACK,
                        on_change=AppState.choose_history),
            rx.el.label(t("safety.back_list_label"), html_for=HISTORY_CHOICE_ID),
            class_name="row checkbox-row safety-choice",
        ),
        rx.el.p(t("safety.back_list_on"), class_name="hint"),
        rx.el.p(t("safety.back_list_off"), class_name="hint"),
        rx.el.p(t("safety.back_list_limits"), class_name="hint"),
        rx.el.p(rx.cond(AppState.history_choice != HISTORY_BACK, t("safety.back_list_now_on"),
                        t("safety.back_list_now_off")),
                role="status", aria_live="polite", id="back-list-status"),
        id="back-list", aria_labelledby="back-list-title",
    )


def safety_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("safety.intro")),
        *[card(rx.el.h2(t(title)), rx.el.p(t(body))) for title, body in SAFETY_SECTIONS],
        back_list_choice(),
        heading_key="safety.title",
    )
