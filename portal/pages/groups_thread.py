"""One conversation in a group: posts, reactions, replying, and the tools around a post."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from portal import routes
from portal.components.forms import answer_area, answer_lines, submit_button
from portal.components.links import app_link
from portal.components.member_text import member_markdown
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.moderation import FlagReason
from portal.pages.groups_parts import (
    checkbox,
    crisis_in_place,
    text_area,
    warned,
    warning_toggle,
)
from portal.state.groups_thread import REACTION_KINDS, GroupThreadState, PostItem

S = GroupThreadState


def _status_line(post) -> rx.Component:
    return rx.match(
        post["status"],
        ("held", rx.el.p(t("groups.waiting_for_review"), class_name="notice post-status",
                         role="status")),
        ("rejected", rx.el.p(t("groups.not_published"), " ", post["rejection"],
                             class_name="notice notice-error post-status")),
        ("hidden", rx.el.p(t("groups.hidden_for_review"), class_name="notice post-status")),
        rx.fragment(),
    )


def _reaction(post, number: int, kind: str) -> rx.Component:
    count, mine = post["reaction_counts"][number], post["reacted"][number]
    return rx.el.button(
        t(f"groups.reaction_{kind}"),
        rx.cond(count > 0, " " + count.to_string(), ""),
        on_click=S.react_to_post(post["id"], kind),
        aria_pressed=mine.to_string(),
        class_name=rx.cond(mine, "reaction reaction-on", "reaction"),
        type="button")


def _reactions(post) -> rx.Component:
    return rx.cond(
        post["can_react"],
        rx.el.div(
            *[_reaction(post, number, kind) for number, kind in enumerate(REACTION_KINDS)],
            class_name="row reactions", role="group", aria_label=t("groups.reactions_label"),
        ),
        rx.fragment(),
    )


def _edit_form(post) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("groups.edit")),
        rx.el.form(
            rx.el.input(type="hidden", name="post_id", value=post["id"].to_string()),
            text_area("groups.field_body", "body", field_id=f"edit-body-{post['id']}",
                      default_value=post["body"]),
            rx.el.div(
                rx.el.label(t("groups.cw_field"), html_for=f"edit-warning-{post['id']}"),
                rx.el.input(id=f"edit-warning-{post['id']}", name="content_warning",
                            max_length=100, default_value=post["warning"]),
            ),
            submit_button("groups.save_edit"),
            on_submit=S.edit_post, class_name="stack"),
        class_name="post-tool",
    )


def _flag_form(post) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("groups.report")),
        rx.el.form(
            rx.el.input(type="hidden", name="post_id", value=post["id"].to_string()),
            rx.el.div(
                rx.el.label(t("groups.report_reason"), html_for=f"flag-reason-{post['id']}"),
                rx.el.select(*[rx.el.option(t(reason.message_key), value=reason.value)
                               for reason in FlagReason],
                             id=f"flag-reason-{post['id']}", name="reason",
                             default_value="harassment"),
            ),
            rx.el.div(
                rx.el.label(t("groups.report_note"), html_for=f"flag-note-{post['id']}"),
                rx.el.input(id=f"flag-note-{post['id']}", name="note", max_length=300),
            ),
            submit_button("groups.report_send", tone="secondary"),
            on_submit=S.flag_post, class_name="stack"),
        class_name="post-tool",
    )


def _flag_answer(post) -> rx.Component:
    """A report's answer under the post reported (issue 13, item 2)."""
    mine = (S.thread_answer_at == "flag") & (S.flag_post_id == post["id"])
    return answer_area(rx.cond(mine, S.thread_messages.join(" "), ""),
                       rx.cond(mine, S.thread_tone, "info"),
                       id="flag-answer-" + post["id"].to_string())


