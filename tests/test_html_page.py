"""HTML mode end to end: structure kept, every removal named, odd pages never crash."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from clean import CleanError, clean_page
from clean.dom import dom_blocks, parse_html
from clean.html_extract import Bars, Judged, judge_blocks, judge_scored, load_bars
from clean.html_page import render_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE_HTML = """<!doctype html><html lang="en"><head><title>Bridge approved | Courier</title>
<meta property="og:site_name" content="Courier"></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Bridge approved</h1>
<p>The city council voted on Tuesday to approve a new footbridge over the river Wend, ending a decade of debate.</p>
<p>The bridge will cost 4.2 million euros and should open in the spring of 2026, the council said after the vote.</p>
<div hidden><p>Subscribe now for unlimited access to every story we publish this year.</p></div>
<p>Residents on both banks had campaigned for a crossing since the old ferry stopped running in 2014.</p>
<p>Share this article</p>
</article><footer><p>© 2024 Courier. All rights reserved.</p></footer></body></html>"""


def judged(html: str) -> list[Judged]:
    root = parse_html(html)
    assert root is not None
    return [Judged(b, None) for b in dom_blocks(root)]


def test_markdown_keeps_headings_lists_quotes_and_code() -> None:
    html = (
        "<body><h2>Steps</h2><ul><li>One</li><li>Two</li></ul><blockquote><p>Quoted.</p></blockquote>"
        "<pre>x = 1</pre><table><tr><td>a</td><td>b</td></tr></table></body>"
    )
    text, markdown, removed = render_blocks(judged(html), explain=True)
    # plain paragraphs in the text (the text path reads "- " runs and "a | b" rows as menus),
    # markup in the Markdown
    assert text.split("\n\n") == ["Steps", "One", "Two", "Quoted.", "x = 1", "a; b"]
    assert markdown.split("\n\n") == ["## Steps", "- One", "- Two", "> Quoted.", "```\nx = 1\n```", "a | b"]
    assert removed == ()


def test_a_code_block_is_one_paragraph_of_text_and_a_fenced_block_of_markdown() -> None:
    # the text path reads a code line alone as chrome: in plain text the block is one paragraph
    html = "<body><p>Run it:</p><pre>x = 1\n    print(x)\n\nexit()</pre></body>"
    text, markdown, _ = render_blocks(judged(html), explain=False)
    assert text.split("\n\n") == ["Run it:", "x = 1 print(x) exit()"]
    assert markdown.split("\n\n", 1) == ["Run it:", "```\nx = 1\n    print(x)\n\nexit()\n```"]


def test_a_table_of_options_survives_the_text_path() -> None:
    rows = "".join(
        f"<tr><td>{name}</td><td>integer</td><td>{default}</td><td>How many {what} to keep</td></tr>"
        for name, default, what in (
            ("max_age", "30", "days"),
            ("max_size", "512", "megabytes"),
            ("max_files", "0", "files"),
        )
    )
    html = (
        "<body><h1>Cache options</h1><p>The cache reads these options from the configuration file at start-up.</p>"
        f"<table><tr><th>Option</th><th>Type</th><th>Default</th><th>Description</th></tr>{rows}</table></body>"
    )
    root = parse_html(html)
    assert root is not None
    from clean.html_page import settle_as_text

    settled = settle_as_text([Judged(b, None) for b in dom_blocks(root)])
    assert [j.rule for j in settled if j.block.row] == [None] * 4
    text, markdown, _ = render_blocks(settled, explain=False)
    assert "max_age; integer; 30; How many days to keep" in text.split("\n\n")
    assert "max_age | integer | 30 | How many days to keep" in markdown.split("\n\n")


_RESPONSE = '{\n  "id": "ch_3MmlLr",\n  "object": "charge",\n  "amount": 1099,\n  "currency": "usd"\n}'


def test_the_same_code_in_two_tabs_survives_the_text_path_twice() -> None:
    html = (
        "<body><h1>Retrieve a charge</h1><p>Retrieves the details of a charge that has previously been created.</p>"
        f'<div class="tabs"><div role="tabpanel"><pre><code>{_RESPONSE}</code></pre></div>'
        f'<div role="tabpanel"><pre><code>{_RESPONSE}</code></pre></div></div>'
        "<h2>List all charges</h2><p>Returns a list of charges you have previously created, newest first.</p>"
        f"<pre><code>{_RESPONSE}</code></pre></body>"
    )
    root = parse_html(html)
    assert root is not None
    from clean.html_page import settle_as_text

    settled = settle_as_text([Judged(b, None) for b in dom_blocks(root)])
    assert [j.rule for j in settled if j.block.in_pre] == [None, None, None]


def test_a_python_session_is_not_a_breadcrumb_to_the_text_path() -> None:
    # its `>` and `/` split it into short parts, the shape of "Home > News > World"
    html = (
        "<body><p>Requests verifies SSL certificates for HTTPS requests, just like a web browser. You can "
        "pass verify the path to a CA_BUNDLE file or directory with certificates of trusted CAs.</p>"
        "<pre>&gt;&gt;&gt; requests.get('https://github.com', verify='/path/to/certfile')</pre>"
        "<p>If verify is set to a path to a directory, the directory must have been processed using the "
        "rehash utility supplied with OpenSSL, and the same is true of a session's verify.</p></body>"
    )
    root = parse_html(html)
    assert root is not None
    from clean.html_page import settle_as_text

    settled = settle_as_text([Judged(b, None) for b in dom_blocks(root)])
    assert [j.rule for j in settled] == [None, None, None]


def test_a_table_of_contents_goes_and_the_headings_it_names_stay() -> None:
    # as the same lines twice, the text path kept the entries (among short lines) and
    # dropped the headings as duplicates
    heads = (
        ("Describe your changes in the commit message", "Say what the patch fixes and why it is needed."),
        ("Select the recipients for your patch", "Send it to the maintainers of the code you touch."),
        ("Sign your work with the certificate of origin", "Add a Signed-off-by line with your real name."),
    )
    toc = "".join(f'<li><a href="#s{i}">{h}</a></li>' for i, (h, _) in enumerate(heads))
    body = "".join(
        f'<h2 id="s{i}">{h}</h2><p>{p} Maintainers give their reasons for this in the review, and newcomers '
        "often forget it when they send their first patch to the list.</p>"
        for i, (h, p) in enumerate(heads)
    )
    html = (
        "<html><head><title>Submitting patches</title></head><body><h1>Submitting patches</h1><p>This "
        "document explains how to get a change into the kernel, from the first draft to the merge.</p>"
        f"<ul>{toc}</ul>{body}</body></html>"
    )
    article = clean_page(html, kind="html", explain=True)
    paragraphs = article.text.split("\n\n")
    assert article.removed is not None
    for heading, _ in heads:
        assert paragraphs.count(heading) == 1
        assert ("menu", heading) in [(r.rule, r.text) for r in article.removed]


def test_removals_keep_their_place_and_name() -> None:
    blocks = judged("<body><p>Menu</p><p>Body text.</p><p>Footer</p></body>")
    marked = [Judged(blocks[0].block, "menu"), blocks[1], Judged(blocks[2].block, "footer")]
    text, _, removed = render_blocks(marked, explain=True)
    assert text == "Body text."
    assert [(r.rule, r.text, r.at) for r in removed] == [("menu", "Menu", 0), ("footer", "Footer", 1)]


def test_the_headline_leaves_the_text_as_title_even_when_the_model_keeps_it() -> None:
    from clean.html_page import _name_title

    blocks = judged("<body><h1>Bridge approved</h1><p>Body text.</p><h2>Bridge approved</h2></body>")
    named = _name_title(blocks, "Bridge Approved")
    assert [j.rule for j in named] == ["title", None, None]  # only the first heading: the headline
    assert _name_title(blocks, None) == blocks
    # a table of contents' own entry above the headline goes with it; a later copy stays
    toc = judged("<body><li>Bridge approved</li><h1>Bridge approved</h1><p>Body text.</p><p>Bridge approved</p></body>")
    assert [j.rule for j in _name_title(toc, "Bridge approved")] == ["title", "title", None, None]
    assert [j.rule for j in _name_title(toc, "Bridge approved", move=False)] == [None] * 4


def test_taking_the_headline_out_leaves_text_that_re_cleaning_keeps_whole() -> None:
    # the <h1> is the title; once it leaves the text, the line above it is the first line,
    # and the text path reads it as a headline: it must be settled before we return it
    html = """<html><head><title>Introduction</title></head><body>
