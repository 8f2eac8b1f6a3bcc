"""Small pieces shared by the calendar pages: notices, labelled inputs, a confirm step."""

from __future__ import annotations

import reflex as rx

from portal.components.text import t


def notice_line(message: rx.Var, tone: rx.Var, element_id: str = "") -> rx.Component:
    return rx.cond(
        message != "",
        rx.el.p(message, role="status", class_name="notice notice-" + tone,
                id=element_id or None),
        rx.fragment(),
    )


def labelled_input(label_key: str, name: str, *, prefix: str, input_type: str = "text",
                   hint_key: str | None = None, default_value: rx.Var | str = "",
                   required: bool = False, **props) -> rx.Component:
    """A label and an input; ``prefix`` keeps ids unique when a page has several forms."""
    field_id = f"{prefix}-{name}"
    hint_id = f"{field_id}-hint"
    extra = {"aria_describedby": hint_id} if hint_key else {}
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.input(id=field_id, name=name, type=input_type, default_value=default_value,
                    required=required, **extra, **props),
        rx.el.p(t(hint_key), id=hint_id, class_name="hint") if hint_key else rx.fragment(),
    )


def labelled_select(label_key: str, name: str, options: list[tuple[str, str]], *,
                    prefix: str, default_value: str = "") -> rx.Component:
    """A label and a select; ``options`` are (value, catalog key)."""
    field_id = f"{prefix}-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.select(*[rx.el.option(t(key), value=value) for value, key in options],
                     id=field_id, name=name, default_value=default_value or options[0][0]),
    )


def checkbox(label_key: str, name: str, *, prefix: str,
             checked: rx.Var | bool = False) -> rx.Component:
    field_id = f"{prefix}-{name}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, class_name="checkbox",
                    default_checked=checked),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def confirm_step(summary_key: str, *body: rx.Component, element_id: str) -> rx.Component:
    """Asks once more in the page (never a dialog, so quick exit is never covered)."""
    return rx.el.details(
        rx.el.summary(t(summary_key), class_name="button secondary summary-button",
                      id=f"{element_id}-open"),
        rx.el.div(*body, class_name="stack confirm-body"),
        class_name="confirm",
        id=element_id,
    )
