"""Lift the article's metadata out of its text: headline, dateline, byline, publisher, source.

Text dumps carry metadata as lines: the headline over the article, "By: EBR - Posted:
Friday, November 1, 2024" under it, "Source: Reuters" at its foot. These lines are not
article text; we move them into fields and mark them (`title`, `dateline`, `byline`,
`publisher`, `source`) so `explain=True` shows where each field came from.

Only the head of the page (the 60 lines over the first body paragraph) is searched for the
headline, byline and dateline: a "By ..." in a teaser under the article is another
article's byline. A headline is only taken when the page gives evidence that it is one
(chrome or metadata next to it); a short first paragraph of clean text is not a title.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from .codelike import looks_like_code
from .dates import find_date, has_year
from .document import Block, Document, words
from .endings import ends_clause, ends_sentence
from .memo import Memo
from .title import Head, choose_title, in_url, without_site

__all__ = ["AGENCIES", "extract_metadata", "is_body", "is_body_text"]

# News agencies and syndication sources a text is credited to.
AGENCIES = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "dpa",
    "EFE",
    "ANSA",
    "Bloomberg",
    "Kyodo News",
    "Kyodo",
    "Xinhua",
    "TASS",
    "Europa Press",
    "Anadolu Agency",
    "Anadolu",
    "PA Media",
    "UPI",
    "Yonhap",
    "APA",
    "KNA",
    "epd",
    "SDA",
    "Keystone-SDA",
    "Belga",
    "ANP",
    "Lusa",
    "CNA",
    "IANS",
    "PTI",
    "AAP",
    "Bernama",
    "Interfax",
    "Ukrinform",
    "RIA Novosti",
    "Agencia EFE",
    "Notimex",
)
_AGENCY = "(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + ")"

# the labels that open a byline; alone on a line, the name is on the next ("By" / "Ana Ruiz")
_BY_LABELS = (
    r"(?:(?:written|words|story|article|text|reporting|posted|interview) by|by|von|par|por|di|door|texte?(?=\s*:)"
    r"|autor(?:in)?|auteur|author|redactor[a]?|rédigé par|verfasst von|escrito por)"
)
_BYLINE = re.compile(
    "^" + _BY_LABELS + r"\s*:?\s+(?P<names>[^|•·⋅»]+?)\s*(?:$|[|•·⋅»]|\s[-–—]\s|\s[–—]"
    r"|\s\(.*"  # "By Jane Doe (Reuters)", "(@janedoe)": the name ends where the aside starts
    r"|(?:[,.]\s*|\s)(?:posted|published|(?:last )?updated|on)\b"
    r"|\s(?-i:in|In)(?:\s+(?-i:[A-Z])|$)"  # "By Sara Harberson In Parenting": the section follows
    r"|(?<=[^\W\d_])(?-i:Posted|Published|Updated)\b)",  # "By Jane DoePublished: ..." (a dump's glued label)
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÀ-Þ][\w.'’-]*(?:\s+(?:[A-ZÀ-Þ][\w.'’-]*|de|van|von|der|da|del|di|la|le|bin|al-\w+))*$")
_DATE_LABEL = re.compile(
    r"^(?:(?:posted|published|updated|last updated|(?:page )?last modified|modified|(?:start|publish) date|date|on"
    r"|asked|created"
    r"|veröffentlicht(?: am)?|aktualisiert(?: am)?|erstellt(?: am)?"
    r"|stand|publié le|publié|mis à jour(?: le)?|le|publicado(?: el)?|actualizado(?: el)?|el|pubblicato(?: il)?"
    r"|gepubliceerd(?: op)?)\b\s*:?\s*)*",
    re.IGNORECASE,
)
_WEEKDAYS = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b"
    r"|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|\b(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|uhr|h))?\b|\b(?:utc|gmt|cet|cest|est|edt|pst|pdt)\b", re.IGNORECASE
)
_SOURCE = (
    re.compile(r"^\*?\s*(?:source|sources|quelle|fuente|fonte|bron)\s*:\s*(?P<src>\S.{1,60}?)\.?$", re.IGNORECASE),
    re.compile(
        r"^\*?\s*(?:this (?:article|story|post|piece) (?:was )?)?(?:first|originally) (?:published|appeared|posted)"
        r"(?: (?:in|on|by|at))?\s*:?\s*(?P<src>\S.{1,60}?)\.?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\*?\s*(?:erstmals|zuerst|ursprünglich) (?:erschienen|veröffentlicht) (?:in|bei|auf)\s*:?\s*"
        r"(?P<src>\S.{1,60}?)\.?$"
        r"|^\*?\s*(?:publié|paru) (?:initialement|d'abord|à l'origine) (?:dans|par|sur)\s*:?\s*"
        r"(?P<src2>\S.{1,60}?)\.?$"
        r"|^\*?\s*publicado (?:originalmente|por primera vez) (?:en|por)\s*:?\s*(?P<src3>\S.{1,60}?)\.?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:with|mit|avec|con) (?:input|material|reporting|information|agencies|agences|agencias|material von)"
        r"(?: (?:from|de|von))?\s*:?\s*(?P<src>[^.]{2,60}?)\.?$",
        re.IGNORECASE,
    ),
    re.compile(r"^\(?(?P<src>" + _AGENCY + r")\)?$"),
)
_WIRE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .,'-]{1,40}\s*\((?P<src>" + _AGENCY + r")\)\s*[-–—]")


def is_body(block: Block) -> bool:
    """A paragraph that can only be article text: long and ending like a sentence."""
    return is_body_text(block.text)


def is_body_text(text: str) -> bool:
    return is_body_words(text, len(text.split()))


def is_body_words(text: str, n_words: int) -> bool:
    """`is_body_text(text)`, given its word count (`document.words`)."""
    return n_words >= 15 and ends_clause(text)


_MODIFIED = re.compile(
    r"[,;|(]?\s*\b(?:updated|last updated|modified|mis à jour|modifié|actualizado|aktualisiert|geändert"
    r"|aggiornato|atualizado)\b.*$",
    re.IGNORECASE,
)


def _dateline(text: str) -> str | None:
    """The ISO date when the whole line is a date with its labels (or one part of a line
    of short parts, see `_dateline_part`), else None.

    A second, "updated" date after the first is the modification date: it is cut
    off before the check, so "Publié le ..., modifié le ..." reads as a dateline.
    """
    if len(text) > 160 or not has_year(text):  # no date in it, nor in the part before an "updated"
        return None
    cut = _MODIFIED.sub("", text)
    if cut != text and find_date(cut):
        text = cut
    found = find_date(text)
    if not found:
        return None
    iso, m = found
    after = _READING_TIME.sub(" ", text[m.end() :])
    if (second := find_date(after)) and not _TIME.sub("", after[: second[1].start()]).strip(" ,|-–—·•/"):
        # "Posted on June 29, 2020 November 12, 2021": posted, then updated
        after = after[second[1].end() :]
    rest = _WEEKDAYS.sub(" ", _TIME.sub(" ", text[: m.start()] + " " + after))
    rest = _DATE_LABEL.sub("", rest.strip(" ,|-–—"))
    rest = re.sub(r"[\s,|•·/()\-–—]+", " ", rest).strip()
    rest = " ".join(w for w in rest.split() if w.lower() not in _DATE_FILLERS)
    if len(rest.split()) <= 1:
        return iso
    return _dateline_part(text)


# A dateline's parts: "November 28, 2025 / Living Healthy / Wellness", "Desk / site.in /
# Updated: Dec 17, 2025", "2025-08-29 #review #tech". Spaced slashes, bars, dots and
# bullets part them; hashtags are parts of their own.
_PARTS = re.compile(r"\s+[/|·•]\s+|\s+(?=#\w)")
_PART_WORDS = 4  # the other parts are labels: a category, a desk, a source, "6 comments"
_PARTS_WORDS = 10


def _dateline_part(text: str) -> str | None:
    """The ISO date when one part of the line is a dateline and every other part is a
    short label (no sentence), else None."""
    parts = _PARTS.split(text)
    if len(parts) < 2 or _byline(text):
        return None  # "Jane Doe | March 3, 2024" is a byline: its name is the author
    dated = [i for i, part in enumerate(parts) if find_date(part)]
    if len(dated) != 1 or not (iso := _dateline(parts[dated[0]])):  # a part holds no parts: no loop
        return None
    others = [part.strip() for i, part in enumerate(parts) if i != dated[0]]
    if len(others) == 1 and _NAME.match(others[0]) and _person_like(others[0]):
        return None  # "Jane Doe | March 3, 2024": a name and its date make a byline (`_named_date`)
    sizes = [len(part.split()) for part in others]
    if max(sizes) > _PART_WORDS or sum(sizes) > _PARTS_WORDS:
        return None
    if any(part.endswith((".", "!", "?")) for part in others):
        return None
    return iso


# Words that sit around a date in a dateline ("à 07h00", "at 6pm", "um 10 Uhr", "@ 1:39").
_DATE_FILLERS = frozenset(
    {"à", "at", "um", "a", "las", "los", "alle", "ore", "às", "h", "uhr", "-", "on", "le", "el", "am", "@"}
)
# The reading time a dateline often ends with: "· 6 min read", "11 Minute Read", "5 min",
# "7 minutes read", "Lesezeit 4 Min.", "3 min de lecture", "5 min de lectura"
_READING_TIME = re.compile(
    r"[·•|—–-]?\s*(?:(?:lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*)?(?:\d+|--)\s*(?:-\s*)?"
    r"(?:min(?:ute)?s?|mins?)\.?"
    r"(?:\s+(?:read(?:ing)?(?:\s+time)?|de lecture|de lectura|lesezeit))?\s*$",
    re.IGNORECASE,
)


_BY_WORD = re.compile(r"^\s*[,|\-–—]?\s*(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
# what every byline `_byline` reads holds: a label at its start, or a "by" after a date
# ("Posted on DATE by ...") or in a forum's thread line; one search rules most lines out
# before `_byline` looks for a date in them
_BY_SCREEN = re.compile(
    r"^(?:" + _BY_LABELS + r"|thread starter|original poster)|(?:^|[\s,|\-–—])(?:by|von|par|por|di|door)\s",
    re.IGNORECASE,
)


def _byline(text: str) -> tuple[tuple[str, ...], str | None] | None:
    """Authors (and a date, when the line gives one) from "By ..." or "Posted on DATE by ..."."""
    if not _BY_SCREEN.search(text):
        return None
    if (starter := _STARTER.match(text)) and _USER_NAME.fullmatch(starter["name"]):
        return (starter["name"],), None  # a forum thread's "Thread starter paulb203"
    if (started := _STARTED.match(text)) and _USER_NAME.fullmatch(started["name"]):
        found = find_date(started["when"])  # "Discussion in 'Advice' started by pelex, May 26, 2025."
        return ((started["name"],), found[0]) if found else None
    text = _GLUED_BY.sub(r"\1 ", text)
    m = _BYLINE.match(text)
    if not m:
        found = find_date(text)
        if found and len(text) <= 160:
            iso, dm = found
            before = _DATE_LABEL.sub("", _WEEKDAYS.sub("", text[: dm.start()]).strip(" ,|-–—"))
            after = _TIME.sub("", text[dm.end() :])
            by = _BY_WORD.match(after)
            if not before.strip(" ,") and by:
                rest = _BYLINE.match(after.strip(" ,|-–—"))  # what ends the names ends them here too
                names = _names(rest["names"] if rest else after[by.end() :])
                return (names, iso) if names else None
        return None
    names = _names(m.group("names"))
    if not names and (dated := find_date(m.group("names"))):  # "By Jane Doe March 3, 2024"
        names = _names(m.group("names")[: dated[1].start()])
        return (names, dated[0]) if names else None
    found = find_date(text[m.end("names") :]) or find_date(m.group("names"))  # "by: Ziyi Xu, Dec 17, 2025"
    if not names and found and _USER_NAME.fullmatch(m.group("names")):
        names = (m.group("names"),)  # "Posted by allotment_annie on 12 Jul 2024": a user name, dated
    if not names:
        return None
    return names, (found[0] if found else None)


# A forum post's header: the poster's user name (and display name), the date and time,
# and the post's number (Discourse and its kin). The first post's is the thread's byline.
_POST_HEADER = re.compile(r"^(?P<user>[\w.-]{2,40})(?: \([^()]{1,40}\))? (?P<when>.{6,40}?) 1$")


def _first_post(text: str) -> tuple[str, str] | None:
    """(user name, ISO date) when `text` is the header of a thread's first post, else None."""
    m = _POST_HEADER.match(text)
    if m is None or not _USER_NAME.fullmatch(m["user"]) or _is_label(m["user"]):
        return None  # "Posted May 4, 2022 1": a label, not a poster
    if not (found := find_date(m["when"])):
        return None
    iso, dm = found
    when = m["when"]
    if _TIME.sub("", when[: dm.start()] + when[dm.end() :]).strip(" ,"):
        return None  # more than a date and a time between the name and the number
    return m["user"], iso


