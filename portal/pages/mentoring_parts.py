"""Small pieces shared by the mentoring pages: notices, choice groups, mentor cards."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link
from portal.components.text import t


def notice_line(message: rx.Var, tone: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.el.p(message, role="status", class_name="notice notice-" + tone),
        rx.fragment(),
    )


def choice_group(legend_key: str, prefix: str, vocabulary: tuple[str, ...], word_prefix: str,
                 selected: rx.Var, *, hint_key: str | None = None) -> rx.Component:
    """A fieldset of checkboxes named ``<prefix>__<key>`` (read by the state)."""
    return rx.el.fieldset(
        rx.el.legend(t(legend_key)),
        rx.el.p(t(hint_key), class_name="hint") if hint_key else rx.fragment(),
        *[
            rx.el.div(
                rx.el.input(type="checkbox", id=f"{prefix}-{key}", name=f"{prefix}__{key}",
                            class_name="checkbox", default_checked=selected.contains(key)),
                rx.el.label(rx.el.span(t(f"{word_prefix}.{key}"), class_name="first-up"),
                            html_for=f"{prefix}-{key}"),
                class_name="row checkbox-row",
            )
            for key in vocabulary
        ],
        class_name="choice-group",
    )


def choice_select(label_key: str, name: str, options: tuple[tuple[str, str], ...],
                  selected: rx.Var | str, *, hint_key: str | None = None) -> rx.Component:
    """A labelled select; ``options`` are (value, catalog key)."""
    field_id = f"field-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.select(
            *[rx.el.option(t(key), value=value) for value, key in options],
            id=field_id, name=name, default_value=selected,
        ),
        rx.el.p(t(hint_key), class_name="hint") if hint_key else rx.fragment(),
    )


def text_area(label_key: str, name: str, *, max_length: int, hint_key: str | None = None,
              default_value: rx.Var | str = "", required: bool = False,
              field_id: rx.Var | str | None = None) -> rx.Component:
    field_id = field_id if field_id is not None else f"field-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.textarea(id=field_id, name=name, max_length=max_length,
                       default_value=default_value, required=required),
        rx.el.p(t(hint_key), class_name="hint") if hint_key else rx.fragment(),
    )


def detail(label_key: str, value: rx.Var) -> rx.Component:
    """One labelled fact about a mentor, shown only when there is something to show."""
    return rx.cond(
        value != "",
        rx.el.p(rx.el.span(t(label_key), class_name="label-inline"), " ", value),
        rx.fragment(),
    )


def mentor_link(mentor_id: rx.Var, *children) -> rx.Component:
    return app_link(*children, href=routes.MENTORING_MENTOR + "?id=" + mentor_id.to_string(),
                    class_name="button secondary")
