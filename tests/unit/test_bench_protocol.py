"""The protocol benchmark's arithmetic and its "is it done" rules, on synthetic timings
(bench/protocol.py; the benchmark itself runs with `make bench`, never in the tests)."""

from __future__ import annotations

import asyncio
import json
import statistics

import pytest

from bench import _protocol_mix as mix
from bench import protocol
from bench._protocol_stats import (
    HYDRATE,
    Run,
    comparison,
    figures,
    kilobytes,
    percentile,
    scale_out_check,
    table,
)
from bench._socket import FIELD_MARKER, HYDRATED, ROOT_STATE, Tab, _Watch, event


def test_percentiles_match_the_inclusive_quantiles_and_survive_one_sample():
    samples = [float(n) for n in range(1, 101)]
    quantiles = statistics.quantiles(samples, n=100, method="inclusive")
    assert percentile(samples, 0.95) == pytest.approx(quantiles[94])
    assert percentile(samples, 0.50) == pytest.approx(statistics.median(samples))
    assert percentile([7.0], 0.95) == 7.0
    assert percentile(reversed([3.0, 1.0, 2.0]), 0.5) == 2.0


def _run(clients: int, per_kind: dict[str, list[float]], seconds: float) -> Run:
    run = Run(clients=clients, mix_seconds=seconds)
    for kind, values in per_kind.items():
        for value in values:
            run.record(kind, value)
    return run


def test_figures_per_kind_and_overall_leave_the_opening_hydrates_apart():
    run = _run(2, {HYDRATE: [500.0, 700.0], "react": [10.0, 30.0],
                   "reply": [20.0, 40.0]}, seconds=2.0)
    run.fail("reply")
    shown = figures(run)
    assert shown["overall"] == {"p50": 25.0, "p95": 38.5, "max": 40.0, "count": 4}
    assert shown["kinds"][HYDRATE] == {"p50": 600.0, "p95": 690.0, "max": 700.0, "count": 2}
    assert shown["kinds"]["react"]["p95"] == 29.0
    assert shown["events_per_s"] == 2.0  # 4 mix events in 2 s; hydrates not counted
    assert shown["errors"] == 1 and shown["error_kinds"] == {"reply": 1}


def test_ratios_compare_lantern_with_the_blank_app_at_each_n_and_at_50():
    lantern = {n: figures(_run(n, {"react": [float(n) * 10] * 20}, seconds=n / 10))
               for n in (1, 10, 50)}
    blank = {n: figures(_run(n, {"increment": [float(n)] * 20}, seconds=n / 40))
             for n in (1, 10, 50, 200)}
    compared = comparison(lantern, blank)
    assert compared["ratio_p95_1"] == compared["ratio_p95_50"] == 10.0
    assert "ratio_p95_200" not in compared  # Lantern did not run at 200
    assert compared["events_per_s_ratio"] == 0.25
    assert compared["events_per_s_ratio_clients"] == 50
    only_ten = comparison({10: lantern[10]}, {10: blank[10]})
    assert only_ten["events_per_s_ratio_clients"] == 10


def test_the_table_quotes_both_apps_per_n_and_lantern_alone_where_the_blank_did_not_run():
    lantern = {n: figures(_run(n, {"react": [40.0] * 4}, seconds=1)) for n in (1, 200)}
    blank = {1: figures(_run(1, {"increment": [2.0] * 4}, seconds=0.01))}
    rows = table(lantern, blank)
    assert rows[1] == {"lantern_p50": 40.0, "lantern_p95": 40.0, "lantern_events_per_s": 4.0,
                       "errors": 0, "blank_p50": 2.0, "blank_p95": 2.0,
                       "blank_events_per_s": 400.0, "ratio_p95": 20.0}
    assert "blank_p95" not in rows[200]


def test_the_scale_out_ratio_is_many_workers_at_the_largest_n_over_one_worker_at_50():
    single = {50: figures(_run(50, {"react": [100.0] * 10}, seconds=1))}
    scaled = {50: figures(_run(50, {"react": [90.0] * 10}, seconds=1)),
              200: figures(_run(200, {"react": [150.0] * 10}, seconds=1))}
    assert scale_out_check(single, scaled) == 1.5
    assert scale_out_check({}, scaled) is None
    assert kilobytes(16 * 1024) == 16.0


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def _watch(loop, finished, skip_snapshot: bool = False) -> _Watch:
    return _Watch(finished, skip_snapshot, loop.create_future())


