"""Notifications: the member's notification centre, her choice per kind, reminder
preferences and reminders.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "inbox": ("OFFSET_CHOICES", "ReminderPreferences", "list_notifications", "mark_all_read",
        "mark_read", "notify", "purge_old_notifications", "reminder_preferences",
        "save_reminder_preferences", "schedule_reminders", "send_due_reminders",
        "unread_count",),
    "choices": ("KindChoice", "NotificationChoices", "choose_notification_kind",
                "notification_choices",),
})
