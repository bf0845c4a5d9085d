"""clean: strip the chrome from web pages and keep the article, with its metadata.

Public API (everything else is private and may change):

    clean_page(raw, *, url=None, kind="auto", explain=False, ...) -> Article
    Article, Removal, Options
    load_rules(path) -> UserRules, parse_rules(text) -> UserRules, RulesError: a user's
    rules file, passed as Options(rules=...)
    CleanError and its subclasses (FetchError: a page `clean fetch` could not get)
    fetch_urls(urls, options) -> Iterator[Fetched | FetchFailure]; FetchOptions
"""

from __future__ import annotations

__version__ = "0.1.0"

from .article import Article, Removal
from .errors import CleanError, DecodeError, EmptyPageError, FetchError, PageTimeoutError, PageTooLargeError
from .fetch import Fetched, FetchFailure, FetchOptions, fetch_urls
from .pipeline import Options, clean_page
from .siterules import RulesError, UserRules, load_rules, parse_rules

__all__ = [
    "Article",
    "CleanError",
    "DecodeError",
    "EmptyPageError",
    "FetchError",
    "FetchFailure",
    "FetchOptions",
    "Fetched",
    "Options",
    "PageTimeoutError",
    "PageTooLargeError",
    "Removal",
    "RulesError",
    "UserRules",
    "__version__",
    "clean_page",
    "fetch_urls",
    "load_rules",
    "parse_rules",
]
