"""The notification centre (/notifications), the choice per kind and reminder preferences."""

from __future__ import annotations

import reflex as rx

from portal.components.forms import submit_button
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.notification_kinds import OPTIONAL_KINDS
from portal.domain.reminder_offsets import OFFSET_CHOICES
from portal.state.notifications import (
    NotificationKindsState,
    NotificationsState,
    ReminderPreferencesState,
)


def _message(var: rx.Var) -> rx.Component:
    return rx.cond(var != "", rx.el.p(var, role="status", class_name="notice"), rx.fragment())


def notification_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.cond(item["read"], rx.fragment(),
                    rx.el.span(t("notifications.unread"), class_name="pill")),
            " ", item["text"],
            class_name="notification-text",
        ),
        rx.el.p(item["when"], class_name="muted"),
        rx.el.div(
            rx.cond(item["has_link"],
                    rx.el.button(t("notifications.open"),
                                 on_click=NotificationsState.open_notification(item["id"]),
                                 class_name="button", type="button"),
                    rx.fragment()),
            rx.cond(item["read"], rx.fragment(),
                    rx.el.button(t("notifications.mark_read"),
                                 on_click=NotificationsState.mark_notification_read(item["id"]),
                                 class_name="button secondary", type="button")),
            class_name="row",
        ),
        class_name=rx.cond(item["read"], "notification", "notification notification-unread"),
    )


