"""The rule pre-annotator: proposes VALUE, UNIT, INDICATOR and PROJECT spans and value_of pairs.

It is the annotators' starting point in doccano and the rule baseline every model is compared
against. Word lists live in `configs/rules.json`; this module holds what patterns cannot say
(quote context, clause boundaries, stripping verbs off a noun phrase).
"""

import json
import re
from typing import List, Optional
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .labels import SPAN_KEY, UNIT_GAP

DEFAULT_PATTERNS = Path(__file__).resolve().parent.parent / "configs" / "rules.json"
PACKAGED_PATTERNS = Path(__file__).resolve().parent / "rules.json"

ARABIC_NUMBER = re.compile(
    r"\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:(?:\s*[-—~～]\s*|[:：])\d+(?:\.\d+)?)*"  # ranges 3-5, ratios 9.7:47.3:43
    r"(?:/\d+(?:\.\d+)?)?"  # fractions 1/5
)
CHINESE_NUMBER = re.compile(r"[两二三四五六七八九十百千]+|一(?=[百千])[一二两三四五六七八九十百千]*")
CLAUSE_BOUNDARY = set(",，;；。:：!！?？")
LIST_BOUNDARY = "、"
QUOTES = {"“": "”", "「": "」", "《": "》"}


@dataclass(frozen=True)
class Patterns:
    units: tuple[str, ...]
    chinese_numeral_units: tuple[str, ...]
    indicator_gazetteer: tuple[str, ...]
    leading_words: tuple[str, ...]
    change_words: tuple[str, ...]
    not_value_before: tuple[str, ...]
    not_value_after: tuple[str, ...]
    project_triggers: tuple[str, ...]
    project_suffixes: tuple[str, ...]
    project_generic: frozenset[str]


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda word: (-len(word), word)))


def load_patterns(path: Path | None = None) -> Patterns:
    path = Path(path) if path else (DEFAULT_PATTERNS if DEFAULT_PATTERNS.exists() else PACKAGED_PATTERNS)
    return patterns_from_data(json.loads(path.read_text(encoding="utf-8")))


def patterns_to_data(patterns: Patterns) -> dict:
    return {name: sorted(value) if isinstance(value, frozenset) else list(value)
            for name, value in patterns.__dict__.items()}


def patterns_from_data(data: dict) -> Patterns:
    return Patterns(
        units=_by_length(data["units"]),
        chinese_numeral_units=_by_length(data["chinese_numeral_units"]),
        indicator_gazetteer=_by_length(data["indicator_gazetteer"]),
        leading_words=_by_length(data["leading_words"]),
        change_words=_by_length(data["change_words"]),
        not_value_before=_by_length(data["not_value_before"]),
        not_value_after=_by_length(data["not_value_after"]),
        project_triggers=_by_length(data["project_triggers"]),
        project_suffixes=_by_length(data["project_suffixes"]),
        project_generic=frozenset(data["project_generic"]),
    )


@lru_cache(maxsize=4)
def default_patterns(path: str | None = None) -> Patterns:
    return load_patterns(Path(path) if path else None)


# ---------------------------------------------------------------- helpers

def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside “…”, 「…」 and 《…》: numbers there belong to names and slogans."""
    regions, stack = [], []
    for i, char in enumerate(text):
        if char in QUOTES:
            stack.append((QUOTES[char], i))
        elif stack and char == stack[-1][0]:
            regions.append((stack.pop()[1], i + 1))
    return regions


def _inside(position: int, regions: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in regions)


def _starts_with_any(text: str, position: int, words: tuple[str, ...]) -> str | None:
    return next((word for word in words if text.startswith(word, position)), None)


def _ends_with_any(text: str, position: int, words: tuple[str, ...]) -> str | None:
    return next((word for word in words if position >= len(word) and text.endswith(word, 0, position)), None)


def clause_start(text: str, position: int, boundaries: set[str] = CLAUSE_BOUNDARY | {LIST_BOUNDARY}) -> int:
    while position > 0 and text[position - 1] not in boundaries:
        position -= 1
    return position


def clause_end(text: str, position: int, boundaries: set[str] = CLAUSE_BOUNDARY | {LIST_BOUNDARY}) -> int:
    while position < len(text) and text[position] not in boundaries:
        position += 1
    return position


def strip_words(text: str, start: int, end: int, leading: tuple[str, ...], trailing: tuple[str, ...]) -> tuple[int, int]:
    """Narrow [start, end) by removing leading and trailing words (repeatedly) and edge punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        word = _starts_with_any(text[:end], start, leading)
        if word:
            start += len(word)
            changed = True
        word = _ends_with_any(text[start:end], end - start, trailing)
        if word:
            end -= len(word)
            changed = True
        while start < end and not (text[start].isalnum() or text[start] == "“"):
            start += 1
            changed = True
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in "”)）"):
            end -= 1
            changed = True
    return start, end


# ---------------------------------------------------------------- VALUE and UNIT

