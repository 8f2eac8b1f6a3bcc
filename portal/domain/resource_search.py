"""The directory's search words: what a person types, and which categories it names.

People search for what they need in their own words and language: "shelter",
"refugio", "albergue", "food bank", "comida", "médico". A listing's own text may not
say so (Casa Segura is an emergency shelter; its description says "a safe bed"), so a
word that names a category also finds that category's listings.

Choices made here, so callers need not guess:

* Text is folded once (``fold``): case-free (``casefold``), accent-free (Unicode NFKD,
  combining marks dropped, so "médico" reads "medico" and "niño" "nino"), spaces
  collapsed. Listings' stored ``search_key`` is folded the same way.
* A query splits on spaces; punctuation at a word's edges is dropped ("¿refugio?").
  Words shorter than two letters are ignored; at most ``MAX_WORDS`` count.
* Terms of several words ("food bank", "banco de comida", the category names
  themselves) are matched first, longest first, so "salud mental" names mental health
  only, while "salud" alone names both health categories.
* A simple plural is the same word: "shelters", "refugios", "albergues", "legales"
  ("-s" or "-es" dropped, never below three letters).
* Each category's terms list its English and Spanish names (as in the catalogs) and
  common words for it. Every word of the query must still match: either the listing's
  text contains it, or the listing's category is one the word names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_LENGTH = 80
MAX_WORDS = 6
MIN_WORD = 2
_EDGE_PUNCTUATION = "\"'`´.,;:!?¿¡()[]{}<>«»“”‘’-–—/\\|*#@+=~^"

# Per category: its English and Spanish catalog names, then common words people use.
# Folded when read, so accents here are only for the reader.
CATEGORY_TERMS: dict[str, tuple[str, ...]] = {
    "crisis_line": (
        "crisis lines", "crisis line", "hotline", "helpline", "crisis", "emergency line",
        "líneas de crisis", "línea de crisis", "línea de ayuda", "línea directa",
        "emergencia"),
    "emergency_shelter": (
        "emergency shelter", "shelter", "night shelter", "bed", "beds", "place to sleep",
        "refugio de emergencia", "refugio", "albergue", "casa refugio", "cama",
        "dónde dormir"),
    "safe_housing": (
        "safe housing", "housing", "transitional housing", "home", "homes", "apartment",
        "rent", "vivienda segura", "vivienda", "alojamiento", "casa", "hogar",
        "departamento", "apartamento"),
    "food": (
        "food", "food bank", "food pantry", "pantry", "groceries", "meal", "meals",
        "kitchen", "soup kitchen", "comida", "alimentos", "banco de comida",
        "banco de alimentos", "despensa", "comedor", "comedor comunitario"),
    "clothing": (
        "clothing", "clothes", "shoes", "coat", "ropa", "zapatos", "abrigo", "vestimenta"),
    "medical": (
        "medical and reproductive health", "medical", "medicine", "doctor", "clinic",
        "health", "health care", "healthcare", "nurse", "reproductive health",
        "salud médica y reproductiva", "médico", "médica", "medicina", "clínica",
        "salud", "atención médica", "enfermera", "salud reproductiva"),
    "mental_health": (
        "mental health and counseling", "mental health", "counseling", "counselling",
        "counselor", "therapy", "therapist", "health", "salud mental y consejería",
        "salud mental", "consejería", "terapia", "terapeuta", "psicólogo", "psicóloga",
        "salud"),
    "legal_aid": (
        "legal aid", "legal", "lawyer", "attorney", "legal help", "court",
        "ayuda legal", "abogado", "abogada", "asesoría legal", "tribunal"),
    "immigration": (
        "immigration help", "immigration", "visa", "t visa", "u visa", "asylum",
        "ayuda con inmigración", "inmigración", "visa t", "visa u", "asilo",
        "migración"),
    "identification": (
        "identification documents", "identification", "id", "ids", "birth certificate",
        "documents", "papers", "documentos de identidad", "identificación",
        "documentos", "acta de nacimiento", "papeles"),
    "financial_assistance": (
        "financial assistance", "money", "cash", "grant", "grants", "rent help",
        "ayuda económica", "dinero", "apoyo económico", "ayuda financiera"),
    "transportation": (
        "transportation", "transport", "ride", "rides", "bus", "bus pass",
        "transporte", "viaje", "pasaje", "autobús"),
    "education": (
        "education and ged", "education", "ged", "school", "classes", "class",
        "educación y ged", "educación", "escuela", "clases", "clase"),
    "vocational_training": (
        "vocational training", "job training", "training", "trade", "trades",
        "formación profesional", "capacitación", "formación", "oficio", "oficios"),
    "financial_literacy": (
        "financial literacy", "budget", "budgeting", "credit", "money skills",
        "educación financiera", "presupuesto", "crédito", "finanzas"),
    "employment": (
        "employment", "job", "jobs", "work", "career", "hiring",
        "empleo", "trabajo", "trabajos", "empleos", "chamba"),
    "faith": (
        "faith and spiritual support", "faith", "spiritual", "church", "prayer",
        "chapel", "apoyo espiritual y de fe", "fe", "espiritual", "iglesia", "oración",
        "capilla"),
    "peer_support": (
        "peer support", "peer", "peers", "support group", "support groups",
        "apoyo entre pares", "grupo de apoyo", "grupos de apoyo", "pares", "compañeras"),
}


def fold(text: str) -> str:
    """Case- and accent-free, spaces collapsed: how search text is compared."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _forms(word: str) -> frozenset[str]:
    """A word and its singular, if it looks like a simple plural."""
    forms = {word}
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[:-len(suffix)])
    return frozenset(forms)


