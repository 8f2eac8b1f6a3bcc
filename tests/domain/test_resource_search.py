"""The directory's search words: folding, plurals, and the categories words name."""

from __future__ import annotations

import pytest

from portal.domain.resource_catalog import CATEGORIES
from portal.domain.resource_search import (
    CATEGORY_TERMS,
    categories_named,
    fold,
    search_terms,
    words_of,
)
from portal.i18n import translate


def test_folding_drops_case_and_accents():
    assert fold("Médico") == fold("MEDICO") == "medico"
    assert fold("  Clínica   Esperanza ") == "clinica esperanza"
    assert fold("Niño") == "nino" and fold("Straße") == "strasse"


def test_words_drop_edge_punctuation_and_one_letter_words():
    assert words_of("¿Refugio? a  shelter,") == ["refugio", "shelter"]


def test_every_category_has_terms_and_nothing_else_does():
    assert set(CATEGORY_TERMS) == set(CATEGORIES)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_name_in_english_and_spanish_names_that_category(category, language):
    label = translate(language, f"resources.category.{category}")
    assert categories_named(words_of(label)) == {category}
    (term,) = search_terms(label)
    assert term.categories == {category}


@pytest.mark.parametrize(("typed", "category"), [
    ("shelter", "emergency_shelter"), ("Shelters", "emergency_shelter"),
    ("refugio", "emergency_shelter"), ("albergue", "emergency_shelter"),
    ("ALBERGUES", "emergency_shelter"), ("comida", "food"), ("food bank", "food"),
    ("banco de alimentos", "food"), ("médico", "medical"), ("medico", "medical"),
    ("clínica", "medical"), ("abogado", "legal_aid"), ("trabajo", "employment"),
    ("ropa", "clothing"), ("inmigración", "immigration"), ("inmigracion", "immigration"),
])
def test_common_words_in_english_and_spanish_name_their_category(typed, category):
    (term,) = search_terms(typed)
    assert category in term.categories


def test_accented_and_plain_spellings_ask_for_the_same():
    assert search_terms("médico") == search_terms("medico") == search_terms("MÉDICO")


def test_a_longer_term_wins_over_its_first_word():
    (both,) = search_terms("salud")
    assert both.categories == {"medical", "mental_health"}
    (mental,) = search_terms("salud mental")
    assert mental.categories == {"mental_health"} and mental.text == "salud mental"


def test_other_words_stay_plain_text_and_every_word_counts():
    terms = search_terms("shelter Harbor")
    assert [term.text for term in terms] == ["shelter", "harbor"]
    assert terms[1].categories == frozenset()


def test_a_plural_looks_for_its_singular_in_listings():
    (term,) = search_terms("shelters")
    assert term.text == "shelter"
    assert [term.text for term in search_terms("bus 988")] == ["bus", "988"]


def test_a_query_is_capped():
    assert len(search_terms("word " * 50)) == 6
    assert search_terms("") == () and search_terms(None) == ()
