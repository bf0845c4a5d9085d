"""toc.py: a list of links that names the page's own headings is its table of contents."""

from __future__ import annotations

from clean.dom import dom_blocks, parse_html
from clean.html_extract import Judged
from clean.toc import TOC_RULE, drop_contents

_SECTIONS = "".join(
    f"<h2>{name}</h2><p>What {name.lower()} means for the build cache, and how to use it in a project.</p>"
    for name in ("Turning the cache on", "Options", "Clearing the cache")
)


def rules(html: str) -> dict[str, list[str | None]]:
    root = parse_html(html)
    assert root is not None
    out: dict[str, list[str | None]] = {}
    for j in drop_contents([Judged(b, None) for b in dom_blocks(root)]):
        out.setdefault(j.block.text, []).append(j.rule)
    return out


def test_the_entries_go_and_the_headings_stay() -> None:
    toc = (
        '<ul><li><a href="#on">1. Turning the cache on</a></li><li><a href="#options">Options</a></li>'
        '<li><a href="#clear">Clearing the cache</a></li></ul>'
    )
    got = rules(f"<body><h1>Caching</h1>{toc}{_SECTIONS}</body>")
    assert got["1. Turning the cache on"] == [TOC_RULE]  # section numbers aside
    assert got["Options"] == [TOC_RULE, None]
    assert got["Clearing the cache"] == [TOC_RULE, None]
    assert got["Turning the cache on"] == [None]


def test_the_title_of_the_list_goes_with_it() -> None:
    toc = "".join(
        f'<li><a href="#{i}">{h}</a></li>'
        for i, h in enumerate(("Turning the cache on", "Options", "Clearing the cache"))
    )
    got = rules(f"<body><p>On this page:</p><ul>{toc}</ul>{_SECTIONS}<p>Contents</p></body>")
    assert got["On this page:"] == [TOC_RULE]
    assert got["Contents"] == [None]  # not above the list


def test_a_link_or_two_that_name_a_heading_stay() -> None:
    links = '<ul><li><a href="/u/1">Options</a></li><li><a href="/u/2">Clearing the cache</a></li></ul>'
    got = rules(f"<body>{links}{_SECTIONS}</body>")
    assert got["Options"] == [None, None]


def test_entries_that_are_not_links_stay() -> None:
    # a summary list in the text, not navigation
    items = "<ul><li>Turning the cache on</li><li>Options</li><li>Clearing the cache</li></ul>"
    got = rules(f"<body>{items}{_SECTIONS}</body>")
    assert got["Options"] == [None, None]


def test_blocks_already_dropped_keep_their_reason() -> None:
    root = parse_html('<body><nav><a href="#o">Options</a></nav><h2>Options</h2></body>')
    assert root is not None
    judged = [Judged(b, "menu" if b.tag != "h2" else None) for b in dom_blocks(root)]
    assert drop_contents(judged) == judged
