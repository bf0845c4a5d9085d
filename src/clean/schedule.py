"""Run tasks on a thread pool, one at a time per key (host), results in input order.

Why not a plain pool: the pacer lets one request per host through at a time, so with a
list sorted by site, every worker would sit waiting on the same host while other hosts
idle. Here a task is only handed to a worker when no other task for its host is running,
so `workers` threads really mean `workers` hosts fetched at once.

Results are yielded in input order (output files and error lines do not depend on
timing). The scheduler looks at most `lookahead` tasks past the next one to yield, so the
finished results held back for an earlier slow one stay bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

__all__ = ["run_per_key"]

T = TypeVar("T")
R = TypeVar("R")


def run_per_key(
    items: Sequence[T],
    work: Callable[[T], R],
    key: Callable[[T], Hashable],
    *,
    workers: int,
    lookahead: int,
) -> Iterator[R]:
    """`work(item)` for every item, never two items with the same key at once."""
    if workers < 1 or lookahead < 1:
        raise ValueError("workers and lookahead must be at least 1")
    keys = [key(item) for item in items]
    queues: dict[Hashable, deque[int]] = {}
    busy: set[Hashable] = set()
    running: dict[Future[R], int] = {}
    done: dict[int, R] = {}
    admitted = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="clean-fetch") as pool:
        try:
            for index in range(len(items)):
                while index not in done:
                    while admitted < min(len(items), index + lookahead):
                        queues.setdefault(keys[admitted], deque()).append(admitted)
                        admitted += 1
                    _dispatch(pool, items, work, keys, queues, busy, running, workers)
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        position = running.pop(future)
                        busy.discard(keys[position])
                        done[position] = future.result()
                yield done.pop(index)
        finally:
            for future in running:
                future.cancel()


def _dispatch(
    pool: ThreadPoolExecutor,
    items: Sequence[T],
    work: Callable[[T], R],
    keys: list[Hashable],
    queues: dict[Hashable, deque[int]],
    busy: set[Hashable],
    running: dict[Future[R], int],
    workers: int,
) -> None:
    """Start the earliest waiting task of each idle key, earliest first, while workers are free."""
    while len(running) < workers:
        ready = [queue[0] for k, queue in queues.items() if queue and k not in busy]
        if not ready:
            return
        position = min(ready)
        queues[keys[position]].popleft()
        busy.add(keys[position])
        running[pool.submit(work, items[position])] = position
