"""VALUE → INDICATOR pairing (the `value_of` relation) and the spaCy component `zhibiao_linker`.

The pairing follows ANNOTATION.md and works on plain data: a text and its labelled spans
(start, end, label). It needs no tokens, so it runs after any span source: gold, rules or a model.

Order of the rules, each one a sentence in the guidelines:
1. a VALUE (+UNIT) directly followed by an INDICATOR counts it (`打造100个X`), unless it is a
   threshold inside a modifier (`500万元以上技改项目80个`, `产值30亿元企业1家`): then it measures
   only a quantity named right before it (`产值`), or nothing; a share stays a share past 以上
   (`七成以上的税收`);
2. `分别`: the values after it go one by one to the indicators listed before it;
3. `各` / `均`: one VALUE goes to every indicator of the coordinated list before it;
4. otherwise the nearest INDICATOR before the VALUE in its clause (a total after an increment,
   `新增X102家、总数达760家`, lands on the same X because `、` does not end a clause);
5. otherwise the first INDICATOR after it in its clause (`5家企业获评省级瞪羚企业`);
6. otherwise, when its clause names no indicator and the VALUE modifies no noun, the indicator of
   the value before it in the sentence (`新增有效发明专利735件,比2019年之前总量多137件`);
but a count after nothing but what became of projects counts what the sentence left out: no relation
(`开工248个, 竣工投产141个`).
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .matching import reading_text
from .spans import (
    CLAUSE_BOUNDARIES,
    EACH_BEFORE_VALUE,
    PHRASE_BOUNDARIES,
    RESPECTIVELY,
    SENTENCE_BOUNDARIES,
    SHARE_UNITS,
    Span,
    clause_bounds,
    clause_start,
    doc_spans,
    doc_text,
    forget_text,
    mask_spans,
    relations_from_pairs,
    unit_of,
)
from .words import WORDS

# Between two items of a coordinated list of indicators (`国家高企、“小巨人”新增数均占…`).
LIST_JOINERS = WORDS["list_joiners"]
# Words that may stand between a unit and the noun it modifies when the number is a threshold.
THRESHOLD_WORDS = WORDS["threshold_words"]
# Small words allowed between a VALUE group and an adjacent INDICATOR or between a count and its noun.
FILLER_WORDS = WORDS["filler_words"]
# Words allowed between an indicator and the VALUE that follows it for the VALUE to count as "right after".
NEAR_WORDS = WORDS["near_words"]
# Alternatives of one threshold (`超30亿元或3亿美元项目`) are read as one.
ALTERNATIVE = "或"
CLOSING_QUALIFIERS = WORDS["closing_qualifiers"]
# ANNOTATION.md: milestones measure their indicator (`突破600亿元大关`): the value still ends its clause
MILESTONE_WORDS = WORDS["milestone_words"]
# What became of projects (`开工`, `竣工投产`): a count after them alone counts what the sentence left out
PROJECT_ACTIONS = WORDS["project_actions"] + WORDS["elided_actions"]
ELIDED_FILLERS = WORDS["elided_fillers"]
EACH_MAX_GAP = 5
# a bracketed remark right after a value, or the closing bracket of the remark a value stands in
_REMARK = re.compile(r"^\s*(?:[（(][^（()）]*[）)]|[）)])")


def _strip_words(gap: str, words: tuple[str, ...]) -> str:
    """`gap` with every occurrence of `words` removed (longest first)."""
    for word in sorted(words, key=len, reverse=True):
        gap = gap.replace(word, "")
    return gap


# ---------------------------------------------------------------- pairing

class _Sentence:
    """The spans of one text, indexed the ways the pairing rules look them up."""

    def __init__(self, text: str, spans: list[Span]) -> None:
        self.text = text
        self.spans = spans
        self.masked = mask_spans(text, spans)
        self.values = sorted((i for i, s in enumerate(spans) if s[2] == "VALUE"), key=lambda i: spans[i][0])
        self.indicators = sorted((i for i, s in enumerate(spans) if s[2] == "INDICATOR"), key=lambda i: spans[i][0])
        self.units = unit_of(text, spans)

    def group_end(self, value: int) -> int:
        """End of the VALUE with its UNIT."""
        unit = self.units.get(value)
        return self.spans[unit][1] if unit is not None else self.spans[value][1]

    def is_share(self, value: int) -> bool:
        """A VALUE in % or 成: before a noun it is a share of that noun, even past 以上 (the writers' call on
        `七成以上的【税收】`), not a threshold that picks out some of it (`500万元以上技改项目`)."""
        unit = self.units.get(value)
        return unit is not None and self.text[self.spans[unit][0]:self.spans[unit][1]] in SHARE_UNITS

    def same_clause(self, a: int, b: int) -> bool:
        return not any(char in CLAUSE_BOUNDARIES for char in self.text[min(a, b):max(a, b)])

    def gap_without_values(self, start: int, end: int) -> tuple[str, bool]:
        """Text between two positions with VALUE and UNIT spans removed, and whether there was a VALUE."""
        chars, had_value = [], False
        covered = {}
        for s, e, label in self.spans:
            if label in ("VALUE", "UNIT") and start <= s and e <= end:
                had_value |= label == "VALUE"
                for k in range(s, e):
                    covered[k] = True
        for k in range(start, end):
            if not covered.get(k):
                chars.append(self.text[k])
        return "".join(chars), had_value

    def indicator_right_after(self, value: int) -> tuple[int | None, bool]:
        """The INDICATOR the VALUE group runs into (`100个【X】`), and whether a threshold word sits between."""
        end = self.group_end(value)
        for i in self.indicators:
            start = self.spans[i][0]
            if start < end:
                continue
            if not self.same_clause(end, start):
                return None, False
            gap, had_value = self.gap_without_values(end, start)
            rest = _strip_words(gap, THRESHOLD_WORDS + FILLER_WORDS + (ALTERNATIVE,))
            if rest:
                return None, False
            threshold = not had_value and _strip_words(gap, FILLER_WORDS) != ""
            return i, threshold
        return None, False

    def value_right_after(self, indicator: int) -> bool:
        """An INDICATOR directly followed by a VALUE (`技改项目【80】个`): that VALUE is its count."""
        end = self.spans[indicator][1]
        for v in self.values:
            start = self.spans[v][0]
            if start >= end:
                return self.same_clause(end, start) and not _strip_words(self.text[end:start], NEAR_WORDS)
        return False

    def indicators_before(self, position: int, clause_only: bool = True) -> list[int]:
        bound = clause_bounds(self.text, position)[0] if clause_only else \
            clause_bounds(self.text, position, SENTENCE_BOUNDARIES)[0]
        return [i for i in self.indicators if bound <= self.spans[i][0] and self.spans[i][1] <= position]

    def indicators_after(self, position: int) -> list[int]:
        bound = clause_bounds(self.text, position)[1]
        return [i for i in self.indicators if position <= self.spans[i][0] and self.spans[i][1] <= bound]

    def ends_clause(self, value: int) -> bool:
        """Nothing but qualifiers between the VALUE group and the end of its clause: it is not a modifier
        of a noun (`百亿项目`, `100万元以下村`, `50亿级`)."""
        end = self.group_end(value)
        # a remark in brackets after the value, or the bracket that closes one, ends nothing
        # (`增长5.6%（预期目标6%）`)
        rest = _REMARK.sub("", self.text[end:clause_bounds(self.text, end)[1]])
        return _strip_words(rest.split("、")[0], CLOSING_QUALIFIERS + MILESTONE_WORDS) == ""

    def elided(self, value: int) -> bool:
        """Whether the phrase of a VALUE (from the list comma or clause mark before it) is nothing but what became
        of something it does not name (ANNOTATION.md: `开工248个, 竣工投产141个`: no relation, no INDICATOR)."""
        start = self.spans[value][0]
        phrase = self.text[clause_start(self.text, start, PHRASE_BOUNDARIES):start]
        return _strip_words(phrase, PROJECT_ACTIONS + ELIDED_FILLERS) == "" != _strip_words(phrase, ELIDED_FILLERS)

    def clause_has_indicator(self, position: int) -> bool:
        start, end = clause_bounds(self.text, position)
        return any(start <= self.spans[i][0] and self.spans[i][1] <= end for i in self.indicators)

    def coordinated_list(self, last: int) -> list[int]:
        """The indicators joined to `last` by `、`/`和`/`与`… (`A、B各1家` → [A, B])."""
        members = [last]
        position = self.indicators.index(last)
        while position > 0:
            previous = self.indicators[position - 1]
            gap = self.text[self.spans[previous][1]:self.spans[members[0]][0]]
            if not gap or _strip_words(gap, LIST_JOINERS):
                break
            members.insert(0, previous)
            position -= 1
        return members


def link(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """value_of pairs as (VALUE index, INDICATOR index) into `spans`, in text order (the text read as the rules read
    it: `reading_text`)."""
    sentence = _Sentence(reading_text(text), spans)
    pairs: dict[int, list[int]] = {}
    counted: set[int] = set()  # indicators a count-first VALUE already measures
    # ANNOTATION.md: a size class (`百亿级`, `50亿级`) measures nothing, whatever stands before it
    for v in sentence.values:
        if sentence.units.get(v) is not None and sentence.text.startswith("级", sentence.group_end(v)):
            pairs[v] = []

    # 1. count-first and thresholds
    for v in sentence.values:
        if v in pairs:
            continue
        after, threshold_word = sentence.indicator_right_after(v)
        if after is None:
            continue
        if threshold_word and not sentence.is_share(v) or sentence.value_right_after(after):
            named = _quantity_named_before(sentence, v)
            pairs[v] = [named] if named is not None else []
        else:
            pairs[v] = [after]
            counted.add(after)

    # 2. 分别: values after it, up to the next indicator, map one by one onto the listed indicators
    for match in re.finditer(RESPECTIVELY, sentence.masked):
        _respectively(sentence, match.start(), match.end(), pairs, counted)

    for v in sentence.values:
        if v in pairs:
            continue
        start = spans[v][0]
        before = sentence.indicators_before(start)
        if sentence.elided(v):
            pairs[v] = []  # `新开工亿元以上项目230个、竣工180个`
            continue
        if before:
            nearest = before[-1]
            between = sentence.masked[spans[nearest][1]:start]
            each = EACH_BEFORE_VALUE.search(between)
            if each and len(between) - each.end() <= EACH_MAX_GAP:
                pairs[v] = sentence.coordinated_list(nearest)  # 3. 各 / 均
            else:
                pairs[v] = [nearest]  # 4. nearest before in the clause
            continue
        following = [i for i in sentence.indicators_after(sentence.group_end(v)) if not sentence.value_right_after(i)]
        pairs[v] = following[:1]  # 5. first after in the clause, unless another VALUE counts it
        if not pairs[v] and not sentence.clause_has_indicator(start) and sentence.ends_clause(v):
            pairs[v] = _previous_clause_target(sentence, v, pairs)  # 6. `新增X735件,比…多137件`
    return sorted((v, i) for v, targets in pairs.items() for i in targets)


def _previous_clause_target(sentence: _Sentence, value: int, pairs: dict) -> list[int]:
    """A clause with no indicator of its own goes on about the last indicator measured before it in the sentence
    (`新增有效发明专利735件,比2019年之前总量多137件`, `地区生产总值增长6%以上,冲刺1500亿元`)."""
    sentence_start = clause_bounds(sentence.text, sentence.spans[value][0], SENTENCE_BOUNDARIES)[0]
    earlier = [v for v in sentence.values if sentence_start <= sentence.spans[v][0] < sentence.spans[value][0]]
    for v in reversed(earlier):
        if pairs.get(v):
            return pairs[v][-1:]
    # `县域经济总量五年翻一番,达到1280亿元`: or the indicator before it that no value has measured yet
    before = sentence.indicators_before(sentence.spans[value][0], clause_only=False)
    measured = {i for targets in pairs.values() for i in targets}
    return before[-1:] if before and before[-1] not in measured and not earlier else []


def _quantity_named_before(sentence: _Sentence, value: int) -> int | None:
    """A threshold's own quantity: `新增【产值】30亿元企业1家`, `销售超10亿元企业` — right before the VALUE."""
    start = sentence.spans[value][0]
    before = sentence.indicators_before(start)
    if not before:
        return None
    nearest = before[-1]
    gap, _ = sentence.gap_without_values(sentence.spans[nearest][1], start)
    return nearest if not _strip_words(gap, NEAR_WORDS + (ALTERNATIVE,)) else None


