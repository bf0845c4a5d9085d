"""Per-host politeness for the fetcher: one request at a time to a host, and a pause
between the end of one request and the start of the next.

Measuring the pause from the *end* of the previous request means a slow server gets at
least `delay` seconds of quiet whatever its response time, which is what a site owner
reading their logs expects from a polite bot. A host can be held longer (Retry-After,
backoff after a 5xx) or given its own delay (robots.txt Crawl-delay).

The clock and sleep are injectable so tests can check the schedule without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["HostPacer"]


class HostPacer:
    """Serialises and spaces requests per host; safe to share between fetch threads.

    The state lives in the instance (one per fetch run), never in the module.
    """

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._ends: dict[str, float] = {}  # when the last request to the host ended
        self._holds: dict[str, float] = {}  # no request before this time (Retry-After)
        self._delays: dict[str, float] = {}

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def delay_for(self, host: str) -> float:
        with self._guard:
            return self._delays.get(host, self._delay)

    def set_delay(self, host: str, seconds: float) -> None:
        """Use a longer pause for this host (never shorter than the run's own delay)."""
        with self._guard:
            self._delays[host] = max(self._delay, seconds)

    def hold(self, host: str, seconds: float) -> None:
        """No request to `host` may start within `seconds` from now (Retry-After, backoff)."""
        with self._guard:
            self._holds[host] = max(self._holds.get(host, 0.0), self._clock() + seconds)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Wait for this host's turn and keep it for the duration of one request."""
        with self._lock(host):
            while True:
                with self._guard:
                    end = self._ends.get(host)
                    ready = self._holds.get(host, 0.0)
                    if end is not None:
                        ready = max(ready, end + self._delays.get(host, self._delay))
                    wait = ready - self._clock()
                if wait <= 0:
                    break
                self._sleep(wait)
            try:
                yield
            finally:
                with self._guard:
                    self._ends[host] = self._clock()
