"""segment.py: one block per line, with the layout (gaps, indent, bullets) kept as evidence."""

from __future__ import annotations

import pytest

from clean.segment import segment

Row = tuple[str, int, bool, int, bool]  # text, line, gap_before, indent, bullet


def rows(text: str) -> list[Row]:
    return [(b.text, b.line, b.gap_before, b.indent, b.bullet) for b in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\t\n\n", []),
        ("one line", [("one line", 0, False, 0, False)]),
        ("a\nb", [("a", 0, False, 0, False), ("b", 1, False, 0, False)]),
        # blank lines, however many, become one gap on the next block
        ("a\n\nb", [("a", 0, False, 0, False), ("b", 2, True, 0, False)]),
        ("a\n\n\n\nb", [("a", 0, False, 0, False), ("b", 4, True, 0, False)]),
        ("a\n  \t \nb", [("a", 0, False, 0, False), ("b", 2, True, 0, False)]),
        ("\n\na", [("a", 2, True, 0, False)]),
        # line numbers count every line break kind
        ("a\r\nb\rc\u2028d", [(x, i, False, 0, False) for i, x in enumerate("abcd")]),
        # indentation is kept on the block and stripped from the text; a tab counts one
        (
            "  two\n\tone\n    four",
            [("two", 0, False, 2, False), ("one", 1, False, 1, False), ("four", 2, False, 4, False)],
        ),
        # text inside the line is normalised
        ("x\u00a0\u00a0y  z", [("x y z", 0, False, 0, False)]),
        ("don\u200bâ€™t", [("don’t", 0, False, 0, False)]),
    ],
)
def test_segment(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize("mark", ["-", "*", "+", "•", "·", "▪", "◦", "‣", "○", "●", "■", "□", "–"])
def test_bullets_are_recognised_and_stripped(mark: str) -> None:
    assert rows(f"{mark} Item one") == [("Item one", 0, False, 0, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-not a bullet", [("-not a bullet", 0, False, 0, False)]),
        ("1. numbered", [("1. numbered", 0, False, 0, False)]),
        ("—em dash opens a quote", [("—em dash opens a quote", 0, False, 0, False)]),
        ("-", [("-", 0, False, 0, False)]),
        ("•", [("•", 0, False, 0, False)]),
        ("- ", [("-", 0, False, 0, False)]),  # the trailing space is gone before bullets are read
        ("  - nested item", [("nested item", 0, False, 2, True)]),
        ("-   spaced item", [("spaced item", 0, False, 0, True)]),
        ("- - double", [("- double", 0, False, 0, True)]),
    ],
)
def test_bullet_edge_cases(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


def test_blocks_start_kept() -> None:
    blocks = segment("Home\n\nThe council voted.\n- item")
    assert all(b.kept and b.rule is None and b.hint is None for b in blocks)


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nBy Maria Lopez\n\n- one\n- two\n\n  indented line\nlast",
        "Zeile\u00a0eins\r\n\r\n\tZeile zwei\n• Punkt",
        "  \n\n\n",
    ],
)
def test_block_text_is_trimmed_and_non_empty(text: str) -> None:
    for block in segment(text):
        assert block.text
        assert block.text == block.text.strip()
        assert "\n" not in block.text