def _respectively(sentence: _Sentence, cue_start: int, cue_end: int, pairs: dict, counted: set) -> None:
    spans = sentence.spans
    clause_end = clause_bounds(sentence.text, cue_end)[1]
    next_indicator = min((spans[i][0] for i in sentence.indicators if spans[i][0] >= cue_end), default=len(sentence.text))
    stop = min(clause_end, next_indicator)
    values = [v for v in sentence.values if cue_end <= spans[v][0] < stop and v not in pairs]
    if not values:
        return
    candidates = [i for i in sentence.indicators_before(cue_start) if i not in counted]
    if not candidates:
        # `游客1500万人次、旅游收入180亿元,分别增长21.4%、15.4%`: the items are in earlier clauses
        candidates = [i for i in sentence.indicators_before(cue_start, clause_only=False) if i not in counted]
    if not candidates:
        return
    if len(candidates) == 1:
        for v in values:
            pairs[v] = candidates[:]
    elif len(values) == 1:
        pairs[values[0]] = sentence.coordinated_list(candidates[-1])
    else:
        chosen = candidates[-len(values):]
        for v, i in zip(values[-len(chosen):], chosen):
            pairs[v] = [i]


# ---------------------------------------------------------------- spaCy component
# No annotations on the factory's arguments: with postponed annotations, spaCy's config validation
# (pydantic 1) cannot resolve `Language`.

