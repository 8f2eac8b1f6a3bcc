"""Turning story views into the small TypedDicts the story pages show, in the reader's
language. No database, no Reflex state: shared by the story states."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from babel.dates import format_date

from portal import routes
from portal.i18n import normalise_language, translate
from portal.services.stories import (
    HeldReply,
    MyStory,
    PublicStory,
    ReviewCard,
    SafetyRead,
    StoryCard,
)


class SegmentItem(TypedDict):
    text: str
    marked: bool
    label: str  # what the highlight is, for screen readers ("a place")


class HighlightItem(TypedDict):
    start: int
    end: int
    text: str
    label: str
    replace_text: str  # "Replace with “a city”"


class ReactionItem(TypedDict):
    kind: str
    label: str
    count: int
    mine: bool


class ReplyItem(TypedDict):
    id: int
    body: str
    byline: str
    held: bool


class StoryItem(TypedDict):
    id: int
    title: str
    body: str
    warnings: str
    has_warnings: bool
    byline: str
    month: str
    reactions: list[ReactionItem]
    replies: list[ReplyItem]
    can_reply: bool


class MyStoryItem(TypedDict):
    id: int
    title: str
    status: str
    status_text: str
    audience_text: str
    notes: list[str]
    edit_href: str
    can_submit: bool
    can_confirm: bool
    can_unpublish_public: bool
    can_unpublish: bool
    body: str


class ReviewItem(TypedDict):
    id: int
    title: str
    warnings: str
    byline: str
    audience_text: str
    approvals_text: str
    approved_by_me: bool
    segments: list[SegmentItem]
    highlights: list[HighlightItem]
    title_segments: list[SegmentItem]
    title_highlights: list[HighlightItem]
    title_marked: bool  # the safety read found something in the title


class HeldReplyItem(TypedDict):
    id: int
    story_title: str
    body: str
    byline: str


class PublicItem(TypedDict):
    id: int
    title: str
    body: str
    warnings: str
    has_warnings: bool
    byline: str
    month: str
    href: str  # the story's own page


class StoryWords:
    def __init__(self, language: str) -> None:
        self.language = normalise_language(language)

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, key, **params)

    def month(self, month: str) -> str:
        if not month:
            return ""
        year, number = (int(part) for part in month.split("-"))
        return format_date(date(year, number, 1), "LLLL y", locale=self.language)

    def byline(self, byline: str) -> str:
        return byline or self.t("stories.anonymous")

    def segments(self, safety: SafetyRead) -> list[SegmentItem]:
        return self._segments(safety.segments)

    def highlights(self, safety: SafetyRead) -> list[HighlightItem]:
        return self._highlights(safety.highlights)

    def title_segments(self, safety: SafetyRead) -> list[SegmentItem]:
        return self._segments(safety.title_segments)

    def title_highlights(self, safety: SafetyRead) -> list[HighlightItem]:
        return self._highlights(safety.title_details)

    def _segments(self, segments) -> list[SegmentItem]:
        return [SegmentItem(text=s.text, marked=bool(s.kind),
                            label=self.t(f"stories.kind.{s.kind}") if s.kind else "")
                for s in segments]

    def _highlights(self, highlights) -> list[HighlightItem]:
        return [HighlightItem(start=h.start, end=h.end, text=h.text,
                              label=self.t(f"stories.kind.{h.kind}"),
                              replace_text=self.t("stories.replace_with",
                                                  word=h.replacement))
                for h in highlights]

    def story(self, card: StoryCard) -> StoryItem:
        return StoryItem(
            id=card.id, title=card.title, body=card.body, warnings=card.content_warnings,
            has_warnings=bool(card.content_warnings), byline=self.byline(card.byline),
            month=self.month(card.month),
            reactions=[ReactionItem(kind=kind, label=self.t(f"stories.reaction.{kind}"),
                                    count=count, mine=kind in card.my_reactions)
                       for kind, count in card.reactions],
            replies=[ReplyItem(id=r.id, body=r.body, byline=r.byline, held=r.held)
                     for r in card.replies],
            can_reply=card.can_reply)

    def mine(self, story: MyStory, edit_href: str) -> MyStoryItem:
        return MyStoryItem(
            id=story.id, title=story.title, status=story.status,
            status_text=self.t(f"stories.status.{story.status}"),
            audience_text=self.t(f"stories.audience.{story.audience}"),
            notes=list(story.notes), edit_href=edit_href,
            can_submit=story.status in ("draft", "returned", "unpublished"),
            can_confirm=story.status == "approved",
            can_unpublish_public=story.audience == "public",
            can_unpublish=story.status in ("published", "approved", "awaiting_second",
                                           "in_review"),
            body=story.body)

    def review(self, card: ReviewCard) -> ReviewItem:
        needed = 2 if card.audience == "public" else 1
        return ReviewItem(
            id=card.id, title=card.title, warnings=card.content_warnings,
            byline=self.byline(card.byline),
            audience_text=self.t(f"stories.audience.{card.audience}"),
            approvals_text=self.t("stories.approvals", count=card.approvals, needed=needed),
            approved_by_me=card.approved_by_me,
            segments=self.segments(card.safety), highlights=self.highlights(card.safety),
            title_segments=self.title_segments(card.safety),
            title_highlights=self.title_highlights(card.safety),
            title_marked=bool(card.safety.title_details))

    def held(self, reply: HeldReply) -> HeldReplyItem:
        return HeldReplyItem(id=reply.id, story_title=reply.story_title, body=reply.body,
                             byline=reply.byline)

    def public(self, story: PublicStory) -> PublicItem:
        return PublicItem(id=story.id, title=story.title, body=story.body,
                          warnings=story.content_warnings,
                          has_warnings=bool(story.content_warnings),
                          byline=self.byline(story.byline), month=self.month(story.month),
                          href=routes.voices_story(story.id))
