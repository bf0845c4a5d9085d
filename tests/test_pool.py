"""The batch process pool: ordered results, bounded read-ahead, stuck and dying workers replaced."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from clean.pool import ordered_map


def work(n: int) -> int:
    """Slow for some inputs, so that results come back out of order."""
    if n == 13:
        time.sleep(60)  # stuck: only a kill ends this
    if n == 7:
        os._exit(1)  # the worker dies
    time.sleep(0.01 * (n % 3))
    return n * n


def timed_out(n: int) -> int:
    return -1


def died(n: int) -> int:
    return -2


def test_results_in_input_order_whatever_the_workers() -> None:
    items = [n for n in range(20) if n not in (7, 13)]
    for workers in (1, 2, 3):
        got = list(ordered_map(work, items, workers=workers, budget=None, on_timeout=timed_out, on_death=died))
        assert got == [n * n for n in items]


def test_a_stuck_task_is_killed_and_the_run_goes_on() -> None:
    start = time.monotonic()
    got = list(ordered_map(work, [12, 13, 14, 15], workers=2, budget=0.5, on_timeout=timed_out, on_death=died))
    assert got == [144, -1, 196, 225]
    assert time.monotonic() - start < 30


def test_a_dying_worker_is_blamed_on_its_own_task_and_replaced() -> None:
    got = list(ordered_map(work, [5, 6, 7, 8, 9, 10], workers=2, budget=None, on_timeout=timed_out, on_death=died))
    assert got == [25, 36, -2, 64, 81, 100]


def test_one_worker_too() -> None:
    got = list(ordered_map(work, [6, 7, 13, 8], workers=1, budget=0.5, on_timeout=timed_out, on_death=died))
    assert got == [36, -2, -1, 64]


def test_input_is_read_lazily_within_the_window() -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for n in range(1000):
            pulled += 1
            yield n

    results = ordered_map(work, items(), workers=2, budget=None, on_timeout=timed_out, on_death=died, window=5)
    assert next(results) == 0
    assert pulled <= 5 + 1
    results.close()  # stops the workers


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError):
        list(ordered_map(work, [1], workers=0, budget=None, on_timeout=timed_out, on_death=died))
