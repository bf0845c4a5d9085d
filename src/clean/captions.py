"""Split photo captions and credits off the paragraph they are glued to.

Text dumps lose the element boundary between a figure and the next paragraph, so a
line reads "... ships. Photo credits: Ryre ArciagaCalling Japan a ...". We cut it at
the credit marker and at the end of the credited name, and give each piece its own
block: the caption before the marker (`caption`), the credit (`photo-credit`) and the
article text after it (kept, for the later stages to judge).

Where the name ends is the hard part. Names are a few capitalised words; the article
resumes either glued on ("ArciagaCalling": a lower-case letter then a capital with no
space) or after a space with a capitalised function word that starts a sentence
("Navarro The European Union ..."). Both are in the data below.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .codelike import looks_like_code
from .dates import find_date
from .document import Block, Document

__all__ = ["unglue"]

_MARKER = re.compile(
    r"(?:(?:photo|image|picture|foto|bild|fotografía|imagen|illustration)s?\s*(?:credits?|source|courtesy)?"
    r"|credits?|crédits? photos?|photo credits?|image credits?|bildquelle|bildnachweis|fuente de la imagen"
    r"|source photo)"
    r"\s*[:©]\s*",
    re.IGNORECASE,
)

# Capitalised words that start sentences rather than continue names, in the
# languages we know. A credited name ends before one of these.
_SENTENCE_STARTERS = frozenset(
    """
    The A An In On At This That These Those It He She They We I As After Before According When While
    Since Although Despite But And Yet However Meanwhile Earlier Later Last Next For From With
    Without Under Over Among Its Their His Her Our There Here What Why How Der Die Das Ein Eine Im
    Am Als Nach Vor Laut Bei Mit Seit Während Es Er Sie Wir Auch Le La Les Un Une Des Dans En Au Aux
    Selon Après Avant Pour Il Elle Ils Elles Nous Ce Cette El Los Las Una En Según Tras Antes Para
    Con Este Esta Estos Estas Por
    """.split()
)
_GLUE = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ][a-zà-ÿ])|(?<=[A-ZÀ-Þ]{2})(?=[A-ZÀ-Þ][a-zà-ÿ]{2})")
_NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "di", "la", "le", "der", "du"})
_MAX_NAME_WORDS = 5
_MAX_CAPTION_WORDS = 40
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Þ\"“‘«])")


def _split_credit(rest: str) -> tuple[str, str]:
    """`rest` follows a credit marker: return (name, article text after it)."""
    words = rest.split(" ")
    taken: list[str] = []
    for i, word in enumerate(words):
        if i >= _MAX_NAME_WORDS:
            break
        if taken and word in _SENTENCE_STARTERS:
            return " ".join(taken), " ".join(words[i:])
        glue = _GLUE.search(word)
        if glue is None:
            # "DoeThe": a short name part glued to a word that starts sentences
            short = _SHORT_GLUE.search(word)
            if short and word[short.start() :] in _SENTENCE_STARTERS:
                glue = short
        if glue:
            taken.append(word[: glue.start()])
            return " ".join(taken), " ".join([word[glue.start() :], *words[i + 1 :]])
        if taken and word and word[0].islower() and word not in _NAME_PARTICLES:
            # a lower-case word: the credit was a phrase, not a name; keep it whole
            return rest, ""
        taken.append(word)
    if len(words) <= _MAX_NAME_WORDS:
        return rest, ""
    return " ".join(taken), " ".join(words[len(taken) :])


def _pieces(block: Block) -> list[Block]:
    m = _MARKER.search(block.text) if _has_marker(block.text) else None
    if not m or looks_like_code(block.text):
        return [block]  # `image: postgres:18` in a Compose file credits no photographer
    before, after = block.text[: m.start()].rstrip(), block.text[m.end() :]
    bracketed = before.endswith("(")
    before = before.rstrip(" (")
    name, rest = _split_credit(after)
    if rest and not rest[0].isupper() and not rest[0].isdigit() and rest[0] not in "\"“‘«'(":
        return [block]  # not a clean cut: leave the line to the model
    out: list[Block] = []
    if before:
        lead = ""
        dated = find_date(before)
        if dated and dated[1].start() == 0:
            lead, before = before[: dated[1].end()].strip(" ,-–—|"), before[dated[1].end() :].strip(" ,-–—|")
            out.append(replace(block, text=lead))
        if before:
            sentences = _SENTENCE_END.split(before)
            if len(before.split()) > _MAX_CAPTION_WORDS and len(sentences) > 1:
                keep, caption = " ".join(sentences[:-1]), sentences[-1]
                out.append(replace(block, text=keep))
                out.append(replace(block, text=caption, rule="caption"))
            elif len(before.split()) <= _MAX_CAPTION_WORDS:
                out.append(replace(block, text=before, rule="caption"))
            else:
                out.append(replace(block, text=before))
    credit = (m.group(0) + name).strip()
    if bracketed:
        credit = "(" + credit
    out.append(replace(block, text=credit, rule="photo-credit"))
    if rest:
        out.extend(_pieces(replace(block, text=rest.strip(), gap_before=False, hint=None)))
    return out


_MARKER_WORDS = ("photo", "image", "picture", "foto", "bild", "credit", "crédit", "fuente", "illustration")
_SHORT_GLUE = re.compile(r"(?<=[a-zà-ÿ]{2})(?=[A-ZÀ-Þ][a-zà-ÿ]+)")


_ANY_MARKER_WORD = re.compile("|".join(_MARKER_WORDS))  # one scan for "any of the words in it"


def _has_marker(text: str) -> bool:
    """Whether `_MARKER` finds a credit label in the line, asked of cheaper screens first:
    every label ends with ":" or "©" (about one line in ten has either) and holds a
    marker word; the regex costs tens of microseconds on a long line."""
    return (
        (":" in text or "©" in text)
        and _ANY_MARKER_WORD.search(text.lower()) is not None
        and _MARKER.search(text) is not None
    )


def unglue(doc: Document) -> Document:
    marked = doc.memo.of(_has_marker)
    if not any(marked[b.text] for b in doc.blocks if b.rule is None):
        return doc
    blocks: list[Block] = []
    for block in doc.blocks:
        if block.rule is None:
            blocks.extend(_pieces(block))
        else:
            blocks.append(block)
    return doc.with_blocks(blocks)