# Labels that date the page's publication wherever they stand. Not "posted" (a comment's
# date) nor "updated" (a later date, on 4 of the 18 pages it was read from)
_PAGE_DATE_LABEL = re.compile(
    r"(?:published(?: on)?|asked|veröffentlicht(?: am)?|publié le|publicado(?: el)?)\b", re.IGNORECASE
)
_COMMENTS = "comments"  # the rule of a comments label and what `cut_tail` drops after it: readers' lines


def _is_label(word: str) -> bool:
    """Whether `word` is a date's label ("Posted", "Updated", "Le")."""
    label = _DATE_LABEL.match(word)
    return label is not None and label.end() > 0


# "ByNina Pineda": the label glued to the name (a link right after "By", no space between)
_GLUED_BY = re.compile(r"^(By|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿ])")
_STARTER = re.compile(r"^(?:thread starter|started by|original poster)\s*:?\s+(?P<name>\S+)$", re.IGNORECASE)
# XenForo's thread line: "Discussion in 'Hosting Advice' started by pelex, May 26, 2025."
_STARTED = re.compile(
    r"^(?:discussion in .{1,80}? )?started by (?P<name>\S+?),\s*(?P<when>.{6,40}?)\.?$", re.IGNORECASE
)
# A forum's user name: one token of letters, digits, "_", "-" or ".", with a letter
_USER_NAME = re.compile(r"(?=[\w.-]*[^\W\d_])[\w.-]{2,40}")


