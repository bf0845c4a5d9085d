"""Batch cleaning for the CLI: find the pages, clean them, write them as they come.

Kept apart from `cli.py` so the batch behaviour (ids, ordering, error lines, atomic
writes) can be tested and reused without going through argument parsing.

Decisions worth knowing:
- A page's id is its file stem, made safe as a file name; stems that collide get a short
  hash of their path appended, to every colliding page, so an id never depends on the
  order the inputs were given in.
- Outcomes come back in input order whatever the number of workers: the output files,
  the JSONL lines and `errors.jsonl` are then identical for `--workers 1` and `--workers 8`.
- A page that fails is one line in the errors file and the batch goes on.
- Streaming: containers are read lazily (`readers.py`), pages go through a bounded
  process pool (`pool.py`) and are written one by one, so memory does not grow with the
  number of pages; only the set of done ids for `--resume` does.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from . import readers
from .article import Article, Removal
from .errors import CleanError
from .pipeline import Options, clean_page
from .pool import ordered_map
from .readers import Failure, Source, is_safe_id, read_page, read_records, sanitize_id

__all__ = [
    "FORMATS",
    "PAGE_SUFFIXES",
    "BatchWriter",
    "Cleaned",
    "Failure",
    "InputError",
    "Source",
    "Summary",
    "clean_all",
    "clean_source",
    "discover",
    "dump_line",
    "dump_pretty",
    "expand",
    "hard_budget",
    "is_container",
    "render_source",
    "run_batch",
    "sanitize_id",
    "write_atomic",
]

PAGE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".gz", ".jsonl", ".warc"})
STDIN = "-"
_GLOB_MAGIC = re.compile(r"[*?[]")

Format = Literal["json", "jsonl", "md", "txt"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "md", "txt")


class InputError(Exception):
    """An input names nothing we can read: a usage error, reported before any work starts."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned page as it will be written (`body`), and what the cleaning dropped, by rule.

    Rendered in the worker, so serialisation runs in parallel too.
    """

    id: str
    body: str
    drops: tuple[tuple[str, int], ...] = ()


Outcome = dict[str, Any] | Failure


# --- input discovery ---------------------------------------------------------------


def _short_hash(data: bytes, length: int = 8) -> str:
    return hashlib.sha1(data).hexdigest()[:length]


def _walk(top: str) -> Iterator[str]:
    """Input files under `top`, in a stable order, skipping hidden files and directories.

    Symlinked directories are not followed (`os.walk` default), so a symlink loop in an
    input folder cannot make the walk endless.
    """
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and readers.input_format(name) is not None:
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

    A source is a page file or a container (JSONL, WARC) whose records `expand` reads
    later, lazily. The same file reached twice (named, and inside a named directory) is
    cleaned once. Raises `InputError` when an input matches nothing.
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
                stem = sanitize_id(readers.stem(path))
                sources.append(Source(id=stem, source_path=_relative(path), path=path))
    return _disambiguate(sources)


# Names the run itself writes next to the pages: a page called "run" must not become run.json.
_RESERVED_IDS = frozenset({"run"})


def _disambiguate(sources: list[Source]) -> list[Source]:
    """Give every file page whose id collides (ignoring case, for case-insensitive file
    systems), or is a name the run writes itself, a hash of its path, so each output file
    belongs to exactly one page."""
    counts = Counter(source.id.casefold() for source in sources)
    return [
        replace(source, id=f"{source.id}-{_short_hash(source.source_path.encode('utf-8'))}")
        if (counts[source.id.casefold()] > 1 or source.id.casefold() in _RESERVED_IDS)
        and source.source_path is not None
        else source
        for source in sources
    ]


def is_container(source: Source) -> bool:
    return source.path is not None and readers.input_format(source.path) in readers.CONTAINER_FORMATS


def expand(sources: Iterable[Source], max_bytes: int) -> Iterator[Source | Failure]:
    """Every page of the sources, lazily: containers are read one record at a time."""
    for source in sources:
        if is_container(source):
            yield from read_records(source, max_bytes)
        else:
            yield source


# --- cleaning ------------------------------------------------------------------------


def _read(source: Source, max_bytes: int) -> bytes | str:
    if source.data is not None:
        return source.data
    assert source.path is not None, "a source has either data or a path"
    return read_page(source.path, max_bytes)


_MARKDOWN = "_markdown"  # not an Article field in the JSON: carried to the md writer only


def clean_source(
    source: Source, options: Options, *, explain_drops: bool = False, with_markdown: bool = False
) -> Outcome:
    """Clean one page, turning every way it can fail into a `Failure`.

    Runs in worker processes, so it returns plain data and never raises for a bad page:
    one page must not end a batch of thousands. With `explain_drops` the dict keeps its
    `removed` list even when `options.explain` is off (for counting drops by rule).
    """
    try:
        raw = _read(source, options.max_bytes)
    except CleanError as exc:
        return Failure(source.id, source.source_path, exc.reason, str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        return Failure(source.id, source.source_path, "unreadable", f"{type(exc).__name__}: {exc}")
    page_options = options
    if source.kind is not None and options.kind == "auto":
        page_options = replace(page_options, kind=source.kind)
    if explain_drops:
        page_options = replace(page_options, explain=True)
    try:
        article = clean_page(
            raw,
            url=source.url,
            page_id=source.id,
            source_path=source.source_path,
            headers=dict(source.headers) if source.headers is not None else None,
            options=page_options,
        )
    except CleanError as exc:
        return Failure(source.id, source.source_path, exc.reason, str(exc))
    except Exception as exc:
        return Failure(source.id, source.source_path, "internal-error", f"{type(exc).__name__}: {exc}")
    out = article.to_dict()
    if with_markdown:
        # an HTML page's Markdown keeps structure (headings, quotes, code) the JSON text does not
        out[_MARKDOWN] = article.to_markdown()
    return out


def _render(data: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return dump_pretty(data)
    if fmt == "jsonl":
        return dump_line(data)
    if fmt == "txt":
        return data["text"] + "\n" if data["text"] else ""
    return str(data[_MARKDOWN]) if _MARKDOWN in data else _article(data).to_markdown()


def _article(data: dict[str, Any]) -> Article:
    removed = data.get("removed")
    return Article(
        id=data["id"],
        url=data["url"],
        source_path=data["source_path"],
        kind=data["kind"],
        title=data["title"],
        authors=tuple(data["authors"]),
        published=data["published"],
        publisher=data["publisher"],
        original_source=data["original_source"],
        language=data["language"],
        text=data["text"],
        clean_version=data["clean_version"],
        removed=None if removed is None else tuple(Removal(**r) for r in removed),
    )


def render_source(item: Source | Failure, options: Options, fmt: Format) -> Cleaned | Failure:
    """The worker's job: clean a page and render it as it will be written."""
    if isinstance(item, Failure):
        return item
    outcome = clean_source(item, options, explain_drops=True, with_markdown=fmt == "md")
    if isinstance(outcome, Failure):
        return outcome
    drops = Counter(r["rule"] for r in outcome.get("removed", ()))
    if not options.explain:
        del outcome["removed"]
    return Cleaned(outcome["id"], _render(outcome, fmt), tuple(sorted(drops.items())))


