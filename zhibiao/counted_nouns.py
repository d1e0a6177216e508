"""Where the noun after a count ends (`11个【老旧小区】改造提升`, `10个【镇街】中`), and the title a count of firms won."""

from __future__ import annotations

import re
from functools import lru_cache

from .boundaries import clause_words
from .matching import contains_any, has_number, starts_with_any, strip_words
from .patterns import Patterns
from .spans import clause_end, clause_start


def title_after(text: str, position: int, patterns: Patterns) -> tuple[int, int] | None:
    """The title a count of firms won, when a title verb follows the counted noun (ANNOTATION.md: `5家企业获评
    【省级瞪羚企业】` measures the title), else None."""
    end = clause_end(text, position)
    for verb_start in range(position + 1, min(position + 7, end)):
        verb = starts_with_any(text, verb_start, patterns.title_verbs, end)
        if not verb:
            continue
        title = strip_words(text, verb_start + len(verb), end, patterns.leading_words, patterns.change_words)
        if verb in patterns.listing_verbs and not text[title[0]:title[1]].endswith(text[verb_start - 2:verb_start]):
            return strip_words(text, position, verb_start, patterns.leading_words, ())  # a plan, not a kind
        return title
    return None


def before_locative(text: str, start: int, end: int) -> int:
    """Where the noun after a count ends before a locative that closes it (`10个【镇街】中，6个…`: 中 says among)."""
    words = clause_words(text, start, end)
    if len(words) >= 2 and words[-1][2] in ("中", "内", "里") and words[-1][3] == "f" and words[-1][0] - start >= 2:
        return words[-1][0]
    return end


def before_measured_name(text: str, start: int, end: int, patterns: Patterns) -> int:
    """Where the noun after a count ends before a listed name that a number after it in the clause measures (corpus/
    notes/jintan.md decision 2: `【4】家【企业】【开票销售】超【百】亿元`; `6个【镇街】【地区生产总值】超过百亿元`)."""
    stop = clause_end(text, start)
    if not contains_any(text, start + 2, end, patterns.indicator_gazetteer):
        return end  # (one search instead of one per listed name: most nouns hold none)
    for term in patterns.indicator_gazetteer:
        position = text.find(term, start + 2, end)
        if position >= 0 and has_number(text[position + len(term):stop]):
            return position
    return end


def before_listed_word(text: str, start: int, end: int, patterns: Patterns) -> int:
    """Where the noun after a count ends: before the first listed verb or change word after its first word
    (ANNOTATION.md: 11个【老旧小区】改造提升, 5家【企业】完成股改); a threshold right after a bare unit stays
    (`6个【亿元以上项目】`, as the seed gold's `新开工【亿元以上产业项目】91个`)."""
    words = clause_words(text, start, end)
    stops = _listed_stops(patterns)
    for (word_start, _, word, tag), following in zip(words[1:], [*words[2:], None]):
        if word in patterns.value_qualifiers and text[start:word_start] in patterns.units:
            continue
        # a time word before a verb says when (`8所【学校】秋季投用`), not which (`省(潜在)独角兽`)
        timed = tag == "t" and following is not None and following[3] in ("v", "vn")
        if following is not None and following[2] in patterns.place_kinds and following[0] == word_start + len(word):
            continue  # the verb makes a kind of place (`乡村振兴重点帮扶|县`, `省级经济开发|区`), it does not end one
        if len(word) > 1 and (word in stops or timed):
            return word_start
    return end


@lru_cache(maxsize=8)
def _listed_stops(patterns: Patterns) -> frozenset[str]:
    """The listed words a noun after a count ends before: trailing words, project triggers and leading words."""
    return patterns.trailing_words | frozenset(patterns.project_triggers) | frozenset(patterns.leading_words)


# the beneficiary marker and what may stand between it and the count or the age bounding the people (`为全县8.6万名65…`)
_FOR = re.compile(r"为(?:全[县市区镇乡省]|辖区)?(?:[\d.]+[万千]?名)?$")


def before_beneficiary_verb(text: str, count_start: int, start: int, end: int) -> int:
    """Where the people a count after 为 names end: before the first verb (`为1.1万名80周岁以上【老年人】发放高龄津贴`,
    `为2万名【适龄儿童】免费实施窝沟封闭`): what is done for them follows, not a longer name."""
    if not _FOR.search(text, clause_start(text, count_start), count_start):
        return end
    words = clause_words(text, start, end)
    return next((word_start for word_start, _, _, tag in words[1:] if tag in ("v", "vn")), end)
