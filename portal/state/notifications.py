"""The notification centre, the unread badge and reminder preferences.

Every handler resolves the member from the session cookie and calls one service in
``services.notifications``; ids from the browser are only ever looked up there.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.i18n import format_when
from portal.services import notifications
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.services.notifications import OFFSET_CHOICES
from portal.state.base import AppState

SIGN_IN = "/sign-in"


class NotificationItem(TypedDict):
    id: int
    kind: str
    text: str
    has_link: bool
    when: str
    read: bool


def _to_int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def _checked(value: object) -> bool:
    return str(value).strip().lower() in {"on", "true", "1", "yes"}


class NotificationsState(AppState):
    """The signed-in member's own notifications, a page at a time, and the badge count."""

    notification_items: list[NotificationItem] = []
    unread_count: int = 0
    notifications_page: int = 0
    has_older_notifications: bool = False
    notifications_message: str = ""

    def _fail(self, error: Exception) -> None:
        if isinstance(error, PermissionDenied | ServiceError):
            params = getattr(error, "params", {}) or {}
            self.notifications_message = self._t(error.code, **params)

    def _clear(self) -> None:
        self.notification_items = []
        self.unread_count = 0
        self.has_older_notifications = False

    def _refresh(self, viewer: Viewer, page: int) -> None:
        with open_session() as session:
            listed = notifications.list_notifications(session=session, actor=viewer.actor,
                                                      page=page, language=self.lang)
        self.notifications_page = listed.page
        self.has_older_notifications = listed.has_more
        self.unread_count = listed.unread
        self.notification_items = [
            NotificationItem(id=item.id, kind=item.kind, text=item.text,
                             has_link=bool(item.link), read=item.read,
                             when=format_when(item.created_at, language=self.lang,
                                              timezone=viewer.timezone))
            for item in listed.items]

    def _show(self, page: int, message: str = ""):
        viewer = self._viewer()
        if viewer is None:
            self._clear()
            return rx.redirect(SIGN_IN, replace=True)
        self.notifications_message = message
        try:
            self._refresh(viewer, page)
        except (PermissionDenied, ServiceError) as error:
            self._clear()
            self._fail(error)
        return None

    @rx.event
    def load_notifications(self):
        return self._show(0)

    @rx.event
    def load_unread_count(self):
        """The header badge: a count only, and only for a signed-in member."""
        viewer = self._viewer()
        if viewer is None:
            self.unread_count = 0
            return
        try:
            with open_session() as session:
                self.unread_count = notifications.unread_count(session=session,
                                                               actor=viewer.actor)
        except (PermissionDenied, ServiceError):
            self.unread_count = 0

    @rx.event
    def show_older_notifications(self):
        return self._show(self.notifications_page + 1)

    @rx.event
    def show_newer_notifications(self):
        return self._show(max(self.notifications_page - 1, 0))

    @rx.event
    def mark_notification_read(self, notification_id: int):
        viewer = self._viewer()
        if viewer is None:
            self._clear()
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                notifications.mark_read(session=session, actor=viewer.actor,
                                        notification_id=_to_int(notification_id))
            self._refresh(viewer, self.notifications_page)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def open_notification(self, notification_id: int):
        """Mark it read and go where it points (the path comes from the database)."""
        viewer = self._viewer()
        if viewer is None:
            self._clear()
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                link = notifications.mark_read(session=session, actor=viewer.actor,
                                               notification_id=_to_int(notification_id))
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
            return None
        if link:
            return rx.redirect(link, replace=True)
        self._refresh(viewer, self.notifications_page)
        return None

    @rx.event
    def mark_all_notifications_read(self):
        viewer = self._viewer()
        if viewer is None:
            self._clear()
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                notifications.mark_all_read(session=session, actor=viewer.actor)
            self._refresh(viewer, 0)
            self.notifications_message = self._t("notifications.marked_all")
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None


class ReminderPreferencesState(AppState):
    """When to be reminded, and the optional email (shown in full to its owner only)."""

    reminder_offsets: list[int] = []
    email_reminders: bool = False
    email_on_file: str = ""
    email_editable: bool = True
    preferences_loaded: bool = False
    preferences_message: str = ""
    preferences_saved: bool = False

    def _apply(self, view: notifications.ReminderPreferences) -> None:
        self.reminder_offsets = list(view.offsets)
        self.email_reminders = view.email_reminders
        self.email_on_file = view.email_on_file
        self.email_editable = view.email_editable
        self.preferences_loaded = True

    def _forget(self) -> None:
        self.reminder_offsets = []
        self.email_reminders = False
        self.email_on_file = ""
        self.preferences_loaded = False

    @rx.event
    def load_reminder_preferences(self):
        viewer = self._viewer()
        self.preferences_message = ""
        self.preferences_saved = False
        if viewer is None:
            self._forget()
            return rx.redirect(SIGN_IN, replace=True)
        try:
            with open_session() as session:
                self._apply(notifications.reminder_preferences(session=session,
                                                               actor=viewer.actor))
        except (PermissionDenied, ServiceError) as error:
            self._forget()
            self.preferences_message = self._t(error.code)
        return None

    @rx.event
    def save_reminder_preferences(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            self._forget()
            return rx.redirect(SIGN_IN, replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        offsets = [minutes for minutes in OFFSET_CHOICES if _checked(form.get(f"offset_{minutes}"))]
        email = str(form.get("email") or "")[:300]
        # Only passed on: the service decides whether this change needs it.
        passphrase = str(form.get("passphrase") or "")[:1024]
        try:
            with open_session() as session:
                view = notifications.save_reminder_preferences(
                    session=session, actor=viewer.actor, offsets=offsets,
                    email_reminders=_checked(form.get("email_reminders")),
                    email=email or None, remove_email=_checked(form.get("remove_email")),
                    passphrase=passphrase)
            self._apply(view)
            self.preferences_saved = True
            self.preferences_message = self._t("notifications.saved")
        except (PermissionDenied, ServiceError) as error:
            self.preferences_saved = False
            self.preferences_message = self._t(error.code, **getattr(error, "params", {}))
            return rx.set_value("pref-passphrase", "")
        # The address stays on file, shown above; the typed copies leave the screen.
        return [rx.set_value("pref-email", ""), rx.set_value("pref-passphrase", "")]
