"""A process pool for batch runs that can kill one stuck task and carry on.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot stop one task. A page that
sends a regex or the HTML parser into a loop in C never reaches the cooperative
deadline of `deadline.py`, and would hold its worker forever. Here every worker has its
own pipe and runs one task at a time, so the pool always knows which task each worker
holds and since when: past the hard budget the worker is killed and replaced, and only
that task is reported (`on_timeout`); a worker that dies (segfault, out of memory) is
blamed on exactly the task it held (`on_death`).

Results come back in input order, and at most `window` tasks are read ahead of the next
result to emit, so memory stays flat however long the input, even behind one slow task.
Workers only compute: the caller's process does all reading and writing, so killing a
worker, or the whole run, never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

__all__ = ["ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def _serve(conn: Connection, fn: Callable[[Any], Any], parent_end: Connection, parent_pid: int) -> None:
    """A worker: run `fn` on each task sent until told to stop or the parent goes away.

    A forked worker inherits the parent's end of its own pipe (closed here) and of the
    pipes of workers started before it, so EOF alone cannot tell that the parent was
    killed: the worker also checks, while idle, that its parent is still its parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent_end.close()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent_pid:
                    return  # orphaned: the run was killed
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            conn.send((seq, fn(item)))
        except (BrokenPipeError, OSError):
            return


@dataclass(slots=True)
class _Task(Generic[T]):
    seq: int
    item: T
    started: float


@dataclass(slots=True)
class _Worker(Generic[T]):
    process: BaseProcess
    conn: Connection
    task: _Task[T] | None = None


def _start(fn: Callable[[T], R]) -> _Worker[T]:
    ctx = multiprocessing.get_context()
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(child, fn, parent, os.getpid()), daemon=True)
    process.start()
    child.close()
    return _Worker(process=process, conn=parent)


def _stop(worker: _Worker[T], *, kill: bool) -> None:
    if kill:
        worker.process.kill()
    else:
        with contextlib.suppress(OSError):
            worker.conn.send(None)
    worker.process.join(timeout=None if kill else 5)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    budget: float | None,
    on_timeout: Callable[[T], R],
    on_death: Callable[[T], R],
    window: int | None = None,
) -> Iterator[R]:
    """Yield `fn(item)` for every item, in order, computed in `workers` processes.

    `budget` is the hard limit in seconds for one task (None: none); a task over it is
    given `on_timeout(item)` instead and its worker is replaced. `fn` must not raise:
    turn failures into values (an exception ends the worker, which counts as a death).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    window = window or 4 * workers
    source = iter(items)
    exhausted = False
    pool: list[_Worker[T]] = [_start(fn) for _ in range(workers)]
    done: dict[int, R] = {}
    next_out = 0
    next_in = 0
    try:
        while True:
            # hand out tasks while a worker is idle and the read-ahead window has room
            for i, worker in enumerate(pool):
                if worker.task is not None or exhausted or next_in - next_out >= window:
                    continue
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                if not worker.process.is_alive():
                    _stop(worker, kill=True)
                    pool[i] = worker = _start(fn)
                worker.task = _Task(next_in, item, time.monotonic())
                next_in += 1
                with contextlib.suppress(OSError):  # a dead worker: wait() below sees its pipe closed
                    worker.conn.send((worker.task.seq, item))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in pool if w.task is not None]
            if not busy:
                if exhausted:
                    return
                continue
            timeout = None
            if budget is not None:
                oldest = min(w.task.started for w in busy if w.task is not None)
                timeout = max(0.0, oldest + budget - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            now = time.monotonic()
            for i, worker in enumerate(pool):
                task = worker.task
                if task is None:
                    continue
                if worker.conn in ready:
                    try:
                        seq, result = worker.conn.recv()
                    except (EOFError, OSError):
                        done[task.seq] = on_death(task.item)
                        _stop(worker, kill=True)
                        pool[i] = _start(fn)
                        continue
                    done[seq] = result
                    worker.task = None
                elif budget is not None and now - task.started > budget:
                    done[task.seq] = on_timeout(task.item)
                    _stop(worker, kill=True)
                    pool[i] = _start(fn)
    finally:
        for worker in pool:
            _stop(worker, kill=worker.task is not None)
