"""Labelled form fields: every control has a visible label and a tap-sized target."""

from __future__ import annotations

from zoneinfo import available_timezones

import reflex as rx

from portal.components.text import t

_SKIP_PREFIXES = ("Etc/", "SystemV/", "US/", "posix/", "right/")
TIMEZONES = sorted(
    zone for zone in available_timezones()
    if "/" in zone and not zone.startswith(_SKIP_PREFIXES)
)


def field(label_key: str, name: str, *, input_type: str = "text", hint_key: str | None = None,
          autocomplete: str = "off", required: bool = True, max_length: int | None = None,
          answers: bool = False, **props) -> rx.Component:
    """``answers``: the form's check of this field is written beside it (``field_error``)."""
    field_id = f"field-{name}"
    hint_id = f"{field_id}-hint"
    described = [hint_id] if hint_key else []
    if answers:
        described.append(f"{field_id}-error")
    extra = {"aria_describedby": " ".join(described)} if described else {}
    if max_length:
        extra["max_length"] = max_length
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.input(id=field_id, name=name, type=input_type, auto_complete=autocomplete,
                    required=required, **extra, **props),
        field_error(name) if answers else rx.fragment(),
        rx.el.p(t(hint_key), id=hint_id, class_name="hint") if hint_key else rx.fragment(),
    )


def timezone_field(name: str = "timezone", *, answers: bool = False) -> rx.Component:
    field_id = f"field-{name}"
    hint_id = f"{field_id}-hint"
    described = f"{hint_id} {field_id}-error" if answers else hint_id
    return rx.el.div(
        rx.el.label(t("form.timezone"), html_for=field_id),
        rx.el.select(
            *[rx.el.option(zone.replace("_", " "), value=zone) for zone in TIMEZONES],
            id=field_id, name=name, default_value="America/New_York",
            aria_describedby=described,
            custom_attrs={"data-detect-timezone": ""},
        ),
        field_error(name) if answers else rx.fragment(),
        rx.el.p(t("form.timezone_hint"), id=hint_id, class_name="hint"),
    )


def submit_button(label_key: str, *, tone: str = "") -> rx.Component:
    return rx.el.button(t(label_key), type="submit", class_name=f"button {tone}".strip())


# --- answers beside the control that caused them (issue 13, item 2) ------------------
# An answer area is always in the page (so screen readers are listening before it
# changes) and empty until there is something to say. assets/lantern.js scrolls it into
# view whenever its words change, without moving focus; lantern.css keeps it clear of the
# sticky header and the bottom navigation.

def _answer_box(content: rx.Component | rx.Var, tone_var: rx.Var | str, *,
                area_id: str | rx.Var, shown: rx.Var) -> rx.Component:
    tone = rx.Var.create(tone_var).to(str)
    return rx.el.div(
        content,
        id=area_id,
        role=rx.cond(tone == "error", "alert", "status"),
        aria_live=rx.cond(tone == "error", "assertive", "polite"),
        class_name=rx.cond(shown, "notice answer notice-" + tone, "answer answer-empty"),
        custom_attrs={"data-answer": ""},
    )


def answer_area(text_var: rx.Var, tone_var: rx.Var | str, *,
                id: str | rx.Var) -> rx.Component:  # noqa: A002 (an element id)
    """One message in ``tone_var`` ("ok", "info", "error"), shown where it is placed."""
    return _answer_box(rx.el.span(text_var), tone_var, area_id=id, shown=text_var != "")


def answer_lines(lines_var: rx.Var, tone_var: rx.Var | str, *,
                 id: str | rx.Var) -> rx.Component:  # noqa: A002 (an element id)
    """Several sentences about one outcome (a list var), one paragraph each."""
    return _answer_box(rx.foreach(lines_var, lambda line: rx.el.p(line, class_name="answer-line")),
                       tone_var, area_id=id, shown=lines_var.length() > 0)


def field_error(name: str) -> rx.Component:
    """Where a form's check of one field is written (by lantern.js after a fetch post)."""
    return rx.el.p("", id=f"field-{name}-error", class_name="field-error",
                   custom_attrs={"data-field-error": name})
