"""Stories: write with a safety read, review by one moderator (two for the public page),
publish only when the author confirms, read and support, unpublish or delete at any time.

This package's ``__init__`` is the one import for the state layer and the demo. Inside
``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "writing": ("confirm_story", "delete_story", "my_stories", "replace_detail", "save_story",
        "submit_story", "unpublish_story",),
    "review": ("approve_reply", "approve_story", "held_replies", "reject_reply",
        "return_story", "review_queue",),
    "reading": ("add_reply", "public_stories", "public_story", "read_feed", "read_story",
        "story_is_indexable", "toggle_reaction",),
    "mentor_link": ("link_story_to_profile", "mentor_profile_story", "my_profile_story_choice",
        "unlink_story_from_profile",),
    "views": ("HeldReply", "Highlight", "MyStory", "ProfileStory",
        "ProfileStoryChoice", "PublicStory", "ReplyView", "ReviewCard",
        "SafetyRead", "Segment", "StoryCard",),
})
