"""Where a project's name ends: list items, the facility heads and works words that end a name, and the candidate
names of clauses that plan, start, build, open or upgrade something (ANNOTATION.md's PROJECT rules).

Plain data over a sentence and the rules' word lists (configs/rules.json `project_*`); zhibiao.projects strips and
checks what these propose, and zhibiao.capacities reads a capacity's name to its end here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .boundaries import JOINING_WORDS, LIST_END, clause_words, known_word, tagged
from .labels import after_spaces
from .matching import (
    contains_any,
    covered,
    ends_with_any,
    lengths_at,
    longest_first,
    starts_with_any,
    strip_words,
)
from .spans import LIST_BOUNDARY, PHRASE_BOUNDARIES, clause_bounds, clause_end, clause_ends, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns

# jieba tags of words that name nothing by themselves: verbs, adjectives, adverbs (`做强`, `尽快`)
VERB_TAGS = frozenset({"v", "a", "d", "ad", "vd"})
# `体育公园1个`, `棚户区改造3200套`: what follows a counted kind, not a named project (a capacity may follow one:
# `A光伏项目一期50万千瓦`, and its parts: `溪口水电站3台机组`)
COUNT_AFTER = re.compile(r"(?:超过?|近|约|达到?|共)?(?:\d(?![\d.]*(?:[万亿]?(?:千瓦|兆瓦|吨|千伏|标箱|立方米)|[年月日]"
                         r"|台[^，,。；;、]{0,8}?机组))|[一两二三四五六七八九十百千]+[个家座所条处套项批])")
_COUNTED_EACH = re.compile(r"(?:分别|各|均)[^\d，,。；;]{0,4}\d")  # (`分别建成38公里和12公里`)
# a phase of works (`二期`; not `第二期`, an issue or a course): what ANNOTATION.md calls a mark of a project
_PHASE = re.compile(r"(?<!第)[一二三四五六七八九十]期")


# `霞屿港区5号、6号泊位`: numbered units of one facility listed together are one name
_NUMBERED_PAIR = re.compile(r"\d号、\d{1,2}号")
# what list_items reads: the brackets it counts and the marks it cuts at (one search in C, not a loop per character)
_LIST_MARKS = re.compile("[（()）" + re.escape(LIST_BOUNDARY) + "等]")


def counted_after(text: str, end: int, patterns: Patterns) -> bool:
    """Whether a count follows the kind that ends at `end`, right after it or after what became of it
    (`体育公园1个`, `配售型保障性住房开工4200套`, `农村公路提档升级186公里`): a counted kind, not a named project."""
    end = after_spaces(text, end)
    trigger = starts_with_any(text, end, patterns.project_triggers)
    works = None if trigger else starts_with_any(text, end, patterns.project_context_words)
    count = after_spaces(text, end + len(trigger or works or ""))
    # after works, money is what a named project spent (`…高速公路完成年度投资32.4亿元`), not a count of a kind
    return COUNT_AFTER.match(text, count) is not None and not (works and _MONEY.match(text, count))


_MONEY = re.compile(r"[\d.]+[万亿]*(?:美元|元)")


# A village's or hamlet's name (`弄平屯`, `白沙村`, `凉水井组`): one jieba does not know (`城中村`, `行政村` it does)
_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2,4}?[村屯组寨]")


def villages_before(text: str, start: int, patterns: Patterns, leading: tuple[str, ...]) -> int:
    """The start of the villages listed before a name that opens with one, which share its works head
    (ANNOTATION.md, jintan decision 12: `【弄平屯、坡岩屯饮水工程】`; a village alone is no facility);
    `leading` words before the first are no part of it (`实施|凉水井组、大土组饮水工程`)."""
    if not _village(text, start, patterns):
        return start
    while start > 1 and text[start - 1] == LIST_BOUNDARY:
        item, _ = strip_words(text, clause_start(text, start - 1), start - 1, leading, ())
        if not (_village(text, item, patterns) and _VILLAGE.fullmatch(text, item, start - 1)):
            break
        start = item
    return start


def _village(text: str, start: int, patterns: Patterns) -> bool:
    village = _VILLAGE.match(text, start)
    return village is not None and not known_word(village.group()) \
        and village.group()[:-1] not in patterns.project_generic_modifiers


def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at list commas and at 等: one name per item of `A、B、C等X`."""
    depth, cuts = 0, []
    for mark in _LIST_MARKS.finditer(text, start, end):  # a comma inside brackets lists within one item: `县（市、区）`
        i, ch = mark.start(), mark.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif depth <= 0 and not _NUMBERED_PAIR.match(text, max(0, i - 2), i + 4):
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
    facility head, or jieba meets a word it does not know (one-character tokens, or a first word only its HMM
    joined: `澄新|汽车零部件`; a kind's unknown word comes last, `现代|稻业`) or tags a proper name."""
    if ends_with_any(item, len(item), patterns.project_heads):
        return True
    words = tagged(item, unknown_words=True)
    return bool(words) and len(words[0][2]) > 1 and not known_word(words[0][2]) \
        and not starts_with_any(item, 0, patterns.project_works_words) \
        or any(len(word) == 1 or tag in patterns.project_name_tags and word not in patterns.project_generic_modifiers
               for _, _, word, tag in words)  # (`城市` is no name, whatever jieba's tag)


@lru_cache(maxsize=8)
def _head_finder(patterns: Patterns) -> re.Pattern:
    # searched from each head's start + 1 (heads overlap): a lookahead tried at every position was slower, since
    # the search then cannot skip to the characters a head starts with
    return re.compile("|".join(map(re.escape, patterns.project_heads)))


def _head_starts(text: str, start: int, end: int, patterns: Patterns) -> list[int]:
    """Where a facility head starts in [start, end) (and ends by `end`), overlapping ones included."""
    found, finder = [], _head_finder(patterns)
    head = finder.search(text, start, end)
    while head is not None:
        found.append(head.start())
        head = finder.search(text, head.start() + 1, end)
    return found


def name_end(text: str, start: int, end: int, patterns: Patterns) -> int | None:
    """The end of the last head word in [start, end) that ends a jieba token, with works words and phases after it."""
    head_ends = {head + length for head in _head_starts(text, start, end, patterns)
                 for length in lengths_at(text, head, patterns.project_heads, end)}
    if not head_ends:  # most segments: no jieba call
        return _phase_end(text, start, end, patterns) or _works_end(text, start, end, patterns)
    # a head ends a jieba token, or a works word follows it that jieba joins to it (`秦峪路北|延`: 路 + 北延)
    # (jieba's last token ends at `end`: when it or works end every head, the tokens add none, so no jieba call)
    ends = {e for e in head_ends if e == end or starts_with_any(text, e, patterns.project_works_words, end)}
    if ends != head_ends:
        ends |= head_ends & {start + e for _, e, _, _ in tagged(text[start:end])}
    if not ends:
        return None
    after = _after_works(text, max(ends), end, patterns)
    # a phase further on ends the item (`鲸背岛海上风电二期`: 岛 is a head, the phase closes the name)
    phase = next((m for m in reversed(list(_PHASE.finditer(text, after, end)))), None)
    return phase.end() if phase is not None and (phase.end() == end or starts_with_any(
        text, phase.end(), patterns.project_context_words, end)) else after


# `2号机组` of `青岗坪水电站2号机组投产`: the numbered unit of a named facility is part of its name
_NUMBERED_UNIT = re.compile(r"\d{1,2}号机组")


def _after_works(text: str, position: int, end: int, patterns: Patterns) -> int:
    """`position` past the works words, phases and numbered units after a head (`污水处理厂|扩建及提标改造`,
    `风电基地|二期`, `水电站|2号机组`), and past a joining word between two works."""
    works_words = patterns.project_works_words
    while True:
        step = starts_with_any(text, position, works_words, end) or (
            match.group() if (match := _PHASE.match(text, position, end) or _NUMBERED_UNIT.match(text, position, end))
            else None)
        if step is None and (joining := starts_with_any(text, position, JOINING_WORDS, end)) \
                and between_works(text, position, position + len(joining), works_words, 0, end):
            step = joining
        if step is None:
            return position
        position += len(step)


def _phase_end(text: str, start: int, end: int, patterns: Patterns) -> int | None:
    """The end of a phase that ends a list item with no facility head (`【华楚动力电池二期】、…竣工投产`), when what
    comes before it reads as a name and only a works verb or nothing follows it."""
    phases = list(_PHASE.finditer(text, start, end))
    phase = phases[-1] if phases else None
    if phase is None or phase.start() - start < 4 or not (
            phase.end() == end or starts_with_any(text, phase.end(), patterns.project_context_words, end)):
        return None
    name_start, _ = strip_words(text, start, phase.start(), longest_first(patterns.project_leading_words), ())
    return phase.end() if looks_like_name(text[name_start:phase.start()], patterns) else None  # (`加快|瀚蓝…三期`)


def _works_end(text: str, start: int, end: int, patterns: Patterns) -> int | None:
    """The end of the works that end a list item with no facility head (ANNOTATION.md: works on an existing facility
    keep the works word; `【桑源特钢超低排放改造】、…完工`), when a name comes before them."""
    works = ends_with_any(text, end, longest_first(patterns.project_works_words), start)
    if works is None or len(works) < 2 or end - len(works) - start < 4:
        return None
    name = text[start:end - len(works)]
    named = strip_words(text, start, end - len(works), longest_first(patterns.project_leading_words), ())
    if not (text.startswith((LIST_BOUNDARY, "等", "和", "及"), end) or starts_with_any(text, end, patterns.project_triggers)
            or proper(text[named[0]:named[1]], patterns)):
        return None  # works that end a clause are what it does (`推进城市燃气安全整治`), not a name, unless a proper
        # name has them (`实施【溪浦河综合整治】`)
    return end if tagged(name)[-1][3] not in VERB_TAGS and looks_like_name(name, patterns) else None  # `有效|提升`


def between_works(text: str, a: int, b: int, works: tuple[str, ...], low: int, high: int) -> bool:
    """Whether the word [a, b) stands between two works words within [low, high) (`三期扩建|及|提标改造`)."""
    return bool(works) and ends_with_any(text, a, works, low) is not None \
        and starts_with_any(text, b, works, high) is not None


def joined_pieces(text: str, start: int, end: int, kept: tuple[str, ...] = (), heads: tuple[str, ...] = ()
                  ) -> list[tuple[int, int]]:
    """[start, end) cut at joining words, when jieba reads one there: ANNOTATION.md splits names that can stand
    alone (`【352省道西延】和【北海路东延】`); a piece without a facility head of its own yields no name. A joining
    word inside a `kept` phrase, or between two of them, joins nothing (`灌区续建配套与节水改造`,
    `污水处理厂三期扩建及提标改造工程`: the works of one facility). Right after one of `heads`, a place word jieba
    starts with a joining word starts with one too (`第二人民医院|和县|城北区幼儿园`: 和 + 县城北区…)."""
    if not contains_any(text, start, end, JOINING_WORDS):
        return [(start, end)]
    inside = covered(text, start, end, kept) if kept else set()
    cuts = [(a, b if word in JOINING_WORDS else a + 1) for a, b, word, tag in clause_words(text, start, end)
            if (word in JOINING_WORDS or joining_place(text, a, word, tag, heads, start)) and a not in inside
            and not between_works(text, a, b, kept, start, end)]
    bounds = [start, *(position for cut in cuts for position in cut), end]
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if b > a]


