"""Input containers for batch runs: page files, gzipped pages, JSONL and WARC files.

Every reader is a generator: a container is read one record at a time, never whole, so a
run over a 50 GB WARC holds one page in memory. A record that cannot be read (an invalid
JSONL line, a broken WARC record, a page over the size cap) becomes a `Failure` in the
stream, in its place, and the reader goes on with the next record: JSONL lines are
independent; after a broken WARC record the reader looks for the next record start in
the bytes (best effort: the record index goes on from the broken one, so ids stay unique).
Only a truncated gzip stream of JSONL ends a file early: nothing behind it can be read.

Ids of records inside a container are `<container id>~<record index>`, plus `~<record's
own id>` when a JSONL record carries one. Why this shape:
- unique by construction: the index is unique in its file and the container id among
  files (see `batch.discover`), with no set of seen ids that would grow with the input;
- never equal to a plain page's id: `sanitize_id` turns "~" into "_", so only container
  records contain "~";
- stable: the same file gives the same ids on every run, which is what `--resume` needs;
- safe: every part goes through `sanitize_id`, and the whole stays short enough for a
  file name.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from .errors import PageTooLargeError

__all__ = [
    "CONTAINER_FORMATS",
    "Failure",
    "InputFormat",
    "Source",
    "input_format",
    "is_safe_id",
    "read_page",
    "read_records",
    "record_id",
    "sanitize_id",
]

InputFormat = Literal["page", "page.gz", "jsonl", "warc"]
KindOrNone = Literal["auto", "html", "text"] | None

# Letters, digits, "_", "." and "-" (Unicode-aware) survive; everything else, including
# "/", "\\", "~", NUL and spaces, becomes "_". Leading dots go, so no id is "..", "." or hidden.
_UNSAFE = re.compile(r"[^\w.-]+")
# File names are limited to 255 bytes on common file systems; leave room for a collision
# hash and ".json".
_MAX_ID_BYTES = 200
_MAX_RECORD_ID_BYTES = 240
RECORD_SEP = "~"

_FORMATS: tuple[tuple[str, InputFormat], ...] = (
    (".html.gz", "page.gz"),
    (".htm.gz", "page.gz"),
    (".txt.gz", "page.gz"),
    (".jsonl.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".html", "page"),
    (".htm", "page"),
    (".txt", "page"),
    (".jsonl", "jsonl"),
    (".warc", "warc"),
)
CONTAINER_FORMATS = frozenset({"jsonl", "warc"})


@dataclass(frozen=True, slots=True)
class Source:
    """One page to clean, or one container file of pages.

    `data` is set for stdin and for records read out of a container; a page file is read
    by the worker from `path`. `kind` overrides `Options.kind` for this page (a JSONL
    `text` record is text); `headers` are the HTTP headers of a WARC response.
    """

    id: str
    source_path: str | None
    path: str | None = None
    data: bytes | str | None = None
    url: str | None = None
    kind: KindOrNone = None
    headers: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A page that produced no article, in the shape of an `errors.jsonl` line."""

    id: str
    source_path: str | None
    reason: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "reason": self.reason,
            "message": self.message,
        }


def sanitize_id(name: str) -> str:
    """Make `name` safe as a file name inside the output directory, whatever it contains."""
    safe = _UNSAFE.sub("_", name).lstrip(".")
    encoded = safe.encode("utf-8")
    if len(encoded) > _MAX_ID_BYTES:
        safe = encoded[:_MAX_ID_BYTES].decode("utf-8", "ignore")
    return safe or "page"


def record_id(container_id: str, index: int, own: str | None = None) -> str:
    """The id of record `index` of a container (see the module docstring for why)."""
    base = f"{container_id}{RECORD_SEP}{index}"
    if own:
        room = _MAX_RECORD_ID_BYTES - len(base.encode("utf-8")) - 1
        tail = sanitize_id(own).encode("utf-8")[: max(room, 0)].decode("utf-8", "ignore").rstrip(".")
        if tail:
            base = f"{base}{RECORD_SEP}{tail}"
    return base


