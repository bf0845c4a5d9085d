"""The value `clean_page` returns, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Article", "Removal", "make_removal"]

Kind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Removal:
    """A block that is not in the article text, and the name of the rule that took it out.

    `at` is the number of article paragraphs that precede the block, so a viewer can
    show it in place without the original page.
    """

    rule: str
    text: str
    at: int

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "text": self.text, "at": self.at}


# the slots' descriptors, in field order (a test checks it against `fields(Removal)`)
_set_rule, _set_text, _set_at = (Removal.__dict__[name].__set__ for name in Removal.__slots__)
_new = object.__new__


def make_removal(rule: str, text: str, at: int, /) -> Removal:
    """`Removal(rule, text, at)`, built through the slots' own descriptors (as
    `document.make_block` builds blocks): a page explains a few hundred removals, and a
    frozen dataclass's `__init__` costs four times more."""
    removal = _new(Removal)
    _set_rule(removal, rule)
    _set_text(removal, text)
    _set_at(removal, at)
    return removal


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned page: the article text and the metadata found around it.

    `removed` is None unless the caller asked for an explanation (`explain=True`):
    most batch users do not want to pay for it in their output. Every field that a
    page may not show defaults to "not found", so a page with no article is just its
    identity: `Article(id=..., url=..., source_path=..., kind=..., clean_version=...)`.
    """

    id: str
    url: str | None
    source_path: str | None
    kind: Kind
    clean_version: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    publisher: str | None = None
    original_source: str | None = None
    language: str | None = None
    text: str = ""
    removed: tuple[Removal, ...] | None = None
    modified: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    meta_sources: tuple[tuple[str, str], ...] = ()  # (field, source slug) for each filled field
    markdown: str | None = None  # the body as Markdown when the page's structure is known (HTML)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n") if self.text else []

    def to_markdown(self) -> str:
        """The article as Markdown: the title as a level-1 heading, then the paragraphs.

        Paragraphs are already Markdown-safe in shape (list items start with "- "); an
        HTML page also carries its headings, quotes and code blocks in `markdown`.
        """
        parts = [f"# {self.title}"] if self.title else []
        if self.markdown is not None:
            parts.extend([self.markdown] if self.markdown else [])
        else:
            parts.extend(self.paragraphs)
        return "\n\n".join(parts) + "\n" if parts else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object documented in `clean/data/article.schema.json`."""
        out: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "source_path": self.source_path,
            "kind": self.kind,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "publisher": self.publisher,
            "original_source": self.original_source,
            "language": self.language,
            "text": self.text,
            "word_count": self.word_count,
            "clean_version": self.clean_version,
            "modified": self.modified,
            "description": self.description,
            "tags": list(self.tags),
            "image": self.image,
            "meta_sources": dict(self.meta_sources),
        }
        if self.removed is not None:
            out["removed"] = [r.to_dict() for r in self.removed]
        return out
