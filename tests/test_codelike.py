"""codelike.py: lines of code, shell sessions and markup, told from prose and link bars."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clean.codelike import _CODE_TOKEN, looks_like_code


@pytest.mark.parametrize(
    "line",
    [
        ">>> r = requests.get('https://en.wikipedia.org/wiki/Monty_Python')",
        '$ export HTTPS_PROXY="http://10.10.1.10:1080"',
        '{ "id": "ch_3Mml", "object": "charge", "amount": 1099, "amount_captured": 1099 }',
        "fn main() { let x = 5; let y = x; }",
        "<table> <tr> <th>Name</th> <th>Age</th> </tr> </table>",
        "curl https://api.example.com/v1/charges -u sk_test_123: -d amount=2000",
        "if err != nil { log.Fatalln(err) }",
        'services: web: build: . ports: - "8000:8000" db: image: postgres:18',  # YAML, lines joined
    ],
)
def test_code(line: str) -> None:
    assert looks_like_code(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted on Tuesday to approve a new footbridge over the river.",
        "Home » World » Europe",
        "Privacy | Terms | Contact",
        "Porridge oats; 80g; 160g; 320g",  # a table row as HTML mode writes it
        "Rest; 6 miles (s); 9 miles (m); Rest; 6-7 km (s)",
        "Read the report at example.com/a/b/c for details on the 2024/25 season.",
        "npm install stringzilla",  # too little to tell
        "Set of key-value pairs that you can attach to an object.",
        "",
    ],
)
def test_not_code(line: str) -> None:
    assert not looks_like_code(line)


@given(st.text(alphabet=st.sampled_from(list("ab_Z09 .,:;=<>/-(){}[]$#%\\\"'\n>!C")), max_size=80))
def test_the_character_screen_never_changes_the_answer(text: str) -> None:
    # the screen counts characters every token holds: it may only skip lines whose
    # answer the full pattern would have made False
    hits = len(_CODE_TOKEN.findall(text))
    assert looks_like_code(text) == (hits >= 2 and hits * 4 >= len(text.split()))
