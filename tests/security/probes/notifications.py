"""Probes for the notification centre and reminder preferences.

Every member of the world has an unread notification of their own (so marking all
read really changes something); the ids the probes send are another member's.
"""

from __future__ import annotations

from portal.models.notifications import Notification
from portal.state.notifications import (
    NotificationKindsState,
    NotificationsState,
    ReminderPreferencesState,
)
from tests.security.probes import SIGNED_IN, Probe, World


def seed(session, world: World) -> None:
    for user in [*world.members.values(), world.target]:
        session.add(Notification(user_id=user.id, kind="welcome", message_key="notify.welcome",
                                 params={}, link="/help"))
    session.commit()
    others = Notification(user_id=world.target.id, kind="reminder",
                          message_key="notify.reminder",
                          params={"starts_at": "2030-01-01T12:00:00+00:00"}, link="/calendar")
    session.add(others)
    session.commit()
    world.extra["others_notification"] = others.id


PROBES: dict[str, Probe] = {
    "NotificationsState.load_notifications": Probe(
        NotificationsState, "load_notifications",
        private_vars=("notification_items", "unread_count")),
    "NotificationsState.load_unread_count": Probe(
        NotificationsState, "load_unread_count", private_vars=("unread_count",)),
    "NotificationsState.show_older_notifications": Probe(
        NotificationsState, "show_older_notifications", private_vars=("notification_items",)),
    "NotificationsState.show_newer_notifications": Probe(
        NotificationsState, "show_newer_notifications", private_vars=("notification_items",)),
    # Another member's notification: nobody may mark it read or follow it.
    "NotificationsState.mark_notification_read": Probe(
        NotificationsState, "mark_notification_read",
        lambda w: (w.extra["others_notification"],),
        private_vars=("notification_items",), extra_refused=SIGNED_IN),
    "NotificationsState.open_notification": Probe(
        NotificationsState, "open_notification", lambda w: (w.extra["others_notification"],),
        private_vars=("notification_items",), extra_refused=SIGNED_IN),
    "NotificationsState.mark_all_notifications_read": Probe(
        NotificationsState, "mark_all_notifications_read",
        private_vars=("notification_items",), changes_for=SIGNED_IN),
    "NotificationKindsState.load_notification_kinds": Probe(
        NotificationKindsState, "load_notification_kinds", private_vars=("kinds_off",)),
    # Her own choice only: the handler names no member, so there is no one else's to touch.
    "NotificationKindsState.choose_notification_kind": Probe(
        NotificationKindsState, "choose_notification_kind", lambda w: ("message", False),
        private_vars=("kinds_off",), changes_for=SIGNED_IN),
    # Issue 15: her own "seen" choice; the handler names no member either.
    "NotificationKindsState.choose_seen": Probe(
        NotificationKindsState, "choose_seen", lambda w: (True,),
        private_vars=("seen_on",), changes_for=SIGNED_IN),
    "ReminderPreferencesState.load_reminder_preferences": Probe(
        ReminderPreferencesState, "load_reminder_preferences",
        private_vars=("reminder_offsets", "email_on_file")),
    "ReminderPreferencesState.save_reminder_preferences": Probe(
        ReminderPreferencesState, "save_reminder_preferences",
        lambda w: ({"offset_60": "on", "offset_1440": "on"},),
        private_vars=("reminder_offsets", "email_on_file"), changes_for=SIGNED_IN),
}
