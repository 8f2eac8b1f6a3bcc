"""Moderation: the review queue, decisions, member standing, watched words.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "care": ("care_choices", "send_care_message",),
    "contact": ("contact_staff", "reply_to_contact",),
    "members": ("list_history", "mute_author", "suspend_author", "warn_author",),
    "queue": ("approve_item", "claim_item", "dismiss_item", "edit_and_approve_item",
        "end_item_match", "hide_item", "list_queue", "reject_item",),
    "threads": ("hide_post", "set_thread_locked", "set_thread_pinned",),
    "watched_words": ("add_watched_word", "list_watched_words", "remove_watched_word",
        "try_sentence",),
})
