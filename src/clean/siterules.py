"""Rules a user teaches `clean` for their own sites, read from a TOML file (`--rules FILE`).

People correct a cleaner for the sites they crawl without forking it: a line their
site repeats under every article, a sidebar selector, the names of their authors. The
file holds that knowledge as data, each line rule with a name, so `explain=True` shows
the user's own name for every block their rules removed.

    # applies to every page
    drop_selectors = ["div.newsletter", "#comments"]   # HTML: drop these elements
    body_selector = "article"                          # HTML: the article is in here
    bylines = ["Jane Doe"]                             # known author names

    [[lines]]                                          # lines to drop, with a rule name
    rule = "house-promo"
    phrases = ["Support independent journalism"]      # literal, case-insensitive
    patterns = ['^anzeige\\s*\\d*$']                   # regexes, case-insensitive
    match = "whole"                                    # or "anywhere" (default "whole")
    max_words = 40                                     # longer lines are never dropped

    [sites."example.com"]                              # this host and its sub-domains
    body_selector = "div.story"
    [[sites."example.com".lines]]
    rule = "example-teaser"
    phrases = ["More from Example"]

`whole` phrases must cover the line once trailing punctuation and counters are trimmed
(the built-in rules' convention); `anywhere` phrases may sit anywhere in a short line,
starting at a word boundary. Line rules join the built-in `RuleBook` machinery and
drop their lines for sure (the user asked for it); they run before the built-in rules
so the user's name wins.

Loading validates everything: a TOML syntax error reports tomllib's line and column;
a schema error names the table, the key and the line the key is on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

from .errors import CleanError
from .rules import LineRule, RuleBook

__all__ = ["LineSpec", "PageRules", "RulesError", "SiteRules", "UserRules", "load_rules", "parse_rules"]

_RULE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SITE_KEYS = frozenset({"drop_selectors", "body_selector", "bylines", "lines"})
_TOP_KEYS = _SITE_KEYS | {"sites"}
_LINE_KEYS = frozenset({"rule", "phrases", "patterns", "match", "max_words"})
# group references would point at the wrong group once the pattern joins the others
_GROUP_REFS = re.compile(r"\(\?P[<=]|\\[1-9]|\\g<")


class RulesError(CleanError):
    """The rules file cannot be used: the message names the file, the line and the key."""

    reason = "bad-rules"


@dataclass(frozen=True, slots=True)
class LineSpec:
    """One named line rule as the user wrote it."""

    rule: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    match: Literal["whole", "anywhere"] = "whole"
    max_words: int = 40

    def to_line_rule(self) -> LineRule:
        """The RuleBook form: lines are lowered before matching, so literals are lowered
        and escaped, and regexes are made case-insensitive rather than rewritten."""
        branches = tuple(re.escape(p.strip().lower()) for p in self.phrases) + tuple(f"(?i:{p})" for p in self.patterns)
        return LineRule(self.rule, branches, where=self.match, max_words=self.max_words, sure=True)


@dataclass(frozen=True, slots=True)
class SiteRules:
    """The rules for one scope: every page, or one site. `book` is the line rules
    compiled once at load time, so cleaning a page compiles nothing."""

    drop_selectors: tuple[str, ...] = ()
    body_selector: str | None = None
    bylines: tuple[str, ...] = ()
    lines: tuple[LineSpec, ...] = ()
    book: RuleBook | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PageRules:
    """What applies to one page: the global scope merged with each matching site's."""

    drop_selectors: tuple[str, ...]
    body_selector: str | None
    bylines: tuple[str, ...]
    books: tuple[RuleBook, ...]


