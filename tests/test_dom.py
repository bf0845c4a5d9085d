"""DOM blocks: one per paragraph-level element, with the markup evidence around it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from clean import dom
from clean.dom import dom_blocks, parse_html
from clean.normalize import normalize_line


def blocks_of(html: str) -> list[tuple[str, str]]:
    root = parse_html(html)
    assert root is not None
    return [(b.tag, b.text) for b in dom_blocks(root)]


def test_paragraphs_headings_and_list_items_are_blocks() -> None:
    html = "<body><h2>Intro</h2><p>One <b>bold</b> word.</p><ul><li>First</li><li>Second</li></ul></body>"
    assert blocks_of(html) == [("h2", "Intro"), ("p", "One bold word."), ("li", "First"), ("li", "Second")]


def test_table_row_is_one_block_with_cells_joined() -> None:
    assert blocks_of("<table><tr><th>Size</th><td>12 cm</td></tr></table>") == [("tr", "Size | 12 cm")]


def test_a_code_block_with_a_div_per_line_is_one_block() -> None:
    # highlighters wrap each line (and its number) in a <div>: still one block, one line each
    html = (
        "<body><pre><div><span>1</span><div>import os\n</div></div>"
        "<div><span>2</span><div>x = 1</div></div></pre><p>After.</p></body>"
    )
    assert blocks_of(html) == [("pre", "1\nimport os\n2\nx = 1"), ("p", "After.")]


def test_script_style_and_form_controls_are_never_text() -> None:
    html = "<body><p>Kept.</p><script>var x = 1;</script><style>p{}</style><button>Click</button></body>"
    assert blocks_of(html) == [("p", "Kept.")]


@pytest.mark.parametrize(
    "attrs",
    ["hidden", 'aria-hidden="true"', 'style="display: none"', 'style="visibility:hidden"'],
)
def test_hidden_elements_are_marked_hidden(attrs: str) -> None:
    root = parse_html(f"<body><div {attrs}><p>Secret text.</p></div><p>Seen.</p></body>")
    assert root is not None
    assert [(b.text, b.hidden) for b in dom_blocks(root)] == [("Secret text.", True), ("Seen.", False)]


@pytest.mark.parametrize(("element", "hidden"), [("dialog", True), ("dialog open", False), ("div popover", True)])
def test_closed_dialogs_and_popovers_are_hidden(element: str, hidden: bool) -> None:
    tag = element.split()[0]
    root = parse_html(f"<body><{element}><p>Install our app.</p></{tag}><p>Seen.</p></body>")
    assert root is not None
    assert [(b.text, b.hidden) for b in dom_blocks(root)] == [("Install our app.", hidden), ("Seen.", False)]


@pytest.mark.parametrize("attrs", ["hidden", 'style="display:none !important"', 'style="visibility: hidden"'])
def test_hidden_words_inside_a_shown_paragraph_are_left_out(attrs: str) -> None:
    html = f"<body><p>Seeds, <span {attrs}>cheap seeds near me,</span> not just <b>books</b>.</p></body>"
    assert blocks_of(html) == [("p", "Seeds, not just books.")]


def test_a_block_of_hidden_inline_words_is_a_hidden_block() -> None:
    # a "Show less" button hidden until clicked: reported as hidden, not lost
    root = parse_html('<body><div><a style="display:none">Show less</a></div><p>Seen.</p></body>')
    assert root is not None
    assert [(b.text, b.hidden) for b in dom_blocks(root)] == [("Show less", True), ("Seen.", False)]


def test_aria_hidden_words_inside_a_paragraph_stay() -> None:
    # inline aria-hidden marks what is on screen but not read aloud (icons, a visual label)
    html = '<body><p><span aria-hidden="true">Photo:</span> The harbour at dawn.</p></body>'
    assert blocks_of(html) == [("p", "Photo: The harbour at dawn.")]


def test_heading_permalinks_of_doc_generators_are_not_text() -> None:
    html = (
        '<body><h1>Caching<a class="headerlink" href="#caching" title="Permanent link">\u00b6</a></h1>'
        '<h2 id="opts">Options <a href="#opts">#</a> and limits</h2>'
        '<p>See <a href="#opts">options</a> or section <a href="/s">\u00a7</a> 4.</p></body>'
    )
    assert blocks_of(html) == [
        ("h1", "Caching"),
        ("h2", "Options and limits"),
        ("p", "See options or section \u00a7 4."),
    ]


@pytest.mark.parametrize(
    ("container", "collapsed"),
    [
        ('<div role="tabpanel" hidden>', True),
        ('<div class="accordion-item"><div class="accordion-collapse" style="display:none">', True),
        ('<div class="faq"><div hidden>', True),
        ('<div class="modal" hidden>', False),
        ("<div hidden>", False),
    ],
)
def test_hidden_content_a_click_shows_is_marked_collapsed(container: str, collapsed: bool) -> None:
    closing = "</div>" * container.count("<div")
    root = parse_html(f"<body>{container}<p>Answer text.</p>{closing}<p>Seen.</p></body>")
    assert root is not None
    assert [(b.text, b.hidden, b.collapsed) for b in dom_blocks(root)] == [
        ("Answer text.", True, collapsed),
        ("Seen.", False, False),
    ]


def test_landmarks_and_class_groups_are_recorded() -> None:
    html = '<body><nav class="site-menu"><a href="/">Home</a></nav><div id="share-bar"><p>Share this</p></div></body>'
    root = parse_html(html)
    assert root is not None
    nav, share = dom_blocks(root)
    assert "nav" in nav.landmarks and "nav" in nav.groups and nav.link_chars == len("Home")
    assert "share" in share.own_groups


ARTICLE = "<p>" + "Words of the article itself, read in the order they come. " * 5 + "</p>"


@pytest.mark.parametrize("frame", ["nav", "header", "footer", "aside"])
def test_a_main_the_parse_left_inside_the_frame_is_read_outside_it(frame: str) -> None:
    # an unclosed <div> in a menu item: lxml puts the rest of the page inside the menu
    html = (
        f'<body><{frame}><ul><li><a href="/">Home</a><div class="dropdown">'
        f"<main>{ARTICLE}</main>after</ul></{frame}><p>Footer.</p></body>"
    )
    root = parse_html(html)
    assert root is not None
    blocks = dom_blocks(root)
    texts = [b.text for b in blocks]
    assert texts[0] == "Home" and texts[-2:] == ["after", "Footer."]  # what came after it still does
    body = next(b for b in blocks if b.text.startswith("Words"))
    assert body.landmarks == {"main"} and not body.groups


@pytest.mark.parametrize(("share", "moved"), [(1, False), (40, True)])
def test_an_article_inside_the_frame_is_moved_out_only_when_it_holds_most_of_the_page(share: int, moved: bool) -> None:
    # a mega menu's teaser card is an <article> in a <nav> too
    teaser = "<p>" + "Teaser words. " * share + "</p>"
    html = f"<body><nav><article>{teaser}</article></nav>{ARTICLE}</body>"
    root = parse_html(html)
    assert root is not None
    card = next(b for b in dom_blocks(root) if b.text.startswith("Teaser"))
    assert ("nav" not in card.landmarks) is moved


def test_a_form_around_the_whole_page_is_no_form_landmark() -> None:
    # ASP.NET wraps the body in one <form>; a sign-up box is a form of its own
    signup = "<form><p>Get our newsletter every week in your inbox.</p><input name='e'></form>"
    root = parse_html(f"<body><form id='aspnetForm'><div>{ARTICLE}</div><p>Search</p></form>{signup}</body>")
    assert root is not None
    assert [b.landmarks for b in dom_blocks(root)] == [frozenset(), frozenset(), {"form"}]
    small = parse_html(f"<body>{ARTICLE}{signup}</body>")
    assert small is not None
    assert [b.landmarks for b in dom_blocks(small) if b.text.startswith("Get our")] == [{"form"}]


def test_body_classes_do_not_describe_every_block() -> None:
    root = parse_html('<body class="single-post sidebar-right"><p>Text.</p></body>')
    assert root is not None
    assert dom_blocks(root)[0].groups == frozenset()


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<",
        "<html><body><p>truncated <b>mid",
        "<frameset><frame src='a.html'></frameset>",
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>XHTML é</p></body></html>',
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><html><body><p>&e;</p></body></html>',
        "\x00\x01 binary",
    ],
)
def test_odd_pages_never_crash(html: str) -> None:
    root = parse_html(html)
    blocks = dom_blocks(root) if root is not None else []
    assert all("root:" not in b.text for b in blocks)


def test_xhtml_with_xml_declaration_reads_as_text() -> None:
    html = '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>Crème brûlée</p></body></html>'
    assert blocks_of(html) == [("p", "Crème brûlée")]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("<>/ap divlh1=\"'&;x\n")), max_size=200))
def test_any_markup_soup_gives_blocks_without_empty_text(html: str) -> None:
    root = parse_html(html)
    if root is not None:
        assert all(b.text.strip() for b in dom_blocks(root))


def test_a_blank_block_has_no_text() -> None:
    """`_Walker.flush` skips a block with no pieces on this ground."""
    assert dom._BLANK_TEXT == ""


_LINE_PIECES = st.lists(
    st.sampled_from(
        [
            "a",
            "B c",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "|",
            " | ",
            "\x00",
            "\x07",
            "\x1b",
            "\x1f",
            "\x7f",
            "\x0b",
            "\u00a0",
            "\u2003",
            "\u200b",
            "é",
            "e\u0301",
            "Ã©",
            "â€™",
            "\ufeff",
            "\u2028",
            "\x1c",
            "\u3000",
            "\u180e",
            "\u205f",
            "\x85",
            "Ω",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(_LINE_PIECES)
def test_block_line_is_the_plain_normalisation(joined: str) -> None:
    assert dom.block_line(joined) == normalize_line(dom._SPACE.sub(" ", joined)).strip(" |")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sets(st.sampled_from([*sorted(set().union(*dom.CLASS_GROUPS.values())), "x", "widgetx", "tab"]), max_size=5))
def test_groups_are_the_plain_lookup(tokens: set[str]) -> None:
    plain = frozenset(name for name, words in dom.CLASS_GROUPS.items() if not words.isdisjoint(tokens))
    assert dom._groups(tokens) == plain


class _PlainWalker(dom._Walker):
    """The walk as it was first written: a frame for every element, every flush made."""

    def walk(self, el: etree._Element, parent: dom._Frame, in_link: bool, in_pre: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or (tag in dom._SKIP and (tag in dom._NEVER_TEXT or not dom._has_block_child(el))):
            self._tail(el, in_link)
            return
        hidden = parent.hidden or dom._is_hidden(el)
        own, opens = self.groups_of(el) if tag not in ("body", "html") else (frozenset(), False)
        is_cell_block = tag in dom._CELL and dom._has_block_child(el)
        starts_block = (tag in dom._BLOCK or is_cell_block) and not in_pre
        line_break = in_pre and (tag in dom._BLOCK or tag in dom._CELL)
        if not starts_block and not parent.hidden and dom._not_displayed(el) and not dom._has_block_child(el):
            self.hidden_parts.append(dom._inline_text(el))
            self._tail(el, in_link)
            return
        landmarks = parent.landmarks
        if tag in dom.LANDMARKS:
            landmarks = landmarks | {tag}
        ids = parent.ids
        if starts_block:
            self.elements += 1
            ids = (*ids, self.elements)
        frame = dom._Frame(
            tag="pre" if tag == "pre" else tag if starts_block else parent.tag,
            groups=parent.groups | own,
            own=own | parent.mine,
            mine=own,
            landmarks=landmarks,
            hidden=hidden,
            depth=parent.depth + 1,
            openable=parent.openable or dom._is_openable(el, opens),
            ids=ids,
        )
        if starts_block:
            self.flush()
            saved, saved_row = self.frame, self.row
            self.frame, self.row = frame, tag == "tr"
        elif tag in dom._CELL and self.parts:
            self.parts.append(" | ")
        elif tag == "br":
            self.parts.append("\n" if in_pre else " ")
        elif line_break:
            self._new_line()
        link = in_link or tag == "a"
        pre = in_pre or tag == "pre"
        if el.text:
            self._add(el.text, link)
        for child in el:
            self.walk(child, frame, link, pre)
        if starts_block:
            self.flush()
            self.frame, self.row = saved, saved_row
        elif line_break:
            self._new_line()
        self._tail(el, in_link)


def _plain_dom_blocks(root: etree._Element) -> list[dom.DomBlock]:
    body = root.find("body")
    top = dom._Frame(
        tag="body", groups=frozenset(), own=frozenset(), mine=frozenset(), landmarks=frozenset(), hidden=False, depth=0
    )
    walker = _PlainWalker()
    walker.frame = top
    walker.walk(body if body is not None else root, top, False, False)
    walker.flush()
    return walker.blocks


_ATTRS = st.sampled_from(
    [
        "",
        ' class="nav"',
        ' class="post-content"',
        ' style="display:none"',
        " hidden",
        ' aria-hidden="true"',
        ' role="tabpanel" hidden',
        ' class="tab-pane" style="display: none"',
        ' id="sidebar"',
        ' class="author bio"',
    ]
)
_TEXT = st.sampled_from(["", "Word", " two words ", "\n  ", "| x |", "Ã©", "a\u00a0b", "¶", "\t"])


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(
        st.sampled_from(
            [
                "p",
                "div",
                "span",
                "a",
                "li",
                "ul",
                "td",
                "tr",
                "table",
                "pre",
                "br",
                "b",
                "h2",
                "nav",
                "aside",
                "button",
                "script",
                "section",
                "blockquote",
                "img",
                "details",
            ]
        )
    )
    inner = draw(st.lists(_TEXT if depth >= 3 else st.one_of(_TEXT, _markup(depth + 1)), max_size=4))
    return f"<{tag}{draw(_ATTRS)}>{''.join(inner)}</{tag}>{draw(_TEXT)}"


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(_markup(), min_size=1, max_size=4))
def test_the_walk_gives_the_plain_walks_blocks(parts: list[str]) -> None:
    root = parse_html(f"<html><body>{''.join(parts)}</body></html>")
    assert root is not None
    assert dom_blocks(root) == _plain_dom_blocks(root)


_ATTR_VALUES = st.one_of(
    st.none(),
    st.lists(
        st.sampled_from(["post", "Content", "navBar", "x1", "-", " ", "", "ÉTÉ", "side_bar", "TabPane"]), max_size=4
    ).map("".join),
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.tuples(_ATTR_VALUES, _ATTR_VALUES, _ATTR_VALUES, _ATTR_VALUES))
def test_tokens_are_the_plain_split(values: tuple[str | None, ...]) -> None:
    raw = " ".join(v or "" for v in values)
    assert dom._tokens(values) == {t for t in dom._TOKEN_SPLIT.split(dom._CAMEL.sub(" ", raw).lower()) if t}


def test_spaces_before_a_blocks_first_word_are_kept_only_in_a_pre() -> None:
    """The parser drops most blank text nodes; a tree built by hand keeps them, and the
    walk (which leaves a block's leading spaces out) gives the plain walk's blocks."""
    root = parse_html("<html><body></body></html>")
    assert root is not None
    body = root.find("body")
    pre = etree.SubElement(body, "pre")
    etree.SubElement(pre, "b").text = "  "
    etree.SubElement(pre, "span").text = "x = 1\n  y"
    row = etree.SubElement(etree.SubElement(body, "table"), "tr")
    for text in ("\n  ", "a", " ", "b"):
        etree.SubElement(row, "td").text = text
    p = etree.SubElement(body, "p")
    p.text = " \t"
    etree.SubElement(p, "br").tail = "\u00a0word"
    blocks = dom_blocks(root)
    assert blocks == _plain_dom_blocks(root)
    assert [b.text for b in blocks] == ["  x = 1\n  y", "a | | b", "word"]