def _names(text: str) -> tuple[str, ...]:
    parts = [n.strip(" .") for n in _NAME_SPLIT.split(text.strip()) if n.strip(" .")]
    found = [n for n in parts if _NAME.match(n) and len(n.split()) <= 5 and not not_a_name(n)]
    people: list[str] = []
    for n in parts:
        if (role := _ROLE_AFTER.search(n)) is None:
            if n in found:
                people.append(n)
            continue
        # "Catherine Boeckmann Executive Digital Editor": the name before the role; and
        # what follows a role ("and Master Gardener", ", Atlas Van Lines") is the role's
        if role.start() > 0 and len(name := n[: role.start()].split()) >= 2 and _NAME.match(" ".join(name)):
            people.append(" ".join(name))
        break
    return tuple(dict.fromkeys(_once(n) for n in people or found))  # "Our Editors" alone is the byline


def _once(name: str) -> str:
    """ "Colin Gray" for "Colin Gray Colin Gray": a dump joins a byline's name to its
    link's text or its avatar's."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and half and words[:half] == words[half:] else name


# What follows a name in a byline and is no name: the writer's role ("Jane Doe, Senior
# Editor", "Tracy Parker, Dietitian")
_ROLE = re.compile(
    r"\b(?:director|editor|editors|writer|reporter|correspondent|contributor|columnist|analyst|manager|producer"
    r"|president|founder|ceo|dietitian|nutritionist|journalist|redakteur(?:in)?|rédact(?:eur|rice)|redactor[a]?"
    r"|periodista|journaliste)s?\b",
    re.IGNORECASE,
)

# Where a role starts in a byline's part: its qualifiers ("Executive Digital Editor"), then
# the role word; at the part's start (a part that is all role) or after the name
_ROLE_AFTER = re.compile(
    r"(?:^|\s)(?=(?:(?:executive|senior|sr\.?|junior|chief|managing|associate|assistant|deputy|staff|contributing"
    r"|digital|lead|head|principal|editorial|news|features?|web|content|social media)\s+)*" + _ROLE.pattern + ")",
    re.IGNORECASE,
)

# What follows a "By" that names no one: a seller ("From Apple"), a form's field ("Name"),
# what a list is sorted or filtered by ("By Category", "Relevance"), a script's empty value.
_NOT_A_NAME = re.compile(
    r"^from\s|^(?:name|category|categories|collection|collections|brand|brands|product|products|price|relevance"
    r"|relevancy|popularity|featured|position|ranking|rating|date|topic|type|size|weight|colou?r|material|style"
    r"|gender|age|season|occasion|activity|department|industry|location|region|country|city|state|language"
    r"|classification|terms|conditions|year|month|week|title|subject|newest|latest|popular|best match"
    r"|best selling|most relevant|most popular|undefined|null|none)$"
    r"|^\w+ (?:types?|industry|industries|roles?|size|topics?|categor(?:y|ies)|solutions?|needs?|use cases?)$",
    re.IGNORECASE,
)


def not_a_name(text: str) -> bool:
    """True for a "name" that is a label, not a person or an organisation."""
    return _NOT_A_NAME.search(text) is not None


def _headline_like(block: Block, headline: Mapping[str, bool]) -> bool:
    """Could be a headline: a short line, not a sentence, not known chrome, with no date in it.
    `headline` is `_headline_text` by text (the page's memo)."""
    return not block.bullet and not block.hint and headline[block.text]


def _headline_text(text: str) -> bool:
    # not code: documentation repeats a snippet (two tabs), and a repeated line above
    # the first paragraph is read as the headline (`<title>` and `<h1>`)
    return (
        2 <= len(text.split()) <= 25
        and not text.endswith(".")
        and text.count(",") < 3  # a list ("Help Center, Disputes, Return Policy, ..."), not a headline
        and find_date(text) is None
        and _BYLINE.match(text) is None
        and not looks_like_code(text)
    )


def _one_word_headline(text: str) -> bool:
    """A headline of one word ("Flexbox", "SELECT"): documentation names its page so."""
    return " " not in text and len(text) >= 3 and text[0].isalpha() and not looks_like_code(text)


def _publisher_like(block: Block) -> bool:
    words = block.text.split()
    if not 2 <= len(words) <= 6 or ends_clause(block.text) or any(c.isdigit() for c in block.text):
        return False
    small = {"of", "the", "and", "for", "&", "de", "la", "le", "der", "die", "das", "el", "du", "des"}
    return all(w[0].isupper() or w.lower() in small for w in words)


# Words that make a proper-noun line an organisation rather than a person.
_ORG_WORDS = frozenset(
    """
    of the and for & news times post press media daily journal herald gazette tribune allgemeine zeitung
    kurier rundschau presse diario crónica cronica el la le les gazzetta corriere observer review ledger
    chronicle telegraph express standard agency group network radio tv magazine wire today weekly monthly
    online digital mail sun star world international nachrichten tagblatt anzeiger blatt nouvelles
    courrier quotidien noticias periódico periodico revista semanario
    """.split()
)


def _person_like(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 3 and not any(w.lower() in _ORG_WORDS for w in words)


_BY_ALONE = re.compile("^" + _BY_LABELS + r"\s*:?$", re.IGNORECASE)


_ON = r"(?:on|am|le|el|il|em|op)"  # what joins a name or a label to its date, in the languages read here
_ON_DATE = re.compile(r"\s+" + _ON + "$")


def _named_date(text: str, blocks: list[Block]) -> tuple[str, str] | None:
    """(name, ISO date) for a line that is a person's name and a date ("Tom Talbot
    October 14, 2025 · 5 min read"), else None."""
    if len(text) > 120 or not has_year(text) or not (found := find_date(text)):
        return None
    iso, m = found
    after = _READING_TIME.sub("", _TIME.sub("", text[m.end() :])).strip(" ,|-–—·•/")
    name = _ON_DATE.sub("", text[: m.start()].strip(" ,|-–—·•"))  # "Matt Eland on Dec. 13, 2025"
    return (name, iso) if not after and _lone_name(name, blocks) else None


def _name_after(blocks: list[Block], i: int) -> tuple[str, ...]:
    """The names on the line after line `i`, when it is open."""
    return _names(blocks[i + 1].text) if i + 1 < len(blocks) and _open(blocks[i + 1]) else ()


def _lone_name(text: str, blocks: list[Block]) -> bool:
    """A line that is only a person's name: two or three capitalised words, none a role,
    a label or a word the page writes in lower case."""
    return (
        _person_like(text)
        and _NAME.match(text) is not None
        and not not_a_name(text)
        and not _ROLE.search(text)
        and not _common_words(text, blocks)
    )


_LOWER_WORD = re.compile(r"\b[^\W\d_A-ZÀ-Þ][^\W\d_]*\b")


def _common_words(name: str, blocks: list[Block]) -> bool:
    """True when each word of `name` is written in lower case elsewhere on the page: "All
    Products" or "Case Studies" is a menu heading, where "Jane Doe" is a person, whose
    name is no word of the page's prose (or one word of it: "Madison Green")."""
    words = {w.lower() for w in name.split() if len(w) > 2 and w.isalpha()}
    if not words:
        return False
    for b in blocks:
        words.difference_update(_LOWER_WORD.findall(b.text))
        if not words:
            return True
    return False


# every `_SOURCE` pattern in one, without their groups: one try rules most lines out
_ANY_SOURCE = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.IGNORECASE else ''}:{re.sub(r'[(][?]P<src[0-9]*>', '(?:', p.pattern)})"
        for p in _SOURCE
    )
)


