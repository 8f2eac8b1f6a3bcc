"""The notification centre, the unread badge, the choice per kind and reminder preferences.

Every handler resolves the member from the session cookie and calls one service in
``services.notifications``; ids from the browser are only ever looked up there.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.i18n import format_when
from portal.services import mentoring, notifications
from portal.services.accounts import Viewer
from portal.services.notifications import OFFSET_CHOICES
from portal.state.base import AppState, also_filling
from portal.state.live_session import reading_session
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id

EMAIL_LIMIT = 300
PASSPHRASE_LIMIT = 1024


class NotificationItem(TypedDict):
    id: int
    kind: str
    text: str
    has_link: bool
    when: str
    read: bool


class NotificationsState(AppState):
    """The signed-in member's own notifications, a page at a time, and the badge count."""

    notification_items: list[NotificationItem] = []
    unread_count: int = 0
    notifications_page: int = 0
    has_older_notifications: bool = False
    _message_place: ClassVar[str] = "notifications"
    _live_kinds: ClassVar[tuple[str, ...]] = ("member",)  # state/live.py

    def _clear(self) -> None:
        self.notification_items = []
        self.unread_count = 0
        self.has_older_notifications = False

    def _refresh(self, viewer: Viewer, page: int) -> None:
        with reading_session() as session:
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

    def _show(self, page: int):
        self._clear_message()
        return self._load(lambda viewer: self._refresh(viewer, page), clear=self._clear)

    def _refresh_shown(self, viewer: Viewer) -> None:
        self._refresh(viewer, self.notifications_page)

    def _read_unread_count(self, viewer: Viewer) -> None:
        with reading_session() as session:
            self.unread_count = notifications.unread_count(session=session,
                                                           actor=viewer.actor)

    def _no_count(self, _refusal: Exception) -> None:
        self.unread_count = 0

    def _live_reload(self, viewer: Viewer) -> bool:
        """Something new for her (state/live.py): the badge, and the list when she is on
        the notification centre."""
        if routes.same_page(self.router.url.path, routes.NOTIFICATIONS):
            self._refresh(viewer, self.notifications_page)
        else:
            self._read_unread_count(viewer)
        return True

    @rx.event
    @also_filling(lambda: (NotificationKindsState, ReminderPreferencesState))
    def load_notifications(self):
        """The notification centre and, below it, her choices: one event (issue 14)."""
        follow = self._show(0)
        if follow is None:  # signed in: nothing to leave for
            self._tab_state(NotificationKindsState)._load_kinds()
            self._tab_state(ReminderPreferencesState)._load_preferences()
        return follow

    @rx.event
    def load_unread_count(self):
        """The header badge: a count only, and only for a signed-in member."""
        self.unread_count = 0
        return self._load(self._read_unread_count, refused=self._no_count, public=True)

    @rx.event
    def show_older_notifications(self):
        return self._show(self.notifications_page + 1)

    @rx.event
    def show_newer_notifications(self):
        return self._show(max(self.notifications_page - 1, 0))

    @rx.event
    def mark_notification_read(self, notification_id: int):
        return self._perform(notifications.mark_read, notification_id=to_id(notification_id),
                             refresh=self._refresh_shown)

    @staticmethod
    def _follow(link: str | None):
        """Where the notification points (the path comes from the database)."""
        return rx.redirect(link, replace=True) if link else None

    @rx.event
    def open_notification(self, notification_id: int):
        """Mark it read and go where it points; without a link, stay and show it read."""
        return self._perform(notifications.mark_read, notification_id=to_id(notification_id),
                             then=self._follow, refresh=self._refresh_shown)

    @rx.event
    def mark_all_notifications_read(self):
        return self._perform(notifications.mark_all_read, done="notifications.marked_all",
                             refresh=lambda viewer: self._refresh(viewer, 0))


class ReminderPreferencesState(AppState):
    """When to be reminded, and the optional email (shown in full to its owner only)."""

    reminder_offsets: list[int] = []
    email_reminders: bool = False
    email_on_file: str = ""
    email_editable: bool = True
    preferences_loaded: bool = False
    _message_place: ClassVar[str] = "reminder_preferences"

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

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            self._apply(notifications.reminder_preferences(session=session,
                                                           actor=viewer.actor))

    @rx.event
    def load_reminder_preferences(self):
        return self._load_preferences()

    def _load_preferences(self):
        self._clear_message()
        return self._load(self._read, clear=self._forget)

    def _saved(self, view: notifications.ReminderPreferences):
        self._apply(view)
        self._show_message(self._t("notifications.saved"), "ok")
        # The address stays on file, shown above; the typed copies leave the screen.
        return [rx.set_value("pref-email", ""), rx.set_value("pref-passphrase", "")]

    @rx.event
    def save_reminder_preferences(self, form_data: dict):
        form = form_of(form_data)
        offsets = [minutes for minutes in OFFSET_CHOICES if ticked(form, f"offset_{minutes}")]
        email = text(form.get("email"), EMAIL_LIMIT)
        outcome = self._perform(
            notifications.save_reminder_preferences, offsets=offsets,
            email_reminders=ticked(form, "email_reminders"), email=email or None,
            remove_email=ticked(form, "remove_email"),
            # Only passed on: the service decides whether this change needs it.
            passphrase=text(form.get("passphrase"), PASSPHRASE_LIMIT), then=self._saved)
        # Refused: the typed passphrase leaves the screen, the address stays to correct.
        return outcome if outcome is not None else rx.set_value("pref-passphrase", "")


KIND_LIMIT = 40


class NotificationKindsState(AppState):
    """Her choice per kind of notification: a switch per optional kind, saved at once."""

    kinds_off: list[str] = []
    kinds_loaded: bool = False
    # Issue 15: "seen" on her own messages, off until she turns it on.
    seen_on: bool = False
    _message_place: ClassVar[str] = "notification_kinds"

    def _apply(self, view: notifications.NotificationChoices) -> None:
        self.kinds_off = list(view.off)
        self.kinds_loaded = True

    def _forget(self) -> None:
        self.kinds_off = []
        self.kinds_loaded = False
        self.seen_on = False

    def _read(self, viewer: Viewer) -> None:
        with open_session() as session:
            self._apply(notifications.notification_choices(session=session,
                                                           actor=viewer.actor))
            self.seen_on = mentoring.seen_choice(session=session, actor=viewer.actor)

    @rx.event
    def load_notification_kinds(self):
        return self._load_kinds()

    def _load_kinds(self):
        self._clear_message()
        self._clear_message(at="seen")
        return self._load(self._read, clear=self._forget)

    @rx.event
    def choose_notification_kind(self, kind: str, on: bool):
        """Turn one kind on or off for the signed-in member herself (only the optional
        kinds exist for the service; anything else is refused calmly)."""
        return self._perform(notifications.choose_notification_kind, kind=text(kind, KIND_LIMIT),
                             on=on, then=self._apply, done="notifications.kinds_saved")

    def _seen_saved(self, on: bool) -> None:
        self.seen_on = on
        self._show_message(self._t("notifications.kinds_saved"), "ok", at="seen")

    def _seen_refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="seen")

    @rx.event
    def choose_seen(self, on: bool):
        """Turn "seen" on or off for the signed-in member herself."""
        self._clear_message(at="seen")
        return self._perform(mentoring.choose_seen, on=on is True, then=self._seen_saved,
                             refused=self._seen_refused)
