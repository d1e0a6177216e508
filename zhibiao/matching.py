"""Word lists as compiled patterns: which listed word starts at a position, whether a stretch of text holds one;
and the reading of text they are matched against (full-width folded).

The rules ask these questions for every number and every clause of a report; one regular expression per list
(compiled once) answers them in C instead of one `startswith` per listed word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

# Full-width ASCII (`６．５％`, `（一期）`) read as its half-width twin, one character for one, so that offsets stay
# those of the text: reports from other places write numbers and units either way, the word lists once. The minus
# sign, the small hyphen-minus, hyphens and the en and figure dashes a word processor puts for `-` read as `-`:
# read as written, `增长−3.5%` was 3.5 and `3–5%` was 5. The small and the Arabic percent signs read as `%`.
_MINUS_SIGNS = "\u2212\ufe63\u2010\u2011\u2012\u2013"
_HALF_WIDTH = {**{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}, "\u3000": " ",
               **dict.fromkeys(_MINUS_SIGNS, "-"), "\ufe6a": "%", "\u066a": "%"}
# (str.translate looks up every character of the text, and one it does not map costs it a KeyError: ten times
# slower on Chinese text than a search for the few characters it maps)
_FULL_WIDTH = re.compile("[" + "".join(map(re.escape, _HALF_WIDTH)) + "]")


def fold_width(text: str) -> str:
    """`text` with full-width ASCII characters as half-width ones (same length, same offsets)."""
    return _FULL_WIDTH.sub(lambda character: _HALF_WIDTH[character.group()], text)


def reading_text(text: str) -> str:
    """`text` as the rules and components read it (same length, same offsets): full-width folded (`fold_width`), and
    ASCII double quotes as the curly pairs the word lists and ANNOTATION.md know, opening and closing in turn
    (`"四上"企业` as `“四上”企业`: reports typed with ASCII punctuation write them so)."""
    text = fold_width(text)
    if '"' not in text:
        return text
    pieces = text.split('"')
    return "".join(piece + ("“" if i % 2 == 0 else "”") for i, piece in enumerate(pieces[:-1])) + pieces[-1]


def _alternation(words: tuple[str, ...]) -> re.Pattern:
    # Alternatives are tried in order, so the list's order decides between words that start alike
    # (the rules keep their lists longest first: the longest word wins).
    return re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!)")


_Groups = tuple[tuple[tuple[int, frozenset[str]], ...], ...]
_Compiled = tuple[tuple[str, ...], re.Pattern, _Groups, int, frozenset[str]]
# The rules pass the same few lists (Patterns' tuples, up to 410 words) millions of times, and an lru_cache keyed by
# a tuple hashes every word of it at every call. Keyed by the tuple's identity a list costs one dict lookup: the
# entry keeps its tuple alive, so no other object can take its id.
_BY_IDENTITY: dict[int, _Compiled] = {}


def _compiled(words: tuple[str, ...]) -> _Compiled:
    """The list, its pattern, its length groups, its longest word's length and its words as a set."""
    entry = _BY_IDENTITY.get(id(words))
    if entry is None:
        if len(_BY_IDENTITY) >= 1024:
            _BY_IDENTITY.clear()  # tuples made per call would pile up otherwise
        entry = _BY_IDENTITY[id(words)] = (words, *_compiled_list(words))
    return entry


@lru_cache(maxsize=128)
def _compiled_list(words: tuple[str, ...]) -> tuple[re.Pattern, _Groups, int, frozenset[str]]:
    """_compiled of a list by its words: the callers that join two lists per call make a new tuple each time."""
    return _alternation(words), _length_groups(words), max(map(len, words), default=0), frozenset(words)


def starts_with_any(text: str, position: int, words: tuple[str, ...], end: int | None = None) -> str | None:
    """The first word of `words` (in their order) that `text` has at `position`, not running past `end`."""
    match = _compiled(words)[1].match(text, position, len(text) if end is None else end)
    return match.group() if match else None


def _length_groups(words: tuple[str, ...]) -> _Groups:
    """The list cut into runs of words that are longest first (two lists joined make two runs), each run as sets of
    words per length, longest first."""
    runs: list[list[str]] = []
    for word in words:
        if runs and len(word) <= len(runs[-1][-1]):
            runs[-1].append(word)
        else:
            runs.append([word])
    return tuple(tuple((length, frozenset(word for word in run if len(word) == length))
                       for length in sorted({len(word) for word in run}, reverse=True)) for run in runs)


@lru_cache(maxsize=32)
def longest_first(words: frozenset[str]) -> tuple[str, ...]:
    """A word set as a tuple for the matching here, longest first, sorted once per set."""
    return tuple(sorted(words, key=len, reverse=True))