<nav><a href="/">Home</a> <a href="/a">Chapters</a></nav>
<div class="sidebar"><p>Keyboard shortcuts</p><p>Press S or / to search in the book</p></div>
<main><p>From Zero to QED</p><h1>Introduction</h1>
<p>Welcome to From Zero to QED, an informal introduction to formality in Lean 4. This article series teaches
the language from first principles.</p>
<p>Lean is expressive but the learning resources remain scattered and incomplete. This series is a best effort
to fill that gap.</p>
<p>Each chapter builds on the last one, and every example can be run in the browser without installing
anything on your machine.</p></main></body></html>"""
    art = clean_page(html, kind="html")
    assert art.title == "Introduction" and art.text.startswith("Welcome to From Zero to QED")
    assert clean_page(art.text, kind="text", explain=True).removed == ()


def test_hidden_blocks_and_sure_rules_are_dropped_by_name_whatever_the_model_says() -> None:
    root = parse_html(ARTICLE_HTML)
    assert root is not None
    out = judge_blocks(dom_blocks(root))
    rules = {j.block.text: j.rule for j in out}
    assert rules["Subscribe now for unlimited access to every story we publish this year."] == "hidden"
    assert rules["Share this article"] == "share"


def test_article_page_keeps_the_body_and_names_every_removal() -> None:
    art = clean_page(ARTICLE_HTML, kind="html", explain=True, url="https://courier.example/a")
    assert art.kind == "html"
    assert "footbridge over the river Wend" in art.text
    assert "ferry stopped running in 2014" in art.text
    assert "Subscribe now" not in art.text and "Share this article" not in art.text
    assert art.removed is not None and all(r.rule for r in art.removed)
    assert art.title == "Bridge approved"
    assert art.publisher == "Courier"
    assert dict(art.meta_sources)["publisher"] == "opengraph"
    assert art.language == "en"


def test_to_markdown_puts_the_title_over_the_structured_body() -> None:
    art = clean_page(ARTICLE_HTML, kind="html")
    md = art.to_markdown()
    assert md.startswith("# Bridge approved\n\n")
    assert "footbridge" in md


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   ",
        b"<html>",
        b"<html><body><p>cut off in the mid",
        b"<frameset cols='50%,50%'><frame src='a.html'><frame src='b.html'></frameset>",
        b'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
        b"<body><p>XHTML page text.</p></body></html>",
        b'<!DOCTYPE x [<!ENTITY big "aaaaaaaaaa"><!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;&big;</p>',
        "<html><body><p>Caf\u00e9 cr\u00e8me</p></body></html>".encode("cp1252"),
        b"<html><body>" + b"<div>" * 5000 + b"deep" + b"</div>" * 5000 + b"</body></html>",
    ],
)
def test_odd_pages_give_an_article_or_a_typed_error(raw: bytes) -> None:
    try:
        art = clean_page(raw, kind="html", explain=True)
    except CleanError as exc:
        assert exc.reason
        return
    assert art.kind == "html"
    assert "/etc/passwd" not in art.text and "root:" not in art.text


def test_page_with_no_article_gives_empty_text() -> None:
    assert clean_page(b"", kind="html").text == ""


def test_declared_language_is_checked_against_the_text() -> None:
    html = (
        "<html lang='en'><body><article><p>Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke über den "
        "Fluss zu bauen. Die Bauarbeiten sollen im Herbst beginnen und zwei Jahre dauern.</p></article></body></html>"
    )
    art = clean_page(html, kind="html")
    if art.text:
        assert art.language == "de" and dict(art.meta_sources)["language"] == "text"


def test_a_page_that_hides_its_whole_body_is_read_as_shown_without_scripts() -> None:
    body = "".join(
        f"<p>Paragraph {i} of the article tells the reader one more thing about the new bridge.</p>" for i in range(6)
    )
    root = parse_html(f'<body><div style="display:none">{body}</div><p>Menu</p></body>')
    assert root is not None
    out = judge_blocks(dom_blocks(root))
    assert not any(j.rule == "hidden" for j in out)


def test_an_answer_in_a_collapsed_accordion_is_left_to_the_model_not_dropped_as_hidden() -> None:
    html = ARTICLE_HTML.replace(
        "<p>Share this article</p>",
        '<div class="faq-item"><h3>When will it open?</h3><div class="accordion-collapse" style="display:none">'
        "<p>The council expects the first walkers to cross the bridge in the spring of 2026.</p></div></div>",
    )
    root = parse_html(html)
    assert root is not None
    out = {j.block.text: j for j in judge_blocks(dom_blocks(root))}
    answer = out["The council expects the first walkers to cross the bridge in the spring of 2026."]
    assert answer.block.hidden and answer.block.collapsed and answer.rule != "hidden"
    assert out["Subscribe now for unlimited access to every story we publish this year."].rule == "hidden"


def test_mojibake_in_the_metadata_is_repaired_like_the_text() -> None:
    # a CMS that read its UTF-8 as cp1252 once: in the <title>, the byline meta and the body alike
    title = "Café owner’s lunch turns one"
    broken = title.encode().decode("cp1252")
    html = (
        f'<html lang="en"><head><title>{broken} | Journal</title><meta name="author" content="TomÃ¡s Gallagher">'
        f"</head><body><article><h1>{broken}</h1><p>Every weekday at noon, RenÃ©e Dubois opens the side door of "
        "her café and sets out a pot of soup, a tray of bread and a jar with no price.</p></article></body></html>"
    )
    article = clean_page(html, kind="html", explain=True)
    assert (article.title, article.authors) == (title, ("Tomás Gallagher",))
    assert "Renée Dubois" in article.text
    assert [(r.rule, r.text) for r in article.removed or () if r.text == title] == [("title", title)]


def test_boxes_around_a_framed_article_go_whatever_the_model_says() -> None:
    # the page frames its article in <main>: a box of related stories, the page's footer
    # prose and a sidebar outside it go, however much they read like the article
    story = "".join(
        f"<p>Paragraph {i} of the story says what the council decided about the bridge and why it matters.</p>"
        for i in range(4)
    )
    teaser = "The ferry company has asked the council for a new slipway on the north bank of the river."
    html = f"""<html><body><main><article><h1>Bridge approved</h1>{story}</article></main>