def _same_word(typed: str, term: str) -> bool:
    return bool(_forms(typed) & _forms(term))


@lru_cache(maxsize=1)
def _term_index() -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Every term as folded words with the categories it names, longest first."""
    named: dict[tuple[str, ...], set[str]] = {}
    for category, terms in CATEGORY_TERMS.items():
        for term in terms:
            named.setdefault(tuple(words_of(term)), set()).add(category)
    return tuple(sorted(((words, frozenset(cats)) for words, cats in named.items()),
                        key=lambda item: (-len(item[0]), item[0])))


def words_of(text: object) -> list[str]:
    """The query's folded words, edge punctuation dropped, short ones left out."""
    folded = fold(str(text or "")[:MAX_QUERY_LENGTH])
    words = (word.strip(_EDGE_PUNCTUATION) for word in folded.split())
    return [word for word in words if len(word) >= MIN_WORD]


@dataclass(frozen=True)
class SearchTerm:
    """One thing the query asks for: ``text`` found in a listing's folded text, or a
    listing in one of ``categories``."""

    text: str
    categories: frozenset[str] = frozenset()


def categories_named(words: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The categories these words name together, as one term (empty when none)."""
    words = tuple(words)
    for term, categories in _term_index():
        if len(term) == len(words) and all(map(_same_word, words, term)):
            return categories
    return frozenset()


def search_terms(text: object) -> tuple[SearchTerm, ...]:
    """What a query asks for, term by term (every term must match)."""
    words = words_of(text)
    terms: list[SearchTerm] = []
    at = 0
    while at < len(words) and len(terms) < MAX_WORDS:
        for term, categories in _term_index():
            size = len(term)
            if size <= len(words) - at and all(map(_same_word, words[at:at + size], term)):
                terms.append(SearchTerm(_like_text(words[at:at + size]), categories))
                at += size
                break
        else:
            terms.append(SearchTerm(_like_text([words[at]])))
            at += 1
    return tuple(terms)


def _like_text(words: list[str]) -> str:
    """The text to look for in listings: the words, the last one singular ("shelters"
    finds "shelter"); dropping "-s" keeps a plural findable too."""
    *first, last = words
    if last.endswith("s") and len(last) > 3:
        last = last[:-1]
    return " ".join([*first, last])
