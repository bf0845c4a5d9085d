"""A Scrapy item pipeline that cleans the page an item carries: `clean.integrations.scrapy`.

Crawls already have their pages in memory; the pipeline cleans them where they are.
A spider yields an item with the raw response body, its URL and (best) its headers,
whose Content-Type charset is how the bytes are decoded:

    yield {"url": response.url, "body": response.body, "headers": response.headers}

and the pipeline adds the article's fields (`title`, `authors`, `published`, `text`, ...,
the same names as `clean run`'s JSON). Scrapy's `Headers` are replaced by a plain
str -> str dict, which feed exports can write. Enable it and choose options in the settings:

    ITEM_PIPELINES = {"clean.integrations.scrapy.CleanPipeline": 300}
    CLEAN_MODE = "auto"          # "auto" | "html" | "text": how the body is read
    CLEAN_EXPLAIN = False        # add `removed`: every dropped block and its rule
    CLEAN_DROP_EMPTY = False     # drop items whose page holds no article
    CLEAN_DROP_ERRORS = False    # drop items whose page cannot be cleaned (else: `clean_error`)
    CLEAN_KEEP_BODY = True       # False removes the raw body from the item once cleaned
    CLEAN_RULES = None           # path of a rules file (see `clean run --rules`)
    CLEAN_BODY_FIELD, CLEAN_URL_FIELD, CLEAN_HEADERS_FIELD = "body", "url", "headers"

A page that cannot be cleaned never stops the crawl: the item gets
`clean_error = {"reason", "message"}` (or is dropped, with CLEAN_DROP_ERRORS). Items
can be dicts or any item type itemadapter knows; a `scrapy.Item` must declare the
fields the pipeline adds. Cleaning runs in the reactor thread, like any synchronous
pipeline; `clean_page` is thread-safe, for those who move it to threads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from ..errors import CleanError
from ..pipeline import Options, clean_page
from ..siterules import load_rules

__all__ = ["CleanPipeline", "PipelineSettings", "plain_headers"]

Mode = Literal["auto", "html", "text"]
# the Article fields the item gets; url and source_path stay the crawler's own
_SKIP = frozenset({"url", "source_path"})


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    options: Options
    drop_empty: bool = False
    drop_errors: bool = False
    keep_body: bool = True
    body_field: str = "body"
    url_field: str = "url"
    headers_field: str = "headers"

    @classmethod
    def from_settings(cls, settings: Any) -> PipelineSettings:
        """Read the CLEAN_* settings; a wrong value stops the crawl at start-up, not mid-way."""
        mode = settings.get("CLEAN_MODE", "auto")
        if mode not in get_args(Mode):
            raise NotConfigured(f"CLEAN_MODE must be one of {get_args(Mode)}, not {mode!r}")
        rules_path = settings.get("CLEAN_RULES")
        rules = load_rules(Path(rules_path)) if rules_path else None  # RulesError names the line
        return cls(
            options=Options(kind=mode, explain=settings.getbool("CLEAN_EXPLAIN", False), rules=rules),
            drop_empty=settings.getbool("CLEAN_DROP_EMPTY", False),
            drop_errors=settings.getbool("CLEAN_DROP_ERRORS", False),
            keep_body=settings.getbool("CLEAN_KEEP_BODY", True),
            body_field=settings.get("CLEAN_BODY_FIELD", "body"),
            url_field=settings.get("CLEAN_URL_FIELD", "url"),
            headers_field=settings.get("CLEAN_HEADERS_FIELD", "headers"),
        )


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def plain_headers(headers: Any) -> dict[str, str] | None:
    """Scrapy's `Headers` (bytes keys, lists of bytes values) or any mapping, as str -> str
    (first value of each): what `clean_page(headers=...)` reads."""
    if not isinstance(headers, Mapping) and not hasattr(headers, "items"):
        return None
    return {_text(k): _text(v) for k, v in headers.items()}


class CleanPipeline:
    """Adds the cleaned article's fields to every item that carries a page body."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.settings = settings

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanPipeline:
        return cls(PipelineSettings.from_settings(crawler.settings))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        s = self.settings
        adapter = ItemAdapter(item)
        body = adapter.get(s.body_field)
        if body is None:
            return item  # not a page: leave it to the other pipelines
        url = adapter.get(s.url_field)
        headers = plain_headers(adapter.get(s.headers_field))
        if headers is not None:
            adapter[s.headers_field] = headers  # Scrapy's Headers (bytes keys) cannot be exported
        try:
            article = clean_page(
                body if isinstance(body, bytes | str) else bytes(body),
                url=str(url) if url else None,
                headers=headers,
                options=s.options,
            )
        except CleanError as exc:
            if s.drop_errors:
                raise DropItem(f"clean: {exc.reason}: {exc}") from exc
            adapter["clean_error"] = {"reason": exc.reason, "message": str(exc)}
            return item
        if s.drop_empty and not article.text:
            raise DropItem(f"clean: no article on {url or 'the page'}")
        for key, value in article.to_dict().items():
            if key not in _SKIP:
                adapter[key] = value
        if not s.keep_body:
            del adapter[s.body_field]
        return item