def named_pieces(text: str, start: int, end: int, patterns: Patterns) -> list[tuple[int, int]]:
    """A list item cut at its joining words (`老火车站片区更新|和|纺机厂片区有机更新`, `管理系统|和|指挥中心`), but
    whole where a piece before the last is an activity or too short to stand alone (`生猪屠宰及冷链加工项目`,
    `长荡湖保护与修复`, `牧源|和|牛繁育基地`): no fragment of it is a name."""
    pieces = joined_pieces(text, start, end, patterns.project_works_words, patterns.project_heads)
    shared_suffix = text.endswith(("项目", "工程"), start, end)  # `A及B项目`: one project, unless A is a name
    return pieces if all(_stands_alone(text, a, b, patterns, shared_suffix) for a, b in pieces[:-1]) \
        else [(start, end)]


def _stands_alone(text: str, start: int, end: int, patterns: Patterns, shared_suffix: bool) -> bool:
    """Whether [start, end), before a joining word, is a name of its own: whole up to a head or works, or (when
    no 项目 the pieces could share follows) three characters or more that end with no verb."""
    return name_end(text, start, end, patterns) == end \
        or not shared_suffix and end - start >= 3 and tagged(text[start:end])[-1][3] not in VERB_TAGS | {"vn"}


def joining_place(text: str, a: int, word: str, tag: str, heads: tuple[str, ...], low: int) -> bool:
    """Whether `word` at `a` is a place jieba made of a joining word and what follows (`和县`) right after a head."""
    return len(word) > 1 and word[0] in JOINING_WORDS and tag.startswith("ns") and ends_a_name(text, a, heads, low)


