"""The sanitiser's promises: no HTML, no dangerous links, no images, stable output."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    is_safe_url,
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

_ALLOWED_RENDERED_TAGS = {
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br",
    "h1", "h2", "h3", "h4", "h5", "h6",
}
_SAFE_HREF = re.compile(r"(https?://|mailto:|tel:)", re.IGNORECASE)


class _MarkupCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other_markup = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self.other_markup += 1

    def handle_comment(self, data):
        self.other_markup += 1

    def handle_decl(self, decl):
        self.other_markup += 1

    def handle_pi(self, data):
        self.other_markup += 1

    def unknown_decl(self, data):
        self.other_markup += 1


def _parse_html(text: str) -> _MarkupCounter:
    parser = _MarkupCounter()
    parser.feed(text)
    parser.close()
    return parser


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
    parsed = _parse_html(cleaned)
    assert parsed.elements == [] and parsed.other_markup == 0
    assert not re.search(r"<[A-Za-z/!?]", cleaned)
    for token in _markdown_tokens(cleaned):
        assert token.type not in ("image", "html_inline", "html_block")
        if token.type == "link_open":
            assert _SAFE_HREF.match(token.attrs["href"]), token.attrs
    # Even if the app rendered with raw HTML on, only Markdown's own markup appears.
    rendered = _parse_html(markdown_it.MarkdownIt("commonmark").render(cleaned))
    for tag, attrs in rendered.elements:
        assert tag in _ALLOWED_RENDERED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on")
            if name == "href":
                assert _SAFE_HREF.match(value or ""), value


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
    assert not re.search(r"<[A-Za-z/!?]", line)
    assert _parse_html(line).elements == []
    assert clean_plain_line(line, max_length=MAX) == line


# ------------------------------------------------------------- the corpus


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_leaves_no_markup_no_handler_and_no_dangerous_link(vector):
    cleaned = _clean_or_none(vector)
    if cleaned is None:
        return
    assert_safe_markdown(cleaned)
    assert not re.search(r"\bon[a-z]+\s*=", cleaned)


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


def test_tags_are_removed_but_their_text_is_kept():
    assert clean_user_text("I feel <b>much</b> <i>better</i>", max_length=100) == (
        "I feel much better"
    )


def test_script_and_style_contents_are_dropped():
    raw = "before<script>alert(1)</script><style>p{}</style>after"
    assert clean_user_text(raw, max_length=100) == "beforeafter"


def test_nested_obfuscated_script_tag_leaves_no_tag():
    cleaned = clean_user_text("<<script>script>alert(1)<</script>/script>x", max_length=100)
    assert "<script" not in cleaned.lower()


def test_tag_opener_that_is_really_text_gets_a_space():
    assert clean_user_text("if x<y then", max_length=100) == "if x< y then"


def test_line_break_tags_become_newlines():
    assert clean_user_text("one<br>two<br/>three", max_length=100) == "one\ntwo\nthree"


def test_safe_markdown_link_is_kept():
    raw = "See [the guide](https://example.org/guide) or [mail](mailto:help@example.org)"
    assert clean_user_text(raw, max_length=200) == raw


def test_javascript_link_is_shown_as_text_not_linked():
    assert clean_user_text("[x](javascript:alert(1))", max_length=100) == (
        "[x]\\(javascript:alert(1))"
    )


def test_relative_link_is_not_a_link():
    assert clean_user_text("[me](/profile/3)", max_length=100) == "[me]\\(/profile/3)"


def test_reference_definition_with_dangerous_target_is_neutralised():
    cleaned = clean_user_text("[a][r]\n\n[r]: javascript:alert(1)", max_length=100)
    assert cleaned == "[a][r]\n\n[r]\\: javascript:alert(1)"


def test_image_becomes_its_alt_text():
    raw = "Look ![a sunset](https://example.org/sunset.jpg) here"
    assert clean_user_text(raw, max_length=100) == "Look a sunset here"


def test_reference_and_shortcut_images_become_alt_text():
    raw = "![one][pic] and ![pic]\n\n[pic]: https://example.org/p.png"
    assert clean_user_text(raw, max_length=200) == (
        "one and pic\n\n[pic]: https://example.org/p.png"
    )


def test_image_inside_a_safe_link_leaves_a_plain_link():
    raw = "[![logo](https://example.org/l.png)](https://example.org)"
    assert clean_user_text(raw, max_length=100) == "[logo](https://example.org)"


def test_deeply_nested_images_leave_no_image_and_are_stable():
    raw = "x"
    for level in range(12):
        raw = f"![{raw}](https://example.org/{level}.png)"
    cleaned = clean_user_text(raw, max_length=1000)
    assert_safe_markdown(cleaned)
    assert clean_user_text(cleaned, max_length=1000) == cleaned


def test_safe_autolink_is_unwrapped_and_dangerous_one_removed():
    raw = "<https://example.org> <help@example.org> <javascript:alert(1)>"
    assert clean_user_text(raw, max_length=100) == "https://example.org help@example.org"


def test_control_characters_and_bidi_overrides_are_removed_but_tabs_kept():
    assert clean_user_text("a\x00b\x07c\u202ed\te", max_length=100) == "abcd\te"


def test_newlines_are_normalised_and_blank_runs_collapsed():
    raw = "\n\n  \none\r\ntwo\rthree\u2028four\n\n\n\n\nfive  \n"
    assert clean_user_text(raw, max_length=100) == "one\ntwo\nthree\nfour\n\nfive"


def test_text_is_nfc_normalised():
    assert clean_user_text("Cafe\u0301", max_length=100) == "Caf\u00e9"


def test_lone_surrogates_are_removed():
    assert clean_user_text("ok\ud800", max_length=100) == "ok"


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t", "<b></b>", "<script>x</script>", "\u200b"])
def test_empty_or_invisible_text_is_refused(raw):
    with pytest.raises(EmptyText) as caught:
        clean_user_text(raw, max_length=100)
    assert caught.value.message_key == "sanitize.empty"


def test_text_over_the_limit_is_refused_with_the_limit_as_a_param():
    with pytest.raises(TextTooLong) as caught:
        clean_user_text("x" * 11, max_length=10)
    assert caught.value.message_key == "sanitize.too_long"
    assert caught.value.params == {"max_length": 10, "length": 11}


def test_limit_counts_the_cleaned_text_not_the_markup():
    assert clean_user_text("<b>" * 5 + "hello", max_length=5) == "hello"


def test_huge_input_is_refused_before_cleaning():
    with pytest.raises(TextTooLong):
        clean_user_text("<b>x</b>" * 1_000_000, max_length=10_000)


def test_non_positive_limit_is_a_programming_error():
    with pytest.raises(ValueError):
        clean_user_text("hi", max_length=0)


def test_plain_line_folds_whitespace_and_strips_markup_and_invisibles():
    raw = "  Ana\n<b>María</b>\u200b \t\u202e Luz  "
    assert clean_plain_line(raw, max_length=50) == "Ana María Luz"


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
    ],
)
def test_http_mailto_and_tel_urls_are_safe(url):
    assert is_safe_url(url)


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
