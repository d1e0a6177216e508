"""Boundary repair of INDICATOR spans, by ANNOTATION.md's rules: leading verbs, aspect and time words
and subjects stay out, and so do change words after the name.

The word lists are data (configs/rules.json); verbs are an open class, so jieba's part-of-speech tags
(its dictionary ships inside the package, nothing is downloaded) catch the ones no list names. Stripping
is token-aligned: `总` is stripped only where jieba reads it as a word of its own, never out of `总投资`.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from .dictionary_words import dictionary_words, hmm_words
from .matching import contains_any, covered, ends_with_any, has_number, longest_first, starts_with_any
from .spans import CLAUSE_BOUNDARIES, clause_end, clause_start

if TYPE_CHECKING:
    from .patterns import Patterns

# Characters a span may keep at its edges: quotes and brackets that belong to the name.
KEPT_OPENERS = "“《(（"
KEPT_CLOSERS = "”》)）"
LIST_END = "等"
# Words that join two names (`A和B`): token-aligned, so `和平路` stays whole.
JOINING_WORDS = ("以及", "和", "及", "与")


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise
    return jieba.posseg


def known_word(word: str) -> bool:
    """Whether jieba's dictionary holds `word`: a word only its HMM joined is one it does not know (a name:
    `澄新`, `恒岳`), whatever tag the HMM guessed for it."""
    return dictionary_tag(word) is not None


def dictionary_tag(word: str) -> str | None:
    """jieba's dictionary tag of `word` (None for a word it does not know)."""
    return _posseg().dt.word_tag_tab.get(word)


@lru_cache(maxsize=65536)
def tagged(text: str, unknown_words: bool = False) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, word, part-of-speech tag) of each jieba token of `text`. Only with `unknown_words` does jieba's
    HMM join characters its dictionary does not know into words (`稻业`, a name): it reads about 50,000
    characters a second, too slow to run over every clause, so only the PROJECT rules, which ask whether a list
    item reads as a name, use it."""
    words = hmm_words(text) if unknown_words else dictionary_words(text)
    found, position = [], 0
    for word, tag in words:
        found.append((position, position + len(word), word, tag))
        position += len(word)
    return tuple(found)


def clause_words(text: str, low: int, high: int) -> list[tuple[int, int, str, str]]:
    """The jieba words of the clause around `low`, cut to [low, high) (absolute offsets): the clause is read whole,
    so jieba runs once per clause whatever part of it is asked for, and a word the cut divides keeps its tag."""
    clause = clause_start(text, low, CLAUSE_BOUNDARIES)
    words, ends = _clause_words(text[clause:clause_end(text, low, CLAUSE_BOUNDARIES)])
    # the rules ask for a few words of a long clause many times: start at the first word that ends past `low`
    first = bisect_right(ends, low - clause)
    found = []
    for a, b, word, tag in words[first:]:
        a, b = max(clause + a, low), min(clause + b, high)
        if a >= b:
            break
        found.append((a, b, text[a:b], tag))
    return found


@lru_cache(maxsize=65536)
def _clause_words(clause: str) -> tuple[tuple[tuple[int, int, str, str], ...], tuple[int, ...]]:
    """tagged(clause) and where each word ends, cached by the clause's text (whose hash Python keeps)."""
    words = tagged(clause)
    return words, tuple(b for _, b, _, _ in words)


def span_words(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """clause_words of [start, end), with offsets from `start` (as tagged(text[start:end]) gives them)."""
    return [(a - start, b - start, word, tag) for a, b, word, tag in clause_words(text, start, end)]


def _edge_trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum() or text[start] in KEPT_OPENERS):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in KEPT_CLOSERS):
        end -= 1
    return start, end


