"""metadata.py: which lines read as article paragraphs (the model's mending and the
empty-page rescue lean on it), bylines, datelines and the headline of a dump's head."""

from __future__ import annotations

import pytest

from clean.document import Block, Document
from clean.metadata import _byline, _dateline, _first_post, extract_metadata, is_body


def test_a_paragraph_ending_in_spaced_guillemets_is_body() -> None:
    french = (
        "Du côté des parents, l’accueil est mitigé. « Mais les clubs de sport vont devoir tout "
        "réorganiser pour la rentrée de janvier. »"
    )
    assert is_body(Block(french, 0))
    assert not is_body(Block(french.removesuffix(". »") + " »", 0))
    assert not is_body(Block("Too short to be a paragraph. »", 0))


def test_a_repeated_line_of_code_above_the_text_is_not_the_headline() -> None:
    # documentation shows a snippet twice (two tabs): a repeated line in the head is
    # otherwise read as the headline (`<title>` and `<h1>`)
    code = 'curl https://api.example.com/v1/charges/ch_3Mml -u "sk_test_123:" -d amount=2000'
    body = "Retrieves the details of a charge that has previously been created, with every field it has."
    lines = ["Retrieve a charge", code, code, body, body.replace("Retrieves", "Updates")]
    doc = extract_metadata(Document(blocks=tuple(Block(t, i) for i, t in enumerate(lines))))
    assert doc.meta.title != code
    assert [b.rule for b in doc.blocks[1:3]] == [None, None]


def test_a_label_repeated_in_each_card_is_not_the_headline() -> None:
    # a price table: each box repeats its labels, in the same order; read as a headline
    # shown again and again, the label took the next one ("Resume package") for a byline
    card = ["Monthly financing available", "Resume package", "Expertly crafted resume"]
    lines = ["Pricing", *card, "$179", *card, "$229", *card, "$349"]
    lines.append("Every package is written by a certified writer and reviewed by an editor before delivery.")
    doc = extract_metadata(Document(blocks=tuple(Block(t, i) for i, t in enumerate(lines))))
    assert doc.meta.title is None
    assert doc.meta.authors == ()
    assert all(b.rule is None for b in doc.blocks)


def test_a_headline_shown_again_above_other_lines_is_still_the_headline() -> None:
    headline = "Council votes to rebuild the old bridge"
    lines = [headline, "Home | News", headline, "By Ana Ruiz", headline, "Share"]
    lines.append("The council voted on Tuesday to rebuild the old bridge over the river by next spring.")
    doc = extract_metadata(Document(blocks=tuple(Block(t, i) for i, t in enumerate(lines))))
    assert doc.meta.title == headline


def _meta_of(lines: list[str]) -> Document:
    return extract_metadata(Document(blocks=tuple(Block(t, i) for i, t in enumerate(lines))))


def test_a_name_under_the_headline_is_its_author_but_a_menu_heading_is_not() -> None:
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge, a case the studies of its engineers made."
    assert _meta_of([headline, headline, "Jane Doe", body]).meta.authors == ("Jane Doe",)
    # each of its words is one the page writes in lower case: a heading, not a name
    doc = _meta_of([headline, headline, "Case Studies", body])
    assert doc.meta.authors == ()
    assert doc.blocks[2].rule is None