def word_set(words: tuple[str, ...]) -> frozenset[str]:
    """A longest-first word list as a set, for lookups of whole words: built once per list (and found by the list's
    identity, as its pattern is)."""
    return _compiled(words)[4]


def lengths_at(text: str, position: int, words: tuple[str, ...], end: int) -> set[int]:
    """The lengths of every word of `words` that `text` has at `position`, not running past `end`."""
    return {length for groups in _compiled(words)[2] for length, group in groups
            if position + length <= end and text[position:position + length] in group}


def ends_with_any(text: str, position: int, words: tuple[str, ...], start: int = 0) -> str | None:
    """The first word of `words` (in their order) that `text` has ending at `position`, not starting before `start`.
    (A regular expression would find the leftmost match, not the first listed one. In a run of the list that is
    longest first, two words that end at one position are of different lengths, so one set lookup per length finds
    the same word.)"""
    for groups in _compiled(words)[2]:
        for length, group in groups:
            if position - start >= length and text[position - length:position] in group:
                return text[position - length:position]
    return None


def covered(text: str, start: int, end: int, words: tuple[str, ...]) -> set[int]:
    """The positions in [start, end) that an occurrence of a word of `words` starts at or runs across (one search of
    the list's pattern, from a little before `start` so that a word running into it counts)."""
    _, pattern, _, longest, _ = _compiled(words)
    return {position for match in pattern.finditer(text, max(0, start - longest + 1), end)
            for position in range(max(match.start(), start), match.end())}


def inside(text: str, start: int, end: int, words: tuple[str, ...]) -> set[int]:
    """The positions in [start, end) inside an occurrence of a word of `words`, past its first character."""
    _, pattern, _, longest, _ = _compiled(words)
    return {position for match in pattern.finditer(text, max(0, start - longest + 1), end)
            for position in range(max(match.start() + 1, start), match.end())}


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` starts in `text`, left to right and not overlapping (as re.finditer(re.escape(word)) finds it)."""
    position = text.find(word)
    while position >= 0:
        yield position
        position = text.find(word, position + len(word))


def first_of(text: str, start: int, end: int, words: tuple[str, ...]) -> int:
    """Where the first word of `words` in text[start:end] starts, `end` when none does."""
    found = _compiled(words)[1].search(text, start, end)
    return found.start() if found else end


def contains_any(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether text[start:end] holds any word of `words`."""
    return _compiled(words)[1].search(text, start, end) is not None


def strip_words(text: str, start: int, end: int, leading: tuple[str, ...], trailing: tuple[str, ...],
                kept: tuple[str, ...] = ()) -> tuple[int, int]:
    """Narrow [start, end) by removing leading and trailing words (repeatedly) and edge punctuation; a `kept` word
    at the start stops the leading ones (`建成区面积`: 建成 leads names, 建成区 is one)."""
    changed = True
    while changed and start < end:
        changed = False
        word = None if kept and starts_with_any(text, start, kept, end) else starts_with_any(text, start, leading, end)
        if word:
            start += len(word)
            changed = True
            if text.startswith(("和", "及", "与"), start) and starts_with_any(text, start + 1, leading, end):
                start += 1  # `新开和优化【公交线路】`: a joining word between two leading words leads too
        word = ends_with_any(text, end, trailing, start)
        if word:
            end -= len(word)
            changed = True
        while start < end and not (text[start].isalnum() or text[start] == "“"):
            start += 1
            changed = True
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in "”)）"):
            end -= 1
            changed = True
    return start, end


# A number in a code names a thing, it does not count it (`5G基站`, `G312`, `PM2.5`): letters touch its digits; so
# does a ranking's size in a title (`世界500强企业`) and a number quoted as a name (`“12345”热线`, `“1+N”`)
_CODE = re.compile(r"[A-Za-z]+[\d.]+[A-Za-z\d.]*|[\d.]+[A-Za-z]+|\d+强|“[^“”]*\d[^“”]*”")


def has_number(phrase: str) -> bool:
    """Whether a phrase holds a number that counts (not one inside a code)."""
    return any(ch.isdigit() for ch in _CODE.sub("", phrase))


def common_ending(text: str, spans: list[tuple[int, int]]) -> str:
    """The longest ending every span of `text` shares (`科创贷款`, `普惠小微贷款` → `贷款`)."""
    ending = ""
    while all(b - a > len(ending) for a, b in spans) and len({text[b - len(ending) - 1] for _, b in spans}) == 1:
        ending = text[spans[0][1] - len(ending) - 1] + ending
    return ending