def _source(text: str) -> str | None:
    if _ANY_SOURCE.match(text) is None:
        return None
    for pattern in _SOURCE:
        m = pattern.match(text)
        if m:
            src = next(v for k, v in m.groupdict().items() if k.startswith("src") and v)
            return src.strip(" *:.")
    return None


# What may stand before the date of a line that states when the page was published: nothing,
# or a label that says so. "Last updated ...", "Listed on ...", "commented ..." say other things.
_PUBLISHED_BEFORE = re.compile(
    r"(?:posted|published|date|veröffentlicht|publié|publicado|" + _ON + r")?(?:\s+" + _ON + ")?",
    re.IGNORECASE,
)


_DATE_LED_WORDS = 14


def _published_date(text: str) -> str | None:
    """The first date of `text` when nothing stands before it but a label that says it is
    the publication date (`_PUBLISHED_BEFORE`), else None."""
    if not (found := find_date(text)):
        return None
    iso, m = found
    return iso if _PUBLISHED_BEFORE.fullmatch(text[: m.start()].strip(" \t:,|-–—·•(")) else None


def _date_led(text: str) -> str | None:
    """The publication date that opens a short line that is no sentence, else None."""
    if len(text) > 120 or len(text.split()) > _DATE_LED_WORDS or ends_sentence(text):
        return None
    return _published_date(text)


