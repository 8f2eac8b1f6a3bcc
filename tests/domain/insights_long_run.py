"""A longer run of the insights suppression's property tests than the suite affords.

The suite draws 40 to 100 tables per property; this draws as many as asked, and lists
up to 4,000,000 possible tables per draw (the suite stops at 300,000). Run it after any
change to ``portal/domain/insights.py`` or ``insights_disclosure.py``:

    .venv/bin/python -m tests.domain.insights_long_run 1500

It prints one line per property and stops at the first table that reveals a count.
"""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings

from tests.domain import test_insights_suppression as suite


def main(draws: int) -> None:
    suite.WORLDS_LISTED = 4_000_000
    properties = [
        ("two ranges", suite.test_no_filter_combination_reveals_a_small_count,
         suite.table_strategy, draws),
        ("three ranges", suite.test_three_ranges_at_once_reveal_no_small_count,
         suite._ranges(3, 3), draws),
        ("the whole menu", suite.test_the_whole_menu_at_once_reveals_no_small_count,
         suite._ranges(4, 2), draws // 2),
        ("weekly series", suite.test_a_weekly_series_reveals_no_small_count_in_any_range,
         suite.series_strategy, draws),
        ("a series and a breakdown of the same people",
         suite.test_a_series_and_a_breakdown_of_the_same_people_reveal_nothing_together,
         suite.linked_strategy, draws),
    ]
    for name, prop, strategy, count in properties:
        run = settings(max_examples=count, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))(
            given(strategy)(prop.hypothesis.inner_test))
        run()
        sys.stdout.write(f"{name}: {count} tables, no count revealed\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
