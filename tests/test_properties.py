"""Invariants of `clean_page` over any input, checked with Hypothesis.

- it returns an Article or raises a CleanError subclass, nothing else;
- it is deterministic;
- it is idempotent: cleaning its output again removes nothing;
- it invents no words: every word of the output is in the (normalised) input;
- its text is tidy: no triple line breaks, no outer whitespace, no zero-width characters.

`derandomize=True` makes every run try the same examples, so a failure is reproducible and
CI does not flake; the example counts keep the whole file to a few seconds.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clean import Article, CleanError, clean_page
from clean.normalize import decode, normalize_text

_WORD = re.compile(r"\w+")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069]")
_LANGUAGE = re.compile(r"[a-z]{2}")


def _settings(n: int) -> settings:
    return settings(
        derandomize=True,
        deadline=None,
        max_examples=n,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies -----------------------------------------------------------------------

# fmt: off
SENTENCES = [
    # en, de, fr, es article prose
    "The city council voted on Tuesday to approve a new footbridge over the river Wend.",
    "Residents on both banks had campaigned for the crossing since the old ferry stopped running.",
    "The bridge will cost 4.2 million euros and should open in the spring of 2026, she said.",
    "Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke über den Fluss zu bauen.",
    "Die Kosten liegen bei vier Millionen Euro, sagte die Sprecherin der Stadt am Abend.",
    "Le conseil municipal a approuvé mardi la construction d'un nouveau pont sur la rivière.",
    "Les habitants réclamaient depuis longtemps un passage entre les deux rives, dit le maire.",
    "El ayuntamiento aprobó el martes la construcción de un nuevo puente sobre el río.",
    "Los vecinos llevaban años pidiendo una conexión entre las dos orillas, según la alcaldesa.",
    # chrome, metadata and captions
    "Share", "Menu", "Home | News | Sport | Weather", "Home » World » Europe", "Read more",
    "We use cookies to improve your experience. Accept all cookies", "Subscribe to our newsletter",
    "Comments (3)", "Leave a Reply", "Related articles", "Lesen Sie auch", "À lire aussi",
    "Noticias relacionadas", "Anzeige", "Publicité", "© 2024 Example News. All rights reserved.",
    "By Maria Lopez", "Von Hans Müller", "Par Marie Dupont", "Por Juan Pérez",
    "Friday, November 1, 2024", "1. November 2024", "1er novembre 2024", "21 de febrero de 2024",
    "Source: Reuters", "Quelle: dpa", "Photo: Jane Doe",
    "ships. Photo credits: Ryre ArciagaCalling Japan a partner, the minister said on Monday.",
    "Soldiers at the border. Foto: Maria Navarro Die Regierung hat am Montag Hilfe zugesagt.",
    "Council approves new bridge over the Wend",
    "donâ€™t stop", "zero\u200bwidth", "no\u00a0break", "cafe\u0301",
]
# fmt: on
_PREFIX = st.sampled_from(["", "", "", "", "- ", "* ", "• ", "  ", "\t", "    "])
_LINE = st.tuples(_PREFIX, st.sampled_from(SENTENCES)).map("".join)
_GAP = st.sampled_from(["\n", "\n", "\n\n", "\n\n\n", "\r\n", " \n"])

# pages built from lines of prose and chrome, separated in the ways dumps separate them
PAGES = st.lists(st.tuples(_LINE, _GAP), max_size=30).map(lambda parts: "".join(line + gap for line, gap in parts))
# prose paragraphs drawn with repetition: exact copies and repeated runs (dedupe)
REPEATS = st.lists(st.sampled_from(SENTENCES[:9]), min_size=1, max_size=6).flatmap(
    lambda ps: st.lists(st.sampled_from(ps), max_size=15).map("\n\n".join)
)
WORDS = st.lists(
    st.sampled_from(
        "the council voted Tuesday bridge river Share Home News cookies newsletter comments By "
        "Photo: credits © 2024 Der Stadtrat Le conseil El ayuntamiento | » - * . , : ! ? Read "
        "more Related 1 12 November McDonald The ArciagaCalling Source Menu Next".split()
    ),
    min_size=1,
    max_size=25,
).map(" ".join)
WORD_PAGES = st.lists(st.tuples(_PREFIX, WORDS, _GAP), max_size=30).map(
    lambda parts: "".join(p + w + g for p, w, g in parts)
)
# any text at all, with every code point (surrogates too: a str may hold them)
ANY_TEXT = st.text() | st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
# lines of letters, spaces and lone surrogates (from a lossy decoder), among prose
_ODD_LINE = st.text(st.characters(codec=None, categories=["Cs", "Ll", "Lu", "Zs", "Po"]), min_size=1, max_size=60)
ODD_PAGES = st.lists(_ODD_LINE | _LINE, min_size=1, max_size=12).map("\n\n".join)
# paragraphs of made-up words: no language at all
GIBBERISH = st.lists(st.text("bcdfghjklmnpqrstvwxz", min_size=3, max_size=8), min_size=8, max_size=40).map(
    lambda words: " ".join(words) + "."
)
NONSENSE_PAGES = st.lists(GIBBERISH, min_size=1, max_size=4).map("\n\n".join)
TEXTS = PAGES | REPEATS | WORD_PAGES | ANY_TEXT | ODD_PAGES | NONSENSE_PAGES

# fmt: off
_TAGS = [
    "<p>", "</p>", "<div>", "</div>", "<br>", "<li>", "<h1>", "</h1>", "<script>x()</script>",
    "<title>T</title>", "<!doctype html>", "<html>", "<body>", "&amp;", "&nbsp;", "&#8217;",
    "<a href='/'>Home</a>", "<nav>Menu</nav>", "<!-- c -->", "&#0;", "<![CDATA[x]]>",
]
# pieces of mojibake, and the invisibles and spaces that make ftfy read it differently
_MOJIBAKE_PIECES = [
    "Â", "Ã", "â€™", "Ã©", "â€œ", "Ã\u00a0", "€", "\u00a0", "\u200b", "\t", " ", "\n",
    "e", "\u0301", "é", "\x9d", "\ud800",
]
# fmt: on
_TAG = st.sampled_from(_TAGS)
HTML = st.lists(_TAG | st.sampled_from(SENTENCES), max_size=30).map("".join)
BYTES = (
    st.binary(max_size=300)
    | PAGES.map(lambda t: t.encode("utf-8"))
    | PAGES.map(lambda t: t.encode("utf-16"))
    | PAGES.map(lambda t: t.encode("cp1252", "replace"))
    | HTML.map(lambda t: t.encode("utf-8", "surrogatepass"))
)


# --- helpers --------------------------------------------------------------------------


def clean_or_none(raw: str | bytes, **kwargs: object) -> Article | None:
    """The article, or None for a CleanError; anything else propagates and fails the test."""
    try:
        article = clean_page(raw, **kwargs)  # type: ignore[arg-type]
    except CleanError:
        return None
    assert isinstance(article, Article)
    return article


def assert_tidy(article: Article) -> None:
    text = article.text
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert not _ZERO_WIDTH.search(text), ascii(text)
    assert article.language is None or _LANGUAGE.fullmatch(article.language)
    assert article.word_count == len(text.split())
    for paragraph in article.paragraphs:
        assert paragraph == paragraph.strip() and paragraph


def assert_idempotent(article: Article) -> None:
    again = clean_page(article.text, kind="text", explain=True)
    assert again.removed == (), (article.text, again.removed)


def tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def assert_no_invented_words(raw: str, article: Article) -> None:
    """Every word of the output is a word of the normalised input.

    The one exception by design: `captions.unglue` cuts words the dump glued together
    ("ArciagaCalling" -> "Arciaga" | "Calling"), so such a piece only has to be part of
    one input word.
    """
    source = tokens(normalize_text(raw))
    for word in tokens(article.text) - source:
        assert any(word in s for s in source), (word, raw)


# --- properties -----------------------------------------------------------------------


# Examples that once broke a property, tried on every run before the generated ones.
LONE_SURROGATE = "Hello \ud800 world, the council voted on Tuesday to approve a new footbridge."
NONSENSE = "qwrtzp xkcdv bnmlk jhgfd qwrtzp xkcdv bnmlk jhgfd qwrtzp xkcdv bnmlk jhgfd."
MOJIBAKE_NBSP = "The mayor said\u00a0â€œyesâ€\x9d to the new footbridge over the river on Tuesday."


@_settings(300)
@given(TEXTS)
@example(LONE_SURROGATE)
@example("\udcff")
def test_text_returns_an_article_or_a_clean_error(raw: str) -> None:
    for kind in ("auto", "text", "html"):
        clean_or_none(raw, kind=kind)


@_settings(200)
@given(BYTES)
def test_bytes_return_an_article_or_a_clean_error(raw: bytes) -> None:
    article = clean_or_none(raw)
    if article is not None:
        assert_tidy(article)
        assert_idempotent(article)


@_settings(150)
@given(TEXTS, st.sampled_from(["auto", "text", "html"]))
def test_deterministic(raw: str, kind: str) -> None:
    first = clean_or_none(raw, kind=kind, explain=True)
    second = clean_or_none(raw, kind=kind, explain=True)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.to_dict() == second.to_dict()


@_settings(300)
@given(TEXTS)
def test_idempotent_text(raw: str) -> None:
    article = clean_or_none(raw, kind="text")
    if article is not None:
        assert_idempotent(article)


@_settings(150)
@given(HTML | TEXTS)
def test_idempotent_auto_and_html(raw: str) -> None:
    for kind in ("auto", "html"):
        article = clean_or_none(raw, kind=kind)
        if article is not None:
            assert_idempotent(article)


@_settings(300)
@given(TEXTS)
@example(MOJIBAKE_NBSP)
@example(MOJIBAKE_NBSP.replace("\u00a0", "\u200b"))
def test_re_cleaning_gives_the_same_text(raw: str) -> None:
    article = clean_or_none(raw, kind="text")
    if article is not None:
        assert clean_page(article.text, kind="text").text == article.text


@_settings(300)
@given(TEXTS)
def test_no_invented_words(raw: str) -> None:
    article = clean_or_none(raw, kind="text")
    if article is not None:
        assert_no_invented_words(raw, article)


def test_words_cut_from_a_glued_word_are_its_pieces() -> None:
    """Why `assert_no_invented_words` allows pieces of input words: unglued captions."""
    prose = (
        "The city council voted on Tuesday to approve a new footbridge over the river, ending a "
        "decade of debate about how to link the two halves of the old town."
    )
    raw = (
        f"{prose}\n\nThe navy sent two ships. Photo credits: Ryre ArciagaCalling Japan a close "
        "partner, the minister said on Monday that the two countries would hold joint exercises "
        f"next year in the Pacific.\n\n{prose}"
    )
    article = clean_page(raw, kind="text")
    assert "Calling Japan a close partner" in article.text
    assert tokens(article.text) - tokens(normalize_text(raw)) == {"calling"}  # from "arciagacalling"
    assert_no_invented_words(raw, article)


@_settings(300)
@given(TEXTS | HTML)
@example(NONSENSE)
@example(LONE_SURROGATE)
def test_output_is_tidy(raw: str) -> None:
    for kind in ("auto", "text"):
        article = clean_or_none(raw, kind=kind)
        if article is not None:
            assert_tidy(article)


@_settings(150)
@given(TEXTS)
def test_explain_accounts_for_the_removed_text(raw: str) -> None:
    article = clean_or_none(raw, kind="text", explain=True)
    if article is None:
        return
    plain = clean_page(raw, kind="text")
    assert plain.text == article.text and plain.removed is None
    assert article.removed is not None
    n = len(article.paragraphs)
    for removal in article.removed:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", removal.rule), removal.rule
        assert removal.text
        assert 0 <= removal.at <= n
    assert [r.at for r in article.removed] == sorted(r.at for r in article.removed)


@_settings(500)
@given(ANY_TEXT | st.lists(st.sampled_from(_MOJIBAKE_PIECES), max_size=30).map("".join))
def test_normalize_text_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    indented = normalize_text(raw, keep_indent=True)
    assert normalize_text(indented, keep_indent=True) == indented
    assert [line.lstrip(" ") for line in indented.split("\n")] == once.split("\n")


# --- bytes and the time budget ----------------------------------------------------------

_WARM_UP_PAGES = (
    b"<a href='/'>Home</a><h1>\xc2\xa9 2024 Example News. All rights reserved.1. November 2024<h1>",
    "<p>Le 3 mars 2023, la ville a voté.</p><p>Am 5. Mai 2021 wurde beschlossen.</p>".encode(),
)


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """The first HTML pages with a date in their text pay a one-time set-up in the process
    (htmldate's date parser compiles its locale patterns: seconds on a loaded machine), as
    a crawl's worker does once. The timed properties measure pages, not that set-up."""
    for page in _WARM_UP_PAGES:
        clean_page(page, kind="html")


@_settings(150)
@given(BYTES | st.binary(max_size=2000), st.sampled_from(["auto", "text", "html"]))
def test_any_bytes_give_an_article_or_a_clean_error_within_the_budget(raw: bytes, kind: str) -> None:
    budget = 5.0
    start = time.monotonic()
    first = clean_or_none(raw, kind=kind, timeout=budget)
    # the budget is checked between stages: allow one stage past it (a small page's stage is ms)
    assert time.monotonic() - start < budget + 1.0
    second = clean_or_none(raw, kind=kind, timeout=budget)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.to_dict() == second.to_dict()
        assert_tidy(first)
        assert_idempotent(first)


@_settings(100)
@given(BYTES | TEXTS)
def test_an_exhausted_budget_always_raises_a_clean_error(raw: str | bytes) -> None:
    try:
        clean_page(raw, timeout=1e-9)
    except CleanError as exc:
        assert exc.reason in {"timeout", "undecodable", "too-large"}
    else:
        raise AssertionError("a page cleaned with no time left")


@_settings(150)
@given(BYTES)
def test_no_invented_words_from_bytes(raw: bytes) -> None:
    article = clean_or_none(raw, kind="text")
    if article is not None:
        decoded = decode(raw)
        assert_no_invented_words(decoded, article)
