"""Cleaning on a Dask distributed cluster: the same pipeline, past one machine.

Two layers:
- `clean_partition(records)`: a partition of records (dicts with "html" or "text", and
  optional "id", "url", "headers") to a partition of outcomes, each `{"article": {...}}`
  or `{"error": {...}}`. A plain function with no Dask in it, for users who build their
  own pipelines: `bag.map_partitions(clean_partition)`.
- `run_on_dask(...)`: what `clean run --engine dask` does. The input files are cut into
  partitions (a JSONL or WARC file is one partition; page files go in groups), each
  partition is read and cleaned on a worker, which writes `part-NNNNN.jsonl` (and
  `errors-NNNNN.jsonl` when pages fail) atomically, so the client never holds pages.

The lines are the ones the local engine writes with `--format jsonl`: same pages in,
same lines out, byte for byte once sorted. Inputs and the output folder must be on a
file system every worker sees (NFS, a mounted bucket, or one machine). Timeouts on Dask
are the library's cooperative ones only: Dask gives no way to kill one stuck task.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .batch import Failure, Source, Summary, dump_line, expand, is_container, render_source
from .pipeline import Options, default_id
from .readers import sanitize_id

__all__ = ["clean_partition", "partitions", "run_on_dask"]

# Page files per partition: enough that scheduling overhead (~1 ms a task) is noise next
# to ~30 ms a page, few enough that a cluster of dozens of workers gets work early.
PAGES_PER_PARTITION = 256


def _record_source(record: Mapping[str, Any]) -> Source | Failure:
    html, text = record.get("html"), record.get("text")
    body = html if html is not None else text
    url = record.get("url")
    own = record.get("id")
    if not isinstance(body, str | bytes):
        page_id = sanitize_id(str(own)) if own is not None else "record"
        return Failure(page_id, record.get("source_path"), "bad-record", 'needs "html" or "text"')
    page_id = sanitize_id(str(own)) if own is not None else default_id(body, url if isinstance(url, str) else None)
    headers = record.get("headers")
    return Source(
        id=page_id,
        source_path=record.get("source_path"),
        data=body,
        url=url if isinstance(url, str) else None,
        kind=None if html is not None else "text",
        headers=tuple(headers.items()) if isinstance(headers, Mapping) else None,
    )


def clean_partition(records: Iterable[Mapping[str, Any]], options: Options | None = None) -> list[dict[str, Any]]:
    """Clean a partition of records: `{"article": <Article.to_dict()>}` or `{"error": {...}}` each.

    Records without an "id" get the library's default id (a hash of the URL or content).
    """
    opts = options or Options()
    out: list[dict[str, Any]] = []
    for record in records:
        outcome = render_source(_record_source(record), opts, "jsonl")
        if isinstance(outcome, Failure):
            out.append({"error": outcome.to_dict()})
        else:
            out.append({"article": json.loads(outcome.body)})
    return out


def partitions(sources: Sequence[Source], size: int = PAGES_PER_PARTITION) -> list[list[Source]]:
    """Containers alone, page files in groups of `size`, in input order (so numbering is stable)."""
    parts: list[list[Source]] = []
    group: list[Source] = []
    for source in sources:
        if is_container(source):
            if group:
                parts.append(group)
                group = []
            parts.append([source])
        else:
            group.append(source)
            if len(group) == size:
                parts.append(group)
                group = []
    if group:
        parts.append(group)
    return parts


def _write_lines(path: Path, lines: Iterable[str]) -> tuple[Path, int]:
    """Stream lines into a hidden temp file next to `path`; the caller renames it into place,
    so a part appears whole or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    n = 0
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                n += 1
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, n


def _clean_to_part(index: int, sources: list[Source], options: Options, outdir: str) -> dict[str, Any]:
    """One Dask task: read, clean and write one partition; return its counts."""
    out = Path(outdir)
    drops: Counter[str] = Counter()
    errors: list[Failure] = []

    def lines() -> Iterator[str]:
        for item in expand(sources, options.max_bytes):
            outcome = render_source(item, options, "jsonl")
            if isinstance(outcome, Failure):
                errors.append(outcome)  # failures are few; the articles stream to disk
            else:
                drops.update(dict(outcome.drops))
                yield outcome.body

    part = out / f"part-{index:05d}.jsonl"
    tmp, cleaned = _write_lines(part, lines())
    # errors first: once part-NNNNN.jsonl exists the whole partition is done (resume)
    if errors:
        error_path = out / f"errors-{index:05d}.jsonl"
        tmp_errors, _ = _write_lines(error_path, (dump_line(f.to_dict()) for f in errors))
        os.replace(tmp_errors, error_path)
    os.replace(tmp, part)
    return {"cleaned": cleaned, "drops": dict(drops), "errors": dict(Counter(f.reason for f in errors))}


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def run_on_dask(
    sources: Sequence[Source],
    outdir: Path,
    *,
    options: Options,
    workers: int,
    scheduler: str | None = None,
    resume: bool = False,
) -> Summary:
    """Clean every source on a Dask cluster into OUTDIR/part-NNNNN.jsonl; count what happened.

    With `resume`, partitions whose part file exists are not run again.
    """
    from distributed import Client, LocalCluster, as_completed

    start = time.perf_counter()
    outdir.mkdir(parents=True, exist_ok=True)
    parts = partitions(sources)
    if not resume:
        for stale in [*outdir.glob("part-*.jsonl"), *outdir.glob("errors-*.jsonl")]:
            stale.unlink()
    todo = [i for i in range(len(parts)) if not (resume and (outdir / f"part-{i:05d}.jsonl").exists())]
    skipped = sum(
        _count_lines(outdir / f"part-{i:05d}.jsonl") + _count_lines(outdir / f"errors-{i:05d}.jsonl")
        for i in range(len(parts))
        if i not in set(todo)
    )
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    cleaned = 0
    drops: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]
            task = partial(_clean_to_part, options=options, outdir=str(outdir.resolve()))
            futures = [client.submit(task, i, parts[i], pure=False) for i in todo]
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                counts = future.result()
                cleaned += counts["cleaned"]
                drops.update(counts["drops"])
                errors.update(counts["errors"])
    finally:
        if cluster is not None:
            cluster.close()
    failed = sum(errors.values())
    return Summary(
        pages=cleaned + failed + skipped,
        cleaned=cleaned,
        failed=failed,
        seconds=time.perf_counter() - start,
        skipped=skipped,
        drops=tuple(sorted(drops.items())),
        errors=tuple(sorted(errors.items())),
    )