def ends_a_name(text: str, position: int, heads: tuple[str, ...], low: int = 0) -> bool:
    """Whether a facility head or a phase ends at `position` (`…医院`, `…新院区二期`)."""
    return bool(heads) and ends_with_any(text, position, heads, low) is not None \
        or _PHASE.match(text, max(low, position - 2), position) is not None


_NOUN_TAGS = ("n", "vn", "b", "a", "l")


def modifies_noun(text: str, end: int, high: int, patterns: Patterns) -> bool:
    """Whether the head before `end` only modifies a noun phrase that goes on after it (`临港|先进制造业`): the word
    after it is a noun or adjective no PROJECT list names (not `建设`, `项目`, `一期`)."""
    if text.startswith("“", end):
        return True  # `旅游度假区“国创”工作`: the quoted title that follows is what the phrase is about
    after = [tag for a, _, _, tag in clause_words(text, end, high) if a == end]
    if not after:
        return False
    tag = after[0]
    # a listed word read in the text, so one jieba joins to the next (`全线贯通`) or cuts (`投|用`) counts too
    return tag.startswith(_NOUN_TAGS) and not any(
        starts_with_any(text, end, words, high)
        for words in (longest_first(patterns.project_trailing_words), patterns.project_context_words,
                      patterns.project_heads, patterns.project_works_words, patterns.project_suffixes))


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
    if position < 0 or _PHASE.match(text, position + len(head)):
        return ends  # a phase is the item's own (`普汐光伏基地、【腾屏风电基地二期】`)
    return [*ends[:-1], position + len(head)]