def test_a_list_sorted_by_a_key_has_no_author() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    for label in ("By Category", "By Relevance", "By Name", "By Event Type", "By Company Size", "Text Link"):
        doc = _meta_of([label, body])
        assert doc.meta.authors == (), label
    assert _meta_of(["By Jane Doe", body]).meta.authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("line", "names", "date"),
    [
        ("By Melanie Hanson", ("Melanie Hanson",), None),  # "on" inside a name ends nothing
        ("by Jason Rostar | SEO | 8 min Read", ("Jason Rostar",), None),
        ("By Jane Doe on March 3, 2024", ("Jane Doe",), "2024-03-03"),
        ("By Sofia Gonzalez December 2, 2025", ("Sofia Gonzalez",), "2025-12-02"),
        ("By Korin MillerPublished: Jan 29, 2025", ("Korin Miller",), "2025-01-29"),  # a dump's glued label
        ("By Matthew Richardson ⋅ Review Editor ⋅ Updated November 18, 2025", ("Matthew Richardson",), "2025-11-18"),
        ("by Jacob Trussell —10 min read", ("Jacob Trussell",), None),
        ("By: Benjamin Johnson, Sr. Director", ("Benjamin Johnson",), None),  # a role is no name
        ("By Our Editors", ("Our Editors",), None),  # ... unless it is all the byline says
        ("Posted by Peter Bell on August 21, 2019", ("Peter Bell",), "2019-08-21"),
        ("by: Ziyi Xu, Dec 17, 2025", ("Ziyi Xu",), "2025-12-17"),
        ("Posted by allotment_annie on 12 Jul 2024, 18:42", ("allotment_annie",), "2024-07-12"),  # a user, dated
        ("by jd » Tue Mar 3, 2024", ("jd",), "2024-03-03"),
        ("Thread starter paulb203", ("paulb203",), None),  # a forum thread's
        ("Discussion in ' Hosting Advice ' started by pelex, May 26, 2025.", ("pelex",), "2025-05-26"),  # XenForo
        ("ByNina Pineda", ("Nina Pineda",), None),
        # a role after the name ends the byline: what follows is the role's
        (
            "Written By: Catherine Boeckmann Executive Digital Editor and Master Gardener",
            ("Catherine Boeckmann",),
            None,
        ),
        ("By: Benjamin Johnson, Sr. Director of Operations, Atlas Van Lines", ("Benjamin Johnson",), None),
        ("By Jane Doe and John Roe, Staff Writers", ("Jane Doe", "John Roe"), None),
        ("Text: Hans Müller", ("Hans Müller",), None),  # "By<a>Nina Pineda</a>": the label glued to a link
        ("ByDr. Vahid Osman - Mar 27, 2024", ("Dr. Vahid Osman",), "2024-03-27"),
        # what follows the name and is no name: an update's label, the section the post is in
        ("By Bhaval Patel Last Updated: December 6, 2024", ("Bhaval Patel",), "2024-12-06"),
        ("By Jeff Cobb. Last Updated on December 11, 2025", ("Jeff Cobb",), "2025-12-11"),
        ("By MixmasterFred in Workshop Woodworking", ("MixmasterFred",), None),
        ("May 18, 2023 By Sara Harberson In", ("Sara Harberson",), "2023-05-18"),
        ("By Anna Indigo", ("Anna Indigo",), None),  # a name that starts with "In" is a name
        ("Written by: Colin Gray Colin Gray", ("Colin Gray",), None),  # the link's text and the avatar's
        # an aside after the name: the outlet, a handle
        ("Posted on May 2, 2025 by Jean-Luc Aufranc (CNXSoft) - 5 Comments", ("Jean-Luc Aufranc",), "2025-05-02"),
        ("By Jane Doe and John Roe (AP)", ("Jane Doe", "John Roe"), None),
    ],
)
def test_byline_lines(line: str, names: tuple[str, ...], date: str | None) -> None:
    assert _byline(line) == (names, date)


def test_a_byline_in_two_lines() -> None:
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    for label in ("By", "Article by:", "Autor:"):
        doc = _meta_of([headline, label, "Ana Ruiz", body])
        assert doc.meta.authors == ("Ana Ruiz",), label
        assert [b.rule for b in doc.blocks[1:3]] == ["byline", "byline"]
    doc = _meta_of([headline, "Ana Ruiz", "March 3, 2024", body])
    assert (doc.meta.authors, doc.meta.published) == (("Ana Ruiz",), "2024-03-03")
    assert [b.rule for b in doc.blocks[1:3]] == ["byline", "dateline"]
    # a heading of the page over a date is no name
    doc = _meta_of([headline, "Bridge News", "March 3, 2024", body + " The news came late."])
    assert doc.meta.authors == ()


