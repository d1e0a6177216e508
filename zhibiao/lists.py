"""INDICATORs of coordinated lists, by ANNOTATION.md: `A、B和C分别…` gives one INDICATOR per item when as many
values follow 分别, and one VALUE right after 各/均 measures every item of the list before it (`A、B各2家`). The
linker pairs them (in order for 分别, each item for 各). Plain data over a sentence and the rules' word lists.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .boundaries import named_place_end, tagged
from .matching import common_ending, ends_with_any, has_number, occurrences, starts_with_any, strip_words
from .project_names import joined_pieces, list_items
from .spans import CLAUSE_BOUNDARIES, EACH_BEFORE_VALUE, RESPECTIVELY, after_list_number, clause_end, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns



def _names(text: str, start: int, end: int, patterns: Patterns, taken, joined: bool = True
           ) -> list[tuple[int, int]] | None:
    """The items of the list in [start, end), cut at `、` and (with `joined`) joining words and stripped of leading
    verbs, or None when one is no name (shorter than two characters, with a number, or taken)."""
    names = [_stripped(text, a, b, patterns)
             for item in list_items(text, start, end)
             for a, b in (joined_pieces(text, *item) if joined else [item])]
    if names:  # `管道装备、医药化工两个集群分别…`: the count of the items after the last one is no part of it
        a, b = names[-1]
        counted = next((p for p in range(a + 2, b) if taken(p, p + 1)), b)
        names[-1] = (a, counted)
    return names if all(b - a >= 2 and not has_number(text[a:b]) and not taken(a, b) for a, b in names) else None


def _stripped(text: str, start: int, end: int, patterns: Patterns) -> tuple[int, int]:
    """An item without its leading verbs and change words, unless less than two characters would be left: then the
    verb is part of the name (`解决率、满意率分别…`)."""
    a, b = strip_words(text, start, end, patterns.leading_words, patterns.change_words, patterns.defining_modifiers)
    return (a, b) if b - a >= 2 else (start, end)


_TIER = re.compile(r"[两二三四五六七八九十]大$")  # `两大产业集群`: N大 counts the items, it names nothing


def _without_tier(text: str, start: int, end: int) -> int:
    tier = _TIER.search(text, start, end)
    return tier.start() if tier else end


def without_shared_head(text: str, names: list[tuple[int, int]], heads: tuple[str, ...] = (),
                        by_words: bool = True) -> list[tuple[int, int]]:
    """The items of a 分别/各/均 list with the head the last item shares with the others left out (the project's
    decision, corpus/notes: `油料、水产、蔬菜产量分别…` → 油料, 水产, 蔬菜): a listed quantity (`heads`) that only the
    last item ends with, else (`by_words`) as many jieba words as the longest item before it keeps, when the rest
    is a noun phrase the others lack."""
    *before, (start, end) = names
    if not any(ends_with_any(text, b, heads, a) for a, b in before):
        shared = end
        while (head := ends_with_any(text, shared, heads, start)) and shared - len(head) - start >= 2:
            shared = _without_tier(text, start, shared - len(head))
        if shared == end:  # a listed head that nouns follow (`电子信息|产业集群规模`)
            inner = next((p for p in range(start + 2, end - 1) if starts_with_any(text, p, heads, end)
                          and all(tag.startswith(("n", "vn")) for *_, tag in tagged(text[p:end]))), end)
            shared = _without_tier(text, start, inner)
        if shared < end:
            # what every item before ends with, written again at the head's start, is the last item's own
            # (`城镇常住居民、【农村常住居民】人均可支配收入`: the head shared is 人均可支配收入)
            ending = common_ending(text, before)
            kept = next((k for k in range(min(len(ending), end - shared - 1), 1, -1)
                         if text.startswith(ending[-k:], shared)), 0)
            return [*before, (start, shared + kept)]
    if not by_words:
        return names
    # the word every item before ends with, written again inside the last one (`制造业贷款、普惠小微贷款、
    # 【绿色贷款】余额`): the rest after it is the shared head
    ending = common_ending(text, before)
    inner = text.find(ending, start + 1, end - 2) if len(ending) >= 2 else -1
    if inner >= 0 and not has_number(text[inner + len(ending):end]):
        return [*before, (start, inner + len(ending))]
    width = max(len(tagged(text[a:b])) for a, b in before)
    words = tagged(text[start:end])
    if len(words) <= width or words[width - 1][1] < 2:
        return names  # (a name keeps two characters: `通机` is one, jieba cuts it)
    # the rest is a noun phrase, or the last item cut there is as long as one before it (`城市、【农村】低保标准`,
    # `基本养老保险、【基本医疗保险】参保率`: jieba tags 低保 and 参保 verbs)
    # (but not when the items before end with that rest too, or it counts them: `箱包、汽车零部件两个集群`)
    rest = text[start + words[width - 1][1]:end]
    if any(text.endswith(rest, a, b) for a, b in before) or all(text[b - 1] == text[end - 1] for _, b in before):
        return names  # every item names its own head (`独角兽企业、【瞪羚企业】分别`, `毛入园率、【高中阶段教育毛入学率】`)
    parallel = words[width - 1][1] in {b - a for a, b in before} and not has_number(rest) \
        and not any(tag.startswith("m") for *_, tag in words[width:])
    if not (parallel or all(tag.startswith(("n", "vn")) for *_, tag in words[width:])):
        return names
    return [*before, (start, start + words[width - 1][1])]


def _places_end(text: str, names: list[tuple[int, int]], patterns: Patterns) -> int | None:
    """Where the name after a list of places starts (ANNOTATION.md: the subject stays out; `澄湖街道、沙岙镇、
    白沙镇【规上工业总产值】分别…`): every item before the last a named place, and the last one opening with one;
    its end when the last item is a place too (`岷溪市、巴崃市分别达到…`); None otherwise."""
    *before, (start, end) = names
    if not all(named_place_end(text, a, b, patterns.place_heads, patterns.project_name_tags, listed=True) == b
               for a, b in before):
        return None
    place_end = named_place_end(text, start, end, patterns.place_heads, patterns.project_name_tags, listed=True)
    return place_end if place_end is not None and (place_end == end or end - place_end >= 2) else None


def _measured_items(text: str, names: list[tuple[int, int]], patterns: Patterns, by_words: bool = True
                    ) -> list[tuple[int, int]] | None:
    """The INDICATORs of a list's items: one per item, without the head they share; the one name after places
    listed as subjects, which every value measures; None for places alone, which name nothing: their values
    measure a name after them or before them (`锦峨市地区生产总值突破2.5万亿元，岷溪市、巴崃市分别达到…`)."""
    places_end = _places_end(text, names, patterns)
    if places_end is None:
        return without_shared_head(text, names, patterns.shared_heads, by_words)
    return [(places_end, names[-1][1])] if places_end < names[-1][1] else None


def listed_indicators(text: str, values: list, patterns: Patterns, taken) -> tuple[list[tuple[int, int]], list]:
    """The items of coordinated lists that values measure one by one or all at once, and those values:
    `A、B和C分别…` when as many values follow 分别 in its clause, `A、B各2家` / `A和B均达到90%` for the one value
    right after 各/均 (ANNOTATION.md: one INDICATOR per item; a shared modifier stays on the item where it is
    written)."""
    items_found: list[tuple[int, int]] = []
    values_found: list = []
    for position in occurrences(text, RESPECTIVELY):
        end = clause_end(text, position, CLAUSE_BOUNDARIES)
        after = [value for value in values if position < value[0] < end]
        # (a list item's number opens no name: `三是新建【互助幸福院】、【农村老年餐桌】各12个`)
        list_start = after_list_number(text, clause_start(text, position, CLAUSE_BOUNDARIES))
        names = _names(text, list_start, position, patterns, taken)
        if names is not None and len(names) > len(after):  # `教育、卫生健康、社会保障和就业支出分别…`: 和 inside an item
            names = _names(text, list_start, position, patterns, taken, joined=False)
        items = _measured_items(text, names, patterns) if names is not None and len(names) == len(after) >= 2 else None
        if items is not None:
            items_found += items
            values_found += after
    for value in values:
        cue = value[0] - 1
        while cue > 0 and not EACH_BEFORE_VALUE.match(text, cue) and value[0] - cue <= 4:
            cue -= 1
        if not EACH_BEFORE_VALUE.match(text, cue) or value in values_found \
                or strip_words(text, cue + 1, value[0], (), patterns.change_words)[1] > cue + 1:
            continue  # no 各/均 right before the value, change words aside
        names = _names(text, after_list_number(text, clause_start(text, cue, CLAUSE_BOUNDARIES)), cue, patterns, taken)
        items = _measured_items(text, names, patterns, by_words=False) if names is not None and len(names) >= 2 else None
        if items is not None:
            items_found += items
            values_found.append(value)
    return items_found, values_found
