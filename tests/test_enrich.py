import pytest

from zhibiao.enrich import enrich_records, paragraph_periods
from zhibiao.extraction import extract
from zhibiao.figures import base_unit, base_value, measure_of, qualifier_class, signed

META = {"doc_id": "t", "place": "东台市", "province": "江苏省", "year": 2024}


@pytest.fixture(scope="module")
def nlp(rules_nlp):
    return rules_nlp


def enriched(text, nlp, meta=META):
    return enrich_records(extract(text, nlp, meta), text, meta)


@pytest.mark.parametrize("words,value,expected", [
    (None, 6.0, ("exact", 6.0, 6.0)), ("左右", 6.0, ("around", 6.0, 6.0)), ("以上", 6.0, ("at_least", 6.0, None)),
    ("不低于", 5.0, ("at_least", 5.0, None)), ("突破", 600.0, ("at_least", 600.0, None)), ("超", 1.0, ("at_least", 1.0, None)),
    ("以内", 4.0, ("at_most", None, 4.0)), ("不超过", 4.0, ("at_most", None, 4.0)), (None, [3.0, 5.0], ("range", 3.0, 5.0)),
    ("力争", 8.0, ("exact", 8.0, 8.0)),
])
def test_qualifier_classes(words, value, expected):
    assert qualifier_class(words, value) == expected


@pytest.mark.parametrize("unit,change,measures,expected", [
    ("%", "增长", ("growth",), "growth"), ("%", "下降", ("growth",), "growth"), ("亿元", "达到", ("growth", "level"), "level"),
    ("%", "提高到", ("share",), "share"), ("%", "控制在", ("rate",), "rate"), ("%", "控制在", ("growth",), "growth"),
    ("个百分点", "提高", ("share",), "points"),
])
def test_measure(unit, change, measures, expected):
    assert measure_of(unit, change, measures) == expected


def test_signs_and_base_units():
    assert signed(3.0, "下降") == -3.0
    assert signed(18.9, "增长", "增长-") == -18.9
    assert signed(30.0, "下降到") == 30.0
    assert (base_value(602.5, 1e8), base_unit("亿元", 1e8)) == (60250000000.0, "元")
    assert base_value(327.6, 1e8) == 32760000000.0 and base_value([3.0, 5.0], 1e4) == [30000.0, 50000.0]
    assert (base_value(1.3, 1e4), base_unit("万人", 1e4)) == (13000.0, "人")
    assert base_unit("千瓦", 1.0) == "千瓦"
    assert base_unit("％", 1.0) == "%"  # a full-width percent sign is the same unit
    assert base_unit("亿", 1e8) is None


def test_targets_and_results_of_a_report(nlp):
    text = ("2023年工作回顾\n预计全年地区生产总值增长7.5%,一般公共预算收入增长-18.9%。\n2024年主要工作\n"
            "主要预期目标是:地区生产总值增长6.5%左右,一般公共预算收入增长6%以上,单位GDP能耗下降3%。")
    rows = {(r["kind"], r["indicator_id"]): r for r in enriched(text, nlp)}
    actual = rows[("actual", "gdp")]
    assert (actual["ref_year"], actual["estimated"], actual["measure"], actual["value"]) == (2023, True, "growth", 7.5)
    assert rows[("actual", "fiscal_revenue")]["value"] == -18.9
    target = rows[("target", "gdp")]
    assert (target["ref_year"], target["estimated"], target["qualifier"], target["qualifier_text"]) == \
        (2024, False, "around", "左右")
    assert rows[("target", "fiscal_revenue")]["qualifier"] == "at_least"
    assert rows[("target", "energy_intensity")]["value"] == -3.0
    assert target["place"] == "东台市" and target["province"] == "江苏省"


def test_fenbie_pairs_values_to_urban_and_rural_by_position(nlp):
    text = "2023年工作回顾\n城乡居民人均可支配收入分别增长5.5%和8%。"
    rows = [r for r in enriched(text, nlp) if r["indicator_id"]]
    assert [(r["indicator_id"], r["value"]) for r in rows] == [("urban_disposable_income", 5.5), ("rural_disposable_income", 8.0)]


def test_a_trailing_qualifier_covers_the_whole_fenbie_list(nlp):
    text = "2024年主要工作\n主要预期目标是:城乡居民人均可支配收入分别增长6%、7.1%以上。"
    rows = [r for r in enriched(text, nlp) if r["indicator_id"]]
    assert [(r["indicator_id"], r["qualifier"]) for r in rows] == [("urban_disposable_income", "at_least"),
                                                                   ("rural_disposable_income", "at_least")]


def test_dual_target_keeps_both_and_flags_the_second(nlp):
    text = "2024年主要工作\n主要预期目标是:地区生产总值增长7%左右,力争8%。"
    rows = [r for r in enriched(text, nlp) if r["indicator_id"] == "gdp"]
    assert [(r["value"], r["stretch"]) for r in rows] == [(7.0, False), (8.0, True)]


def test_per_capita_gdp_is_not_gdp(nlp):
    text = "过去一年,人均地区生产总值超过14万元。"
    assert all(r["indicator_id"] != "gdp" for r in enriched(text, nlp))


def test_five_year_paragraphs_until_a_single_year_one():
    text = "一、本届政府工作回顾\n五年来,地区生产总值年均增长5.8%。\n过去的一年,地区生产总值增长9.4%。"
    _, periods = paragraph_periods(text)
    assert periods == ["five_year", "five_year", "year"]


def test_a_short_span_is_read_with_the_longer_name_before_it(nlp):
    text = "2025年主要工作\n新增城镇就业4500人、扶持创业1350人以上。"
    rows = [r for r in enriched(text, nlp) if r["indicator_id"] == "new_urban_jobs"]
    assert [(r["indicator_name"], r["value"]) for r in rows] == [("新增城镇就业", 4500.0)]


def test_new_jobs_with_reemployment_is_not_new_urban_jobs(nlp):
    text = "2023年工作回顾\n新增就业再就业2万人。"
    assert all(r["indicator_id"] is None for r in enriched(text, nlp))
