"""Named sites listed before the works they share (`完成【芦泾河】、【蒹塘港】综合整治`): where the shared tail of
works begins and whether every item before it is a name (ANNOTATION.md's PROJECT rules)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .boundaries import JOINING_WORDS, clause_words, known_word, tagged
from .matching import contains_any, ends_with_any, has_number, longest_first, starts_with_any, strip_words
from .project_names import COUNT_AFTER, VERB_TAGS, list_items, proper
from .spans import LIST_BOUNDARY, clause_ends

if TYPE_CHECKING:
    from .patterns import Patterns


# the kind the listed sites share is short (`河道`, `城中村`, `乡镇集镇区综合`): its works start within seven characters
_KIND_BEFORE_WORKS = 7
_COUNT_BEFORE_KIND = re.compile(r"(?:\d+|[两二三四五六七八九十]+)(?:个|条|座|处|片|村)")


def shared_works_names(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Named sites listed before the works they share (ANNOTATION.md: named sites in a list of works are PROJECTs;
    corpus/notes/jintan.md decision 12; the works say the clause builds): `完成【芦泾河】、【蒹塘港】、【北渚浜】综合整治`,
    `【东溪】、【西溪】河道综合治理`, `【文昌东路】、【龙城路】等综合整治`. What follows the last name is a count,
    words jieba knows, and works (`3个乡镇集镇区综合整治`); every item reads as a name (not `钢铁、焦化等重点行业`)."""
    found: list[tuple[int, int]] = []
    low = 0
    for high in clause_ends(text):
        if LIST_BOUNDARY in text[low:high]:
            found += _names_before_works(text, low, high, patterns)
        low = high + 1
    return found


def _names_before_works(text: str, low: int, high: int, patterns: Patterns) -> list[tuple[int, int]]:
    """The names of the list in the clause [low, high) when works they share end it: the items before 等, or the
    items before the last and the last one's name, cut at the first word start where the shared tail begins."""
    listed = text.find("等", text.rfind(LIST_BOUNDARY, low, high), high)
    items = list_items(text, low, listed if listed >= 0 else high)
    if not items:
        return []  # a clause of list marks alone (`、`)
    last_start = items[-1][0]
    if len(items) < 2 and listed < 0 or not contains_any(text, last_start + 2, high, patterns.project_works_words):
        return []  # most lists: no works after their last name, and no jieba call
    splits = [listed] if listed >= 0 else sorted(  # at a word start (`南门片区|城市更新`, not `城|市`)
        {a for a, _, _, _ in clause_words(text, last_start, high)} & set(range(last_start + 2, last_start + 7)))
    for split in splits:
        tail = _works_tail(text, split + (listed >= 0), high, patterns, first_word_alone=listed < 0)
        if tail is not None:
            names = [*items[:-1], (last_start, split)] if listed < 0 else items
            first = strip_words(text, *names[0], _first_leading_words(patterns), ())
            names = [first, *names[1:]]  # every one a bare name: no works or number of its own (`危房改造860户`)
            own_works = listed < 0 and ends_with_any(text, split, patterns.project_heads, last_start) is not None \
                and (starts_with_any(text, split, patterns.project_works_words) is not None
                     or text.endswith(("项目", "工程"), split, tail))  # (`东沟灌区节水改造项目`: one project)
            return names if not own_works and all(  # (`华城路改造提升工程`: works on a facility keep their words)
                (proper(text[a:b], patterns) or _named_by_head(text, a, b, patterns))
                and not has_number(text[a:b])
                and not contains_any(text, a, b, patterns.project_works_words) for a, b in names) else []
    return []


@lru_cache(maxsize=8)
def _first_leading_words(patterns: Patterns) -> tuple[str, ...]:
    """The words before a list's first name (built once per Patterns, not a new tuple per list)."""
    return patterns.leading_words + longest_first(patterns.project_leading_words)


def _works_tail(text: str, start: int, high: int, patterns: Patterns, first_word_alone: bool) -> int | None:
    """The end of a tail of `text` from `start` that is a count, known words and works (`2条河道整治`,
    `旧村改造项目`), or None. With `first_word_alone`, the first word is no one character left of a name (`浜|综合`)."""
    count = _COUNT_BEFORE_KIND.match(text, start, high)
    start = count.end() if count else start
    words = tagged(text[start:high])  # the tail read alone: a name's last character joins no word of it
    for index, (word_start, end, word, tag) in enumerate(words):
        if word_start > _KIND_BEFORE_WORKS:
            return None  # a long phrase before the works names a facility of its own (`曼岗|茶叶初制所标准化改造`)
        if index == 0 and first_word_alone and len(word) < 2 or not known_word(word) \
                or tag in patterns.project_name_tags and word not in patterns.project_generic_modifiers:
            return None  # (`城中村` is no name, whatever jieba's tag)
        if starts_with_any(word, 0, patterns.project_works_words) == word and word not in patterns.project_suffixes:
            while index + 1 < len(words) and words[index + 1][2] in patterns.project_suffixes:
                index, end = index + 1, words[index + 1][1]
            return start + end if _ends_works(text, start + end, high, patterns) else None
        if tag in VERB_TAGS or word in patterns.project_heads and word not in patterns.project_generic_modifiers:
            return None  # a head before the works: the item names its own facility (`渝汀|智能终端产业园二期`)
    return None


def _ends_works(text: str, position: int, high: int, patterns: Patterns) -> bool:
    """Whether the works the list shares end at `position`: the clause ends, or says what became of them
    (`旧村改造项目|全面动工`), with no count after them (`城中村改造11个`, a counted kind)."""
    return position == high or not COUNT_AFTER.match(text, position) and (
        text.startswith(JOINING_WORDS, position)  # another name follows (`柳塘村城中村改造|和|东郊安置房建设`)
        or starts_with_any(text, position, patterns.project_context_words, high) is not None
        or starts_with_any(text, position, longest_first(patterns.project_trailing_words), high) is not None)


def _named_by_head(text: str, start: int, end: int, patterns: Patterns) -> bool:
    """Whether [start, end) ends with a facility head of two characters or more, not 项目 or 工程 (`站前片区`)."""
    head = ends_with_any(text, end, patterns.project_heads, start)
    return head is not None and len(head) >= 2 and head not in patterns.project_suffixes