def is_safe_id(page_id: str) -> bool:
    """True for ids `sanitize_id` or `record_id` can produce: safe as file names."""
    parts = page_id.split(RECORD_SEP)
    return (
        len(page_id.encode("utf-8")) <= _MAX_RECORD_ID_BYTES
        and all(part and part == sanitize_id(part) for part in parts)
        and not page_id.startswith(".")
    )


def input_format(path: str) -> InputFormat | None:
    """What a file holds, from its name; None for files a directory walk skips."""
    name = path.lower()
    for suffix, fmt in _FORMATS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


def stem(path: str) -> str:
    """The file name without its input suffix ("a.html.gz" -> "a")."""
    name = Path(path).name
    for suffix, _ in _FORMATS:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return Path(path).stem


def _read_capped(handle: IO[bytes] | BinaryIO | gzip.GzipFile, max_bytes: int, what: str) -> bytes:
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PageTooLargeError(f"{what} is over the cap of {max_bytes} bytes")
    return data


def read_page(path: str, max_bytes: int) -> bytes:
    """A page file's bytes, gunzipped for .gz, never more than `max_bytes` in memory.

    Raises `PageTooLargeError`, `OSError`, or `EOFError`/`zlib.error` for broken gzip.
    """
    if input_format(path) == "page.gz":
        with gzip.open(path, "rb") as handle:
            return _read_capped(handle, max_bytes, "the unzipped page")
    with open(path, "rb") as handle:
        return _read_capped(handle, max_bytes, "the page")


def read_records(container: Source, max_bytes: int) -> Iterator[Source | Failure]:
    """The pages inside a JSONL or WARC file, one at a time, failures in their place."""
    assert container.path is not None, "containers are files"
    fmt = input_format(container.path)
    reader = _jsonl_records if fmt == "jsonl" else _warc_records
    try:
        yield from reader(container, max_bytes)
    except OSError as exc:
        yield Failure(container.id, container.source_path, "unreadable", str(exc))


# --- JSONL -------------------------------------------------------------------------


def _open_maybe_gzip(path: str) -> BinaryIO | gzip.GzipFile:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _jsonl_records(container: Source, max_bytes: int) -> Iterator[Source | Failure]:
    """One record per line: {"html": ...} or {"text": ...}, with optional "url" and "id".

    A line is read with a cap (a JSON string can be up to 6x its text when escaped), so a
    20 MB line never sits in memory when the cap is lower; the rest of it is skipped.
    """
    assert container.path is not None
    line_cap = 6 * max_bytes + 1024
    index = -1
    with _open_maybe_gzip(container.path) as handle:
        while True:
            try:
                line = handle.readline(line_cap)
            except (EOFError, zlib.error) as exc:  # a truncated or corrupt .gz
                yield Failure(
                    record_id(container.id, index + 1),
                    container.source_path,
                    "unreadable",
                    f"broken gzip stream after record {index}: {exc}",
                )
                return
            if not line:
                return
            index += 1
            if not line.endswith(b"\n") and len(line) >= line_cap:
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield Failure(
                    record_id(container.id, index),
                    container.source_path,
                    "too-large",
                    f"JSONL line {index + 1} is over {line_cap} bytes",
                )
                continue
            if not line.strip():
                index -= 1  # blank lines are not records
                continue
            yield _jsonl_record(container, index, line, max_bytes)


def _jsonl_record(container: Source, index: int, line: bytes, max_bytes: int) -> Source | Failure:
    def bad(message: str, page_id: str | None = None) -> Failure:
        return Failure(page_id or record_id(container.id, index), container.source_path, "bad-record", message)

    where = f"JSONL line {index + 1}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return bad(f"{where} is not JSON: {exc}")
    if not isinstance(record, dict):
        return bad(f"{where} is not a JSON object")
    own = record.get("id")
    if own is not None and not isinstance(own, str | int):
        return bad(f"{where}: id must be a string or an integer")
    page_id = record_id(container.id, index, None if own is None else str(own))
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return bad(f"{where}: url must be a string", page_id)
    html, text = record.get("html"), record.get("text")
    body = html if html is not None else text
    if not isinstance(body, str) or (html is not None and text is not None):
        return bad(f'{where}: needs exactly one of "html" or "text", as a string', page_id)
    if len(body) > max_bytes:  # characters: a lower bound of the bytes
        return Failure(page_id, container.source_path, "too-large", f"{where} is over {max_bytes} bytes")
    kind: KindOrNone = None if html is not None else "text"
    return Source(id=page_id, source_path=container.source_path, data=body, url=url, kind=kind)


