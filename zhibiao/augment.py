"""Training examples narrowed to the labels a model is trained for, as a spaCy augmenter.

The shipped pipeline keeps only the NER's INDICATORs (the rules own VALUE, UNIT and PROJECT, configs/final.cfg),
so a NER trained for INDICATOR alone does the same job with fewer transitions to choose between, which is most
of its time. The gold keeps every label; the corpus reader drops the others from the reference of each example
(`[corpora.train.augmenter]`), so the entities left out are read as outside, not as missing.
"""

from __future__ import annotations

from typing import Callable, Iterator, List

from spacy.language import Language
from spacy.training import Example
from spacy.util import registry


@registry.augmenters("zhibiao.keep_labels.v1")
def make_keep_labels(labels: List[str]) -> Callable[[Language, Example], Iterator[Example]]:
    keep = frozenset(labels)
    if not keep:
        raise ValueError("zhibiao.keep_labels.v1: name at least one label to keep")

    def keep_labels(nlp: Language, example: Example) -> Iterator[Example]:
        reference = example.reference.copy()
        reference.set_ents([ent for ent in reference.ents if ent.label_ in keep], default="outside")
        yield Example(example.predicted, reference)

    return keep_labels
