"""Metadata an HTML page states about itself, and where each value was stated.

Pages say who wrote them and when in several places that often disagree: JSON-LD
(`@graph` included), OpenGraph, `<meta>` tags, microdata (`itemprop`), `<time>`
elements, the visible byline, the URL. We read them in order of how often they are
right on real pages (structured data written for search engines first, then what the
reader sees) and keep the first plausible value with the name of its source, so a
consumer can decide how far to trust it.

"Plausible" is where the care goes: fewer values, but right ones. An author is a
person's name (not "Email The Author", not a URL, not the site's own name); a date is
a real calendar date no later than the page's latest stated date; dates inside
comment sections and names inside sidebars are never read.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree  # type: ignore[import-untyped]

from .dates import parse_date, url_date
from .metadata import not_a_name

__all__ = ["HtmlMeta", "html_metadata"]


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    """Fields found in the page's markup; `sources` maps each filled field to its source slug."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    # the page says it is an article (JSON-LD `@type` Article, NewsArticle, BlogPosting,
    # Report, ...; or `og:type` "article"): the block model then keeps less around it
    declares_article: bool = False


# narrower than _ARTICLE_TYPES (where to look for article fields): a WebPage, Recipe or
# QAPage is not the one run of prose that `declares_article` raises the cutoff for
_DECLARED_ARTICLE = re.compile(r"article|blogposting|report", re.I)
_ARTICLE_TYPES = re.compile(r"article|posting|blog|report|news|review|recipe|webpage|creativework|howto|qapage", re.I)
_SPACE = re.compile(r"\s+")
_BAD_AUTHOR = re.compile(
    r"@|https?:|www\.|^(?:by|admin|administrator|editor|editors|staff|author|guest|unknown|anonymous)$|"
    r"\b(?:email|e-mail|contact|follow|view all|view more|more posts|all posts|posts by|more from|read more|subscribe|"
    r"share|twitter|facebook|sign in|sign up|log in|login|register|get in touch|visit)\b|\bby$|^topic author$",
    re.IGNORECASE,
)
_BY = re.compile(
    r"^\s*(?:(?:written|posted|words|text|story|article|reporting)\s+by|by|von|par|por|di|door|authors?:)\s*:?\s+",
    re.IGNORECASE,
)
_TITLE_SEP = re.compile(r"\s+[|\-–—•·:»]\s+")
_ISO_DATE = re.compile(r"^\s*((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?:[T ]|$)")
_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")
# class/id words of the parts of a page whose names and dates are not the article's:
# whole words, or words starting so ("commentlist", "sidebar1"); "responsive" is not one
_ELSEWHERE_WORDS = frozenset({"respond", "responses", "reply", "replies", "disqus"})
_ELSEWHERE_PREFIXES = ("comment", "sidebar", "related", "recommend", "widget", "popular", "trending")
_MENU_PREFIXES = ("menu", "navbar")
_NAV_PREFIXES = ("navigation", "breadcrumb")  # a page-title banner is often "breadcrumbs-and-header"
_CONTENT_WORDS = frozenset({"article", "post", "entry", "story", "content"})
# ... and of the site's header, whose heading is the site's name, not the page's title
_SITE_HEADER_WORDS = frozenset({"masthead", "branding", "logo", "toolbar", "topbar"})
# words in the names of publications and companies, never in a person's
_ORG_WORDS = frozenset(
    """news times post daily journal magazine media press tribune herald gazette review weekly
    blog blogs online digital network tv radio group team staff inc llc ltd co corp company
    agency studio studios labs lab foundation institute university college school club
    society association center centre council store shop official the of and""".split()
)
_ASIDE_TAGS = ("nav", "aside", "footer")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # JSON-LD and meta values are often HTML-escaped twice ("America&#039;s")
    text = _SPACE.sub(" ", html.unescape(value) if "&" in value else value).strip()
    return text or None