def snapped_to_words(text: str, start: int, end: int, low: int = 0, high: int | None = None,
                     words_after: frozenset[str] = frozenset(), words_before: tuple[str, ...] = ()) -> tuple[int, int]:
    """[start, end) with edges that fall inside a word moved to word boundaries (jieba, read in the span's clause):
    a start inside a word goes back to the word's start (`角地区项目` → `长三角地区项目`); an end inside a noun goes
    on to its end, inside any other word back to its start (`村集体收入平` of `平均` → `村集体收入`), unless the rest
    of the word is one of `words_after`, the span keeps two characters or more and one side of the cut has two
    (`【占比】达` of jieba's `占比达`, `受害【率】控制` of `率控制`, `【三次产业结构】调整` of `结构调整`: the cut is
    the guidelines'); a start stays where one of `words_before`
    ends (`全年【发电量】` of jieba's `全`+`年发电量`). Edges never move past `low` and `high` (the neighbouring
    entities)."""
    high = len(text) if high is None else high
    window_start, window_end = clause_start(text, start, CLAUSE_BOUNDARIES), clause_end(text, max(start, end - 1),
                                                                                      CLAUSE_BOUNDARIES)
    for word_start, word_end, _, tag in tagged(text[window_start:window_end]):
        word_start, word_end = word_start + window_start, word_end + window_start
        if word_start < start < word_end and not ends_with_any(text, start, words_before):
            start = max(word_start, low)
        # a cut between two single characters only where jieba read them as a name it does not know (`占|比达`)
        if word_start < end < word_end and not (end - start >= 2 and text[end:word_end] in words_after
                                                and (max(end - word_start, word_end - end) >= 2 or tag.startswith("nr"))):
            end = min(word_end, high) if tag.startswith("n") or word_start <= start else word_start
    return start, end


def extended_over_modifiers(text: str, start: int, low: int, modifier_tags: frozenset[str],
                            stop_words: frozenset[str], subjects: tuple[str, ...] = (), heads: tuple[str, ...] = ()) -> int:
    """`start` moved back over the words right before it in its clause that modify the name (`实际` of
    `实际利用外资`), never past `low`, a word of `stop_words` or one of another kind, nor into a listed subject or
    time word that jieba cuts apart (`全`+`旗`, `各地`+`市`), nor over a subject's head of its own (`锦峨|市`)."""
    window_start = clause_start(text, start, CLAUSE_BOUNDARIES)
    before = span_words(text, window_start, start)
    blocked = covered(text, window_start, start, subjects) if subjects else set()
    while before:
        # a locative (`以上`) joins only with the modifier before it: `规模以上`, never `500万元以上`
        take = 2 if before[-1][3] == "f" and len(before) > 1 else 1
        words = before[-take:]
        if not all(word[3] in modifier_tags or (word[3] == "f" and take == 2) for word in words) \
                or any(word[2] in stop_words or word[2] in heads for word in words) or window_start + words[0][0] < low \
                or ends_with_any(text, start, subjects) or window_start + words[0][0] in blocked:
            break
        start = window_start + words[0][0]
        del before[-take:]
    return start


def after_named_subject(text: str, start: int, end: int, heads: tuple[str, ...], name_tags: frozenset[str]) -> int:
    """Where a name starts after a named company, port or park that is the sentence's subject (ANNOTATION.md:
    `磊达集团【应税销售】`, `江都港【货物吞吐量】`): after the last listed head that ends a jieba word, with a proper name
    or characters jieba does not know before it and two characters or more after it; `start` when there is none.
    A head after a common noun defines the set instead (`工业园区【污水集中处理率】` keeps `工业园区`); a name has two
    characters or more (`在镇院校毕业生留镇率`: 在镇 says where)."""
    if not heads or not contains_any(text, start, end, heads):
        return start  # most names: no jieba call
    tokens = clause_words(text, start, end)
    for word_start, word_end, _, _ in reversed(tokens[:-1]):
        head = ends_with_any(text, word_end, heads, start)
        if head is None or end - word_end < 2 or word_end - len(head) - start < 2 or word_start < word_end - len(head):
            continue  # `上市公司` is one word to jieba: a kind of company, not a named one
        named = tagged(text[start:word_end - len(head)])
        if text.endswith("级", start, word_end - len(head)):
            continue  # a grade (`3A级景区`, `省级园区`) names a kind of place, not one
        if all(word.isalnum() for _, _, word, _ in named) \
                and any(tag in name_tags or len(word) == 1 for _, _, word, tag in named):
            return word_end
    return start


# jieba's tags for a character it knows only as part of words (`岙`, `湄`), and those a place name's characters may
# carry besides name tags (`笏石`: 石 is a noun); `老旧小区` (adjectives) and `A级景区` are kinds of place
_MORPHEME_TAGS = frozenset({"g", "zg", "ng"})
_NAME_CHARACTER_TAGS = _MORPHEME_TAGS | {"n", "f"}


