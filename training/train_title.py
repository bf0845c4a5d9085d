"""Train the text path's headline chooser shipped in `src/clean/data/title-model.npz`
(see `clean.title`).

    make train-title

Each WCXB page of the tune split, rendered by both known converters (`bench/render_dumps.py`),
is cleaned as text; the metadata stage's headline candidates on its first pass are
recorded with their features (`clean.title.candidate_features`), and a candidate is
labelled a headline when it reads as the page's ground-truth title (case and spaces
aside). The cutoff is chosen on out-of-fold scores (5 folds by domain, as the block
model's): the best candidate of a page is taken when it clears the cutoff, and the
cutoff is the one with the most right headlines less wrong ones, so a wrong headline
costs what a missing one does. Held-out pages are scored, never trained on.
Data: WCXB (Foley 2026), CC-BY-4.0.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "training"))

from train_blocks import boosted_trees, export  # noqa: E402
from wcxb import fold_of, load_pages  # noqa: E402

import clean  # noqa: E402
import clean.metadata  # noqa: E402
from clean.title import MODEL_FILE, TITLE_FEATURES, Head, candidate_features, pick  # noqa: E402
from clean.trees import TreeModel  # noqa: E402

MODEL = ROOT / "src" / "clean" / "data" / MODEL_FILE
DUMPS = ROOT / "build" / "wcxb-text"
CONVERTERS = ("html-text", "inscriptis")
FOLDS = 5
# small trees with large leaves: a page gives 20-odd candidates and one headline at most
TREES = 150
LEAVES = 15
MIN_LEAF = 20
SAME_WORDS = 0.7  # share of the words of a line and the title together that both have
_WORD = re.compile(r"\w+")
# each dump is trained (and reported) with and without its URL, with and without blank lines
VARIANTS = ((True, True), (False, True), (True, False), (False, False))


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_SITE_PART = re.compile(r"\s+[|·•–—»-]\s+|\s*::\s*")


def norm(text: str) -> str:
    """A title's form for comparison: case, spaces and the kind of quote mark aside."""
    return " ".join(text.split()).casefold().translate(_QUOTES)


def is_headline(line: str, title: str) -> bool:
    """Whether a line of the dump is the page's headline: the ground-truth title (from
    `<title>` as often as from `<h1>`), or its headline part when the title adds the
    site's name ("Headline | Site", "Site - Headline"). Labelled by the exact title
    alone, a headline over its byline was no headline on many news pages."""
    line, title = norm(line), norm(title)
    if line == title:
        return True
    if len(line.split()) < 2:
        return False
    parts = _SITE_PART.split(title)
    if len(parts) > 1 and line in parts:
        return True
    # the `<h1>` worded a little differently from the `<title>` ("How Fast Do Electric
    # Skateboards Go?" and "How Fast Does an Electric Skateboard Go?")
    mine, theirs = set(_WORD.findall(line)), set(_WORD.findall(title))
    return len(mine & theirs) >= SAME_WORDS * len(mine | theirs)


_RECORD: list[tuple[list[str], np.ndarray]] = []


def _recorder(head: Head) -> int | None:
    """Stands in for `choose_title`: keeps the first pass's candidates, chooses none."""
    if not _RECORD:
        _RECORD.append(([head.blocks[i].text for i in head.cands], candidate_features(head)))
    return None


def page_rows(job: tuple[str, str, str, str, str, str]) -> dict[str, Any]:
    file_id, converter, title, split, domain, url = job
    raw = (DUMPS / converter / f"{file_id}.txt").read_text(encoding="utf-8")
    _RECORD.clear()
    clean.metadata.choose_title = _recorder  # type: ignore[assignment]
    clean.clean_page(raw, kind="text", url=url, timeout=None)
    texts, x = _RECORD[0] if _RECORD else ([], np.zeros((0, len(TITLE_FEATURES)), np.float32))
    y = np.array([is_headline(t, title) for t in texts], dtype=bool)
    return {
        "id": file_id,
        "converter": converter,
        "split": split,
        "domain": domain,
        "x": x,
        "y": y,
    }


