"""The page for an address Lantern does not have: the whole shell (header with quick
exit, navigation, help footer), a calm sentence and a way home. Reflex shows it for any
path that is neither a page nor a server route (``portal/portal.py`` adds it as "404")."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link
from portal.components.shell import page_shell
from portal.components.text import t


def not_found_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("notfound.body"), id="not-found"),
        rx.el.div(
            app_link(t("notfound.home"), href=routes.HOME, class_name="button",
                     id="not-found-home"),
            app_link(t("nav.help"), href=routes.HELP, class_name="button secondary"),
            class_name="row",
        ),
        heading_key="notfound.title",
    )
