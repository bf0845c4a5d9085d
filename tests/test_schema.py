"""Every Article the library or the CLI writes validates against the published JSON Schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import clean
from clean import golden
from conftest import ARTICLE, FIXTURES, HTML_PAGE, SEEDS


def load_schema() -> dict[str, Any]:
    text = resources.files("clean").joinpath("data/article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


SCHEMA = load_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
SEED_PATHS = sorted(SEEDS.glob("*.txt"))
CASES = golden.load_cases(FIXTURES) if FIXTURES.is_dir() else []


def errors_of(data: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_documents_every_field() -> None:
    data = clean.clean_page(ARTICLE, explain=True).to_dict()
    assert set(SCHEMA["properties"]) == set(data)
    assert set(SCHEMA["required"]) == set(data) - {"removed"}
    assert SCHEMA["additionalProperties"] is False
    assert all("description" in spec for spec in SCHEMA["properties"].values())


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
@pytest.mark.parametrize("path", SEED_PATHS, ids=[p.stem for p in SEED_PATHS])
def test_seed_outputs_validate(path: Path, explain: bool) -> None:
    article = clean.clean_page(path.read_bytes(), page_id=path.stem, source_path=f"seeds/{path.name}", explain=explain)
    assert errors_of(article.to_dict()) == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_outputs_validate(case: golden.Case) -> None:
    data = golden.run_case(case)
    if "error" in data:
        pytest.skip(f"refused with {data['error']}")
    assert errors_of(data) == []


def test_html_output_validates() -> None:
    assert errors_of(clean.clean_page(HTML_PAGE, url="https://e.org/", explain=True).to_dict()) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("extra", 1),
        ("language", "eng"),
        ("published", "21 February 2024"),
        ("kind", "pdf"),
        ("title", ""),
        ("word_count", -1),
        ("removed", [{"rule": "menu", "text": "x"}]),
    ],
)
def test_schema_rejects(field: str, value: Any) -> None:
    data = clean.clean_page(ARTICLE).to_dict()
    data[field] = value
    assert errors_of(data)


@pytest.mark.parametrize("value", ["2024-02-21", "2024-02-21T08:30", "2024-02-21T08:30:00+01:00"])
def test_schema_accepts_iso_dates_and_datetimes(value: str) -> None:
    data = dict(clean.clean_page(ARTICLE).to_dict(), published=value)
    assert errors_of(data) == []
