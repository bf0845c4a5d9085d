"""Golden cases: one folder per page with the Article we expect, checked like black's test data.

A case folder `DIR/<case>/` holds:

    input.txt or input.html   the page (exactly one of them)
    options.json              optional: {"url": "...", "kind": "auto" | "html" | "text",
                              "headers": {"Content-Type": "text/html; charset=..."}}: the
                              HTTP response headers the page came with (their charset
                              decodes it, as for `clean fetch`)
    rules.toml                optional: a rules file (`clean run --rules`) the case is cleaned with
    expected.json             the Article dict with explain on, id = the folder name,
                              source_path null, written like `clean run` writes pages;
                              or {"error": "<reason>"} for a page that must be refused
                              with that `CleanError` reason

The same functions serve `clean golden ...` and our pytest suite, so a failing test and
the command that re-blesses it always agree on what "changed" means.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from .article import Article
from .batch import dump_pretty, sanitize_id, write_atomic
from .errors import CleanError
from .pipeline import Options, clean_page
from .siterules import RulesError, UserRules, load_rules

__all__ = [
    "EXPECTED",
    "Case",
    "CaseError",
    "Result",
    "add_case",
    "check_case",
    "check_stable",
    "clean_case",
    "compare",
    "format_diff",
    "load_case",
    "load_cases",
    "read_expected",
    "run_case",
    "slugify",
    "write_expected",
]

KindOption = Literal["auto", "html", "text"]
INPUT_NAMES = ("input.txt", "input.html")
OPTIONS = "options.json"
RULES = "rules.toml"
EXPECTED = "expected.json"
_OPTION_KEYS = frozenset({"url", "kind", "headers"})
_ABSENT = object()


class CaseError(Exception):
    """A case folder is malformed (two inputs, bad options.json): fix the folder, not the code."""


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    folder: Path
    input: Path
    url: str | None = None
    kind: KindOption = "auto"
    rules: UserRules | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def expected_path(self) -> Path:
        return self.folder / EXPECTED


# --- loading -------------------------------------------------------------------------


def _inputs(folder: Path) -> list[Path]:
    return [folder / name for name in INPUT_NAMES if (folder / name).is_file()]


def load_case(folder: Path) -> Case:
    inputs = _inputs(folder)
    if len(inputs) != 1:
        raise CaseError(f"{folder}: needs exactly one of {', '.join(INPUT_NAMES)}")
    url, kind, headers = _read_options(folder / OPTIONS)
    rules = None
    if (folder / RULES).exists():
        try:
            rules = load_rules(folder / RULES)
        except RulesError as exc:
            raise CaseError(str(exc)) from exc
    return Case(name=folder.name, folder=folder, input=inputs[0], url=url, kind=kind, rules=rules, headers=headers)


def _read_options(path: Path) -> tuple[str | None, KindOption, tuple[tuple[str, str], ...]]:
    """Read options.json strictly: a misspelt key would otherwise silently test the defaults."""
    if not path.exists():
        return None, "auto", ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CaseError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or set(data) - _OPTION_KEYS:
        raise CaseError(f"{path}: must be an object with only the keys {sorted(_OPTION_KEYS)}")
    url = data.get("url")
    kind = data.get("kind", "auto")
    if url is not None and not isinstance(url, str):
        raise CaseError(f"{path}: url must be a string or null")
    if kind not in get_args(KindOption):
        raise CaseError(f"{path}: kind must be one of {get_args(KindOption)}")
    headers = data.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise CaseError(f"{path}: headers must be an object of strings")
    return url, kind, tuple(headers.items())


def load_cases(root: Path) -> list[Case]:
    """Every case folder under `root`, by name. Folders without an input are not cases
    (yet): they are skipped rather than reported, so work in progress does not break runs."""
    if not root.is_dir():
        raise CaseError(f"not a directory: {root}")
    return [
        load_case(folder)
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith(".") and _inputs(folder)
    ]


def read_expected(case: Case) -> dict[str, Any] | None:
    if not case.expected_path.exists():
        return None
    try:
        data = json.loads(case.expected_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CaseError(f"{case.expected_path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CaseError(f"{case.expected_path}: must hold a JSON object")
    return data


def write_expected(case: Case, actual: Mapping[str, Any]) -> None:
    write_atomic(case.expected_path, dump_pretty(actual))


# --- running -------------------------------------------------------------------------


def clean_case(case: Case) -> Article:
    return clean_page(
        case.input.read_bytes(),
        url=case.url,
        page_id=case.name,
        source_path=None,
        headers=dict(case.headers) or None,
        options=Options(kind=case.kind, explain=True, rules=case.rules),
    )


def run_case(case: Case) -> dict[str, Any]:
    """What expected.json should hold for this case now."""
    try:
        return clean_case(case).to_dict()
    except CleanError as exc:
        return {"error": exc.reason}


def check_stable(article: Article, rules: UserRules | None = None) -> list[str]:
    """Problems found when cleaning the cleaned text again, which should change nothing.

    A rule that fires on its own output (a paragraph that looks like a title once the
    real title is gone) makes results depend on how many times a page went through us.
    """
    again = clean_page(article.text, url=article.url, options=Options(kind="text", explain=True, rules=rules))
    problems = [f"unstable: cleaning the text again removes [{r.rule}] {r.text}" for r in again.removed or ()]
    if not problems and again.text != article.text:
        problems.append("unstable: cleaning the text again changes it")
        problems += _diff(_paragraphs(article.text), _paragraphs(again.text), "first pass", "second pass")
    return problems


@dataclass(frozen=True, slots=True)
class Result:
    case: Case
    actual: dict[str, Any]
    expected: dict[str, Any] | None
    changes: tuple[str, ...]
    unstable: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.changes and not self.unstable

    @property
    def label(self) -> str:
        labels = []
        if self.expected is None:
            labels.append("new")
        elif self.changes:
            labels.append("changed")
        if self.unstable:
            labels.append("unstable")
        return ", ".join(labels) or "ok"

    def report(self) -> str:
        return format_diff(self.case.name, [*self.changes, *self.unstable], self.label)


def check_case(case: Case) -> Result:
    """Clean the case, compare with expected.json and check stability, in one pass."""
    unstable: list[str] = []
    try:
        article = clean_case(case)
    except CleanError as exc:
        actual: dict[str, Any] = {"error": exc.reason}
    else:
        actual = article.to_dict()
        unstable = check_stable(article, case.rules)
    expected = read_expected(case)
    return Result(
        case=case,
        actual=actual,
        expected=expected,
        changes=tuple(compare(expected, actual)),
        unstable=tuple(unstable),
    )


# --- comparing -----------------------------------------------------------------------


def _paragraphs(text: Any) -> list[str]:
    return text.split("\n\n") if isinstance(text, str) and text else []


def _diff(old: list[str], new: list[str], old_label: str, new_label: str) -> list[str]:
    return list(difflib.unified_diff(old, new, old_label, new_label, lineterm=""))


def _show(value: Any) -> str:
    return "(absent)" if value is _ABSENT else json.dumps(value, ensure_ascii=False)


def _removal_lines(removed: Any) -> list[str]:
    items = removed if isinstance(removed, list) else []
    return [f"{r.get('rule')}: {r.get('text')}" for r in items if isinstance(r, dict)]


def _removed_changes(old: Any, new: Any) -> list[str]:
    old_lines, new_lines = _removal_lines(old), _removal_lines(new)
    if old_lines != new_lines:
        return _diff(old_lines, new_lines, "expected removed", "actual removed")
    # same blocks removed, but shown at other places in the text
    return [
        f"removed moved: {line}: at {a.get('at')} -> {b.get('at')}"
        for line, a, b in zip(old_lines, old or [], new or [], strict=False)
        if a.get("at") != b.get("at")
    ]


def compare(expected: Mapping[str, Any] | None, actual: Mapping[str, Any]) -> list[str]:
    """Readable differences between two case results; empty when they are equal.

    The text is diffed a paragraph per line, other fields are shown old -> new, and the
    removed blocks are diffed as "rule: text" lines.
    """
    if expected is None:
        return ["expected.json is missing: new case; run `clean golden update DIR`, then review it"]
    if expected == actual:
        return []
    lines: list[str] = []
    if expected.get("text") != actual.get("text"):
        lines += _diff(
            _paragraphs(expected.get("text")),
            _paragraphs(actual.get("text")),
            "expected text",
            "actual text",
        )
    for key in sorted((set(expected) | set(actual)) - {"text", "removed"}):
        old, new = expected.get(key, _ABSENT), actual.get(key, _ABSENT)
        if old != new:
            lines.append(f"{key}: {_show(old)} -> {_show(new)}")
    if expected.get("removed") != actual.get("removed"):
        lines += _removed_changes(expected.get("removed"), actual.get("removed"))
    return lines or ["the JSON differs in a way the diff above cannot show"]


def format_diff(name: str, problems: Sequence[str], label: str = "changed") -> str:
    """One block of the report: the case name and what is wrong, indented under it."""
    return "\n".join([f"{name} ({label})", *(f"  {line}" for line in problems)])


# --- adding --------------------------------------------------------------------------


def slugify(stem: str) -> str:
    return re.sub(r"[\W_]+", "-", stem.lower()).strip("-") or "case"


def add_case(
    page: Path,
    root: Path,
    *,
    name: str | None = None,
    url: str | None = None,
    kind: KindOption = "auto",
    headers: Mapping[str, str] | None = None,
) -> Case:
    """Copy `page` into a new case folder and bless its current result as expected.

    `headers` are HTTP response headers to clean it with (saved to options.json)."""
    name = name or slugify(page.stem)
    if name != sanitize_id(name):
        raise CaseError(f"{name!r} is not a usable case name (letters, digits, '.', '_', '-')")
    folder = root / name
    if folder.exists():
        raise CaseError(f"{folder} already exists: choose another --name")
    suffix = ".html" if page.suffix.lower() in {".html", ".htm"} else ".txt"
    folder.mkdir(parents=True)
    shutil.copyfile(page, folder / f"input{suffix}")
    options: dict[str, Any] = {}
    if url:
        options["url"] = url
    if kind != "auto":
        options["kind"] = kind
    if headers:
        options["headers"] = dict(headers)
    if options:
        write_atomic(folder / OPTIONS, dump_pretty(options))
    case = load_case(folder)
    write_expected(case, run_case(case))
    return case
