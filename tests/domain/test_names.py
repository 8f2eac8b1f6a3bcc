"""Pseudonym rules: TR39 skeletons, one script per name, staff words kept for staff."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.names import (
    RESERVED_WORDS,
    NameRefused,
    is_mixed_script,
    name_skeleton,
    reserved_word_in,
    validate_display_name,
)

# Latin letters and their Cyrillic and Greek look-alikes (TR39 confusables).
LOOK_ALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441",
               "M": "\u039c", "H": "\u0397", "T": "\u03a4"}


@pytest.mark.parametrize("latin, other", [
    ("Moderator Heron", "\u039coderator Heron"),
    ("Maple", "M\u0430ple"),
    ("Maple", "rnaple"),
    ("Quiet Fox", "Quiet F0x"),
    ("Copea", "\u0421\u043e\u0440\u0435\u0430"),
    ("Maple", "\uff2d\uff41\uff50\uff4c\uff45"),   # fullwidth letters
])
def test_look_alikes_share_one_skeleton(latin, other):
    assert name_skeleton(latin) == name_skeleton(other)


@pytest.mark.parametrize("one, two", [("Maple", "Mable"), ("Quiet Fox", "Quiet Fix"),
                                      ("Sol", "Sal"), ("Luna", "Lune")])
def test_different_names_keep_different_skeletons(one, two):
    assert name_skeleton(one) != name_skeleton(two)


@given(st.text(alphabet="acepoMHT ", min_size=3, max_size=20))
def test_swapping_in_look_alike_letters_never_changes_the_skeleton(name):
    disguised = "".join(LOOK_ALIKES.get(ch, ch) for ch in name)
    assert name_skeleton(disguised) == name_skeleton(name)


@pytest.mark.parametrize("name, mixed", [
    ("Quiet Fox", False), ("Иван Петров", False), ("Ιωάννα", False), ("山田 花子", False),
    ("山田 ハナコ", False), ("José-Río 2", False),
    ("\u039coderator", True), ("Map\u0435", True), ("Fox Иван", True),
])
def test_a_name_is_written_in_one_script(name, mixed):
    assert is_mixed_script(name) is mixed


@pytest.mark.parametrize("word", sorted(RESERVED_WORDS))
def test_every_reserved_word_is_refused_for_members_in_any_case(word):
    for name in (f"{word} Owl", f"Owl {word.upper()}", f"Owl-{word.capitalize()}"):
        assert reserved_word_in(name), name
        with pytest.raises(NameRefused) as refused:
            validate_display_name(name)
        assert refused.value.code == "name.reserved"
        assert validate_display_name(name, allow_reserved=True) == name


@pytest.mark.parametrize("name", ["Teamwork Fox", "Staffy", "Modest Owl", "Supporter",
                                  "Lanterna", "Equipos", "Steam Owl"])
def test_words_that_only_contain_a_reserved_word_are_fine(name):
    assert not reserved_word_in(name)