_ON_BEHALF = re.compile(r"\s+(?:on behalf of|for|für|pour|para)\s.*$", re.IGNORECASE)


def _date_led_name(text: str, blocks: list[Block]) -> str | None:
    """The person a date-led line names among its parts ("Dec. 19, 2025 · Niko Matsakis on
    behalf of the docs team", "December 15, 2025 · 30 min · Ash Vardanian"), when one
    part after the date's separator, and only one, is a lone name (`_lone_name`)."""
    if not (found := find_date(text)) or not _PARTS.match(rest := text[found[1].end() :]):
        return None  # "January 16, 2026 Computer Overhauls": with no separator, a category as likely
    parts = [_ON_BEHALF.sub("", p).strip(" ,") for p in _PARTS.split(rest) if p.strip(" ,")]
    names = [p for p in parts if _lone_name(p, blocks)]
    return names[0] if len(names) == 1 else None


_BELOW_WORDS = 12


def _byline_below(
    blocks: list[Block], start: int, byline: Mapping[str, tuple[tuple[str, ...], str | None] | None]
) -> tuple[tuple[str, ...], str | None, tuple[int, ...]]:
    """The names and date of the one byline from line `start` to the comments, and its
    lines; or nothing when there is none or more than one. A byline here is a short line
    that opens with its label ("By", "Written by", "Author:"), or the label alone over the
    name, and names people the page does not write in lower case elsewhere (a filter's
    "By Role" is no byline)."""
    found: dict[tuple[str, ...], tuple[str | None, tuple[int, ...]]] = {}
    got: tuple[tuple[str, ...], str | None] | None
    for i in range(start, len(blocks)):
        b = blocks[i]
        if b.rule == _COMMENTS:
            break
        label = _ABOUT_AUTHOR.fullmatch(b.text) is not None  # over the name
        if not (_open(b) or label) or len(b.text.split()) > _BELOW_WORDS:
            continue
        lines: tuple[int, ...] = (i,)
        if (label or _BY_ALONE.match(b.text)) and i + 1 < len(blocks) and _lone_name(blocks[i + 1].text, blocks):
            got, lines = ((blocks[i + 1].text,), None), (i, i + 1)  # "Written by" over "Jane Doe"
        elif not (got := byline[b.text]):
            continue
        names, iso = got
        if names and not any(_common_words(n, blocks) for n in names):
            found.setdefault(names, (iso, lines))
    if len(found) != 1:
        return (), None, ()
    ((names, (iso, lines)),) = found.items()
    return names, iso, lines


