"""The rule pre-annotator: proposes VALUE, UNIT, INDICATOR and PROJECT spans (the linker pairs them).

It is the annotators' starting point in doccano and the rule baseline every model is compared against. Word lists
live in `configs/rules.json`; this module holds what patterns cannot say (quote context, clause boundaries, stripping
verbs off a noun phrase).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .annotations import GoldLine

from .boundaries import (
    LIST_END,
    TRADE_WORDS,
    after_beneficiary,
    after_examples,
    after_named_subject,
    before_activity,
    clause_words,
    extended_over_modifiers,
    name_endings,
    named_place_end,
    people_end,
    tagged,
    unquoted,
)
from .capacities import named_capacities
from .comparisons import before_comparison, compares, of_plan, share_of_named_base
from .counted_nouns import before_beneficiary_verb, before_listed_word, before_locative, before_measured_name, title_after
from .lists import listed_indicators
from .matching import contains_any, ends_with_any, has_number, longest_first, reading_text, starts_with_any, strip_words, word_set
from .patterns import Patterns
from .projects import find_projects
from .quantities import find_values
from .spans import (
    CLAUSE_BOUNDARIES,
    EACH_BEFORE_VALUE,
    LIST_BOUNDARY,
    RESPECTIVELY,
    SHARE_UNITS,
    Span,
    after_list_number,
    clause_end,
    clause_start,
)
from .tables import table_label
from .thresholds import THRESHOLD_WORDS, threshold_sets

# ---------------------------------------------------------------- INDICATOR

# a duration between a name and its change word (`城镇化率五年提高`, `粮食产量连续5年稳定在`), and the year it starts from
DURATION_AFTER_NAME = re.compile(r"(?:连续)?(?:\d+|[二两三四五六七八九十]+)(?:年|个月)(?:来|间|内)?(?:累计)?$")
_TOTAL, _COUNTED = ("总量", "总数"), ("户", "家", "个", "名", "所", "座")
BASE_YEAR = re.compile(r"[由较比](?:\d{4}|[〇零一二三四五六七八九]{4})年(?:末|底|初)?的?$")

# A listed name this short (`学位`, `就业`) also takes a word jieba tags as a place before it (`【城镇就业】`); a longer
# one never does (`渝澄区地区生产总值`: the place is the subject)
SHORT_TERM = 2
_PROJECTS = "项目"  # a listed name of what a set of projects did (`项目完成投资`)
PLACE_TAGS = frozenset({"ns"})
# A gain per head or per household is measured for the people before it, who stay out (`带动果农【户均增收】`)
PER_HEAD = ("人均", "户均")


def find_indicator(text: str, value: tuple[int, int, tuple | None], patterns: Patterns, taken,
                   low: int = 0) -> tuple[int, int] | None:
    """The noun phrase a VALUE measures: before it in its clause (not before `low`, the end of the entity before
    it), else the noun after its unit."""
    start, end, unit = value
    # ANNOTATION.md: a size class (`百亿级`, `50亿级`) measures nothing; the count right before it counts the noun
    # after it (`2个百亿级【产业集群】`)
    size_class = unit is not None and text.startswith("级", unit[1])
    if size_class and low != start:
        return None
    left_start = max(after_list_number(text, clause_start(text, start)), low)
    shortest = 2
    if text.startswith(LIST_END, left_start):
        left_start += 1  # `A、B等学校7所`: the head after the list's 等
    elif left_start == low:
        # `实施500万元以上技改项目80个`: `以上` qualifies the value before, the indicator starts after it
        left_start += len(starts_with_any(text, left_start, patterns.value_qualifiers, start) or "")
        left_start += text.startswith("的", left_start, start)  # `超50亿元的企业`: 的 ties the threshold to the noun
        # ANNOTATION.md: after a threshold the counted noun is the INDICATOR even when bare (`500万元【村】3个`)
        shortest = 1 if "\u4e00" <= text[left_start:left_start + 1] <= "\u9fff" else 2
    owned = _noun_after_share(text, unit, patterns, taken)
    if owned is not None:
        return owned
    share = share_of_named_base(text, left_start, start)
    if share is not None:
        # ANNOTATION.md: a share of a named base without 比重 measures the subject (`占【1/5】以上`), not the base
        subject = strip_words(text, left_start, share, patterns.leading_words, patterns.change_words)
        named = subject[1] - subject[0] >= 2 and not has_number(text[subject[0]:subject[1]]) and not taken(*subject)
        return subject if named else None
    for term in patterns.indicator_gazetteer if contains_any(text, left_start, start, patterns.indicator_gazetteer) else ():
        position = text.rfind(term, left_start, start)  # (the one search above: most clauses hold no listed name)
        if position >= 0 and text[position - 1:position] != "占":  # `占一般公共预算收入比重`: the base of a share
            term_end = position + len(term)
            term_end += text.startswith("率", term_end, start)  # a listed name's rate is another name (`就业|率`)
            beyond = strip_words(text, term_end, start, patterns.leading_words, patterns.change_words)
            if starts_with_any(text, term_end, patterns.leading_words, start) and beyond[1] - beyond[0] >= 2 \
                    and not has_number(text[beyond[0]:beyond[1]]):
                return beyond  # `规模以上工业企业实现利润总额`: a listed name as the subject, the measured one after its verb
            rest = text[beyond[0]:beyond[1]]
            if len(rest) < 2 or has_number(rest) or _only_verbs(rest):
                partner = _TRADE_PARTNER.search(text, left_start, position) if term.startswith(TRADE_WORDS) else None
                # `地区生产总值下降到`: what follows the listed name is a change verb; `对俄进出口总额`: trade with a
                # partner keeps the partner
                name_start = partner.start() if partner else position
                # the nouns before a listed name define its set (`省级专精特新企业`, `新增【公办学位】`, `【城镇就业】`:
                # jieba tags 城镇 a place, so only a name this short takes a place-tagged word), but not the people a
                # gain per head is for (`带动果农【户均增收】`) nor a place that is the subject (`渝澄|区`)
                if term.startswith(_PROJECTS):  # the set of projects is the term's (`【区重点产业项目完成投资】`,
                    # `【亿元以上项目完成投资】`: ANNOTATION.md keeps the fixed term whole), the clause's subject aside
                    projects = strip_words(text, left_start, position, patterns.leading_words, ())[0]
                    if not taken(projects, position) and not has_number(text[projects:position]):
                        name_start = projects
                elif not term.startswith(PER_HEAD):
                    tags = patterns.repair_modifier_tags | (PLACE_TAGS if term_end - position <= SHORT_TERM else frozenset())
                    name_start = extended_over_modifiers(text, name_start, left_start, tags,
                                                         word_set(patterns.leading_words), patterns.subject_words,
                                                         patterns.subject_heads + patterns.place_heads)
                return name_start, term_end
            break  # `规上工业企业研发机构覆盖率`: the listed name only modifies the one the value measures
    a, b = strip_words(text, left_start, start, patterns.leading_words,
                       name_endings(patterns), patterns.defining_modifiers)
    a = after_beneficiary(text, a, b, word_set(patterns.leading_words))
    if (examples_end := after_examples(text, a, b)) > a:
        # `义乌等地设立【劳务协作工作站】`: what was done in the places listed is no part of the name
        a = strip_words(text, examples_end, b, patterns.leading_words, ())[0] if text[examples_end - 1] == "地" \
            else examples_end
    a = _after_inner_verb(text, a, b, patterns)
    # how long, not what (`粮食产量连续5年稳定在`; alone it names nothing: `连续五年稳定在`), and the year a change
    # starts from (`优良天数由2020年的198天增加到`)
    for after_name in (BASE_YEAR, DURATION_AFTER_NAME):
        if found := after_name.search(text, a, b):
            a, b = strip_words(text, a, found.start(), patterns.leading_words, patterns.change_words)
    # a verb that leads names makes a rate's name (`交付率`), and what became of projects the set a rate is of
    # (`新签约亿元以上项目当年入库列统率`)
    if text[b - 1:b] == "率" and (verb := ends_with_any(text, a, patterns.leading_words, left_start)) \
            and (b - a == 1 or verb.endswith(patterns.project_triggers)):
        a -= len(verb)
    if b - a == 1 and any(word[:2] == (a, b) and word[3] in FUNCTION_WORD_TAGS | {"v"} for word in clause_words(text, a, start)):
        shortest = 2  # a bare noun (`村`), not what is left of a verb (`压减|到`)
    plan = of_plan(text, a, b, patterns.plan_words)  # the share measures the quantity before (the linker pairs them)
    # `每千人口拥有3岁以下婴幼儿托位数`: an age bounds the group after it, it measures nothing before it
    bounds_group = unit is not None and text[unit[0]:unit[1]] in patterns.group_bounds \
        and text.startswith(THRESHOLD_WORDS, unit[1])
    b -= text[b - 1:b] == "的" and b - a > 2  # `完成年度投资计划的112%`: the share's 的 ties, it names nothing
    if "占" in text[a:b] and (whole := next((word for word in patterns.subject_words if text.endswith("占" + word, a, b)), None)):
        b -= len(whole) + 1  # `【侨资企业进出口额】占全市三成以上`: the share is of the name, the whole stays out
    if unit and text.endswith(_TOTAL, a, b) and b - a >= 4 and text[unit[0]:unit[1]].lstrip("万亿") in _COUNTED:
        b -= 2  # the total of a counted set measures the set (ANNOTATION.md: `规上工业企业…总数达760家`; `经营主体总量`)
    measures_before = not (size_class or plan or bounds_group)
    left = (a, b) if measures_before and b - a >= shortest and not has_number(text[a:b]) and not taken(a, b) \
        and text[a:b] not in patterns.not_indicators and text[a:b] not in patterns.trailing_words \
        and not _names_nothing(text[a:b], word_set(patterns.leading_words)) \
        and named_place_end(text, a, b, patterns.place_heads, patterns.project_name_tags) != b else None  # `荆北县增长`
    # ANNOTATION.md: `X、Y等 + count + head` counts the head; so do names listed right before a count
    # (`A、B2个美丽街区`); a list counted whole keeps its items (`企业、研发机构30家`: no head after it)
    listed = text[start - 1:start] == LIST_END or text[left_start - 1:left_start] == LIST_BOUNDARY
    named = left is not None and not _only_verbs(text[left[0]:left[1]])
    # ANNOTATION.md: a VALUE + UNIT before a noun counts it; a verb phrase before the count (`通达全球60多个国家和地区`)
    # is what the subject did, not what the count measures
    # (or ends with a leading verb jieba tags otherwise: `每个县市培育|2家企业`)
    counts_after = named and unit is not None and text[unit[0]:unit[1]] in patterns.chinese_numeral_units \
        and "元" not in text[unit[0]:unit[1]] \
        and (any(tag == "v" for _, _, _, tag in tagged(text[left[0]:left[1]]))  # type: ignore[index]
             or ends_with_any(text, left[1], patterns.leading_words, left[0]) is not None)  # type: ignore[index]
    if named and not listed and not counts_after:
        return left
    if bounds_group:
        return None  # `为65岁以上老年人免费提供健康体检`: the people it bounds are no INDICATOR unless counted
    after = unit[1] if unit else end
    if text.startswith("余", after):  # `2万余个公共泊位`: the measure word after 余 is no part of the noun
        after += 1 + len(starts_with_any(text, after + 1, patterns.chinese_numeral_units) or "")
    if size := _SIZE_CLASS.match(text, after):  # `2个百亿级【产业集群】`: the size class measures nothing
        after = size.end()
    after = _after_group_bound(text, after, patterns.group_bounds)
    # the noun after the unit, without the value's qualifier (`控制在3%以内`: 以内 names nothing)
    title = title_after(text, after, patterns)
    a, b = title or strip_words(
        text, after, clause_end(text, after), patterns.value_qualifiers + patterns.leading_words + ("的",),
        patterns.change_words + patterns.project_triggers)
    b = before_beneficiary_verb(text, start, a, before_listed_word(text, a, b, patterns))
    counted_end = before_activity(text, a, b, clause_end(text, a), patterns.activity_aspects, patterns.activity_words)
    # a bare noun is what a count counts when the activity done to it follows (`完成6个【村】环境综合整治`)
    right_shortest = 1 if counted_end < b else 2
    b = counted_end
    b = people_end(text, a, b, text[unit[0]:unit[1]], patterns.people_heads) if unit else b
    b = before_measured_name(text, a, b, patterns)
    b = before_locative(text, a, b)
    b = next_count.start() if (next_count := _NEXT_COUNT.search(text, a, b)) else b
    b = kind if (kind := text.find(LIST_END, a + 2, b)) > 0 else b  # `20万千瓦【储能电站】等新能源项目`
    # `公共泊位“一网统管”`: a quoted tail says what is done to it (quotes inside stay: `政务服务“好办”“快办”场景`);
    # a title's is its name (`获评省级“雄鹰企业”`)
    while title is None and text[b - 1:b] == "”" and text.rfind("“", a, b) >= a + 2:
        b = text.rfind("“", a, b)
    for opener, closer in (("（", "）"), ("(", ")")):  # `12个县（市、区）`: a comma inside brackets ends nothing
        if text.count(opener, a, b) > text.count(closer, a, b) and 0 <= text.find(closer, b) - b < 10:
            b = text.find(closer, b) + 1
    right = (a, b) if right_shortest <= b - a <= 20 and not has_number(text[a:b]) and not taken(a, b) \
        and text[a:b] not in patterns.not_indicators else None  # not a milestone (`迈上1600亿元台阶`)
    if right and (listed or counts_after):
        return right
    if left is not None and named and text[left_start - 1:left_start] == LIST_BOUNDARY \
            and RESPECTIVELY not in text[left[1]:start] and not EACH_BEFORE_VALUE.search(text, left[1], start):
        # ANNOTATION.md: a list counted as a whole without 等 is one INDICATOR (`建成【中小学、幼儿园】5所`); with
        # 各/分别 each item is measured; a list that would start at the entity before is that entity's tail
        # (`3.9万余人、领军人才164人`)
        a, b = strip_words(text, max(clause_start(text, start, CLAUSE_BOUNDARIES), low), start,
                           patterns.leading_words, patterns.change_words)
        a = _after_leading_verbs(text, a, b, patterns)
        whole = text[a:b]
        if b - a > left[1] - left[0] and (a > low or low == 0) and LIST_END not in whole and not has_number(whole) \
                and not taken(a, b) and not contains_any(text, a, b, patterns.leading_words):
            return a, b  # (an item with a leading verb in it is a clause of its own: `食堂运营改革纵深推进`)
    if named:
        return left
    # ANNOTATION.md: a count between a verb and a noun counts the noun (`聚焦9条产业链`); a verb that names the
    # quantity itself stays (`新增就业1.2万人`)
    return right or left or _subject_before(text, left_start, start, patterns, taken)


_TRADE_PARTNER = re.compile(r"对[\u4e00-\u9fff]{1,5}$")


# where the next count starts: `八成以上的就业和九成以上的市场主体`, `110项重点任务和39项民生实事`
_AGE = re.compile(r"\d+")  # the bound after it is a group_bounds unit (configs/rules.json)


def _after_group_bound(text: str, position: int, bounds: tuple[str, ...]) -> int:
    """Past an age that bounds the people a count counts (`8.6万名|65岁以上|老年人`), else `position`."""
    number = _AGE.match(text, position)
    bound = starts_with_any(text, number.end(), bounds) if number else None
    if number is None or bound is None:
        return position
    return number.end() + len(bound) + len(starts_with_any(text, number.end() + len(bound), THRESHOLD_WORDS) or "")


_SIZE_CLASS = re.compile(r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+)[万亿]*级")
_NEXT_COUNT = re.compile(r"(?:以及|[和及、])(?=[\d０-９一二三四五六七八九十两])")
_NO_SHARE_OF = ("目标", "任务", "水平", "要求", "预期", "速度", "增幅", "增长")  # `增长6%的目标`: a goal, no share


def _noun_after_share(text: str, unit: tuple[int, int] | None, patterns: Patterns, taken) -> tuple[int, int] | None:
    """The noun a share right before 的 is of (the writers' call on `贡献了全市七成以上的【税收】`, `以全县38%的
    【工业用地】`): what the subject contributes is not the name before the value."""
    if unit is None or text[unit[0]:unit[1]] not in SHARE_UNITS:
        return None
    after = unit[1] + len(starts_with_any(text, unit[1], patterns.value_qualifiers) or "")
    if not text.startswith("的", after):
        return None
    end = clause_end(text, after + 1)
    following = _NEXT_COUNT.search(text, after + 1, end)
    a, b = strip_words(text, after + 1, following.start() if following else end, (),
                       patterns.change_words)
    b = before_locative(text, a, b)
    words = tagged(text[a:b])
    # the words up to a verb that more words follow (`50%的企业|实现盈利`) or a particle and the verb before it
    # (`38%的工业用地|贡献了`); a verb that ends the phrase is a noun to jieba's tags (`营业收入`, `就业`)
    stop = next((i - (tag.startswith("u") and i > 0) for i, (*_, tag) in enumerate(words)
                 if tag.startswith("u") or tag == "v" and i < len(words) - 1), len(words))
    b = a + words[stop - 1][1] if stop > 0 else a
    noun = text[a:b]
    if not 2 <= len(noun) <= 12 or has_number(noun) or taken(a, b) or noun.startswith(_NO_SHARE_OF):
        return None
    return a, b


def _subject_before(text: str, left_start: int, start: int, patterns: Patterns, taken) -> tuple[int, int] | None:
    """`县域经济总量五年翻一番,【达到】1280亿元`: a value whose clause opens with its change word measures the nouns
    that open the clause before it, when that clause holds no number of its own."""
    before = clause_start(text, start, CLAUSE_BOUNDARIES) - 1
    if left_start != before + 1 or start == left_start or before <= 0 or text[before] not in ",，" \
            or strip_words(text, left_start, start, (), patterns.change_words)[1] > left_start \
            or has_number(text[clause_start(text, before, CLAUSE_BOUNDARIES):before]):
        return None
    words = clause_words(text, clause_start(text, before, CLAUSE_BOUNDARIES), before)
    nouns = 0
    while nouns < len(words) and words[nouns][3].startswith(("n", "vn", "b", "j")):
        nouns += 1
    if nouns == 0 or words[nouns - 1][1] - words[0][0] < 2 or taken(words[0][0], words[nouns - 1][1]):
        return None
    return strip_words(text, words[0][0], words[nouns - 1][1], patterns.leading_words, ())


# jieba's tags of the words before a list's first item that are no part of it (`新建和改扩建`, `引育`, `创成`)
_LEADING_VERB_TAGS = frozenset({"v", "vd", "c", "d", "p"})


def _after_leading_verbs(text: str, start: int, end: int, patterns: Patterns) -> int:
    """Where a phrase starts once the verbs before it (listed, or tagged as verbs by jieba) are gone; its first
    list item stays whole."""
    first_item_end = text.find(LIST_BOUNDARY, start, end)
    for word_start, _, word, tag in tagged(text[start:end]):
        if start + word_start >= first_item_end or not (tag in _LEADING_VERB_TAGS or word in patterns.leading_words):
            return start + word_start
    return start


# Prepositions, adverbs and conjunctions (jieba's tags): a phrase of nothing else but listed leading verbs
# names no quantity (`对照`, `分别建成`), so the count after it measures the noun after its unit.
FUNCTION_WORD_TAGS = frozenset({"p", "d", "vd", "ad", "c", "u", "ul", "uj", "uz", "ug", "uv", "ud"})  # (`了` is ul)


def _after_inner_verb(text: str, start: int, end: int, patterns: Patterns) -> int:
    """Where a name starts after a subject and its verb inside [start, end) (`保险业实现【保费收入】`, `起步区完成
    【投资】`): after the last of `subject_verbs` that jieba reads as a word, two characters or more from the end."""
    if not contains_any(text, start + 1, end, longest_first(patterns.subject_verbs)):
        return start  # most names: no jieba call
    verbs = [word_end for word_start, word_end, word, _ in clause_words(text, start, end)
             if word_start > start and word in patterns.subject_verbs and end - word_end >= 2]
    return verbs[-1] if verbs else start


def _names_nothing(phrase: str, leading_words: frozenset[str]) -> bool:
    return all(tag in FUNCTION_WORD_TAGS or word in leading_words for _, _, word, tag in tagged(phrase))


def _only_verbs(phrase: str) -> bool:
    return all(tag == "v" for _, _, _, tag in tagged(phrase))


# ---------------------------------------------------------------- all together

def propose(text: str, patterns: Patterns) -> list[Span]:
    """The rules' spans (start, end, label), sorted; the linker pairs them (`propose_record`). Full-width digits,
    units and brackets read as half-width ones (`６．５％`), ASCII quotes as curly ones (`reading_text`; the offsets are
    the text's)."""
    text = reading_text(text)
    occupied: list[tuple[int, int]] = []

    def taken(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in occupied)

    values = list(find_values(text, patterns))
    entities: list[Span] = []
    for value, name in named_capacities(text, values, patterns).items():
        values.remove(value)  # a capacity inside a project's name (`库尔乌苏200万千瓦风光储基地项目`) is no VALUE
        if not taken(*name):
            entities.append((name[0], name[1], "PROJECT"))
            occupied.append(name)
    for start, end, unit in values:
        entities.append((start, end, "VALUE"))
        occupied.append((start, end))
        if unit:
            entities.append((unit[0], unit[1], "UNIT"))
            occupied.append(unit)
    for project in find_projects(text, patterns, taken):
        entities.append((project[0], project[1], "PROJECT"))
        occupied.append(project)
    listed, measured = listed_indicators(text, values, patterns, taken)
    for item in listed:
        entities.append((item[0], item[1], "INDICATOR"))
        occupied.append(item)
    thresholds = threshold_sets(text, values, patterns.threshold_quantities)
    previous_indicator = None
    for value in values:
        if value in measured:
            continue  # its indicators are items of the 分别/各 list before it (the linker pairs them)
        low = max((e for s, e in occupied if e <= value[0]), default=0)
        indicator = thresholds.get(value) or find_indicator(text, value, patterns, taken, low)
        if indicator and compares(text, *indicator, patterns.comparison_words):
            indicator = None  # `低于全国0.2个百分点`: what the value is compared with; the linker finds what it measures
        elif indicator:  # `中考均分高出全省35分`: the name before the comparison
            indicator = (indicator[0], before_comparison(text, *indicator, patterns.comparison_words))
            indicator = None if text[indicator[0]:indicator[1]] in patterns.not_indicators else indicator  # `增速高于…`
        if indicator is None and previous_indicator and text[clause_start(text, value[0]) - 1:value[0]].startswith(LIST_BOUNDARY):
            indicator = previous_indicator  # 增长40.3%、39.7%: a list of values shares its indicator
        if indicator is None:
            indicator = table_label(text, value[0], patterns, taken)
        if indicator:  # a name quoted whole, or after a named company, port or park that is the subject
            indicator = unquoted(text, after_named_subject(text, *indicator, patterns.subject_heads,
                                                           patterns.project_name_tags), indicator[1])
        if indicator and indicator not in occupied:
            entities.append((indicator[0], indicator[1], "INDICATOR"))
            occupied.append(indicator)
        previous_indicator = indicator
    return sorted(entities)


def propose_record(record: dict, patterns: Patterns) -> GoldLine:
    """A doccano-format record with the rules' spans and the linker's value_of pairs for a clean sentence."""
    from .annotations import make_record
    from .linker import link

    entities = propose(record["text"], patterns)
    return make_record(record["doc_id"], record["sent_id"], record["text"], record.get("meta"), entities,
                       link(record["text"], entities))
