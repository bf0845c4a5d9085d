"""An HTML page into an `Article`: the judged blocks laid out as text and Markdown, plus metadata.

The text is paragraphs: every heading, list item, quote, table row ("a; b") and code
block is its own paragraph, with no markup. The Markdown carries the structure: `#`
headings, `- ` list items, `>` quotes, fenced code, table rows as "a | b".

The text is what the text path judges again (cleaning is idempotent, see
`settle_as_text`), and that path was trained on text dumps, where a run of "- " lines
is a menu and a code line alone is chrome: with list items as "- " lines and code
blocks one line per paragraph it took out lists and code the block model kept. On the
WCXB pages, plain paragraphs gained 0.008 word F1 overall (collections, listings and
documentation most), so the bullets live in the Markdown only. For the same reason a
table row's cells are joined by "; " in the text: "a | b | c" is a menu bar to the text
path, which took out the option and field tables of documentation pages (WCXB tune
pages: 3,933 words of ground truth dropped as `menu`, against 140 of chrome). A row that
is mostly links is a link bar, and stays "a | b" for the text path to judge.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .article import Article, Removal
from .dom import DomBlock, parse_html
from .html_extract import Judged, extract_blocks
from .html_meta import HtmlMeta, html_metadata
from .html_tail import cut_labelled_boxes
from .language import detect_language
from .memo import Memo
from .normalize import normalize_line
from .selectors import apply_selectors
from .toc import drop_contents

if TYPE_CHECKING:
    from .pipeline import Stage
    from .siterules import PageRules

__all__ = ["article_from_html", "render_blocks"]

_TITLE_RULE = "title"
_TEXT_PASSES = 3
_CELL_SEP = re.compile(r"\s*\|\s*")


def _as_text(block: DomBlock) -> str:
    if block.in_pre:
        # Plain text has no code block: the block is one paragraph, its lines joined by
        # spaces (the Markdown keeps them). Cut into one paragraph per line, as it was,
        # the text path's line model read the lines as chrome and took whole code blocks
        # and man pages out (WCXB documentation pages: held-out 0.814 -> 0.854).
        return " ".join(block.text.split())
    if block.row and block.link_chars * 2 <= len(block.text):
        # cells of data, not a row of links: "a | b" is a link bar to the text path
        return "; ".join(c for c in _CELL_SEP.split(block.text) if c)
    return block.text


def _as_markdown(block: DomBlock) -> str:
    if block.heading:
        return "#" * max(block.heading, 2) + " " + block.text
    if block.in_pre:
        return f"```\n{block.text}\n```"
    if block.in_quote:
        return "> " + block.text
    return f"- {block.text}" if block.in_list else block.text


def render_blocks(judged: list[Judged], *, explain: bool) -> tuple[str, str, tuple[Removal, ...]]:
    """(text, markdown, removals) of the judged blocks, in page order."""
    text: list[str] = []
    markdown: list[str] = []
    removed: list[Removal] = []
    for j in judged:
        if j.rule is None:
            text.append(_as_text(j.block))
            markdown.append(_as_markdown(j.block))
        elif explain:
            removed.append(Removal(rule=j.rule, text=j.block.text, at=len(text)))
    return "\n\n".join(text), "\n\n".join(markdown), tuple(removed)


def settle_as_text(
    judged: list[Judged], stages: tuple[Stage, ...] | None = None, title: str | None = None, memo: Memo | None = None
) -> list[Judged]:
    """Drop what the text path would drop from our output, under the name it gives.

    Cleaning is idempotent: cleaning an article's text again removes nothing. The text
    path has its own rules and line model, so the kept blocks are laid out as the text
    we return and put through it until it keeps everything (at most a few passes).
    """
    from .document import Document, Meta
    from .pipeline import settle
    from .segment import segment

    # the passes re-read the same lines; the page's memo (`memo`) knows the blocks' texts
    memo = memo if memo is not None else Memo()
    for _ in range(_TEXT_PASSES):
        kept = [i for i, j in enumerate(judged) if j.rule is None]
        owner: list[int] = []
        lines: list[str] = []
        for k, i in enumerate(kept):
            if k:
                lines.append("")
                owner.append(-1)
            for line in _as_text(judged[i].block).split("\n"):  # one line a paragraph
                lines.append(line)
                owner.append(i)
        doc = Document(blocks=tuple(segment("\n".join(lines))), meta=Meta(title=title), memo=memo)
        doc = settle(doc, stages) if stages else settle(doc)
        dropped = {owner[b.line]: b.rule or "boilerplate" for b in doc.blocks if not b.kept and owner[b.line] >= 0}
        if not dropped:
            break
        judged = [Judged(j.block, dropped[i]) if i in dropped else j for i, j in enumerate(judged)]
    return judged


def _name_title(judged: list[Judged], title: str | None, *, move: bool = True) -> list[Judged]:
    """A dropped block that is the headline is reported as `title`, where it went; and
    (`move`) the headline is moved out of the text when the model kept it (the first
    heading that reads as the title), as on the pages where it drops it: the title is
    metadata. Copies of it above the headline (a table of contents' own entry) go too."""
    if not title:
        return judged
    key = title.casefold()
    out = [Judged(j.block, _TITLE_RULE) if j.rule and j.block.text.casefold() == key else j for j in judged]
    if not move:
        return out
    for i, j in enumerate(out):
        if j.rule is None and j.block.heading and j.block.text.casefold() == key:
            for k in range(i + 1):
                if out[k].rule is None and out[k].block.text.casefold() == key:
                    out[k] = Judged(out[k].block, _TITLE_RULE)
            break
    return out


def _repaired(meta: HtmlMeta) -> HtmlMeta:
    """The metadata's words normalised as the text's are: mojibake a CMS stored in its
    <title> or meta tags ("CafÃ©") repaired, so the title still names the headline block."""

    def fix(value: str | None) -> str | None:
        return normalize_line(value) or None if value else value

    return replace(
        meta,
        title=fix(meta.title),
        authors=tuple(a for a in map(fix, meta.authors) if a),
        publisher=fix(meta.publisher),
        description=fix(meta.description),
        tags=tuple(t for t in map(fix, meta.tags) if t),
    )


def _language(meta: HtmlMeta, text: str) -> tuple[str | None, str | None]:
    """Declared `lang` checked against detection: detection wins when they disagree."""
    detected = detect_language(text)
    if detected and detected != meta.language:
        return detected, "text"
    if meta.language:
        return meta.language, "meta"
    return None, None


def article_from_html(
    html: str,
    *,
    page_id: str,
    url: str | None,
    source_path: str | None,
    explain: bool,
    version: str,
    page_rules: PageRules | None = None,
    stages: tuple[Stage, ...] | None = None,
) -> Article:
    """Clean one decoded HTML page. A page with no markup or no article gives empty text.

    `page_rules` are a user's rules for this page (`--rules`): their CSS selectors prune
    the DOM before it is read, and `stages` (the text stages with the user's line rules
    and bylines) judge the text we return.
    """
    root = parse_html(html)
    if root is not None and page_rules is not None:
        root = apply_selectors(root, drop=page_rules.drop_selectors, body=page_rules.body_selector)
    if root is None:
        return Article(
            id=page_id,
            url=url,
            source_path=source_path,
            kind="html",
            clean_version=version,
            removed=() if explain else None,
            markdown="",
        )
    meta = _repaired(html_metadata(root, url))
    # the headline leaves the text before the text path settles it, so what it settles is
    # the text we return: taken out after, it left a new first line that re-cleaning read
    # as a headline (the output was not idempotent); blocks settling drops are named after
    memo = Memo()  # what the text alone says of a line, from judging the blocks to settling them
    judged = drop_contents(_name_title(extract_blocks(root, memo, article=meta.declares_article), meta.title))
    judged = cut_labelled_boxes(judged, memo, article=meta.declares_article)
    judged = _name_title(settle_as_text(judged, stages, meta.title, memo), meta.title, move=False)
    text, markdown, removed = render_blocks(judged, explain=explain)
    language, language_source = _language(meta, text)
    sources = dict(meta.sources)
    sources.pop("language", None)
    if language_source:
        sources["language"] = language_source
    if not meta.url:
        sources.pop("url", None)
    return Article(
        id=page_id,
        url=meta.url or url,
        source_path=source_path,
        kind="html",
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        publisher=meta.publisher,
        original_source=None,
        language=language,
        text=text,
        clean_version=version,
        removed=removed if explain else None,
        modified=meta.modified,
        description=meta.description,
        tags=meta.tags,
        image=meta.image,
        meta_sources=tuple(sorted(sources.items())),
        markdown=markdown,
    )