# An author box's label alone, which the author-bio rule also takes; not that rule's
# verdict, which takes "More articles by Jane Doe" too: a line of links, over anything
_ABOUT_AUTHOR = re.compile(
    r"(?:about the (?:author|writer)|über (?:den autor|die autorin)|à propos de l'auteur|sobre el autor)\s*:?",
    re.IGNORECASE,
)
_BIO = re.compile(
    r"\s(?:is|has|was|writes|covers|joined)\s.*\b(?:he|she|his|her|they|their|writer|editor|author|journalist"
    r"|reporter|founder|co-founder|contributor|experience|years)\b",
    re.IGNORECASE,
)


def _bio_name(blocks: list[Block]) -> str | None:
    """The name of the page's author box: a name alone on its line, shown twice (by the
    headline and in the box), with the sentence under it that introduces that person
    ("Elena Linker" over "Elena Linker is a Marketing Operations Analyst with seven
    years of experience"). A glossary's "Facebook Shops" over "Facebook Shops is a
    feature ..." is shown once, and says nothing of a person."""
    counts = Counter(b.text for b in blocks)
    found: set[str] = set()
    for i, b in enumerate(blocks):
        name = b.text
        if counts[name] < 2 or not 2 <= len(name.split()) <= 3 or name in found:
            continue
        for nxt in blocks[i + 1 : i + 3]:
            rest = nxt.text[len(name) :]
            if nxt.text.startswith(name) and len(nxt.text.split()) >= 8 and _BIO.match(rest):
                if _lone_name(name, blocks):
                    found.add(name)
                break
    return found.pop() if len(found) == 1 else None


def _only_date(blocks: list[Block], dateline: Mapping[str, str | None]) -> str | None:
    """The one date the page's datelines state (see `extract_metadata`), else None."""
    found: set[str] = set()
    for b in blocks:
        if b.rule == _COMMENTS:
            break
        if _open(b) and dateline[b.text] and (iso := _published_date(b.text)):
            found.add(iso)
            if len(found) > 1:
                return None
    return found.pop() if found else None


def _open(block: Block) -> bool:
    """Kept, or dropped only by the line model: metadata lines look like chrome to it."""
    return block.rule is None or block.rule == "boilerplate"


def _meta_under(i: int, blocks: list[Block], memo: Memo) -> bool:
    """A dateline or byline close under line `i`, with no other headline-like line in
    between (a name, the byline, or a long standfirst between them does not part them)."""
    n_of = memo.of(words)
    headline = memo.of(_headline_text)
    following = [x for x in blocks[i + 1 : i + 8] if x.rule not in ("caption", "photo-credit", "advertisement")]
    for x in following[:4]:
        if x.rule in ("dateline", "byline"):
            return True
        if _open(x) and _headline_like(x, headline) and not _person_like(x.text) and n_of[x.text] < 10:
            return False
    return False


