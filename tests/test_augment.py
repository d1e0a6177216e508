import pytest
import spacy
from conftest import ROOT
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config


def example(nlp):
    predicted = nlp.make_doc("新增企业15家。")
    reference = predicted.copy()
    reference.ents = [Span(reference, 2, 4, "INDICATOR"), Span(reference, 4, 6, "VALUE"), Span(reference, 6, 7, "UNIT")]
    return Example(predicted, reference)


def test_only_the_kept_labels_stay_and_the_rest_is_outside():
    nlp = spacy.blank("zh")
    augment = registry.augmenters.get("zhibiao.keep_labels.v1")(labels=["INDICATOR"])
    original = example(nlp)
    [narrowed] = list(augment(nlp, original))
    assert [(e.text, e.label_) for e in narrowed.reference.ents] == [("企业", "INDICATOR")]
    assert [token.ent_iob_ for token in narrowed.reference[4:7]] == ["O", "O", "O"]  # outside, not missing
    assert len(original.reference.ents) == 3  # the gold itself is untouched
    assert narrowed.predicted.text == original.predicted.text


def test_keeping_no_label_is_refused():
    with pytest.raises(ValueError, match="at least one label"):
        registry.augmenters.get("zhibiao.keep_labels.v1")(labels=[])


def test_the_indicator_config_trains_on_indicators_only():
    config = Config().from_disk(ROOT / "configs" / "ner_ind.cfg", overrides={"paths.train": "x", "paths.dev": "x"})
    resolved = registry.resolve(config["corpora"])
    nlp = spacy.blank("zh")
    [narrowed] = list(resolved["train"].augmenter(nlp, example(nlp)))
    assert {e.label_ for e in narrowed.reference.ents} == {"INDICATOR"}
