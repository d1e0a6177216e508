"""PROJECT spans by ANNOTATION.md's PROJECT rules: the name as written, without the verbs around it, and
never a programme, campaign, slogan, policy, title, event, service, heading, clause fragment or generic kind.

Plain data over the word lists in configs/rules.json (`project_*`). The same checks clean the rules' own
proposals (zhibiao.rules) and, with the rule component's `filter_projects`, a model's PROJECT entities.
Stripping and the excluded words are token-aligned (jieba, as in zhibiao.boundaries), so `建设` leaves
`加快建设X` but not `建设路`, and `和` rejects `A和B` but not `和平路`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from .boundaries import JOINING_WORDS, repair_indicator, span_words, tagged, unquoted
from .matching import contains_any, covered, ends_with_any, longest_first, occurrences, starts_with_any, strip_words
from .project_names import (
    COUNT_AFTER,
    VERB_TAGS,
    between_works,
    builds,
    counted_after,
    ends_a_name,
    head_names,
    joining_place,
    list_items,
    looks_like_name,
    modifies_noun,
    name_end,
    named_pieces,
    villages_before,
    works_list,
)
from .spans import CLAUSE_BOUNDARIES, LIST_BOUNDARY, after_list_number, clause_end, clause_start
from .tables import listed_project
from .works_lists import shared_works_names

if TYPE_CHECKING:
    from .patterns import Patterns

_BRACKETED = re.compile(r"[（(][A-Za-z一二三四五六七八九十]{1,3}[型期号]?[）)]")  # `（B型）`, `(一期)` after a name
_YEAR = re.compile(r"\d{4}年(?:内|底|初)?")
CLOSING = {"“": "”", "《": "》", "（": "）", "(": ")"}


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


_LEADING_TAGS = VERB_TAGS | {"vn"}
# verbs jieba tags as places (`新建`, a county of Jiangxi): `利用援藏资金|新建|【嘉措塘县完全中学】`
_PLACE_VERBS = frozenset({"新建"})


def strip_project(text: str, start: int, end: int, patterns: Patterns) -> tuple[int, int]:
    """[start, end) without leading verbs/adverbs (`推动东富龙` → `东富龙`) and trailing aspect words
    (`河海大学教职工公寓建设` → `河海大学教职工公寓`): the INDICATOR repair with PROJECT word lists and no tags,
    then a leading county or city that only locates the project."""
    start, end = repair_indicator(text, start, end, patterns.project_leading_words, patterns.project_trailing_words,
                                  frozenset(), frozenset())
    tokens = span_words(text, start, end)
    if len(tokens) > 1 and tokens[0][3] == "ns" and len(tokens[0][2]) >= 3 \
            and tokens[0][2].endswith(patterns.project_place_endings) and end - start - tokens[0][1] >= 2 \
            and not _place_names_it(text[start + tokens[0][1]:end], tokens[1][2], patterns):
        start += tokens[0][1]  # 扬中市长城汽车核心零部件一期: the county only locates the project
        tokens = span_words(text, start, end)
    start = _after_named_zone(text, start, end, patterns)
    for index, (_, word_end, word, _) in enumerate(tokens[1:3], 1):
        # an adverb or a verb of two characters at most before a listed verb (`稳妥推进`, `协同推进`, `聚力推进`):
        # the words of a leading phrase the list does not hold whole
        if tokens[index][0] <= 2 and len(word) > 1 and word in patterns.project_leading_words \
                and end - start - word_end >= 3:
            # and the listed words after it (`将|开工|建设【黔岭抽水蓄能电站】`)
            return repair_indicator(text, start + word_end, end, patterns.project_leading_words,
                                    patterns.project_trailing_words, frozenset(), frozenset())
    for index, (_, word_end, word, tag) in reversed(list(enumerate(tokens[:-1]))):
        # a subject and its verbs before the name (`人民医院加快启动【医养中心】`): the name follows the last verb that
        # leads names and is no works word of its own, when no verb opens what is left (`保障|保供基地`)
        leads = tag in _LEADING_TAGS and word not in patterns.project_works_words or word in _PLACE_VERBS
        if index > 0 and leads and word in patterns.project_leading_words and end - start - word_end >= 3 \
                and tokens[index + 1][3] not in VERB_TAGS \
                and not _only_generic(text[start + word_end:end], patterns.project_heads, patterns.project_generic_modifiers):
            return start + word_end, end  # not when the rest is a bare kind (`岚湖社区嵌入式养老服务|综合体`)
    return start, end


# The word lists below are derived once per Patterns (hashed by identity): built per call, each was a new tuple that
# the matching's compiled-pattern cache hashed and compared whole.
@lru_cache(maxsize=8)
def _zones(patterns: Patterns) -> tuple[str, ...]:
    """The zones among the subject words (`经开区`, `高新区`): what a named zone before a project ends with."""
    return tuple(word for word in patterns.subject_words if len(word) >= 3 and word.endswith("区"))


@lru_cache(maxsize=8)
def _name_leading_words(patterns: Patterns) -> tuple[str, ...]:
    """The leading words stripped before a project's name: a bare zone word is part of it (the seed gold's
    `开发区半导体产业园`, `高新区实验小学`), though it leads an INDICATOR as its subject."""
    zones = set(_zones(patterns))
    return tuple(word for word in patterns.leading_words if word not in zones) + ("加快", "加速")


@lru_cache(maxsize=8)
def _item_leading_words(patterns: Patterns) -> tuple[str, ...]:
    """The leading words stripped before a proposed name (`全力`, `配合` lead one too)."""
    return _name_leading_words(patterns) + ("全力", "配合")


@lru_cache(maxsize=8)
def _dating_words(patterns: Patterns) -> tuple[str, ...]:
    """The words after a year that make it date the works (`2024年建成投用X`)."""
    return patterns.leading_words + patterns.project_triggers


def _after_named_zone(text: str, start: int, end: int, patterns: Patterns) -> int:
    """`start` past a named zone that only locates the project (`岷峡经开区|电子信息产业园`); a bare zone word is part
    of the name (`开发区半导体产业园`), and so is a zone without which nothing names it."""
    for name_length in (2, 3, 4):
        zone = starts_with_any(text, start + name_length, _zones(patterns), end)
        rest = start + name_length + len(zone) if zone else end
        if zone and end - rest >= 4 and text[rest:end] not in patterns.project_works_words \
                and looks_like_name(text[start:start + name_length], patterns) \
                and not _only_generic(_without_works(text[rest:end], patterns), patterns.project_heads,
                                      patterns.project_generic_modifiers):
            return rest
    return start


def _place_names_it(rest: str, first_word: str, patterns: Patterns) -> bool:
    """Whether the county before `rest` is part of the name, not just where it is: without it nothing names the
    project (`滨海新区|污水处理厂提标改造`), or it names an institution (`淇阳县|中医院门诊医技楼`)."""
    return ends_with_any(first_word, len(first_word), patterns.project_heads) is not None \
        or _only_generic(_without_works(rest, patterns), patterns.project_heads, patterns.project_generic_modifiers) \
        or starts_with_any(rest, 0, patterns.project_works_words) is not None  # `老城区|有机更新一期`: works alone


def _unbalanced(name: str) -> bool:
    """A quote or bracket opened and not closed (or closed and never opened): a fragment cut out of a clause
    (`一）聚焦项目` of a heading's number)."""
    for opener, closer in CLOSING.items():
        if name.count(opener) != name.count(closer):
            return True
    return False


def _only_generic(name: str, heads: tuple[str, ...], modifiers: tuple[str, ...]) -> bool:
    """`省市重大产业项目`, `城市道路`: nothing but generic modifiers before a head (both longest first)."""
    head = ends_with_any(name, len(name), heads)
    if head is None:
        return False
    rest = name[:-len(head)].replace("“", "").replace("”", "")
    while rest:
        word = starts_with_any(rest, 0, modifiers)
        if word is None:
            return False
        rest = rest[len(word):]
    return True


def _without_works(name: str, patterns: Patterns, every: bool = False) -> str:
    """`name` without a works word or phase at its end (`通用码头二期` → `通用码头`), or (`every`) without all of
    them (`污水处理厂三期扩建` → `污水处理厂`)."""
    while (work := ends_with_any(name, len(name), patterns.project_works_words)) and len(work) < len(name):
        name = name[:-len(work)]
        if not every:
            break
    return name


# a phase before 工程 is one project's (`城乡供水一体化二期工程`): a programme has none
_PHASE_ENDING = re.compile(r"(?<!第)[一二三四五六七八九十]期$")
_PHASED = re.compile(r"(?<!第)[一二三四五六七八九十]期工程$")
# the county seat or city proper whose own works a 工程 names (`县城集中供暖扩网工程`), unlike a programme's kind
_TOWN_WORDS = ("县城", "市区", "城区", "主城区", "中心城区")


def _joins_activities(name: str, position: int, word: str, patterns: Patterns) -> bool:
    """Whether the joining word at `position` joins what one project does (`汀北生猪屠宰|及|冷链加工项目`,
    `湿地保护|与|修复工程`): 及 or 与 (和 lists: `分布式光伏、分散式风电和新型储能项目`), a 项目 or 工程 ends the
    name, and no facility head ends the piece before it."""
    return word in ("及", "与") and _BRACKETED.sub("", name).endswith(("项目", "工程")) \
        and not ends_a_name(name, position, patterns.project_heads)


def exclusion(name: str, patterns: Patterns) -> str | None:
    """Why `name` is not a PROJECT by ANNOTATION.md (a short reason), or None when it may be one."""
    if len(name) < 2:
        return "too short"
    # with or without one works word after the head (`城中村改造`; `中医院整体搬迁改造` names works on one facility)
    if (name in patterns.project_generic or _only_generic(_without_works(name, patterns), patterns.project_heads,
                                                          patterns.project_generic_modifiers)) \
            and not _PHASE_ENDING.search(name):  # a phase is one facility's (`人才公寓三期`, `园区污水处理厂三期`)
        return "generic kind"
    if _TITLE_WON.search(name):
        return "a title won"  # `“鹤汀白茶”入选国家地理标志保护工程`
    if name in patterns.project_leading_words or name in patterns.project_trailing_words:
        return "a verb or adverb alone"
    if starts_with_any(name, 0, patterns.project_works_words):
        return "works before any name"  # `改扩建中小学` of `新建改扩建中小学和幼儿园14所`
    words = tagged(name)
    if words[0][2] in patterns.project_generic:
        return "clause fragment (starts with a generic kind)"  # `项目早日` of `A、B等项目早日开工`
    if any(word in patterns.project_generic and tag in VERB_TAGS and following not in patterns.project_suffixes
           for (_, _, word, _), (_, _, following, tag) in zip(words, words[1:])):
        return "clause fragment (a verb after a generic kind)"  # `产业项目一律进园区`, not `A项目一期` (jieba: d)
    generic_end = ends_with_any(name, len(name), longest_first(patterns.project_generic))
    if generic_end and len(name) > len(generic_end) \
            and all(tag in VERB_TAGS for _, _, _, tag in tagged(name[:-len(generic_end)])):
        return "a verb before a generic kind"  # `做强项目`, `抓项目`: no name before 项目
    if _unbalanced(name):
        return "clause fragment (unclosed quote)"
    # `续建配套与节水改造`, `三期扩建及提标改造`: 与 and 及 inside or between works join nothing
    works = covered(name, 0, len(name), patterns.project_works_words)
    # (a joining word after the first character joins no two names: `伊|和|乳业产业园` is one)
    token = next((word for a, b, word, _ in words if word in patterns.project_excluded_words and a not in works
                  and not between_works(name, a, b, patterns.project_works_words, 0, len(name))
                  and not (a == 1 and word in JOINING_WORDS) and not _joins_activities(name, a, word, patterns)), None)
    if token:
        return f"excluded word {token}"
    if any(joining_place(name, a, word, tag, patterns.project_heads, 0) for a, _, word, tag in words):
        return "two names joined (`医院|和县|…幼儿园`)"
    ending = ends_with_any(name, len(name), patterns.project_excluded_endings)
    if ending:
        return f"excluded ending {ending}"
    for compiled in _compiled(patterns.project_excluded_patterns):
        if compiled.search(name):
            return f"excluded pattern {compiled.pattern}"
    if name.endswith("工程") and not name.startswith(_TOWN_WORDS) and not _PHASED.search(name) \
            and not looks_like_name(_without_works(name[:-2], patterns, every=True), patterns):
        return "programme (工程 after no name)"  # 立德树人工程, 文化惠民工程: no place or proper name in it
    return None


def clean_project(text: str, start: int, end: int, patterns: Patterns) -> tuple[tuple[int, int] | None, str | None]:
    """The stripped span and None, or None and the reason it is not a PROJECT."""
    start, end = strip_project(text, start, end, patterns)
    reason = exclusion(text[start:end], patterns)  # with its quotes: `“智改数转”` is a programme
    return (None, reason) if reason else (unquoted(text, start, end), None)


def clean_projects(text: str, spans: Iterable[tuple[int, int]], patterns: Patterns
                   ) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """Kept PROJECT spans (stripped), and (surface, reason) of each one left out."""
    kept, dropped = [], []
    for start, end in spans:
        span, reason = clean_project(text, start, end, patterns)
        if span is None:
            dropped.append((text[start:end], reason or ""))
        else:
            kept.append(span)
    return kept, dropped


# ---------------------------------------------------------------- the rules' PROJECTs

def _ends_a_word(text: str, position: int) -> bool:
    """Whether a jieba word of the clause ends at `position` (the clause is read whole, as the repair reads it)."""
    low = clause_start(text, position - 1, CLAUSE_BOUNDARIES)
    return any(low + end == position for _, end, _, _ in tagged(text[low:clause_end(text, position - 1, CLAUSE_BOUNDARIES)]))


_LIST_BEFORE_PROJECTS = re.compile(r"等(?:\d+|[两二三四五六七八九十]+)?(?:个|项)?[\u4e00-\u9fff]{0,6}?(?:项目|工程)")
# `A、B等项目`, `A、B两个项目`: the sentence itself calls the items projects
_TITLE_WON = re.compile(r"(?:获评|入选|荣获|获批|被评为|评为|被认定为|认定为|入围|跻身)")
def _wins_title(text: str, end: int, patterns: Patterns) -> bool:
    """Whether the name before `end` (alone or in a list) wins a title in its clause with no works between
    (ANNOTATION.md: a title is no project, nor is what wins one: `桐花社区、安心苑社区获评…示范点`, `X口岸获批扩大开放`)."""
    title = _TITLE_WON.search(text, end, clause_end(text, end, CLAUSE_BOUNDARIES))
    return title is not None and not contains_any(text, end, title.start(), patterns.project_context_words)


_NAMED_PROJECTS = re.compile(r"等(?:项目|工程)|(?:\d+|[两二三四五六七八九十]+)(?:个|项)(?:项目|工程)")
# `晶澳、天合、智泰3个项目`: a list counted without 等
_COUNTED_PROJECTS = re.compile(r"(?<![\d、等])(?:\d+|[两二三四五六七八九十]+)(?:个|项)[\u4e00-\u9fff]{0,6}?(?:项目|工程)")
# `青峡坝、木岗、铜厂沟3座水电站`: named sites counted before the facility they are (ANNOTATION.md: named sites in
# a list of works are PROJECTs), in a clause that builds
_COUNTED_FACILITIES = re.compile(r"(?<![\d、等])(?:\d+|[两二三四五六七八九十]+)(?:座|所|处|个|条|栋)")


# `四、`, `（一）`, `2.`: a heading's number; a heading (no sentence mark after it) names a task, not a project
_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def is_heading(text: str) -> bool:
    """`四、加快建设湾区现代化交通枢纽`: a numbered line with no sentence mark (。；！？) in it."""
    return _HEADING.match(text) is not None and len(text) <= 40 and not any(mark in text for mark in "。；;！!？?")


def _programme_item(text: str, start: int, end: int, patterns: Patterns) -> bool:
    """Whether a numbered item is nothing but a 工程 with no facility in it (`八是教育强市工程，九是健康沅川工程`):
    a programme of a list (`十大工程`), not works on one facility (`一是岚江大桥工程`, `三是实施…扩网工程`)."""
    return start == after_list_number(text, clause_start(text, start, CLAUSE_BOUNDARIES)) \
        and text.endswith("工程", start, end) and clause_end(text, end, CLAUSE_BOUNDARIES) == end \
        and not _PHASED.search(text, start, end) and ends_with_any(text, end - 2, patterns.project_heads, start) is None


def find_projects(text: str, patterns: Patterns, taken) -> list[tuple[int, int]]:
    """The rules' PROJECT spans of a sentence, not overlapping each other nor what `taken` says is taken."""
    projects: list[tuple[int, int]] = []
    if is_heading(text):
        return projects

    def add(a: int, b: int) -> None:
        span = candidate(a, b)
        if span is not None:
            projects.append(span)

    # what add would keep of [a, b): asked before whether the words before a 项目 or 工程 read as a name, since that
    # reading (jieba's HMM) costs more than the cleaning and most such names are cleaned away or found already
    def candidate(a: int, b: int) -> tuple[int, int] | None:
        numbered = after_list_number(text, a)  # `五是县人民医院…`, `1.华岳储能电池项目：`: no part of a name
        item, a = numbered > a, numbered
        a = max(a, text.rfind("的", a, b) + 1)  # 投资超百亿元的华能金坛储能二期项目: the name follows 的
        year = _YEAR.match(text, a, b)
        if year and starts_with_any(text, year.end(), _dating_words(patterns), b):
            a = year.end()  # `2024年建成投用X`: the year dates the works (a heading `2024年工作回顾` stays whole)
        a, b = strip_words(text, a, b, _item_leading_words(patterns), ())
        span, _ = clean_project(text, a, b, patterns)
        if span is None or _wins_title(text, span[1], patterns) or item and _programme_item(text, *span, patterns):
            return None
        a, b = span
        if a > 0 and text[a - 1] == "等":
            return None  # `A、B等电网项目`: what follows 等 is the kind the list shares (ANNOTATION.md: without `等项目`)
        if text[a] in JOINING_WORDS and ends_a_name(text, a, patterns.project_heads):
            a += 1  # the stripping read jieba's `和县` whole again: 和 joins two names (`医院|和|县城北区幼儿园`)
        b = (bracket.end() if (bracket := _BRACKETED.match(text, b)) else b)  # `保税物流中心（B型）`: the name's own
        if 2 <= b - a <= 24 and not taken(a, b) \
                and all(not (a < e and s < b) for s, e in projects):
            return a, b
        return None

    list_ends = [match.start() for match in re.finditer("等", text)
                 if _LIST_BEFORE_PROJECTS.match(text, match.start()) or works_list(text, match.start(), patterns)]
    list_ends += [match.start() for match in _COUNTED_PROJECTS.finditer(text)
                  if LIST_BOUNDARY in text[clause_start(text, match.start(), CLAUSE_BOUNDARIES):match.start()]]
    list_ends += [match.start() for match in _COUNTED_FACILITIES.finditer(text)
                  if LIST_BOUNDARY in text[clause_start(text, match.start(), CLAUSE_BOUNDARIES):match.start()]
                  and builds(text, match.start(), patterns)
                  and name_end(text, match.end(), clause_end(text, match.end()), patterns) is not None]
    for list_end in sorted(list_ends):
        # `A、B等项目`, `A、B3个项目`, or a list before 等 in a clause that builds: each item that reads as a name;
        # a list the sentence itself calls projects (`A、B等项目`, no count or kind between) names every item
        named_projects = _NAMED_PROJECTS.match(text, list_end) is not None
        for a, b in (piece for item in list_items(text, clause_start(text, list_end, CLAUSE_BOUNDARIES), list_end)
                     for piece in named_pieces(text, *item, patterns)):
            if named_projects or looks_like_name(text[a:b], patterns):
                add(a, b)
    for a, b in shared_works_names(text, patterns):
        add(a, b)
    for suffix in ("项目", "工程"):
        for position in occurrences(text, suffix):
            a = clause_start(text, position)
            b = position + len(suffix)
            if not (_ends_a_word(text, b) or starts_with_any(text, b, longest_first(patterns.project_trailing_words))) \
                    or modifies_noun(text, b, len(text), patterns) \
                    or starts_with_any(text, b, patterns.project_object_words):
                continue  # `工程技术研究中心`, `华大工程生物学`, `项目招引`: no name ends there
            while b < len(text) and text.startswith(("一期", "二期", "三期"), b):
                b += 2
            name_start, _ = strip_words(text, a, position, _name_leading_words(patterns), ())
            name_start = villages_before(text, name_start, patterns, _name_leading_words(patterns))
            if counted_after(text, b, patterns):
                continue  # `投资项目68个`, `产业转移项目落地41个`: a counted kind, not one named project (ANNOTATION.md:
                # `体育公园1个`)
            # a programme or a kind has no name before its 项目/工程 (`实施乡村教育提质工程`, `审查高耗能项目`)
            if position - name_start >= 3 and text[name_start:b] not in patterns.project_generic \
                    and (span := candidate(name_start, b)) is not None \
                    and looks_like_name(text[name_start:position], patterns):
                projects.append(span)
    for trigger in patterns.project_triggers:
        for position in occurrences(text, trigger):
            a = clause_start(text, position)
            name_start, name_stop = strip_words(text, a, position, _name_leading_words(patterns), ())
            after = position + len(trigger)
            if COUNT_AFTER.match(text, after) or modifies_noun(text, after, len(text), patterns) \
                    or starts_with_any(text, after, patterns.project_heads):
                continue  # `棚户区改造开工3200套`: a count of what started; `投资运营公司`: the verb names a kind;
                # `智慧城市运营中心`: the verb names the facility the head ends
            if 4 <= name_stop - name_start <= 14 and not any(ch.isdigit() for ch in text[name_start:name_stop]):
                add(name_start, name_stop)
    for a, b in head_names(text, patterns):
        add(a, b)
    label = listed_project(text, patterns)
    if label is not None:
        add(*label)
    return sorted(projects)