def test_the_head_is_the_lines_over_the_first_paragraph_however_long_the_menus_above() -> None:
    # a dump's menus run for a hundred lines before the article: its headline, byline and
    # dateline are still read (they were not, when the head was the page's first 60 lines)
    menus = [f"Menu item {k}" for k in range(100)]
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    doc = _meta_of([*menus, "Home | News", headline, "By Ana Ruiz", "March 3, 2024", body])
    assert (doc.meta.title, doc.meta.authors, doc.meta.published) == (headline, ("Ana Ruiz",), "2024-03-03")


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Nov 08, 2025 7 min read", "2025-11-08"),
        ("Jun 08, 2023 • 11 Minute Read", "2023-06-08"),
        ("23.07.2025 · 6 min read", "2025-07-23"),
        ("3 mars 2024 · 4 min de lecture", "2024-03-03"),
        ("Posted on June 29, 2020 November 12, 2021", "2020-06-29"),  # posted, then updated
        ("asked Feb 11, 2011 at 23:49", "2011-02-11"),
        ("Page last modified Jan. 17, 2025 @ 01:39 PM EST", "2025-01-17"),
        ("Erstellt am 3. März 2024", "2024-03-03"),
        ("Start date Jul 9, 2022", "2022-07-09"),  # a forum thread's
        ("19 Dec 2025 Reading time: 2 minutes", "2025-12-19"),
        ("3 mars 2024 · Temps de lecture : 4 min", "2024-03-03"),
        ("Start the day on March 3, 2024", None),
        ("Sales rose 5 percent on March 3, 2024", None),
        ("March 3, 2024 and then April 4, 2024", None),
        # a dateline of parts: the date, and short labels (sections, a desk, a source, tags)
        ("November 28, 2025 / Living Healthy / Wellness", "2025-11-28"),
        ("Updated Dec. 23, 2024, 1:24 PM EST / Source: TODAY", "2024-12-23"),
        ("TOI Lifestyle Desk / etimes.in / Updated: Dec 17, 2025, 21:47 IST", "2025-12-17"),
        ("2025-08-29 #review #tech #zig", "2025-08-29"),
        ("The vote was on Dec 17, 2025 / and it went well.", None),  # a sentence is no label
        ("Home / News / A long headline of a story about the vote / Dec 17, 2025", None),
        ("Jane Doe | March 3, 2024", None),  # a name and its date: a byline
        ("By Jane Doe | March 3, 2024", None),
    ],
)
def test_dateline_lines(line: str, date: str | None) -> None:
    assert _dateline(line) == date


def test_a_name_and_a_date_on_one_line_is_a_byline() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    doc = _meta_of(["Council votes to rebuild the old bridge", "Tom Talbot October 14, 2025 · 5 min read", body])
    assert (doc.meta.authors, doc.meta.published) == (("Tom Talbot",), "2025-10-14")
    assert doc.blocks[1].rule == "byline"
    doc = _meta_of(["Council votes to rebuild the old bridge", "Tom Talbot on Oct. 14, 2025", body])
    assert (doc.meta.authors, doc.meta.published) == (("Tom Talbot",), "2025-10-14")
    # the words of a sentence are no name
    doc = _meta_of(["Council votes to rebuild the old bridge", "The council met October 14, 2025", body])
    assert doc.meta.authors == ()


def test_a_byline_under_a_kept_promotion_marks_where_the_article_and_its_headline_are() -> None:
    promo = "Become a software engineer and help businesses build the web applications that shape the future."
    also = "We have many flexible options for paying your tuition, so start building your skills right now."
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    headline = "Council votes to rebuild the old bridge"
    lines = [promo, also, "Courses", "Blog", headline, "Posted by Jane Doe on May 2, 2024", body, more]
    doc = _meta_of(lines)
    assert (doc.meta.title, doc.meta.authors, doc.meta.published) == (headline, ("Jane Doe",), "2024-05-02")
    assert doc.blocks[4].rule == "title"


def test_the_name_over_an_author_box_is_the_author() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    bio = "Elena Linker is a reporter with seven years of experience covering local government."
    doc = _meta_of(["Council votes to rebuild the old bridge", "Elena Linker", body, more, "Elena Linker", bio])
    assert doc.meta.authors == ("Elena Linker",)
    # a glossary's term over its definition is shown once and introduces no person
    term = "Facebook Shops is a feature that lets businesses sell on Facebook and Instagram for free."
    assert _meta_of(["Glossary", body, more, "Facebook Shops", term]).meta.authors == ()


def test_a_headline_over_its_dateline_is_no_name_when_the_urls_slug_repeats_it() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    lines = ["Menu", "Exploring Bridge Repairs", "Dec 19, 2025", body, more]
    blocks = tuple(Block(t, i) for i, t in enumerate(lines))
    doc = extract_metadata(Document(blocks=blocks, url="https://example.com/exploring-bridge-repairs/"))
    assert (doc.meta.title, doc.meta.authors) == ("Exploring Bridge Repairs", ())
    # a name over the date is still the byline laid out in two lines
    lines = ["Menu", "Exploring Bridge Repairs", "Jane Doe", "Dec 19, 2025", body, more]
    blocks = tuple(Block(t, i) for i, t in enumerate(lines))
    doc = extract_metadata(Document(blocks=blocks, url="https://example.com/exploring-bridge-repairs/"))
    assert (doc.meta.title, doc.meta.authors) == ("Exploring Bridge Repairs", ("Jane Doe",))


