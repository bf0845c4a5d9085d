"""One golden case per folder under fixtures/: the article we expect, and stability.

A case without expected.json fails as "new" until `clean golden update fixtures` writes it
and someone reviews the diff. A failure message is the readable diff `clean golden check`
prints.
"""

from __future__ import annotations

import pytest

from clean import CleanError, golden
from conftest import FIXTURES

CASES = golden.load_cases(FIXTURES) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_matches_expected(case: golden.Case) -> None:
    actual = golden.run_case(case)
    problems = golden.compare(golden.read_expected(case), actual)
    if problems:
        label = "new" if not case.expected_path.exists() else "changed"
        pytest.fail(golden.format_diff(case.name, problems, label), pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_stable(case: golden.Case) -> None:
    try:
        article = golden.clean_case(case)
    except CleanError as exc:
        pytest.skip(f"refused with {exc.reason}: nothing to re-clean")
    problems = golden.check_stable(article)
    if problems:
        pytest.fail(golden.format_diff(case.name, problems, "unstable"), pytrace=False)
