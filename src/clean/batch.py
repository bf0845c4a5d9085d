"""Batch cleaning for the CLI: find the pages, clean them, write one JSON file per page.

Kept apart from `cli.py` so the batch behaviour (ids, ordering, error lines, atomic
writes) can be tested and reused without going through argument parsing.

Decisions worth knowing:
- A page's id is its file stem, made safe as a file name; stems that collide get a short
  hash of their path appended, to every colliding page, so an id never depends on the
  order the inputs were given in.
- Outcomes come back in input order whatever the number of workers: the output files,
  the JSONL lines and `errors.jsonl` are then identical for `--workers 1` and `--workers 8`.
- A page that fails is one line in the errors file and the batch goes on.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .errors import CleanError
from .pipeline import Options, clean_page

__all__ = [
    "PAGE_SUFFIXES",
    "BatchWriter",
    "Failure",
    "InputError",
    "Source",
    "Summary",
    "clean_all",
    "clean_source",
    "discover",
    "dump_line",
    "dump_pretty",
    "run_batch",
    "sanitize_id",
    "write_atomic",
]

PAGE_SUFFIXES = frozenset({".txt", ".html", ".htm"})
STDIN = "-"

# Letters, digits, "_", "." and "-" (Unicode-aware) survive; everything else, including
# "/", "\\", NUL and spaces, becomes "_". Leading dots go, so no id is "..", "." or hidden.
_UNSAFE = re.compile(r"[^\w.-]+")
# File names are limited to 255 bytes on common file systems; leave room for a collision
# hash and ".json".
_MAX_ID_BYTES = 200
_GLOB_MAGIC = re.compile(r"[*?[]")


class InputError(Exception):
    """An input names nothing we can read: a usage error, reported before any work starts."""


@dataclass(frozen=True, slots=True)
class Source:
    """One page to clean. `data` is set for stdin, which cannot be read twice."""

    id: str
    source_path: str | None
    path: str | None = None
    data: bytes | None = None


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


Outcome = dict[str, Any] | Failure


# --- input discovery ---------------------------------------------------------------


def sanitize_id(name: str) -> str:
    """Make `name` safe as a file name inside the output directory, whatever it contains."""
    safe = _UNSAFE.sub("_", name).lstrip(".")
    encoded = safe.encode("utf-8")
    if len(encoded) > _MAX_ID_BYTES:
        safe = encoded[:_MAX_ID_BYTES].decode("utf-8", "ignore")
    return safe or "page"


def _short_hash(data: bytes, length: int = 8) -> str:
    return hashlib.sha1(data).hexdigest()[:length]


def _walk(top: str) -> Iterator[str]:
    """Page files under `top`, in a stable order, skipping hidden files and directories."""
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in PAGE_SUFFIXES:
                yield os.path.join(dirpath, name)


def _expand(arg: str) -> list[str]:
    """What one command-line input stands for, as a shell would expand it, then walked."""
    if os.path.isdir(arg):
        return list(_walk(arg))
    if os.path.lexists(arg):
        # a file, or something that will fail to read and be reported as such
        return [arg]
    if _GLOB_MAGIC.search(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            raise InputError(f"no file matches {arg!r}")
        return [page for match in matches for page in _expand(match)]
    raise InputError(f"no such file or directory: {arg!r}")


def _relative(path: str) -> str:
    """The path as recorded in the output: relative to the current directory, posix form,
    so that the same command gives the same bytes on any machine."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        rel = os.path.abspath(path)
    return Path(rel).as_posix()


def discover(inputs: Sequence[str], read_stdin: Callable[[], bytes]) -> list[Source]:
    """Turn CLI inputs (files, directories, globs, "-") into sources with unique ids.

    The same file reached twice (named, and inside a named directory) is cleaned once.
    Raises `InputError` when an input matches nothing.
    """
    seen: set[str] = set()
    sources: list[Source] = []
    for arg in inputs:
        if arg == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                data = read_stdin()
                sources.append(Source(id=_short_hash(data, 16), source_path=None, data=data))
            continue
        for path in _expand(arg):
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                stem = sanitize_id(Path(path).stem)
                sources.append(Source(id=stem, source_path=_relative(path), path=path))
    return _disambiguate(sources)


def _disambiguate(sources: list[Source]) -> list[Source]:
    """Give every file page whose id collides (ignoring case, for case-insensitive file
    systems) a hash of its path, so each output file belongs to exactly one page."""
    counts = Counter(source.id.casefold() for source in sources)
    return [
        replace(source, id=f"{source.id}-{_short_hash(source.source_path.encode('utf-8'))}")
        if counts[source.id.casefold()] > 1 and source.source_path is not None
        else source
        for source in sources
    ]


# --- cleaning ------------------------------------------------------------------------


def _read(source: Source) -> bytes:
    if source.data is not None:
        return source.data
    assert source.path is not None, "a source has either data or a path"
    return Path(source.path).read_bytes()


def clean_source(source: Source, options: Options) -> Outcome:
    """Clean one page, turning every way it can fail into a `Failure`.

    Runs in worker processes, so it returns plain data and never raises for a bad page:
    one page must not end a batch of thousands.
    """
    try:
        raw = _read(source)
    except OSError as exc:
        return Failure(source.id, source.source_path, "unreadable", str(exc))
    try:
        article = clean_page(raw, page_id=source.id, source_path=source.source_path, options=options)
    except CleanError as exc:
        return Failure(source.id, source.source_path, exc.reason, str(exc))
    except Exception as exc:
        return Failure(source.id, source.source_path, "internal-error", f"{type(exc).__name__}: {exc}")
    return article.to_dict()


