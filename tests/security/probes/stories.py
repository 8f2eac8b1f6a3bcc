"""Probes for the story handlers. Every id a caller sends is the target member's: her
published story (members only, replies allowed), her story waiting for review and a held
reply she wrote. So a writer touching another's story, or a member reviewing, is proven
to change nothing."""

from __future__ import annotations

from portal import routes
from portal.models.stories import Story, StoryReply
from portal.models.types import utcnow
from portal.state.stories import (
    MyStoriesState,
    StoriesState,
    StoryReviewState,
    VoicesState,
    WriteStoryState,
)
from tests.security.inventory import EVERYONE
from tests.security.probes import Probe, World

WRITERS = frozenset({"survivor", "mentor_applicant", "mentor"})
STAFF = frozenset({"moderator", "admin"})


def seed(session, world: World) -> None:
    now = utcnow()
    shared = Story(author_id=world.target.id, title="Probe shared story", body="Calm now.",
                   status="published", author_confirmed=True, allow_replies=True,
                   published_at=now)
    waiting = Story(author_id=world.target.id, title="Probe waiting story",
                    body="In March 2015 I lived in Houston.", status="in_review")
    session.add_all([shared, waiting])
    session.flush()
    reply = StoryReply(story_id=shared.id, author_id=world.target.id, body="Held reply")
    session.add(reply)
    session.commit()
    world.extra.update(story_shared=shared.id, story_waiting=waiting.id,
                       story_reply=reply.id)


PROBES: dict[str, Probe] = {
    "StoriesState.load_stories": Probe(StoriesState, "load_stories", private_vars=("stories",)),
    "StoriesState.react_to_story": Probe(
        StoriesState, "react_to_story", lambda w: (w.extra["story_shared"], "with_you"),
        private_vars=("stories",), changes_for=WRITERS),
    "StoriesState.reply_to_story": Probe(
        StoriesState, "reply_to_story",
        lambda w: ({"story_id": str(w.extra["story_shared"]), "body": "Thank you"},),
        private_vars=("stories",), changes_for=WRITERS),
    "WriteStoryState.load_story_editor": Probe(
        WriteStoryState, "load_story_editor", private_vars=("title", "body", "segments"),
        url=lambda w: (routes.STORIES_NEW, {"id": str(w.extra["story_waiting"])})),
    "WriteStoryState.save_story_draft": Probe(
        WriteStoryState, "save_story_draft",
        lambda w: ({"title": "Mine", "body": "My words", "audience": "members",
                    "signature": "anonymous"},), changes_for=WRITERS),
    # No story is being edited in this tab: nothing to replace or submit, for anyone.
    "WriteStoryState.replace_story_detail": Probe(
        WriteStoryState, "replace_story_detail", lambda w: (26, 33),
        private_vars=("body", "segments")),
    "WriteStoryState.replace_story_title_detail": Probe(
        WriteStoryState, "replace_story_title_detail", lambda w: (0, 5),
        private_vars=("title", "title_segments")),
    "WriteStoryState.submit_story_for_review": Probe(WriteStoryState, "submit_story_for_review",
                                                     private_vars=("body",)),
    "MyStoriesState.load_my_stories": Probe(MyStoriesState, "load_my_stories",
                                            private_vars=("mine",)),
    "MyStoriesState.confirm_my_story": Probe(
        MyStoriesState, "confirm_my_story", lambda w: (w.extra["story_waiting"],),
        private_vars=("mine",)),
    "MyStoriesState.submit_my_story": Probe(
        MyStoriesState, "submit_my_story", lambda w: (w.extra["story_waiting"],),
        private_vars=("mine",)),
    "MyStoriesState.unpublish_my_story": Probe(
        MyStoriesState, "unpublish_my_story", lambda w: (w.extra["story_shared"], "everywhere"),
        private_vars=("mine",)),
    "MyStoriesState.delete_my_story": Probe(
        MyStoriesState, "delete_my_story", lambda w: (w.extra["story_shared"],),
        private_vars=("mine",)),
    # Reading the queue is audited, so it changes the database for moderators.
    "StoryReviewState.load_story_reviews": Probe(
        StoryReviewState, "load_story_reviews", private_vars=("queue", "replies"),
        changes_for=STAFF),
    "StoryReviewState.approve_story_review": Probe(
        StoryReviewState, "approve_story_review", lambda w: (w.extra["story_waiting"],),
        private_vars=("queue", "replies"), changes_for=STAFF),
    "StoryReviewState.return_story_review": Probe(
        StoryReviewState, "return_story_review",
        lambda w: ({"story_id": str(w.extra["story_waiting"]), "note": "Maybe leave out"
                                                                      " the city?"},),
        private_vars=("queue", "replies"), changes_for=STAFF),
    "StoryReviewState.approve_story_reply": Probe(
        StoryReviewState, "approve_story_reply", lambda w: (w.extra["story_reply"],),
        private_vars=("queue", "replies"), changes_for=STAFF),
    "StoryReviewState.reject_story_reply": Probe(
        StoryReviewState, "reject_story_reply", lambda w: (w.extra["story_reply"],),
        private_vars=("queue", "replies"), changes_for=STAFF),
    "VoicesState.load_voices": Probe(VoicesState, "load_voices"),
    # The target's story is members-only: its own Voices page shows it to nobody.
    "VoicesState.load_voice_story": Probe(
        VoicesState, "load_voice_story", private_vars=("voices",), extra_refused=EVERYONE,
        url=lambda w: (routes.VOICES_STORY, {"id": str(w.extra["story_shared"])})),
    # Another member's story: no caller links it from her own profile.
    "MyStoriesState.link_story_to_profile": Probe(
        MyStoriesState, "link_story_to_profile", lambda w: (w.extra["story_shared"],),
        private_vars=("mine", "linkable_ids", "linked_id"), extra_refused=WRITERS),
    "MyStoriesState.unlink_story_from_profile": Probe(
        MyStoriesState, "unlink_story_from_profile",
        private_vars=("mine", "linkable_ids", "linked_id")),
}
