"""The rule pre-annotator: proposes VALUE, UNIT, INDICATOR and PROJECT spans (the linker pairs them).

It is the annotators' starting point in doccano and the rule baseline every model is compared
against. Word lists live in `configs/rules.json`; this module holds what patterns cannot say
(quote context, clause boundaries, stripping verbs off a noun phrase).
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans, registry

from .labels import UNIT_GAP
from .spans import CLAUSE_BOUNDARIES, LIST_BOUNDARY, Span, clause_end, clause_start

ARABIC_NUMBER = re.compile(
    r"\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:(?:\s*[-—~～]\s*|[:：])\d+(?:\.\d+)?)*"  # ranges 3-5, ratios 9.7:47.3:43
    r"(?:/\d+(?:\.\d+)?)?"  # fractions 1/5
)
CHINESE_NUMBER = re.compile(r"[两二三四五六七八九十百千]+|一(?=[百千])[一二两三四五六七八九十百千]*")
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
    trailing_words: frozenset[str]
    repair_leading_tags: frozenset[str]
    repair_trailing_tags: frozenset[str]


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda word: (-len(word), word)))


def load_patterns(path: Path) -> Patterns:
    return patterns_from_data(srsly.read_json(path))


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
        trailing_words=frozenset(data["trailing_words"]),
        repair_leading_tags=frozenset(data["repair_leading_tags"]),
        repair_trailing_tags=frozenset(data["repair_trailing_tags"]),
    )


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
        list_start = clause_start(text, match.start(), CLAUSE_BOUNDARIES)
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

def propose(text: str, patterns: Patterns) -> list[Span]:
    """The rules' spans (start, end, label), sorted; the linker pairs them (`propose_record`)."""
    occupied: list[tuple[int, int]] = []

    def taken(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in occupied)

    values = find_values(text, patterns)
    entities: list[Span] = []
    for start, end, unit in values:
        entities.append((start, end, "VALUE"))
        occupied.append((start, end))
        if unit:
            entities.append((unit[0], unit[1], "UNIT"))
            occupied.append(unit)
    for project in find_projects(text, patterns, taken):
        entities.append((project[0], project[1], "PROJECT"))
        occupied.append(project)
    previous_indicator = None
    for value in values:
        indicator = find_indicator(text, value, patterns, taken)
        if indicator is None and previous_indicator and text[clause_start(text, value[0]) - 1:value[0]].startswith(LIST_BOUNDARY):
            indicator = previous_indicator  # 增长40.3%、39.7%: a list of values shares its indicator
        if indicator and indicator not in occupied:
            entities.append((indicator[0], indicator[1], "INDICATOR"))
            occupied.append(indicator)
        previous_indicator = indicator
    return sorted(entities)


def propose_record(record: dict, patterns: Patterns) -> dict:
    """A doccano-format record with the rules' spans and the linker's value_of pairs for a clean sentence."""
    from .annotations import make_record
    from .linker import link

    entities = propose(record["text"], patterns)
    return make_record(record["doc_id"], record["sent_id"], record["text"], record.get("meta"), entities,
                       link(record["text"], entities))


# ---------------------------------------------------------------- spaCy component
# No `from __future__ import annotations` in this module: spaCy validates factory arguments with
# pydantic 1, which cannot resolve string annotations.

SpanFilter = Callable[[Iterable[SpacySpan], Iterable[SpacySpan]], List[SpacySpan]]


@registry.misc("zhibiao.rule_labels_filter.v1")
def make_rule_labels_filter(rule_labels: List[str], fill_labels: List[str]) -> SpanFilter:
    """How rule spans and model entities combine into doc.ents (an `ents_filter`, as SpanRuler's):
    the rules own `rule_labels` (their spans replace the model's of those labels and win where they
    overlap), and rule spans of `fill_labels` are added where no entity is. Everything else is the model's."""
    owned_labels, fill = set(rule_labels), set(fill_labels)

    def combine(entities: Iterable[SpacySpan], spans: Iterable[SpacySpan]) -> List[SpacySpan]:
        spans = list(spans)
        owned = filter_spans([span for span in spans if span.label_ in owned_labels])
        result = [entity for entity in entities
                  if entity.label_ not in owned_labels and not any(_overlap(entity, o) for o in owned)]
        result += owned
        for span in spans:
            if span.label_ in fill and not any(_overlap(span, other) for other in result):
                result.append(span)
        return filter_spans(result)

    return combine


