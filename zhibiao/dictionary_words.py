"""jieba's words of a text with their part-of-speech tags: what `jieba.posseg.cut(text, HMM=False)` gives, word
for word and tag for tag, in about half its time; and what `jieba.posseg.cut(text)` gives with its HMM, which
reads only the runs of characters the dictionary has no word for and is cached per run.

The rules read jieba's words of every clause they look at, and jieba's own cut builds a dict of candidate ends
per character, a route dict, a generator and a `pair` object per word. Here the candidate ends and the best route
are one backward pass over lists, with each word's log probability computed once per process. The arithmetic,
its order and the tie-breaking (the longer word on equal scores) are jieba's, so the floats and therefore the
words are the same; tests/test_dictionary_words.py compares the cuts with jieba's on every sentence of the
project.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from math import log

# jieba.posseg's own expressions: a run it cuts with the dictionary, whitespace it keeps as a word, and how it tags
# the characters of any other run
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_NUMBER = re.compile("[\\.0-9]+")
_LATIN = re.compile("[a-zA-Z0-9]+")
_ONE_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict, dict, float, dict]:
    """jieba's word frequencies and tags (loaded once, from inside the package), its log total, and a cache of
    each word's log probability."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise
    tagger = jieba.posseg.dt
    tagger.tokenizer.check_initialized()
    tagger.makesure_userdict_loaded()
    return tagger.tokenizer.FREQ, tagger.word_tag_tab, log(tagger.tokenizer.total), {}


def dictionary_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) of each word of `text`, as jieba.posseg.cut(text, HMM=False) gives them."""
    words: list[tuple[str, str]] = []
    for block in _HAN.split(text):
        words += _block_words(block) if _HAN.match(block) else _other_words(block)
    return words


def _other_words(block: str) -> list[tuple[str, str]]:
    """jieba's words of a block outside its runs: whitespace as a word, every other character a word of its own."""
    words: list[tuple[str, str]] = []
    for piece in _SKIP.split(block):
        if _SKIP.match(piece):
            words.append((piece, "x"))
            continue
        for char in piece:  # jieba tests the whole piece for latin letters here, not the character
            words.append((char, "m" if _NUMBER.match(char) else "eng" if _LATIN.match(piece) else "x"))
    return words


def _route(block: str) -> list[str]:
    """jieba's route through a run of the dictionary's characters: the most probable sequence of its words."""
    freq, _, logtotal, scores = _dictionary()
    n = len(block)
    best_score = [0.0] * (n + 1)
    best_end = [0] * (n + 1)
    for start in range(n - 1, -1, -1):
        score, end = None, start
        last, fragment = start, block[start]
        # every dictionary word starting here (jieba's DAG); a character no word starts with is a word of its own
        while last < n and fragment in freq:
            if freq[fragment]:
                candidate = _score(fragment, freq, logtotal, scores) + best_score[last + 1]
                if score is None or candidate >= score:  # max() over (score, end): the longer word on a tie
                    score, end = candidate, last
            last += 1
            fragment = block[start:last + 1]
        if score is None:
            score = _score(block[start], freq, logtotal, scores) + best_score[start + 1]
        best_score[start], best_end[start] = score, end
    words = []
    position = 0
    while position < n:
        following = best_end[position] + 1
        words.append(block[position:following])
        position = following
    return words


def _block_words(block: str) -> list[tuple[str, str]]:
    """The route's words with their tags, single latin letters and digits joined into one word tagged `eng`."""
    tags = _dictionary()[1]
    words: list[tuple[str, str]] = []
    latin = ""
    for word in _route(block):
        if word in _ONE_LATIN:
            latin += word
        else:
            if latin:
                words.append((latin, "eng"))
                latin = ""
            words.append((word, tags.get(word, "x")))
    if latin:
        words.append((latin, "eng"))
    return words


def hmm_words(text: str) -> list[tuple[str, str]]:
    """(word, tag) of each word of `text`, as jieba.posseg.cut(text) gives them with its HMM: the dictionary's route,
    with every run of two single characters or more that is no dictionary word read by the HMM."""
    words: list[tuple[str, str]] = []
    for block in _HAN.split(text):
        words += _block_hmm_words(block) if _HAN.match(block) else _other_words(block)
    return words


def _block_hmm_words(block: str) -> list[tuple[str, str]]:
    freq, tags, _, _ = _dictionary()
    words: list[tuple[str, str]] = []
    run = ""
    for word in [*_route(block), ""]:  # "" flushes the last run
        if len(word) == 1:
            run += word
            continue
        if len(run) == 1 or run and freq.get(run):
            words += [(char, tags.get(char, "x")) for char in run]
        elif run:
            words += _hmm_run(run)
        run = ""
        if word:
            words.append((word, tags.get(word, "x")))
    return words


@lru_cache(maxsize=4096)
def _hmm_run(run: str) -> tuple[tuple[str, str], ...]:
    """jieba's HMM reading of a run of characters its dictionary has no word for (its own code: the Viterbi pass is
    most of the time the rules spend in jieba, and the same unknown names come back in clause after clause)."""
    import jieba.posseg

    return tuple((pair.word, pair.flag) for pair in jieba.posseg.dt._POSTokenizer__cut_detail(run))


def _score(word: str, freq: dict, logtotal: float, scores: dict) -> float:
    score = scores.get(word)
    if score is None:
        score = scores[word] = log(freq.get(word) or 1) - logtotal
    return score