def notification_list() -> rx.Component:
    return card(
        rx.cond(
            NotificationsState.unread_count > 0,
            rx.el.button(t("notifications.mark_all_read"),
                         on_click=NotificationsState.mark_all_notifications_read,
                         class_name="button secondary", type="button", id="mark-all-read"),
            rx.el.p(t("notifications.all_read"), class_name="muted"),
        ),
        rx.cond(
            NotificationsState.notification_items.length() > 0,
            rx.el.ul(rx.foreach(NotificationsState.notification_items, notification_row),
                     class_name="table-list notification-list", id="notification-list"),
            rx.el.p(t("notifications.empty")),
        ),
        rx.el.div(
            rx.cond(NotificationsState.notifications_page > 0,
                    rx.el.button(t("notifications.newer"),
                                 on_click=NotificationsState.show_newer_notifications,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            rx.cond(NotificationsState.has_older_notifications,
                    rx.el.button(t("notifications.more"),
                                 on_click=NotificationsState.show_older_notifications,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            class_name="row",
        ),
    )


def _checkbox(name: str, label_key: str, *, checked: rx.Var | bool) -> rx.Component:
    field_id = f"pref-{name}"
    return rx.el.div(
        rx.el.input(type="checkbox", name=name, id=field_id, default_checked=checked,
                    class_name="checkbox"),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def email_fields() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("notifications.email_title")),
        rx.el.p(t("notifications.email_explain"), class_name="hint"),
        rx.cond(
            ReminderPreferencesState.email_on_file != "",
            rx.el.p(t("notifications.email_on_file"), " ",
                    rx.el.strong(ReminderPreferencesState.email_on_file), id="email-on-file"),
            rx.el.p(t("notifications.email_none"), class_name="muted"),
        ),
        _checkbox("email_reminders", "notifications.email_opt_in",
                  checked=ReminderPreferencesState.email_reminders),
        rx.cond(
            ReminderPreferencesState.email_editable,
            rx.fragment(
                rx.el.div(
                    rx.el.label(t("notifications.email_field"), html_for="pref-email"),
                    rx.el.input(id="pref-email", name="email", type="email", max_length=254,
                                auto_complete="off", aria_describedby="pref-email-hint"),
                    rx.el.p(t("notifications.email_keep_hint"), id="pref-email-hint",
                            class_name="hint"),
                ),
                rx.cond(ReminderPreferencesState.email_on_file != "",
                        _checkbox("remove_email", "notifications.remove_email", checked=False),
                        rx.fragment()),
            ),
            rx.el.p(t("notifications.staff_email"), class_name="hint"),
        ),
        rx.el.div(
            rx.el.label(t("form.current_passphrase"), html_for="pref-passphrase"),
            rx.el.input(id="pref-passphrase", name="passphrase", type="password",
                        max_length=256, auto_complete="current-password",
                        aria_describedby="pref-passphrase-hint"),
            rx.el.p(t("notifications.passphrase_hint"), id="pref-passphrase-hint",
                    class_name="hint"),
        ),
        class_name="stack plain-fieldset",
    )


def preferences_form() -> rx.Component:
    return rx.el.form(
        rx.el.fieldset(
            rx.el.legend(t("notifications.prefs_when")),
            *[_checkbox(f"offset_{minutes}", f"notifications.offset_{minutes}",
                        checked=ReminderPreferencesState.reminder_offsets.contains(minutes))
              for minutes in OFFSET_CHOICES],
            rx.el.p(t("notifications.prefs_none_hint"), class_name="hint"),
            class_name="stack plain-fieldset",
        ),
        email_fields(),
        submit_button("notifications.save"),
        _message(message_at("reminder_preferences")),
        on_submit=ReminderPreferencesState.save_reminder_preferences,
        reset_on_submit=False,
        id="reminder-preferences",
        class_name="stack",
    )


def _kind_switch(kind: str) -> rx.Component:
    """One kind, on or off: a switch that saves at once (tap target 44px)."""
    label_id = f"kind-{kind}-label"

    def switch(on: bool) -> rx.Component:
        return rx.el.button(
            t("notifications.kind_on" if on else "notifications.kind_off"),
            on_click=NotificationKindsState.choose_notification_kind(kind, not on),
            type="button", role="switch", aria_checked="true" if on else "false",
            aria_labelledby=label_id, id=f"kind-{kind}",
            class_name="button kind-switch" if on else "button secondary kind-switch")

    return rx.el.li(
        rx.el.span(t(f"notifications.kind_{kind}"), id=label_id),
        rx.cond(NotificationKindsState.kinds_off.contains(kind), switch(False), switch(True)),
        class_name="kind-row",
    )


def kind_choices() -> rx.Component:
    return card(
        rx.el.h2(t("notifications.kinds_title")),
        rx.el.p(t("notifications.kinds_intro")),
        rx.cond(
            NotificationKindsState.kinds_loaded,
            rx.el.ul(*[_kind_switch(kind.value) for kind in OPTIONAL_KINDS],
                     class_name="kind-list", id="notification-kinds"),
            rx.fragment()),
        _message(message_at("notification_kinds")),
        id="kinds",
    )


def seen_choice() -> rx.Component:
    """Issue 15: "seen" on her own messages, off by default, explained next to the
    switch (both must choose it; the time is never shown)."""
    S = NotificationKindsState  # noqa: N806 (the page files' short name for a state)

    def switch(on: bool) -> rx.Component:
        return rx.el.button(
            t("notifications.kind_on" if on else "notifications.kind_off"),
            on_click=S.choose_seen(not on), type="button", role="switch",
            aria_checked="true" if on else "false", aria_labelledby="seen-label",
            aria_describedby="seen-explained", id="seen-switch",
            class_name="button kind-switch" if on else "button secondary kind-switch")

    return card(
        rx.el.h2(t("notifications.seen_title"), id="seen-label"),
        rx.el.p(t("notifications.seen_explained"), id="seen-explained"),
        rx.cond(S.kinds_loaded,
                rx.el.div(rx.cond(S.seen_on, switch(True), switch(False)),
                          class_name="kind-row"),
                rx.fragment()),
        _message(message_at("seen")),
        id="seen",
    )


def notifications_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("notifications.intro")),
        _message(message_at("notifications")),
        notification_list(),
        kind_choices(),
        seen_choice(),
        card(
            rx.el.h2(t("notifications.prefs_title")),
            rx.el.p(t("notifications.prefs_intro")),
            # Rendered once the choices are loaded, so each box starts as saved.
            rx.cond(ReminderPreferencesState.preferences_loaded, preferences_form(),
                    rx.fragment()),
            id="reminders",
        ),
        heading_key="notifications.title",
    )