def _overlap(a: SpacySpan, b: SpacySpan) -> bool:
    return a.start < b.end and b.start < a.end


@Language.factory(
    "zhibiao_rules",
    default_config={
        "spans_key": "rules",
        "annotate_ents": True,
        "ents_filter": {"@misc": "zhibiao.rule_labels_filter.v1",
                        "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"], "fill_labels": []},
        "repair_labels": [],
    },
    requires=["doc.ents"],
    assigns=["doc.spans", "doc.ents"],
)
def make_rule_proposer(nlp: Language, name: str, spans_key: str, annotate_ents: bool,
                       ents_filter: SpanFilter, repair_labels: List[str]) -> "RuleProposer":
    return RuleProposer(name, spans_key=spans_key, annotate_ents=annotate_ents, ents_filter=ents_filter,
                        repair_labels=repair_labels)


class RuleProposer:
    """The rules as a pipeline component, shaped like spaCy's SpanRuler: every proposal goes to
    `doc.spans[spans_key]`; with `annotate_ents` they are combined with doc.ents by `ents_filter`.
    Patterns (configs/rules.json) come in through `initialize` and are saved with the pipeline.
    Entities of `repair_labels` (only INDICATOR is repaired) then lose leading verbs and trailing
    change words by the guidelines' word lists (zhibiao.boundaries); one left with nothing is dropped."""

    def __init__(self, name: str = "zhibiao_rules", *, spans_key: str = "rules", annotate_ents: bool = True,
                 ents_filter: SpanFilter = filter_spans, repair_labels: Iterable[str] = ()) -> None:
        self.name = name
        self.spans_key = spans_key
        self.annotate_ents = annotate_ents
        self.ents_filter = ents_filter
        self.repair_labels = set(repair_labels) & {"INDICATOR"}
        self.patterns: Optional[Patterns] = None

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None,
                   patterns: Optional[Dict[str, Any]] = None) -> None:
        if not patterns:
            raise ValueError(f"{self.name}: no patterns; give them in the config as "
                             f"[initialize.components.{self.name}.patterns] (e.g. read from configs/rules.json)")
        self.patterns = patterns_from_data(patterns)

    def __call__(self, doc: Doc) -> Doc:
        if self.patterns is None:
            raise ValueError(f"{self.name} has no patterns: call nlp.initialize() with "
                             f"[initialize.components.{self.name}.patterns], or load a saved pipeline")
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in propose(doc.text, self.patterns)]
        proposed = [span for span in spans if span is not None]
        doc.spans[self.spans_key] = proposed
        if self.annotate_ents:
            doc.ents = sorted(self.ents_filter(list(doc.ents), proposed))
        if self.repair_labels:
            doc.ents = self._repaired(doc)
        return doc

    def _repaired(self, doc: Doc) -> List[SpacySpan]:
        from .boundaries import repair_indicator

        patterns = self.patterns
        kept = []
        for ent in doc.ents:
            if ent.label_ in self.repair_labels:
                start, end = repair_indicator(doc.text, ent.start_char, ent.end_char, frozenset(patterns.leading_words),
                                              patterns.trailing_words, patterns.repair_leading_tags,
                                              patterns.repair_trailing_tags)
                ent = doc.char_span(start, end, label=ent.label_, alignment_mode="contract") if end > start else None
            if ent is not None:
                kept.append(ent)
        return kept

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _data(self) -> Dict[str, Any]:
        if self.patterns is None:
            raise ValueError(f"{self.name} has no patterns to save: initialize it first")
        return patterns_to_data(self.patterns)

    def to_bytes(self, *, exclude=()) -> bytes:
        return srsly.json_dumps(self._data()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude=()) -> "RuleProposer":
        self.patterns = patterns_from_data(srsly.json_loads(data))
        return self

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "patterns.json", self._data())

    def from_disk(self, path, *, exclude=()) -> "RuleProposer":
        self.patterns = patterns_from_data(srsly.read_json(Path(path) / "patterns.json"))
        return self


def rules_pipeline(patterns_path: Path, linker: bool = True) -> Language:
    """The rule component alone on character tokens (and the linker): the baseline every model is compared with."""
    import spacy

    nlp = spacy.blank("zh")  # spaCy's default Chinese segmenter is "char", as in the trained pipelines
    nlp.add_pipe("zhibiao_rules").initialize(patterns=srsly.read_json(patterns_path))
    if linker:
        from . import linker as _linker  # noqa: F401  (registers zhibiao_linker)

        nlp.add_pipe("zhibiao_linker")
    return nlp
