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

from .boundaries import JOINING_WORDS, LIST_END, clause_words, repair_indicator, span_words, tagged, unquoted
from .matching import contains_any, covered, ends_with_any, lengths_at, longest_first, occurrences, starts_with_any, strip_words
from .spans import CLAUSE_BOUNDARIES, LIST_BOUNDARY, PHRASE_BOUNDARIES, clause_bounds, clause_end, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns

# jieba tags of words that name nothing by themselves: verbs, adjectives, adverbs (`做强`, `尽快`)
VERB_TAGS = frozenset({"v", "a", "d", "ad", "vd"})
# `体育公园1个`, `棚户区改造3200套`: what follows a counted kind, not a named project (a capacity may follow one:
# `A光伏项目一期50万千瓦`)
COUNT_AFTER = re.compile(r"(?:超过?|近|约|达到?|共)?(?:\d(?![\d.]*(?:[万亿]?(?:千瓦|兆瓦|吨|千伏|标箱|立方米)|[年月日]))"
                         r"|[一两二三四五六七八九十百千]+[个家座所条处套项批])")
_YEAR = re.compile(r"\d{4}年(?:内|底|初)?")
_COUNTED_EACH = re.compile(r"(?:分别|各|均)(?:为|达到|达|有)?\d")
# a phase of works (`二期`; not `第二期`, an issue or a course): what ANNOTATION.md calls a mark of a project
_PHASE = re.compile(r"(?<!第)[一二三四五六七八九十]期")
CLOSING = {"“": "”", "《": "》", "（": "）", "(": ")"}


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def strip_project(text: str, start: int, end: int, patterns: Patterns) -> tuple[int, int]:
    """[start, end) without leading verbs/adverbs (`推动东富龙` → `东富龙`) and trailing aspect words
    (`河海大学教职工公寓建设` → `河海大学教职工公寓`): the INDICATOR repair with PROJECT word lists and no tags,
    then a leading county or city that only locates the project."""
    start, end = repair_indicator(text, start, end, patterns.project_leading_words, patterns.project_trailing_words,
                                  frozenset(), frozenset())
    tokens = span_words(text, start, end)
    if len(tokens) > 1 and tokens[0][3] == "ns" and len(tokens[0][2]) >= 3 \
            and tokens[0][2].endswith(patterns.project_place_endings) and end - start - tokens[0][1] >= 2:
        start += tokens[0][1]  # 扬中市长城汽车核心零部件一期: the county only locates the project
        tokens = span_words(text, start, end)
    for index, (_, word_end, word, _) in enumerate(tokens[1:3], 1):
        # an adverb or a verb of two characters at most before a listed verb (`稳妥推进`, `协同推进`, `聚力推进`):
        # the words of a leading phrase the list does not hold whole
        if tokens[index][0] <= 2 and len(word) > 1 and word in patterns.project_leading_words \
                and end - start - word_end >= 3:
            return start + word_end, end
    for index, (_, word_end, word, tag) in reversed(list(enumerate(tokens[:-1]))):
        # a subject and its verbs before the name (`人民医院加快启动【医养中心】`): the name follows the last verb that
        # leads names and is no works word of its own, when no verb opens what is left (`保障|保供基地`)
        if index > 0 and word in patterns.project_leading_words and tag in VERB_TAGS | {"vn"} \
                and word not in patterns.project_works_words and end - start - word_end >= 3 \
                and tokens[index + 1][3] not in VERB_TAGS:
            return start + word_end, end
    return start, end


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


def _without_works(name: str, patterns: Patterns) -> str:
    """`name` without a works word or phase at its end (`通用码头二期` → `通用码头`)."""
    work = ends_with_any(name, len(name), patterns.project_works_words)
    return name[:-len(work)] if work and len(work) < len(name) else name


