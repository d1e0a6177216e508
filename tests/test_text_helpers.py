"""The plain text helpers of zhibiao.spans that every rule asks about clauses: they read the text in C (regular
expressions, slices), and must answer as a walk over its characters does."""

import random

import pytest

from zhibiao.spans import CLAUSE_BOUNDARIES, PHRASE_BOUNDARIES, clause_end, clause_ends, clause_start, mask_spans


def walked_end(text: str, position: int, boundaries: frozenset[str]) -> int:
    while position < len(text) and text[position] not in boundaries:
        position += 1
    return position


def walked_mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars)


TEXTS = ["", "，", "地区生产总值增长6%左右", "新建A、B等项目，总投资3亿元；开工率100%。", "a,b;c\n:d!e?f、g"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("boundaries", [CLAUSE_BOUNDARIES, PHRASE_BOUNDARIES])
def test_clause_end_and_start_as_a_walk_over_the_characters(text, boundaries):
    for position in range(len(text) + 2):
        assert clause_end(text, position, boundaries) == walked_end(text, position, boundaries)
    for position in range(len(text) + 1):
        start = clause_start(text, position, boundaries)
        assert start <= position and all(char not in boundaries for char in text[start:position])
        assert start == 0 or text[start - 1] in boundaries


def test_clause_ends_are_every_boundary_and_the_end():
    assert clause_ends("新建A，开工B；投产C") == [3, 7, 11]
    assert clause_ends("") == [0]
    assert clause_ends("A、B") == [3]  # a list comma ends a phrase, not a clause
    assert clause_ends("A、B", PHRASE_BOUNDARIES) == [1, 3]


def test_mask_spans_as_masking_each_span_in_turn():
    rng = random.Random(0)
    for _ in range(2000):
        text = "".join(rng.choice("新建项目，、12") for _ in range(rng.randrange(0, 20)))
        spans = [tuple(sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))) for _ in range(rng.randrange(4))]
        assert mask_spans(text, spans) == walked_mask(text, spans)