@Language.factory(
    "zhibiao_linker",
    default_config={"spans_key": None, "drop_unmeasured": False, "scorer": {"@scorers": "zhibiao.value_of_scorer.v1"}},
    requires=["doc.ents"],
    assigns=["doc._.value_of", "doc.ents"],
    default_score_weights={"value_of_f": 0.0, "value_of_p": None, "value_of_r": None},
)
def make_linker(nlp, name, spans_key, drop_unmeasured, scorer):
    return ValueLinker(name, spans_key=spans_key, drop_unmeasured=drop_unmeasured, scorer=scorer)


class ValueLinker:
    """Sets doc._.value_of (offsets of each VALUE and the INDICATOR it measures) from one span source:
    doc.ents, or the span group `spans_key`. With `drop_unmeasured`, an INDICATOR that no VALUE measures
    is removed from that source: by ANNOTATION.md an indicator exists only where a VALUE measures it.
    Stateless: there is nothing to learn or save."""

    def __init__(self, name: str = "zhibiao_linker", spans_key: str | None = None, drop_unmeasured: bool = False,
                 scorer=None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.drop_unmeasured = drop_unmeasured
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        spans = doc_spans(doc, self.spans_key)
        relations = relations_from_pairs(spans, link(doc_text(doc), spans))
        forget_text(doc)  # the last component that reads it
        doc._.value_of = relations
        if self.drop_unmeasured:
            measured = {relation[2:] for relation in relations}
            source = doc.ents if self.spans_key is None else doc.spans[self.spans_key]
            kept = [span for span in source if span.label_ != "INDICATOR" or (span.start_char, span.end_char) in measured]
            if self.spans_key is None:
                doc.ents = kept
            else:
                doc.spans[self.spans_key] = kept
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def score(self, examples, **kwargs) -> dict:
        return self.scorer(examples, **kwargs) if self.scorer else {}

    def to_disk(self, path, exclude=()) -> None:
        pass

    def from_disk(self, path, exclude=()) -> "ValueLinker":
        return self

    def to_bytes(self, exclude=()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, exclude=()) -> "ValueLinker":
        return self