def exclusion(name: str, patterns: Patterns) -> str | None:
    """Why `name` is not a PROJECT by ANNOTATION.md (a short reason), or None when it may be one."""
    if len(name) < 2:
        return "too short"
    # with or without one works word after the head (`城中村改造`; `中医院整体搬迁改造` names works on one facility)
    if name in patterns.project_generic or _only_generic(_without_works(name, patterns), patterns.project_heads,
                                                         patterns.project_generic_modifiers):
        return "generic kind"
    if name in patterns.project_leading_words or name in patterns.project_trailing_words:
        return "a verb or adverb alone"
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
    works = covered(name, 0, len(name), patterns.project_works_words)  # `续建配套与节水改造`: 与 inside works joins nothing
    token = next((word for a, _, word, _ in words if word in patterns.project_excluded_words and a not in works), None)
    if token:
        return f"excluded word {token}"
    ending = ends_with_any(name, len(name), patterns.project_excluded_endings)
    if ending:
        return f"excluded ending {ending}"
    for compiled in _compiled(patterns.project_excluded_patterns):
        if compiled.search(name):
            return f"excluded pattern {compiled.pattern}"
    if name.endswith("工程") and not looks_like_name(_without_works(name[:-2], patterns), patterns):
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


# ---------------------------------------------------------------- proposals

