"""The rule component `zhibiao_rules`, shaped like spaCy's SpanRuler: the rules' proposals (zhibiao.rules)
in their own span group, combined with a model's entities by an explicit, registered policy.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans, registry

from . import strict_json
from .boundaries import before_activity, people_end, repair_indicator, sets_a_rate, unquoted, verbs_alone
from .comparisons import compared_with, compares, in_cause, of_plan, share_base
from .component_data import JsonDataComponent
from .matching import starts_with_any, word_set
from .patterns import Patterns, check_pattern_lists, patterns_from_data
from .rules import propose
from .spans import CLAUSE_BOUNDARIES, after_count, clause_end, doc_text, moved_entities

# No `from __future__ import annotations` in this module: spaCy validates factory arguments with
# pydantic 1, which cannot resolve string annotations.

SpanFilter = Callable[[Iterable[SpacySpan], Iterable[SpacySpan]], List[SpacySpan]]


@registry.misc("zhibiao.rule_labels_filter.v1")
def make_rule_labels_filter(rule_labels: List[str], fill_labels: List[str],
                            model_fill_labels: List[str] = []) -> SpanFilter:
    """How rule spans and model entities combine into doc.ents (an `ents_filter`, as SpanRuler's):
    the rules own `rule_labels` (their spans replace the model's of those labels and win where they
    overlap), rule spans of `fill_labels` are added where no entity is, and so are the model's entities of
    `model_fill_labels`, last. Everything else is the model's."""
    owned_labels, fill, model_fill = set(rule_labels), set(fill_labels), set(model_fill_labels)

    def combine(entities: Iterable[SpacySpan], spans: Iterable[SpacySpan]) -> List[SpacySpan]:
        spans = list(spans)
        owned = filter_spans([span for span in spans if span.label_ in owned_labels])
        result = [entity for entity in entities
                  if entity.label_ not in owned_labels and not any(_overlap(entity, o) for o in owned)]
        result += owned
        for span in spans:
            if span.label_ in fill and not any(_overlap(span, other) for other in result):
                result.append(span)
        for entity in entities:
            if entity.label_ in model_fill and not any(_overlap(entity, other) for other in result) \
                    and not _counted_elsewhere(entity, spans):
                result.append(entity)
        return filter_spans(result)

    return combine


def _counted_elsewhere(entity: SpacySpan, spans: List[SpacySpan]) -> bool:
    """Whether the rules gave the count right before `entity` to an INDICATOR after it in its clause, with no
    VALUE between (`14个项目列入【省重点项目】`, a title the count measures): the model's span there would take
    that count from it."""
    if not any(span.label_ in ("VALUE", "UNIT") and span.end == entity.start for span in spans):
        return False
    text = entity.doc.text
    for span in sorted(spans, key=lambda span: span.start):
        if span.start < entity.end:
            continue
        if span.label_ == "VALUE" or any(char in CLAUSE_BOUNDARIES for char in text[entity.end_char:span.start_char]):
            return False
        if span.label_ == "INDICATOR":
            return True
    return False


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
        "filter_projects": False,
    },
    requires=["doc.ents"],
    assigns=["doc.spans", "doc.ents"],
)
def make_rule_proposer(nlp: Language, name: str, spans_key: str, annotate_ents: bool,
                       ents_filter: SpanFilter, repair_labels: List[str], filter_projects: bool) -> "RuleProposer":
    return RuleProposer(name, spans_key=spans_key, annotate_ents=annotate_ents, ents_filter=ents_filter,
                        repair_labels=repair_labels, filter_projects=filter_projects)


