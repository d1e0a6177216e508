"""The component `zhibiao_indicator_edges`: every INDICATOR entity starts, then ends, where the edge model
(zhibiao.edges) says. Shaped like spaCy's SpanRuler: settings in the factory's config, the model data through
`initialize` (`[initialize.components.zhibiao_indicator_edges.model]`, written by `zhibiao fit-edges`),
saved with the pipeline.
"""

from functools import lru_cache
from typing import Any, Dict, FrozenSet, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .boundaries import only_places, sets_a_rate, unquoted
from .comparisons import in_cause
from .component_data import JsonDataComponent
from .edges import INDICATOR, EdgeModel, EdgeWords, best_end, best_start
from .matching import ends_with_any, has_number, starts_with_any
from .spans import (
    CLAUSE_BOUNDARIES,
    LIST_BOUNDARY,
    RESPECTIVELY,
    after_count,
    clause_end,
    clause_start,
    doc_text,
    moved_entities,
)
from .thresholds import THRESHOLD_WORDS  # what they close stays in the name when no numeral bounds it

# No `from __future__ import annotations`: spaCy validates factory arguments with pydantic 1.


# Subject verbs a name may still start before: 完成 of fixed terms (ANNOTATION.md: `区重点产业项目完成投资`), and 带动,
# whose subject the seed folds keep in as often as not (measured: docs/experiments.md section 14)
_KEPT_BEFORE = frozenset({"完成", "带动"})


@lru_cache(maxsize=8)
def _guarded(subject_verbs: FrozenSet[str]) -> Tuple[str, ...]:
    """The subject verbs a name never starts before, once per list rather than per Doc (in the set's order)."""
    return tuple(subject_verbs - _KEPT_BEFORE)


@Language.factory("zhibiao_indicator_edges", default_config={"ends": True, "end_prior": 3.0},
                  requires=["doc.ents"], assigns=["doc.ents"])
def make_indicator_edges(nlp: Language, name: str, ends: bool, end_prior: float) -> "IndicatorEdges":
    return IndicatorEdges(name, ends=ends, end_prior=end_prior)


class IndicatorEdges(JsonDataComponent):
    """Moves the start of each INDICATOR entity to the edge model's choice among the word starts of its clause
    (never before the entity ahead), then, with `ends`, its end among the word ends after it (never past the
    entity after), the end it had being `end_prior` log-odds ahead."""

    DATA_KEY = "model"
    DATA_NAME = "edge model"
    DATA_FILE = "model.json"
    DATA_SOURCE = "`zhibiao fit-edges` writes one"

    def __init__(self, name: str = "zhibiao_indicator_edges", *, ends: bool = True, end_prior: float = 3.0) -> None:
        self.name = name
        self.ends = ends
        self.end_prior = end_prior
        self.model: Optional[EdgeModel] = None
        self._words: Optional[EdgeWords] = None

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None,
                   model: Optional[Dict[str, Any]] = None) -> None:
        self._initialize_data(model)

    def _read_data(self, data: Dict[str, Any]) -> None:
        missing = [key for key in ("start", "end", "leading_words", "trailing_words", "indicator_gazetteer")
                   if key not in data]
        if missing:
            raise ValueError(f"{self.name}: an edge model needs {', '.join(missing)} (`zhibiao fit-edges` writes one)")
        self.model = data  # type: ignore[assignment]
        self._words = EdgeWords.from_data(data)

    def _model(self) -> EdgeModel:
        self._check_data()
        return self.model  # type: ignore[return-value]

    def __call__(self, doc: Doc) -> Doc:
        model = self._model()
        words = self._words or EdgeWords.from_data(model)
        guarded = _guarded(words.subject_verbs)
        text = doc_text(doc)

        def moved(ent: SpacySpan, before: Optional[SpacySpan], high: Optional[int]) -> Optional[SpacySpan]:
            # (a Span's offsets are read from its tokens at every access)
            ent_start, ent_end = ent.start_char, ent.end_char
            start = best_start(text, ent_start, ent_end, model, before.end_char if before is not None else 0,
                               words)
            if start < ent_start and only_places(text, start, ent_start, words.place_heads, words.name_tags):
                start = ent_start  # the places listed before a name are its subjects (`岱屏市地区生产总值`)
            if start < ent_start and ent_end - ent_start >= 2 \
                    and ends_with_any(text, ent_start, guarded) is not None:
                start = ent_start  # the subject before a subject verb right before the name stays out (`产业园入驻【企业】`)
            if sets_a_rate(text, ent_start, start, ent_end, words.triggers):
                start = ent_start  # (`新签约…开工率`)
            if start < ent_start and starts_with_any(text, start, words.leading_first, ent_start) \
                    and not starts_with_any(text, start, words.defining_first, ent_end):
                start = ent_start  # the verb or adverb the rules cut off stays out (`新建|【村卫生室】`, `平均|【单产】`)
            if ent_end - start < 2 <= len(ent.text):
                start = ent_start  # one character is no name: the verb belongs to it (`解决率、满意率分别…`)
            if start > ent_start and text.endswith(THRESHOLD_WORDS, ent_start, start) \
                    and not has_number(text[clause_start(text, start, CLAUSE_BOUNDARIES):start]):
                start = ent_start  # ANNOTATION.md: a threshold with no numeral stays inside (`县控以上断面…`)
            # after a count the repair cut the activity off (`6.2万名【困难群众】发放补贴`), and the end model, fitted
            # mostly on names before their values, may only shorten the name
            counted = after_count(text, ent, before)
            # the last item of a 分别 list leaves the head it shares with the others out (lists.without_shared_head)
            last_item = text[ent_start - 1:ent_start] == LIST_BOUNDARY and \
                RESPECTIVELY in text[ent_end:clause_end(text, ent_end, CLAUSE_BOUNDARIES)]
            end = best_end(text, start, ent_end, model, high, self.end_prior, words) \
                if self.ends else ent_end
            end = min(end, ent_end) if counted or last_item else end
            if text[start - 1:start] == "“" and text.count("”", start, end) > text.count("“", start, end):
                start -= 1  # a quote the name opens with belongs to it (`【“减油增化”改造项目】`)
            if text[end:end + 1] == "”" and text.count("“", start, end) > text.count("”", start, end):
                end += 1  # and one it closes with (`获评【省级“雄鹰企业”】`)
            start, end = unquoted(text, start, end)  # ANNOTATION.md: `“【四上单位】”`, the quotes stay out
            span = doc.char_span(start, end, label=INDICATOR, alignment_mode="contract")
            span = span if span is not None and len(span) else ent
            # (`降幅` cut off a model's `降幅比…`; the edges may reach into a cause: `受煤价下行影响`)
            span_start, span_end = span.start_char, span.end_char
            # (a Span's text is joined from its tokens: only one as long as a nameless word can be one)
            nameless = span_end - span_start in words.nameless_lengths and span.text in words.nameless
            return None if nameless or in_cause(text, span_start, span_end) else span

        # what `doc.ents = …` does (default: outside) with Spans of this Doc, without building each Span again
        doc.set_ents(moved_entities(doc, INDICATOR, moved))
        return doc
