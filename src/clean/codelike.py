"""Whether a line of text reads as source code, a shell session or markup.

Code breaks what the text stages assume of prose. Its separators are not a link bar's
(`>>> r = requests.get('https://a.org/b')` splits on `>` and `/` into short parts, the
shape of a breadcrumb), and it repeats on purpose: documentation shows the same
snippet in several tabs, the same response under every endpoint, the same command in
several steps, where a repeated paragraph of prose is most often a copy of chrome. On
the WCXB documentation pages the ground truth keeps those copies, and had the code
blocks that shape rules took as breadcrumbs.

The evidence is the text alone (the text path has no markup, and HTML mode's output
must read the same when it is cleaned again as text): tokens that prose and link bars
almost never hold, counted against the line's words. A short command with one such
token ("npm install foo") does not count: too little to tell, and harmless either way.
On the WCXB tune pages' HTML blocks this holds for 6 `<pre>` blocks in 10 and for 7
paragraphs of prose, list items or table rows in 10,000 (code quoted in prose, mostly).
"""

from __future__ import annotations

import re

__all__ = ["looks_like_code"]

# What code, shells and markup write and prose does not: braces, `==` `=>` `->` `::`,
# a tag, a call `f(`, a method call, snake_case, an assignment, a prompt at the start,
# an index `a[`, a command-line option, a URL's scheme; JSON's `"key":`, YAML's
# `key: - item` and `key: key:` (a block's lines joined). Not `;` nor `(`: table rows
# are "a; b (c)" in the text HTML mode returns.
_CODE_TOKEN = re.compile(
    r"[{}]|;$|==|=>|->|::|</?[a-z]\w*|/>|[a-z_]\(|\w\.\w+\(|\b[a-z]\w*_\w+|\w=|=\w| = "
    r"|^(?:>>>|\$|#!|%|PS>|C:\\>?)\s|[a-z]\[|\]\.|\s--?[a-z][\w-]*|://"
    r'|"\s*:|\w:\s+-\s|\b\w+:\s+\w+:(?=\s|$)'
)
_MIN_TOKENS = 2
_WORDS_PER_TOKEN = 4  # at most this many words per code token


# Every code token holds one of these characters, and tokens do not overlap: a line has
# at most as many tokens as such characters. Counting them is one cheap scan; the token
# pattern tries a dozen branches at every position, which on the long paragraphs dedupe
# asks about cost a fifth of text mode's time.
_TOKEN_CHARS = re.compile(r"[{};=<>/:(\[\]_\-$#%\\]")


def looks_like_code(text: str) -> bool:
    """True for a line that is mostly code: two code tokens or more, one per four words."""
    need = max(_MIN_TOKENS, -(-len(text.split()) // _WORDS_PER_TOKEN))
    if len(_TOKEN_CHARS.findall(text)) < need:
        return False
    return len(_CODE_TOKEN.findall(text)) >= need
