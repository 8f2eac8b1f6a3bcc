"""Shared vocabulary: the keys profiles, matching and the app agree on.

Every value here is a stable key, never user-facing text. The app's translation layer
turns keys into words (English and Spanish), so renaming a key is a data migration.
"""

from __future__ import annotations

# What a survivor wants help with and what a mentor can help with.
FOCUS_AREAS: tuple[str, ...] = (
    "safe_housing",
    "employment",
    "vocational_training",
    "education_ged",
    "financial_literacy",
    "legal_immigration",
    "identification_documents",
    "health_wellness",
    "emotional_healing",
    "parenting",
    "faith_spiritual",
    "entrepreneurship",
    "community_leadership",
)

# Lived experience of trafficking. Only ever shared by the person themselves.
EXPERIENCE_TYPES: tuple[str, ...] = ("labor", "sex", "both", "prefer_not_to_say")

MEETING_MODES: tuple[str, ...] = ("video", "phone", "in_person")

GENDERS: tuple[str, ...] = ("woman", "man", "nonbinary", "prefer_not_to_say")

# ISO 639-1 codes offered by default; profiles may carry other valid codes too.
LANGUAGES: tuple[str, ...] = (
    "en",
    "es",
    "fr",
    "pt",
    "zh",
    "vi",
    "tl",
    "ht",
    "ru",
    "ar",
    "ko",
    "hi",
)

# Weekly availability is a set of UTC hours of the week: 0 is Monday 00:00-00:59 UTC,
# 167 is Sunday 23:00-23:59 UTC. Using UTC keeps two people's hours comparable.
HOURS_PER_WEEK = 168