def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at list commas and at 等: one name per item of `A、B、C等X`."""
    depth, cuts = 0, []
    for i in range(start, end):  # a comma inside brackets lists within one item: `县（市、区）`
        depth += (text[i] in "（(") - (text[i] in "）)")
        if text[i] in (LIST_BOUNDARY, "等") and depth <= 0:
            cuts.append(i)
    bounds = [start - 1, *cuts, end]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b > a + 1]


def builds(text: str, position: int, patterns: Patterns) -> bool:
    """Whether the clause around `position` plans, starts, builds, opens or upgrades something."""
    return contains_any(text, *clause_bounds(text, position), patterns.project_context_words)


def works_list(text: str, position: int, patterns: Patterns) -> bool:
    """Whether the list ending in 等 at `position` is one of works: its clause builds, and a facility head follows
    (`等园区配套道路`, `等老旧小区11个`), not companies, sectors or issues (`等领军企业`, `等重点领域`)."""
    return builds(text, position, patterns) and contains_any(text, position + 1, clause_end(text, position, PHRASE_BOUNDARIES),
                                                             patterns.project_heads)


def looks_like_name(item: str, patterns: Patterns) -> bool:
    """A list item that names something (`智泰`, `城北小区`), not a kind (`现代稻业`, `低空经济`): it ends with a
    facility head, or jieba meets a word it does not know (one-character tokens) or tags a proper name."""
    if ends_with_any(item, len(item), patterns.project_heads):
        return True
    return any(len(word) == 1 or tag in patterns.project_name_tags
               for _, _, word, tag in tagged(item, unknown_words=True))


@lru_cache(maxsize=8)
def _head_finder(heads: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?=(" + "|".join(map(re.escape, heads)) + "))")


def name_end(text: str, start: int, end: int, patterns: Patterns) -> int | None:
    """The end of the last head word in [start, end) that ends a jieba token, with works words and phases after it."""
    head_ends = {m.start() + length for m in _head_finder(patterns.project_heads).finditer(text, start, end)
                 for length in lengths_at(text, m.start(), patterns.project_heads, end)}
    if not head_ends:
        return _phase_end(text, start, end, patterns)  # most segments: no jieba call
    # a head ends a jieba token, or a works word follows it that jieba joins to it (`秦峪路北|延`: 路 + 北延)
    ends = {e for e in head_ends if starts_with_any(text, e, patterns.project_works_words, end)} \
        | head_ends & {start + e for _, e, _, _ in tagged(text[start:end])}
    if not ends:
        return None
    position = max(ends)
    while (works := starts_with_any(text, position, patterns.project_works_words, end)):
        position += len(works)
    return position


def _phase_end(text: str, start: int, end: int, patterns: Patterns) -> int | None:
    """The end of a phase that ends a list item with no facility head (`【华楚动力电池二期】、…竣工投产`), when what
    comes before it reads as a name and only a works verb or nothing follows it."""
    phases = list(_PHASE.finditer(text, start, end))
    phase = phases[-1] if phases else None
    if phase is None or phase.start() - start < 4 or not (
            phase.end() == end or starts_with_any(text, phase.end(), patterns.project_context_words, end)):
        return None
    return phase.end() if looks_like_name(text[start:phase.start()], patterns) else None


def joined_pieces(text: str, start: int, end: int, kept: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """[start, end) cut at joining words, when jieba reads one there: ANNOTATION.md splits names that can stand
    alone (`【352省道西延】和【北海路东延】`); a piece without a facility head of its own yields no name. A joining
    word inside a `kept` phrase joins nothing (`灌区续建配套与节水改造`: one works phrase)."""
    if not contains_any(text, start, end, JOINING_WORDS):
        return [(start, end)]
    inside = covered(text, start, end, kept) if kept else set()
    cuts = [(a, b) for a, b, word, _ in clause_words(text, start, end) if word in JOINING_WORDS and a not in inside]
    bounds = [start, *(position for cut in cuts for position in cut), end]
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]


_NOUN_TAGS = ("n", "vn", "b", "a", "l")


def _modifies_noun(text: str, end: int, high: int, patterns: Patterns) -> bool:
    """Whether the head before `end` only modifies a noun phrase that goes on after it (`临港|先进制造业`): the word
    after it is a noun or adjective no PROJECT list names (not `建设`, `项目`, `一期`)."""
    if text.startswith("“", end):
        return True  # `旅游度假区“国创”工作`: the quoted title that follows is what the phrase is about
    after = [(word, tag) for a, _, word, tag in clause_words(text, end, high) if a == end]
    if not after:
        return False
    word, tag = after[0]
    return tag.startswith(_NOUN_TAGS) and not any(  # a listed word, or one jieba joins to the next (`全线贯通`)
        starts_with_any(word, 0, words) for words in (longest_first(patterns.project_trailing_words),
                                                      patterns.project_context_words, patterns.project_heads,
                                                      patterns.project_works_words, patterns.project_suffixes))


def _shared_head(text: str, pieces: list[tuple[int, int]], ends: list[int | None], patterns: Patterns
                 ) -> tuple[tuple[int, int], int] | None:
    """The list as one name when its items share the last one's head (the project's decision, corpus/notes/jiangdu.md
    4: `【开发区、高新区污水处理厂】`, `【丁沟、邵伯、小纪专职消防站】`): the items before it are short and name no head."""
    if len(pieces) < 2 or ends[-1] is None or any(end is not None for end in ends[:-1]):
        return None
    leading = longest_first(patterns.project_leading_words)
    first = strip_words(text, *pieces[0], leading, ())
    if not all(2 <= b - a <= 4 for a, b in [first, *pieces[1:-1]]) or any(LIST_END in text[a:b] for a, b in pieces):
        return None
    return (first[0], pieces[-1][1]), ends[-1]


def _without_shared_works(text: str, pieces: list[tuple[int, int]], ends: list[int | None], patterns: Patterns
                          ) -> list[int | None]:
    """The name ends of a list's items with the works the items share left out of the last one (corpus/notes/jintan.md
    decision 12: `【凤栖湖片区】、【老码头片区】城市更新`): every item before it a whole name, all ending with one
    head the last one has before more words."""
    if len(pieces) < 2 or ends[-1] is None or any(end != b for (_, b), end in zip(pieces[:-1], ends[:-1])):
        return ends
    head = ends_with_any(text, pieces[0][1], patterns.project_heads, pieces[0][0])
    if head is None or any(not text.endswith(head, a, b) for a, b in pieces[1:-1]):
        return ends
    start, end = pieces[-1][0], ends[-1]
    position = text.rfind(head, start + 1, end - 1)
    return [*ends[:-1], position + len(head)] if position >= 0 else ends


def head_names(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Candidate names (not yet stripped or checked) in clauses that plan, start, build, open or upgrade
    something: each list item up to its last facility head (`建成东海路、南苑东路、华动路等园区配套道路`)."""
    found = []
    segment_start = 0
    for i in range(len(text) + 1):
        if i < len(text) and text[i] not in CLAUSE_BOUNDARIES:
            continue
        # a list each of whose items gets its own count (`A、B分别为12家和18家`) lists kinds, not names
        if contains_any(text, segment_start, i, patterns.project_context_words) \
                and not _COUNTED_EACH.search(text, segment_start, i):
            pieces = [piece for item in list_items(text, segment_start, i)
                      for piece in joined_pieces(text, *item, patterns.project_works_words)]
            ends = [name_end(text, a, b, patterns) for a, b in pieces]
            shared = _shared_head(text, pieces, ends, patterns)
            ends = _without_shared_works(text, pieces, ends, patterns)
            for (a, b), end in ([shared] if shared else zip(pieces, ends)):
                if end is not None and not COUNT_AFTER.match(text, end) and not _modifies_noun(text, end, b, patterns):
                    found.append((a, end))  # not `体育公园1个` (a counted kind)
        segment_start = i + 1
    return found


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


