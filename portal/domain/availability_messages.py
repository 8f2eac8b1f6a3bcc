"""English wording for availability message keys (the app's catalogs hold the rest).

Params that are not plain words (a weekday number, a list of lengths) are rendered here
for English only; translators get the raw params.
"""

from __future__ import annotations

from portal.domain.availability_rules import MESSAGE_KEY_PREFIX, AvailabilityError

_ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ENGLISH_MESSAGES: dict[str, str] = {
    "unknown_timezone": "We don't recognise the time zone “{timezone}”.",
    "no_session_lengths": "Choose at least one session length.",
    "session_length_unsupported": "Sessions can be {supported} minutes long.",
    "session_length_not_offered": "This mentor offers {offered}-minute sessions.",
    "buffer_negative": "A break between sessions can't be less than zero minutes.",
    "buffer_too_long": "A break between sessions can be at most {maximum} minutes.",
    "horizon_out_of_range": "Choose how far ahead people can book: 1 to {maximum} days.",
    "notice_negative": "Notice can't be less than zero hours.",
    "notice_beyond_horizon": (
        "With {hours} hours' notice and booking only {days} days ahead, "
        "no one could book. Try less notice or a longer booking window."
    ),
    "limit_not_positive": "A session limit needs to be at least 1.",
    "weekly_limit_below_daily": (
        "The weekly limit ({per_week}) is lower than the daily limit ({per_day})."
    ),
    "time_invalid": "Please pick a time in whole minutes.",
    "window_empty": "The hours {window} start and end at the same time.",
    "window_overlap": "On {weekday}, the hours {first} and {second} overlap.",
    "extra_hours_overlap": "On {date}, the extra hours {first} and {second} overlap.",
    "weekday_invalid": "Please pick a day of the week.",
    "mentor_paused": "This mentor is taking a break from new sessions right now.",
    "slot_too_soon": "This time is too soon. Please pick one at least {hours} hours away.",
    "slot_too_far_ahead": "This time is too far ahead. Please pick one within {days} days.",
    "slot_not_offered": "This time isn't open any more. Please pick another.",
    "slot_taken": "Someone just took this time. Please pick another.",
    "day_full": "This mentor's day is full. Please pick another day.",
    "week_full": "This mentor's week is full. Please pick a time in another week.",
}


def english_message(error: AvailabilityError) -> str:
    """The English sentence for an ``AvailabilityError``."""
    template = ENGLISH_MESSAGES.get(error.code)
    if template is None:
        return error.message_key
    params = dict(error.params)
    weekday = params.get("weekday")
    if isinstance(weekday, int) and 0 <= weekday <= 6:
        params["weekday"] = _ENGLISH_WEEKDAYS[weekday]
    for name in ("supported", "offered"):
        if isinstance(params.get(name), list):
            params[name] = _or_list([str(item) for item in params[name]])
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def message_keys() -> list[str]:
    return [MESSAGE_KEY_PREFIX + code for code in ENGLISH_MESSAGES]


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
