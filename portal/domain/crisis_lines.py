"""The crisis lines Lantern shows, one set per country a deployment serves.

A deployment chooses its set with ``LANTERN_CRISIS_COUNTRY`` (``portal/settings.py``;
the United States by default). Every place that shows crisis lines (Help, the
resources directory, the private support after crisis words, the footer's Help link)
reads this one list. Only well-known national lines are listed, with the numbers their
services publish; the names and "when to call" sentences are catalog keys
(``help.*`` in ``portal/i18n/*/core.json``) so they read in English and Spanish.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COUNTRY = "US"


@dataclass(frozen=True)
class CrisisLine:
    name_key: str      # the line's name; ``name_key + "_when"`` says when to use it
    action_key: str    # what tapping does, for screen readers ("Call 911")
    href: str          # tel: or sms:, digits only
    number: str        # as people write it

    @property
    def when_key(self) -> str:
        return self.name_key + "_when"


CRISIS_LINE_SETS: dict[str, tuple[CrisisLine, ...]] = {
    # United States: the national anti-trafficking hotline (call and text), the 988
    # Suicide & Crisis Lifeline, and 911.
    "US": (
        CrisisLine("help.hotline_name", "help.hotline_call", "tel:18883737888",
                   "1-888-373-7888"),
        CrisisLine("help.hotline_text_name", "help.hotline_text", "sms:233733", "233733"),
        CrisisLine("help.988_name", "help.988_call", "tel:988", "988"),
        CrisisLine("help.911_name", "help.911_call", "tel:911", "911"),
    ),
    # United Kingdom: the Modern Slavery & Exploitation Helpline, Samaritans, and 999.
    "GB": (
        CrisisLine("help.gb_helpline_name", "help.gb_helpline_call", "tel:08000121700",
                   "08000 121 700"),
        CrisisLine("help.gb_samaritans_name", "help.gb_samaritans_call", "tel:116123",
                   "116 123"),
        CrisisLine("help.gb_999_name", "help.gb_999_call", "tel:999", "999"),
    ),
    # Mexico: Línea de la Vida (the national mental-health line) and 911.
    "MX": (
        CrisisLine("help.mx_vida_name", "help.mx_vida_call", "tel:8009112000",
                   "800 911 2000"),
        CrisisLine("help.mx_911_name", "help.mx_911_call", "tel:911", "911"),
    ),
    # Spain: 024 (the national line for anyone thinking of suicide) and 112.
    "ES": (
        CrisisLine("help.es_024_name", "help.es_024_call", "tel:024", "024"),
        CrisisLine("help.es_112_name", "help.es_112_call", "tel:112", "112"),
    ),
}

COUNTRIES = tuple(sorted(CRISIS_LINE_SETS))


def country_code(value: str | None) -> str:
    """A country code as a deployment writes it ("gb", " US "), or the default when
    unset. Refuses a country without a set, so a typo never shows no lines at all."""
    code = (value or DEFAULT_COUNTRY).strip().upper()
    if code == "UK":
        code = "GB"
    if code not in CRISIS_LINE_SETS:
        raise ValueError(f"LANTERN_CRISIS_COUNTRY must be one of {', '.join(COUNTRIES)}")
    return code


def crisis_lines_for(country: str | None) -> tuple[CrisisLine, ...]:
    return CRISIS_LINE_SETS[country_code(country)]
