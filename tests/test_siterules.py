"""Loading and validating a user's rules file, and using it through clean_page."""

from __future__ import annotations

from pathlib import Path

import pytest

from clean import Options, clean_page
from clean.siterules import RulesError, load_rules, parse_rules

RULES = """
bylines = ["Jane Doe"]
drop_selectors = ["div.newsletter"]

[[lines]]
rule = "house-promo"
phrases = ["Support independent journalism"]

[[lines]]
rule = "ad-label"
patterns = ['^anzeige\\s*\\d*$']

[sites."example.com"]
body_selector = "article"
drop_selectors = ["aside.related"]

[[sites."example.com".lines]]
rule = "example-teaser"
phrases = ["more from example"]
match = "anywhere"
max_words = 8
"""

PAGE = "\n\n".join(
    [
        "Harbour wall to be rebuilt after storms",
        "Support independent journalism!",
        "Anzeige 3",
        "More from Example: the best of the week",
        "By Jane Doe",
        "The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice in the last"
        " three winters. Work starts in spring and will take two years, the mayor said.",
        "Residents had asked for the repairs since 2021. The cost is shared between the town and the region.",
        "The harbour master said boats would still be able to use the inner basin while the work goes on,"
        " though the outer moorings will close for most of the first year.",
        "Fishermen welcomed the decision but asked the council to keep the slipway open during the summer"
        " season, when most of their catch is landed.",
    ]
)


def _removed(article: object) -> dict[str, str]:
    return {r.text: r.rule for r in article.removed or ()}  # type: ignore[attr-defined]


def test_line_rules_show_under_their_own_names() -> None:
    rules = parse_rules(RULES)
    article = clean_page(PAGE, url="https://www.example.com/a", options=Options(explain=True, rules=rules))
    removed = _removed(article)
    assert removed["Support independent journalism!"] == "house-promo"
    assert removed["Anzeige 3"] == "ad-label"
    assert removed["More from Example: the best of the week"] == "example-teaser"
    assert removed["By Jane Doe"] == "byline"
    assert article.authors == ("Jane Doe",)
    assert article.title == "Harbour wall to be rebuilt after storms"
    assert article.text.startswith("The council voted")


def test_site_rules_apply_only_to_their_site() -> None:
    rules = parse_rules(RULES)
    article = clean_page(PAGE, url="https://other.org/a", options=Options(explain=True, rules=rules))
    assert "example-teaser" not in _removed(article).values()
    assert _removed(article)["Support independent journalism!"] == "house-promo"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("https://example.com/x", "article"),
        ("https://news.example.com/x", "article"),
        ("https://notexample.com/x", None),
        (None, None),
    ],
)
def test_domain_matching(url: str | None, body: str | None) -> None:
    page = parse_rules(RULES).for_url(url)
    assert page.body_selector == body
    assert ("aside.related" in page.drop_selectors) == (body is not None)
    assert "div.newsletter" in page.drop_selectors


def test_most_specific_site_wins_body_selector() -> None:
    rules = parse_rules(
        '[sites."example.com"]\nbody_selector = "main"\n[sites."news.example.com"]\nbody_selector = "#story"\n'
    )
    assert rules.for_url("https://news.example.com/a").body_selector == "#story"
    assert rules.for_url("https://example.com/a").body_selector == "main"


def test_html_selectors_apply_through_clean_page() -> None:
    html = (
        "<html><body><div class=newsletter>Get our daily newsletter with the best stories</div>"
        "<nav>Weather Sport Culture</nav><article><p>The council voted on Tuesday to rebuild the harbour wall, "
        "which storms damaged twice in the last three winters.</p><aside class=related>Unrelated teaser text "
        "about something else entirely.</aside><p>Work starts in spring and will take two years.</p>"
        "</article></body></html>"
    )
    rules = parse_rules(RULES)
    article = clean_page(html, url="https://example.com/a", options=Options(rules=rules))
    assert "newsletter" not in article.text
    assert "Unrelated teaser" not in article.text
    assert "Weather Sport Culture" not in article.text
    assert "harbour wall" in article.text and "Work starts" in article.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bylines = [", "TOML syntax error"),
        ("a = 1\nb = = 2\n", "site.toml:2:5: TOML syntax error"),
        ("bogus = 1\n", "site.toml:1: top level: bogus: unknown key"),
        ("\n\n[[lines]]\nrule = 'x'\nphrases = []\n", "give phrases or patterns"),
        ("[[lines]]\nrule = 'Bad Name'\nphrases = ['a']\n", "site.toml:2: "),
        ("[[lines]]\nrule = 'ok'\n\npatterns = ['(unclosed']\n", "site.toml:4: "),
        ("[[lines]]\nrule = 'ok'\npatterns = ['(?P<x>a)']\n", "named groups"),
        ("[[lines]]\nrule = 'ok'\nphrases = ['a']\nmatch = 'sometimes'\n", "site.toml:4: "),
        ("[[lines]]\nrule = 'ok'\nphrases = ['a']\nmax_words = 0\n", "max_words"),
        ("drop_selectors = ['div[']\n", "site.toml:1: top level: drop_selectors: not a CSS selector"),
        ("body_selector = 3\n", "body_selector"),
        ('[sites."a.com"]\n\nbody = "x"\n', 'site.toml:3: [sites."a.com"]: body: unknown key'),
        ('[sites."http://a.com/"]\n', "bare domain"),
        ("bylines = 'Jane'\n", "bylines: must be a list"),
        # a key in the second [[lines]] table points at that table, not the first
        (
            "[[lines]]\nrule = 'a'\nphrases = ['x']\nmatch = 'whole'\n\n"
            "[[lines]]\nrule = 'b'\nphrases = ['y']\nmatch = 'no'\n",
            "site.toml:9: ",
        ),
        (
            '[[sites."a.com".lines]]\nrule = "a"\nphrases = ["x"]\nmax_words = 5\n[[sites . "a.com" . lines]]  # two\n'
            'rule = "b"\nphrases = ["y"]\nmax_words = 99\n',
            "site.toml:8: ",
        ),
    ],
)
def test_bad_files_name_the_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(RulesError) as info:
        parse_rules(text, source="site.toml")
    assert str(info.value).startswith("site.toml")
    assert expected in str(info.value)
    assert info.value.reason == "bad-rules"


def test_load_rules_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    assert load_rules(path) == parse_rules(RULES, source=str(path))
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.toml")


def test_rules_do_not_touch_article_prose() -> None:
    rules = parse_rules(RULES)
    prose = "Jane Doe said the council should support independent journalism in the town, and many agreed."
    article = clean_page(prose, options=Options(explain=True, rules=rules))
    assert article.text == prose


def test_cli_run_and_show_take_a_rules_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from clean.cli import app

    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "page.txt"), "-o", str(out), "--explain", "--rules", str(rules)]
    )
    assert result.exit_code == 0, result.output
    assert "house-promo" in (out / "page.json").read_text(encoding="utf-8")
    shown = CliRunner().invoke(app, ["show", str(tmp_path / "page.txt"), "--explain", "--rules", str(rules)])
    assert "[house-promo] Support independent journalism!" in shown.output
    rules.write_text("[[lines]]\nrule = 'x'\n\nphrases = 'oops'\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["run", str(tmp_path / "page.txt"), "-o", str(out), "--rules", str(rules)])
    assert bad.exit_code == 1
    assert f"{rules}:4: top level lines #1 (rule 'x'): phrases: must be a list" in bad.output