# `四、`, `（一）`, `2.`: a heading's number; a heading (no sentence mark after it) names a task, not a project
_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def is_heading(text: str) -> bool:
    """`四、加快建设湾区现代化交通枢纽`: a numbered line with no sentence mark (。；！？) in it."""
    return _HEADING.match(text) is not None and len(text) <= 40 and not any(mark in text for mark in "。；;！!？?")


def find_projects(text: str, patterns: Patterns, taken) -> list[tuple[int, int]]:
    """The rules' PROJECT spans of a sentence, not overlapping each other nor what `taken` says is taken."""
    projects: list[tuple[int, int]] = []
    if is_heading(text):
        return projects

    def add(a: int, b: int) -> None:
        a = max(a, text.rfind("的", a, b) + 1)  # 投资超百亿元的华能金坛储能二期项目: the name follows 的
        year = _YEAR.match(text, a, b)
        if year and starts_with_any(text, year.end(), patterns.leading_words + patterns.project_triggers, b):
            a = year.end()  # `2024年建成投用X`: the year dates the works (a heading `2024年工作回顾` stays whole)
        a, b = strip_words(text, a, b, patterns.leading_words + ("加快", "加速", "全力", "配合"), ())
        span, _ = clean_project(text, a, b, patterns)
        if span is None or _wins_title(text, span[1], patterns):
            return
        a, b = span
        if 2 <= b - a <= 24 and not taken(a, b) \
                and all(not (a < e and s < b) for s, e in projects):
            projects.append((a, b))

    list_ends = [match.start() for match in re.finditer("等", text)
                 if _LIST_BEFORE_PROJECTS.match(text, match.start()) or works_list(text, match.start(), patterns)]
    list_ends += [match.start() for match in _COUNTED_PROJECTS.finditer(text)
                  if LIST_BOUNDARY in text[clause_start(text, match.start(), CLAUSE_BOUNDARIES):match.start()]]
    for list_end in sorted(list_ends):
        # `A、B等项目`, `A、B3个项目`, or a list before 等 in a clause that builds: each item that reads as a name;
        # a list the sentence itself calls projects (`A、B等项目`, no count or kind between) names every item
        named_projects = _NAMED_PROJECTS.match(text, list_end) is not None
        for a, b in list_items(text, clause_start(text, list_end, CLAUSE_BOUNDARIES), list_end):
            if named_projects or looks_like_name(text[a:b], patterns):
                add(a, b)
    for suffix in ("项目", "工程"):
        for position in occurrences(text, suffix):
            a = clause_start(text, position)
            b = position + len(suffix)
            if not (_ends_a_word(text, b) or starts_with_any(text, b, longest_first(patterns.project_trailing_words))) \
                    or _modifies_noun(text, b, len(text), patterns) \
                    or starts_with_any(text, b, patterns.project_object_words):
                continue  # `工程技术研究中心`, `华大工程生物学`, `项目招引`: no name ends there
            while b < len(text) and text.startswith(("一期", "二期", "三期"), b):
                b += 2
            name_start, _ = strip_words(text, a, position, patterns.leading_words + ("加快", "加速"), ())
            if COUNT_AFTER.match(text, b):
                continue  # `投资项目68个`: a counted kind, not one named project (ANNOTATION.md: `体育公园1个`)
            if position - name_start >= 3 and text[name_start:b] not in patterns.project_generic:
                add(name_start, b)
    for trigger in patterns.project_triggers:
        for position in occurrences(text, trigger):
            a = clause_start(text, position)
            name_start, name_end = strip_words(text, a, position, patterns.leading_words + ("加快", "加速"), ())
            after = position + len(trigger)
            if COUNT_AFTER.match(text, after) or _modifies_noun(text, after, len(text), patterns) \
                    or starts_with_any(text, after, patterns.project_heads):
                continue  # `棚户区改造开工3200套`: a count of what started; `投资运营公司`: the verb names a kind;
                # `智慧城市运营中心`: the verb names the facility the head ends
            if 4 <= name_end - name_start <= 14 and not any(ch.isdigit() for ch in text[name_start:name_end]):
                add(name_start, name_end)
    for a, b in head_names(text, patterns):
        add(a, b)
    return sorted(projects)
