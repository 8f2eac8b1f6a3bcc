"""The bell in the header: a link to the notification centre with the unread count.

Shown only to a signed-in member; the count loads when the header mounts.
"""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.links import app_link
from portal.components.text import t
from portal.state.base import AppState
from portal.state.notifications import NotificationsState


def notification_badge() -> rx.Component:
    return rx.cond(
        AppState.signed_in,
        app_link(
            rx.icon("bell", size=20, aria_hidden="true"),
            rx.el.span(t("notifications.badge_label"), class_name="visually-hidden"),
            rx.cond(
                NotificationsState.unread_count > 0,
                rx.el.span(
                    NotificationsState.unread_count,
                    rx.el.span(" ", t("notifications.unread_suffix"),
                               class_name="visually-hidden"),
                    class_name="badge-count",
                    id="unread-badge",
                ),
                rx.fragment(),
            ),
            href=routes.NOTIFICATIONS,
            id="notification-bell",
            class_name="notification-bell",
            on_mount=NotificationsState.load_unread_count,
        ),
        rx.fragment(),
    )