@dataclass(frozen=True, slots=True)
class UserRules:
    """A loaded rules file: the global rules and the per-site ones, by domain."""

    common: SiteRules = field(default_factory=SiteRules)
    sites: tuple[tuple[str, SiteRules], ...] = ()
    source: str = "<rules>"

    def scopes(self, url: str | None) -> tuple[SiteRules, ...]:
        """The global scope, then each site whose domain is the page's host or a parent
        of it, the most specific last."""
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""
        matching = [(d, r) for d, r in self.sites if host and (host == d or host.endswith("." + d))]
        return (self.common, *(r for _, r in sorted(matching, key=lambda dr: len(dr[0]))))

    def for_url(self, url: str | None) -> PageRules:
        """The rules for one page; the most specific body selector wins."""
        scopes = self.scopes(url)
        return PageRules(
            drop_selectors=tuple(dict.fromkeys(sel for s in scopes for sel in s.drop_selectors)),
            body_selector=next((s.body_selector for s in reversed(scopes) if s.body_selector), None),
            bylines=tuple(dict.fromkeys(n for s in scopes for n in s.bylines)),
            books=tuple(s.book for s in scopes if s.book is not None),
        )


def _rulebook(specs: tuple[LineSpec, ...]) -> RuleBook:
    # user regexes are not written with the built-in rules' word screening in mind
    return RuleBook(tuple(s.to_line_rule() for s in specs), screen=False)


# --- loading -------------------------------------------------------------------------


def load_rules(path: Path) -> UserRules:
    """Read and validate a rules file; raises RulesError with the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read the rules file: {exc}") from exc
    return parse_rules(text, source=str(path))


def parse_rules(text: str, *, source: str = "<rules>") -> UserRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)": lead with it, as compilers do
        pos = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        at = f":{pos[1]}:{pos[2]}" if pos else ""
        raise RulesError(f"{source}{at}: TOML syntax error: {exc}") from exc
    where = _Where(source, text.splitlines())
    _check_keys(data, _TOP_KEYS, "top level", where)
    common = _site(data, "top level", where)
    sites_raw = data.get("sites", {})
    if not isinstance(sites_raw, dict):
        raise where.error("top level", "sites", 'must be a table of [sites."domain"] tables')
    sites: list[tuple[str, SiteRules]] = []
    for domain, table in sites_raw.items():
        scope = f'[sites."{domain}"]'
        clean_domain = domain.strip().lower().removeprefix("www.")
        if not clean_domain or "/" in clean_domain or " " in clean_domain:
            raise where.error(scope, domain, "must be a bare domain such as example.com")
        if not isinstance(table, dict):
            raise where.error("sites", domain, "must be a table")
        _check_keys(table, _SITE_KEYS, scope, where)
        sites.append((clean_domain, _site(table, scope, where)))
    return UserRules(common=common, sites=tuple(sites), source=source)


@dataclass(frozen=True, slots=True)
class _Where:
    """Finds the line a key is on, so schema errors point into the file like syntax errors do."""

    source: str
    lines: Sequence[str]
    # inside the n-th [[header]] table of an array of tables ("lines", "sites.example.com.lines")
    section: tuple[str, int] | None = None

    def within(self, header: str, n: int) -> _Where:
        return _Where(self.source, self.lines, (header, n))

    def _section_start(self) -> tuple[int, int] | None:
        """The lines of the section's table: from its header to the next table header."""
        if self.section is None:
            return None
        header, n = self.section
        heads = [i for i, ln in enumerate(self.lines) if _bare(ln) == f"[[{header}]]"]
        if n >= len(heads):
            return None
        start = heads[n] + 1
        end = next(
            (i for i in range(start, len(self.lines)) if self.lines[i].lstrip().startswith("[")), len(self.lines)
        )
        return start, end

    def line_of(self, key: str, after: str | None = None) -> int | None:
        start, end = 0, len(self.lines)
        span = self._section_start()
        if span is not None:
            start, end = span
        elif after is not None:
            start = next((i for i, ln in enumerate(self.lines) if after in ln), 0)
        pat = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        for i in range(start, end):
            if pat.match(self.lines[i]):
                return i + 1
        return None

    def error(self, scope: str, key: str, message: str) -> RulesError:
        anchor = scope.strip("[]") if scope.startswith("[") else None
        line = self.line_of(key, after=anchor)
        at = f":{line}" if line else ""
        return RulesError(f"{self.source}{at}: {scope}: {key}: {message}")


