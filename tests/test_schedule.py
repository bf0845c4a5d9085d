"""The per-host scheduler: input order, one task per key at a time, workers used across keys."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest

from clean.schedule import run_per_key


class Recorder:
    """Work that sleeps a little and records how many tasks ran at once, per key and overall."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active: Counter[str] = Counter()
        self.most_per_key = 0
        self.most = 0

    def __call__(self, item: tuple[str, int]) -> str:
        key, n = item
        with self.lock:
            self.active[key] += 1
            self.most_per_key = max(self.most_per_key, self.active[key])
            self.most = max(self.most, sum(self.active.values()))
        time.sleep(random.Random(n).random() * 0.01)
        with self.lock:
            self.active[key] -= 1
        return f"{key}{n}"


@pytest.mark.parametrize(("workers", "lookahead"), [(1, 1), (3, 4), (4, 64)])
def test_order_exclusivity_and_limit(workers: int, lookahead: int) -> None:
    items = [(random.Random(i).choice("abcde"), i) for i in range(60)]
    record = Recorder()
    results = list(run_per_key(items, record, key=lambda item: item[0], workers=workers, lookahead=lookahead))
    assert results == [f"{k}{n}" for k, n in items]
    assert record.most_per_key == 1
    assert record.most <= workers


def test_other_hosts_are_not_stuck_behind_a_busy_one() -> None:
    other_started = threading.Event()

    def work(item: str) -> bool:
        if item == "b":
            other_started.set()
            return True
        # "a" tasks wait for "b" to start: a scheduler that gave a second worker to the
        # next "a" instead would leave "b" waiting and this would time out
        return other_started.wait(timeout=5)

    results = list(run_per_key(["a", "a", "a", "b"], work, key=lambda item: item, workers=2, lookahead=8))
    assert results == [True, True, True, True]


def test_errors_in_work_propagate() -> None:
    def work(item: int) -> int:
        if item == 3:
            raise RuntimeError("boom")
        return item

    with pytest.raises(RuntimeError):
        list(run_per_key(list(range(5)), work, key=lambda item: item, workers=2, lookahead=4))


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        list(run_per_key([1], lambda x: x, key=lambda x: x, workers=0, lookahead=1))
