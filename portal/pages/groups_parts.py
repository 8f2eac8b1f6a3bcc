"""Pieces shared by the group and moderation pages: content warnings that stay collapsed
until tapped, notices, private crisis support. Members' words are shown through
``portal.components.member_text``."""

from __future__ import annotations

import reflex as rx

from portal.components.member_text import member_plain
from portal.components.text import t
from portal.pages.info import crisis_lines


def warned(warning: rx.Var, body: rx.Component) -> rx.Component:
    """With a content warning, the body stays folded until the reader taps to open it."""
    return rx.cond(
        warning != "",
        rx.el.details(
            rx.el.summary(rx.el.span(t("groups.cw_label"), class_name="pill"), " ",
                          member_plain(warning, class_name="cw-text"),
                          rx.el.span(t("groups.cw_tap"), class_name="muted cw-tap")),
            body,
            class_name="content-warning",
        ),
        body,
    )


def notices(messages: rx.Var, tone: rx.Var) -> rx.Component:
    return rx.foreach(messages, lambda message: rx.el.p(
        message, role="status", class_name="notice notice-" + tone))


def notice_line(message: rx.Var, tone: rx.Var | str = "info") -> rx.Component:
    return rx.cond(message != "",
                   rx.el.p(message, role="status", class_name="notice notice-" + tone),
                   rx.fragment())


def crisis_support(show: rx.Var) -> rx.Component:
    """Shown only to the author, only on their screen: never stored, never sent to others."""
    return rx.cond(
        show,
        rx.el.section(
            rx.el.h2(t("groups.crisis_title")),
            rx.el.p(t("groups.crisis_body")),
            crisis_lines(),
            class_name="card crisis-card",
            id="crisis-support",
            aria_live="polite",
        ),
        rx.fragment(),
    )


def crisis_in_place(back_event: rx.EventHandler, *outcome: rx.Component) -> rx.Component:
    """Issue 13, item 3: crisis support where she is, standing in for the form she used.
    Its heading takes focus when it appears (lantern.js: data-focus-on-show), so it is in
    view and read out; what she wrote is kept and comes back with the button."""
    return rx.el.section(
        rx.el.h2(t("groups.crisis_title"), id="crisis-heading", tab_index=-1,
                 class_name="crisis-heading", custom_attrs={"data-focus-on-show": ""}),
        rx.el.p(t("groups.crisis_body"), role="alert"),
        crisis_lines(),
        *outcome,
        rx.el.p(t("groups.words_kept"), class_name="hint"),
        rx.el.button(t("groups.back_to_my_words"), on_click=back_event, type="button",
                     class_name="button secondary", id="back-to-my-words"),
        class_name="card crisis-card",
        id="crisis-support",
        aria_labelledby="crisis-heading",
        custom_attrs={"data-holds-focus": ""},
        # Its own key: drawn afresh in place of the form (never the form's card reused),
        # so its heading is a new element that takes focus.
        key="crisis-support",
    )


def checkbox(name: str, label_key: str, *, field_id: str | rx.Var,
             class_name: str = "") -> rx.Component:
    return rx.el.div(
        rx.el.input(type="checkbox", name=name, id=field_id,
                    class_name=f"checkbox {class_name}".strip()),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def warning_toggle(prefix: str | rx.Var) -> rx.Component:
    """A content-warning tickbox; its line to fill in appears only when ticked (CSS)."""
    toggle_id = f"{prefix}-has-warning"
    field_id = f"{prefix}-warning"
    return rx.el.div(
        rx.el.input(type="checkbox", name="has_warning", id=toggle_id,
                    class_name="checkbox cw-toggle"),
        rx.el.label(t("groups.cw_toggle"), html_for=toggle_id, class_name="cw-toggle-label"),
        rx.el.div(
            rx.el.label(t("groups.cw_field"), html_for=field_id),
            rx.el.input(id=field_id, name="content_warning", max_length=100,
                        auto_complete="off"),
            rx.el.p(t("groups.cw_hint"), class_name="hint"),
            class_name="cw-field",
        ),
        class_name="cw-group",
    )


def text_area(label_key: str, name: str, *, field_id: str | rx.Var, max_length: int = 10_000,
              default_value: rx.Var | str = "", required: bool = True,
              hint_key: str | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.textarea(id=field_id, name=name, max_length=max_length, required=required,
                       default_value=default_value),
        rx.el.p(t(hint_key), class_name="hint") if hint_key else rx.fragment(),
    )