def _json_ld(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, `@graph` members flattened in."""
    out: list[dict[str, Any]] = []
    for script in root.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)  # raw newlines in strings are common
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _types(item: dict[str, Any]) -> str:
    t = item.get("@type")
    return " ".join(x for x in t if isinstance(x, str)) if isinstance(t, list) else t if isinstance(t, str) else ""


def _ld_names(value: Any, ids: dict[str, dict[str, Any]], people_only: bool = True) -> list[str]:
    """The names in a JSON-LD author/publisher value; `{"@id": ...}` references are looked
    up in `ids` (the page's `@graph` members by id: Yoast and others name authors so)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = ids.get(item["@id"], item)
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            if people_only and "organization" in _types(item).lower():
                continue
            name = _clean(item.get("name"))
            if name:
                names.append(name)
    return names


def _ld_image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _clean(value)


def _metas(root: etree._Element) -> dict[str, list[str]]:
    """`<meta>` values by lower-cased name/property (first occurrence first)."""
    out: dict[str, list[str]] = {}
    for meta in root.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = _clean(meta.get("content"))
        if key and value:
            out.setdefault(key, []).append(value)
    return out


def _person(name: str | None, publisher: str | None) -> str | None:
    """A plausible author name, or None."""
    if not name:
        return None
    name = _BY.sub("", name).strip(" ,.;:|")
    if not name or len(name) > 60 or len(name.split()) > 6 or _BAD_AUTHOR.search(name) or not_a_name(name):
        return None
    if any(ch.isdigit() for ch in name) or not any(ch.isalpha() for ch in name):
        return None
    if publisher and name.casefold() == publisher.casefold() and not _personal_site(name):
        return None
    return name


def _personal_site(name: str) -> bool:
    """True for a site named after a person ("Cory Dransfeldt"): two to four capitalised
    words, none of them a word organisations are named with."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.casefold().strip(".,&") in _ORG_WORDS for w in words)
    )


def _date(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.match(value)
    iso = _valid(m.group(1), m.group(2), m.group(3)) if m else parse_date(value[:40])
    return iso if iso and "1995" <= iso[:4] <= "2100" else None


def _days_between(first: str, last: str) -> int:
    """Days from one ISO date to another (`_date` gives only valid ones)."""
    return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _words(el: etree._Element) -> set[str]:
    """The words of an element's class and id ("post-footer" -> post, footer; camelCase split)."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not raw.strip():
        return set()
    return {t for t in _TOKEN_SPLIT.split(_CAMEL.sub(" ", raw).lower()) if t}


def _elsewhere(
    el: etree._Element, wrappers: frozenset[etree._Element] = frozenset(), *, headline: bool = False
) -> bool:
    """True when the element sits in a comment section, a sidebar, a menu or the page footer.

    Read top down from the element's ancestors. The page's own wrappers say nothing
    (`body`, and `wrappers`: the elements holding the headline or `<main>`: a sidebar
    never holds the article). A footer or `<aside>` inside the article or `<main>`
    (an "entry-footer" with the byline and tags) is the article's, not the page's.
    For a `headline`, menus and the site's header count only outside the article (a
    heading there is the site's name; wrappers' classes often say "menu-open").
    """
    chain: list[etree._Element] = []
    node: etree._Element | None = el
    while node is not None:
        if isinstance(node.tag, str):
            chain.append(node)
        node = node.getparent()
    in_content = False
    for node in reversed(chain):
        tag = node.tag
        if tag in ("html", "body") or node in wrappers:
            in_content = in_content or tag in ("article", "main") or node.get("role") == "main"
            continue
        words = _words(node)
        if tag == "nav" or any(w in _ELSEWHERE_WORDS or w.startswith(_ELSEWHERE_PREFIXES) for w in words):
            return True
        menu = any(w.startswith(_MENU_PREFIXES) for w in words)
        if not headline and (menu or any(w.startswith(_NAV_PREFIXES) for w in words)):
            return True
        outside = not in_content and words.isdisjoint(_CONTENT_WORDS)
        if outside and (tag in ("footer", "aside") or any(w.startswith("footer") for w in words)):
            return True
        if outside and headline and (menu or tag == "header" or not words.isdisjoint(_SITE_HEADER_WORDS)):
            return True
        if tag in ("article", "main") or node.get("role") == "main":
            in_content = True
    return False


def _wrappers(root: etree._Element) -> frozenset[etree._Element]:
    """Every element holding the page's `<main>` or a headline (`<h1>` outside menus and sidebars)."""
    out: set[etree._Element] = set()
    marks = [*root.iterfind(".//main"), *root.iterfind(".//*[@role='main']")]
    marks += [h for h in root.iterfind(".//h1") if not any(a.tag in _ASIDE_TAGS for a in h.iterancestors())]
    for mark in marks:
        for node in mark.iterancestors():
            if node in out:
                break
            out.add(node)
    return frozenset(out)


def _itemprops(
    marked: list[etree._Element], prop: str, wrappers: frozenset[etree._Element]
) -> Iterator[etree._Element]:
    """The elements with this `itemprop` outside comments, sidebars and menus; `marked`
    are the page's elements with any `itemprop` (`_marked`), found once for every
    property asked: each search of the tree costs as much as another."""
    for el in marked:
        if el.get("itemprop") == prop and not _elsewhere(el, wrappers):
            yield el


def _marked(root: etree._Element) -> list[etree._Element]:
    """Every element with an `itemprop`, in page order."""
    # XPath, not `iterfind`: lxml's ElementPath tests an attribute in Python on every element
    return list(root.xpath(".//*[@itemprop]"))


def _text(el: etree._Element) -> str | None:
    return _clean(" ".join(el.itertext()))


def _title_from_page_title(value: str, site: str | None) -> str:
    """`<title>` without its " | Site Name" part."""
    parts = _TITLE_SEP.split(value)
    if len(parts) > 1:
        if site:
            kept = [p for p in parts if p.casefold() != site.casefold()]
            if kept and len(kept) < len(parts):
                return " - ".join(kept)
        return max(parts, key=len)
    return value


def html_metadata(root: etree._Element, url: str | None = None) -> HtmlMeta:
    """Everything the markup states, first plausible value per field, with its source."""
    ld = _json_ld(root)
    metas = _metas(root)
    found: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(name: str, value: Any, source: str) -> None:
        if value and name not in found:
            found[name] = value
            sources[name] = source

    articles = [i for i in ld if _ARTICLE_TYPES.search(_types(i))] or ld
    ids = {i["@id"]: i for i in ld if isinstance(i.get("@id"), str) and len(i) > 1}
    orgs = [i for i in ld if re.search("organization|website", _types(i), re.I)]

    def first_meta(*keys: str) -> str | None:
        for key in keys:
            if metas.get(key):
                return metas[key][0]
        return None

    # publisher first: authors equal to it are not people
    for item in articles:
        pub = item.get("publisher")
        names = _ld_names(pub, ids, people_only=False) if pub else []
        put("publisher", names[0] if names else None, "json-ld")
    put("publisher", first_meta("og:site_name"), "opengraph")
    put("publisher", first_meta("application-name", "publisher", "dc.publisher"), "meta")
    for item in orgs:
        put("publisher", _clean(item.get("name")), "json-ld")
    publisher = found.get("publisher")

    # title: the visible headline when structured data agrees with it, else structured data
    site = publisher.casefold() if publisher else None
    h1s = [
        t
        for t in (_text(h) for h in root.iterfind(".//h1") if not _elsewhere(h, headline=True))
        if t and t.casefold() != site  # the site's name set as a heading is its logo
    ]
    ld_title = next((_clean(i.get("headline")) for i in articles if _clean(i.get("headline"))), None)
    og_title = first_meta("og:title", "twitter:title")
    page_title_el = root.find(".//title")
    page_title = _text(page_title_el) if page_title_el is not None else None
    stated = [t.casefold() for t in (ld_title, og_title, page_title) if t]
    for h1 in h1s:
        if any(h1.casefold() in t or t in h1.casefold() for t in stated):
            put("title", h1, "meta" if not ld_title else "json-ld")
            break
    put("title", ld_title, "json-ld")
    if og_title:
        put("title", _title_from_page_title(og_title, publisher), "opengraph")
    if len(h1s) == 1:
        put("title", h1s[0], "text")
    if page_title:
        put("title", _title_from_page_title(page_title, publisher), "meta")

    # authors
    # JSON-LD authors, each article's as (names a person?, every name it gives). An
    # organisation alone waits for the page's own byline: if the page names a person,
    # the organisation is its publisher; if not, it is the author (a company blog).
    ld_authors = [
        (
            bool(_ld_names(item.get("author"), ids)),
            tuple(dict.fromkeys(n for n in (_person(x, None) for x in _ld_names(item.get("author"), ids, False)) if n)),
        )
        for item in articles
    ]
    for has_person, given in ld_authors:
        if has_person:
            put("authors", given, "json-ld")
    for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
        for value in metas.get(key, []):
            name = _person(value, publisher)
            put("authors", (name,) if name else None, "opengraph" if key.startswith("article:") else "meta")
    # Twitter's card label pairs: "twitter:label1" = "Written by", "twitter:data1" = the name
    for n in "1234":
        if (first_meta(f"twitter:label{n}") or "").casefold() == "written by":
            name = _person(first_meta(f"twitter:data{n}"), publisher)
            put("authors", (name,) if name else None, "meta")
    wrappers = _wrappers(root)
    marked = _marked(root)
    for el in _itemprops(marked, "author", wrappers):
        name_el = el.find(".//*[@itemprop='name']")
        name = _person(_text(name_el if name_el is not None else el), publisher)
        put("authors", (name,) if name else None, "meta")
    for el in root.iterfind(".//a[@rel='author']"):
        if not _elsewhere(el, wrappers):
            name = _person(_text(el), publisher)
            put("authors", (name,) if name else None, "byline")
    if "authors" not in found:
        put("authors", _visible_byline(root, publisher, wrappers), "byline")
    if "authors" not in found:
        put("authors", _first_poster(root, wrappers), "byline")
    for _, given in ld_authors:
        put("authors", given, "json-ld")

    # dates
    for item in articles:
        put("published", _date(_clean(item.get("datePublished")) or _clean(item.get("dateCreated"))), "json-ld")
        put("modified", _date(_clean(item.get("dateModified"))), "json-ld")
    put("published", _date(first_meta("article:published_time", "og:published_time")), "opengraph")
    put(
        "published",
        _date(
            first_meta("datepublished", "publishdate", "pubdate", "date", "dc.date", "dc.date.issued", "sailthru.date")
        ),
        "meta",
    )
    put("modified", _date(first_meta("article:modified_time", "og:updated_time", "datemodified")), "opengraph")
    for el in _itemprops(marked, "datePublished", wrappers):
        put("published", _date(el.get("content") or el.get("datetime") or _text(el)), "meta")
    for el in _itemprops(marked, "dateModified", wrappers):
        put("modified", _date(el.get("content") or el.get("datetime") or _text(el)), "meta")
    for el in root.iterfind(".//time"):
        if _elsewhere(el, wrappers):
            continue
        # hAtom (WordPress themes): <time class="entry-date published"> and <time class="updated">
        when = _date(el.get("datetime") or _text(el))
        if _UPDATED_CLASS.intersection((el.get("class") or "").lower().split()):
            put("modified", when, "byline")
        elif "published" not in found:
            put("published", when, "byline")
    if "published" not in found:
        put("published", _visible_date(root), "text")
    put("published", url_date(url), "url")
    if found.get("published") and found.get("modified") and found["published"] > found["modified"]:
        declared = sources["published"] in ("json-ld", "opengraph", "meta")
        if declared and _days_between(found["modified"], found["published"]) <= 31:
            # the page states both, days apart: its "modified" is the stale one (a draft's)
            del found["modified"], sources["modified"]
        else:
            # a "published" read after the page's own last change is a misread (often a comment's date)
            del found["published"], sources["published"]

    # the rest
    canonical = root.find(".//link[@rel='canonical']")
    href = _clean(canonical.get("href")) if canonical is not None else None
    put("url", _absolute(href, url), "meta")
    put("url", _absolute(first_meta("og:url"), url), "opengraph")
    for item in articles:
        put("description", _clean(item.get("description")), "json-ld")
    put("description", first_meta("description"), "meta")
    put("description", first_meta("og:description", "twitter:description"), "opengraph")
    put("image", _absolute(first_meta("og:image", "og:image:url", "twitter:image"), url), "opengraph")
    for item in articles:
        put("image", _absolute(_ld_image(item.get("image")), url), "json-ld")
    tags: list[str] = list(metas.get("article:tag", []))
    tag_source = "opengraph" if tags else "meta"
    for item in articles:
        kw = item.get("keywords")
        if kw and not tags:
            tags = [k for k in (kw if isinstance(kw, list) else str(kw).split(",")) if isinstance(k, str)]
            tag_source = "json-ld"
    if not tags and metas.get("keywords"):
        tags = metas["keywords"][0].split(",")
    if not tags:
        # rel="tag" links (microformats; WordPress's entry footer), not a sidebar's tag cloud
        tags = [
            _text(a) or ""
            for a in root.xpath(".//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]")
            if not _elsewhere(a, wrappers)
        ]
        tag_source = "text"
    put("tags", tuple(dict.fromkeys(t for t in (_clean(x) for x in tags) if t))[:30], tag_source)
    html_lang = _clean(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    lang_match = _LANG.match(html_lang or "")
    put("language", lang_match.group(1).lower() if lang_match else None, "meta")
    return HtmlMeta(
        title=found.get("title"),
        authors=found.get("authors", ()),
        published=found.get("published"),
        modified=found.get("modified"),
        publisher=found.get("publisher"),
        url=found.get("url"),
        language=found.get("language"),
        description=found.get("description"),
        tags=found.get("tags", ()),
        image=found.get("image"),
        sources=sources,
        declares_article=any(_DECLARED_ARTICLE.search(_types(i)) for i in ld)
        or (first_meta("og:type") or "").strip().lower() == "article",
    )


_BYLINE_WORDS = frozenset({"byline", "bylines", "writer", "writers", "postedby"})
_UPDATED_CLASS = frozenset({"updated", "modified", "date-modified", "entry-modified", "updated-date"})
_NOT_BYLINE_CLASS = re.compile(r"bio|about|avatar|box|description|img|image|photo", re.I)
# the words that open a byline, and what ends the name in it: a separator, a date, "on",
# "updated" or a month ("By Jane Doe | March 3", "By Jane Doe June 3, 2024", "by jd » Tue")
_BY_WORDS = r"(?:(?:written|posted|words|text|story|article|reporting)\s+by|by|von|par|por|di|door|authors?:)"
_AFTER_NAME = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december|mon|tue|wed|thu|fri|sat|sun|last|at"
)
_BYLINE_TEXT = re.compile(
    rf"^\s*{_BY_WORDS}\s*:?\s+(?P<name>[^|•·⋅»,\n]{{2,60}}?)"
    rf"(?:\s*(?:[|•·⋅»,\n]|\s[-–—]\s|\b(?:on|updated|published|{_AFTER_NAME})\b|\d).*)?$",
    re.I | re.S,
)
_BY_LABEL = re.compile(rf"{_BY_WORDS}\s*:?|author:?", re.I)
_BY_END = re.compile(r"^\w+\s+by:?$", re.I)  # "Post by", "Guide by": a label ending in "by"
# Words before a "by" that make it no byline: a list sorted or filtered "by Relevance",
# a footer "Powered by", "Hosted by", "Design by", a shop's "Sold by" (in the languages
# of the by-words: "Trier par", "Ordenar por", "Entwickelt von")
_NOT_BY = frozenset(
    """sort sorted filter filtered shop browse search order ordered group grouped view
    powered provided hosted design designed developed built theme website site sold
    fulfilled shipped managed operated maintained
    trier triés filtrer propulsé conçu développé hébergé réalisé vendu
    ordenar ordenado filtrar buscar desarrollado diseñado alojado vendido impulsado
    entwickelt bereitgestellt gehostet betrieben verkauft""".split()
)
# lower-case words a name may hold ("Ludwig van Beethoven", "the Lavazza Team"), and the
# words that join names in a byline ("Jane Doe with John Roe"), which never start one
_JOINERS = frozenset({"and", "with", "&", "team", "staff", "editors", "desk"})
_PARTICLES = _JOINERS | frozenset("van von der den de da di du la le del dos bin al the".split())


def _visible_byline(
    root: etree._Element, publisher: str | None, wrappers: frozenset[etree._Element]
) -> tuple[str, ...] | None:
    """The name in the page's visible byline: an author/byline element, or a "By Name" line.

    Only the first candidate in page order counts, and never one in a comment section,
    a sidebar or a footer: the article's byline comes before them.

    Every element of the page is asked, so the cheap questions come first: the class
    verdict once per distinct class and id (pages repeat them); the text taken whole in
    C (`text_content()` is `"".join(itertext())`) to see that it is too long
    (`_longer_than`) or, without a byline class, holds no byline word (`_BY_SCREEN`);
    and only then its pieces, for the name.
    """
    by_classes: dict[tuple[str | None, str | None], bool] = {}
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in _NOT_BYLINE_TAGS:
            continue
        key = (el.get("class"), el.get("id"))
        by_class = by_classes.get(key)
        if by_class is None:
            by_class = by_classes[key] = _byline_class(_words(el)) and not _NOT_BYLINE_CLASS.search(
                f"{key[0] or ''} {key[1] or ''}"
            )
        if not by_class and tag not in _BYLINE_TAGS:
            continue
        whole = el.text_content()
        if _longer_than(whole, _BYLINE_CHARS):
            box = _box_name(el, whole) if by_class else None
            if box and not _elsewhere(el, wrappers) and (person := _person(box, publisher)):
                return (person,)
            continue
        # `_clean` only collapses spaces when there is no entity to unescape, and neither
        # collapsing spaces nor the spaces joining the pieces can make a byline word
        if not by_class and "&" not in whole and not _has_by_word(whole):
            continue
        parts = list(el.itertext())
        joined = " ".join(parts)
        text = _clean(joined)
        if not text or len(text) > _BYLINE_CHARS:
            continue
        if not by_class and not (_has_by_word(joined) or _has_by_word(text)):
            continue
        name = _byline_name(parts, text, by_class)
        if name is None or _elsewhere(el, wrappers):
            continue
        person = _person(name, publisher)
        if person:
            return (person,)
    return None


# class words of a forum post's author ("username", vBulletin's "bigusername", "postauthor")
_POSTER_WORDS = frozenset({"username", "bigusername", "postauthor"})
# the elements whose class holds one of them ("ipsUsername" too): a walk in C, 0.7 ms on
# the average page (lower-casing the class in XPath, with translate(), took 4.3 ms)
_POSTER_XPATH = etree.XPath(
    "//@class[contains(., 'sername') or contains(., 'ostauthor') or contains(., 'ostAuthor')]/.."
)
_POSTER_NAME = re.compile(r"[^\W_][\w.'’ -]{0,38}[\w.]")


def _first_poster(root: etree._Element, wrappers: frozenset[etree._Element]) -> tuple[str, ...] | None:
    """The user name of a thread's first post: the first element with a user-name class
    ("felixen", "paulb203"). A forum has no byline; its first poster is its author."""
    # XPath narrows the walk in C to classes holding one of the words; `_words` then asks for the whole word
    for el in _POSTER_XPATH(root):
        if el.tag in _NOT_BYLINE_TAGS or _POSTER_WORDS.isdisjoint(_words(el)):
            continue
        text = _text(el)
        if not text or not _POSTER_NAME.fullmatch(text) or len(text.split()) > 3 or _BAD_AUTHOR.search(text):
            continue
        if _elsewhere(el, wrappers):
            continue
        return (text,)
    return None


_BYLINE_CHARS = 120
_NOT_BYLINE_TAGS = frozenset({"script", "style", "meta", "link", "head", "img"})
# read for "By Name" without a byline class (an author box's heading: "<h3>Written by ...")
_BYLINE_TAGS = frozenset({"p", "span", "div", "address", "h3", "h4", "h5", "h6", "li"})
# Without a byline class, `_byline_name` finds a name only after a label of `_BY_LABEL`,
# `_BY_END` or `_BYLINE_TEXT`, and each holds one of these (matched with the same flags)
_BY_SCREEN = re.compile(r"by|von|par|por|di|door|author", re.I)
_BY_NEEDLES = ("by", "von", "par", "por", "di", "door", "author")


def _has_by_word(text: str) -> bool:
    """`_BY_SCREEN.search(text)`, for ASCII text by plain substring tests (ignoring case
    there is lower-casing: beyond ASCII, "İ" and "ı" match "i" too, so the pattern asks)."""
    if text.isascii():
        low = text.lower()
        return any(needle in low for needle in _BY_NEEDLES)
    return _BY_SCREEN.search(text) is not None


def _longer_than(whole: str, limit: int) -> bool:
    """True when `_clean(whole)` (an element's text pieces, joined) is surely longer than
    `limit`: more than `limit` non-space characters before any "&". `_clean` unescapes
    entities, which can shorten what follows an "&", but leaves every other character,
    and every non-space character stays when spaces are collapsed (or pieces joined by
    spaces). When False, the caller measures the cleaned text.

    Counted on as little of the text as it takes: a string no longer than `limit` has
    no more, and a head that has more says so for the whole.
    """
    amp = whole.find("&")
    text = whole[:amp] if amp >= 0 else whole
    if len(text) <= limit:
        return False
    window = 4 * limit
    if sum(map(len, text[:window].split())) > limit:
        return True
    return len(text) > window and sum(map(len, text.split())) > limit


def _box_name(el: etree._Element, whole: str) -> str | None:
    """The name an author box opens with, its bio under it ("Lauren Vetter" / "Lauren
    Vetter is a growth-focused marketer ..."): a full name, said again in the bio."""
    first = next((t for t in (_SPACE.sub(" ", x).strip() for x in el.itertext()) if t), None)
    if first and " " in first and _name_like(first) and first in whole[len(first) :]:
        return first
    return None


def _one_piece(el: etree._Element) -> bool:
    """True when the element's text is one piece (not a name run into a rank or a date)."""
    parts = [t for t in (x.strip() for x in el.itertext()) if t]
    return len(parts) == 1


def _byline_class(words: set[str]) -> bool:
    """Class words of a byline: "author", "post-author", "authorName", "byline", "posted-by"
    (not "authorized-dealer")."""
    return (
        any(w.startswith("author") and not w.startswith("authori") for w in words)
        or not words.isdisjoint(_BYLINE_WORDS)
        or {"posted", "by"} <= words
    )


def _byline_name(parts: list[str], text: str, by_class: bool) -> str | None:
    """The name a byline element gives, read piece by piece (`parts`: its `itertext()`,
    `text` the whole cleaned): in "By <a>Jane Doe</a> <span>Staff Writer</span>" the name
    is the piece after the label, not the rank."""
    pieces = [t for t in (_SPACE.sub(" ", x).strip() for x in parts) if t]
    for k in range(min(3, len(pieces) - 1)):  # "By" | "Jane Doe", "Guide" | "by" | "Jane Doe", "Post by" | "jd"
        if _BY_LABEL.fullmatch(pieces[k]) or _BY_END.search(pieces[k]):
            words = re.findall(r"\w+", f"{pieces[k - 1] if k else ''} {pieces[k]}".casefold())
            if len(words) > 1 and words[-2] in _NOT_BY:  # the word before the "by"
                return None
            name = pieces[k + 1]
            return name if _name_like(name) or " " not in name else None  # or a user name
    m = _BYLINE_TEXT.match(pieces[0] if len(pieces) > 1 else text)
    if m:
        name = m.group("name").strip()
        # a sentence that starts with "By" ("By clicking ...") names no one
        return name if _name_like(name) or (" " not in name and len(text) <= 40) else None
    if by_class and len(text) <= 60:
        if len(pieces) == 1 and text[:1].isalpha():
            return text  # the element is the name ("Jane Doe", "galitsyn", "the Lavazza Team")
        return _name_like(pieces[0])
    return None


def _name_like(text: str) -> str | None:
    """The text when it reads as a person's name: a few capitalised words, no digits."""
    words = text.split()
    ok = 1 <= len(words) <= 5 and words[0].casefold() not in _JOINERS
    ok = ok and all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words)
    ok = ok and any(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in text)
    return text if ok else None


def _visible_date(root: etree._Element) -> str | None:
    """The page's date as htmldate finds it in the markup and text (its original-date search).

    htmldate (a trafilatura dependency) knows many more date markups than the fields
    read above; it is the last resort before the URL. `page_date` runs its search for
    a fraction of its cost, with the same answer.
    """
    import logging

    from .page_date import find_original_date

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        # htmldate copies a tree it is given before it prunes it (tested): no copy of ours
        found = find_original_date(root)
    except Exception:  # a third-party parser on hostile input: the field stays empty
        return None
    iso = _date(found) if isinstance(found, str) else None
    # a bare year (a copyright line) comes back as January 1st: that is not a date we know
    return None if iso is None or iso.endswith("-01-01") else iso


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    full = urljoin(base, href) if base else href
    return full if urlsplit(full).scheme in ("http", "https") else None
