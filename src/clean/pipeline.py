"""The cleaning pipeline, top to bottom. Each stage is a plain function Document -> Document.

    raw bytes/str
      -> decode + sniff kind            (normalize.py, sniff.py)
      -> HTML pages: DOM blocks, block model, metadata, then the text stages below on
         the extracted text (html_page.py; see dom.py, html_extract.py, html_meta.py)
      -> hard-wrapped dumps unwrapped   (fragments.py)
      -> Markdown dumps read as text    (markdown.py)
      -> lines broken at links joined   (fragments.py)
      -> segment into line blocks       (segment.py)
      -> unglue captions and credits    (captions.py)
      -> named chrome rules             (chrome.py + rules.py)
      -> cut the tail after the article (chrome.py)
      -> learned line model             (model.py + features.py)
      -> lift metadata out of the text  (metadata.py)
      -> drop duplicate paragraphs      (dedupe.py)
      -> settle: re-run on the result until it removes nothing
      -> language, assemble Article     (language.py, assemble below)

"Settle" is what makes cleaning idempotent by construction: the kept blocks are
re-judged as the clean text they will become, and the loop stops once a pass keeps
everything. Cleaning the output again therefore removes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal

from . import __version__
from .article import Article, Kind, Removal, make_removal
from .captions import unglue
from .chrome import apply_rules, cut_tail
from .dates import url_date
from .deadline import budget, check
from .dedupe import drop_duplicates
from .document import Block, Document, Meta
from .errors import PageTooLargeError
from .fragments import join_fragments, unwrap
from .html_page import article_from_html
from .language import detect_language
from .markdown import read_markdown
from .metadata import extract_metadata
from .model import classify_lines
from .normalize import declared_charset, decode, line_breaks
from .segment import segment
from .site_stages import drop_user_lines, known_bylines
from .siterules import PageRules, UserRules
from .sniff import looks_like_html

__all__ = ["Options", "clean_page"]

Stage = Callable[[Document], Document]

STAGES: tuple[Stage, ...] = (
    unglue,
    apply_rules,
    cut_tail,
    classify_lines,
    extract_metadata,
    drop_duplicates,
)
_MAX_SETTLE_PASSES = 4
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes what `clean_page` returns; the CLI only builds one of these."""

    kind: Literal["auto", "html", "text"] = "auto"
    explain: bool = False
    max_bytes: int = 50_000_000
    rules: UserRules | None = None  # a user's rules file (`siterules.load_rules`)
    # seconds one page may take (None: no limit). 30 s is ~1000x a typical page (30 ms):
    # only a pathological page reaches it, and a crawl loses at most 30 s of one core to it.
    timeout: float | None = DEFAULT_TIMEOUT


def _run_stages(doc: Document, stages: tuple[Stage, ...] = STAGES) -> Document:
    for stage in stages:
        check()
        doc = stage(doc)
    return doc


def user_stages(page_rules: PageRules) -> tuple[Stage, ...]:
    """The built-in stages with a user's rules (`--rules`) added where their built-in
    kin run: named line rules with the sure rules, before the line model; known bylines
    with the metadata, after it (the model was trained on pages whose bylines are still
    there)."""
    lines = tuple(partial(drop_user_lines, book=b) for b in page_rules.books)
    bylines = (partial(known_bylines, names=page_rules.bylines),) if page_rules.bylines else ()
    at = STAGES.index(extract_metadata)
    return (*lines, *STAGES[:at], *bylines, *STAGES[at:])


def settle(doc: Document, stages: tuple[Stage, ...] = STAGES) -> Document:
    """Run the stages, then again on what they kept, until a pass removes nothing."""
    doc = _run_stages(doc, stages)
    for _ in range(_MAX_SETTLE_PASSES):
        kept = [i for i, b in enumerate(doc.blocks) if b.rule is None]
        as_text = Document(
            blocks=tuple(doc.blocks[i].as_text(gap_before=k > 0) for k, i in enumerate(kept)),
            url=doc.url,
            memo=doc.memo,  # the same lines, so what was worked out from their texts holds
        )
        again = _run_stages(as_text, stages)
        if all(b.rule is None for b in again.blocks):
            break
        # a later pass that split a kept line (a caption found in kept text) no longer
        # maps line for line onto the document: stop with what the last pass settled
        if len(again.blocks) != len(kept):
            break
        blocks = list(doc.blocks)
        for i, b in zip(kept, again.blocks, strict=True):
            if b.rule is not None:
                blocks[i] = blocks[i].drop(b.rule or "boilerplate")
        doc = replace(doc.with_blocks(blocks), meta=_merge(doc.meta, again.meta))
    return doc


def _merge(first: Meta, later: Meta) -> Meta:
    return Meta(
        title=first.title or later.title,
        authors=first.authors or later.authors,
        published=first.published or later.published,
        publisher=first.publisher or later.publisher,
        original_source=first.original_source or later.original_source,
    )


def _render(block: Block) -> str:
    return f"- {block.text}" if block.bullet else block.text


