"""Input containers: page files, .gz pages, JSONL and WARC, read lazily with failures in place."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clean.readers import (
    Failure,
    Source,
    input_format,
    is_safe_id,
    read_page,
    read_records,
    record_id,
    sanitize_id,
    stem,
)
from conftest import ARTICLE, HTML_PAGE

MAX = 1_000_000


def write_warc(path: Path, pages: list[tuple[str, str, bytes]], *, gz: bool) -> None:
    """(url, content type, payload) responses, each after a request record, as a crawler writes them."""
    # lengths given, so warcio's writer needs no spool file to measure the payloads
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, ctype, payload in pages:
            get = b"GET / HTTP/1.1\r\n\r\n"
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(get), length=len(get))
            writer.write_record(request)
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
            )
            writer.write_record(response)


def container(path: Path, page_id: str = "box") -> Source:
    return Source(id=page_id, source_path=path.name, path=str(path))


@pytest.mark.parametrize(
    ("name", "fmt", "stem_"),
    [
        ("a.txt", "page", "a"),
        ("a.HTML", "page", "a"),
        ("a.htm", "page", "a"),
        ("a.html.gz", "page.gz", "a"),
        ("a.b.txt.gz", "page.gz", "a.b"),
        ("crawl.jsonl", "jsonl", "crawl"),
        ("crawl.jsonl.gz", "jsonl", "crawl"),
        ("crawl.warc", "warc", "crawl"),
        ("crawl.warc.gz", "warc", "crawl"),
        ("notes.md", None, "notes"),
        ("archive.gz", None, "archive"),
        (".warc", None, ".warc"),
    ],
)
def test_input_format_and_stem(name: str, fmt: str | None, stem_: str) -> None:
    assert input_format(name) == fmt
    assert stem(name) == stem_


def test_read_page_gunzips_and_caps(tmp_path: Path) -> None:
    page = tmp_path / "p.html.gz"
    page.write_bytes(gzip.compress(HTML_PAGE.encode()))
    assert read_page(str(page), MAX) == HTML_PAGE.encode()
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    with pytest.raises(Exception, match="over the cap") as caught:
        read_page(str(bomb), MAX)
    assert getattr(caught.value, "reason", None) == "too-large"
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gzip.compress(HTML_PAGE.encode() * 50)[:-20])
    with pytest.raises(EOFError):
        read_page(str(truncated), MAX)


def test_jsonl_records_ids_kinds_and_failures(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://example.org/a", "html": HTML_PAGE}),
        json.dumps({"text": ARTICLE, "id": "../../etc/passwd"}),
        "",  # blank lines are not records
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"html": HTML_PAGE, "text": ARTICLE}),
        json.dumps({"text": 42}),
        json.dumps({"text": ARTICLE, "url": 7}),
        json.dumps({"text": ARTICLE, "id": 12}),
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_records(container(path), MAX))
    assert [o.id for o in out] == [
        "box~0",
        "box~1~_.._etc_passwd",
        "box~2",
        "box~3",
        "box~4",
        "box~5",
        "box~6",
        "box~7~12",
    ]
    first, second = out[0], out[1]
    assert isinstance(first, Source) and first.url == "https://example.org/a" and first.kind is None
    assert isinstance(second, Source) and second.kind == "text" and second.data == ARTICLE
    assert [o.reason for o in out[2:7] if isinstance(o, Failure)] == ["bad-record"] * 5
    assert all(is_safe_id(o.id) for o in out)


def test_jsonl_line_over_the_cap_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "word " * 200_000})
    path.write_text(big + "\n" + json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    out = list(read_records(container(path), 1000))
    assert isinstance(out[0], Failure) and out[0].reason == "too-large"
    assert isinstance(out[1], Source) and out[1].id == "box~1"


def test_truncated_jsonl_gz_keeps_what_came_before(tmp_path: Path) -> None:
    body = "".join(json.dumps({"text": f"{ARTICLE} {i}"}) + "\n" for i in range(200))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(body.encode())[:-200])
    out = list(read_records(container(path), MAX))
    assert isinstance(out[-1], Failure) and out[-1].reason == "unreadable"
    assert all(isinstance(o, Source) for o in out[:-1]) and len(out) > 1


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_with_headers(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(
        path,
        [
            ("https://example.org/a", "text/html; charset=iso-8859-1", "<p>Caf\xe9 au lait</p>".encode("latin-1")),
            ("https://example.org/logo.png", "image/png", b"\x89PNG..."),
            ("https://example.org/b", "application/xhtml+xml", HTML_PAGE.encode()),
        ],
        gz=gz,
    )
    out = list(read_records(container(path), MAX))
    assert [o.id for o in out] == ["box~1", "box~5"]  # records: request, response, ...
    first = out[0]
    assert isinstance(first, Source) and first.url == "https://example.org/a"
    assert first.headers is not None and ("Content-Type", "text/html; charset=iso-8859-1") in first.headers
    assert first.data == "<p>Caf\xe9 au lait</p>".encode("latin-1")


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_gives_an_error_line_after_the_good_records(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / "crawl.warc"
    pages = [(f"https://example.org/{i}", "text/html", HTML_PAGE.encode()) for i in range(3)]
    write_warc(path, pages, gz=gz)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 150])
    out = list(read_records(container(path), MAX))
    assert [o.id for o in out if isinstance(o, Source)] == ["box~1", "box~3"]
    assert isinstance(out[-1], Failure) and out[-1].reason == "bad-record"
    assert out[-1].id == "box~5"  # the truncated response itself


def test_warc_payload_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://example.org/big", "text/html", b"<p>" + b"x" * 5000)], gz=True)
    (only,) = read_records(container(path), 1000)
    assert isinstance(only, Failure) and only.reason == "too-large"


def test_garbage_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"\x00\x01 this is not a WARC file at all\n" * 10)
    (only,) = read_records(container(path), MAX)
    assert isinstance(only, Failure) and only.reason == "bad-record"


@settings(derandomize=True, max_examples=200)
@given(st.text(), st.integers(min_value=0, max_value=10**9), st.none() | st.text())
def test_record_ids_are_safe_and_distinct_from_file_ids(name: str, index: int, own: str | None) -> None:
    page_id = record_id(sanitize_id(name), index, own)
    assert is_safe_id(page_id)
    assert "~" in page_id and "~" not in sanitize_id(name)
    assert len(f"{page_id}.json".encode()) <= 255
    assert page_id.startswith(f"{sanitize_id(name)}~{index}")


@pytest.mark.parametrize("gz", [False, True])
def test_a_broken_record_mid_file_is_an_error_and_reading_resumes_after_it(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, [(f"https://example.org/{i}", "text/html", HTML_PAGE.encode()) for i in range(4)], gz=gz)
    data = bytearray(path.read_bytes())
    marker = b"\x1f\x8b\x08" if gz else b"WARC/1."
    starts = [i for i in range(len(data)) if data[i : i + len(marker)] == marker]
    assert len(starts) == 8  # request + response per page
    broken = starts[4] + len(marker)  # inside record 4 (the third page's request)
    data[broken : broken + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    out = list(read_records(container(path), MAX))
    assert [(o.id, o.reason if isinstance(o, Failure) else "page") for o in out] == [
        ("box~1", "page"),
        ("box~3", "page"),
        ("box~4", "bad-record"),
        ("box~5", "page"),
        ("box~7", "page"),
    ]
    assert [o.url for o in out if isinstance(o, Source)] == [f"https://example.org/{i}" for i in range(4)]
