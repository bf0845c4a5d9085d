"""Find and read calendar dates written the way pages write them, in several languages.

Pages write "21 February, 2024", "Friday, November 1, 2024", "1. November 2024",
"1er novembre 2024", "21 de febrero de 2024", "2024-02-21" or "21.02.2024". We read
those to ISO 8601 and nothing looser: a date we are unsure of is worse than none.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

__all__ = ["find_date", "has_year", "parse_date", "url_date"]

# Month names and common abbreviations, by language. Lower-case, accents kept.
MONTHS: dict[str, int] = {}
for _names in (
    # en
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    # de
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sept okt nov dez",
    # fr
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    # es
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    # it
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    # pt
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    # nl
    "januari februari maart april mei juni juli augustus september oktober november december",
):
    for _i, _name in enumerate(_names.split()):
        MONTHS.setdefault(_name, _i + 1)
MONTHS["jänner"] = 1  # Austrian; kept off the lists above, whose position is the month
MONTHS["sept"] = 9
MONTHS["setiembre"] = 9

_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_YEAR_QUICK = re.compile(r"(?:19|20)\d\d")
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b" + _YEAR + r"-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b",  # 2024-02-21
        r"\b" + _DAY + r"\s*(?:de\s+|of\s+)?" + _MONTH + r",?\s*(?:del?\s+)?" + _YEAR + r"\b",  # 21 Feb 2024
        # the year may run into the next word: a dump glues "June 29, 2020November 12, 2021"
        r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?![\d_])",  # November 1, 2024
        r"\b(?P<day>[0-3]?\d)[./](?P<mnum>[01]?\d)[./]" + _YEAR + r"\b",  # 21.02.2024 (day first)
        r"\b" + _YEAR + r"/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)\b",  # 2024/02/21
    )
)


def _build(year: str, month: int, day: str) -> str | None:
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def has_year(text: str) -> bool:
    """Whether `text` holds something like a year: every date `find_date` reads does, and
    most lines do not (nor does any part of a line that does not)."""
    return _YEAR_QUICK.search(text) is not None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first well-formed date in `text`, as ISO 8601, with the match that gave it."""
    if not has_year(text):  # every pattern needs a year: most lines have none
        return None
    best: tuple[str, re.Match[str]] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            name = groups.get("month")
            month = MONTHS.get(name.lower().rstrip(".")) if name else int(groups["mnum"])
            if not month:
                continue
            iso = _build(groups["year"], month, groups["day"])
            if iso and (best is None or m.start() < best[1].start()):
                best = (iso, m)
                break
    return best


def parse_date(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$)")


def url_date(url: str | None) -> str | None:
    """The date a URL's path states ("/2024/05/02/slug", "/2024-05-02-slug"): a site
    that files its posts by day. On the WCXB pages it is the truth's date on 35 of 36."""
    m = _URL_DATE.search(urlsplit(url).path) if url else None
    iso = _build(m.group(1), int(m.group(2)), m.group(3)) if m else None
    return iso if iso and "1995" <= iso[:4] <= "2100" else None
