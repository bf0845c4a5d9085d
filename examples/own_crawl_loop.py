"""Cleaning pages in your own crawl loop: fetch, clean, write one JSON line per page.

    python examples/own_crawl_loop.py URL [URL ...] > articles.jsonl

Pass the response headers: their Content-Type charset is how the bytes are decoded.
A page that cannot be fetched or cleaned becomes an error line on stderr, and the
loop goes on.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

import clean


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read(), dict(response.headers.items())


def main(urls: list[str]) -> int:
    failed = 0
    for url in urls:
        try:
            body, headers = fetch(url)
            article = clean.clean_page(body, url=url, headers=headers)
        except (OSError, urllib.error.URLError) as exc:
            failed += 1
            print(json.dumps({"url": url, "reason": "fetch", "message": str(exc)}), file=sys.stderr)
            continue
        except clean.CleanError as exc:
            failed += 1
            print(json.dumps({"url": url, "reason": exc.reason, "message": str(exc)}), file=sys.stderr)
            continue
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
