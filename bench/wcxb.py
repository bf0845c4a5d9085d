"""The WCXB dev pages as the benchmark and the training scripts see them.

One place for: where the data is, which pages are held out, the benchmark's metric,
and the two baselines the issue names (raw text and the C4 line rule).

The held-out split is by domain (a hash of it), so no site is on both sides: figures
on it say how the rules and the model do on sites they were not tuned on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT.parent / "shared" / "datasets" / "wcxb-dev"
DUMPS = ROOT / "build" / "wcxb-text"
CONVERTERS = ("html-text", "inscriptis")
HOLDOUT_BUCKETS = 5  # one domain in five is held out


@dataclass(frozen=True, slots=True)
class Page:
    file_id: str
    page_type: str
    domain: str
    url: str
    main_content: str
    title: str | None
    author: str | None
    published: str | None

    @property
    def split(self) -> str:
        return split_of(self.domain)

    def html(self, dataset: Path = DATASET) -> str:
        raw = gzip.decompress((dataset / "html" / f"{self.file_id}.html.gz").read_bytes())
        return raw.decode("utf-8", errors="replace")

    def dump(self, converter: str, dumps: Path = DUMPS) -> str:
        return (dumps / converter / f"{self.file_id}.txt").read_text(encoding="utf-8")


def split_of(domain: str) -> str:
    """ "holdout" for one domain in five (stable hash), else "tune"."""
    bucket = int(hashlib.sha1(domain.encode("utf-8")).hexdigest(), 16) % HOLDOUT_BUCKETS
    return "holdout" if bucket == 0 else "tune"


def fold_of(domain: str, folds: int) -> int:
    """The cross-validation fold of a domain's pages (stable hash): the training scripts
    score each tune page by a model that never saw its site."""
    return int(hashlib.sha1(domain.encode("utf-8")).hexdigest()[:8], 16) % folds


def load_pages(dataset: Path = DATASET) -> Iterator[Page]:
    files = json.loads((dataset / "metadata.json").read_text(encoding="utf-8"))["files"]
    for file_id in sorted(files):
        info = files[file_id]
        gt_path = dataset / "ground-truth" / f"{file_id}.json"
        if not gt_path.exists():
            continue
        gt = json.loads(gt_path.read_text(encoding="utf-8"))
        truth = gt.get("ground_truth", {})
        yield Page(
            file_id=file_id,
            page_type=info["page_type"],
            domain=info["domain"],
            url=gt.get("url") or "",
            main_content=truth.get("main_content") or "",
            title=truth.get("title"),
            author=truth.get("author"),
            published=truth.get("publish_date"),
        )


_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def word_f1(predicted: str, reference: str) -> float:
    """The benchmark's metric: F1 of lower-case \\w+ token bags."""
    pred, ref = tokens(predicted), tokens(reference)
    if not pred and not ref:
        return 1.0
    if not pred or not ref:
        return 0.0
    overlap = sum((pred & ref).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


_C4_END = re.compile(r"[.!?\"'”’]$")


def c4_lines(text: str) -> str:
    """The C4 line rule: keep lines that end in terminal punctuation and have 3+ words."""
    keep = [ln.strip() for ln in text.splitlines() if _C4_END.search(ln.strip()) and len(ln.split()) >= 3]
    return "\n".join(keep)
