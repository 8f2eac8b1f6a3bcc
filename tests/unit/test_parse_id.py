"""The services' one id parser: ids a PostgreSQL integer column can hold, else not found."""

from __future__ import annotations

import pytest

from portal.services.errors import MAX_ID, NotFound, parse_id


@pytest.mark.parametrize(("sent", "parsed"), [
    (5, 5), ("5", 5), (" 12 ", 12), (MAX_ID, MAX_ID), (str(MAX_ID), MAX_ID),
])
def test_whole_numbers_in_range_are_ids(sent, parsed):
    assert parse_id(sent) == parsed


@pytest.mark.parametrize("sent", [
    True, False, 0, -1, "0", "-3", MAX_ID + 1, 2**62, "", None, "1; drop", "5.0", 5.0, [], {},
])
def test_anything_else_is_simply_not_found(sent):
    with pytest.raises(NotFound):
        parse_id(sent)


def test_the_bound_is_the_int4_column_not_the_payload_transport():
    assert MAX_ID == 2**31 - 1
