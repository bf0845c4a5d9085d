"""The exceptions `clean` raises: one family, so callers can catch `CleanError`."""

from __future__ import annotations

__all__ = ["CleanError", "DecodeError", "EmptyPageError", "FetchError", "PageTimeoutError", "PageTooLargeError"]


class CleanError(Exception):
    """Base class: a page could not be cleaned. `reason` is a short, stable slug for logs."""

    reason = "error"


class DecodeError(CleanError):
    """The bytes could not be read as text in any encoding we trust."""

    reason = "undecodable"


class EmptyPageError(CleanError):
    """Kept for callers who ask for an article and want an error when there is none."""

    reason = "empty"


class PageTooLargeError(CleanError):
    """The page is larger than the configured cap; we refuse rather than stall a batch."""

    reason = "too-large"


class FetchError(CleanError):
    """A page could not be fetched. One class for every cause, since callers branch on the
    `reason` slug ("robots-disallowed", "timeout", "too-large", "http-404", ...) rather
    than on types; the full list is `clean.fetch.FETCH_REASONS`."""

    reason = "fetch-failed"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class PageTimeoutError(CleanError):
    """The page took longer than its time budget; one pathological page must not stall a crawl."""

    reason = "timeout"
