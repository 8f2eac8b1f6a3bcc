"""One language picker for intake, mentor profiles, groups and directory listings.

A labelled text input whose suggestions (a native ``datalist``) are every ISO 639
language named in the page's interface language, so typing "amh" offers "Amharic" in
English and "amárico" in Spanish. It is a plain input: no focus trap, the browser's own
keyboard handling, 44 px tall like every field. Several languages may be typed with
commas between; the state turns names or codes into codes with the same search
the services use, and the service refuses anything that is not a language.
"""

from __future__ import annotations

import reflex as rx

from portal.components.text import t
from portal.domain.languages import datalist_names
from portal.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES
from portal.state.base import AppState


def _list_id(field_id: str, language: str) -> str:
    return f"{field_id}-names-{language}"


def language_picker(*, field_id: str, name: str, label_key: str, hint_key: str,
                    value: rx.Var | str = "", max_length: int = 300) -> rx.Component:
    """``name`` carries what she typed; ``value`` is what is saved now, as names."""
    list_id: rx.Var | str = _list_id(field_id, DEFAULT_LANGUAGE)
    for language in SUPPORTED_LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            list_id = rx.cond(AppState.lang == language, _list_id(field_id, language), list_id)
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.p(t(hint_key), id=f"{field_id}-hint", class_name="hint"),
        rx.el.input(id=field_id, name=name, type="text", list=list_id,
                    default_value=value, max_length=max_length, autocomplete="off",
                    spell_check=False, aria_describedby=f"{field_id}-hint",
                    class_name="input language-picker"),
        *[rx.el.datalist(*[rx.el.option(value=shown) for shown in datalist_names(language)],
                         id=_list_id(field_id, language))
          for language in SUPPORTED_LANGUAGES],
        class_name="field language-field",
    )
