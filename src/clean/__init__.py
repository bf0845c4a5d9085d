"""clean: strip the chrome from web pages and keep the article, with its metadata.

Public API (everything else is private and may change):

    clean_page(raw, *, url=None, kind="auto", explain=False, ...) -> Article
    Article, Removal, Options
    CleanError and its subclasses
"""

from __future__ import annotations

__version__ = "0.1.0"

from .article import Article, Removal
from .errors import CleanError, DecodeError, EmptyPageError, PageTimeoutError, PageTooLargeError
from .pipeline import Options, clean_page

__all__ = [
    "Article",
    "CleanError",
    "DecodeError",
    "EmptyPageError",
    "Options",
    "PageTimeoutError",
    "PageTooLargeError",
    "Removal",
    "__version__",
    "clean_page",
]
