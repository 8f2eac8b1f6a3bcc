"""Volunteering rules without a database: shift times across zones and clock changes,
hours, vocabularies, CV-safe wording, and the small PDF writer."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from portal.domain.pdf_document import Block, build_pdf
from portal.domain.volunteering import (
    VolunteerRefused,
    checked_leadership,
    checked_minutes,
    checked_skills,
    format_codes,
    hours_text,
    parse_codes,
    reveals_purpose,
    shift_window,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_shift_is_read_in_the_given_zone_and_stored_in_utc():
    start, end = shift_window(day="2026-03-05", start="09:30", end="12:00",
                              timezone="America/Chicago", now=NOW)
    assert start == datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
    assert end - start == timedelta(hours=2, minutes=30)


def test_an_end_before_the_start_is_the_next_morning():
    start, end = shift_window(day="2026-03-05", start="22:00", end="06:00",
                              timezone="Europe/London", now=NOW)
    assert (start.hour, end - start) == (22, timedelta(hours=8))


def test_a_shift_across_the_spring_clock_change_lasts_its_real_length():
    # New York moves its clocks forward at 02:00 on 8 March 2026.
    start, end = shift_window(day="2026-03-07", start="22:00", end="06:00",
                              timezone="America/New_York", now=NOW)
    assert end - start == timedelta(hours=7)


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(VolunteerRefused) as refused:
        shift_window(day="2026-03-08", start="02:30", end="04:00",
                     timezone="America/New_York", now=NOW)
    assert refused.value.message_key == "volunteering.time_skipped"


@pytest.mark.parametrize(("day", "start", "end", "code"), [
    ("2026-02-28", "10:00", "11:00", "shift_in_past"),
    ("2026-03-05", "9:00", "11:00", "time_invalid"),
    ("05/03/2026", "09:00", "11:00", "time_invalid"),
    ("2026-03-05", "08:00", "21:00", "shift_too_long"),
    ("2026-03-05", "14:00", "13:00", "end_before_start"),
    ("2026-03-05", "10:00", "10:00", "end_before_start"),
    ("2027-06-01", "10:00", "11:00", "shift_too_far"),
])
def test_impossible_shifts_are_refused_with_a_reason(day, start, end, code):
    with pytest.raises(VolunteerRefused) as refused:
        shift_window(day=day, start=start, end=end, timezone="UTC", now=NOW)
    assert refused.value.code == code


def test_an_end_before_the_start_is_named_as_such_not_as_too_long():
    with pytest.raises(VolunteerRefused) as refused:
        shift_window(day="2026-03-05", start="14:00", end="13:00", timezone="UTC", now=NOW)
    assert refused.value.message_key == "volunteering.end_before_start"
    assert refused.value.params == {"most": 12}


def test_work_already_done_may_start_in_the_past_within_the_window():
    start, end = shift_window(day="2026-02-27", start="10:00", end="13:00", timezone="UTC",
                              now=NOW, past_days=60)
    assert (start, end - start) == (datetime(2026, 2, 27, 10, tzinfo=UTC), timedelta(hours=3))
    # An overnight shift that ended this morning counts as work done, too.
    start, end = shift_window(day="2026-02-28", start="22:00", end="04:00", timezone="UTC",
                              now=NOW, past_days=60)
    assert end - start == timedelta(hours=6)
    with pytest.raises(VolunteerRefused) as too_old:
        shift_window(day="2025-12-01", start="10:00", end="13:00", timezone="UTC", now=NOW,
                     past_days=60)
    assert too_old.value.code == "shift_too_old"
    with pytest.raises(VolunteerRefused) as in_past:
        shift_window(day="2026-02-27", start="10:00", end="13:00", timezone="UTC", now=NOW)
    assert in_past.value.code == "shift_in_past"


def test_hours_are_quarter_hours_and_a_no_show_is_zero():
    assert checked_minutes("", attended=True, default_minutes=95) == 95
    assert checked_minutes("1.1", attended=True, default_minutes=0) == 60
    assert checked_minutes("1.2", attended=True, default_minutes=0) == 75
    assert checked_minutes("99", attended=False, default_minutes=60) == 0
    for bad in ("0", "0.1", "24.5", "inf", "x"):
        with pytest.raises(VolunteerRefused):
            checked_minutes(bad, attended=True, default_minutes=60)
    assert [hours_text(m) for m in (60, 90, 135, 0)] == ["1", "1.5", "2.25", "0"]


def test_skills_come_from_the_list_in_catalog_order():
    assert checked_skills(["teamwork", "active_listening"]) == ("active_listening", "teamwork")
    assert checked_skills("teamwork, leadership") == ("teamwork", "leadership")
    with pytest.raises(VolunteerRefused):
        checked_skills(["teamwork", "%"])
    stored = format_codes(["teamwork", "teamwork", "outreach"])
    assert stored == ",teamwork,outreach,"
    assert parse_codes(stored + "gone,", ("teamwork", "outreach")) == ("teamwork", "outreach")


def test_only_leadership_roles_keep_a_kind():
    assert checked_leadership(False, "mentor_in_training") == ""
    assert checked_leadership(True, "mentor_in_training") == "mentor_in_training"
    with pytest.raises(VolunteerRefused):
        checked_leadership(True, "")


@pytest.mark.parametrize(("text", "reveals"), [
    ("Survivors' circle", True), ("LANTERN desk", True), ("anti-trafficking walk", True),
    ("Red de sobrevivientes", True), ("Víctimas unidas", True), ("Pantry helper", False),
    ("Community garden", False), ("Se trata de ayudar", False),
])
def test_words_that_would_reveal_the_portal_are_recognised(text, reveals):
    assert reveals_purpose(text) is reveals


def test_long_words_wrap_onto_the_page_and_keep_every_word():
    text = "Volunteer " * 60 + "a" * 200
    reader = PdfReader(io.BytesIO(build_pdf([Block(text, "body")], title="Title")))
    extracted = "".join(page.extract_text() for page in reader.pages)
    assert extracted.replace(" ", "").replace("\n", "") == text.replace(" ", "")


def test_pdf_text_is_kept_and_non_latin_characters_do_not_break_it():
    data = build_pdf([Block(r"Cooking (and) cleaning \ café 東京", "body")], title="Title")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert r"Cooking (and) cleaning \ café ??" in text
