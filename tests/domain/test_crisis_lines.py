"""Crisis lines come from one list per country; a deployment picks its country in
settings (LANTERN_CRISIS_COUNTRY), the United States by default."""

from __future__ import annotations

import re

import pytest

from portal.domain.crisis_lines import (
    CRISIS_LINE_SETS,
    DEFAULT_COUNTRY,
    country_code,
    crisis_lines_for,
)
from portal.i18n import catalog


def test_the_united_states_is_the_default():
    assert DEFAULT_COUNTRY == "US"
    assert crisis_lines_for(None) == crisis_lines_for("US") == crisis_lines_for(" us ")
    numbers = [line.number for line in crisis_lines_for(None)]
    assert numbers == ["1-888-373-7888", "233733", "988", "911"]


def test_other_countries_have_their_own_national_lines():
    assert [line.href for line in crisis_lines_for("GB")] == [
        "tel:08000121700", "tel:116123", "tel:999"]
    assert crisis_lines_for("uk") == crisis_lines_for("GB")
    assert "tel:911" in [line.href for line in crisis_lines_for("MX")]
    assert "tel:112" in [line.href for line in crisis_lines_for("ES")]


def test_an_unknown_country_is_refused_rather_than_showing_no_lines():
    with pytest.raises(ValueError, match="LANTERN_CRISIS_COUNTRY"):
        country_code("ZZ")


@pytest.mark.parametrize("country", sorted(CRISIS_LINE_SETS))
def test_every_line_dials_and_reads_in_both_languages_without_naming_the_subject(country):
    english, spanish = catalog("en"), catalog("es")
    for line in crisis_lines_for(country):
        assert re.fullmatch(r"(tel|sms):\d{3,11}", line.href), line.href
        # The digits on the link are the digits people read.
        assert re.sub(r"\D", "", line.number) in line.href
        for key in (line.name_key, line.action_key, line.when_key):
            assert key in english and key in spanish, key
        # Titles stay neutral, except the US hotline's proper name Help always showed.
        if line.name_key != "help.hotline_name":
            for words in (english[line.name_key], spanish[line.name_key]):
                assert "traffick" not in words.lower() and "trata" not in words.lower()
