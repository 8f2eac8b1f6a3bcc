"""Directory search by the words people use: category names in English and Spanish,
common words for them, with or without accents, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.services.resources import directory as resources
from tests.factories.resources import make_listing

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def found(session, text: str) -> list[str]:
    page = resources.search_listings(session=session, actor=None, text=text, now=NOW)
    return [card.name for card in page.results]


@pytest.fixture
def directory(db_session):
    make_listing(db_session, name="Safe Harbor Emergency Shelter", category="emergency_shelter",
                 description="Beds and a hot meal.")
    make_listing(db_session, name="Casa Segura", category="emergency_shelter",
                 description="A safe bed tonight, with Spanish-speaking staff.")
    make_listing(db_session, name="North Star Overnight", category="emergency_shelter",
                 description="Overnight beds.")
    make_listing(db_session, name="Willow Homes", category="safe_housing",
                 description="Rooms for survivors ready to move on from a shelter.")
    make_listing(db_session, name="Community Table", category="food",
                 description="Groceries once a week.")
    make_listing(db_session, name="Clínica Esperanza", category="medical",
                 description="Atención médica, con cita o sin cita.")
    make_listing(db_session, name="Riverside Clinic", category="medical",
                 description="Check-ups and prescriptions.")
    return db_session


SHELTERS = ["Casa Segura", "North Star Overnight", "Safe Harbor Emergency Shelter"]


def test_shelter_finds_every_emergency_shelter_and_text_that_says_shelter(directory):
    assert found(directory, "shelter") == [*SHELTERS, "Willow Homes"]
    assert found(directory, "Shelters") == [*SHELTERS, "Willow Homes"]


@pytest.mark.parametrize("word", ["refugio", "Refugios", "albergue", "ALBERGUES",
                                  "¿refugio?", "refugio de emergencia"])
def test_spanish_words_find_the_shelters(directory, word):
    assert found(directory, word) == SHELTERS


@pytest.mark.parametrize("words", ["comida", "food bank", "banco de alimentos", "food"])
def test_food_words_find_the_food_listings(directory, words):
    assert found(directory, words) == ["Community Table"]


@pytest.mark.parametrize("word", ["médico", "medico", "MEDICO", "clínica", "clinica", "doctor"])
def test_medical_words_find_clinics_with_or_without_accents(directory, word):
    assert found(directory, word) == ["Clínica Esperanza", "Riverside Clinic"]


def test_every_word_must_still_match(directory):
    assert found(directory, "refugio casa") == ["Casa Segura"]
    assert found(directory, "shelter nothing-like-this") == []


def test_a_category_word_does_not_bypass_the_filters(directory):
    page = resources.search_listings(session=directory, actor=None, text="refugio",
                                     category="food", now=NOW)
    assert page.results == ()
