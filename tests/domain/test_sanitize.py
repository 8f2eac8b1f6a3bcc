"""The sanitiser's promises: text kept as typed, normalised, stable; and, rendered the way
the app renders member text, no element beyond Markdown's own, no dangerous link, no
image, and the reader sees what the author wrote."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.sanitize import (
    SAFE_LINK_REL,
    EmptyText,
    SanitizeError,
    TextTooLong,
    clean_plain_line,
    clean_user_text,
    contains_link,
    is_safe_link_target,
    is_safe_url,
)
from tests.member_render import (
    MARKDOWN_ELEMENTS,
    parse_html,
    render_member_markdown,
    render_member_plain,
    shown_markdown,
)

markdown_it = pytest.importorskip("markdown_it")

MAX = 20_000

# Classic stored-XSS vectors (OWASP-style filter evasion, mXSS, Markdown-specific).
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(\'XSS\');">',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<IMG SRC="jav\tascript:alert(1);">',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'http://xss.example/x.css';</style>",
    '<input onfocus=alert(1) autofocus>',
    '<details open ontoggle=alert(1)>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<![CDATA[<script>alert(1)</script>]]>',
    "<?xml version='1.0'?><x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>",
    '<object data="javascript:alert(1)">',
    '<embed src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<video><source onerror="alert(1)">',
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](javascript&#58;alert(1))",
    "[click](javascript\\:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](\njavascript:alert(1))",
    '[click](javascript:alert(1) "title")',
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "[ref]\n\n[ref]:\n  javascript:alert(1)",
    "> [click][r]\n>\n> [r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](https://tracker.example/pixel.png)",
    "![x][img]\n\n[img]: https://tracker.example/pixel.png",
    "![img]\n\n[img]: https://tracker.example/pixel.png",
    "[![x](https://tracker.example/p.png)](javascript:alert(1))",
    "`code`![x](https://tracker.example/p.png)",
    "\\\\![x](https://tracker.example/p.png)",
]

FRAGMENTS = [
    "<", ">", "</", "<!", "<?", "<!--", "-->", "script", "<script>", "</script>", "img",
    " src=x", " onerror=alert(1)", "=", '"', "'", "&", "&lt;", "&#58;", "&#x6A;", ";",
    "[", "]", "(", ")", "![", "](", "]:", "\\", "\n", "\n\n", " ", "\t", "`",
    "javascript:", "data:", "vbscript:", "https://ok.example/", "mailto:", "alert(1)",
    "a", "b", "\u0301", "\u202e", "\x00", "\r", "\u2028", "<a", "b>", "<https://ok.example>",
    "<x@y.org>", "*", "_", "```", "    ", "> ", "- ", "1. ", "[r]: ", "[r]", "\\[", "\\!",
    "&colon;", "(<", ">)", "<br>", "<p>", "<style>", "</style>", "\u0338", "\u00a0", "]:\n",
]

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.text(ANY_CHARACTER, max_size=300)
markup_soup = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHARACTER, max_size=4)), max_size=40
).map("".join)
hostile_text = st.one_of(any_text, markup_soup, st.sampled_from(XSS_VECTORS))

_SAFE_HREF = re.compile(r"(https?://|mailto:|tel:|sms:)", re.IGNORECASE)


def _markdown_tokens(text: str):
    md = markdown_it.MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # see every link the syntax makes, safe or not

    def walk(tokens):
        for token in tokens:
            yield token
            if token.children:
                yield from walk(token.children)

    return list(walk(md.parse(text)))


def _clean_or_none(raw: str) -> str | None:
    try:
        return clean_user_text(raw, max_length=MAX)
    except (EmptyText, TextTooLong):
        return None


def assert_safe_markdown(cleaned: str) -> None:
    """Rendered as the app renders member Markdown, only Markdown's own elements appear,
    with no handler attribute, and every link is http(s), mailto, tel or sms."""
    rendered = parse_html(render_member_markdown(cleaned))
    assert rendered.other_markup == 0
    for tag, attrs in rendered.elements:
        assert tag in MARKDOWN_ELEMENTS, tag
        for name, value in attrs:
            assert not name.startswith("on"), name
            if name == "href":
                assert _SAFE_HREF.match(value or ""), value
    # Even a parser that honoured every link the syntax makes builds no image and no
    # link the app would not make.
    for token in _markdown_tokens(cleaned):
        if token.type == "link_open" and is_safe_link_target(token.attrs["href"]):
            assert _SAFE_HREF.match(token.attrs["href"]), token.attrs


def assert_safe_plain(line: str) -> None:
    """A plain-text field is a text node: the browser builds no element from it."""
    rendered = parse_html(render_member_plain(line))
    assert rendered.elements == [] and rendered.other_markup == 0
    assert rendered.text == line


# ------------------------------------------------------------- properties


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_cleaning_any_text_yields_safe_markdown_or_a_documented_error(raw):
    cleaned = _clean_or_none(raw)
    if cleaned is not None:
        assert_safe_markdown(cleaned)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_cleaning_is_idempotent(raw):
    cleaned = _clean_or_none(raw)
    if cleaned is not None:
        assert clean_user_text(cleaned, max_length=MAX) == cleaned


@settings(max_examples=200)
@given(any_text)
def test_cleaned_text_has_no_control_characters_or_carriage_returns(raw):
    cleaned = _clean_or_none(raw)
    if cleaned is not None:
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", cleaned)
        assert cleaned == cleaned.strip("\n") and all(
            line == line.rstrip() for line in cleaned.split("\n")
        )


@settings(max_examples=200)
@given(any_text, st.integers(min_value=1, max_value=50))
def test_result_never_exceeds_max_length(raw, max_length):
    try:
        cleaned = clean_user_text(raw, max_length=max_length)
    except SanitizeError as error:
        assert isinstance(error, (EmptyText, TextTooLong))
        assert error.message_key in ("sanitize.empty", "sanitize.too_long")
    else:
        assert 0 < len(cleaned) <= max_length


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_plain_line_is_one_safe_stable_line(raw):
    try:
        line = clean_plain_line(raw, max_length=MAX)
    except (EmptyText, TextTooLong):
        return
    assert "\n" not in line and "\t" not in line and line == line.strip()
    assert_safe_plain(line)
    assert clean_plain_line(line, max_length=MAX) == line


# ------------------------------------------------------------- the corpus


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_leaves_no_markup_no_handler_and_no_dangerous_link(vector):
    cleaned = _clean_or_none(vector)
    if cleaned is None:
        return
    assert_safe_markdown(cleaned)
    rendered = render_member_markdown(cleaned)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", rendered, re.IGNORECASE)
    assert "<script" not in rendered.lower() and "<img" not in rendered.lower()
    try:
        assert_safe_plain(clean_plain_line(vector, max_length=MAX))
    except (EmptyText, TextTooLong):
        pass


def test_corpus_holds_at_least_forty_vectors():
    assert len(set(XSS_VECTORS)) >= 40


# ------------------------------------------------------------- behaviour


def test_less_than_signs_and_hearts_survive_as_typed():
    assert clean_user_text("a < b and 3 > 2, love you <3", max_length=100) == (
        "a < b and 3 > 2, love you <3"
    )


def test_ampersands_and_entities_are_stored_as_typed():
    assert clean_user_text("salt & pepper &amp; &lt;b&gt;", max_length=100) == (
        "salt & pepper &amp; &lt;b&gt;"
    )


def test_text_that_looks_like_tags_is_kept_and_read_as_typed():
    raw = "I feel <b>much</b> <i>better</i>"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.text.strip() == raw
    assert [tag for tag, _ in shown.elements] == ["p"]


def test_script_and_style_are_kept_as_text_and_never_become_elements():
    raw = "before<script>alert(1)</script><style>p{}</style>after"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.text.strip() == raw
    assert [tag for tag, _ in shown.elements] == ["p"]


def test_nested_obfuscated_script_tag_is_only_text():
    raw = "<<script>script>alert(1)<</script>/script>x"
    assert clean_user_text(raw, max_length=100) == raw
    assert shown_markdown(raw).text.strip() == raw
    assert "<script" not in render_member_markdown(raw).lower()


def test_less_than_between_letters_is_kept_as_typed():
    assert clean_user_text("if x<y then", max_length=100) == "if x<y then"


def test_line_break_tags_are_kept_as_typed():
    raw = "one<br>two<br/>three"
    assert clean_user_text(raw, max_length=100) == raw
    assert shown_markdown(raw).text.strip() == raw


def test_safe_markdown_link_is_kept():
    raw = "See [the guide](https://example.org/guide) or [mail](mailto:help@example.org)"
    assert clean_user_text(raw, max_length=200) == raw
    assert shown_markdown(raw).links() == ["https://example.org/guide",
                                           "mailto:help@example.org"]


def test_javascript_link_is_kept_as_typed_and_shown_as_text_not_linked():
    raw = "[x](javascript:alert(1))"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.links() == [] and shown.text.strip() == raw


def test_relative_link_is_not_a_link_and_reads_as_typed():
    raw = "[me](/profile/3)"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.links() == [] and shown.text.strip() == raw


def test_reference_definition_with_dangerous_target_reads_as_typed():
    raw = "[a][r]\n\n[r]: javascript:alert(1)"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.links() == []
    assert "[a][r]" in shown.text and "[r]: javascript:alert(1)" in shown.text


def test_image_syntax_never_loads_an_image_and_keeps_its_text():
    raw = "Look ![a sunset](https://example.org/sunset.jpg) here"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert all(tag != "img" for tag, _ in shown.elements)
    assert shown.text.strip() == "Look !a sunset here"


def test_reference_and_shortcut_images_load_nothing():
    raw = "![one][pic] and ![pic]\n\n[pic]: https://example.org/p.png"
    assert clean_user_text(raw, max_length=200) == raw
    shown = shown_markdown(raw)
    assert all(tag != "img" for tag, _ in shown.elements)
    assert "one" in shown.text and "pic" in shown.text


def test_image_inside_a_safe_link_leaves_only_links():
    raw = "[![logo](https://example.org/l.png)](https://example.org)"
    assert clean_user_text(raw, max_length=100) == raw
    assert all(tag in ("p", "a") for tag, _ in shown_markdown(raw).elements)


def test_deeply_nested_images_leave_no_image_and_are_stable():
    raw = "x"
    for level in range(12):
        raw = f"![{raw}](https://example.org/{level}.png)"
    cleaned = clean_user_text(raw, max_length=1000)
    assert_safe_markdown(cleaned)
    assert clean_user_text(cleaned, max_length=1000) == cleaned


def test_safe_autolink_is_a_link_and_dangerous_one_reads_as_typed():
    raw = "<https://example.org> <help@example.org> <javascript:alert(1)>"
    assert clean_user_text(raw, max_length=100) == raw
    shown = shown_markdown(raw)
    assert shown.links() == ["https://example.org", "mailto:help@example.org"]
    assert "<javascript:alert(1)>" in shown.text


def test_control_characters_and_bidi_overrides_are_removed_but_tabs_kept():
    assert clean_user_text("a\x00b\x07c\u202ed\te", max_length=100) == "abcd\te"


def test_newlines_are_normalised_and_blank_runs_collapsed():
    raw = "\n\n  \none\r\ntwo\rthree\u2028four\n\n\n\n\nfive  \n"
    assert clean_user_text(raw, max_length=100) == "one\ntwo\nthree\nfour\n\nfive"


def test_text_is_nfc_normalised():
    assert clean_user_text("Cafe\u0301", max_length=100) == "Caf\u00e9"


def test_lone_surrogates_are_removed():
    assert clean_user_text("ok\ud800", max_length=100) == "ok"


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t", "\u200b", "\x00\u202e"])
def test_empty_or_invisible_text_is_refused(raw):
    with pytest.raises(EmptyText) as caught:
        clean_user_text(raw, max_length=100)
    assert caught.value.message_key == "sanitize.empty"


def test_text_over_the_limit_is_refused_with_the_limit_as_a_param():
    with pytest.raises(TextTooLong) as caught:
        clean_user_text("x" * 11, max_length=10)
    assert caught.value.message_key == "sanitize.too_long"
    assert caught.value.params == {"max_length": 10, "length": 11}


@pytest.mark.parametrize("raw", ["<b></b>", "<script>x</script>", "<after work>", "<>"])
def test_text_made_only_of_angle_brackets_is_kept_not_refused_as_empty(raw):
    assert clean_user_text(raw, max_length=100) == raw
    assert clean_plain_line(raw, max_length=100) == raw


def test_limit_counts_the_typed_text_markup_included():
    with pytest.raises(TextTooLong):
        clean_user_text("<b>" * 5 + "hello", max_length=5)
    assert clean_user_text("\x00\x00hello\u202e", max_length=5) == "hello"


def test_huge_input_is_refused_before_cleaning():
    with pytest.raises(TextTooLong):
        clean_user_text("<b>x</b>" * 1_000_000, max_length=10_000)


def test_non_positive_limit_is_a_programming_error():
    with pytest.raises(ValueError):
        clean_user_text("hi", max_length=0)


def test_plain_line_folds_whitespace_keeps_markup_as_typed_and_drops_invisibles():
    raw = "  Ana\n<b>María</b>\u200b \t\u202e Luz  "
    assert clean_plain_line(raw, max_length=50) == "Ana <b>María</b> Luz"


def test_plain_line_keeps_emoji_joiners():
    family = "\U0001f469\u200d\U0001f467"
    assert clean_plain_line(f"Ana {family}", max_length=50) == f"Ana {family}"


def test_plain_line_refuses_blank_and_long_values():
    with pytest.raises(EmptyText):
        clean_plain_line(" \n\u200b ", max_length=10)
    with pytest.raises(TextTooLong):
        clean_plain_line("a" * 11, max_length=10)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "http://example.org/a?b=c#d",
        "mailto:help@example.org",
        "tel:+34600123456",
        "sms:+34600123456",
    ],
)
def test_http_mailto_tel_and_sms_urls_are_safe(url):
    assert is_safe_url(url)
    assert is_safe_link_target(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "vbscript:x",
        "data:text/html,x", "file:///etc/passwd", "/relative", "//evil.example", "https://",
        "https:\\\\evil.example", "https://exa mple.org", "ftp://example.org", "",
    ],
)
def test_other_urls_are_not_safe(url):
    assert not is_safe_url(url)
    if url.strip() != url or "\t" in url or url.startswith("https:"):
        return  # a Markdown parser never hands these on as one target
    assert not is_safe_link_target(url)


def test_link_rel_blocks_referrer_opener_and_ranking():
    assert set(SAFE_LINK_REL.split()) == {"nofollow", "noopener", "noreferrer", "ugc"}


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org", "www.example.org", "go to example.com now", "bit.ly/abc",
        "t.me/someone", "wa.me/34600123456", "[here](https://x.example)", "example[.]com",
        "EXAMPLE.COM", "mi web: tienda.com.mx", "example\uff0ecom",
    ],
)
def test_links_and_bare_domains_are_detected(text):
    assert contains_link(text)


@pytest.mark.parametrize(
    "text",
    [
        "I feel better today.", "at 10:30 on 2024-05-01", "e.g. this, i.e. that",
        "do it.It was hard", "lo que es.Es difícil", "my file.pdf", "3.5 hours", "a.m. or p.m.",
        "My data: three sessions", "[sic] (see above)",
    ],
)
def test_ordinary_text_is_not_a_link(text):
    assert not contains_link(text)


# ------------------------------------------------ what a member writes is what others read
# The examples from issue #10, item 9: each was stripped or changed before.

ISSUE_EXAMPLES = [
    "I'll be there <after work> on Friday",
    "if x<y then y>x",
    "press <Enter> then type your name",
    "<self-harm>",
    "meet me <at the library>",
]


@pytest.mark.parametrize("raw", ISSUE_EXAMPLES)
def test_text_that_looks_like_markup_is_stored_and_read_exactly_as_typed(raw):
    stored = clean_user_text(raw, max_length=200)
    assert stored == raw
    shown = shown_markdown(stored)
    assert shown.text.strip() == raw
    assert [tag for tag, _ in shown.elements] == ["p"]
    line = clean_plain_line(raw, max_length=200)
    assert line == raw
    assert_safe_plain(line)


def test_a_content_warning_in_angle_brackets_is_kept_as_written():
    assert clean_plain_line("<self-harm>", max_length=100) == "<self-harm>"
    assert clean_plain_line("  <self-harm>, <loss>  ", max_length=100) == "<self-harm>, <loss>"


@pytest.mark.parametrize("raw", ["[my notes](notes.txt)", "[x](javascript:alert(1))",
                                 "[see](<not a url>)", "[a]: b"])
def test_no_stray_backslash_is_added_anywhere(raw):
    stored = clean_user_text(raw, max_length=100)
    assert stored == raw and "\\" not in stored
    assert shown_markdown(stored).text.strip() == raw
    assert clean_plain_line(raw, max_length=100) == raw


@pytest.mark.parametrize("raw", ["&lt;", "&amp;", "&lt;b&gt; salt &amp; pepper", "&#106;",
                                 "AT&T", "&copy; 2026", "&nbsp;"])
def test_entities_round_trip_as_typed_in_markdown_and_in_plain_text(raw):
    stored = clean_user_text(raw, max_length=100)
    assert stored == raw
    assert shown_markdown(stored).text.strip() == raw
    line = clean_plain_line(raw, max_length=100)
    assert line == raw
    assert parse_html(render_member_plain(line)).text == raw


@pytest.mark.parametrize(
    ("raw", "href"),
    [
        ("Call [the hotline](tel:+18002738255) any time", "tel:+18002738255"),
        ("[988](tel:988)", "tel:988"),
        ("[text us](sms:+15551234567)", "sms:+15551234567"),
        ("[TEL](TEL:+44 20 7946 0958)", None),  # a space ends a target: read as typed
    ],
)
def test_tel_and_sms_links_are_kept_and_dial(raw, href):
    stored = clean_user_text(raw, max_length=200)
    assert stored == raw
    shown = shown_markdown(stored)
    if href is None:
        assert shown.links() == [] and shown.text.strip() == raw
    else:
        assert shown.links() == [href]


def test_a_post_with_everything_from_the_issue_reads_as_typed():
    raw = ("I'll be there <after work> on Friday\n\nif x<y then y>x, press <Enter>; "
           "salt &amp; pepper &lt;3\n\n[my notes](notes.txt) or call [us](tel:+18002738255)")
    stored = clean_user_text(raw, max_length=1000)
    assert stored == raw
    shown = shown_markdown(stored)
    assert shown.links() == ["tel:+18002738255"]
    assert "I'll be there <after work> on Friday" in shown.text
    assert "if x<y then y>x, press <Enter>; salt &amp; pepper &lt;3" in shown.text
    assert "[my notes](notes.txt) or call us" in shown.text


def test_the_browser_renderer_uses_the_same_link_rule_and_switches_off_the_same_syntax():
    from pathlib import Path

    from portal.domain.sanitize_markdown import SAFE_LINK_TARGET_PATTERN

    script = (Path(__file__).resolve().parents[2] / "assets/member_markdown.js").read_text()
    assert "String.raw`" + SAFE_LINK_TARGET_PATTERN + "`" in script
    for construct in ("htmlFlow", "htmlText", "characterReference", "labelStartImage"):
        assert f'"{construct}"' in script


def test_member_markdown_component_keeps_raw_html_off_and_keeps_tel_hrefs():
    from portal.components.member_text import ALLOWED_ELEMENTS, member_markdown

    rendered = str(member_markdown("x"))
    assert "rehypeRaw" not in rendered and "rehypePlugins:[]" in rendered
    assert "urlTransform:memberUrlTransform" in rendered
    assert "remarkPlugins:[remarkMemberText]" in rendered
    assert set(ALLOWED_ELEMENTS) == set(MARKDOWN_ELEMENTS)


def test_markdown_formatting_still_works_as_the_composer_hint_says():
    shown = shown_markdown(clean_user_text("I feel *a little* better, **really**", max_length=100))
    assert [tag for tag, _ in shown.elements] == ["p", "em", "strong"]
    assert shown.text.strip() == "I feel a little better, really"


def test_member_text_reaches_the_page_only_through_the_two_components():
    from pathlib import Path

    from portal import inline_stylesheet

    portal = Path(__file__).resolve().parents[2] / "portal"
    offenders = []
    for module in portal.rglob("*.py"):
        if module.name == "member_text.py":
            continue
        source = module.read_text()
        if module.name == "inline_stylesheet.py":
            # The build plugin writes the build's own stylesheet into its <style> element,
            # once, and nothing else: never anything a member wrote.
            assert source.count("dangerouslySetInnerHTML") == 1
            assert inline_stylesheet.INLINE_STYLE.endswith(
                f"dangerouslySetInnerHTML:{{__html:{inline_stylesheet.STYLE_TEXT}}}}},)")
            source = source.replace("dangerouslySetInnerHTML", "")
        if re.search(r"\brx\.(markdown|html)\b|dangerouslySetInnerHTML|ReactMarkdown", source):
            offenders.append(module.relative_to(portal).as_posix())
    assert offenders == []