def hard_budget(timeout: float | None) -> float | None:
    """How long a worker may hold a page before it is killed: the library's own budget
    (checked cooperatively) plus slack, so the kill only hits pages stuck inside C code."""
    return None if timeout is None else timeout * 1.5 + 2.0


def _timed_out(item: Source | Failure, budget: float | None) -> Failure:
    assert not isinstance(item, Failure), "failures are never sent to a worker"
    return Failure(item.id, item.source_path, "timeout", f"the worker was killed after {budget:g} s on this page")


def _died(item: Source | Failure) -> Failure:
    assert not isinstance(item, Failure)
    return Failure(
        item.id, item.source_path, "worker-died", "the process cleaning this page died (crash or out of memory)"
    )


def _warm_up() -> None:
    """Load models and tables once in the parent: forked workers share them instead of
    each paying the start-up cost again (about a second), and a replaced worker starts warm."""
    clean_page("Warm-up sentence for the cleaning models.")


def process_all(
    items: Iterable[Source | Failure], options: Options, workers: int, fmt: Format = "json"
) -> Iterator[Cleaned | Failure]:
    """Yield one rendered outcome per item, in input order, using `workers` processes.

    Failures already found by the readers pass through in their place.
    """
    _warm_up()
    budget = hard_budget(options.timeout)
    yield from ordered_map(
        partial(render_source, options=options, fmt=fmt),
        items,
        workers=workers,
        budget=budget,
        on_timeout=partial(_timed_out, budget=budget),
        on_death=_died,
    )


def _clean_one(source: Source, options: Options) -> Outcome:
    return clean_source(source, options)


def _died_outcome(source: Source) -> Outcome:
    return _died(source)