def named_place_end(text: str, start: int, end: int, heads: tuple[str, ...], name_tags: frozenset[str],
                    listed: bool = False) -> int | None:
    """The end of the named place that opens [start, end) (`沙岙镇`, `澄湖街道`, `江都区`): two to four characters
    jieba reads as a name, then one of `heads` that ends a word; None if there is none (`工业园区`: 工业 is a common
    noun, so the park is a kind). A place `listed` beside others may be characters jieba joins into no word, whatever
    their tags (`盘|河|县、龙|涌|区`); alone they may be an activity (`送|戏|下|乡`)."""
    word_ends: set[int] = set()
    for length in range(2, 5):
        head = starts_with_any(text, start + length, heads, end)
        if head is None:
            continue
        # the head ends a word (`新建市|级` is no place: jieba reads 市级)
        word_ends = word_ends or {start + b for _, b, _, _ in tagged(text[start:end])}
        if start + length + len(head) not in word_ends:
            continue
        words = tagged(text[start:start + length])
        if all(tag in name_tags or len(word) == 1 and (listed or tag in _NAME_CHARACTER_TAGS) for *_, word, tag in words) \
                and (listed or any(tag in name_tags or tag in _MORPHEME_TAGS for *_, tag in words)):
            return start + length + len(head)
    return None


def only_places(text: str, start: int, end: int, heads: tuple[str, ...], name_tags: frozenset[str]) -> bool:
    """Whether [start, end) is nothing but named places listed with `、`/`和` (`沂澜市、岱屏市`)."""
    position = start
    while position < end and (place_end := named_place_end(text, position, end, heads, name_tags)) is not None:
        position = place_end + (place_end < end and text[place_end] in "、和")
    return start < position == end


# What counts people (`1260名`, `420户`, `1.1万人次`, `12万农村群众`: a bare 万 too)
PEOPLE_MEASURES = ("人次", "户次", "名", "人", "户", "位", "万")


def people_end(text: str, start: int, end: int, unit: str, heads: tuple[str, ...]) -> int:
    """Where the name after a count of people ends: with the first run of words that end with one of `heads`
    (`解决1260名【群众】饮水难问题`, `【青年志愿者】服务社区`); `end` for a count of anything else."""
    if not unit.endswith(PEOPLE_MEASURES) or not contains_any(text, start, end, heads):
        return end  # (most counted names hold no people word: no jieba call)
    found = None
    for _, word_end, word, _ in clause_words(text, start, end):
        if not word.endswith(heads):
            if found is not None:
                return found
            continue
        found = word_end
    return end


# A word of three characters ending so names the manner of what is done (`智能化`, `战略性`, `公司制`; `文化` names a
# thing); jieba tags the activity itself a verb, a verbal noun or an idiom (`综合治理`)
MANNER_ENDINGS = ("化", "性", "制")
ACTIVITY_TAGS = frozenset({"v", "vn", "l"})
ACTION_TAGS = frozenset({"v", "vn"})


def before_activity(text: str, start: int, end: int, high: int, aspects: tuple[str, ...],
                    activities: frozenset[str]) -> int:
    """Where the noun after a count ends when what is done to it follows, opening with its aspect or manner, up to
    `high` (the clause's end or the next entity): ANNOTATION.md leaves the activity after a counted noun out
    (`27户【国有企业】公司制改制`, `11个【国省考断面】水质全部达标`); `end` when no such activity follows."""
    words = clause_words(text, start, high)
    ends_in_activity = len(words) >= 2 and (words[-1][3] in ACTIVITY_TAGS or words[-1][2] in activities)
    for position, (word_start, _, word, _) in enumerate(words[1:], 1):
        if word_start >= end:
            break
        # an aspect opens the activity when the clause ends in one, or a listed one when a verb follows it (`3个
        # 【国省控断面】水质稳定达到Ⅱ类标准`; not `23座煤矿获评省级智能化示范煤矿`), and no value measures what follows
        # (`14个【国考断面水质优良比例】保持100%`)
        aspect = starts_with_any(text, word_start, aspects, high)
        if ends_in_activity and (aspect or len(word) == 3 and word.endswith(MANNER_ENDINGS)) \
                or aspect and any(tag in ACTION_TAGS for *_, tag in words[position + 1:]) \
                and not has_number(text[word_start:clause_end(text, word_start)]):
            return word_start
    if not ends_in_activity:
        return end
    # no aspect: the verbs that end the clause are the activity (`46个【项目】加快建设`), and so is an idiom that ends in
    # one (`10幢【老旧商务楼宇】更新改造`), not one that ends in a noun (`村民活动中心`)
    tail = len(words)
    while tail > 1 and (words[tail - 1][3] in ACTION_TAGS or words[tail - 1][2] in activities
                        or words[tail - 1][3] == "l" and dictionary_tag(words[tail - 1][2][-2:]) in ACTION_TAGS):
        tail -= 1
    return min(end, words[tail][0]) if tail < len(words) and words[tail][0] - start >= 2 else end


