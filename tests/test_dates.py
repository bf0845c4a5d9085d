"""dates.py: calendar dates as pages write them, in several languages, read to ISO 8601."""

from __future__ import annotations

import pytest

from clean.dates import MONTHS, find_date, parse_date, url_date

DATES = [
    # en
    ("21 February, 2024", "2024-02-21"),
    ("Friday, November 1, 2024", "2024-11-01"),
    ("November 1, 2024", "2024-11-01"),
    ("Nov 1 2024", "2024-11-01"),
    ("Sept. 5, 2021", "2021-09-05"),
    ("Dec 25 2020", "2020-12-25"),
    ("May 5th, 2024", "2024-05-05"),
    ("1st March 2021", "2021-03-01"),
    ("2nd of May 2020", "2020-05-02"),
    ("Sunday 4 Aug 2019", "2019-08-04"),
    ("Posted on March 3rd, 2023 by Jane Doe", "2023-03-03"),
    ("21 FEB. 2024", "2024-02-21"),
    # de
    ("1. November 2024", "2024-11-01"),
    ("15. März 2022", "2022-03-15"),
    ("Dienstag, 2. Januar 2024", "2024-01-02"),
    ("2. Jänner 2024", "2024-01-02"),
    ("12 Mai 2023", "2023-05-12"),
    ("Am 3. Oktober 2020 um 10:30 Uhr", "2020-10-03"),
    ("1. MÄRZ 2024", "2024-03-01"),
    ("veröffentlicht am 24. Dez. 2023", "2023-12-24"),
    ("3. Okt. 2020", "2020-10-03"),
    ("7. Mär 2021", "2021-03-07"),
    # fr
    ("1er novembre 2024", "2024-11-01"),
    ("3 mars 2023", "2023-03-03"),
    ("lundi 4 décembre 2023", "2023-12-04"),
    ("le 14 juillet 2023 à 10h", "2023-07-14"),
    ("14 juil. 2023", "2023-07-14"),
    ("2 août 2023", "2023-08-02"),
    ("17 déc. 2022", "2022-12-17"),
    ("Publié le 5 févr. 2024", "2024-02-05"),
    # es
    ("21 de febrero de 2024", "2024-02-21"),
    ("martes, 7 de marzo de 2023", "2023-03-07"),
    ("el 5 de septiembre de 2021", "2021-09-05"),
    ("5 setiembre 2021", "2021-09-05"),
    ("10 ago 2023", "2023-08-10"),
    ("12 noviembre, 2024", "2024-11-12"),
    ("1 de enero del 2024", "2024-01-01"),
    ("3 mayo 2024", "2024-05-03"),
    # it, pt, nl (cheap to know)
    ("10 gennaio 2020", "2020-01-10"),
    ("10 março 2020", "2020-03-10"),
    ("10 maart 2020", "2020-03-10"),
    # numeric
    ("2024-02-21", "2024-02-21"),
    ("on 2024-2-3", "2024-02-03"),
    ("21.02.2024", "2024-02-21"),
    ("1.2.2024", "2024-02-01"),
    ("21/02/2024", "2024-02-21"),
    ("13/02/2024", "2024-02-13"),
    ("2024/02/21", "2024-02-21"),
    # leap years
    ("29 February 2024", "2024-02-29"),
    ("2000-02-29", "2000-02-29"),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        # impossible days: a date we are unsure of is worse than none
        "31 February 2024",
        "29 February 2023",
        "November 31, 2024",
        "31 de abril de 2024",
        "31. April 2024",
        "31 juin 2024",
        "2024-02-31",
        "2024-13-01",
        "31.02.2024",
        "99 November 2024",
        # month first with slashes is not read: 02/13 is ambiguous in general
        "02/13/2024",
        # incomplete or out of range
        "Juni 2024",
        "November 2024",
        "1 janvier 1899",
        "1 January 2100",
        "no date here",
        "",
        "Version 1.2.2024b",
        "Call 2024 02 21",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


def test_find_date_returns_the_match() -> None:
    found = find_date("By Maria Lopez - Posted: Friday, November 1, 2024 at 10:00")
    assert found is not None
    iso, match = found
    assert iso == "2024-11-01"
    assert match.group(0) == "November 1, 2024"


@pytest.mark.parametrize(
    ("text", "iso", "matched"),
    [
        ("From 1 March 2024 to 2024-01-05", "2024-03-01", "1 March 2024"),
        ("Updated 2024-01-05, first published 1 March 2024", "2024-01-05", "2024-01-05"),
        ("31 February 2024 and 1 March 2024", "2024-03-01", "1 March 2024"),
        ("21.02.2024 / 22 February 2024", "2024-02-21", "21.02.2024"),
        ("Posted on June 29, 2020November 12, 2021", "2020-06-29", "June 29, 2020"),  # a dump's glued dates
    ],
)
def test_find_date_takes_the_first_well_formed_date(text: str, iso: str, matched: str) -> None:
    found = find_date(text)
    assert found is not None
    assert found[0] == iso
    assert found[1].group(0) == matched


def test_find_date_none() -> None:
    assert find_date("The council voted on Tuesday.") is None
    assert find_date("Order November 1, 20245") is None  # no year runs into more digits


# fmt: off
MONTH_NAMES = [
    ("january", 1), ("februar", 2), ("mars", 3), ("abril", 4), ("mai", 5), ("juin", 6),
    ("julio", 7), ("août", 8), ("sept", 9), ("setiembre", 9), ("oktober", 10), ("okt", 10),
    ("noviembre", 11), ("dez", 12), ("déc", 12), ("dic", 12), ("mär", 3), ("jänner", 1),
]
# fmt: on


@pytest.mark.parametrize(("name", "month"), MONTH_NAMES)
def test_month_names(name: str, month: int) -> None:
    assert MONTHS[name] == month


def test_every_month_name_is_a_month() -> None:
    # the lists are read by position: one name too many shifts the rest of its line
    assert all(1 <= month <= 12 for month in MONTHS.values())
    assert (MONTHS["okt"], MONTHS["dez"], MONTHS["mär"]) == (10, 12, 3)


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://example.com/2024/05/02/council-votes/", "2024-05-02"),
        ("https://example.com/news/2024-5-2-council-votes", "2024-05-02"),
        ("https://example.com/2024/05/council-votes/", None),  # a month is no date
        ("https://example.com/2024/13/02/x", None),
        ("https://example.com/1990/01/01/x", None),  # before the web had such sites
        ("https://example.com/x?d=/2024/05/02/", None),  # the query is not the path
        (None, None),
    ],
)
def test_url_date(url: str | None, iso: str | None) -> None:
    assert url_date(url) == iso
