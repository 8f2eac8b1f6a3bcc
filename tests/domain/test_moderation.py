"""Moderation rules: watched words, detectors, verdicts, trust, posting limits, flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain import moderation as moderation_module
from portal.domain import moderation_flags, moderation_policy, moderation_words
from portal.domain.moderation import (
    DEFAULT_WATCHED_WORDS,
    AuthorStanding,
    FlagReason,
    InvalidPattern,
    ModerationAction,
    PostingOutcome,
    PostingPolicy,
    ReviewItem,
    TrustLevel,
    WatchCategory,
    WatchedWord,
    can_flag,
    check_posting,
    evaluate_text,
    is_muted,
    is_urgent_review,
    queue_sort_key,
    should_hide,
    trust_level,
    validate_watched_word,
)

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


def verdict(text: str, words=DEFAULT_WATCHED_WORDS, **options):
    return evaluate_text(text, watched_words=words, **options)


def phrase(text: str, category=WatchCategory.RECRUITMENT) -> WatchedWord:
    return WatchedWord(text, category)


# ------------------------------------------------------------ matching


@pytest.mark.parametrize(
    "text",
    ["send money", "SEND MONEY", "Send   money", "send-money", "send... money", "send\nmoney",
     "ｓｅｎｄ ｍｏｎｅｙ", "se\u200bnd money", "please send_money now"],
)
def test_phrase_matches_despite_case_spacing_punctuation_and_disguises(text):
    assert verdict(text, [phrase("send money")]).action is ModerationAction.HOLD


@pytest.mark.parametrize("text", ["resend money", "sendmoney", "send more money"])
def test_phrase_matches_whole_words_in_order_only(text):
    assert verdict(text, [phrase("send money")]).allowed


def test_phrase_ignores_accents_on_either_side():
    assert not verdict("ENVÍAME DINERO ya", [phrase("enviame dinero")]).allowed
    assert not verdict("enviame dinero", [phrase("envíame dinero")]).allowed


@pytest.mark.parametrize("text", ["I can't go on", "I can’t go on", "i cant go on"])
def test_apostrophe_variants_are_the_same_word(text):
    assert WatchCategory.CRISIS in verdict(text).categories


def test_plain_phrase_is_literal_not_a_regex():
    words = [phrase("a.c (job)+")]
    assert not verdict("an a.c job offer", words).allowed
    assert verdict("abc job", words).allowed
    assert verdict("a.c jobjob", words).allowed


def test_regex_entry_is_case_insensitive_and_accent_blind():
    words = [WatchedWord(r"\bdinero\W+f[aá]cil\b", WatchCategory.RECRUITMENT, is_regex=True)]
    assert not verdict("DINERO FÁCIL aquí", words).allowed


@pytest.mark.parametrize(
    ("pattern", "is_regex", "code"),
    [
        ("", False, "empty"),
        ("   ", True, "empty"),
        ("x" * 201, False, "too_long"),
        ("!!! ...", False, "no_letters"),
        ("(unclosed", True, "invalid_regex"),
        (r"(a)\1", True, "invalid_regex"),
        (r"(?=money)\w+", True, "invalid_regex"),
        (r"(\w{0,99}){0,99}x", True, "too_complex"),
        ("(x{1,1000}){1,1000}", True, "too_complex"),
    ],
)
def test_unusable_or_catastrophic_patterns_are_rejected_with_a_reason(pattern, is_regex, code):
    with pytest.raises(InvalidPattern) as caught:
        validate_watched_word(WatchedWord(pattern, WatchCategory.SLUR, is_regex=is_regex))
    assert caught.value.code == code
    assert caught.value.message_key == f"moderation.pattern.{code}"


# Shapes that backtrack catastrophically on a backtracking engine (Python's ``re``).
PATHOLOGICAL_PATTERNS = [
    "(a+)+$", "(a|aa)*b", "(.*)*x", ".*money", r"(\w+\s?)+$", r"\w*\w*\w*\w*!",
    r"\s*\s*\s*\s*\s*x", r"\w{0,99}\w{0,99}\w{0,99}\w{0,99}\w{0,99}!", "a{1,1000}",
]


@pytest.mark.parametrize("pattern", PATHOLOGICAL_PATTERNS)
def test_pathological_patterns_run_on_the_linear_time_engine(pattern):
    """Each pattern that would freeze a backtracking engine is compiled by RE2, whose
    matching time grows linearly with the text whatever the pattern (issue 12), and
    checks 10,000 characters. (How fast: bench/watched_words.py, never timed here.)"""
    word = WatchedWord(pattern, WatchCategory.SLUR, is_regex=True)
    validate_watched_word(word)
    compiled = moderation_words.compile_watched_words([word])
    assert compiled.skipped == ()
    assert [type(regex.compiled).__module__ for regex in compiled.regexes] == ["re2"]
    for text in ("a" * 10_000, "ab " * 3_333, "x" + " " * 9_999):
        moderation_words.find_watched_words(text, compiled)


@pytest.mark.parametrize(
    "pattern",
    [r"\bsend\s+(?:me\s+)?money\b", r"\bkill(?:ing)?\W+my\W*self\b", r"\bmodel.{0,20}job\b"],
)
def test_reasonable_regexes_are_accepted(pattern):
    validate_watched_word(WatchedWord(pattern, WatchCategory.RECRUITMENT, is_regex=True))


def test_every_default_watched_word_is_valid():
    for word in DEFAULT_WATCHED_WORDS:
        validate_watched_word(word)


def test_defaults_cover_every_category_in_english_and_spanish():
    categories = {word.category for word in DEFAULT_WATCHED_WORDS}
    assert categories == set(WatchCategory)


def test_invalid_entries_in_a_stored_list_are_skipped_not_raised():
    words = [WatchedWord(r"(a)\1", WatchCategory.SLUR, is_regex=True), phrase("send money")]
    assert verdict("please send money", words).action is ModerationAction.HOLD
    assert moderation_words.compile_watched_words(words).skipped == (words[0],)


def test_a_list_compiles_once_and_a_changed_list_compiles_afresh():
    """The same tuple is recognised without hashing it; an equal list gives the same
    compiled list; a changed one (a new entry) is compiled again and matches it."""
    words = (phrase("send money"),)
    first = moderation_words.compile_watched_words(words)
    assert moderation_words.compile_watched_words(words) is first
    assert moderation_words.compile_watched_words(list(words)) is first
    changed = (*words, phrase("bus ticket"))
    again = moderation_words.compile_watched_words(changed)
    assert again is not first
    assert verdict("a bus ticket for you", changed).action is ModerationAction.HOLD
    assert verdict("a bus ticket for you", words).action is not ModerationAction.HOLD
    assert moderation_words.compile_watched_words(words) is first


def test_a_long_text_is_matched_across_window_boundaries():
    text = "calm words " * 300 + "please send money" + " more calm words" * 300
    assert verdict(text, [phrase("send money")]).action is ModerationAction.HOLD
    regex = [WatchedWord(r"\bsend\s+money\b", WatchCategory.RECRUITMENT, is_regex=True)]
    assert verdict(text, regex).action is ModerationAction.HOLD


# ------------------------------------------------------------ categories


@pytest.mark.parametrize(
    "text",
    ["meet me at the station", "my insta is ana.b", "add me on telegram",
     "nos vemos en la plaza", "mi número es este", "sígueme en tiktok", "mi insta: ana"],
)
def test_personal_details_phrases_hold_and_tell_the_author_why(text):
    result = verdict(text)
    assert result.action is ModerationAction.HOLD and not result.urgent
    assert result.reason_keys == ("moderation.held_personal_details",)


@pytest.mark.parametrize(
    "text",
    ["call 600 123 456", "+34 600 12 34 56", "(555) 123-4567", "555.123.4567",
     "text +1 555 123 4567 tonight", "tel:600123456", "ana@example.org",
     "ana at gmail dot com", "ana [at] proton [dot] me", "ana arroba hotmail punto com",
     "I live at 221B Baker Street", "10 Elm St.", "vivo en calle Mayor 12",
     "C/ Alcalá, 45", "Av. Reforma #222", "follow @ana_22"],
)
def test_detectors_find_phones_emails_addresses_and_handles(text):
    result = verdict(text, [])
    assert result.categories == {WatchCategory.PERSONAL_DETAILS}
    assert result.matches[0].source.startswith("detector:")


@pytest.mark.parametrize(
    "text",
    ["Group meets at 10:30 on 2024-05-01", "I was there from 2019 to 2024", "2019-2024",
     "on 01/05/2024 at 10:30", "10.30-11.45", "it cost $1.000.000", "1,000,000 people",
     "1.500.000 pesos", "pi is 3.14159265", "I walked 3 blocks down the street",
     "di un paseo de 2 horas", "100% sure", "meet @ 5", "look at this dot com"],
)
def test_times_dates_years_and_prices_are_not_personal_details(text):
    assert verdict(text, []).allowed


def test_detectors_can_be_turned_off():
    assert verdict("call 600 123 456", [], detect_personal_details_builtin=False).allowed


@pytest.mark.parametrize(
    "text",
    ["Great job offer abroad!", "just send money by western union", "message me on WhatsApp",
     "easy money, no experience needed", "modeling job in Dubai", "come work for me",
     "oferta de trabajo en el extranjero", "envíame dinero", "dinero fácil",
     "háblame al WhatsApp", "trabajo de modelo", "ven a trabajar para mí"],
)
def test_recruitment_holds_urgently_with_a_neutral_reason(text):
    result = verdict(text)
    assert result.action is ModerationAction.HOLD and result.urgent
    assert not result.show_crisis_resources
    assert result.reason_keys == ("moderation.held_review",)


@pytest.mark.parametrize(
    "text",
    ["I want to kill myself", "I can't go on", "i wanna die", "I just want to end it all",
     "thinking about suicide", "I keep hurting myself", "quiero morirme", "no puedo más",
     "me voy a matar", "quiero acabar con todo", "voy a cortarme", "pienso en el suicidio",
     "quiero cortarme los brazos otra vez", "Voy a cortarme, ya no aguanto"],
)
def test_crisis_holds_urgently_and_shows_resources_to_the_author(text):
    result = verdict(text)
    assert result.action is ModerationAction.HOLD and result.urgent
    assert result.show_crisis_resources
    assert result.reason_keys == ("moderation.crisis_support", "moderation.held_review")


@pytest.mark.parametrize("text", ["you whore", "SLUTS", "eres una puta", "zorra", "maricón"])
def test_slur_blocks_with_a_kind_message(text):
    result = verdict(text)
    assert result.action is ModerationAction.BLOCK
    assert result.reason_keys == ("moderation.blocked_slur",)


def test_crisis_still_shows_resources_when_blocked_for_a_slur():
    result = verdict("I'm such a whore, I want to die")
    assert result.action is ModerationAction.BLOCK
    assert result.show_crisis_resources and result.urgent
    assert result.reason_keys == ("moderation.crisis_support", "moderation.blocked_slur")


def test_block_beats_an_urgent_hold_but_stays_urgent():
    result = verdict("send money, you slut")
    assert result.action is ModerationAction.BLOCK and result.urgent
    assert result.categories == {WatchCategory.SLUR, WatchCategory.RECRUITMENT}


def test_urgent_hold_with_personal_details_explains_the_details():
    result = verdict("easy money, call 600 123 456")
    assert result.action is ModerationAction.HOLD and result.urgent
    assert result.reason_keys == ("moderation.held_personal_details",)


@pytest.mark.parametrize(
    "text",
    ["Today I talked to my mentor and it went well.", "It doesn't work for me.",
     "There's a chink in the armour.", "Voy a cortarme el pelo mañana.", "Quiero cortarme las uñas",
     "El tren va retrasado.", "My career took 4 years.", "Hoy me siento mejor, gracias."],
)
def test_everyday_text_is_allowed(text):
    result = verdict(text)
    assert result.allowed and result.reason_keys == () and not result.urgent


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())))
def test_evaluate_text_never_raises_on_any_unicode(text):
    result = verdict(text)
    assert isinstance(result.action, ModerationAction)
    assert result.allowed == (result.matches == ())


# ------------------------------------------------------------ trust and posting


@pytest.mark.parametrize(
    ("approved", "age", "rejected", "expected"),
    [
        (0, timedelta(0), 0, TrustLevel.NEW),
        (3, timedelta(hours=2), 0, TrustLevel.NEW),
        (3, timedelta(days=1), 0, TrustLevel.MEMBER),
        (10, timedelta(days=13), 0, TrustLevel.MEMBER),
        (10, timedelta(days=14), 0, TrustLevel.TRUSTED),
        (50, timedelta(days=100), 1, TrustLevel.MEMBER),
        (50, timedelta(days=100), 3, TrustLevel.NEW),
    ],
)
def test_trust_rises_with_posts_and_time_and_falls_with_rejections(
    approved, age, rejected, expected
):
    level = trust_level(approved_posts=approved, account_age=age, rejected_recent=rejected)
    assert level is expected


def post(author, *, recent=(), threads_today=0, is_thread=False, link=False, policy=None):
    return check_posting(
        policy=policy or PostingPolicy(),
        author=author,
        now=NOW,
        recent_post_times=list(recent),
        threads_today=threads_today,
        is_thread=is_thread,
        contains_link=link,
    )


NEWCOMER = AuthorStanding(trust=TrustLevel.NEW, approved_posts=0)
NEW_BUT_APPROVED = AuthorStanding(trust=TrustLevel.NEW, approved_posts=3)
MEMBER = AuthorStanding(trust=TrustLevel.MEMBER, approved_posts=5)
TRUSTED = AuthorStanding(trust=TrustLevel.TRUSTED, approved_posts=30)


def test_first_three_posts_are_held_for_review():
    decision = post(AuthorStanding(trust=TrustLevel.NEW, approved_posts=2))
    assert decision.outcome is PostingOutcome.HELD_FOR_REVIEW and decision.may_post
    assert decision.message_key == "moderation.posting_held_new_member"
    assert post(NEW_BUT_APPROVED).outcome is PostingOutcome.ALLOWED


def test_number_of_held_posts_is_configurable():
    assert post(NEWCOMER, policy=PostingPolicy(pre_moderated_posts=0)).outcome is (
        PostingOutcome.ALLOWED
    )


def test_new_member_waits_thirty_seconds_between_posts():
    decision = post(NEW_BUT_APPROVED, recent=[NOW - timedelta(seconds=10)])
    assert decision.outcome is PostingOutcome.REFUSED and not decision.may_post
    assert decision.message_key == "moderation.posting_too_soon"
    assert decision.retry_after_seconds == 20 and decision.params == {"seconds": 20}
    assert post(NEW_BUT_APPROVED, recent=[NOW - timedelta(seconds=30)]).may_post


def test_new_member_starts_three_threads_a_day_but_may_still_reply():
    decision = post(NEW_BUT_APPROVED, threads_today=3, is_thread=True)
    assert decision.message_key == "moderation.posting_thread_limit"
    assert decision.retry_after_seconds == 9 * 3600  # until midnight UTC
    assert decision.params == {"limit": 3}
    assert post(NEW_BUT_APPROVED, threads_today=3, is_thread=False).may_post
    assert post(NEW_BUT_APPROVED, threads_today=2, is_thread=True).may_post


def test_members_are_not_held_to_new_member_limits():
    decision = post(MEMBER, recent=[NOW - timedelta(seconds=1)], threads_today=9, is_thread=True)
    assert decision.outcome is PostingOutcome.ALLOWED


@pytest.mark.parametrize("author", [NEW_BUT_APPROVED, MEMBER])
def test_no_links_until_trusted(author):
    decision = post(author, link=True)
    assert decision.outcome is PostingOutcome.REFUSED
    assert decision.message_key == "moderation.posting_links_not_yet"
    assert decision.retry_after_seconds is None


def test_trusted_member_may_post_links():
    assert post(TRUSTED, link=True).outcome is PostingOutcome.ALLOWED


def test_muted_author_is_refused_until_the_mute_ends():
    muted = AuthorStanding(trust=TrustLevel.TRUSTED, approved_posts=30,
                           muted_until=NOW + timedelta(hours=2))
    decision = post(muted)
    assert decision.message_key == "moderation.posting_muted"
    assert decision.retry_after_seconds == 7200


def test_staff_are_never_limited():
    staff = AuthorStanding(trust=TrustLevel.NEW, approved_posts=0, is_staff=True)
    assert post(staff, recent=[NOW], threads_today=99, is_thread=True, link=True).outcome is (
        PostingOutcome.ALLOWED
    )


def test_posting_check_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        check_posting(policy=PostingPolicy(), author=NEWCOMER, now=datetime(2025, 1, 1),
                      recent_post_times=[], threads_today=0, is_thread=False,
                      contains_link=False)


def test_mute_is_in_force_until_its_end():
    assert not is_muted(None, NOW)
    assert is_muted(NOW + timedelta(seconds=1), NOW)
    assert not is_muted(NOW, NOW)
    assert not is_muted(NOW - timedelta(days=1), NOW)
    with pytest.raises(ValueError):
        is_muted(datetime(2025, 1, 1), NOW)


# ------------------------------------------------------------ flags and queue


def test_three_distinct_flaggers_hide_a_post():
    assert not should_hide(2)
    assert should_hide(3)


def test_members_have_a_daily_flag_limit():
    assert can_flag(9)
    assert not can_flag(10)


def test_self_harm_and_recruitment_flags_make_review_urgent():
    assert is_urgent_review([FlagReason.SPAM, FlagReason.SELF_HARM_RISK])
    assert is_urgent_review([FlagReason.RECRUITMENT_EXPLOITATION])
    assert not is_urgent_review([FlagReason.HARASSMENT, FlagReason.SPAM, FlagReason.OTHER])


def test_review_queue_puts_urgent_first_then_oldest():
    items = [
        ReviewItem(1, NOW - timedelta(hours=5)),
        ReviewItem(2, NOW - timedelta(hours=1), urgent=True),
        ReviewItem(3, NOW - timedelta(hours=9)),
        ReviewItem(4, NOW - timedelta(hours=3), urgent=True),
    ]
    assert [item.item_id for item in sorted(items, key=queue_sort_key)] == [4, 2, 3, 1]


# ------------------------------------------------------------ messages


def test_every_message_key_the_rules_can_return_has_english_text():
    english = {
        **{f"moderation.{code}": text for code, text in moderation_module.ENGLISH_MESSAGES.items()},
        **{f"moderation.{code}": text for code, text in moderation_policy.ENGLISH_MESSAGES.items()},
        **{f"moderation.{code}": text for code, text in moderation_flags.ENGLISH_MESSAGES.items()},
    }
    returned = {
        *(key for text in ("whore, I want to die", "easy money", "call 600 123 456")
          for key in verdict(text).reason_keys),
        post(NEWCOMER).message_key,
        post(NEW_BUT_APPROVED, recent=[NOW]).message_key,
        post(NEW_BUT_APPROVED, threads_today=3, is_thread=True).message_key,
        post(MEMBER, link=True).message_key,
        post(AuthorStanding(TrustLevel.MEMBER, 5, muted_until=NOW + timedelta(1))).message_key,
        moderation_flags.FLAG_LIMIT_REACHED_KEY,
        *(reason.message_key for reason in FlagReason),
    }
    assert returned <= set(english)
    for code in moderation_words.ENGLISH_MESSAGES:
        assert InvalidPattern(code).message_key == f"moderation.pattern.{code}"