def find_values(text: str, patterns: Patterns) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(start, end, unit span or None) for each number that quantifies something."""
    quoted = quoted_regions(text)
    found = []
    candidates = [(m.start(), m.end(), True) for m in ARABIC_NUMBER.finditer(text)]
    candidates += [(m.start(), m.end(), False) for m in CHINESE_NUMBER.finditer(text)]
    for start, end, arabic in sorted(candidates):
        if found and start < found[-1][1]:
            continue
        if _inside(start, quoted) or _ends_with_any(text, start, patterns.not_value_before):
            continue
        if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            continue  # PM2.5, 5G-style codes and names
        if _starts_with_any(text, end, patterns.not_value_after):
            continue
        unit = find_unit(text, end, patterns.units if arabic else patterns.chinese_numeral_units)
        surface = text[start:end]
        if arabic:
            is_ratio_or_fraction = any(sep in surface for sep in ":：/")
            if unit is None and not is_ratio_or_fraction:
                continue
            if unit and _starts_with_any(text, unit[1], patterns.not_value_after) in ("年", "月", "日"):
                continue
        else:
            if unit is None and not (text[end:end + 1] in "亿万" and surface in "百千"):
                continue
            if unit is None:
                unit = (end, end + 1) if text[end + 1:end + 2] != "元" else (end, end + 2)
        found.append((start, end, unit))
    return found


def find_unit(text: str, position: int, units: tuple[str, ...]) -> tuple[int, int] | None:
    gap = 1 if text[position:position + 1] in UNIT_GAP else 0
    unit = _starts_with_any(text, position + gap, units)
    return None if unit is None else (position + gap, position + gap + len(unit))


# ---------------------------------------------------------------- INDICATOR

def find_indicator(text: str, value: tuple[int, int, tuple | None], patterns: Patterns, taken) -> tuple[int, int] | None:
    """The noun phrase a VALUE measures: before it in its clause, else the noun after its unit."""
    start, end, unit = value
    left_start = clause_start(text, start)
    for term in patterns.indicator_gazetteer:
        position = text.rfind(term, left_start, start)
        if position >= 0:
            return (position, position + len(term))
    a, b = strip_words(text, left_start, start, patterns.leading_words, patterns.change_words)
    if b - a >= 2 and not any(ch.isdigit() for ch in text[a:b]) and not taken(a, b):
        return (a, b)
    after = unit[1] if unit else end
    right_end = clause_end(text, after)
    a, b = strip_words(text, after, right_end, patterns.leading_words, patterns.change_words + patterns.project_triggers)
    if 2 <= b - a <= 20 and not any(ch.isdigit() for ch in text[a:b]) and not taken(a, b):
        return (a, b)
    return None


# ---------------------------------------------------------------- PROJECT

_LIST_BEFORE_PROJECTS = re.compile(r"等(?:\d+|[两二三四五六七八九十]+)?(?:个|项)?[\u4e00-\u9fff]{0,6}?(?:项目|工程)")


def find_projects(text: str, patterns: Patterns, taken) -> list[tuple[int, int]]:
    projects: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        a = max(a, text.rfind("的", a, b) + 1)  # 投资超百亿元的华能金坛储能二期项目: the name follows 的
        a, b = strip_words(text, a, b, patterns.leading_words + ("加快", "加速", "全力", "配合"), ())
        name = text[a:b]
        if 2 <= b - a <= 24 and name not in patterns.project_generic and not any(ch.isdigit() for ch in name[:1]) \
                and not taken(a, b) and all(not (a < e and s < b) for s, e in projects):
            projects.append((a, b))

    for match in _LIST_BEFORE_PROJECTS.finditer(text):
        list_start = clause_start(text, match.start(), CLAUSE_BOUNDARY)
        item_start = list_start
        for i in range(list_start, match.start() + 1):
            if i == match.start() or text[i] == LIST_BOUNDARY:
                add(item_start, i)
                item_start = i + 1
    for suffix in ("项目", "工程"):
        for match in re.finditer(re.escape(suffix), text):
            a = clause_start(text, match.start())
            b = match.end()
            while b < len(text) and text.startswith(("一期", "二期", "三期"), b):
                b += 2
            name_start, _ = strip_words(text, a, match.start(), patterns.leading_words + ("加快", "加速"), ())
            if match.start() - name_start >= 3 and text[name_start:b] not in patterns.project_generic:
                add(name_start, b)
    for trigger in patterns.project_triggers:
        for match in re.finditer(re.escape(trigger), text):
            a = clause_start(text, match.start())
            name_start, name_end = strip_words(text, a, match.start(), patterns.leading_words + ("加快", "加速"), ())
            if 4 <= name_end - name_start <= 14 and not any(ch.isdigit() for ch in text[name_start:name_end]):
                add(name_start, name_end)
    return sorted(projects)


# ---------------------------------------------------------------- all together

def propose(text: str, patterns: Patterns | None = None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Spans (start, end, label), sorted, and value_of pairs as (VALUE index, INDICATOR index) into them."""
    patterns = patterns or default_patterns()
    occupied: list[tuple[int, int]] = []

    def taken(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in occupied)

    values = find_values(text, patterns)
    entities: list[tuple[int, int, str]] = []
    for start, end, unit in values:
        entities.append((start, end, "VALUE"))
        occupied.append((start, end))
        if unit:
            entities.append((unit[0], unit[1], "UNIT"))
            occupied.append(unit)
    for project in find_projects(text, patterns, taken):
        entities.append((project[0], project[1], "PROJECT"))
        occupied.append(project)
    links: list[tuple[tuple[int, int], tuple[int, int]]] = []
    previous_indicator = None
    for value in values:
        indicator = find_indicator(text, value, patterns, taken)
        if indicator is None and previous_indicator and text[clause_start(text, value[0]) - 1:value[0]].startswith(LIST_BOUNDARY):
            indicator = previous_indicator  # 增长40.3%、39.7%: a list of values shares its indicator
        if indicator:
            if indicator not in occupied:
                entities.append((indicator[0], indicator[1], "INDICATOR"))
                occupied.append(indicator)
            links.append(((value[0], value[1]), indicator))
        previous_indicator = indicator
    entities.sort()
    index = {(s, e): i for i, (s, e, _) in enumerate(entities)}
    relations = [(index[v], index[i]) for v, i in links if v in index and i in index]
    return entities, relations