def clean_all(sources: Iterable[Source], options: Options, workers: int) -> Iterator[Outcome]:
    """Yield one outcome (article dict or `Failure`) per page source, in input order."""
    _warm_up()
    budget = hard_budget(options.timeout)
    yield from ordered_map(
        partial(_clean_one, options=options),
        sources,
        workers=workers,
        budget=budget,
        on_timeout=partial(_timed_out, budget=budget),
        on_death=_died_outcome,
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


class LineLog:
    """An append-only JSONL file where every line is whole.

    Each line goes out in one `write` call, and the file is opened in append mode; a run
    killed in the middle of a write can at worst leave an unterminated last line, which
    `open` (on resume) cuts off before anything is added. `ids` are the ids of the whole
    lines already there, which is how `--resume` knows what is done.
    """

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.ids: set[str] = set()
        self._fd: int | None = None
        self._resume = resume

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self._resume:
            self.path.unlink(missing_ok=True)
        elif self.path.exists():
            self.ids = _repair_and_read_ids(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, line: str) -> None:
        if self._fd is None:
            self.open()
        assert self._fd is not None
        data = line.encode("utf-8")
        while data:  # a regular file takes it all in one call; loop for the pathological case
            data = data[os.write(self._fd, data) :]

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _repair_and_read_ids(path: Path) -> set[str]:
    """Cut an unterminated last line (a killed write), then collect the ids of the rest."""
    ids: set[str] = set()
    good = 0
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            good += len(line)
            try:
                page_id = json.loads(line).get("id")
            except (ValueError, AttributeError):
                continue
            if isinstance(page_id, str):
                ids.add(page_id)
    if good != path.stat().st_size:
        os.truncate(path, good)
    return ids


class BatchWriter:
    """Where outcomes go: one `<id>.<format>` per page in `outdir`, or one line per page in
    `jsonl`; failures go to `errors_path`, created only when a page fails.

    Without `resume`, the errors file from an earlier run is removed on entry, so its
    presence always means "this run had failures". With `resume`, earlier outputs and
    error lines are kept and `done` holds their ids: those pages are skipped.
    """

    def __init__(
        self,
        *,
        outdir: Path | None,
        jsonl: Path | None,
        errors_path: Path,
        fmt: Format = "json",
        resume: bool = False,
    ) -> None:
        self.outdir = outdir
        self.jsonl = jsonl
        self.errors_path = errors_path
        self.fmt: Format = "jsonl" if jsonl is not None else fmt
        self.resume = resume
        self.done: set[str] = set()
        self._lines = LineLog(jsonl, resume=resume) if jsonl is not None else None
        self._errors = LineLog(errors_path, resume=resume)

    def __enter__(self) -> BatchWriter:
        if self.outdir is not None:
            self.outdir.mkdir(parents=True, exist_ok=True)
        if self._lines is not None:
            self._lines.open()
            self.done |= self._lines.ids
        elif self.resume and self.outdir is not None:
            suffix = f".{self.fmt}"
            self.done |= {
                name[: -len(suffix)]
                for name in os.listdir(self.outdir)
                if name.endswith(suffix) and not name.startswith(".") and name != "run.json"
            }
        if self.resume and self.errors_path.exists():
            self._errors.open()
            self.done |= self._errors.ids
        else:
            self.errors_path.unlink(missing_ok=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._errors.close()
        if self._lines is not None:
            self._lines.close()

    def _page_path(self, page_id: str) -> Path:
        assert self.outdir is not None
        if not is_safe_id(page_id):  # ids come from sanitize_id/record_id; never trust blindly
            raise ValueError(f"unsafe page id {page_id!r}")
        return self.outdir / f"{page_id}.{self.fmt}"

    def add(self, outcome: Outcome | Cleaned) -> None:
        if isinstance(outcome, Failure):
            self._fail(outcome)
            return
        if isinstance(outcome, dict):
            outcome = Cleaned(outcome["id"], _render(outcome, self.fmt))
        if self._lines is not None:
            self._lines.write(outcome.body)
        else:
            write_atomic(self._page_path(outcome.id), outcome.body)

    def _fail(self, failure: Failure) -> None:
        self._errors.write(dump_line(failure.to_dict()))
        if self.outdir is not None and self._lines is None:
            # an article left from an earlier run would contradict the error line
            self._page_path(failure.id).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Summary:
    pages: int
    cleaned: int
    failed: int
    seconds: float
    skipped: int = 0
    drops: tuple[tuple[str, int], ...] = ()
    errors: tuple[tuple[str, int], ...] = ()

    @property
    def pages_per_second(self) -> float:
        return (self.pages - self.skipped) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        skipped = f", {self.skipped} skipped (done before)" if self.skipped else ""
        return (
            f"{self.pages} pages, {self.cleaned} cleaned, {self.failed} failed{skipped}, "
            f"{self.pages_per_second:.1f} pages/s"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "cleaned": self.cleaned,
            "failed": self.failed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 2),
            "drops_by_rule": dict(self.drops),
            "errors_by_reason": dict(self.errors),
        }


def run_batch(
    sources: Sequence[Source],
    writer: BatchWriter,
    *,
    options: Options,
    workers: int,
    on_page: Callable[[], None] = lambda: None,
) -> Summary:
    """Clean every page of the sources into `writer` (already entered); count what happened.

    Pages whose id the writer already has (`--resume`) are skipped before any work.
    """
    start = time.perf_counter()
    counts: Counter[str] = Counter()
    drops: Counter[str] = Counter()
    errors: Counter[str] = Counter()

    def todo() -> Iterator[Source | Failure]:
        for item in expand(sources, options.max_bytes):
            if item.id in writer.done:
                counts["skipped"] += 1
                on_page()
                continue
            yield item

    for outcome in process_all(todo(), options, workers, writer.fmt):
        writer.add(outcome)
        if isinstance(outcome, Failure):
            errors[outcome.reason] += 1
        else:
            counts["cleaned"] += 1
            drops.update(dict(outcome.drops))
        on_page()
    failed = sum(errors.values())
    return Summary(
        pages=counts["cleaned"] + failed + counts["skipped"],
        cleaned=counts["cleaned"],
        failed=failed,
        seconds=time.perf_counter() - start,
        skipped=counts["skipped"],
        drops=tuple(sorted(drops.items())),
        errors=tuple(sorted(errors.items())),
    )
