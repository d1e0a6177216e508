"""The component `zhibiao_indicator_starts`: every INDICATOR entity starts where the start model
(zhibiao.starts) says, its end kept. Shaped like spaCy's SpanRuler: no settings but its name, the model
data through `initialize` (`[initialize.components.zhibiao_indicator_starts.model]`, from
`zhibiao fit-starts`), saved with the pipeline.
"""

from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .starts import INDICATOR, StartModel, best_start

# No `from __future__ import annotations`: spaCy validates factory arguments with pydantic 1.
MODEL_FILE = "model.json"


@Language.factory("zhibiao_indicator_starts", requires=["doc.ents"], assigns=["doc.ents"])
def make_indicator_starts(nlp: Language, name: str) -> "IndicatorStarts":
    return IndicatorStarts(name)


class IndicatorStarts:
    """Moves the start of each INDICATOR entity to the start model's choice among the word starts of its
    clause, never before the entity ahead of it; an entity whose new start would reach into another is kept."""

    def __init__(self, name: str = "zhibiao_indicator_starts") -> None:
        self.name = name
        self.model: Optional[StartModel] = None
        self._leading: FrozenSet[str] = frozenset()

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None,
                   model: Optional[Dict[str, Any]] = None) -> None:
        if not model:
            raise ValueError(f"{self.name}: no start model; give it in the config as "
                             f"[initialize.components.{self.name}.model] (`zhibiao fit-starts` writes one)")
        self._set(model)

    def _set(self, model: Dict[str, Any]) -> None:
        if not isinstance(model.get("weights"), dict) or not isinstance(model.get("leading_words"), list):
            raise ValueError(f"{self.name}: a start model needs `weights` (feature → weight) and `leading_words`")
        self.model = model  # type: ignore[assignment]
        self._leading = frozenset(model["leading_words"])

    def _model(self) -> StartModel:
        if self.model is None:
            raise ValueError(f"{self.name} has no start model: call nlp.initialize() with "
                             f"[initialize.components.{self.name}.model], or load a saved pipeline")
        return self.model

    def __call__(self, doc: Doc) -> Doc:
        model = self._model()
        ents: List[SpacySpan] = list(doc.ents)
        moved: List[SpacySpan] = []
        for position, ent in enumerate(ents):
            if ent.label_ == INDICATOR:
                low = moved[-1].end_char if moved else 0
                start = best_start(doc.text, ent.start_char, ent.end_char, model, low, self._leading)
                span = doc.char_span(start, ent.end_char, label=INDICATOR, alignment_mode="contract")
                ent = span if span is not None and len(span) else ent
            moved.append(ent)
        doc.ents = moved
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_bytes(self, *, exclude=()) -> bytes:
        return srsly.json_dumps(self._model()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude=()) -> "IndicatorStarts":
        self._set(srsly.json_loads(data))
        return self

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / MODEL_FILE, self._model())

    def from_disk(self, path, *, exclude=()) -> "IndicatorStarts":
        self._set(srsly.read_json(Path(path) / MODEL_FILE))
        return self