def test_the_sites_name_after_the_headline_goes_when_the_urls_host_spells_it() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    lines = ["Menu", "Council votes to rebuild the old bridge | Valley Herald", "Dec 19, 2025", body]
    blocks = tuple(Block(t, i) for i, t in enumerate(lines))
    doc = extract_metadata(Document(blocks=blocks, url="https://www.valleyherald.com/news/bridge"))
    assert doc.meta.title == "Council votes to rebuild the old bridge"
    # a part the host does not spell is the headline's own
    doc = extract_metadata(Document(blocks=blocks, url="https://example.com/news/bridge"))
    assert doc.meta.title == "Council votes to rebuild the old bridge | Valley Herald"


def test_a_byline_the_menu_rule_dropped_for_its_bars_is_still_read() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    line = "By: Jane Doe | December 16, 2025 | Categories: Local"
    blocks = (Block("Council votes to rebuild the old bridge", 0), Block(line, 1).drop("menu"), Block(body, 2))
    doc = extract_metadata(Document(blocks=blocks))
    assert (doc.meta.authors, doc.meta.published) == (("Jane Doe",), "2025-12-16")
    assert doc.blocks[1].rule == "byline"


def test_the_headline_is_the_candidate_nearest_the_text_and_a_name_under_it_is_its_byline() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    headline = "Council votes to rebuild the old bridge"
    # the shop's name and the product's both follow chrome: the one over the text wins
    stove = "The Fellrunner 2 Compact Gas Stove boils a litre of water in three minutes and folds away."
    lines = ["Basket (0)", "Hollins & Vale Outdoor", "Shop", "Fellrunner 2 Compact Gas Stove", stove]
    blocks = [Block(t, i) if i % 2 else Block(t, i).drop("menu") for i, t in enumerate(lines[:4])]
    doc = extract_metadata(Document(blocks=(*blocks, Block(stove, 4))))
    assert doc.meta.title == "Fellrunner 2 Compact Gas Stove"
    # a name and a role between the headline and its dateline do not hide the dateline
    doc = _meta_of(["Menu", headline, "Jonah Whitcombe", "Business reporter", "Tuesday 9 January 2024", body])
    assert doc.meta.title == headline


def test_a_menu_shown_twice_gives_no_headline_and_a_standfirst_does_not_hide_the_byline() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    headline = "Council votes to rebuild the old bridge"
    menu = ["Home", "Book a Demo Today", "Pricing"]
    dek = "The vote ends a ten-year fight over the crossing and the money to pay for its repair"
    doc = _meta_of([*menu, *menu, "Menu", headline, dek, "By Ana Ruiz", body])
    assert doc.meta.title == headline
    assert doc.meta.authors == ("Ana Ruiz",)


def test_a_lone_promotion_above_the_article_is_not_its_first_paragraph() -> None:
    promo = "Which program is right for you? Take our short quiz and find the course that fits your goals today."
    menus = [f"Menu item {k}" for k in range(70)]
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    lines = ["Home", promo, *menus, headline, "By Ana Ruiz", "March 3, 2024", body, body.replace("Tuesday", "Monday")]
    doc = _meta_of(lines)
    assert (doc.meta.title, doc.meta.authors, doc.meta.published) == (headline, ("Ana Ruiz",), "2024-03-03")


@pytest.mark.parametrize(
    ("line", "post"),
    [
        ("amondale (Amondale) November 8, 2024, 7:33pm 1", ("amondale", "2024-11-08")),
        ("hayley.p 2 May 2025 18:48 1", ("hayley.p", "2025-05-02")),
        ("Matt_Brooks May 4, 2022, 3:47pm 1", ("Matt_Brooks", "2022-05-04")),
        ("blumo September 22, 2024, 2:43pm 2", None),  # a reply's header
        ("Posted May 4, 2022 1", None),  # a label, not a poster
        ("The meeting on May 4, 2022 1", None),
    ],
)
def test_first_post_headers(line: str, post: tuple[str, str] | None) -> None:
    assert _first_post(line) == post


def test_a_threads_first_post_header_gives_its_poster_and_date_and_stays() -> None:
    title = "Docker compose cannot reach the host network"
    body = "I am getting back into Docker after a few years away, and compose cannot reach my host network."
    doc = _meta_of([title, title, "amondale (Amondale) November 8, 2024, 7:33pm 1", body, body + " Any idea?"])
    assert (doc.meta.authors, doc.meta.published) == (("amondale",), "2024-11-08")
    assert doc.blocks[2].rule is None  # the post's header is the thread's text