# --- WARC --------------------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_records(container: Source, max_bytes: int) -> Iterator[Source | Failure]:
    """The HTML responses of a WARC file (.warc or .warc.gz), with their HTTP headers.

    Requests, metadata and non-HTML responses (images, PDFs, ...) are not pages and are
    passed over silently; their place still counts in the record index, so ids do not
    shift when a crawler's WARC writer changes what else it stores.

    A broken record is an error line; reading then resumes at the next record start found
    in the bytes after it (the next gzip member in a .warc.gz, the next "WARC/1." line in
    a .warc), so one bad record does not lose the rest of the file.
    """
    assert container.path is not None
    gz = container.path.lower().endswith(".gz")
    index = -1
    start: int | None = 0
    with open(container.path, "rb") as handle:
        while start is not None:
            handle.seek(start)
            broken_at = yield from _warc_run(container, handle, index, max_bytes)
            if broken_at is None:
                return
            index, offset = broken_at
            start = _next_record_start(handle, offset + 1, gz)


def _warc_run(
    container: Source, handle: BinaryIO, index: int, max_bytes: int
) -> Generator[Source | Failure, None, tuple[int, int] | None]:
    """Read records from where `handle` is; at a broken one, return its index and offset."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    start = handle.tell()
    iterator = ArchiveIterator(handle)
    records = iter(iterator)
    while True:
        current = index + 1
        try:
            record = next(records)
            index = current
            if record.format != "warc":  # warcio reads any text as ARC lines: not ours
                raise ValueError(f"not a WARC record (format {record.format!r})")
            page = _warc_page(container, index, record, max_bytes)
        except StopIteration:
            if index < 0 and handle.tell() > start:
                yield Failure(record_id(container.id, 0), container.source_path, "bad-record", "no WARC record found")
            return None
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError, AttributeError, TypeError) as exc:
            # warcio on hostile bytes raises more than its own errors (the fuzzer found
            # AttributeError for a response with no WARC-Target-URI); all mean "broken"
            yield Failure(
                record_id(container.id, current),
                container.source_path,
                "bad-record",
                f"broken WARC record {current}: {type(exc).__name__}: {exc}",
            )
            # warcio sets `offset` to a record's start once the one before is read to its end
            return current, max(iterator.offset, start)
        if page is not None:
            yield page


_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."


def _next_record_start(handle: BinaryIO, offset: int, gz: bool) -> int | None:
    """Where the next record may start at or after `offset`, scanning 1 MB at a time."""
    marker = _GZIP_MEMBER if gz else _WARC_LINE
    handle.seek(offset)
    position = offset
    tail = b""
    while chunk := handle.read(1 << 20):
        window = tail + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(tail) + found + (0 if gz else 1)
        tail = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def _warc_page(container: Source, index: int, record: Any, max_bytes: int) -> Source | Failure | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and not any(t in content_type for t in _HTML_TYPES):
        return None
    page_id = record_id(container.id, index)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        data = _read_capped(record.content_stream(), max_bytes, f"WARC record {index}")
    except PageTooLargeError as exc:
        return Failure(page_id, container.source_path, "too-large", str(exc))
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio stops quietly at the end of the file
        raise ValueError(f"WARC record {index} is truncated")
    headers = tuple((str(k), str(v)) for k, v in record.http_headers.headers)
    return Source(id=page_id, source_path=container.source_path, data=data, url=url, headers=headers)


def content_id(data: bytes) -> str:
    """The id of a page with no name (stdin): a hash of its bytes."""
    return hashlib.sha1(data).hexdigest()[:16]