BENEFICIARY_MARKS = frozenset({"为", "对", "向", "给"})
TRADE_WORDS = ("进出口", "出口", "进口", "贸易", "外贸")


def after_beneficiary(text: str, start: int, end: int, leading_words: frozenset[str]) -> int:
    """Where a name starts after the one it serves (`为群众挽回【经济损失】`, `为中小微企业提供【续贷服务】`,
    `为企业【减税降费】`): a leading 为/对/向/给, the nouns after it, and the verb after those when a noun follows it;
    `start` when [start, end) does not open with one."""
    if start >= end or text[start] not in BENEFICIARY_MARKS:
        return start  # most names: no jieba call
    words = clause_words(text, start, end)
    if not words or words[0][2] not in BENEFICIARY_MARKS:
        return start
    i = 1
    while i < len(words) and words[i][3].startswith(("n", "r", "j", "b")) and words[i][2] not in leading_words:
        i += 1
    if i == 1 or i >= len(words) or words[0][2] == "对" and words[i][2].startswith(TRADE_WORDS):
        return start  # `对俄进出口总额`: trade with a partner names the trade, the partner stays
    if (words[i][3] == "v" or words[i][2] in leading_words) and i + 1 < len(words) and words[i + 1][3] != "v":
        i += 1  # the verb the beneficiary gets (`挽回`, `提供`), when a name follows it
    return words[i][0]


def unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the quotes of a name quoted whole (ANNOTATION.md: `“【四上单位】”`), or an opening quote
    it does not close; quotes inside a name stay (`【“智改数转”项目】`)."""
    if end - start > 2 and text[start] == "“" and text[end - 1] == "”" and "“" not in text[start + 1:end - 1]:
        return start + 1, end - 1
    if end - start > 1 and text[start] == "“" and "”" not in text[start:end]:
        return start + 1, end
    return start, end


def sets_a_rate(text: str, start: int, cut: int, end: int, triggers: tuple[str, ...]) -> bool:
    """Whether [start, cut) of the name [start, end) ends with what became of projects and the name is a rate: the
    set the rate is of (ANNOTATION.md: `【新签约亿元以上项目当年开工率】`), which a new start must not cut off."""
    return cut > start and text.endswith("率", start, end) and text.endswith(triggers, start, cut)


def after_examples(text: str, start: int, end: int) -> int:
    """Where the head starts after examples ended by 等 inside [start, end) (ANNOTATION.md: `X、Y等【文化惠民活动】
    200场`): after the last 等 that jieba reads as a word of its own (not `高等`, `等级`), when a name follows it."""
    if "等" not in text[start:end]:
        return start  # most names: no jieba call
    words = clause_words(text, start, end)
    # (`义乌等地|设立…`: 等地 ends a list of places, and what follows is what was done there)
    ends = [following[1] if following and following[2] == "地" else word_end
            for (_, word_end, word, _), following in zip(words, [*words[1:], None])
            if word in ("等", "等等") and end - word_end >= 2]
    return ends[-1] if ends else start


def listed_words(word: str, words: frozenset[str], shortest: int = 2) -> bool:
    """Whether a jieba word is a listed word, or listed words of `shortest` characters or more one after another:
    jieba joins `全面完成` into one word, and stripping goes word by word. A one-character listed word (`总`,
    `共`) leads names too often (`总投资`) to be stripped by default."""
    if len(word) >= shortest and word in words:
        return True
    return any(listed_words(word[:cut], words, shortest) and listed_words(word[cut:], words, shortest)
               for cut in range(2, len(word) - 1))


def verbs_alone(text: str, start: int, end: int, verbs: frozenset[str]) -> bool:
    """Whether [start, end) is two or more jieba words, each a listed verb or adverb (`有序|推进`, `全力|打造`): no
    name. One listed word alone may be one (`完成【投资】96亿元`: 投资 also leads a project's name)."""
    words = span_words(text, start, end)
    return len(words) >= 2 and all(listed_words(word, verbs) for _, _, word, _ in words)


def repair_indicator(text: str, start: int, end: int, leading_words: frozenset[str], trailing_words: frozenset[str],
                     leading_tags: frozenset[str], trailing_tags: frozenset[str], low: int = 0,
                     high: int | None = None, activity_tags: frozenset[str] = frozenset(),
                     modifier_tags: frozenset[str] = frozenset(), kept: frozenset[str] = frozenset(),
                     subjects: tuple[str, ...] = (), subject_heads: tuple[str, ...] = (),
                     name_tags: frozenset[str] = frozenset(), kept_at_end: tuple[str, ...] = ()) -> tuple[int, int]:
    """[start, end) on word boundaries (within [low, high)), without leading verbs/time words/subjects and
    trailing change words; at least one word of two characters stays (`解决率`), and a leading word in `kept` (it
    defines the set: `脱贫人口`), and no word of a `kept_at_end` phrase at its end (works a change word ends:
    `背街小巷整治提升` before its count).
    The start never moves back into a listed subject or time word (`subjects`, longest first) jieba cuts apart,
    and a named company, port or park before the name (a head of `subject_heads` after a name) stays out."""
    start, end = _edge_trimmed(text, *snapped_to_words(text, start, end, low, high, trailing_words, subjects))
    start = after_beneficiary(text, start, end, leading_words)
    if modifier_tags:
        start = extended_over_modifiers(text, start, low, modifier_tags, leading_words, subjects, subject_heads)
    start = after_named_subject(text, start, end, subject_heads, name_tags)
    tokens = span_words(text, start, end)
    # ANNOTATION.md: in `X、Y等 + head + count` the indicator is the head only (`等` as a word, not of `高等`)
    listed = [i for i, token in enumerate(tokens[:-1]) if token[2] == LIST_END]
    if listed:
        start += tokens[listed[-1] + 1][0]
        tokens = span_words(text, start, end)
    first, last = 0, len(tokens)
    # no word of a kept word goes, read in the text, since jieba cuts some apart (`占`+`比`)
    protected = covered(text, start, end, longest_first(kept)) if kept else set()
    while last - first > 1 and start + tokens[first][0] not in protected \
            and tokens[last - 1][1] - tokens[first + 1][0] >= 2:
        if listed_words(tokens[first][2], leading_words) or tokens[first][3] in leading_tags:
            first += 1  # a one-character word (`总`, `共`) leads names too often to go (`总投资`)
        elif last - first > 2 and tokens[last - 1][1] - tokens[first + 2][0] >= 2 \
                and tokens[first][2] + tokens[first + 1][2] in leading_words:
            first += 2  # a listed word jieba cuts in two (`建`+`好`)
        else:
            break
    if kept_at_end:
        protected |= covered(text, start, end, kept_at_end)
    while last - first > 1 and start + tokens[last - 1][0] not in protected:
        if last - first > 2 and "".join(token[2] for token in tokens[last - 2:last]) in trailing_words:
            last -= 2  # a listed change word jieba cuts in two (`调整` + `优化`), the longer match first
        elif listed_words(tokens[last - 1][2], trailing_words, 1) or tokens[last - 1][3] in trailing_tags \
                or tokens[last - 1][3] in activity_tags:
            last -= 1
        else:
            break
    if not tokens:
        return start, end
    if last - first == 1 and tokens[first][2] in leading_words:
        return start, start  # nothing names a quantity once the verb goes (`冲刺1500亿元`, `开工248个`)
    return _edge_trimmed(text, start + tokens[first][0], start + tokens[last - 1][1])


@lru_cache(maxsize=8)
def name_endings(patterns: Patterns) -> tuple[str, ...]:
    """What a name before its value ends without, longest first: change words, project triggers and the listed
    trailing words (`柑橘产量力争达到`, `通硬化路率保持`), but no activity, which a count after the name keeps
    (ANNOTATION.md: `背街小巷整治提升186条`), nor a one-character word, which ends names too (`到`, `可`)."""
    activities = (*patterns.activity_words, *patterns.works_activities)
    trailing = [word for word in patterns.trailing_words if len(word) >= 2 and not word.endswith(activities)]
    return tuple(sorted({*patterns.change_words, *patterns.project_triggers, *trailing}, key=lambda w: (-len(w), w)))
