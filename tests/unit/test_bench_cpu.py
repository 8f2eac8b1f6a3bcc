"""bench/_cpu.py reads what a stretch of a benchmark cost from /proc, per item."""

from __future__ import annotations

import os
import time

from bench._cpu import CpuMeter


def test_the_meter_counts_the_clients_own_cpu_per_item():
    meter = CpuMeter(server_group=0)  # no server: only the client's own time counts
    meter.start()
    until = time.process_time() + 0.3
    while time.process_time() < until:
        pass
    figures = meter.per_item(3)
    assert set(figures) == {"lantern", "postgres", "bench_client"}
    assert figures["lantern"] == 0
    assert 70 <= figures["bench_client"] <= 200  # 300 ms of CPU over 3 items


def test_a_process_group_is_counted_as_the_server():
    meter = CpuMeter(server_group=os.getpgid(0))  # this test's group stands in
    meter.start()
    until = time.process_time() + 0.2
    while time.process_time() < until:
        pass
    assert meter.per_item(1)["lantern"] >= 150


def test_nothing_is_claimed_before_a_start_or_for_no_items():
    meter = CpuMeter(server_group=0)
    assert meter.per_item(5) == {}
    meter.start()
    assert meter.per_item(0) == {}
