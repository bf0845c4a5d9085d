"""normalize.py: bytes to text, and text to comparable lines without losing typography."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean import CleanError, DecodeError
from clean.normalize import decode, normalize_line, normalize_text

# (raw line, normalised line)
LINES = [
    # mojibake (UTF-8 read as cp1252) is repaired, and curly quotes stay curly
    ("donâ€™t", "don’t"),
    ("Itâ€™s a â€œtestâ€\x9d", "It’s a “test”"),
    ("Ã©tÃ© Ã  Paris", "été à Paris"),
    ("Ãœber MÃ¼nchen", "Über München"),
    ("El niÃ±o y la seÃ±ora", "El niño y la señora"),
    ("Â£5 for a coffee", "£5 for a coffee"),
    # zero-width, soft hyphen, byte-order mark and direction marks are invisible
    ("zero\u200bwidth", "zerowidth"),
    ("join\u200c\u200dme", "joinme"),
    ("soft\u00adhyphen", "softhyphen"),
    ("\ufeffbom", "bom"),
    ("word\u2060joiner", "wordjoiner"),
    ("left\u200eright\u200f", "leftright"),
    # control characters go
    ("a\x00b\x07c\x1bd", "abcd"),
    # odd spaces become one plain space; the line is trimmed
    ("no\u00a0break", "no break"),
    ("narrow\u202fno-break", "narrow no-break"),
    ("ideographic\u3000space", "ideographic space"),
    ("em\u2003space", "em space"),
    ("many   \t  spaces", "many spaces"),
    ("  leading and trailing \t ", "leading and trailing"),
    # the author's typography stays
    ("“Curly” ‘quotes’ «guillemets» „Anführung“", "“Curly” ‘quotes’ «guillemets» „Anführung“"),
    ("en – dash, em — dash, ellipsis…", "en – dash, em — dash, ellipsis…"),
    ("l’été, it’s", "l’été, it’s"),
    # composed (NFC): a decomposed accent becomes one code point
    ("cafe\u0301", "café"),
    ("Mu\u0308nchen", "München"),
    ("n\u0303", "ñ"),
    # clean non-ASCII text is left as it is
    ("São Paulo, Zürich, Ærø, façade, Ñandú, Łódź", "São Paulo, Zürich, Ærø, façade, Ñandú, Łódź"),
    ("Straße, Œuvre, ÿ", "Straße, Œuvre, ÿ"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), LINES)
def test_normalize_line(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), LINES)
def test_normalize_text_agrees_with_normalize_line(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(("raw", "_expected"), LINES)
def test_output_is_nfc(raw: str, _expected: str) -> None:
    out = normalize_line(raw)
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("one\u2028two\u2029three", "one\ntwo\nthree"),
        ("one\x0btwo\x0cthree\x85four", "one\ntwo\nthree\nfour"),
        ("one\n\n\ntwo", "one\n\n\ntwo"),  # blank lines are kept: the segmenter reads them
        ("  indented\n\ttab", "indented\ntab"),
        ("trailing   \nspace\t", "trailing\nspace"),
        ("   \n\t\n", "\n\n"),
        ("\u2003lead em space", "lead em space"),
    ],
)
def test_normalize_text_keeps_the_line_structure(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  two\n\tone tab\n    four", "  two\n one tab\n    four"),
        ("\u00a0\u00a0nbsp", "  nbsp"),
        ("  inner   runs  ", "  inner runs"),
        ("   \nx", "\nx"),
    ],
)
def test_keep_indent_keeps_leading_spaces(raw: str, expected: str) -> None:
    assert normalize_text(raw, keep_indent=True) == expected


@pytest.mark.parametrize(
    "raw",
    [
        # mojibake next to a no-break space, an invisible or a run of spaces: ftfy reads
        # those differently before and after they are cleaned up (found by Hypothesis)
        "\u00a0Ã©",
        "Il a bu un caf\u00a0Ã© au lait.",
        "The mayor said\u00a0â€œyesâ€\x9d today.",
        "Â\u200b€",
        "é\u00a0\u00a0â€™",
        "Â\tÂâ€™",
        "Ã\u00a0 bientôt",
        "donâ€™t",
        "a\u0301\u200be",
    ],
)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    indented = normalize_text(raw, keep_indent=True)
    assert normalize_text(indented, keep_indent=True) == indented


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\ud800b", "a\ufffdb"),  # a lone surrogate cannot be encoded: replacement character
        ("\udcff", "\ufffd"),
        ("\ud83d\ude00 smile", "😀 smile"),  # a surrogate pair is the character it encodes
    ],
)
def test_surrogates_from_lossy_decoders(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected
    normalize_text(raw).encode("utf-8")  # now encodable


# --- decode -------------------------------------------------------------------------

TEXTS = [
    "The council voted on Tuesday.",
    "Der Stadtrat hat am Dienstag über die Brücke abgestimmt, sagte die Sprecherin.",
    "Le café crème et la crème brûlée sont très appréciés à Paris, dit le garçon.",
    "El niño comió una piña en la montaña, según la señora.",
    "“Smart quotes” – and dashes — said the editor’s note.",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_decode_unicode(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("text", TEXTS)
def test_decode_utf16_big_endian_with_bom(text: str) -> None:
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == text


@pytest.mark.parametrize(
    "text",
    [
        # French and Spanish score the same in cp1250 and cp1252: cp1252 must win the tie
        "Le café crème et la crème brûlée sont très appréciés à Paris, dit le garçon.",
        "El niño comió una piña en la montaña, según la señora.",
        "“Smart quotes” – and dashes — said the editor’s note.",
        "Grüße aus München, schöne Straße",
        "Die Bürgermeisterin sagte, dass die Brücke über den Fluss im Frühjahr fertig werde. "
        "Die Kosten lägen bei vier Millionen Euro, hieß es.",
        "Der Stadtrat hat am Dienstag über die Brücke abgestimmt, sagte die Sprecherin.",
        "Il a dit : « oui ».",
        "Müller",
        # short text the detector alone reads as CJK or UTF-16 ("über" -> "暅er")
        "Grüße",
        "Café",
    ],
)
def test_decode_western_single_byte(text: str) -> None:
    assert decode(text.encode("cp1252")) == text


def test_decode_central_european_single_byte() -> None:
    text = "Zażółć gęślą jaźń, powiedział pan Łukasz w środę."
    assert decode(text.encode("cp1250")) == text


def test_decode_empty() -> None:
    assert decode(b"") == ""


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\x00\xd8\x00",  # UTF-16 BOM, then half a surrogate pair
        codecs.BOM_UTF8 + b"\xff\xfe abc",  # UTF-8 BOM, then bytes UTF-8 never has
        bytes(range(256)) * 3,  # binary
    ],
)
def test_decode_refuses_bytes_that_are_not_text(raw: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        decode(raw)
    assert isinstance(info.value, CleanError)
    assert info.value.reason == "undecodable"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("東京の天気は晴れです。明日は雨が降るでしょう。", "shift_jis"),
        ("東京の天気は晴れです。明日は雨が降るでしょう。", "utf-16-le"),
        ("北京今天天气很好，明天可能会下雨。", "gb18030"),
        ("北京今天天气很好，明天可能会下雨。", "utf-16-le"),
        ("서울의 날씨는 맑습니다.", "euc-kr"),
    ],
)
def test_decode_keeps_multi_byte_text(text: str, encoding: str) -> None:
    # the single-byte preference must not take real CJK or UTF-16 text
    decoded = decode(text.encode(encoding))
    assert decoded == text or not _looks_latin(decoded)


def _looks_latin(text: str) -> bool:
    return sum(ch.isascii() for ch in text) > 0.7 * len(text)


@pytest.mark.parametrize(
    ("head", "codec", "text"),
    [
        ('<meta charset="iso-8859-1">', "cp1252", "Crème brûlée à la carte"),
        ("<meta charset=windows-1251>", "cp1251", "Привет, мир"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">', "shift_jis", "日本語のページ"),
    ],
)
def test_html_meta_charset_decides_when_utf8_fails(head: str, codec: str, text: str) -> None:
    from clean.normalize import decode, meta_charset

    raw = f"<html><head>{head}</head><body><p>{text}</p></body></html>".encode(codec)
    assert meta_charset(raw) is not None
    assert text in decode(raw)


def test_valid_utf8_wins_over_a_wrong_meta_charset() -> None:
    from clean.normalize import decode

    raw = '<html><head><meta charset="iso-8859-1"></head><body><p>Crème</p></body></html>'.encode()
    assert "Crème" in decode(raw)


# --- where the charset comes from: BOM > HTTP header > <meta> > detection ------------

# 24 kB of scripts and styles before the body: the non-ASCII bytes come late, as on real pages
_LONG_HEAD = (
    "<!DOCTYPE html><html><head><title>Page</title>\n"
    + "".join(f"<script>window.cfg{i} = {{slot: 'top-{i}', sizes: [[300, 250]]}};</script>\n" for i in range(300))
    + "<style>"
    + ".nav a{color:#333;padding:4px 8px}\n" * 200
    + "</style></head><body>\n"
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Der Bürgermeister sagte, die Brücke über den Fluss werde im Frühjahr fertig. „Endlich“, hieß es.", "cp1252"),
        ("Le café crème et la crème brûlée sont très appréciés à Paris, dit le garçon.", "latin-1"),
        ("Мэр города заявил, что мост через реку будет готов весной. Стоимость составит четыре миллиона.", "cp1251"),
        ("東京の天気は晴れです。明日は雨が降るでしょう。市長は橋が春に完成すると述べた。", "shift_jis"),
        ("서울의 날씨는 맑습니다. 시장은 다리가 봄에 완공될 것이라고 말했습니다.", "euc-kr"),
    ],
    ids=["cp1252", "latin-1", "cp1251", "shift_jis", "euc-kr"],
)
def test_detection_reads_non_ascii_text_far_past_the_head(text: str, codec: str) -> None:
    # no BOM, no header, no <meta>: the detector must see the body, not the first 20 kB
    assert len(_LONG_HEAD) > 20_000
    raw = f"{_LONG_HEAD}<article><h1>News</h1><p>{text}</p></article></body></html>".encode(codec)
    assert text in decode(raw)


def test_detection_sees_every_paragraph_of_a_long_page() -> None:
    # the accented words are spread thinly over 400 kB: all of them must decode
    paragraphs = [f"<p>Paragraph {i} of plain words about the harbour and the town.</p>\n" for i in range(5000)]
    for i in (10, 2500, 4990):
        paragraphs[i] = f"<p>Paragraph {i}: Grüße aus München, schöne Straße.</p>\n"
    decoded = decode((_LONG_HEAD + "".join(paragraphs)).encode("cp1252"))
    assert decoded.count("Grüße aus München, schöne Straße") == 3


def test_bom_beats_the_header_and_the_meta() -> None:
    raw = codecs.BOM_UTF8 + '<meta charset="iso-8859-1"><p>Crème brûlée</p>'.encode()
    assert "Crème brûlée" in decode(raw, charset="cp1251")


def test_header_beats_the_meta() -> None:
    # both decode the bytes; only the header's reading is right (è is č in latin-2)
    raw = '<meta charset="iso-8859-2"><p>Crème brûlée à la carte, señor</p>'.encode("cp1252")
    assert "Crème brûlée à la carte, señor" in decode(raw, charset="cp1252")
    assert "Crème" not in decode(raw)  # without the header the (wrong) meta decides


def test_meta_beats_detection() -> None:
    # the detector reads byte A4 as cp1252's "¤"; the page says latin-9, where it is "€"
    raw = '<meta charset="iso-8859-15"><p>Le café coûte 3 € à Paris.</p>'.encode("iso-8859-15")
    assert "Le café coûte 3 € à Paris." in decode(raw)
    assert "€" not in decode(raw.replace(b'<meta charset="iso-8859-15">', b""))


def test_a_header_charset_that_does_not_fit_is_ignored() -> None:
    raw = "<p>Grüße aus München, schöne Straße</p>".encode("cp1252")  # not UTF-8
    assert "Grüße aus München, schöne Straße" in decode(raw, charset="utf-8")


@pytest.mark.parametrize("label", ["ISO-8859-1", "latin1", "us-ascii"])
def test_header_latin1_means_windows_1252(label: str) -> None:
    from clean.normalize import declared_charset

    assert declared_charset(f"text/html; charset={label}") == "cp1252"
    raw = "<p>It’s “quoted” — 5 €</p>".encode("cp1252")
    assert "It’s “quoted” — 5 €" in decode(raw, charset=declared_charset(f"text/html; charset={label}"))


# --- the shortcuts change nothing ---------------------------------------------------------
#
# `normalize_text` skips the steps a page cannot need (one scan for every character they
# replace or remove; no collapsing of odd spaces on a page without any). The reference is
# every step, always.


def _reference_normalize(text: str, keep_indent: bool, keep_gaps: bool) -> str:
    from clean import normalize as n

    def once(text: str) -> str:
        text = n._BREAKS.sub("\n", text)
        if n._MOJIBAKE.search(text):
            text = "\n".join(n._fix_mojibake(line) for line in text.split("\n"))
        text = n._INVISIBLE.sub("", text)
        text = n._CONTROL.sub("", text)
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        out = []
        for line in text.split("\n"):
            body = line.lstrip(n._SPACE_CHARS)
            if not body:
                out.append("")
                continue
            lead = len(line) - len(body) if keep_indent else 0
            body = (n._ODD_SPACES if keep_gaps else n._SPACES).sub(" ", body).rstrip(" \t")
            out.append(" " * lead + body)
        return "\n".join(out)

    if n._SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = once(text)
    for _ in range(3):
        if not n._MOJIBAKE.search(text):
            break
        again = once(text)
        if again == text:
            break
        text = again
    return text


_ODD = list("ab é.\n\t  \u00a0\u2003\r\u2028\x85\x0b\u200b\u00ad\ufeff\x00\x1b\x9dÃ©Â€™œ\u0301\u0302A\u00a9\x80\ud800")


@settings(derandomize=True, max_examples=1500, database=None, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(_ODD), max_size=40) | st.text(max_size=40), indent=st.booleans())
def test_normalize_text_equals_every_step_always(text: str, indent: bool) -> None:
    for gaps in (False, True):
        assert normalize_text(text, keep_indent=indent, keep_gaps=gaps) == _reference_normalize(text, indent, gaps)