<section class="related-stories"><p>{teaser}</p></section>
<div class="sidebar"><p>The newsroom is open to readers every first Saturday of the month, from ten.</p></div>
<footer><p>The Courier has reported on the towns of the valley since 1871, from its office by the river.</p></footer>
</body></html>"""
    root = parse_html(html)
    assert root is not None
    rules = {j.block.text: j.rule for j in judge_blocks(dom_blocks(root))}
    assert rules[teaser] is not None
    assert rules["The newsroom is open to readers every first Saturday of the month, from ten."] is not None
    assert rules["The Courier has reported on the towns of the valley since 1871, from its office by the river."]
    assert all(rule is None for text, rule in rules.items() if text.startswith("Paragraph"))


def test_a_declared_article_keeps_no_more_than_the_same_page_undeclared() -> None:
    # the cutoff only rises on a page whose metadata says it is an article: on our HTML
    # cases it keeps a subset of the blocks, and somewhere a smaller one
    fewer = 0
    for path in sorted(FIXTURES.glob("*/input.html")):
        root = parse_html(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        blocks = dom_blocks(root)
        plain = [j.rule is None for j in judge_blocks(blocks)]
        declared = [j.rule is None for j in judge_blocks(blocks, article=True)]
        assert all(p or not d for p, d in zip(plain, declared, strict=True)), path.parent.name
        fewer += sum(declared) < sum(plain)
    assert fewer > 0


def test_a_sidebar_class_on_the_whole_page_is_its_layout_not_a_box_beside_the_article() -> None:
    # a theme marks the wrapper of everything "has-sidebar"; the framed <article> holds
    # only teasers, so a real sidebar would go whatever its score: the story must not
    story = "".join(
        f"<p>Paragraph {i} of the story says what the council decided about the bridge and why it matters.</p>"
        for i in range(4)
    )
    teaser = "<article><h3>Older story</h3><p>A teaser of another story about the ferry.</p></article>"
    html = f"""<html><body><div class="wrap has-sidebar"><h1>Bridge approved</h1>{story}