# the count a list of kinds ends with (`…和幼儿园32所`, `…和数字化车间3个`)
_COUNT_ENDING = re.compile(r"(?:\d+|[两二三四五六七八九十百千]+)[个家座所条处套项批间栋张户]$")


def _counted_whole(text: str, last: tuple[int, int], patterns: Patterns) -> bool:
    """Whether the last item of a list ends in the count of the whole list (`公办中小学和|幼儿园32所`), with no verb of
    its own before the count (not `…，新建学校2所`) and not a count of its own before its kind (`市急救中心和|6个…`)."""
    count = _COUNT_ENDING.search(text[last[0]:last[1]])
    return count is not None and count.start() >= 2 \
        and not contains_any(text, last[0], last[0] + count.start(), patterns.project_context_words)


def head_names(text: str, patterns: Patterns) -> list[tuple[int, int]]:
    """Candidate names (not yet stripped or checked) in clauses that plan, start, build, open or upgrade
    something: each list item up to its last facility head (`建成东海路、南苑东路、华动路等园区配套道路`)."""
    found = []
    segment_start = 0
    for i in clause_ends(text):
        # a list each of whose items gets its own count (`A、B分别为12家和18家`) lists kinds, not names
        if contains_any(text, segment_start, i, patterns.project_context_words) \
                and not _COUNTED_EACH.search(text, segment_start, i):
            pieces = [piece for item in list_items(text, segment_start, i) for piece in named_pieces(text, *item, patterns)]
            ends = [name_end(text, a, b, patterns) for a, b in pieces]
            shared = _shared_head(text, pieces, ends, patterns)
            ends = _without_shared_works(text, pieces, ends, patterns)
            if len(pieces) > 1 and _counted_whole(text, pieces[-1], patterns) and "等" not in text[segment_start:i]:
                shared, pieces = None, []  # a list counted as a whole is one kind (ANNOTATION.md: `公办中小学和幼儿园32所`)
            for (a, b), end in ([shared] if shared else zip(pieces, ends)):
                if end is not None and not counted_after(text, end, patterns) and not modifies_noun(text, end, b, patterns):
                    found.append((a, end))  # not `体育公园1个` (a counted kind)
        segment_start = i + 1
    return found


def proper(name: str, patterns: Patterns) -> bool:
    """Whether jieba reads a proper name in `name`, or a word of two characters or more it does not know (`芦泾河`,
    `东涌排渠`), not only common words (`钢铁`, `老旧小区`, `背街`)."""
    return "“" not in name and any(  # (a quoted name is a programme's: `“危污乱散低”综合治理`)
        (tag in patterns.project_name_tags or len(word) >= 2 and word.isalpha() and not known_word(word))
        and word not in patterns.project_generic_modifiers for _, _, word, tag in tagged(name, unknown_words=True))
