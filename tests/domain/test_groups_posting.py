"""The pure rules a group post passes: whether a thread takes a reply, whether a post may
still be edited, and the judgement on its words and author (``judge_post``); and the
judgement on a private message between mentor and mentee (``judge_private_message``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from portal.domain.groups import (
    EDIT_WINDOW,
    HoldReason,
    PostStatus,
    edit_refusal,
    reply_refusal,
)
from portal.domain.moderation_policy import (
    AuthorStanding,
    MessageVerdict,
    PostingPolicy,
    PostVerdict,
    TrustLevel,
    judge_post,
    judge_private_message,
)
from portal.domain.moderation_words import WatchCategory

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
TRUSTED = AuthorStanding(trust=TrustLevel.TRUSTED, approved_posts=20)
NEWCOMER = AuthorStanding(trust=TrustLevel.NEW, approved_posts=0)


@dataclass(frozen=True)
class Findings:
    held: bool = False
    blocked: bool = False
    urgent: bool = False
    reasons: tuple[str, ...] = ()
    reason_keys: tuple[str, ...] = ()
    show_crisis_resources: bool = False


NOTHING = Findings()
CRISIS = Findings(held=True, urgent=True, reasons=(HoldReason.CRISIS.value,),
                  reason_keys=("moderation.crisis_support",), show_crisis_resources=True)
DETAILS = Findings(held=True, reasons=(HoldReason.PERSONAL_DETAILS.value,),
                   reason_keys=("moderation.held_personal_details",))
SLUR = Findings(blocked=True, reasons=(HoldReason.SLUR.value,),
                reason_keys=("moderation.blocked_slur",))


def judge(*, author=TRUSTED, text="I found a quiet place to read today.", findings=NOTHING,
          **options):
    return judge_post(policy=PostingPolicy(), author=author, now=NOW, text=text,
                      findings=findings, is_thread=options.pop("is_thread", False), **options)


# --- reply_refusal ------------------------------------------------------------------------

def test_a_published_open_thread_takes_a_reply():
    assert reply_refusal(thread_status=PostStatus.VISIBLE, locked=False, moderator=False,
                         blocked_with_author=False) is None


@pytest.mark.parametrize("status", [PostStatus.HELD, PostStatus.REJECTED, PostStatus.HIDDEN])
def test_a_thread_not_published_takes_no_reply(status):
    assert reply_refusal(thread_status=status, locked=False, moderator=True,
                         blocked_with_author=False) == "groups.reply_not_possible"


def test_a_locked_thread_takes_replies_from_its_moderators_only():
    assert reply_refusal(thread_status=PostStatus.VISIBLE, locked=True, moderator=False,
                         blocked_with_author=False) == "groups.thread_locked"
    assert reply_refusal(thread_status=PostStatus.VISIBLE, locked=True, moderator=True,
                         blocked_with_author=False) is None


def test_a_block_with_the_named_author_refuses_a_reply_even_for_a_moderator():
    assert reply_refusal(thread_status=PostStatus.VISIBLE, locked=False, moderator=True,
                         blocked_with_author=True) == "groups.reply_not_possible"


def test_a_locked_thread_says_locked_before_it_says_blocked():
    assert reply_refusal(thread_status=PostStatus.VISIBLE, locked=True, moderator=False,
                         blocked_with_author=True) == "groups.thread_locked"


# --- edit_refusal -------------------------------------------------------------------------

@pytest.mark.parametrize("status", [PostStatus.VISIBLE, PostStatus.HELD])
def test_a_published_or_held_post_may_be_edited_within_the_window(status):
    assert edit_refusal(post_status=status, created_at=NOW - EDIT_WINDOW, now=NOW) is None


@pytest.mark.parametrize("status", [PostStatus.REJECTED, PostStatus.HIDDEN, PostStatus.DELETED])
def test_a_rejected_hidden_or_deleted_post_cannot_be_edited(status):
    assert edit_refusal(post_status=status, created_at=NOW, now=NOW) == "groups.cannot_edit_now"


def test_an_edit_after_the_window_is_refused():
    late = NOW - EDIT_WINDOW - timedelta(seconds=1)
    assert edit_refusal(post_status=PostStatus.VISIBLE, created_at=late,
                        now=NOW) == "groups.edit_window_over"


# --- judge_post ---------------------------------------------------------------------------

def test_a_trusted_members_everyday_post_is_published_with_nothing_to_say():
    judgement = judge()
    assert judgement.verdict is PostVerdict.VISIBLE
    assert judgement.reasons == () and judgement.message_keys == ()
    assert not judgement.urgent and not judgement.show_crisis_resources


def test_a_new_members_first_posts_are_held_and_they_are_told_why():
    judgement = judge(author=NEWCOMER)
    assert judgement.verdict is PostVerdict.HELD
    assert judgement.reasons == (HoldReason.NEW_MEMBER.value,)
    assert judgement.message_keys == ("moderation.posting_held_new_member",)
    assert not judgement.urgent


def test_watched_words_hold_with_their_own_reasons_and_urgency():
    judgement = judge(findings=CRISIS)
    assert judgement.verdict is PostVerdict.HELD
    assert judgement.reasons == (HoldReason.CRISIS.value,)
    assert judgement.message_keys == ("moderation.crisis_support",)
    assert judgement.urgent and judgement.show_crisis_resources


def test_a_new_members_watched_post_lists_the_new_member_reason_first():
    judgement = judge(author=NEWCOMER, findings=DETAILS)
    assert judgement.reasons == (HoldReason.NEW_MEMBER.value, HoldReason.PERSONAL_DETAILS.value)
    assert judgement.message_keys == ("moderation.held_personal_details",)


def test_crisis_words_the_watch_list_lets_through_still_bring_support():
    # Site staff's crisis words are not held, but the support message still shows.
    staff_crisis = Findings(urgent=True, reasons=(HoldReason.CRISIS.value,),
                            reason_keys=("moderation.crisis_support",),
                            show_crisis_resources=True)
    published = judge(findings=staff_crisis)
    assert published.verdict is PostVerdict.VISIBLE
    assert published.message_keys == ("moderation.crisis_support",)
    assert published.reasons == () and not published.urgent
    held = judge(author=NEWCOMER, findings=staff_crisis)
    assert held.verdict is PostVerdict.HELD
    assert held.message_keys == ("moderation.crisis_support",
                                 "moderation.posting_held_new_member")
    assert not held.urgent  # only the watch list's own hold is urgent


def test_a_hurtful_word_blocks_with_the_watch_lists_reasons():
    judgement = judge(author=NEWCOMER, findings=SLUR)
    assert judgement.verdict is PostVerdict.BLOCKED
    assert judgement.reasons == (HoldReason.SLUR.value,)
    assert judgement.message_keys == ("moderation.blocked_slur",)
    assert not judgement.urgent


def test_a_mute_refuses_before_the_words_are_judged():
    muted = AuthorStanding(trust=TrustLevel.TRUSTED, approved_posts=20,
                           muted_until=NOW + timedelta(hours=1))
    judgement = judge(author=muted, findings=SLUR)
    assert judgement.verdict is PostVerdict.REFUSED
    assert judgement.message_keys == ("moderation.posting_muted",)


def test_a_new_member_waits_between_posts_and_is_told_how_long():
    judgement = judge(author=NEWCOMER, recent_post_times=(NOW - timedelta(seconds=10),))
    assert judgement.verdict is PostVerdict.REFUSED
    assert judgement.message_keys == ("moderation.posting_too_soon",)
    assert judgement.params == {"seconds": 20}


def test_a_new_members_fourth_thread_of_the_day_is_refused_but_a_reply_is_not():
    refused = judge(author=NEWCOMER, is_thread=True, threads_today=3)
    assert refused.verdict is PostVerdict.REFUSED
    assert refused.message_keys == ("moderation.posting_thread_limit",)
    assert refused.params == {"limit": 3}
    assert judge(author=NEWCOMER, threads_today=3).verdict is PostVerdict.HELD


def test_links_wait_for_trust():
    text = "Have a look at example.com"
    member = AuthorStanding(trust=TrustLevel.MEMBER, approved_posts=5)
    assert judge(author=member, text=text).message_keys == ("moderation.posting_links_not_yet",)
    assert judge(author=TRUSTED, text=text).verdict is PostVerdict.VISIBLE


def test_posting_without_a_name_where_the_group_does_not_allow_it_is_refused_first():
    muted = AuthorStanding(trust=TrustLevel.NEW, approved_posts=0,
                           muted_until=NOW + timedelta(hours=1))
    judgement = judge(author=muted, anonymous=True, anonymous_allowed=False)
    assert judgement.verdict is PostVerdict.REFUSED
    assert judgement.message_keys == ("groups.anonymous_not_here",)
    assert judge(anonymous=True, anonymous_allowed=True).verdict is PostVerdict.VISIBLE


def test_group_moderators_and_staff_are_never_limited_but_their_words_are_still_judged():
    staff = AuthorStanding(trust=TrustLevel.NEW, approved_posts=0, is_staff=True,
                           muted_until=NOW + timedelta(hours=1))
    assert judge(author=staff, is_thread=True, threads_today=9,
                 text="see example.com").verdict is PostVerdict.VISIBLE
    assert judge(author=staff, findings=SLUR).verdict is PostVerdict.BLOCKED


# --- judge_private_message ----------------------------------------------------------------

@dataclass(frozen=True)
class MessageFindings:
    blocked: bool = False
    urgent: bool = False
    categories: frozenset = frozenset()
    show_crisis_resources: bool = False


def test_an_everyday_message_is_delivered_with_nothing_to_say():
    judgement = judge_private_message(findings=MessageFindings(), writer_is_staff=False)
    assert judgement.verdict is MessageVerdict.DELIVERED
    assert judgement.message_keys == ()


def test_crisis_words_reach_the_partner_and_the_writer_sees_support():
    crisis = MessageFindings(urgent=True, categories=frozenset({WatchCategory.CRISIS}),
                             show_crisis_resources=True)
    judgement = judge_private_message(findings=crisis, writer_is_staff=False)
    assert judgement.verdict is MessageVerdict.DELIVERED
    assert judgement.message_keys == ("moderation.crisis_support",)


def test_personal_details_wait_for_a_moderator_and_the_writer_is_told_why():
    details = MessageFindings(categories=frozenset({WatchCategory.PERSONAL_DETAILS}))
    judgement = judge_private_message(findings=details, writer_is_staff=False)
    assert judgement.verdict is MessageVerdict.HELD
    assert judgement.message_keys == ("mentoring.message_held_personal_details",)


def test_recruitment_waits_for_a_moderator_but_never_site_staffs_words():
    recruitment = MessageFindings(urgent=True,
                                  categories=frozenset({WatchCategory.RECRUITMENT}))
    held = judge_private_message(findings=recruitment, writer_is_staff=False)
    assert held.verdict is MessageVerdict.HELD
    assert held.message_keys == ("mentoring.message_held_review",)
    staff = judge_private_message(findings=recruitment, writer_is_staff=True)
    assert staff.verdict is MessageVerdict.DELIVERED


def test_a_hurtful_word_alone_is_refused_and_with_crisis_words_is_held():
    slur = MessageFindings(blocked=True, categories=frozenset({WatchCategory.SLUR}))
    refused = judge_private_message(findings=slur, writer_is_staff=False)
    assert refused.verdict is MessageVerdict.REFUSED
    assert refused.message_keys == ("mentoring.message_blocked_slur",)
    urgent = MessageFindings(blocked=True, urgent=True, show_crisis_resources=True,
                             categories=frozenset({WatchCategory.SLUR, WatchCategory.CRISIS}))
    held = judge_private_message(findings=urgent, writer_is_staff=False)
    assert held.verdict is MessageVerdict.HELD
    assert held.message_keys == ("moderation.crisis_support", "mentoring.message_held_review")
