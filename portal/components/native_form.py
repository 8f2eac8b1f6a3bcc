"""A form the browser may post natively (rx.el.form always prevents native submits).

Used only for the routes that set or clear the session cookie. ``assets/lantern.js``
upgrades it to a fetch post so errors show in place and nothing typed is lost.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.base import BaseHTML


class NativeForm(BaseHTML):
    tag = "form"
    action: rx.Var[str]
    method: rx.Var[str]


def post_form(*children: rx.Component, action: str, form_id: str) -> rx.Component:
    return NativeForm.create(
        *children,
        # data-answer: scrolled into view when it speaks (assets/lantern.js).
        rx.el.p("", role="alert", custom_attrs={"data-form-error": "", "data-answer": ""},
                class_name="form-error"),
        action=action,
        method="post",
        id=form_id,
        custom_attrs={"data-lantern-form": ""},
        class_name="stack",
    )