def clean_all(sources: Sequence[Source], options: Options, workers: int) -> Iterator[Outcome]:
    """Yield one outcome per source, in input order, using up to `workers` processes."""
    if min(workers, len(sources)) <= 1:
        for source in sources:
            yield clean_source(source, options)
        return
    # Load models and tables once here: forked workers share them instead of each
    # paying the start-up cost again (about a second).
    clean_page("Warm-up sentence for the cleaning models.")
    yield from _clean_in_pool(sources, options, min(workers, len(sources)))


def _clean_in_pool(sources: Sequence[Source], options: Options, workers: int) -> Iterator[Outcome]:
    """Keep at most `window` pages past the next one to emit in flight.

    Emitting in order makes the output independent of scheduling; bounding the window
    keeps memory flat on huge batches even when one page is slow.
    """
    window = 4 * workers
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: dict[int, Future[Outcome]] = {}
    submitted = 0
    try:
        for index, source in enumerate(sources):
            while submitted < min(len(sources), index + window):
                pending[submitted] = pool.submit(clean_source, sources[submitted], options)
                submitted += 1
            try:
                outcome = pending.pop(index).result()
            except BrokenProcessPool:
                # Some in-flight page killed its worker (segfault, out of memory). Retry
                # this page alone so the blame lands on the page that caused it, then
                # carry on in a fresh pool.
                outcome = _clean_isolated(source, options)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers)
                pending = {i: pool.submit(clean_source, sources[i], options) for i in pending}
            yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _clean_isolated(source: Source, options: Options) -> Outcome:
    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(clean_source, source, options).result()
        except BrokenProcessPool:
            return Failure(
                source.id,
                source.source_path,
                "worker-died",
                "the process cleaning this page died (crash or out of memory)",
            )


# --- output --------------------------------------------------------------------------


def dump_pretty(data: Any) -> str:
    """The on-disk JSON form: stable key order and layout, so outputs diff cleanly."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def dump_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so a reader (or a killed run) never sees
    half a file. The temp name is hidden, so a later `clean run` skips leftovers."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class BatchWriter:
    """Where outcomes go: one `<id>.json` per page in `outdir`, or one line per page in
    `jsonl`; failures go to `errors_path`, created only when a page fails.

    The errors file from an earlier run is removed on entry, so its presence always
    means "this run had failures".
    """

    def __init__(self, *, outdir: Path | None, jsonl: Path | None, errors_path: Path) -> None:
        self.outdir = outdir
        self.jsonl = jsonl
        self.errors_path = errors_path
        self._jsonl_tmp: Path | None = None
        self._jsonl_handle: IO[str] | None = None
        self._errors_handle: IO[str] | None = None

    def __enter__(self) -> BatchWriter:
        if self.outdir is not None:
            self.outdir.mkdir(parents=True, exist_ok=True)
        self.errors_path.unlink(missing_ok=True)
        if self.jsonl is not None:
            self.jsonl.parent.mkdir(parents=True, exist_ok=True)
            self._jsonl_tmp = self.jsonl.with_name(f".{self.jsonl.name}.{os.getpid()}.tmp")
            self._jsonl_handle = self._jsonl_tmp.open("w", encoding="utf-8", newline="\n")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._errors_handle is not None:
            self._errors_handle.close()
        if self._jsonl_handle is not None and self._jsonl_tmp is not None and self.jsonl:
            self._jsonl_handle.close()
            if exc_type is None:
                os.replace(self._jsonl_tmp, self.jsonl)
            else:
                self._jsonl_tmp.unlink(missing_ok=True)

    def _page_path(self, page_id: str) -> Path:
        assert self.outdir is not None
        if page_id != sanitize_id(page_id):  # ids come from sanitize_id; never trust blindly
            raise ValueError(f"unsafe page id {page_id!r}")
        return self.outdir / f"{page_id}.json"

    def add(self, outcome: Outcome) -> None:
        if isinstance(outcome, Failure):
            self._fail(outcome)
        elif self._jsonl_handle is not None:
            self._jsonl_handle.write(dump_line(outcome))
        else:
            write_atomic(self._page_path(outcome["id"]), dump_pretty(outcome))

    def _fail(self, failure: Failure) -> None:
        if self._errors_handle is None:
            self.errors_path.parent.mkdir(parents=True, exist_ok=True)
            self._errors_handle = self.errors_path.open("w", encoding="utf-8", newline="\n")
        self._errors_handle.write(dump_line(failure.to_dict()))
        self._errors_handle.flush()
        if self.outdir is not None and self._jsonl_handle is None:
            # an article left from an earlier run would contradict the error line
            self._page_path(failure.id).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Summary:
    pages: int
    cleaned: int
    failed: int
    seconds: float

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds > 0 else 0.0
        return f"{self.pages} pages, {self.cleaned} cleaned, {self.failed} failed, {rate:.1f} pages/s"


def run_batch(
    sources: Sequence[Source],
    writer: BatchWriter,
    *,
    options: Options,
    workers: int,
    on_page: Callable[[], None] = lambda: None,
) -> Summary:
    """Clean every source into `writer` (already entered); count what happened."""
    start = time.perf_counter()
    failed = 0
    for outcome in clean_all(sources, options, workers):
        writer.add(outcome)
        failed += isinstance(outcome, Failure)
        on_page()
    return Summary(
        pages=len(sources),
        cleaned=len(sources) - failed,
        failed=failed,
        seconds=time.perf_counter() - start,
    )
