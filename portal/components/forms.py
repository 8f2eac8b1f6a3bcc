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
          **props) -> rx.Component:
    field_id = f"field-{name}"
    hint_id = f"{field_id}-hint"
    extra = {"aria_describedby": hint_id} if hint_key else {}
    if max_length:
        extra["max_length"] = max_length
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.input(id=field_id, name=name, type=input_type, auto_complete=autocomplete,
                    required=required, **extra, **props),
        rx.el.p(t(hint_key), id=hint_id, class_name="hint") if hint_key else rx.fragment(),
    )


def timezone_field(name: str = "timezone") -> rx.Component:
    field_id = f"field-{name}"
    return rx.el.div(
        rx.el.label(t("form.timezone"), html_for=field_id),
        rx.el.select(
            *[rx.el.option(zone.replace("_", " "), value=zone) for zone in TIMEZONES],
            id=field_id, name=name, default_value="America/New_York",
            custom_attrs={"data-detect-timezone": ""},
        ),
        rx.el.p(t("form.timezone_hint"), class_name="hint"),
    )


def submit_button(label_key: str, *, tone: str = "") -> rx.Component:
    return rx.el.button(t(label_key), type="submit", class_name=f"button {tone}".strip())