def collect(workers: int) -> list[dict[str, Any]]:
    jobs = [
        (p.file_id, c, p.title, p.split, p.domain, p.url)
        for p in load_pages()
        if p.title
        for c in CONVERTERS
        if (DUMPS / c / f"{p.file_id}.txt").exists()
    ]
    if not jobs:
        raise SystemExit("no dumps under build/wcxb-text: run bench/render_dumps.py first")
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        rows = list(pool.map(page_rows, jobs, chunksize=16))
    # each dump again as if it came without its URL, and as if its converter wrote no
    # blank lines, so the trees learn those cases too
    url_columns = [TITLE_FEATURES.index("url_words"), TITLE_FEATURES.index("url_covered")]
    gap_columns = [TITLE_FEATURES.index("gap_before"), TITLE_FEATURES.index("gap_after")]
    out = []
    for r in rows:
        for url, spaced in VARIANTS:
            x = r["x"].copy()
            if not url:
                x[:, url_columns] = -1.0
            if not spaced:
                x[:, gap_columns] = -1.0
            out.append({**r, "x": x, "url": url, "spaced": spaced})
    return out


def fit(rows: list[dict[str, Any]]) -> Any:
    clf = boosted_trees(TREES, LEAVES, MIN_LEAF)
    clf.fit(np.vstack([r["x"] for r in rows]), np.concatenate([r["y"] for r in rows]))
    return clf


def picks(rows: list[dict[str, Any]], scores: list[np.ndarray], cutoff: float) -> list[bool | None]:
    """Per page: whether the headline `clean.title.pick` chooses at `cutoff` is the right
    one, None when it chooses none."""
    out: list[bool | None] = []
    for r, s in zip(rows, scores, strict=True):
        k = pick(r["x"], s, cutoff) if len(s) else None
        out.append(None if k is None else bool(r["y"][k]))
    return out


def rates(chosen: list[bool | None]) -> tuple[float, float]:
    """(right, wrong) headlines per page."""
    return sum(ok is True for ok in chosen) / len(chosen), sum(ok is False for ok in chosen) / len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rows = collect(args.workers)
    tune = [r for r in rows if r["split"] == "tune"]
    hold = [r for r in rows if r["split"] == "holdout"]
    cands = sum(len(r["y"]) for r in tune)
    reach = np.mean([r["y"].any() for r in tune])
    print(f"{len(tune)} tune dumps, {cands} candidates; the headline is a candidate on {reach:.3f} of them")

    folds = [fold_of(r["domain"], FOLDS) for r in tune]
    oof: list[np.ndarray] = [np.zeros(0)] * len(tune)
    for k in range(FOLDS):
        clf = fit([r for r, f in zip(tune, folds, strict=True) if f != k])
        for j, f in enumerate(folds):
            if f == k and len(tune[j]["x"]):
                oof[j] = clf.predict_proba(tune[j]["x"])[:, 1]
    grid = [round(float(c), 3) for c in np.arange(0.05, 0.951, 0.025)]
    table = [(c, *rates(picks(tune, oof, c))) for c in grid]
    for c, right, wrong in table:
        print(f"  cutoff {c:.3f}: right {right:.3f} wrong {wrong:.3f} (out of fold)")
    cutoff = max(table, key=lambda t: (t[1] - t[2], -t[0]))[0]

    model = fit(tune)
    hold_scores = [model.predict_proba(r["x"])[:, 1] if len(r["x"]) else np.zeros(0) for r in hold]
    print(f"cutoff {cutoff}: right / wrong headlines per page, tune out of fold and held out")
    for url, spaced in VARIANTS:
        of_tune = [j for j, r in enumerate(tune) if r["url"] == url and r["spaced"] == spaced]
        of_hold = [j for j, r in enumerate(hold) if r["url"] == url and r["spaced"] == spaced]
        right, wrong = rates(picks([tune[j] for j in of_tune], [oof[j] for j in of_tune], cutoff))
        h_right, h_wrong = rates(picks([hold[j] for j in of_hold], [hold_scores[j] for j in of_hold], cutoff))
        label = f"{'with' if url else 'without'} URL, {'blank lines' if spaced else 'no blank lines'}"
        print(f"  {label:32} tune {right:.3f} / {wrong:.3f}   held out {h_right:.3f} / {h_wrong:.3f}")

    np.savez_compressed(MODEL, **export(model, cutoff, len(TITLE_FEATURES)))
    with MODEL.open("rb") as fh:
        data = np.load(fh)
        saved = TreeModel(**{k: data[k] for k in data.files})  # type: ignore[arg-type]
    sample = np.vstack([r["x"] for r in hold if len(r["x"])][:20])
    assert np.allclose(saved.scores(sample), model.predict_proba(sample)[:, 1], atol=1e-6)
    print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
