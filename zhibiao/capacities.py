"""Capacities inside project names (ANNOTATION.md: numbers inside names are no VALUE): `库尔乌苏200万千瓦风光储基地项目`
is one PROJECT, while `140万千瓦海上风电` (no name before the capacity) sizes a kind. Plain data over a sentence and the
rules' word lists, on the project rules' idea of a name's end.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .boundaries import LIST_END, tagged
from .matching import first_of, longest_first, strip_words
from .project_names import VERB_TAGS, builds, joined_pieces, looks_like_name, name_end
from .spans import CLAUSE_BOUNDARIES, LIST_BOUNDARY, PHRASE_BOUNDARIES, clause_end, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns


def named_capacities(text: str, values: list[tuple[int, int, tuple[int, int] | None]], patterns: Patterns
                     ) -> dict[tuple[int, int, tuple[int, int] | None], tuple[int, int]]:
    """Values that are part of a project's name (ANNOTATION.md: numbers inside names are no VALUE), with that name:
    a capacity between a proper name and a facility head in a clause that builds (`库尔乌苏200万千瓦风光储基地项目`,
    `雪峰乳业10万头奶牛养殖基地`). A capacity with no name before it measures a kind (`140万千瓦海上风电`)."""
    found = {}
    for value in values:
        start, _, unit = value
        if unit is None or text[unit[0]:unit[1]] in patterns.chinese_numeral_units or not builds(text, start, patterns):
            continue  # a count (`3个项目`) counts projects; a capacity (`万千瓦`, `万吨`) may size one
        item_start = max(clause_start(text, start, CLAUSE_BOUNDARIES), text.rfind(LIST_BOUNDARY, 0, start) + 1)
        name_start, stripped_end = strip_words(text, item_start, start, _before_names(patterns), ())
        name = text[name_start:start]
        if stripped_end != start or not 2 <= len(name) <= 8 or not _hanzi(name) \
                or LIST_END in name or "的" in name:
            continue
        item_end = clause_end(text, unit[1], PHRASE_BOUNDARIES)
        listed = text.find("等", unit[1], item_end)  # `A、B等项目`: the item ends at 等
        item_end = listed if listed >= 0 else item_end
        # and at a joining word before another name (`…肉羊精深加工项目|和|城北供热管网改造工程`)
        item_end = joined_pieces(text, unit[1], item_end, patterns.project_works_words, patterns.project_heads)[0][1]
        # and before what became of the project (`…煤制烯烃项目|完成主体工程`), where a name ends before it
        moved = first_of(text, unit[1], item_end, patterns.project_triggers)
        item_end = moved if moved < item_end and name_end(text, unit[1], moved, patterns) is not None else item_end
        head_end = name_end(text, unit[1], item_end, patterns)
        if head_end is None and _listed_product(text, unit[1], item_end):
            head_end = item_end  # `【华泽化工20万吨己二腈】、…等32个重点项目开工`: a list item of the projects the clause builds
        # the name's reading (jieba's HMM) last: most capacities have no facility head after them
        if head_end is not None and head_end - unit[1] >= 2 and looks_like_name(name, patterns):
            found[value] = (name_start, head_end)
    return found


@lru_cache(maxsize=8)
def _before_names(patterns: Patterns) -> tuple[str, ...]:
    """The words stripped before a name in front of a capacity (built once per Patterns, not per value)."""
    return patterns.leading_words + patterns.project_triggers + longest_first(patterns.project_leading_words)


def _listed_product(text: str, start: int, end: int) -> bool:
    """Whether [start, end) after a capacity is a product that ends a list item (`20万吨|己二腈、`), not a clause's tail."""
    return text.startswith((LIST_BOUNDARY, "等"), end) and 2 <= end - start <= 8 \
        and _hanzi(text[start:end]) \
        and not any(tag in VERB_TAGS or tag[0] in "fpuc" for _, _, _, tag in tagged(text[start:end]))  # not `以上`


def _hanzi(phrase: str) -> bool:
    """Whether every character of `phrase` is a Chinese character (no digit, letter or mark)."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in phrase)
