"""The payload guard's type rules (portal/state/payload.py), value by value."""

from __future__ import annotations

import pytest
from reflex_base.utils.form import FORM_DATA_ENTRIES_KEY

from portal.state.payload import MAX_ID, fits, payload_fits

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