def test_an_event_is_done_when_its_result_arrives_not_with_the_snapshot(loop):
    thread = mix.THREAD
    watch = _watch(loop, mix.sent_back(thread, "posts"), skip_snapshot=True)
    watch.feed({ROOT_STATE: {HYDRATED: False}, thread: {f"posts{FIELD_MARKER}": []}})
    assert not watch.future.done()  # the snapshot holds every default: not the page's data
    watch.feed({mix.APP: {f"loaded{FIELD_MARKER}": True}})
    assert not watch.future.done()
    watch.feed({thread: {f"posts{FIELD_MARKER}": [{"id": 4}]}})
    verdict, seen = watch.future.result()
    assert verdict is True and seen[thread]["posts"] == [{"id": 4}]


def test_a_refused_change_is_done_but_not_a_success(loop):
    watch = _watch(loop, mix.changed("s", "reply_serial", "thread_messages"))
    watch.feed({"s": {f"thread_messages{FIELD_MARKER}": ["Please wait a moment."]}})
    assert watch.future.result()[0] is False


def test_a_reaction_is_answered_by_its_post_alone_or_by_the_list(loop):
    for sent in ("post_updates", "posts"):
        watch = _watch(loop, mix.changed("s", ("post_updates", "posts"), "thread_messages"))
        watch.feed({"s": {f"thread_messages{FIELD_MARKER}": []}})
        assert not watch.future.done()  # the answer area alone: not yet
        watch.feed({"s": {f"{sent}{FIELD_MARKER}": {}}})
        assert watch.future.result()[0] is True


def test_notifications_wait_for_both_of_their_states(loop):
    notes = mix.NotificationsState.get_full_name()
    prefs = mix.ReminderPreferencesState.get_full_name()
    watch = _watch(loop, mix.NOTIFICATIONS_SHOWN)
    watch.feed({notes: {f"notification_items{FIELD_MARKER}": []}})
    assert not watch.future.done()
    watch.feed({prefs: {f"preferences_loaded{FIELD_MARKER}": True}})
    assert watch.future.result()[0] is True


def test_events_carry_the_page_as_the_browser_sends_it():
    sent = event("x.load", "/groups/thread", {"id": "3"}, {"post_id": 9})
    assert sent == {"name": "x.load", "payload": {"post_id": 9},
                    "router_data": {"pathname": "/groups/thread", "asPath": "/groups/thread?id=3",
                                    "query": {"id": "3"}}}
    tab = Tab("127.0.0.1", 1, token="t", origin="http://127.0.0.1:1")
    tab._on_packet('42/_event,' + json.dumps(["event", {"delta": {}}]))
    assert tab.sizes == [len('42/_event,["event", {"delta": {}}]')]


def test_a_first_load_sends_the_builds_hashes_and_a_reconnect_does_not():
    target = mix.Target("127.0.0.1", 1, "http://127.0.0.1:1", 5.0, hashes=("a", "b"))
    first = target.hydrate("/groups/thread", {"id": "3"})
    assert first["name"] == mix.HYDRATE_AND_LOAD
    assert first["payload"] == {"hashes": ["a", "b"]}
    assert target.hydrate("/", first_load=False)["payload"] == {}
    ready = mix.ready("s", "thread_ready")
    assert ready({"s": {"thread_ready": False}}) is None
    assert ready({"s": {"thread_ready": True}}) is True


def test_small_n_plays_more_rounds_so_each_p95_rests_on_enough_events():
    assert protocol.rounds_for(1, 3) == 10  # 60 events
    assert protocol.rounds_for(10, 3) == 3
    assert protocol.rounds_for(200, 3) == 3
    assert protocol.rounds_for(1, 20) == 20


def test_the_command_line_defaults_to_the_issue_figures_and_quick_is_short():
    assert protocol.parse_arguments([]).counts == [1, 10, 50, 200]
    assert protocol.parse_arguments(["--clients", "50,1,10"]).counts == [1, 10, 50]
    quick = protocol.parse_arguments(["--quick"])
    assert quick.counts == [1, 10] and quick.rounds == 1


def test_a_server_error_is_shown_by_its_last_line_and_where_portal_raised_it(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("INFO started\nTraceback (most recent call last):\n"
                   '  File "/x/portal/services/throttle.py", line 110, in count\n'
                   "    session.execute(...)\n"
                   "sqlite3.OperationalError: database is locked\nINFO next\n")
    assert protocol.last_errors(log) == (
        '  File "/x/portal/services/throttle.py", line 110, in count\n'
        "sqlite3.OperationalError: database is locked")
