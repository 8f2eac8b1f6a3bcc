"""The payload guard's type rules (portal/state/payload.py), value by value."""

from __future__ import annotations

import pytest
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY

from portal.state.payload import MAX_ID, fits, payload_fits, ticked_among, to_id

WRAPPED = FORM_DATA_ENTRIES_KEY  # how a submitted form arrives from the browser


@pytest.mark.parametrize(("annotation", "value", "expected"), [
    (int, 5, True), (int, "5", True), (int, MAX_ID - 1, True), (int, MAX_ID, False),
    (int, True, False), (int, "abc", False), (int, 3.5, False), (int, None, False),
    (int, "9" * 40, False), (int, [1], False),
    (str, "hello", True), (str, ["x"], False), (str, {"a": 1}, False), (str, 5, False),
    (bool, True, True), (bool, "true", False), (bool, 1, False),
    (dict, {"body": "hi", "ids": ["1", 2]}, True), (dict, {"a": {"b": 1}}, False),
    (dict, "x", False), (dict, {WRAPPED: [["body", "hi"], ["tick", True]]}, True),
    (dict, {WRAPPED: "x"}, False), (dict, {WRAPPED: [["a", {"b": 1}]]}, False),
    (object, {"anything": [1, {"x": None}]}, True),
])
def test_each_value_fits_only_the_type_it_is(annotation, value, expected):
    assert fits(annotation, value) is expected


class _Handlers:
    def act(self, item_id: int, note: str = ""):
        pass

    def submit(self, form_data: dict):
        pass


@pytest.mark.parametrize(("handler", "payload", "expected"), [
    (_Handlers.act, {"item_id": 3}, True),
    (_Handlers.act, {"item_id": 3, "note": "hi"}, True),
    (_Handlers.act, {}, False),                                # a required argument missing
    (_Handlers.act, {"item_id": 3, "extra": 1}, False),        # an argument it does not take
    (_Handlers.act, ["item_id"], False),                       # not a mapping at all
    (_Handlers.submit, {"form_data": {WRAPPED: [["body", "hi"]]}}, True),
])
def test_a_payload_fits_its_handlers_signature(handler, payload, expected):
    assert payload_fits(handler, payload) is expected


@pytest.mark.parametrize(("value", "expected"), [
    (7, 7), ("7", 7), (" 7 ", 7), (True, 0), (False, 0), (0, 0), (-3, 0), ("-3", 0),
    (MAX_ID, 0), (MAX_ID - 1, MAX_ID - 1), ("abc", 0), (None, 0), ([7], 0), (7.0, 0),
])
def test_an_id_is_a_positive_whole_number_below_two_to_the_62_never_a_boolean(value, expected):
    assert to_id(value) == expected


def test_a_checkbox_group_gives_the_ticked_choices_in_their_own_order():
    form = {"goal__safety": "on", "goal__work": True, "goal__housing": "", "goal__legal": "off",
            "goal__other": "on"}
    assert ticked_among(form, "goal", ("work", "safety", "housing", "legal")) == \
        ["work", "safety"]
