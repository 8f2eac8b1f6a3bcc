"""A thread's frame reads a match as a plain row (mentoring.common.MatchRow): it must
name every column of the table, in the table's order, or a new column would be read
into the wrong field."""

from portal.models.mentoring import MentorMatch
from portal.services.mentoring.common import MatchRow


def test_the_row_names_every_column_of_the_table_in_order():
    assert list(MatchRow._fields) == [column.key for column in MentorMatch.__table__.columns]


def test_the_row_has_every_attribute_the_model_has():
    model_fields = set(MentorMatch.model_fields)
    assert model_fields == set(MatchRow._fields)