_HEAD_LINES = 60


def _first_bodies(found: list[int]) -> list[int]:
    """The article's first two paragraphs: the first paragraph with another close under it
    (a promotion the line model kept above the article stands alone), else the first two."""
    for a, b in itertools.pairwise(found):
        if b - a <= 5:
            return [a, b]
    return found[:2]


def _headline_in(blocks: list[Block], head: range, head_end: int, memo: Memo, url: str | None) -> int | None:
    """The headline among the `head` lines over the first paragraph (`head_end`), if any."""
    headline = memo.of(_headline_text)
    one_word = memo.of(_one_word_headline)
    cands = [
        i
        for i in head
        if _open(blocks[i])
        and not blocks[i].bullet
        and not blocks[i].hint
        and (headline[blocks[i].text] or one_word[blocks[i].text])
    ]
    return choose_title(Head(blocks, cands, head_end, [_meta_under(i, blocks, memo) for i in cands], memo, url))


def extract_metadata(doc: Document) -> Document:
    blocks = list(doc.blocks)
    meta = doc.meta
    title, authors, published, publisher, source = (
        meta.title,
        meta.authors,
        meta.published,
        meta.publisher,
        meta.original_source,
    )
    memo = doc.memo
    body = memo.of(is_body_text)
    # a title that came with the page (a Markdown heading) marks where the article starts
    given = next((i for i, b in enumerate(blocks) if b.rule == "title"), -1) if title else -1
    bodies = _first_bodies([i for i, b in enumerate(blocks) if i > given and b.rule is None and body[b.text]])
    head_end = bodies[0] if bodies else len(blocks)
    # the head: the 60 lines over the first paragraph (a dump's menus can run for hundreds)
    start = max(0, head_end - _HEAD_LINES) if bodies else 0
    head = range(start, min(head_end, start + _HEAD_LINES))
    # bylines and datelines also sit under a standfirst, before the second paragraph
    byline_zone = range(start, min(bodies[1] if len(bodies) > 1 else len(blocks), head_end + _HEAD_LINES))

    # byline and dateline
    dateline, byline, first_post = memo.of(_dateline), memo.of(_byline), memo.of(_first_post)
    for i in byline_zone:
        b = blocks[i]
        if not _open(b) and b.rule != "menu":  # "By: Jane Doe | May 2, 2024 | Categories: News"
            continue
        if iso := dateline[b.text]:
            published = published or iso
            blocks[i] = b.drop("dateline")
            # "Jane Doe" on the line over "March 3, 2024": a byline laid out in two lines
            # (not the headline the URL's slug repeats: "Exploring USB Commands", "/exploring-usb-commands")
            if (
                not authors
                and i > 0
                and _open(blocks[i - 1])
                and _lone_name(blocks[i - 1].text, blocks)
                and not in_url(blocks[i - 1].text, doc.url)
            ):
                authors = (blocks[i - 1].text,)
                blocks[i - 1] = blocks[i - 1].drop("byline")
        elif found := byline[b.text]:
            names, iso = found
            authors = authors or names
            published = published or iso
            blocks[i] = b.drop("byline")
        elif named := _named_date(b.text, blocks):
            # "Jane Doe March 3, 2024": a byline without its "By"
            authors = authors or (named[0],)
            published = published or named[1]
            blocks[i] = b.drop("byline")
        elif not authors and _BY_ALONE.match(b.text) and (names := _name_after(blocks, i)):
            # "By" or "Author" on a line of its own, the name on the next
            authors = names
            blocks[i] = b.drop("byline")
            blocks[i + 1] = blocks[i + 1].drop("byline")
        elif published is None and (iso := _date_led(b.text)):
            # "January 16, 2026 Computer Overhauls", "Dec. 19, 2025 · Niko Matsakis": a
            # date that opens a short line under the headline; the line stays, it says more
            published = iso
            if not authors and (name := _date_led_name(b.text, blocks)):
                authors = (name,)
        elif post := first_post[b.text]:
            # a thread's first post header, "amondale (Amondale) November 8, 2024, 7:33pm 1":
            # its poster and date are the thread's; the line stays, a post's header is the thread's text
            authors = authors or (post[0],)
            published = published or post[1]

    below: int | None = None  # a byline found under the article's supposed start
    if not authors:
        # no byline over the article: one under it, in its author box ("Written by Jane
        # Doe"), when the page has one such line (a listing has one per teaser)
        # ("Posted by Jane Doe on May 2, 2024" under a menu's promotion the line model kept)
        authors, dated, lines = _byline_below(blocks, byline_zone.stop, byline)
        published = published or dated
        for j in lines:
            blocks[j] = blocks[j].drop("byline")
        below = lines[0] if lines else None
        if below is None and (bio := _bio_name(blocks)):
            authors = (bio,)

    if published is None:
        # no date over the article: one that says it is the page's publication date
        # ("Published on ...", a question's "asked ..."), further down, before any comment's
        for i in range(byline_zone.stop, len(blocks)):
            b = blocks[i]
            if b.rule == _COMMENTS:
                break
            if _open(b) and _PAGE_DATE_LABEL.match(b.text) and (iso := dateline[b.text]):
                published = iso
                blocks[i] = b.drop("dateline")
                break

    if published is None:
        # still none: a page that shows one date alone on its line(s), anywhere before
        # its comments, is dated by it ("15 November 2018" over the article, or under it
        # by the share buttons). A page that shows two or more (a listing, a thread's
        # posts) is not: which of them is the page's own cannot be told from the text.
        published = _only_date(blocks, dateline)

    # headline: the short line of the head that small trees find likeliest (title.py),
    # when the page shows it is one: a dateline or byline under it, the same line twice
    # (<title> and <h1>), or chrome above it. A clean page of prose has none of these, so
    # re-cleaning keeps its text.
    if title is None:
        chosen = _headline_in(blocks, head, head_end, memo, doc.url)
        if chosen is None and below is not None:
            # the byline found under the supposed start is where the article starts (a
            # menu's promotion the line model kept stood above it): its head is over it
            start_below = next(
                (i for i in range(below + 1, len(blocks)) if blocks[i].rule is None and body[blocks[i].text]), None
            )
            if start_below is not None:
                head = range(max(0, start_below - _HEAD_LINES), start_below)
                head_end = start_below
                chosen = _headline_in(blocks, head, head_end, memo, doc.url)
        if chosen is not None:
            i = chosen
            b = blocks[i]
            title = without_site(b.text, doc.url)
            for j in head:
                if _open(blocks[j]) and blocks[j].text.lower() == b.text.lower():
                    blocks[j] = blocks[j].drop("title")
            authors, publisher, source = _credit_under(i, blocks, head_end, authors, publisher, source)
    elif given in head:
        # the title came with the page (a Markdown dump's heading): what is under it still counts
        authors, publisher, source = _credit_under(given, blocks, head_end, authors, publisher, source)

    # attribution lines anywhere in the article ("Source: Reuters", "*first published in: ...")
    attribution = memo.of(_source)
    for i in range(max(head_end - 1, 0), len(blocks)):  # from the head's last line: none above it counts
        b = blocks[i]
        if not _open(b) or len(b.text) > 120:
            continue
        src = attribution[b.text]
        if src:
            source = source or src
            blocks[i] = b.drop("source")
    if source is None:
        for b in blocks[head_end : head_end + 3]:
            wire = _WIRE.match(b.text)
            if b.rule is None and wire:
                source = wire.group("src")
                break
    if publisher is None:
        for b in blocks:
            if b.rule == "copyright" and (m := _COPYRIGHT_HOLDER.search(b.text)):
                publisher = m.group("holder").strip(" .,") or None
                break
    return replace(
        doc.with_blocks(blocks),
        meta=replace(
            meta, title=title, authors=authors, published=published, publisher=publisher, original_source=source
        ),
    )