<div class="recent">{teaser * 2}</div></div></body></html>"""
    root = parse_html(html)
    assert root is not None
    rules = {j.block.text: j.rule for j in judge_blocks(dom_blocks(root))}
    assert all(rule is None for text, rule in rules.items() if text.startswith("Paragraph"))


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<html><body><p>The council approved the new footbridge on Tuesday.</p></body></html>", True),
        ("<html><body><p>Crème brûlée à la carte, señor.</p></body></html>", True),
        ("<body><h1>404</h1><footer><p>Shipping</p><p>Returns policy and contacts.</p></footer></body>", False),
    ],
)
def test_a_page_of_one_sentence_keeps_it_and_a_page_of_chrome_keeps_nothing(html: str, kept: bool) -> None:
    root = parse_html(html)
    assert root is not None
    assert any(j.rule is None for j in judge_blocks(dom_blocks(root))) is kept


STORY = "The council voted on Tuesday to approve a new footbridge over the river, ending years of debate."
NEUTRAL = Bars(cutoff=0.5, article=0.5, beside=0.5, chrome=0.5, frame_share=1.01, outside=0.5)


def judge_at(html: str, scores: dict[str, float], bars: Bars, *, article: bool = False) -> dict[str, str | None]:
    """Each block's verdict with the scores given by text (0.9 for the rest) and no named rules."""
    root = parse_html(html)
    assert root is not None
    blocks = dom_blocks(root)
    given = np.array([scores.get(b.text, 0.9) for b in blocks])
    return {j.block.text: j.rule for j in judge_scored(blocks, [None] * len(blocks), given, bars, article=article)}


