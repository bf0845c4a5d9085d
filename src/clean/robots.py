"""robots.txt for the fetcher: what a host's robots.txt says, fetched once per origin.

Decisions (RFC 9309, which is also what the major crawlers do):
- 2xx: the file is parsed with Protego, which follows the RFC (longest match wins,
  `*` and `$` wildcards, Allow beside Disallow). `urllib.robotparser` takes the first
  matching line instead of the longest and ignores wildcards, so it would both block
  pages a site allows and fetch pages it forbids.
- 4xx (404, but also 401/403): the file is "unavailable": everything is allowed.
- 5xx, a network failure, a timeout: the file is "unreachable": nothing on the origin is
  fetched in this run, since we cannot know what the site forbids.
- Only the first 500 KiB are parsed (the RFC's minimum); a larger file is cut, not refused.
- Redirects are followed up to 5 hops (done by the fetcher); past that the file counts
  as unavailable, as the RFC allows.
- Rules are chosen by the product token of the user agent ("clean" for
  "clean/0.1.0 (...)"), falling back to the `*` group.
- `Crawl-delay`, when present, is handed to the pacer (capped by the fetcher's options).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from protego import Protego

__all__ = ["MAX_ROBOTS_BYTES", "Robots", "RobotsCache", "agent_token", "origin", "robots_from_response"]

MAX_ROBOTS_BYTES = 500 * 1024

State = Literal["parsed", "unavailable", "unreachable"]


@dataclass(frozen=True, slots=True)
class Robots:
    """One origin's robots.txt, as far as this run is concerned."""

    state: State
    detail: str
    parser: Protego | None = None

    def allows(self, url: str, agent: str) -> bool:
        if self.state == "unreachable":
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def robots_from_response(status: int | None, body: bytes, detail: str = "") -> Robots:
    """Turn the outcome of fetching /robots.txt into rules. `status` None means the
    request itself failed (connection refused, timeout): the file is unreachable."""
    if status is None or status >= 500:
        return Robots("unreachable", detail or f"robots.txt answered {status}")
    if 200 <= status < 300:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return Robots("parsed", f"robots.txt ({len(body)} bytes)", Protego.parse(text))
    return Robots("unavailable", f"robots.txt answered {status}: everything allowed")


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: "clean/0.1 (+x)" -> "clean"."""
    token = user_agent.strip().split("/", 1)[0].split(" ", 1)[0]
    return token or "*"


def origin(url: str) -> str:
    """scheme://host[:port]: robots.txt applies to one origin, not to a whole domain."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = f"[{host}]" if ":" in host else host
    default = 443 if parts.scheme == "https" else 80
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{host}{port}"


class RobotsCache:
    """Fetches each origin's robots.txt once per run, even with many threads asking.

    `fetch` takes the robots.txt URL and returns the final status and body (None as
    status when the request failed, with a message); it is the fetcher's own request
    function, so robots requests are paced and capped like any other. An exception from
    `fetch` reaches the caller and nothing is cached for the origin.
    """

    def __init__(self, fetch: Callable[[str], tuple[int | None, bytes, str]]) -> None:
        self._fetch = fetch
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, Robots] = {}

    def get(self, url: str) -> tuple[Robots, bool]:
        """The rules for `url`'s origin, and whether this call fetched them."""
        key = origin(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                known = self._rules.get(key)
            if known is not None:
                return known, False
            status, body, detail = self._fetch(f"{key}/robots.txt")
            rules = robots_from_response(status, body, detail)
            with self._guard:
                self._rules[key] = rules
            return rules, True