def _credit_under(
    i: int,
    blocks: list[Block],
    head_end: int,
    authors: tuple[str, ...],
    publisher: str | None,
    source: str | None,
) -> tuple[tuple[str, ...], str | None, str | None]:
    """A short proper-noun line right after the headline (block `i`) credits the outlet,
    an agency or the author: the (authors, publisher, source) with it, its block dropped."""
    k = next((k for k in range(i + 1, head_end) if _open(blocks[k]) and blocks[k].text != blocks[i].text), None)
    if k is None or not _publisher_like(blocks[k]):
        return authors, publisher, source
    text = blocks[k].text
    if re.fullmatch(_AGENCY, text):
        blocks[k] = blocks[k].drop("source")
        return authors, publisher, source or text
    if _common_words(text, blocks):
        return authors, publisher, source  # a heading of the page ("Case Studies"), not a name
    if _person_like(text):
        if not authors:
            blocks[k] = blocks[k].drop("byline")
            return (text,), publisher, source
        return authors, publisher, source
    if publisher is None:
        blocks[k] = blocks[k].drop("publisher")
        return authors, text, source
    return authors, publisher, source


_COPYRIGHT_HOLDER = re.compile(
    r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?i:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"(?P<holder>[A-ZÀ-Þ][^.|·•–—,©]*?)(?:\s+\d{4}(?:\s*[-–]\s*\d{4})?)?\s*"
    r"(?:[.|·•–—,]|$|(?i:all rights|alle rechte|tous droits|todos los|tutti i diritti))"
)