class RuleProposer(JsonDataComponent):
    """The rules as a pipeline component, shaped like spaCy's SpanRuler: every proposal goes to
    `doc.spans[spans_key]`; with `annotate_ents` they are combined with doc.ents by `ents_filter`.
    Patterns (configs/rules.json) come in through `initialize` and are saved with the pipeline.
    Entities of `repair_labels` (only INDICATOR is repaired) then lose leading verbs and trailing
    change words by the guidelines' word lists (zhibiao.boundaries); one left with nothing is dropped.
    With `filter_projects`, PROJECT entities already in the Doc (a model's) get what the rules' own
    PROJECT proposals get (zhibiao.projects): leading verbs stripped, and dropped when ANNOTATION.md says
    they are no project (headings, clause fragments, programmes, titles, events, generic kinds), before
    the combination, so a rule PROJECT may fill the place of a dropped one."""

    DATA_KEY = DATA_NAME = "patterns"
    DATA_FILE = "patterns.json"
    DATA_SOURCE = "e.g. read from configs/rules.json"

    def __init__(self, name: str = "zhibiao_rules", *, spans_key: str = "rules", annotate_ents: bool = True,
                 ents_filter: SpanFilter = make_rule_labels_filter(["INDICATOR", "VALUE", "UNIT", "PROJECT"], []),
                 repair_labels: Iterable[str] = (), filter_projects: bool = False) -> None:
        self.name = name
        self.spans_key = spans_key
        self.annotate_ents = annotate_ents
        self.ents_filter = ents_filter
        self.repair_labels = set(repair_labels) & {"INDICATOR"}
        self.filter_projects = filter_projects
        self.patterns: Optional[Patterns] = None

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None,
                   patterns: Optional[Dict[str, Any]] = None) -> None:
        if patterns:  # lists given by hand (configs/rules.json); none is refused by _initialize_data
            check_pattern_lists(patterns)
        self._initialize_data(patterns)

    def _read_data(self, data: Dict[str, Any]) -> None:
        self.patterns = patterns_from_data(data)

    def _patterns(self) -> Patterns:
        self._check_data()
        return self.patterns  # type: ignore[return-value]

    def __call__(self, doc: Doc) -> Doc:
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand")
                 for s, e, label in propose(doc_text(doc), self._patterns())]
        proposed = [span for span in spans if span is not None]
        doc.spans[self.spans_key] = proposed
        entities = self._cleaned_projects(doc) if self.filter_projects else list(doc.ents)
        ents = sorted(self.ents_filter(entities, proposed)) if self.annotate_ents else entities
        doc.ents = ents
        # with no INDICATOR the repair would set these very entities again
        if self.repair_labels and any(ent.label_ == "INDICATOR" for ent in ents):
            doc.ents = self._repaired(doc)
        return doc

    def _repaired(self, doc: Doc) -> List[SpacySpan]:
        patterns = self._patterns()
        leading, changes, verbs, defining = _repair_words(patterns)
        text = doc_text(doc)
        # a name the rules proposed whole stays before a comparison, even a change word (`增速高于全国7.6个百分点`)
        proposed = {(span.start_char, span.end_char) for span in doc.spans[self.spans_key] if span.label_ == "INDICATOR"}

        def repaired(ent: SpacySpan, before: Optional[SpacySpan], high: Optional[int]) -> Optional[SpacySpan]:
            low = before.end_char if before is not None else 0
            counted = after_count(text, ent, before)  # the activity after the name is left out
            start, end = repair_indicator(text, ent.start_char, ent.end_char, leading, patterns.trailing_words,
                                          patterns.repair_leading_tags, patterns.repair_trailing_tags, low,
                                          len(text) if high is None else high,
                                          patterns.repair_activity_tags if counted else frozenset(),
                                          frozenset() if counted else patterns.repair_modifier_tags, defining,
                                          patterns.subject_words, patterns.subject_heads, patterns.project_name_tags,
                                          patterns.works_activities)
            if text[start:end] in patterns.not_indicators and ent.start_char < start \
                    and text[ent.start_char:start] not in leading:
                start = ent.start_char  # a noun jieba tags a verb (`信访|总量`) is the name's, not a leading verb
            if (ent.start_char, ent.end_char) in proposed:  # the rules' own edges (`城镇、【农村】居民…分别`) hold
                start, end = max(start, ent.start_char), min(end, ent.end_char)
                if sets_a_rate(text, ent.start_char, start, ent.end_char, patterns.project_triggers):
                    start = ent.start_char  # (`新签约…开工率`)
            if counted and before is not None and before.label_ == "UNIT":
                end = people_end(text, start, end, before.text, patterns.people_heads)
            if counted:
                end = before_activity(text, start, end, min(clause_end(text, start), len(text) if high is None else high),
                                      patterns.activity_aspects, patterns.activity_words)
            start, end = unquoted(text, start, end)  # ANNOTATION.md: `“【四上单位】”`
            # a listed verb or change word alone names nothing (`跃上` a model put between a name and its value)
            words = text[start:end]
            # nor do leading verbs and adverbs one after another (`有序推进` a model put before a threshold), but a
            # fixed term that opens with one does (`计划投资`)
            named = end > start and words not in patterns.not_indicators and words not in leading \
                and (words in defining or not verbs_alone(text, start, end, verbs)) \
                and (words not in patterns.trailing_words and words not in changes
                     or (start, end) in proposed and starts_with_any(text, end, patterns.comparison_words)) \
                and not compares(text, ent.start_char, ent.end_char, patterns.comparison_words) \
                and not compares(text, start, end, patterns.comparison_words) \
                and not compared_with(text, start, patterns.comparison_words, patterns.subject_words) \
                and not share_base(text, start, end, patterns.subject_words) and not in_cause(text, start, end) \
                and not of_plan(text, start, end, patterns.plan_words)
            # (`低于全国`, `高出全市平均水平`: what a value is compared with; `占全市规上工业企业的`: a share's base;
            # `完成年度计划的`: the plan a share measures an earlier quantity against)
            return doc.char_span(start, end, label=ent.label_, alignment_mode="contract") if named else None

        return moved_entities(doc, "INDICATOR", repaired)

    def _cleaned_projects(self, doc: Doc) -> List[SpacySpan]:
        from .projects import clean_project

        patterns = self._patterns()
        text = doc_text(doc)
        kept = []
        for ent in doc.ents:
            if ent.label_ != "PROJECT":
                kept.append(ent)
                continue
            span, _ = clean_project(text, ent.start_char, ent.end_char, patterns)
            cleaned = None if span is None else doc.char_span(*span, label="PROJECT", alignment_mode="contract")
            if cleaned is not None:
                kept.append(cleaned)
        return kept



@lru_cache(maxsize=8)
def _repair_words(patterns: Patterns) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The repair's word sets (leading words, change words, verbs, defining modifiers), built once per Patterns."""
    leading = word_set(patterns.leading_words)
    return (leading, word_set(patterns.change_words), leading | patterns.project_leading_words,
            word_set(patterns.defining_modifiers))


def rules_pipeline(patterns_path: Path, linker: bool = True) -> Language:
    """The rule component alone on character tokens (and the linker): the baseline every model is compared with."""
    import spacy

    nlp = spacy.blank("zh")  # spaCy's default Chinese segmenter is "char", as in the trained pipelines
    rules: RuleProposer = nlp.add_pipe("zhibiao_rules")  # type: ignore[assignment]
    rules.initialize(patterns=strict_json.read_file(patterns_path))  # type: ignore[arg-type]
    if linker:
        from . import linker as _linker  # noqa: F401  (registers zhibiao_linker)

        nlp.add_pipe("zhibiao_linker")
    return nlp
