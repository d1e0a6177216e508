"""Sentence splitting with character offsets into the cleaned report text."""

from __future__ import annotations

import re

TERMINATORS = set("。！？；!?;")
# ASCII terminators between two digits belong to the number (`1;2` in a ratio list), not the sentence.
ASCII_TERMINATORS = set("!?;")
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "(": ")", "（": "）", "【": "】", "[": "]", "〔": "〕"}
CLOSERS = set(OPENERS.values())
# An ASCII full stop between two Han characters is a sentence's end typed with a Western keyboard (`完成目标.明年`);
# anywhere else it is a decimal point (6.5%), a list number (1.地区生产总值) or Latin text, and never ends a sentence.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TRAILING = CLOSERS | {"”", "’", '"', "'"}
# No sentence of a report is this long; a text without terminators (a flattened table, lost punctuation) is cut
# into pieces of at most this many characters at their last clause mark, so that no component reads more at once
# (the rules and the edge model look around every value within its sentence: an unbounded one is quadratic).
MAX_SENTENCE_CHARS = 1000
CLAUSE_MARKS = set("，,、：:")


def split_offsets(text: str, max_chars: int | None = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at 。！？； and ASCII !?;, at a `.` between two Han characters and at
    line breaks; one longer than `max_chars` is cut at its last clause mark before the limit (or at the limit:
    `long_sentences` counts them).

    Never inside quotes or brackets (a line break always ends a sentence, so an unclosed quote
    cannot swallow a paragraph), never between two digits. Closing quotes right after a
    terminator stay with its sentence. Surrounding whitespace is excluded from the span.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    stack: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            _add(text, start, i, spans)
            start, stack = i + 1, []
        elif char in OPENERS:
            stack.append(OPENERS[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack and i > 0 and text[i - 1] in TERMINATORS:
                # “发展是第一要务。”我们要坚持: the quoted sentence ends the outer one too.
                start = i = _end_sentence(text, start, i, spans)
                continue
        elif char in CLOSERS and char in stack:
            # An unbalanced inner bracket: close back to the matching opener.
            while stack and stack.pop() != char:
                pass
        elif char == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append('"')
        elif ((char in TERMINATORS and not _inside_number(text, i) and not is_garbled(text, i))
              or (char == "." and _between_han(text, i))) and not stack:
            start = i = _end_sentence(text, start, i, spans)
            continue
        i += 1
    _add(text, start, n, spans)
    return spans if max_chars is None else [piece for span in spans for piece in _cut(text, *span, max_chars)]


def _cut(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        mark = max((i for i in range(start + max_chars // 2, start + max_chars) if text[i] in CLAUSE_MARKS), default=None)
        cut = mark + 1 if mark is not None else start + max_chars
        _add(text, start, cut, pieces)
        start = cut
    _add(text, start, end, pieces)
    return pieces


def long_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> int:
    """How many sentences of `text` split_offsets cuts into pieces for being longer than `max_chars`."""
    return sum(1 for start, end in split_offsets(text, None) if end - start > max_chars)


def _end_sentence(text: str, start: int, last: int, spans: list[tuple[int, int]]) -> int:
    """Close the sentence at `last`, taking closing quotes that follow; return where the next one starts."""
    end = last + 1
    while end < len(text) and text[end] in TRAILING:
        end += 1
    _add(text, start, end, spans)
    return end


def _inside_number(text: str, i: int) -> bool:
    return (
        text[i] in ASCII_TERMINATORS
        and 0 < i < len(text) - 1
        and text[i - 1].isdigit()
        and text[i + 1].isdigit()
    )


def _between_han(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and bool(_HAN.match(text[i - 1])) and bool(_HAN.match(text[i + 1]))


def _is_private_use(char: str) -> bool:
    return "\ue000" <= char <= "\uf8ff"


def is_garbled(text: str, i: int) -> bool:
    """An ASCII `?` or `;` that is part of mis-encoded source text (`3%?;A(chǔ)`, `確??諝`), not punctuation."""
    if text[i] not in "?;":
        return False
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return (
        prev == "?"
        or nxt in ("?", ";")
        or _is_private_use(prev)
        or _is_private_use(nxt)
        or (nxt.isascii() and nxt.islower())
        or (text[i] == ";" and re.search(r"(?<![A-Za-z])[a-z]{2,6}$", text[max(0, i - 7) : i]) is not None)
    )


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_offsets(text)]
