"""Stories: the members' feed, writing with the safety read, my stories, the moderators'
review, and the public Voices page (no sign-in)."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.member_text import member_markdown, member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.pages.groups_parts import text_area, warned
from portal.pages.info import crisis_lines
from portal.state.base import AppState
from portal.state.stories import (
    MyStoriesState,
    StoriesState,
    StoryReviewState,
    VoicesState,
    WriteStoryState,
)


def message(text: rx.Var, tone: rx.Var | str = "info") -> rx.Component:
    return rx.cond(text != "", rx.el.p(text, role="status", class_name="notice notice-" + tone),
                   rx.fragment())


def byline(item) -> rx.Component:
    return rx.el.p(item["byline"], " · ", item["month"], class_name="muted")


# --- the feed -------------------------------------------------------------------------

def reaction_button(story_id: rx.Var, reaction) -> rx.Component:
    return rx.el.button(
        reaction["label"], " ", reaction["count"].to_string(),
        type="button", aria_pressed=reaction["mine"].to_string(),
        on_click=StoriesState.react_to_story(story_id, reaction["kind"]),
        class_name=rx.cond(reaction["mine"], "button", "button secondary"),
    )


def reply_line(reply) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(reply["byline"]),
                rx.cond(reply["held"], rx.el.span(" · ", t("stories.reply_waiting"),
                                                  class_name="muted"), rx.fragment())),
        member_markdown(reply["body"]),
    )


def reply_form(item) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("stories.reply")),
        rx.el.form(
            rx.el.input(type="hidden", name="story_id", value=item["id"].to_string()),
            text_area("stories.reply_label", "body",
                      field_id="story-reply-" + item["id"].to_string(), max_length=2000,
                      hint_key="stories.reply_hint"),
            submit_button("stories.reply_send"),
            on_submit=StoriesState.reply_to_story, reset_on_submit=True, class_name="stack",
        ),
    )


def story_article(item) -> rx.Component:
    return rx.el.article(
        rx.el.h2(item["title"]),
        byline(item),
        warned(item["warnings"], member_markdown(item["body"], class_name="story-body")),
        rx.el.div(rx.foreach(item["reactions"],
                             lambda reaction: reaction_button(item["id"], reaction)),
                  class_name="row", role="group", aria_label=t("stories.reactions_label")),
        rx.cond(item["replies"].length() > 0,
                rx.el.ul(rx.foreach(item["replies"], reply_line), class_name="reply-list"),
                rx.fragment()),
        rx.cond(item["can_reply"], reply_form(item), rx.fragment()),
        class_name="card story-card", id="story-" + item["id"].to_string(), key=item["id"],
    )


def feed_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("stories.intro")),
        sign_in_prompt(),
        rx.cond(
            AppState.signed_in,
            rx.fragment(
                rx.el.div(
                    rx.cond(StoriesState.can_write, rx.fragment(
                        app_link(t("stories.write_link"), href=routes.STORIES_NEW,
                                 class_name="button"),
                        app_link(t("stories.mine_link"), href=routes.STORIES_MINE,
                                 class_name="button secondary")), rx.fragment()),
                    rx.cond(StoriesState.can_review,
                            app_link(t("stories.review_link"), href=routes.STORIES_REVIEW,
                                     class_name="button secondary"), rx.fragment()),
                    class_name="row",
                ),
                message(message_at("stories"), MESSAGE_TONE),
                rx.cond(StoriesState.stories.length() > 0,
                        rx.el.div(rx.foreach(StoriesState.stories, story_article),
                                  id="story-feed", class_name="stack"),
                        rx.el.p(t("stories.none_yet"), id="story-feed-empty")),
            ),
            rx.fragment(),
        ),
        heading_key="stories.title",
    )


# --- writing and the safety read ------------------------------------------------------

def choice(name: str, value: str, label_key: str, current: rx.Var) -> rx.Component:
    field_id = f"story-{name}-{value}"
    return rx.el.div(
        rx.el.input(type="radio", id=field_id, name=name, value=value,
                    default_checked=current == value, class_name="radio"),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def tick(name: str, label_key: str, current: rx.Var) -> rx.Component:
    field_id = f"story-{name}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, default_checked=current,
                    class_name="checkbox"),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def story_form() -> rx.Component:
    s = WriteStoryState
    return rx.el.form(
        rx.el.div(
            rx.el.label(t("stories.title_label"), html_for="story-title"),
            rx.el.input(id="story-title", name="title", max_length=120, required=True,
                        default_value=s.title, auto_complete="off"),
        ),
        text_area("stories.body_label", "body", field_id="story-body", max_length=20_000,
                  default_value=s.body, hint_key="stories.body_hint"),
        rx.el.div(
            rx.el.label(t("stories.warnings_label"), html_for="story-warnings"),
            rx.el.input(id="story-warnings", name="warnings", max_length=200,
                        default_value=s.warnings, auto_complete="off"),
            rx.el.p(t("stories.warnings_hint"), class_name="hint"),
        ),
        rx.el.fieldset(
            rx.el.legend(t("stories.audience_label")),
            choice("audience", "members", "stories.audience.members", s.audience),
            choice("audience", "public", "stories.audience_public_choice", s.audience),
            rx.el.p(t("stories.public_hint"), class_name="hint"),
        ),
        rx.el.fieldset(
            rx.el.legend(t("stories.signature_label")),
            choice("signature", "anonymous", "stories.signature.anonymous", s.signature),
            choice("signature", "pseudonym", "stories.signature.pseudonym", s.signature),
            choice("signature", "pen_name", "stories.signature.pen_name", s.signature),
            rx.el.div(
                rx.el.label(t("stories.pen_name_label"), html_for="story-pen-name"),
                rx.el.input(id="story-pen-name", name="pen_name", max_length=30,
                            default_value=s.pen_name, auto_complete="off"),
            ),
        ),
        tick("allow_replies", "stories.allow_replies", s.allow_replies),
        tick("search_engines", "stories.search_engines", s.search_engines),
        rx.el.p(t("stories.search_engines_hint"), class_name="hint"),
        submit_button("stories.save_and_read"),
        on_submit=WriteStoryState.save_story_draft, reset_on_submit=False,
        id="story-form", key=s.form_key.to_string(), class_name="stack",
    )


def segment(piece) -> rx.Component:
    return rx.cond(
        piece["marked"],
        rx.el.mark(piece["text"], rx.el.span(" (", piece["label"], ")",
                                             class_name="visually-hidden"),
                   class_name="story-highlight"),
        rx.el.span(piece["text"]),
    )


def _highlight_row(item, swap) -> rx.Component:
    return rx.el.li(
        rx.el.span(rx.el.mark(item["text"], class_name="story-highlight"), " · ",
                   item["label"]),
        rx.el.button(item["replace_text"], type="button", class_name="button secondary",
                     on_click=swap(item["start"], item["end"])),
        class_name="highlight-row",
    )


def highlight_row(item) -> rx.Component:
    return _highlight_row(item, WriteStoryState.replace_story_detail)


def title_highlight_row(item) -> rx.Component:
    return _highlight_row(item, WriteStoryState.replace_story_title_detail)


def safety_read() -> rx.Component:
    s = WriteStoryState
    return card(
        rx.el.h2(t("stories.safety_title")),
        rx.cond(
            (s.highlights.length() > 0) | (s.title_highlights.length() > 0),
            rx.fragment(
                rx.el.p(t("stories.safety_intro")),
                rx.cond(
                    s.title_highlights.length() > 0,
                    rx.fragment(
                        rx.el.h3(t("stories.safety_in_title")),
                        rx.el.p(rx.foreach(s.title_segments, segment),
                                class_name="user-text story-read", id="story-safety-title"),
                        rx.el.ul(rx.foreach(s.title_highlights, title_highlight_row),
                                 id="story-title-highlights", class_name="stack"),
                        rx.el.h3(t("stories.safety_in_body")),
                    ),
                    rx.fragment(),
                ),
                rx.el.p(rx.foreach(s.segments, segment), class_name="user-text story-read",
                        id="story-safety-text"),
                rx.el.ul(rx.foreach(s.highlights, highlight_row), id="story-highlights",
                         class_name="stack"),
                rx.el.p(t("stories.keep_hint"), class_name="hint"),
            ),
            rx.el.p(t("stories.safety_none"), id="story-safety-none"),
        ),
        rx.cond(
            (s.status == "draft") | (s.status == "returned") | (s.status == "unpublished"),
            rx.el.div(
                rx.el.p(t("stories.moderator_first")),
                rx.el.button(t("stories.submit"), type="button", id="story-submit",
                             on_click=WriteStoryState.submit_story_for_review,
                             class_name="button"),
            ),
            rx.el.p(t("stories.status_now"), " ", s.status_text, class_name="muted",
                    id="story-status"),
        ),
        id="story-safety",
    )


def write_page() -> rx.Component:
    return page_shell(
        sign_in_prompt(),
        rx.cond(
            AppState.signed_in,
            rx.fragment(
                rx.el.p(t("stories.write_intro")),
                message(message_at("write_story"), MESSAGE_TONE),
                card(story_form()),
                rx.cond(WriteStoryState.editing, safety_read(), rx.fragment()),
                app_link(t("stories.mine_link"), href=routes.STORIES_MINE,
                         class_name="button secondary"),
            ),
            rx.fragment(),
        ),
        heading_key="stories.write_title",
    )


# --- my stories -----------------------------------------------------------------------

def my_story_card(item) -> rx.Component:
    story_id = item["id"]
    return rx.el.li(
        rx.el.h2(item["title"]),
        rx.el.p(rx.el.span(item["status_text"], class_name="pill"), " ",
                item["audience_text"], class_name="muted"),
        rx.foreach(item["notes"], lambda note: rx.el.p(
            rx.el.strong(t("stories.moderator_note")), " ", member_plain(note),
            class_name="notice notice-info")),
        rx.cond(item["can_confirm"], rx.el.div(
            rx.el.p(t("stories.confirm_intro")),
            member_markdown(item["body"], class_name="story-body"),
            rx.el.button(t("stories.confirm"), type="button", class_name="button",
                         on_click=MyStoriesState.confirm_my_story(story_id)),
        ), rx.fragment()),
        rx.el.div(
            app_link(t("stories.edit"), href=item["edit_href"], class_name="button secondary"),
            rx.cond(item["can_submit"], rx.el.button(
                t("stories.submit"), type="button", class_name="button secondary",
                on_click=MyStoriesState.submit_my_story(story_id)), rx.fragment()),
            rx.cond(item["can_unpublish_public"], rx.el.button(
                t("stories.unpublish_public"), type="button", class_name="button secondary",
                on_click=MyStoriesState.unpublish_my_story(story_id, "public")), rx.fragment()),
            rx.cond(item["can_unpublish"], rx.el.button(
                t("stories.unpublish_everywhere"), type="button", class_name="button secondary",
                on_click=MyStoriesState.unpublish_my_story(story_id, "everywhere")),
                rx.fragment()),
            rx.el.details(
                rx.el.summary(t("stories.delete")),
                rx.el.p(t("stories.delete_sure")),
                rx.el.button(t("stories.delete_yes"), type="button", class_name="button danger",
                             on_click=MyStoriesState.delete_my_story(story_id)),
            ),
            class_name="row",
        ),
        profile_link_choice(story_id),
        class_name="card", id="my-story-" + story_id.to_string(), key=story_id,
    )


def profile_link_choice(story_id: rx.Var) -> rx.Component:
    """Issue 18, item 6: a mentor shows one published, pseudonym-signed story on her
    profile, or takes it off, at any time."""
    linked = MyStoriesState.linked_id == story_id
    return rx.cond(
        MyStoriesState.linkable_ids.contains(story_id),
        rx.el.div(
            rx.el.h3(t("stories.profile_link_title")),
            rx.el.p(t("stories.profile_link_hint"), class_name="hint"),
            rx.cond(
                linked,
                rx.fragment(
                    rx.el.p(t("stories.profile_linked"), class_name="pill"),
                    rx.el.button(t("stories.profile_unlink"), type="button",
                                 class_name="button secondary",
                                 on_click=MyStoriesState.unlink_story_from_profile,
                                 id="profile-unlink-" + story_id.to_string()),
                ),
                rx.el.button(t("stories.profile_link"), type="button",
                             class_name="button secondary",
                             on_click=MyStoriesState.link_story_to_profile(story_id),
                             id="profile-link-" + story_id.to_string()),
            ),
            class_name="stack",
        ),
        rx.fragment(),
    )


def mine_page() -> rx.Component:
    return page_shell(
        sign_in_prompt(),
        rx.cond(
            AppState.signed_in,
            rx.fragment(
                rx.el.p(t("stories.mine_intro")),
                message(message_at("my_stories"), MESSAGE_TONE),
                app_link(t("stories.write_link"), href=routes.STORIES_NEW, class_name="button"),
                rx.cond(MyStoriesState.mine.length() > 0,
                        rx.el.ul(rx.foreach(MyStoriesState.mine, my_story_card),
                                 class_name="stack", id="my-stories"),
                        rx.el.p(t("stories.mine_none"))),
            ),
            rx.fragment(),
        ),
        heading_key="stories.mine_title",
    )


# --- review ---------------------------------------------------------------------------

def review_card(item) -> rx.Component:
    return rx.el.li(
        # The title as the safety read saw it: a city or a year in it is highlighted too.
        rx.cond(item["title_marked"],
                rx.el.h2(rx.foreach(item["title_segments"], segment),
                         id="review-title-" + item["id"].to_string()),
                rx.el.h2(item["title"])),
        rx.el.p(item["byline"], " · ", item["audience_text"], " · ", item["approvals_text"],
                class_name="muted"),
        rx.cond(item["warnings"] != "", rx.el.p(rx.el.span(t("groups.cw_label"),
                                                           class_name="pill"), " ",
                                                member_plain(item["warnings"])),
                rx.fragment()),
        rx.el.p(rx.foreach(item["segments"], segment), class_name="user-text story-read"),
        rx.cond(item["approved_by_me"],
                rx.el.p(t("stories.you_approved"), class_name="muted"),
                rx.el.button(t("stories.approve"), type="button", class_name="button",
                             id="story-approve-" + item["id"].to_string(),
                             on_click=StoryReviewState.approve_story_review(item["id"]))),
        rx.el.details(
            rx.el.summary(t("stories.return")),
            rx.el.form(
                rx.el.input(type="hidden", name="story_id", value=item["id"].to_string()),
                text_area("stories.note_label", "note",
                          field_id="story-note-" + item["id"].to_string(), max_length=1000,
                          hint_key="stories.note_hint"),
                submit_button("stories.return_send"),
                on_submit=StoryReviewState.return_story_review, reset_on_submit=True,
                class_name="stack",
            ),
        ),
        class_name="card", id="review-story-" + item["id"].to_string(), key=item["id"],
    )


def held_reply_card(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["byline"]), " · ", item["story_title"], class_name="muted"),
        member_markdown(item["body"]),
        rx.el.div(
            rx.el.button(t("stories.reply_approve"), type="button", class_name="button",
                         on_click=StoryReviewState.approve_story_reply(item["id"])),
            rx.el.button(t("stories.reply_reject"), type="button",
                         class_name="button secondary",
                         on_click=StoryReviewState.reject_story_reply(item["id"])),
            class_name="row",
        ),
        class_name="card", key=item["id"],
    )


def review_page() -> rx.Component:
    return page_shell(
        rx.cond(
            AppState.signed_in,
            rx.fragment(
                rx.el.p(t("stories.review_intro")),
                message(message_at("story_review"), MESSAGE_TONE),
                rx.cond(StoryReviewState.queue.length() > 0,
                        rx.el.ul(rx.foreach(StoryReviewState.queue, review_card),
                                 class_name="stack", id="story-queue"),
                        rx.el.p(t("stories.review_none"))),
                rx.el.h2(t("stories.replies_title")),
                rx.cond(StoryReviewState.replies.length() > 0,
                        rx.el.ul(rx.foreach(StoryReviewState.replies, held_reply_card),
                                 class_name="stack"),
                        rx.el.p(t("stories.replies_none"))),
            ),
            sign_in_prompt(),
        ),
        heading_key="stories.review_title",
    )


# --- Voices (public) ------------------------------------------------------------------

def voice_article(item) -> rx.Component:
    return rx.el.article(
        rx.el.h2(app_link(item["title"], href=item["href"])),
        byline(item),
        warned(item["warnings"], member_markdown(item["body"], class_name="story-body")),
        class_name="card story-card", id="voice-" + item["id"].to_string(), key=item["id"],
    )


def help_card() -> rx.Component:
    return card(
        rx.el.h2(t("voices.help_title")),
        rx.el.p(t("voices.help_body")),
        app_link(t("voices.resources_link"), href=routes.RESOURCES, class_name="button"),
        crisis_lines(),
        class_name="mt",
    )


def voices_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("voices.intro")),
        rx.cond(VoicesState.voices.length() > 0,
                rx.el.div(rx.foreach(VoicesState.voices, voice_article), id="voices",
                          class_name="stack"),
                rx.el.p(t("voices.none_yet"), id="voices-empty")),
        help_card(),
        heading_key="voices.title",
    )


def voice_story_page() -> rx.Component:
    """One public story on its own page (/voices/story?id=N): the one page search
    engines may index, and only when its author chose that (security_headers.py)."""
    return page_shell(
        rx.cond(VoicesState.voices.length() > 0,
                rx.el.div(rx.foreach(VoicesState.voices, voice_article), id="voices",
                          class_name="stack"),
                rx.el.p(t("voices.story_missing"), id="voices-empty")),
        rx.el.p(app_link(t("voices.all_link"), href=routes.VOICES)),
        help_card(),
        heading_key="voices.title",
    )
