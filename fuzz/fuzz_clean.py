"""Fuzz target for the page cleaner and the input readers (atheris, libFuzzer-driven).

    make fuzz                                   # 60 s over fuzz/corpus/
    .venv/bin/python fuzz/fuzz_clean.py fuzz/corpus -max_total_time=600

The first byte picks the target: `clean_page` on the bytes (kind auto, html or text),
or a reader (.jsonl, .jsonl.gz, .warc, .warc.gz, .html.gz) on them as a file. Either
must give Articles, Sources or CleanError-family Failures: any other exception is a
bug, and atheris saves the input that raised it. `one_input` is also what
tests/test_fuzz_corpus.py replays over the checked-in corpus on every `make test`.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

# Under atheris, instrument our own code only: instrumenting numpy, lxml's Python side and
# the rest takes minutes and dilutes the coverage signal.
_FUZZING = __name__ == "__main__" and importlib.util.find_spec("atheris") is not None
if _FUZZING:
    import atheris  # the `fuzz` extra: pip install -e '.[fuzz]'

    _instrumented = atheris.instrument_imports(include=["clean"])
else:
    _instrumented = contextlib.nullcontext()

with _instrumented:
    from clean import Article, CleanError, Options, clean_page
    from clean.batch import clean_source
    from clean.readers import Failure, Source, read_records

_KINDS = ("auto", "html", "text")
_CONTAINERS = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".html.gz")
_MAX_BYTES = 1_000_000
_DIR = Path(tempfile.mkdtemp(prefix="clean-fuzz-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)


def one_input(data: bytes) -> None:
    if not data:
        return
    selector, body = data[0], data[1:]
    if selector % 2 == 0:
        kind = _KINDS[(selector // 2) % len(_KINDS)]
        try:
            article = clean_page(body, kind=kind, timeout=10)  # type: ignore[arg-type]
        except CleanError:
            return
        assert isinstance(article, Article)
        return
    suffix = _CONTAINERS[(selector // 2) % len(_CONTAINERS)]
    path = _DIR / f"input{suffix}"
    path.write_bytes(body)
    container = Source(id="fuzz", source_path=path.name, path=str(path))
    records = [container] if suffix == ".html.gz" else read_records(container, _MAX_BYTES)
    for record in records:
        assert isinstance(record, Source | Failure)
        if isinstance(record, Source):
            outcome = clean_source(record, _options())
            assert isinstance(outcome, dict | Failure)


def _options() -> Options:
    return Options(max_bytes=_MAX_BYTES, timeout=10)


def main() -> None:
    if not _FUZZING:
        sys.exit("atheris is not installed: make fuzz installs it (the `fuzz` extra)")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
