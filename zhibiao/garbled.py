"""Garbled text, what a lossy or a wrong decoding leaves (U+FFFD, private-use characters, `3%?;A(chǔ)`), and the
numbers touching it, which are no values: the character lost may have been a digit or a decimal point (`增长6�%`
may have said 6.5%, `�5.2亿元` 15.2亿元, `12�00人` 12,000). Such a number is never proposed or read as a VALUE, and
the sentences that have one are counted."""

from __future__ import annotations

import re

# Mis-encoded source text, kept as written by cleaning but counted, so that it is seen.
GARBLED = re.compile(r"\?+[;a-z\ue000-\uf8ff]|\?{2,}|[\ue000-\uf8ff\ufffd]")
_NUMBER = re.compile(r"\d+(?:[.．]\d+)*")  # `\d`: full-width digits too
_REACH = 20  # the longest garbled run looked for before a number


def touches_garbled(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has garbled text in it or right before or after it."""
    return bool(GARBLED.search(text, start, end) or GARBLED.match(text, end)
                or any(match.end() == start for match in GARBLED.finditer(text, max(0, start - _REACH), start)))


def garbled_number_sentences(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences (start, end) of `text` with a number touching garbled text."""
    if not GARBLED.search(text):
        return []
    return [(start, end) for start, end in sentences
            if any(touches_garbled(text, match.start(), match.end()) for match in _NUMBER.finditer(text, start, end))]
