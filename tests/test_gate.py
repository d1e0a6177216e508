"""The extraction gate: a pipeline whose rules own VALUE, UNIT and PROJECT and whose linker drops unmeasured
INDICATORs gives the same records when its model only reads the sentences with a rule VALUE."""

import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.util import filter_spans

from zhibiao.extraction import extract_reports, model_gate
from zhibiao.preprocess import preprocess

ROOT = Path(__file__).resolve().parent.parent
CALLS = {"docs": 0}


@Language.component("guessing_model_for_test")
def guessing_model(doc):
    """A model that guesses every label everywhere, right or wrong: what the gate must make no difference to."""
    CALLS["docs"] += 1
    guesses = [doc.char_span(m.start(), m.end(), label="INDICATOR") for m in re.finditer(r"[\u4e00-\u9fff]{2,6}(?=\d)", doc.text)]
    guesses += [doc.char_span(m.start(), m.end(), label="VALUE") for m in re.finditer(r"\d+", doc.text)]
    guesses += [doc.char_span(0, min(4, len(doc.text)), label="PROJECT")]
    guesses += [doc.char_span(m.start(), m.end(), label="INDICATOR")
                for m in re.finditer(r"(?<=[,，])[\u4e00-\u9fff]{3}", doc.text)]
    doc.ents = filter_spans([span for span in guesses if span is not None])
    return doc


def pipeline(rules_data, owned, drop, fill=("INDICATOR",), model_fill=()):
    nlp = spacy.blank("zh")
    nlp.add_pipe("guessing_model_for_test")
    nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": owned, "fill_labels": list(fill),
        "model_fill_labels": list(model_fill)}})
    nlp.get_pipe("zhibiao_rules").initialize(patterns=rules_data)
    nlp.add_pipe("zhibiao_linker", config={"drop_unmeasured": drop})
    return nlp


@pytest.mark.parametrize("owned, fill, model_fill", [
    (["VALUE", "UNIT", "PROJECT"], ["INDICATOR"], []),
    (["INDICATOR", "VALUE", "UNIT", "PROJECT"], [], ["INDICATOR"]),  # the shipped policy: rules first, NER in gaps
])
def test_the_gate_changes_no_record_and_skips_the_model_where_it_can(rules_data, owned, fill, model_fill):
    nlp = pipeline(rules_data, owned, True, fill, model_fill)
    reports = preprocess([ROOT / "corpus" / "raw"]).docs
    # full-width numbers: the gate reads them as the rules do
    reports.append({"doc_id": "full-width", "text": "地区生产总值增长６．５％，规上工业增加值达１２３４亿元。", "meta": {}})
    assert model_gate(nlp)[0] == ["guessing_model_for_test"]
    assert model_gate(nlp)[1]("地区生产总值增长６．５％") and not model_gate(nlp)[1]("推动高质量发展")
    CALLS["docs"] = 0
    ungated = [records for _, records in extract_reports(reports, nlp, gated=False)]
    read_all = CALLS["docs"]
    CALLS["docs"] = 0
    gated = [records for _, records in extract_reports(reports, nlp)]
    assert gated == ungated
    assert 0 < CALLS["docs"] < 0.7 * read_all  # the model read fewer sentences


def test_no_gate_where_the_model_can_change_the_result(rules_data):
    assert model_gate(pipeline(rules_data, ["VALUE", "UNIT"], True)) is None  # the model's PROJECTs count
    assert model_gate(pipeline(rules_data, ["VALUE", "UNIT", "PROJECT"], False)) is None  # unmeasured INDICATORs stay
    # the model's PROJECTs fill the rules' gaps: they count even where the rules find no VALUE
    assert model_gate(pipeline(rules_data, ["VALUE", "UNIT", "PROJECT"], True, (), ["PROJECT"])) is None