@pytest.mark.parametrize(
    ("html", "doubted", "bar", "rule"),
    [
        # beside the article: an aside, a sidebar
        (
            f"<body><p>{STORY}</p><aside><p>A box beside the story.</p></aside></body>",
            "A box beside the story.",
            {"beside": 0.6},
            "sidebar",
        ),
        (
            f"<body><p>{STORY}</p><div class='rail'><p>A rail of teasers.</p></div></body>",
            "A rail of teasers.",
            {"beside": 0.6},
            "sidebar",
        ),
        # named chrome by its own markup
        (
            f"<body><p>{STORY}</p><div class='newsletter'><p>Sign up every morning.</p></div></body>",
            "Sign up every morning.",
            {"chrome": 0.6},
            "newsletter",
        ),
        # outside the <main> that holds most of what is kept
        (
            f"<body><main><p>{STORY}</p><p>{STORY[::-1]}</p></main><div><p>A line outside.</p></div></body>",
            "A line outside.",
            {"frame_share": 0.7, "outside": 0.6},
            "boilerplate",
        ),
    ],
)
def test_each_bar_drops_a_block_its_markup_places_that_scores_under_it(
    html: str, doubted: str, bar: dict[str, float], rule: str
) -> None:
    assert judge_at(html, {doubted: 0.55}, NEUTRAL)[doubted] is None
    assert judge_at(html, {doubted: 0.55}, replace(NEUTRAL, **bar))[doubted] == rule
    assert judge_at(html, {doubted: 0.65}, replace(NEUTRAL, **bar))[doubted] is None


def test_a_body_hidden_whole_outside_a_small_frame_is_weighed_by_the_model_not_by_the_frame() -> None:
    # the visible <main> holds the headline and a summary; the body, outside it, waits
    # for a script to show it: most of the page is hidden, so the model judges it
    body = "".join(f"<p>{STORY} Part {i}.</p>" for i in range(6))
    html = f"<body><main><p>{STORY}</p></main><div style='display:none'>{body}</div></body>"
    bars = replace(NEUTRAL, frame_share=0.6, outside=0.95)
    verdicts = judge_at(html, {}, bars)
    assert all(rule is None for rule in verdicts.values())


def test_the_article_bar_holds_only_on_a_page_declared_an_article() -> None:
    html = f"<body><p>{STORY}</p><p>A teaser of another story about the ferry.</p></body>"
    scores = {"A teaser of another story about the ferry.": 0.55}
    bars = replace(NEUTRAL, article=0.6)
    assert judge_at(html, scores, bars)["A teaser of another story about the ferry."] is None
    assert judge_at(html, scores, bars, article=True)["A teaser of another story about the ferry."] == "boilerplate"
    assert judge_at(html, scores, bars, article=True)[STORY] is None


def test_the_shipped_bars_are_the_fields_of_bars_and_scores() -> None:
    bars = load_bars()  # an unknown or a missing field in data/blocks-bars.json raises
    assert all(0 < v <= 1.01 for v in (bars.cutoff, bars.article, bars.beside, bars.chrome, bars.outside))
    assert 0 < bars.frame_share <= 1.01  # above 1: no page counts as framed
