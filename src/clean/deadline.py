"""A cooperative time budget for one `clean_page` call.

Why cooperative: `signal.alarm` only works in the main thread and is process-wide, so a
crawler calling `clean_page` from many threads could not use it, and one page's alarm
could fire in another page. Instead `clean_page` opens a budget for the current thread
(a `ContextVar`, so each thread and each asyncio task has its own, and nothing is shared)
and the pipeline calls `check()` between stages, between settle passes and every few
hundred lines inside the per-line loops. A page over budget raises `PageTimeoutError`.

What it cannot stop: a single call into C (a regex, the HTML parser) that runs long
without returning. The batch runner adds a hard budget for that: it kills the worker.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import PageTimeoutError

__all__ = ["budget", "check"]

# The monotonic time the current page must be done by, and its budget in seconds (for
# the message); None when no budget is open.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("clean_deadline", default=None)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the body with `seconds` to spare (None: no limit); nested budgets keep the tighter one."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise ValueError(f"timeout must be positive, got {seconds}")
    end = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set((end, seconds) if outer is None or end < outer[0] else outer)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise `PageTimeoutError` when the current page is over its budget; cheap otherwise."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > current[0]:
        raise PageTimeoutError(f"page took longer than its budget of {current[1]:g} s")
