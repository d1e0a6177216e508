"""A number touching garbled text (U+FFFD, a private-use character, `?;`) is no value: the rules do not propose it,
no record reads it, even where a model marks it, and clean, extract and panel count and name its sentences."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.extraction import extract
from zhibiao.garbled import garbled_number_sentences, touches_garbled
from zhibiao.preprocess import preprocess
from zhibiao.records import records_from_spans


@pytest.mark.parametrize("text", ["地区生产总值增长6\ufffd%左右。", "一般公共预算收入\ufffd5.2亿元。", "新增就业12\ufffd00人。",
                                  "新增就业12\ue2a600人。", "一般公共预算收入??5.2亿元。", "粮食产量12?;万吨。"])
def test_a_number_touching_garbled_text_is_no_value(rules_nlp, text):
    assert extract(text, rules_nlp) == []
    doc = rules_nlp(text)
    assert [ent.text for ent in doc.ents if ent.label_ == "VALUE"] == []


def test_a_number_garbled_text_does_not_touch_is_read(rules_nlp):
    # zhenjiang-2022: the garbling comes after the unit; 3% is as written
    records = extract("城镇登记失业率低于3%?;\ue2a6A(chǔ)保障坚实有力。一般公共预算收入5.2亿元。", rules_nlp)
    assert [(record["value"], record["unit"]) for record in records] == [(3.0, "%"), (5.2, "亿元")]


def test_a_models_value_by_garbled_text_makes_no_record():
    text = "一般公共预算收入\ufffd5.2亿元,增长6%。"
    spans = [(0, 8, "INDICATOR"), (9, 12, "VALUE"), (12, 14, "UNIT"), (17, 18, "VALUE"), (18, 19, "UNIT")]
    records = records_from_spans(text, spans, [(1, 0), (3, 0)])
    assert [record["value_text"] for record in records] == ["6"]


def test_touching_is_before_inside_or_right_after():
    text = "ab\ufffd12cd34\ufffd"
    assert touches_garbled(text, 3, 5) and touches_garbled(text, 7, 9) and touches_garbled(text, 2, 5)
    assert not touches_garbled(text, 4, 5) and not touches_garbled(text, 5, 7)
    assert garbled_number_sentences("增长6%。增长\ufffd7%。", [(0, 5), (5, 10)]) == [(5, 10)]


def test_clean_counts_and_names_the_sentences(tmp_path):
    (tmp_path / "mouxian-2024.txt").write_text("2024年某县人民政府工作报告\n地区生产总值增长6\ufffd%左右。规上工业增加值增长8%。"
                                                "新增就业12\ufffd00人。\n", encoding="utf-8")
    result = preprocess([tmp_path])
    assert result.garbled_numbers == {"mouxian-2024": [1, 3]}
    assert result.removed["mouxian-2024"]["garbled_number_sentences"] == 2
    [warning] = [line for line in result.cleaning_warnings() if "garbled" in line]
    assert warning.startswith("mouxian-2024.txt: 2 sentence(s) with a number touching garbled text")
    assert "sent_id 1 `地区生产总值增长6\ufffd%左右。` and 1 more" in warning
    result = CliRunner().invoke(app, ["clean", str(tmp_path), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 0 and "warning: mouxian-2024.txt: 2 sentence(s) with a number touching" in result.output
