"""Span and relation scores on hand-made gold/prediction pairs whose scores were worked out by hand."""

from __future__ import annotations

import pytest
import spacy

from zhibiao.annotations import make_record
from zhibiao.evaluate import (
    classify_errors,
    evaluate_records,
    group_errors,
    markdown_table,
    model_predictor,
    rule_predictor,
    score_pairs,
    score_spans,
)
from zhibiao.labels import LABEL_NAMES

# S1: 地区生产总值增长6%以上。  gold INDICATOR 0-6, VALUE 8-9, UNIT 9-10
#     prediction: INDICATOR 2-6 (boundary), VALUE 8-9 (exact), UNIT 9-12 '%以上' (boundary)
S1 = "地区生产总值增长6%以上。"
S1_GOLD = [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")]
S1_PRED = [(2, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 12, "UNIT")]
# S2: 丹金路建成12公里，另34座。  gold PROJECT 0-3, VALUE 5-7 '12'
#     prediction: INDICATOR 0-3 (wrong label), VALUE 11-13 '34' (spurious); gold VALUE '12' missed
S2 = "丹金路建成12公里，另34座。"
S2_GOLD = [(0, 3, "PROJECT"), (5, 7, "VALUE")]
S2_PRED = [(0, 3, "INDICATOR"), (11, 13, "VALUE")]


def test_fixture_offsets():
    assert [S1[s:e] for s, e, _ in S1_GOLD] == ["地区生产总值", "6", "%"]
    assert [S1[s:e] for s, e, _ in S1_PRED] == ["生产总值", "6", "%以上"]
    assert [S2[s:e] for s, e, _ in S2_GOLD] == ["丹金路", "12"]
    assert [S2[s:e] for s, e, _ in S2_PRED] == ["丹金路", "34"]


def prf(scores: dict) -> tuple:
    return scores["p"], scores["r"], scores["f"], scores["tp"], scores["fp"], scores["fn"]


def test_exact_scores_by_hand():
    exact = score_spans([S1_GOLD, S2_GOLD], [S1_PRED, S2_PRED])["exact"]
    per = exact["per_label"]
    assert prf(per["INDICATOR"]) == (0.0, 0.0, 0.0, 0, 2, 1)
    assert prf(per["VALUE"]) == (0.5, 0.5, 0.5, 1, 1, 1)
    assert prf(per["UNIT"]) == (0.0, 0.0, 0.0, 0, 1, 1)
    assert prf(per["PROJECT"]) == (0.0, 0.0, 0.0, 0, 0, 1)
    assert prf(exact["micro"]) == (0.2, 0.2, 0.2, 1, 4, 4)


def test_overlap_scores_by_hand_differ_from_exact():
    overlap = score_spans([S1_GOLD, S2_GOLD], [S1_PRED, S2_PRED])["overlap"]
    per = overlap["per_label"]
    assert prf(per["INDICATOR"]) == (0.5, 1.0, 0.6667, 1, 1, 0)  # 生产总值 overlaps 地区生产总值
    assert prf(per["VALUE"]) == (0.5, 0.5, 0.5, 1, 1, 1)
    assert prf(per["UNIT"]) == (1.0, 1.0, 1.0, 1, 0, 0)  # %以上 overlaps %
    assert prf(per["PROJECT"]) == (0.0, 0.0, 0.0, 0, 0, 1)  # a different label never matches
    assert prf(overlap["micro"]) == (0.6, 0.6, 0.6, 3, 2, 2)


def test_all_labels_reported_even_when_absent():
    scores = score_spans([[]], [[]])
    assert list(scores["exact"]["per_label"]) == list(LABEL_NAMES)
    assert prf(scores["exact"]["micro"]) == (0.0, 0.0, 0.0, 0, 0, 0)


def test_perfect_prediction():
    scores = score_spans([S1_GOLD, S2_GOLD], [list(reversed(S1_GOLD)), S2_GOLD])
    assert scores["exact"]["micro"]["f"] == 1.0
    assert scores["overlap"]["micro"]["f"] == 1.0


def test_one_gold_span_matches_one_prediction_only():
    gold = [[(0, 6, "INDICATOR")]]
    pred = [[(0, 3, "INDICATOR"), (3, 6, "INDICATOR")]]
    scores = score_spans(gold, pred)
    assert prf(scores["overlap"]["per_label"]["INDICATOR"])[3:] == (1, 1, 0)
    assert prf(scores["exact"]["per_label"]["INDICATOR"])[3:] == (0, 2, 1)


def test_duplicate_predictions_count_once():
    scores = score_spans([[(8, 9, "VALUE")]], [[(8, 9, "VALUE"), (8, 9, "VALUE")]])
    assert prf(scores["exact"]["micro"]) == (1.0, 1.0, 1.0, 1, 0, 0)


def test_gold_and_predictions_must_have_the_same_number_of_sentences():
    with pytest.raises(ValueError):
        score_spans([S1_GOLD, S2_GOLD], [S1_PRED])


def test_score_pairs_by_hand():
    gold = [{"a", "b"}, {"c"}, set()]
    pred = [{"a"}, {"c", "d"}, {"e"}]
    scores = score_pairs(gold, pred)
    assert prf(scores) == (0.5, 0.6667, 0.5714, 2, 2, 1)
    assert score_pairs([set()], [set()])["f"] == 0.0


# ---------------------------------------------------------------- error listing

def test_classify_errors_types():
    rows = classify_errors(S1, S1_GOLD, S1_PRED) + classify_errors(S2, S2_GOLD, S2_PRED)
    summary = [(r["side"], r["type"], r["label"], r["span"]) for r in rows]
    assert summary == [
        ("fp", "wrong boundary", "INDICATOR", "生产总值"),
        ("fp", "wrong boundary", "UNIT", "%以上"),
        ("fn", "wrong boundary", "INDICATOR", "地区生产总值"),
        ("fn", "wrong boundary", "UNIT", "%"),
        ("fp", "wrong label", "INDICATOR", "丹金路"),
        ("fp", "spurious", "VALUE", "34"),
        ("fn", "wrong label", "PROJECT", "丹金路"),
        ("fn", "missed", "VALUE", "12"),
    ]
    boundary, _, _, _, label, spurious, _, missed = rows
    assert boundary["nearest_gold"] == {"label": "INDICATOR", "span": "地区生产总值", "start": 0, "end": 6}
    assert label["nearest_gold"]["label"] == "PROJECT"
    assert spurious["nearest_gold"]["span"] == "12"  # nearest gold span in the sentence
    assert (missed["start"], missed["end"], missed["sentence"]) == (5, 7, S2)


def test_classify_errors_without_gold():
    rows = classify_errors(S1, [], [(8, 9, "VALUE")])
    assert [(r["type"], r["nearest_gold"]) for r in rows] == [("spurious", None)]
    assert classify_errors(S1, S1_GOLD, S1_GOLD) == []


def test_every_false_negative_is_listed():
    gold = [(8, 9, "VALUE"), (9, 10, "UNIT")]
    pred = [(8, 10, "VALUE")]
    rows = classify_errors(S1, gold, pred)
    explained = {(r["start"], r["end"], r["label"]) for r in rows if r["side"] == "fn"}
    explained |= {(r["nearest_gold"]["start"], r["nearest_gold"]["end"], r["nearest_gold"]["label"])
                  for r in rows if r["nearest_gold"]}
    assert (9, 10, "UNIT") in explained


def test_group_errors():
    rows = classify_errors(S1, S1_GOLD, S1_PRED) + classify_errors(S2, S2_GOLD, S2_PRED)
    grouped = group_errors(rows)
    assert list(grouped) == ["INDICATOR", "PROJECT", "UNIT", "VALUE"]
    assert {kind: len(items) for kind, items in grouped["INDICATOR"].items()} == {"wrong boundary": 2, "wrong label": 1}
    assert {kind: len(items) for kind, items in grouped["PROJECT"].items()} == {"wrong label": 1}
    assert {kind: len(items) for kind, items in grouped["VALUE"].items()} == {"spurious": 1, "missed": 1}


# ---------------------------------------------------------------- records and predictors

S3 = "新增规上工业企业102家。"
S3_GOLD = [(2, 8, "INDICATOR"), (8, 11, "VALUE"), (11, 12, "UNIT")]


def gold_records() -> list[dict]:
    return [
        make_record("jiangdu-2025", 3, S1, {}, S1_GOLD, [(1, 0)]),
        make_record("jiangdu-2025", 4, S2, {}, S2_GOLD),
        make_record("jintan-2025", 7, S3, {}, S3_GOLD, [(1, 0)]),
    ]


def fake_predict(text: str):
    predictions = {
        S1: (S1_PRED, [(8, 9, 2, 6)]),  # links the VALUE to the wrongly bounded INDICATOR
        S2: (S2_PRED, []),
        S3: (S3_GOLD, [(8, 11, 2, 8)]),
    }
    return predictions[text]


def test_evaluate_records_by_hand():
    result = evaluate_records(gold_records(), fake_predict)
    scores = result["scores"]
    assert scores["sentences"] == 3
    assert scores["reports"] == ["jiangdu-2025", "jintan-2025"]
    assert prf(scores["exact"]["micro"]) == (0.5, 0.5, 0.5, 4, 4, 4)
    assert prf(scores["exact"]["per_label"]["INDICATOR"]) == (0.3333, 0.5, 0.4, 1, 2, 1)
    assert prf(scores["overlap"]["micro"]) == (0.75, 0.75, 0.75, 6, 2, 2)
    assert prf(scores["value_of"]) == (0.5, 0.5, 0.5, 1, 1, 1)
    errors = result["errors"]
    assert len(errors) == 8  # every exact-match false positive (4) and false negative (4)
    assert {(e["doc_id"], e["sent_id"]) for e in errors} == {("jiangdu-2025", 3), ("jiangdu-2025", 4)}


def test_rule_predictor_links_are_offset_relations(patterns):
    predict = rule_predictor(patterns)
    text = "地区生产总值增长6%左右。"
    spans, links = predict(text)
    assert spans == [(0, 6, "INDICATOR"), (8, 9, "VALUE"), (9, 10, "UNIT")]
    assert links == [(8, 9, 0, 6)]
    record = make_record("t-2025", 0, text, {}, spans, [(1, 0)])
    scores = evaluate_records([record], predict)["scores"]
    assert scores["exact"]["micro"]["f"] == 1.0
    assert scores["value_of"]["f"] == 1.0


def test_model_predictor_matches_rule_predictor_for_the_rule_pipeline(rules_nlp, patterns):
    text = "新增规上工业企业102家、总数达760家。"
    assert model_predictor(rules_nlp)(text) == rule_predictor(patterns)(text)


# ---------------------------------------------------------------- Markdown

def test_markdown_table():
    scores = score_spans([S1_GOLD, S2_GOLD], [S1_PRED, S2_PRED])
    scores["value_of"] = score_pairs([{1}], [{1, 2}])
    table = markdown_table(scores, "rules on jiangdu-2025")
    lines = table.splitlines()
    assert lines[0] == "### rules on jiangdu-2025"
    assert "| label | P | R | F1 | F1 (overlap) | gold |" in lines
    for label in LABEL_NAMES:
        assert any(line.startswith(f"| {label} |") for line in lines), label
    assert "| INDICATOR | 0.000 | 0.000 | 0.000 | 0.667 | 1 |" in lines
    assert "| VALUE | 0.500 | 0.500 | 0.500 | 0.500 | 2 |" in lines
    assert "| micro | 0.200 | 0.200 | 0.200 | 0.600 | 5 |" in lines
    assert "| value_of (relations) | 0.500 | 1.000 | 0.667 | – | 1 |" in lines
    assert table.endswith("\n")
    no_title = markdown_table(score_spans([[]], [[]]))
    assert no_title.startswith("| label |") and "value_of" not in no_title


def test_model_predictor_reads_the_span_group_its_linker_reads():
    from spacy.language import Language

    @Language.component("fake_spancat_for_test")
    def fake_spancat(doc):
        doc.spans["sc"] = [doc.char_span(0, 6, label="INDICATOR"), doc.char_span(8, 9, label="VALUE")]
        return doc

    nlp = spacy.blank("zh")
    nlp.add_pipe("fake_spancat_for_test")
    nlp.add_pipe("zhibiao_linker", config={"spans_key": "sc"})
    spans, links = model_predictor(nlp)("地区生产总值增长6%以上。")
    assert spans == [(0, 6, "INDICATOR"), (8, 9, "VALUE")]
    assert links == [(8, 9, 0, 6)]
