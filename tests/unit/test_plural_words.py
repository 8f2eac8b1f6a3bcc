"""Counts meet nouns through Babel's plural forms (issue 13 item 8): "1 hour", never
"1 hours", in English and Spanish, in views and in refusals."""

from __future__ import annotations

from datetime import timedelta

from portal.i18n import translate_count
from portal.services.errors import ServiceError, Throttled
from portal.state.messages import refusal_text
from portal.state.moderation import _age, utcnow


def test_hours_waiting_and_attended_say_one_hour_and_one_and_a_half_hours():
    one = translate_count("en", "volunteering.hours_pending", 1.0, hours="1")
    assert one == "Waiting for approval: 1 hour"
    assert translate_count("es", "volunteering.hours_pending", 1.0, hours="1") == \
        "Esperando aprobación: 1 hora"
    assert translate_count("en", "volunteering.attended_hours", 1.5, hours="1.5") == \
        "Attended · 1.5 hours"
    assert translate_count("es", "volunteering.attended_hours", 2, hours="2") == \
        "Asistió · 2 horas"


def test_seats_are_counted_in_both_languages():
    assert translate_count("en", "calendar.seats_taken", 1, taken=0, seats=1) == \
        "0 of 1 seat taken"
    assert translate_count("es", "volunteering.seats_left", 1, left=1, seats=1) == \
        "1 de 1 lugar libre"


def test_refusals_with_a_count_use_the_plural_forms():
    assert refusal_text("en", ServiceError("availability.slot_too_soon", hours=1)).endswith(
        "at least 1 hour away.")
    assert refusal_text("es", ServiceError("availability.slot_too_soon", hours=1)).endswith(
        "al menos 1 hora de margen.")
    assert refusal_text("en", ServiceError("availability.slot_too_soon", hours=12)).endswith(
        "at least 12 hours away.")
    assert "1 minute and" in refusal_text("en", Throttled(30))
    assert "1 minuto e" in refusal_text("es", Throttled(30))
    assert "5 minutes" in refusal_text("en", Throttled(300))


def test_a_member_of_one_day_is_not_a_member_for_1_days():
    assert _age("en", utcnow() - timedelta(days=1, hours=1)) == "member for 1 day"
    assert _age("es", utcnow() - timedelta(days=3)) == "miembro desde hace 3 días"
