"""Turn raw bytes or text into clean Unicode lines.

Why each step:
- mojibake ("â€™" for "’") is repaired with ftfy, but only on lines that carry its
  signature: ftfy over a whole page costs ~1 ms per kB, and most pages are clean;
- NFC so that the same word is the same string (dedup, language id, diffs);
- zero-width and control characters are invisible to readers and break word matching;
- whitespace runs collapse, but the author's typography (curly quotes, dashes) stays.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy

from .errors import DecodeError

__all__ = ["declared_charset", "decode", "line_breaks", "meta_charset", "normalize_line", "normalize_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# First byte of a UTF-8 sequence read as Latin-1/cp1252, followed by a continuation
# byte read the same way: the fingerprint of mojibake. Cheap to scan, rare in real text.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]"
)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")  # all but space and tab
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # one is enough to know (a faster scan)
_SPACE_CHARS = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SURROGATE = re.compile("[\ud800-\udfff]")
# what _SURROGATE, _BREAKS, _INVISIBLE and _CONTROL find, in one character class
_UNUSUAL = re.compile(
    "[\ud800-\udfff\r\u2028\u2029\x0b\x0c\x85\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e"
    "\u2066-\u2069\x00-\x08\x0e-\x1f\x7f-\x9f]"
)


# WHATWG: labels that mean windows-1252 on the web, whatever the label says
_WEB_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def declared_charset(content_type: str | None) -> str | None:
    """The codec a `Content-Type` value names, if Python knows it."""
    if not content_type:
        return None
    found = _CHARSET.search(content_type)
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1)).name
    except LookupError:
        return None
    # as browsers do (WHATWG): "ISO-8859-1" on the wire means windows-1252, whose curly
    # quotes and dashes latin-1 would turn into invisible C1 controls
    return _WEB_ALIASES.get(name, name)


_META_CHARSET = re.compile(
    rb"""<meta[^>]+?(?:charset\s*=\s*["']?\s*([\w.:-]+)|http-equiv\s*=\s*["']?content-type["']?[^>]*?"""
    rb"""content\s*=\s*["'][^"']*?charset\s*=\s*([\w.:-]+))""",
    re.IGNORECASE,
)
_META_SCAN = 8192  # bytes of the head searched for <meta charset>: WHATWG says 1024, real pages run longer


def meta_charset(raw: bytes) -> str | None:
    """The codec an HTML page's own `<meta charset>` or `http-equiv` names, if Python knows it."""
    found = _META_CHARSET.search(raw[:_META_SCAN])
    if not found:
        return None
    label = (found.group(1) or found.group(2) or b"").decode("ascii", "ignore")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a page that says UTF-16 in ASCII bytes is not UTF-16 (WHATWG treats it as UTF-8)
    return None if name.startswith("utf-16") or name.startswith("utf-32") else _WEB_ALIASES.get(name, name)


def decode(raw: bytes, *, charset: str | None = None) -> str:
    """Decode bytes: BOM first, then the charset the transport declared (HTTP headers),
    then strict UTF-8, then the page's own `<meta charset>`, then a detector over all
    of the page's non-ASCII text (`_detector_sample`), however far into the page it is.

    A declared charset that does not decode the bytes is ignored rather than trusted:
    servers mislabel pages far more often than pages lie about their BOM.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte-order mark: {exc}") from exc
    if charset:
        try:
            return raw.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        # valid UTF-8 with non-ASCII bytes is UTF-8 whatever a <meta> says: by chance it never is
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = meta_charset(raw)
    if declared:
        try:
            return raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    sample = _detector_sample(raw)
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        raise DecodeError("no text encoding fits these bytes (binary data?)")
    if best.encoding not in _LATIN_CODECS and _single_byte_shape(sample):
        # On short Western text the detector can prefer a CJK, UTF-16 or exotic
        # reading ("über" -> "暅er", "Grüße" -> "Grﮰﻑe"); bytes shaped like accented
        # Latin text that read as Latin letters in cp1252 (WHATWG's default) are cp1252.
        western = raw.decode("cp1252", "replace")
        if all(_latin_char(ch) for ch in western if ord(ch) >= 0x80):
            return western
    # Western text scores the same in cp1250 and cp1252, and the detector lists cp1250
    # first ("crème" would read "crčme"); on a tie take cp1252, the web's default
    # single-byte encoding (WHATWG). Central European text does not tie, so keeps cp1250.
    for match in results:
        if match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            best = match
            break
    if sample is raw:
        return str(best)
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):  # cannot happen: every non-ASCII byte was in the sample
        return raw.decode(best.encoding, "replace")


_SAMPLE_GAP = 64  # ASCII bytes that end a span of non-ASCII text (a word or two: spans are paragraphs)
_SAMPLE_CONTEXT = 32  # ASCII bytes kept on each side of a span: the words around an accent
_HIGH_FLAGS = bytes(b >= 0x80 for b in range(256))  # translate table: 0 for ASCII, 1 for other bytes


def _detector_sample(raw: bytes) -> bytes:
    """What the detector should read: every span of the page's non-ASCII text with a
    little ASCII around it, joined by newlines.

    Pages put their non-ASCII bytes far from the start (a long `<head>` of scripts and
    CSS, then the body), and the detector reads five 512-byte chunks spread over its
    input: given the whole page it can miss the text, or see three accents of a
    Cyrillic page and call it Latin; given these spans it sees all of them, and what it
    costs follows the page's non-ASCII text rather than its size. A span ends where
    more than `_SAMPLE_GAP` ASCII bytes follow. Cutting in such a gap is safe for the
    legacy multi-byte encodings too (Shift_JIS, Big5, EUC-*, GB18030, whose second
    bytes may be ASCII): a cut falls `_SAMPLE_CONTEXT` bytes into a run of ASCII that
    follows ASCII, where no character is split. UTF-16/32 without a BOM (NUL bytes) is
    read whole: half its bytes are in the ASCII range.
    """
    if b"\x00" in raw:
        return raw
    flags = raw.translate(_HIGH_FLAGS)  # C speed: find() on flags jumps from span to gap to span
    gap = b"\x00" * (_SAMPLE_GAP + 1)
    parts = []
    start = flags.find(1)
    while start != -1:
        end = flags.find(gap, start)
        if end == -1:
            parts.append(raw[max(start - _SAMPLE_CONTEXT, 0) :])
            break
        parts.append(raw[max(start - _SAMPLE_CONTEXT, 0) : end + _SAMPLE_CONTEXT])
        start = flags.find(1, end)
    return b"\n".join(parts)


_LATIN_CODECS = frozenset(
    {"ascii", "cp1250", "cp1252", "cp1257", "latin_1", "iso8859_2", "iso8859_13", "iso8859_15"}
    | {"mac_roman", "mac_latin2"}
)


def _latin_char(ch: str) -> bool:
    """A letter of a Latin script, or the typographic punctuation Western text uses."""
    if ch in "«»“”„‘’‚–—…€£°·§©®™":
        return True
    return unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, "")


def _single_byte_shape(raw: bytes) -> bool:
    """Mostly ASCII, no control bytes, and the high bytes alone or in pairs between
    ASCII: the shape of accented Latin text in a one-byte encoding ("Grüße"). UTF-16
    text is full of control bytes, and CJK encodings write words as long high runs."""
    if not raw or _CONTROL_BYTES.search(raw):
        return False
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))  # counted before listing runs (slow on big pages)
    if not high or high > max(0.3 * len(raw), 4):
        return False
    return sum(len(run) for run in _HIGH_RUN.findall(raw) if len(run) <= 2) >= 0.5 * high


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _fix_mojibake(line: str) -> str:
    if not _MOJIBAKE.search(line):
        return line
    return str(
        ftfy.fix_text(
            line,
            uncurl_quotes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            normalization="NFC",
        )
    )


def normalize_line(line: str) -> str:
    """One line, made comparable: mojibake fixed, invisibles gone, spaces collapsed."""
    return normalize_text(line).strip()


def line_breaks(text: str) -> str:
    """Every line break as "\\n": the readers that run before normalising (`fragments.py`,
    `markdown.py`) read lines, and a Windows dump's "\\r" would end none of them."""
    return _BREAKS.sub("\n", text) if _BREAKS.search(text) else text


def normalize_text(text: str, *, keep_indent: bool = False, keep_gaps: bool = False) -> str:
    """Whole-page normalisation that keeps the line structure.

    Each line is stripped of trailing space and its inner runs of space collapsed;
    with `keep_indent` its leading spaces stay (tabs count as one), and with
    `keep_gaps` its inner runs of plain spaces and tabs too, for the segmenter to read
    the layout from (a row of links separated by wide gaps is a menu).
    """
    # one scan for every character the steps below replace or remove: most pages have
    # none, and each step's own scan of the page costs as much as this one
    plain = _UNUSUAL.search(text) is None
    if not plain and _SURROGATE.search(text):
        # str from a lossy decoder (surrogateescape, naive UTF-16): pairs become the
        # character they encode, a lone surrogate the replacement character
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text, settled = _normalize_once(text, keep_indent, keep_gaps, plain=plain)
    if settled:
        return text
    # ftfy reads mojibake differently once invisibles are gone or spaces collapsed
    # ("\xa0Ã©", "Â\u200b€", "said  â€œ"): repeat while the text still carries its
    # signature and changes, so that normalising twice gives what normalising once gave.
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            break
        again, _ = _normalize_once(text, keep_indent, keep_gaps)
        if again == text:
            break
        text = again
    return text


def _normalize_once(text: str, keep_indent: bool, keep_gaps: bool = False, *, plain: bool = False) -> tuple[str, bool]:
    """The text normalised once, and whether it is settled: it had no mojibake signature
    and nothing that could make one (characters removed between two others, letters
    composed by NFC), so normalising again would change nothing. Turning spaces into
    " " and trimming them never makes one: neither is part of a signature.

    `plain`: the text holds no line break but "\\n", no invisible and no control character.
    """
    if not plain:
        text = _BREAKS.sub("\n", text)
    settled = plain
    if _MOJIBAKE.search(text):
        text = "\n".join(_fix_mojibake(line) for line in text.split("\n"))
        plain = settled = False  # ftfy's output is not known to be plain
    if not plain:
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub("", text)
    if not text.isascii():
        composed = unicodedata.normalize("NFC", text)
        settled = settled and composed == text
        text = composed
    spaces = _ODD_SPACES if keep_gaps else _SPACES
    # with `keep_gaps` only odd spaces are collapsed: a page without any skips the step
    collapse = not keep_gaps or _ODD_SPACE.search(text) is not None
    if keep_indent and not collapse and "\t" not in text:
        # then every line keeps its leading spaces as they are and only loses its
        # trailing ones: that is all the loop below would do
        return "\n".join([line.rstrip(" ") for line in text.split("\n")]), settled
    lines = text.split("\n")
    out = []
    for line in lines:
        body = line.lstrip(_SPACE_CHARS)  # every space _SPACES collapses, or one stays in front
        if not body:
            out.append("")
            continue
        lead = len(line) - len(body) if keep_indent else 0
        body = (spaces.sub(" ", body) if collapse else body).rstrip(" \t")
        out.append(" " * lead + body)
    return "\n".join(out), settled
