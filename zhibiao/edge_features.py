"""The words around a candidate INDICATOR edge as the edge model (zhibiao.edges) reads them: which words may open or
close a name, where a comparison cuts the end window off, and the binary features of a candidate start or end.
"""

from __future__ import annotations

from typing import Collection, Sequence

from .boundaries import JOINING_WORDS as NAME_JOINING_WORDS
from .boundaries import KEPT_CLOSERS, KEPT_OPENERS

Token = tuple[int, int, str, str]  # start, end, word, part-of-speech tag (absolute offsets)
EDGE = "<B>"  # no word beyond the candidate in its window

# Words that join two phrases and never open a name (`和` of `新建和改扩建中小学`; `和平路` is one word to jieba): those
# that join two names, and those that join two clauses. Not every jieba conjunction: `既` opens `既有住宅电梯`.
JOINING_WORDS = frozenset(NAME_JOINING_WORDS) | {"或", "并", "或者", "并且"}


PARTICLES = frozenset({"的"})
# One-character adverbs and locatives that modify the verb around a name and never open or close one
# (`建成【后】可新增仓储面积`, `日供水能力【将】新增`)
FUNCTION_WORDS = frozenset({"后", "可", "将", "已", "还", "再", "也", "又", "仍", "都", "就", "才"})
_NEVER_AT_EDGES = PARTICLES | FUNCTION_WORDS
# One-character qualifiers of the value after a name (ANNOTATION.md: qualifiers stay outside): `研发投入【近】28亿元`,
# `引资【逾】860亿元`. They may open one (`超亿元企业`: a threshold with no numeral stays inside).
VALUE_QUALIFIERS_BEFORE = frozenset({"近", "逾", "约", "超"})


# `比上年`, `较去年同期`: what a change is measured against, never part of the name before it
COMPARISON_WORDS = frozenset({"比", "较"})
SAME_PERIOD = "同比"  # with the same period a year before
TIME_TAGS = frozenset({"t"})
# `高于全省平均水平0.8个百分点`: a comparison with another place, whatever follows the word; `同口径`: with the same
# scope as before
ABOVE_WORDS = frozenset({"高于", "低于", "快于", "慢于", "领先于", "同口径", "可比口径", "按可比口径"})


def before_comparison(tokens: list[Token]) -> list[Token]:
    """The end window up to a comparison with an earlier time (`地区生产总值【比上年】增长`) or another place
    (`增速【高于】全省`): an indicator never takes it in (ANNOTATION.md leaves time words and change words out),
    whatever words the seed reports used."""
    for i, (_, _, word, _) in enumerate(tokens[1:], 1):
        # (jieba reads 同比 into the change after it: `同比增加`)
        if word in ABOVE_WORDS and i < len(tokens) - 1 or word.startswith(SAME_PERIOD) \
                or word in COMPARISON_WORDS and i < len(tokens) - 1 and (
                    tokens[i + 1][3] in TIME_TAGS or tokens[i + 1][2].endswith("同期")):
            return tokens[:i]
    return tokens


def can_start(word: str) -> bool:
    """A name starts with a letter, digit or an opening quote or bracket, never with `、` or `·`, a joining word, a
    particle (`超50亿元【的】企业`) or a one-character adverb or locative (`建成【后】可新增`)."""
    return (word[0].isalnum() or word[0] in KEPT_OPENERS) and word not in JOINING_WORDS and word not in _NEVER_AT_EDGES


def can_end(word: str) -> bool:
    """A name ends with a letter, digit or a closing quote or bracket, never with a particle (`年度投资计划【的】112%`),
    a one-character adverb (`日供水能力【将】新增`) or a qualifier of the value after it (`研发投入【近】28亿元`)."""
    return (word[-1].isalnum() or word[-1] in KEPT_CLOSERS) and word not in _NEVER_AT_EDGES \
        and word not in VALUE_QUALIFIERS_BEFORE


def start_features(text: str, tokens: Sequence[Token], i: int, end: int, leading_words: frozenset[str],
                   known_start: int | None = None, leading_text: Collection[int] = frozenset(),
                   subject_verbs: Collection[str] = frozenset()) -> list[str]:
    """The active (binary) features of the candidate start at word `i` of `tokens` for an indicator ending at `end`."""
    start, _, word, tag = tokens[i]
    before = tokens[i - 1] if i > 0 else None
    word_before, tag_before = (before[2], before[3]) if before else (EDGE, EDGE)
    found = [
        "bias", f"word={word}", f"tag={tag}", f"first_char={word[0]}",
        f"word_before={word_before}", f"tag_before={tag_before}", f"tags={tag_before}+{tag}",
        f"tag_before2={tokens[i - 2][3] if i > 1 else EDGE}",
        f"char_before={text[start - 1] if start > 0 else EDGE}",
        f"words_left={min(len(tokens) - i, 6)}", f"chars_left={min((end - start) // 2, 8)}",
    ]
    if before:
        found.append(f"last_char_before={word_before[-1]}")
    if i + 1 < len(tokens):
        found += [f"tag_next={tokens[i + 1][3]}", f"tags_in={tag}+{tokens[i + 1][3]}"]
    if i > 1:
        found.append(f"word_before2={tokens[i - 2][2]}")
    if word in leading_words:
        found.append("leading_word")
    if word_before in leading_words:
        found.append("leading_word_before")
    if word_before in subject_verbs:
        found.append("subject_verb_before")
    if start in leading_text:
        found.append("leading_text")
    elif start - 1 in leading_text:
        found.append("leading_text_before")
    if "的" in text[start:end]:
        found.append("de_inside")
    if i == 0:
        found.append("window_start")
    if known_start is not None:
        found.append("known_name" if start == known_start else "known_name_inside" if start < known_start
                     else "known_name_cut")
    return found


def end_features(text: str, tokens: Sequence[Token], i: int, trailing_words: frozenset[str],
                 high: int | None = None) -> list[str]:
    """The active features of the candidate end after word `i` of `tokens` (an indicator starting at tokens[0]);
    `high` is where the entity after it starts."""
    _, end, word, tag = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    word_after, tag_after = (after[2], after[3]) if after else (EDGE, EDGE)
    found = [
        "bias", f"word={word}", f"tag={tag}", f"last_char={word[-1]}",
        f"word_after={word_after}", f"tag_after={tag_after}", f"tags={tag}+{tag_after}",
        f"char_after={text[end] if end < len(text) else EDGE}", f"words_in={min(i + 1, 6)}",
    ]
    if word in trailing_words:
        found.append("trailing_word")
    if word_after in trailing_words:
        found.append("trailing_word_after")
    if after is None:
        found.append("window_end")
    if end == high:
        found.append("next_entity")
    return found
