"""Story pages: the members' feed, writing with the safety read, my stories, the
moderators' review, and the public Voices page.

Every handler resolves the member from the session cookie and asks the services; the
services decide who may do what. The story being edited is remembered server-side
(``_story_id``), never taken from a var the browser could set.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.services import stories
from portal.services.accounts import Viewer
from portal.services.errors import NotFound
from portal.state.base import AppState
from portal.state.payload import form_of, text, ticked, to_id
from portal.state.stories_words import (
    HeldReplyItem,
    HighlightItem,
    MyStoryItem,
    PublicItem,
    ReviewItem,
    SegmentItem,
    StoryItem,
    StoryWords,
)

WRITER_ROLES = frozenset({"survivor", "mentor_applicant", "mentor"})
REVIEWER_ROLES = frozenset({"moderator", "admin"})
FORM_TEXT_MAX = 25_000


class StoriesState(AppState):
    """/stories: published stories, content warnings folded, supportive reactions."""

    stories: list[StoryItem] = []
    can_write: bool = False
    can_review: bool = False

    _message_place: ClassVar[str] = "stories"

    def _refresh(self, viewer: Viewer) -> None:
        words = StoryWords(self.lang)
        roles = set(viewer.roles)
        self.can_write = bool(roles & WRITER_ROLES)
        self.can_review = bool(roles & REVIEWER_ROLES)
        # ?story=N (the link from a mentor's profile): that one published story only.
        wanted = self.router.url.query_parameters.get("story", "")
        with open_session() as session:
            if wanted:
                cards = (stories.read_story(session=session, actor=viewer.actor,
                                            story_id=to_id(wanted)),)
            else:
                cards = stories.read_feed(session=session, actor=viewer.actor)
        self.stories = [words.story(card) for card in cards]

    def _refresh_refused(self, refusal: Exception) -> None:
        self.stories = []

    @rx.event
    def load_stories(self):
        self._clear_message()
        self.stories = []
        return self._load(self._refresh)

    @rx.event
    def react_to_story(self, story_id: int, kind: str):
        return self._perform(stories.toggle_reaction, story_id=to_id(story_id),
                             kind=text(kind, 20), refresh=self._refresh)

    @rx.event
    def reply_to_story(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(stories.add_reply, story_id=to_id(form.get("story_id")),
                             body=text(form.get("body"), FORM_TEXT_MAX),
                             done="stories.reply_held", refresh=self._refresh)


class WriteStoryState(AppState):
    """/stories/new: write or edit, then the safety read, then send it to a moderator."""

    editing: bool = False
    title: str = ""
    body: str = ""
    warnings: str = ""
    audience: str = "members"
    signature: str = "anonymous"
    pen_name: str = ""
    allow_replies: bool = False
    search_engines: bool = False
    status: str = ""
    status_text: str = ""
    segments: list[SegmentItem] = []
    highlights: list[HighlightItem] = []
    # The safety read of the title, found separately and swapped in the title.
    title_segments: list[SegmentItem] = []
    title_highlights: list[HighlightItem] = []
    form_key: int = 0  # bumped to re-render the form with the saved text
    _story_id: int = 0

    _message_place: ClassVar[str] = "write_story"

    def _clear(self) -> None:
        self._story_id, self.editing, self.status, self.status_text = 0, False, "", ""
        self.title = self.body = self.warnings = self.pen_name = ""
        self.audience, self.signature = "members", "anonymous"
        self.allow_replies = self.search_engines = False
        self.segments, self.highlights = [], []
        self.title_segments, self.title_highlights = [], []

    def _show(self, story) -> None:
        words = StoryWords(self.lang)
        self._story_id, self.editing, self.status = story.id, True, story.status
        self.status_text = words.t(f"stories.status.{story.status}")
        self.title, self.body, self.warnings = story.title, story.body, story.content_warnings
        self.audience, self.signature, self.pen_name = (story.audience, story.signature,
                                                        story.pen_name)
        self.allow_replies, self.search_engines = story.allow_replies, story.search_engines
        self.segments = words.segments(story.safety)
        self.highlights = words.highlights(story.safety)
        self.title_segments = words.title_segments(story.safety)
        self.title_highlights = words.title_highlights(story.safety)
        self.form_key += 1

    def _reshow(self, viewer: Viewer) -> None:
        with open_session() as session:
            mine = stories.my_stories(session=session, actor=viewer.actor)
        story = next((s for s in mine if s.id == self._story_id), None)
        if story is None:
            self._clear()
        else:
            self._show(story)

    def _refresh_refused(self, refusal: Exception) -> None:
        self._clear()

    @rx.event
    def load_story_editor(self):
        self._clear_message()
        self._clear()
        self._story_id = to_id(self.router.url.query_parameters.get("id", ""))
        if not self._story_id:
            return self._load(lambda viewer: None)
        return self._load(self._reshow)

    @rx.event
    def save_story_draft(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            stories.save_story, story_id=self._story_id or None,
            title=text(form.get("title"), 500), body=text(form.get("body"), FORM_TEXT_MAX),
            content_warnings=text(form.get("warnings"), 500),
            audience=text(form.get("audience"), 20), signature=text(form.get("signature"), 20),
            pen_name=text(form.get("pen_name"), 100),
            allow_replies=ticked(form, "allow_replies"),
            search_engines=ticked(form, "search_engines"),
            then=self._show, done="stories.saved_read_below")

    @rx.event
    def replace_story_detail(self, start: int, end: int):
        if isinstance(start, bool) or isinstance(end, bool):
            return None
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        return self._perform(stories.replace_detail, story_id=self._story_id, start=start,
                             end=end, then=self._show, done="stories.replaced")

    @rx.event
    def replace_story_title_detail(self, start: int, end: int):
        if isinstance(start, bool) or isinstance(end, bool):
            return None
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        return self._perform(stories.replace_detail, story_id=self._story_id, start=start,
                             end=end, part="title", then=self._show, done="stories.replaced")

    @rx.event
    def submit_story_for_review(self):
        return self._perform(stories.submit_story, story_id=self._story_id, then=self._show,
                             done="stories.submitted")


class MyStoriesState(AppState):
    """/stories/mine: status, notes, confirm, unpublish, delete."""

    mine: list[MyStoryItem] = []
    # Issue 18, item 6: which of her stories a mentor may show on her mentor profile.
    linkable_ids: list[int] = []
    linked_id: int = 0

    _message_place: ClassVar[str] = "my_stories"

    def _refresh(self, viewer: Viewer) -> None:
        words = StoryWords(self.lang)
        with open_session() as session:
            found = stories.my_stories(session=session, actor=viewer.actor)
            choice = stories.my_profile_story_choice(session=session, actor=viewer.actor)
        self.mine = [words.mine(story, routes.story_editor(story.id)) for story in found]
        self.linkable_ids, self.linked_id = list(choice.linkable_ids), choice.linked_id

    def _refresh_refused(self, refusal: Exception) -> None:
        self.mine, self.linkable_ids, self.linked_id = [], [], 0

    @rx.event
    def load_my_stories(self):
        self._clear_message()
        self.mine = []
        return self._load(self._refresh)

    @rx.event
    def submit_my_story(self, story_id: int):
        return self._perform(stories.submit_story, story_id=to_id(story_id),
                             done="stories.submitted", refresh=self._refresh)

    @rx.event
    def confirm_my_story(self, story_id: int):
        return self._perform(stories.confirm_story, story_id=to_id(story_id),
                             done="stories.published", refresh=self._refresh)

    @rx.event
    def unpublish_my_story(self, story_id: int, scope: str):
        return self._perform(stories.unpublish_story, story_id=to_id(story_id),
                             scope=text(scope, 20), done="stories.unpublished",
                             refresh=self._refresh)

    @rx.event
    def delete_my_story(self, story_id: int):
        return self._perform(stories.delete_story, story_id=to_id(story_id),
                             done="stories.deleted", refresh=self._refresh)

    @rx.event
    def link_story_to_profile(self, story_id: int):
        return self._perform(stories.link_story_to_profile, story_id=to_id(story_id),
                             done="stories.linked", refresh=self._refresh)

    @rx.event
    def unlink_story_from_profile(self):
        return self._perform(stories.unlink_story_from_profile, done="stories.unlinked",
                             refresh=self._refresh)


class StoryReviewState(AppState):
    """/stories/review: moderators read, approve or return stories; held replies."""

    queue: list[ReviewItem] = []
    replies: list[HeldReplyItem] = []

    _message_place: ClassVar[str] = "story_review"

    def _refresh(self, viewer: Viewer) -> None:
        words = StoryWords(self.lang)
        with open_session() as session:
            queue = stories.review_queue(session=session, actor=viewer.actor)
            held = stories.held_replies(session=session, actor=viewer.actor)
        self.queue = [words.review(card) for card in queue]
        self.replies = [words.held(reply) for reply in held]

    def _refresh_refused(self, refusal: Exception) -> None:
        self.queue, self.replies = [], []

    @rx.event
    def load_story_reviews(self):
        self._clear_message()
        self.queue, self.replies = [], []
        return self._load(self._refresh)

    @rx.event
    def approve_story_review(self, story_id: int):
        return self._perform(stories.approve_story, story_id=to_id(story_id),
                             done="stories.approved_ok", refresh=self._refresh)

    @rx.event
    def return_story_review(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(stories.return_story, story_id=to_id(form.get("story_id")),
                             note=text(form.get("note"), 2000), done="stories.returned_ok",
                             refresh=self._refresh)

    @rx.event
    def approve_story_reply(self, reply_id: int):
        return self._perform(stories.approve_reply, reply_id=to_id(reply_id),
                             done="stories.reply_approved", refresh=self._refresh)

    @rx.event
    def reject_story_reply(self, reply_id: int):
        return self._perform(stories.reject_reply, reply_id=to_id(reply_id),
                             done="stories.reply_rejected", refresh=self._refresh)


class VoicesState(AppState):
    """/voices: public stories for anyone, signed in or not. Reads nothing private."""

    voices: list[PublicItem] = []

    @rx.event
    def load_voices(self):  # public, no viewer needed: public stories only
        words = StoryWords(self.lang)
        with open_session() as session:
            found = stories.public_stories(session=session)
        self.voices = [words.public(story) for story in found]

    @rx.event
    def load_voice_story(self):  # public: one public story, on its own page
        words = StoryWords(self.lang)
        wanted = to_id(self.router.url.query_parameters.get("id", ""))
        try:
            with open_session() as session:
                found = stories.public_story(session=session, story_id=wanted)
        except NotFound:
            self.voices = []
            return
        self.voices = [words.public(found)]