def _tools(post) -> rx.Component:
    return rx.el.div(
        rx.cond(post["can_edit"], _edit_form(post), rx.fragment()),
        # Once she reported a post, no second report form is offered.
        rx.cond(post["can_flag"], _flag_form(post),
                rx.cond(post["reported"],
                        rx.el.p(t("groups.reported_by_you"), class_name="pill reported-pill"),
                        rx.fragment())),
        _flag_answer(post),
        rx.el.div(
            rx.cond(post["can_delete"],
                    rx.el.button(t("groups.delete"), on_click=S.delete_post(post["id"]),
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            rx.cond(post["can_block"],
                    rx.el.button(t("groups.block_author"), on_click=S.block_author(post["id"]),
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            rx.cond(post["can_hide"],
                    rx.el.button(t("groups.hide"), on_click=S.hide_post(post["id"]),
                                 class_name="button danger", type="button"),
                    rx.fragment()),
            class_name="row"),
        class_name="post-tools",
    )


def as_shown(post):
    """A post's entry as the page shows it: a newer entry a live push sent alone
    (``post_updates``) over the one in the list."""
    return post.merge(S.post_updates[post["id"].to_string()]).to(ObjectVar, PostItem)


def post_article(post) -> rx.Component:
    post = as_shown(post)
    return rx.el.article(
        rx.el.p(rx.el.strong(post["author"]), " · ",
                rx.el.span(post["when"], class_name="muted"),
                rx.cond(post["edited"] != "",
                        rx.el.span(" · ", post["edited"], class_name="muted"), rx.fragment()),
                class_name="post-meta"),
        _status_line(post),
        warned(post["warning"], member_markdown(post["body"])),
        _reactions(post),
        _tools(post),
        class_name="card post",
        custom_attrs={"data-post-status": post["status"]},
        key=post["id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def _reply_answer() -> rx.Component:
    return _answer_lines_at("reply", id="reply-answer")


def _answer_lines_at(place: str, *, id: str) -> rx.Component:  # noqa: A002 (an element id)
    """The thread's answer when it belongs at ``place`` ("thread" or "reply")."""
    here = S.thread_answer_at == place
    return answer_lines(rx.cond(here, S.thread_messages, []), rx.cond(here, S.thread_tone, "info"),
                        id=id)


def _reply_form() -> rx.Component:
    """The reply form, or crisis support in its place (issue 13, item 3); the answer to a
    reply sits right under it (item 2)."""
    return rx.cond(
        S.show_crisis,
        crisis_in_place(S.return_to_my_words, _reply_answer()),
        _reply_card(),
    )


def _reply_card() -> rx.Component:
    return card(
        rx.el.h2(t("groups.reply_title")),
        rx.el.form(
            rx.el.input(type="hidden", name="thread_id", value=S.thread_id.to_string()),
            text_area("groups.field_reply", "body", field_id="reply-body",
                      hint_key="groups.body_hint", default_value=S.kept_body),
            warning_toggle("reply"),
            rx.cond(S.anonymous_allowed,
                    checkbox("anonymous", "groups.post_without_name",
                             field_id="reply-anonymous"),
                    rx.fragment()),
            submit_button("groups.reply_button"),
            on_submit=S.post_reply, reset_on_submit=False, class_name="stack", id="reply-form",
            key=S.reply_serial),
        _reply_answer(),
    )


def _moderator_bar() -> rx.Component:
    return rx.cond(
        S.can_moderate_thread,
        rx.el.div(
            rx.cond(S.thread_locked,
                    rx.el.button(t("groups.unlock"), on_click=S.unlock_thread(S.thread_id),
                                 class_name="button secondary", type="button"),
                    rx.el.button(t("groups.lock"), on_click=S.lock_thread(S.thread_id),
                                 class_name="button secondary", type="button")),
            rx.cond(S.thread_pinned,
                    rx.el.button(t("groups.unpin"), on_click=S.unpin_thread(S.thread_id),
                                 class_name="button secondary", type="button"),
                    rx.el.button(t("groups.pin"), on_click=S.pin_thread(S.thread_id),
                                 class_name="button secondary", type="button")),
            class_name="row moderator-bar", aria_label=t("groups.moderate_title"),
            role="group"),
        rx.fragment(),
    )


def thread_page() -> rx.Component:
    return page_shell(
        rx.cond(S.thread_group_href != "",
                rx.el.p(app_link(t("groups.back_to_group"), href=S.thread_group_href,
                                 class_name="text-link"), " · ",
                        rx.el.span(S.thread_group_name, class_name="muted")),
                rx.el.p(app_link(t("groups.back_to_list"), href=routes.GROUPS,
                                 class_name="text-link"))),
        _answer_lines_at("thread", id="thread-answer"),
        rx.cond(
            S.thread_ready,
            rx.fragment(
                rx.el.h2(S.thread_title, id="thread-title"),
                rx.el.div(
                    rx.cond(S.thread_pinned, rx.el.span(t("groups.pinned"), class_name="pill"),
                            rx.fragment()),
                    rx.cond(S.thread_locked, rx.el.span(t("groups.locked"), class_name="pill"),
                            rx.fragment()),
                    class_name="row"),
                _moderator_bar(),
                rx.el.div(rx.foreach(S.posts, post_article), id="posts"),
                # Issue 15: replies that arrived while she reads, behind one calm bar.
                rx.el.div(
                    rx.cond(S.new_replies > 0,
                            rx.el.button(S.new_replies_text, on_click=S.show_new_replies,
                                         class_name="button new-replies-bar", type="button",
                                         id="new-replies"),
                            rx.fragment()),
                    role="status", aria_live="polite", class_name="new-replies-area"),
                rx.cond(S.has_more_posts,
                        rx.el.button(t("groups.more_posts"), on_click=S.show_more_posts,
                                     class_name="button secondary", type="button"),
                        rx.fragment()),
                rx.cond(S.can_reply, _reply_form(),
                        rx.cond(S.thread_locked,
                                rx.el.p(t("groups.thread_locked"), class_name="muted"),
                                rx.fragment())),
            ),
            rx.fragment(),
        ),
        heading_key="groups.thread_heading",
    )
