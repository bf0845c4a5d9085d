"""A Scrapy spider whose items go through clean's pipeline.

    scrapy runspider examples/scrapy_spider.py -a start=https://example.com/ -O articles.jsonl

Each item carries the raw body, URL and headers; `CleanPipeline` adds the article's
fields (title, authors, published, text, ...) and drops pages that hold no article.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy


class ArticleSpider(scrapy.Spider):
    name = "articles"
    custom_settings = {  # noqa: RUF012 - Scrapy's own convention for per-spider settings
        "ITEM_PIPELINES": {"clean.integrations.scrapy.CleanPipeline": 300},
        "CLEAN_EXPLAIN": True,
        "CLEAN_DROP_EMPTY": True,
        "CLEAN_KEEP_BODY": False,
        "DEPTH_LIMIT": 2,
    }

    def __init__(self, start: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.allowed_domains = [start.split("/")[2].split(":")[0]]

    def parse(self, response: scrapy.http.Response) -> Iterator[Any]:
        yield {"url": response.url, "body": response.body, "headers": response.headers}
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse)