def _bare(line: str) -> str:
    """A table header without spaces, quotes and comment, for comparing headers."""
    return re.sub(r"[\s\"']", "", line.split("#", 1)[0])


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], scope: str, where: _Where) -> None:
    for key in table:
        if key not in allowed:
            raise where.error(scope, key, f"unknown key; expected one of {', '.join(sorted(allowed))}")


def _strings(value: Any, scope: str, key: str, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(scope, key, "must be a list of non-empty strings")
    return tuple(value)


def _selector(value: str, scope: str, key: str, where: _Where) -> str:
    try:
        GenericTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise where.error(scope, key, f"not a CSS selector we can use: {value!r}: {exc}") from exc
    return value


def _site(table: Mapping[str, Any], scope: str, where: _Where) -> SiteRules:
    drops = _strings(table.get("drop_selectors", []), scope, "drop_selectors", where)
    for sel in drops:
        _selector(sel, scope, "drop_selectors", where)
    body = table.get("body_selector")
    if body is not None:
        if not isinstance(body, str) or not body.strip():
            raise where.error(scope, "body_selector", "must be a non-empty string")
        _selector(body, scope, "body_selector", where)
    bylines = _strings(table.get("bylines", []), scope, "bylines", where)
    raw_lines = table.get("lines", [])
    if not isinstance(raw_lines, list) or not all(isinstance(x, dict) for x in raw_lines):
        raise where.error(scope, "lines", 'must be an array of tables: [[lines]] or [[sites."domain".lines]]')
    header = "lines" if scope == "top level" else _bare(scope.strip("[]")) + ".lines"
    lines = tuple(_line_spec(x, f"{scope} lines #{n + 1}", where.within(header, n)) for n, x in enumerate(raw_lines))
    return SiteRules(
        drop_selectors=drops, body_selector=body, bylines=bylines, lines=lines, book=_compile(lines, scope, where)
    )


def _line_spec(table: Mapping[str, Any], scope: str, where: _Where) -> LineSpec:
    _check_keys(table, _LINE_KEYS, scope, where)
    name = table.get("rule")
    if not isinstance(name, str) or not _RULE_NAME.match(name):
        raise where.error(scope, "rule", "needs a rule name: lower-case letters, digits, '-', '_' or '.'")
    scope = f"{scope} (rule {name!r})"
    phrases = _strings(table.get("phrases", []), scope, "phrases", where)
    patterns = _strings(table.get("patterns", []), scope, "patterns", where)
    if not phrases and not patterns:
        raise where.error(scope, "rule", "give phrases or patterns (or both)")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise where.error(scope, "patterns", f"bad regular expression {pattern!r}: {exc}") from exc
        if _GROUP_REFS.search(pattern):
            raise where.error(scope, "patterns", f"named groups and back-references are not supported: {pattern!r}")
    match = table.get("match", "whole")
    if match not in ("whole", "anywhere"):
        raise where.error(scope, "match", 'must be "whole" or "anywhere"')
    max_words = table.get("max_words", 40)
    if isinstance(max_words, bool) or not isinstance(max_words, int) or not 1 <= max_words <= 60:
        raise where.error(scope, "max_words", "must be a whole number from 1 to 60")
    return LineSpec(rule=name, phrases=phrases, patterns=patterns, match=match, max_words=max_words)


def _compile(specs: tuple[LineSpec, ...], scope: str, where: _Where) -> RuleBook | None:
    """Compile a scope's rules once, at load time: a pattern that only fails once joined
    to the others (the checks above should prevent it; the engine is the judge) fails here."""
    if not specs:
        return None
    try:
        return _rulebook(specs)
    except re.error as exc:
        raise where.error(scope, "lines", f"the line rules do not compile together: {exc}") from exc
