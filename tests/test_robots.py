"""robots.txt policy: what each status means, rule matching, one fetch per origin."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from clean.robots import MAX_ROBOTS_BYTES, RobotsCache, agent_token, origin, robots_from_response

RULES = b"""User-agent: clean
Disallow: /drafts/
Allow: /drafts/published/
Disallow: /*.pdf$
Crawl-delay: 2.5

User-agent: *
Disallow: /
"""


@pytest.mark.parametrize(
    ("status", "state", "allowed"),
    [
        (200, "parsed", True),
        (404, "unavailable", True),
        (401, "unavailable", True),
        (410, "unavailable", True),
        (500, "unreachable", False),
        (503, "unreachable", False),
        (None, "unreachable", False),
    ],
)
def test_status_policy(status: int | None, state: str, allowed: bool) -> None:
    robots = robots_from_response(status, b"User-agent: *\nAllow: /\n")
    assert robots.state == state
    assert robots.allows("https://e.org/page", "clean") is allowed


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/news/a", True),
        ("/drafts/x", False),
        ("/drafts/published/x", True),  # the longer rule wins, whatever the order
        ("/files/report.pdf", False),  # wildcard and end anchor
        ("/files/report.pdf?x=1", True),
    ],
)
def test_rules_follow_rfc_9309(path: str, allowed: bool) -> None:
    robots = robots_from_response(200, RULES)
    assert robots.allows(f"https://e.org{path}", "clean") is allowed
    assert robots.allows(f"https://e.org{path}", "otherbot") is False


def test_crawl_delay_is_read_per_agent() -> None:
    robots = robots_from_response(200, RULES)
    assert robots.crawl_delay("clean") == 2.5
    assert robots.crawl_delay("otherbot") is None
    assert robots_from_response(404, b"").crawl_delay("clean") is None


def test_oversized_robots_is_cut_not_refused() -> None:
    body = b"User-agent: *\nDisallow: /x\n" + b"# filler\n" * (MAX_ROBOTS_BYTES // 9 + 10) + b"Disallow: /late\n"
    robots = robots_from_response(200, body)
    assert not robots.allows("https://e.org/x", "clean")
    assert robots.allows("https://e.org/late", "clean")  # past the cap: not read


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [("clean/0.1.0 (+https://e.org)", "clean"), ("MyBot", "MyBot"), ("  ", "*"), ("a b/1", "a")],
)
def test_agent_token(user_agent: str, token: str) -> None:
    assert agent_token(user_agent) == token


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://E.org/a/b?q", "https://e.org"),
        ("http://e.org:80/", "http://e.org"),
        ("http://e.org:8080/", "http://e.org:8080"),
        ("https://[::1]:8443/x", "https://[::1]:8443"),
    ],
)
def test_origin(url: str, key: str) -> None:
    assert origin(url) == key


def test_cache_fetches_each_origin_once_across_threads() -> None:
    calls: list[str] = []
    lock = threading.Lock()

    def fetch(url: str) -> tuple[int | None, bytes, str]:
        with lock:
            calls.append(url)
        return 200, b"User-agent: *\nDisallow: /no\n", "ok"

    cache = RobotsCache(fetch)
    urls = [f"https://e.org/p{i}" for i in range(20)] + [f"https://f.org:8443/p{i}" for i in range(20)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(cache.get, urls))
    assert sorted(calls) == ["https://e.org/robots.txt", "https://f.org:8443/robots.txt"]
    assert sum(fresh for _, fresh in results) == 2
    assert all(not rules.allows("https://e.org/no", "clean") for rules, _ in results)