def propose_spans(text: str) -> list[tuple[int, int, str]]:
    return propose(text)[0]


def propose_record(record: dict, patterns: Patterns | None = None) -> dict:
    """A doccano-format record with the rules' proposals for a clean sentence record."""
    from .annotations import make_record

    entities, relations = propose(record["text"], patterns)
    return make_record(record["doc_id"], record["sent_id"], record["text"], record.get("meta"), entities, relations)


# ---------------------------------------------------------------- spaCy component
# No `from __future__ import annotations` in this module: spaCy validates factory arguments with
# pydantic 1, which cannot resolve string annotations.

if not Doc.has_extension("value_of"):
    Doc.set_extension("value_of", default=[])


@Language.factory(
    "zhibiao_rules",
    default_config={"patterns_path": None, "overwrite_ents": True, "override_labels": [], "fill_labels": None},
)
def make_rule_annotator(nlp: Language, name: str, patterns_path: Optional[str], overwrite_ents: bool,
                        override_labels: List[str], fill_labels: Optional[List[str]]) -> "RuleAnnotator":
    return RuleAnnotator(default_patterns(patterns_path), overwrite_ents, override_labels, fill_labels)


class RuleAnnotator:
    """Sets doc.ents, doc.spans['sc'] and doc._.value_of ((value span, indicator span) pairs) from the rules.

    After a trained NER (`overwrite_ents=False`) it combines: the rules' spans replace the model's for
    `override_labels` (and win where they overlap), and rule spans of `fill_labels` (default: every label)
    are added where the model found nothing.
    """

    def __init__(self, patterns: Patterns, overwrite_ents: bool = True, override_labels=(), fill_labels=None) -> None:
        self.patterns = patterns
        self.overwrite_ents = overwrite_ents
        self.override_labels = set(override_labels)
        self.fill_labels = None if fill_labels is None else set(fill_labels)

    def to_disk(self, path, exclude=()) -> None:
        """The patterns travel with the pipeline, so a saved or packaged pipeline keeps the rules it was evaluated with."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "patterns.json").write_text(json.dumps(patterns_to_data(self.patterns), ensure_ascii=False, indent=1),
                                            encoding="utf-8")

    def from_disk(self, path, exclude=()) -> "RuleAnnotator":
        saved = Path(path) / "patterns.json"
        if saved.exists():
            self.patterns = patterns_from_data(json.loads(saved.read_text(encoding="utf-8")))
        return self

    def __call__(self, doc: Doc) -> Doc:
        entities, relations = propose(doc.text, self.patterns)
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in entities]
        kept = [span for span in spans if span is not None]
        if self.overwrite_ents:
            doc.ents = filter_spans(kept)
        else:
            doc.ents = combine(list(doc.ents), kept, self.override_labels, self.fill_labels)
        doc.spans[SPAN_KEY] = kept  # what the rules proposed, whatever made it into doc.ents
        doc._.value_of = [(spans[v], spans[i]) for v, i in relations if spans[v] is not None and spans[i] is not None]
        return doc


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def combine(model: list, rules: list, override_labels: set, fill_labels: Optional[set]) -> list:
    """Model spans combined with rule spans: rules own `override_labels`, fill gaps with `fill_labels`."""
    owned = [span for span in rules if span.label_ in override_labels]
    result = [span for span in model if span.label_ not in override_labels and not any(_overlap(span, o) for o in owned)]
    result += owned
    for span in rules:
        if span.label_ in override_labels or (fill_labels is not None and span.label_ not in fill_labels):
            continue
        if not any(_overlap(span, other) for other in result):
            result.append(span)
    return filter_spans(result)
