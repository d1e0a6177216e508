"""Indicator records: one plain dict per (INDICATOR, VALUE) pair and per PROJECT.

A record says what a report states about one quantity: the indicator, the number as written and
normalised, its unit and magnitude, the qualifier and change words around it, whether it is a
target or an actual result, and where it is. Plain data in, plain data out: spans and value_of
offsets, not Docs, so records can be built anywhere a Doc's data has travelled.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Optional, TypedDict, Union, cast

from spacy.tokens import Doc

from .garbled import touches_garbled
from .matching import fold_width
from .sentences import split_offsets
from .spans import Span, clause_bounds, doc_spans, mask_spans, pairs_from_relations, unit_of, value_of
from .values import change_word, normalise_value, project_action, qualifiers, unit_multiplier
from .words import WORDS


class Record(TypedDict):
    """One indicator value or project of a report; offsets are into the text the record was built from."""

    doc_id: Optional[str]
    place: Optional[str]
    year: Optional[int]
    kind: str  # one of KINDS
    indicator: Optional[str]
    value_text: Optional[str]
    value: Union[float, list, None]  # [low, high] for a range
    unit: Optional[str]
    multiplier: Optional[float]
    qualifier: Optional[str]
    change: Optional[str]
    project: Optional[str]
    action: Optional[str]
    sentence: str
    start: int
    end: int


RECORD_FIELDS = tuple(Record.__annotations__)
KINDS = ("target", "actual", "unknown", "project")

# ---------------------------------------------------------------- target or actual

# Strong cues decide on their own; the report section comes next; weak cues only when there is no section.
_ESTIMATE = re.compile(r"预计(?!到)")
STRONG_ACTUAL = WORDS["strong_actual"]
STRONG_TARGET = WORDS["strong_target"]
WEAK_TARGET = WORDS["weak_target"]
WEAK_ACTUAL = WORDS["weak_actual"]
ACTUAL_HEADINGS = WORDS["actual_headings"]
TARGET_HEADINGS = WORDS["target_headings"]
OTHER_HEADINGS = WORDS["other_headings"]
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})年(?:的)?工作")
HEADING_MAX_CHARS = 40


def kind_of(sentence: str, section: str | None = None) -> str:
    """`target`, `actual` or `unknown` for a sentence (masked of its spans) in a report section."""
    if _ESTIMATE.search(sentence):
        return "actual"  # 预计全年…: the estimate for the year just ended
    if any(word in sentence for word in STRONG_TARGET):
        return "target"
    if any(word in sentence for word in STRONG_ACTUAL):
        return "actual"
    if section in ("target", "actual"):
        return section
    if any(word in sentence for word in WEAK_TARGET):
        return "target"
    if any(word in sentence for word in WEAK_ACTUAL):
        return "actual"
    return "unknown"


def heading_section(sentence: str, year: int | None) -> str | None:
    """'actual', 'target', 'other' for a section heading (`2023年工作回顾`, `2024年主要工作`), else None."""
    if len(sentence) > HEADING_MAX_CHARS or sentence.endswith(("。", "；", ";")):
        return None
    if any(word in sentence for word in OTHER_HEADINGS):
        return "other"
    if any(word in sentence for word in ACTUAL_HEADINGS):
        return "actual"
    if any(word in sentence for word in TARGET_HEADINGS):
        return "target"
    match = _HEADING_YEAR.search(sentence)
    if match and year:
        return "actual" if int(match.group(1)) < year else "target"
    return None


def sections(sentences: list[str], year: int | None) -> list[str | None]:
    """The section ('actual' / 'target' / None) each sentence of a report is in, from the headings before it."""
    current: str | None = None
    found = []
    for sentence in sentences:
        heading = heading_section(sentence, year)
        if heading is not None:
            current = None if heading == "other" else heading
        found.append(current)
    return found


# ---------------------------------------------------------------- records of one Doc

def doc_records(doc: Doc, spans_key: str | None = None, unlinked: bool = False, text: str | None = None,
                sentence: bool = False) -> list[Record]:
    """Records of a Doc's spans (doc.ents, or the span group `spans_key`) and its doc._.value_of;
    offsets are into doc.text (`text`, when the caller has it: spaCy joins doc.text from the tokens);
    kind from the sentence alone. A Doc the caller split off as one `sentence` is not split again.

    A VALUE measuring two indicators gives two records; a VALUE measuring none (a threshold) is left
    out unless `unlinked`, when it comes with indicator None.
    """
    spans = doc_spans(doc, spans_key)
    text = doc.text if text is None else text
    return records_from_spans(text, spans, pairs_from_relations(spans, value_of(doc)), unlinked,
                              [(0, len(text))] if sentence else None)


def records_from_spans(text: str, spans: list[Span], pairs: list[tuple[int, int]],
                       unlinked: bool = False, bounds: list[tuple[int, int]] | None = None) -> list[Record]:
    """Records from plain spans and value_of pairs (VALUE index, INDICATOR index) into them; `bounds` are the
    sentences of `text` where the caller has them."""
    targets: dict[int, list[int]] = {}
    for v, i in pairs:
        targets.setdefault(v, []).append(i)
    units = unit_of(text, spans)
    masked = mask_spans(text, spans)
    bounds = bounds or split_offsets(text) or [(0, len(text))]
    starts = [start for start, _ in bounds]
    value_groups = sorted(
        (start, spans[units[i]][1] if i in units else end) for i, (start, end, label) in enumerate(spans) if label == "VALUE"
    )
    records: list[Record] = []
    for i, (start, end, label) in sorted(enumerate(spans), key=lambda item: item[1][0]):
        sentence_start, sentence_end = bounds[max(0, bisect.bisect_right(starts, start) - 1)]
        sentence = text[sentence_start:sentence_end]
        base: dict[str, Any] = {**dict.fromkeys(RECORD_FIELDS), "sentence": sentence, "start": start, "end": end}
        if label == "PROJECT":
            records.append(cast(Record, {**base, "kind": "project", "project": text[start:end],
                                         "action": project_action(masked, start, end)}))
            continue
        if label != "VALUE":
            continue
        if touches_garbled(text, start, end):
            continue  # a model's VALUE by garbled text: no number to trust (zhibiao.garbled)
        indicators = targets.get(i, [])
        if not indicators and not unlinked:
            continue
        unit = spans[units[i]] if i in units else None
        group_end = unit[1] if unit else end
        clause_start = clause_bounds(text, start)[0]
        previous_end = max((e for s, e in value_groups if e <= start and s >= clause_start), default=clause_start)
        value_text = text[start:end]
        unit_text = fold_width(text[unit[0]:unit[1]]) if unit else None  # one `%` whether written `%` or `％`
        record: dict[str, Any] = {
            **base,
            "kind": kind_of(masked[sentence_start:sentence_end]),
            "value_text": value_text,
            "value": normalise_value(value_text),
            "unit": unit_text,
            "multiplier": unit_multiplier(unit_text),
            "qualifier": qualifiers(masked, previous_end, start, group_end, end),
        }
        targets_or_none: list[int | None] = [*indicators] or [None]
        for target in targets_or_none:
            where = None if target is None else spans[target][:2]
            records.append(cast(Record, {**record, "indicator": None if where is None else text[where[0]:where[1]],
                                         "change": change_word(masked, clause_start, start, where)}))
    return records


# ---------------------------------------------------------------- whole reports

def add_report_context(records: list[Record], text: str, masked: str, meta: dict | None = None,
                       bounds: list[tuple[int, int]] | None = None) -> list[Record]:
    """Set kind from the report's sections and doc_id / place / year from `meta`.

    `masked` is `text` with every labelled span blanked, so that cue words are not read inside names; `bounds` are
    its sentences (split_offsets(text), which the caller that split the report passes rather than split it again).
    """
    meta = meta or {}
    bounds = bounds or split_offsets(text) or [(0, len(text))]
    starts = [start for start, _ in bounds]
    kinds = sentence_kinds([masked[s:e] for s, e in bounds], sections([text[s:e] for s, e in bounds], meta.get("year")))
    out: list[Record] = []
    for record in records:
        record = cast(Record, {**record, **{key: meta.get(key) for key in ("doc_id", "place", "year")}})
        if record["kind"] != "project":
            record["kind"] = kinds[max(0, bisect.bisect_right(starts, record["start"]) - 1)]
        out.append(record)
    return out


def sentence_kinds(masked_sentences: list[str], sentence_sections: list[str | None]) -> list[str]:
    """Kind of each sentence; one without cues after a `；` goes on with the previous one (an item of a list
    of targets: `…主要预期目标是:地区生产总值增长6%左右;` `一般公共预算收入增长3%左右;`)."""
    kinds: list[str] = []
    for position, (sentence, section) in enumerate(zip(masked_sentences, sentence_sections)):
        kind = kind_of(sentence, section)
        if kind == "unknown" and position and masked_sentences[position - 1].endswith(("；", ";")):
            kind = kinds[-1]
        kinds.append(kind)
    return kinds
