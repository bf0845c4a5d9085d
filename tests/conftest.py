"""Shared paths and sample pages. Tests write only under tmp_path, never into the repo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from clean.cli import app

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SEEDS = REPO / "seeds"
CLEANED = REPO / "cleaned"

# A small page with some chrome around a three-paragraph article. Tests compare the CLI
# with the library rather than pinning what the pipeline keeps, which others tune.
ARTICLE = """Home | News | Sport | Weather | Contact

Council approves new bridge over the Wend

By Maria Lopez

The city council voted on Tuesday to approve a new footbridge over the river Wend, \
ending a decade of debate about how to link the two halves of the old town.

The bridge will cost 4.2 million euros and should open in the spring of 2026, the \
council said in a statement after the vote.

Residents on both banks had campaigned for the crossing since the old ferry stopped \
running in 2014.

We use cookies to improve your experience. Accept all cookies
"""

HTML_PAGE = (
    "<!doctype html><html><head><title>Bridge</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
    "<h1>Council approves bridge</h1>"
    "<p>The city council voted on Tuesday to approve a new footbridge over the river.</p>"
    "<p>It will open in 2026 and cost four million euros, the council said.</p>"
    "</article></body></html>"
)

# Bytes no text encoding accepts (an invalid UTF-16 sequence after a UTF-16 BOM).
UNDECODABLE = b"\xff\xfe\x00\xd8\x00"


def article_variant(n: int) -> str:
    """A distinct page per n, so outputs differ and ordering bugs show."""
    return ARTICLE.replace("Wend", f"Wend{n}").replace("4.2", f"4.{n}")


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the app in-process: `cli("run", "x", "-o", "out", input=b"...")`."""
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke
