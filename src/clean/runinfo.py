"""`run.json`: what a batch run did, for machines (the closing summary is for people).

Written atomically at the end of a run, next to the outputs: counts, drops by rule,
errors by reason, speed, the options used and the version, so a crawl's output folder
says how it was made. It is the one output that differs between two runs of the same
input (timings), which is why it lives apart from the pages.
"""

from __future__ import annotations

import dataclasses
import platform
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .batch import Summary, dump_pretty, write_atomic
from .pipeline import Options

__all__ = ["run_record", "run_record_path", "write_run_record"]


def run_record_path(output: Path | None, jsonl: Path | None) -> Path:
    """OUTPUT/run.json, or <name>.run.json next to the JSONL file when there is no -o."""
    if output is not None:
        return output / "run.json"
    assert jsonl is not None
    return jsonl.with_name(f"{jsonl.stem}.run.json")


def run_record(
    summary: Summary, options: Options, inputs: Sequence[str], settings: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "clean_version": __version__,
        "python": platform.python_version(),
        "inputs": list(inputs),
        "options": _options(options),
        "run": dict(settings),
        **summary.to_dict(),
    }


def _options(options: Options) -> dict[str, Any]:
    """The options as JSON: a rules file is named by its path, not dumped."""
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
    if options.rules is not None:
        fields["rules"] = options.rules.source
    return fields


def write_run_record(path: Path, record: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dump_pretty(record))