def test_a_publication_date_under_the_article_is_read_but_not_a_comments() -> None:
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    doc = _meta_of([headline, headline, body, more, "Published on March 3, 2024"])
    assert doc.meta.published == "2024-03-03"
    assert doc.blocks[-1].rule == "dateline"
    # below a comments label the dates are readers'; "updated" is a later date
    for tail in (["Comments", "Published on March 3, 2024"], ["Last updated: March 3, 2024"]):
        blocks = [Block(t, i) for i, t in enumerate([headline, headline, body, more, *tail])]
        if tail[0] == "Comments":
            blocks[4] = blocks[4].drop("comments")
        assert extract_metadata(Document(blocks=tuple(blocks))).meta.published is None, tail


def test_the_one_date_a_page_shows_alone_on_a_line_dates_it() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    ends = "The new bridge is to carry trams as well as walkers, and it should open in the autumn."
    share = "Share this article"
    # far under the article (past the byline zone), shown twice: still the page's one date
    lines = [body, more, *[more.replace("April", m) for m in ("May", "June", "July")], ends, share]
    doc = _meta_of([*lines, "15 November 2018", "Posted on 15 November 2018"])
    assert doc.meta.published == "2018-11-15"
    assert doc.blocks[-1].rule is None  # read, not moved out of the text: it is not under the headline
    # two dates: a listing's, or a thread's posts; which is the page's cannot be told
    assert _meta_of([*lines, "15 November 2018", "2 March 2019"]).meta.published is None
    # a date that says it is something else than the page's publication
    for other in ("Last updated: 15 November 2018", "Listed on 15 November 2018", "jo commented Dec 19, 2025"):
        assert _meta_of([*lines, other]).meta.published is None, other


def test_a_date_that_opens_a_short_line_under_the_headline_dates_the_page() -> None:
    headline = "Council votes to rebuild the old bridge"
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    for line, date, authors in (
        ("January 16, 2026 Computer Overhauls", "2026-01-16", ()),  # no separator: a category as likely
        ("Dec. 16, 2026 · Ana Ruiz on behalf of the desk", "2026-12-16", ("Ana Ruiz",)),
        ("Dec. 16, 2026 · Ana Ruiz · Tom Lee on behalf of the desk", "2026-12-16", ()),  # which one wrote it?
    ):
        doc = _meta_of([headline, headline, line, body, more])
        assert doc.meta.published == date, line
        assert doc.meta.authors == authors, line
        assert line in [b.text for b in doc.blocks if b.rule is None]  # it says more than the date: it stays
    # a sentence that opens with a date is the article's, and one labelled as an update is not the date
    for line in (
        "January 16, 2026 was the day the council voted to rebuild the old bridge over the river.",
        "Updated January 16, 2026 by the desk",
    ):
        assert _meta_of([headline, headline, line, body, more]).meta.published is None, line


def test_a_byline_under_the_article_is_its_author_when_the_page_has_one() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    more = "Work starts in April, and the old bridge stays open to walkers until the new one is ready."
    ends = "The new bridge is to carry trams as well as walkers, and it should open in the autumn."
    lines = [body, more, *[more.replace("April", m) for m in ("May", "June", "July")], ends]
    doc = _meta_of([*lines, "Written by Jane Doe", "Share this article"])
    assert doc.meta.authors == ("Jane Doe",)
    assert doc.blocks[len(lines)].rule == "byline"
    # a listing's teasers each have their own: none of them is the page's
    assert _meta_of([*lines, "By Jane Doe", "By John Roe"]).meta.authors == ()
    # a filter's "By Role" names no one: the page writes the word in lower case
    role = "Each role on the team has its own page, with the people who fill it."
    assert _meta_of([*lines, role, "By Role"]).meta.authors == ()
    # the label alone over the name, as an author box lays it out
    doc = _meta_of([*lines, "Written by", "Jane Doe", "Jane writes on local government."])
    assert doc.meta.authors == ("Jane Doe",)
    assert [b.rule for b in doc.blocks[len(lines) : len(lines) + 2]] == ["byline", "byline"]
    # or the author-bio rule's label ("About the author") over it
    box = (Block("About the author", 0).drop("author-bio"), Block("Jane Doe", 0), Block("Content Editor", 0))
    doc = extract_metadata(Document(blocks=(*(Block(t, 0) for t in lines), *box)))
    assert doc.meta.authors == ("Jane Doe",)
    # its date is the page's when nothing over the article gave one
    doc = _meta_of([*lines, "Posted by Jane Doe on May 2, 2024", "Share this article"])
    assert (doc.meta.authors, doc.meta.published) == (("Jane Doe",), "2024-05-02")
