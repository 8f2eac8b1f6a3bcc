"""Support groups: membership, threads and replies, feeds, reactions and flags.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "_data": ("purge_erased_member_records",),
    "feed": ("list_threads", "my_notes", "read_thread", "read_thread_changes",
        "waiting_count",),
    "feedback": ("block_author", "flag_post", "react_and_read", "react_to_post",),
    "membership": ("create_group", "decide_request", "invite_member", "join_group",
        "leave_group", "list_groups", "list_memberships", "read_group", "set_group_moderator",),
    "thread_changes": ("ChangesAsked", "catch_up_thread", "read_thread_changes_for",),
    "settings": ("GroupSettings", "SettingsMember", "read_group_settings", "remove_member",
        "update_group_settings",),
    "posts": ("PostBlocked", "delete_post", "edit_post", "reply", "start_thread",),
    "views": ("AuthorCard", "GroupView", "PostView", "QueueItemView", "ThreadChanges",
        "ThreadRow", "ThreadView",),
})