def default_id(raw: str | bytes, url: str | None) -> str:
    """A stable id for a page the caller did not name: its URL's hash, else its content's."""
    basis = url.encode("utf-8") if url else (raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
    return hashlib.sha1(basis).hexdigest()[:16]


def clean_page(
    raw: str | bytes,
    *,
    url: str | None = None,
    kind: Literal["auto", "html", "text"] = "auto",
    explain: bool = False,
    page_id: str | None = None,
    source_path: str | None = None,
    headers: Mapping[str, str] | None = None,
    options: Options | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Article:
    """Clean one page (HTML or a text dump) into an `Article`.

    `headers` are the HTTP response headers when the caller fetched the page: their
    `Content-Type` charset is how bytes are decoded when the page has no BOM.

    `timeout` (or `options.timeout`) is the page's budget in seconds, None for none:
    a page over it raises `PageTimeoutError`. It is checked between stages and inside
    the long loops (see `deadline.py`), so it is safe to call from many threads.

    Raises a `CleanError` subclass when the page cannot be read at all; a page that
    reads but holds no article gives an `Article` with empty text.
    """
    opts = options or Options(kind=kind, explain=explain, timeout=timeout)
    with budget(opts.timeout):
        return _clean(raw, opts, url=url, page_id=page_id, source_path=source_path, headers=headers)


def _clean(
    raw: str | bytes,
    opts: Options,
    *,
    url: str | None,
    page_id: str | None,
    source_path: str | None,
    headers: Mapping[str, str] | None,
) -> Article:
    # the page's bytes: their size, and its id when the caller gave neither an id nor a URL
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    size = len(data)
    if size > opts.max_bytes:
        raise PageTooLargeError(f"page is {size} bytes, over the cap of {opts.max_bytes}")
    text = decode(raw, charset=_content_charset(headers)) if isinstance(raw, bytes) else raw
    actual: Kind = "html" if opts.kind == "html" or (opts.kind == "auto" and looks_like_html(text)) else "text"
    page_rules = opts.rules.for_url(url) if opts.rules else None
    if actual == "html":
        check()
        # NUL is never text, and the HTML parser would turn each into U+FFFD mid-word
        return article_from_html(
            text.replace("\x00", ""),
            page_id=page_id or default_id(data, url),
            url=url,
            source_path=source_path,
            explain=opts.explain,
            version=__version__,
            page_rules=page_rules,
            stages=user_stages(page_rules) if page_rules else STAGES,
        )
    check()
    stages = user_stages(page_rules) if page_rules else STAGES
    text, title = read_markdown(unwrap(line_breaks(text)))  # a Markdown dump marks its headline
    blocks = segment(join_fragments(text))
    doc = settle(Document(blocks=_drop_headline(blocks, title), url=url, meta=Meta(title=title)), stages)
    return assemble(doc, data, url=url, kind=actual, explain=opts.explain, page_id=page_id, source_path=source_path)


def _drop_headline(blocks: list[Block], title: str | None) -> tuple[Block, ...]:
    """The blocks, with the first that reads as `title` dropped as the title (it is a
    field of the article, as the headline the metadata stage finds in a plain dump)."""
    if title is None:
        return tuple(blocks)
    key = title.casefold()
    for i, block in enumerate(blocks):
        if " ".join(block.text.split()).casefold() == key:
            return (*blocks[:i], block.drop("title"), *blocks[i + 1 :])
    return tuple(blocks)


def _content_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for name, value in headers.items():
        if name.lower() == "content-type":
            return declared_charset(value)
    return None


def assemble(
    doc: Document,
    raw: str | bytes,
    *,
    url: str | None,
    kind: Kind,
    explain: bool,
    page_id: str | None,
    source_path: str | None,
) -> Article:
    paragraphs: list[str] = []
    removed: list[Removal] = []
    for block in doc.blocks:
        if block.rule is None:
            paragraphs.append(_render(block))
        elif explain:
            removed.append(make_removal(block.rule or "boilerplate", block.text, len(paragraphs)))
    text = "\n\n".join(paragraphs)
    meta = doc.meta
    language = detect_language(text)
    # no date on the page's lines: the one its URL files it under, if any
    published = meta.published or url_date(url)
    sources = {**_TEXT_SOURCES, "published": "byline" if meta.published else "url"}
    found = {
        "title": meta.title,
        "authors": meta.authors,
        "published": published,
        "publisher": meta.publisher,
        "original_source": meta.original_source,
        "language": language,
    }
    return Article(
        id=page_id or default_id(raw, url),
        url=url,
        source_path=source_path,
        kind=kind,
        title=meta.title,
        authors=meta.authors,
        published=published,
        publisher=meta.publisher,
        original_source=meta.original_source,
        language=language,
        text=text,
        clean_version=__version__,
        removed=tuple(removed) if explain else None,
        meta_sources=tuple(sorted((k, sources[k]) for k, v in found.items() if v)),
    )


# Where each field of a text page comes from: a byline/dateline line, or the text itself.
_TEXT_SOURCES = {
    "title": "text",
    "authors": "byline",
    "published": "byline",
    "publisher": "text",
    "original_source": "text",
    "language": "text",
}
