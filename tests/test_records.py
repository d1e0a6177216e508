"""Records: value normalisation, units and magnitudes, qualifiers, change words, target/actual, extract."""

import json

import pytest
import spacy
from conftest import RULES
from test_linker import annotated

import zhibiao
import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.extraction import ModelNotFoundError, extract, load_pipeline, write_records
from zhibiao.records import heading_section, kind_of, sections
from zhibiao.ruler import rules_pipeline
from zhibiao.values import normalise_value, parse_number, unit_multiplier


def records_of(marked: str) -> list[dict]:
    """Records of one sentence whose spans are set by hand (so only the record logic is tested)."""
    nlp = spacy.blank("zh")
    text, spans = annotated(marked)
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    return extract(doc)


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("text, expected", [
    ("6", 6.0), ("90.9", 90.9), ("1,300", 1300.0), ("1/5", 0.2),
    ("两", 2.0), ("三", 3.0), ("百", 100.0), ("千", 1000.0), ("三十五", 35.0), ("两百", 200.0), ("一半", 0.5),
    ("６．５", 6.5), ("１，３００", 1300.0),  # full-width, as some reports write numbers
    ("三分之一", 1 / 3), ("百分之六点二", 0.062), ("百分之百", 1.0), ("三点一", 3.1),  # fractions and decimals in words
])
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_a_number_too_long_to_be_one_is_no_number():
    assert parse_number("9" * 400) is None  # float() says inf, which no JSON holds


@pytest.mark.parametrize("text, expected", [
    ("3-5", [3.0, 5.0]), ("4—5", [4.0, 5.0]), ("10~15", [10.0, 15.0]), ("2-3", [2.0, 3.0]), ("1.5～2.5", [1.5, 2.5]),
    ("三四", [3.0, 4.0]),
])
def test_ranges_become_low_high(text, expected):
    assert normalise_value(text) == expected


@pytest.mark.parametrize("text", ["9.7:47.3:43", "1.9∶1", "若干"])
def test_ratios_and_non_numbers_have_no_value(text):
    assert normalise_value(text) is None


@pytest.mark.parametrize("unit, multiplier", [
    ("亿元", 1e8), ("万元", 1e4), ("万人", 1e4), ("万人次", 1e4), ("千亿元", 1e11), ("亿", 1e8), ("万", 1e4),
    ("万千瓦", 1e4), ("千瓦", 1.0), ("千米", 1.0), ("个百分点", 1.0), ("%", 1.0), ("家", 1.0), (None, 1.0),
])
def test_unit_multiplier(unit, multiplier):
    assert unit_multiplier(unit) == multiplier


def test_value_with_magnitude_in_its_unit():
    [record] = records_of("引进[[各类人才|I]][[1.3|V]][[万人|U]]")
    assert (record["value"], record["multiplier"], record["unit"], record["value_text"]) == (1.3, 1e4, "万人", "1.3")


def test_chinese_numerals_are_normalised_without_moving_offsets():
    marked = "形成[[两|V]][[个|U]][[千亿级产业集群|I]],[[进出口总额|I]]超[[百|V]][[亿美元|U]]"
    text, _ = annotated(marked)
    records = records_of(marked)
    assert [(r["value_text"], r["value"], r["multiplier"]) for r in records] == [("两", 2.0, 1.0), ("百", 100.0, 1e8)]
    assert all(text[r["start"]:r["end"]] == r["value_text"] for r in records)


# ---------------------------------------------------------------- qualifiers and change words

@pytest.mark.parametrize("marked, qualifier", [
    ("[[地区生产总值|I]]增长[[6|V]][[%|U]]以上", "以上"),
    ("[[五大主导产业规模|I]]超[[1450|V]][[亿元|U]]", "超"),
    ("[[工业开票销售|I]]突破[[600|V]][[亿元|U]]大关", "突破"),
    ("[[规上工业增加值|I]]增长不低于[[7|V]][[%|U]]", "不低于"),
    ("[[保障房|I]][[7500|V]]余[[户|U]]", "余"),
    ("[[地区生产总值|I]]增长[[6.5|V]][[%|U]]左右", "左右"),
    ("力争[[地区生产总值|I]]增长[[6.5|V]][[%|U]]左右", "力争、左右"),
    ("[[游客|I]]近[[1100|V]][[万人次|U]]", "近"),
    ("[[居民消费价格涨幅|I]]控制在约[[3|V]][[%|U]]", "约"),
    ("[[地区生产总值|I]]增长[[6|V]][[%|U]]", None),
    ("签约引进[[产业类项目|I]][[118|V]][[个|U]]", None),  # 约 of 签约 is no qualifier
    ("超额完成[[年度投资|I]][[120|V]][[亿元|U]]", None),
])
def test_qualifier_as_written(marked, qualifier):
    [record] = records_of(marked)
    assert record["qualifier"] == qualifier


def test_qualifier_of_one_value_does_not_leak_to_the_next():
    records = records_of("[[五大主导产业规模|I]]超[[1450|V]][[亿元|U]]、[[占比|I]]达[[85|V]][[%|U]]")
    assert [r["qualifier"] for r in records] == ["超", None]


@pytest.mark.parametrize("marked, change", [
    ("[[地区生产总值|I]]增长[[6|V]][[%|U]]", "增长"),
    ("[[单位GDP能耗|I]]下降[[17.7|V]][[%|U]]", "下降"),
    ("[[村集体收入|I]]平均达到[[200|V]][[万元|U]]", "达到"),
    ("新增[[规上工业企业|I]][[102|V]][[家|U]]", "新增"),
    ("[[自然湿地保护率|I]]提高到[[69.5|V]][[%|U]]", "提高到"),
    ("[[全口径工业开票销售|I]][[1710|V]][[亿元|U]]", None),
    ("磊达集团[[应税销售|I]]超[[130|V]][[亿元|U]]", None),  # 达 of a name before the indicator is no change word
    ("净增[[国家高企|I]][[91|V]][[家|U]]", "净增"),
    ("新增[[5|V]][[家|U]][[省级研发机构|I]]", "新增"),
])
def test_change_word(marked, change):
    [record] = records_of(marked)
    assert record["change"] == change


def test_change_word_inside_an_indicator_is_not_read():
    [record] = records_of("力促[[新增长点|I]][[19|V]][[个|U]]快产满产")
    assert record["change"] is None


# ---------------------------------------------------------------- target or actual

@pytest.mark.parametrize("sentence, section, kind", [
    ("预计全年地区生产总值增长7.5%", None, "actual"),
    ("预计全年地区生产总值增长7.5%", "target", "actual"),
    ("全市经济社会发展的主要预期目标是:地区生产总值增长6.5%左右", None, "target"),
    ("力争新增规上工业企业110家", "actual", "target"),
    ("年内新增省星级上云企业100家", None, "target"),
    ("城乡居民人均收入比上年增长5.8%", None, "actual"),
    ("全年新开工亿元以上产业项目91个", "actual", "actual"),
    ("全年新开工亿元以上项目超100个", "target", "target"),
    ("我们将新建污水管网20公里", None, "target"),
    ("完成互花米草除治4.1万亩", None, "actual"),
    ("新增托位560个", None, "unknown"),
])
def test_kind_from_sentence_and_section(sentence, section, kind):
    assert kind_of(sentence, section) == kind


@pytest.mark.parametrize("heading, year, section", [
    ("2023年工作回顾", 2024, "actual"),
    ("2024年主要工作", 2024, "target"),
    ("一、本届政府工作回顾", 2022, "actual"),
    ("三、2022年目标任务和重点工作", 2022, "target"),
    ("向全区人民汇报2024年工作", 2025, "actual"),
    ("向全区人民汇报2025年工作安排", 2025, "target"),
    ("一、重大项目攻坚实现新突破", 2025, None),
    ("名词解释", 2025, "other"),
    ("全年新开工亿元以上产业项目91个、盐城第一,晶澳、天合、智泰3个项目占盐城新开工百亿项目数一半。", 2024, None),
])
def test_heading_section(heading, year, section):
    assert heading_section(heading, year) == section


def test_sections_carry_until_the_next_heading():
    found = sections(["2023年工作回顾", "新增托位560个。", "一、产业", "2024年主要工作", "新增托位300个。", "名词解释", "x"],
                     2024)
    assert found == ["actual", "actual", "actual", "target", "target", None, None]


REPORT = (
    "东台市2024年政府工作报告\n"
    "2023年工作回顾\n"
    "新增规上工业企业102家、总数达760家。\n"
    "2024年主要工作\n"
    "新增规上工业企业110家。\n"
    "主要预期目标是:地区生产总值增长6%左右;\n"
    "一般公共预算收入增长3%左右;\n"
)


def test_extract_a_report_with_sections(rules_nlp):
    records = extract(REPORT, rules_nlp, meta={"doc_id": "dongtai-2024"})
    found = [(r["indicator"], r["value_text"], r["kind"]) for r in records]
    assert found == [
        ("规上工业企业", "102", "actual"), ("规上工业企业", "760", "actual"), ("规上工业企业", "110", "target"),
        ("地区生产总值", "6", "target"),
        ("一般公共预算收入", "3", "target"),  # no cue of its own: an item of the list after `；`
    ]
    assert all(REPORT[r["start"]:r["end"]] == r["value_text"] for r in records)
    assert {(r["doc_id"], r["year"]) for r in records} == {("dongtai-2024", 2024)}
    assert records[0]["sentence"] == "新增规上工业企业102家、总数达760家。"


def test_extract_reads_place_and_year_from_the_text(rules_nlp):
    text = "(江苏省)扬州市江都区人民政府工作报告(2025年1月7日)\n地区生产总值增长6%以上。"
    [record] = extract(text, rules_nlp)
    assert (record["place"], record["year"], record["doc_id"]) == ("江都区", 2025, None)


def test_extract_fills_place_and_year_for_a_county_report(rules_nlp):
    text = ("政府工作报告\n——2024年1月10日在灵寿县第十七届人民代表大会第三次会议上\n"
            "全县地区生产总值增长6%以上。")
    [record] = extract(text, rules_nlp)
    assert (record["place"], record["year"]) == ("灵寿县", 2024)


def test_project_records_with_their_action():
    records = records_of("推动[[天源环保氢能装备|P]]、[[捷鑫新能源电力设备|P]]等项目开工,[[中集科创金融中心|P]]建成投用,"
                         "开工建设[[工业污水处理厂|P]]")
    assert [(r["kind"], r["project"], r["action"]) for r in records] == [
        ("project", "天源环保氢能装备", "开工"), ("project", "捷鑫新能源电力设备", "开工"),
        ("project", "中集科创金融中心", "建成投用"), ("project", "工业污水处理厂", "开工建设"),
    ]


def test_threshold_values_are_left_out_unless_asked_for():
    marked = "实施[[500|V]][[万元|U]]以上[[技改项目|I]][[80|V]][[个|U]]"
    assert [r["value_text"] for r in records_of(marked)] == ["80"]
    nlp = spacy.blank("zh")
    text, spans = annotated(marked)
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    assert [(r["value_text"], r["indicator"]) for r in extract(doc, unlinked=True)] == [("500", None), ("80", "技改项目")]


def test_extract_is_exported_lazily():
    assert zhibiao.extract is extract


def test_missing_model_is_a_clear_error(tmp_path, monkeypatch):
    missing = tmp_path / "no-model"
    monkeypatch.setenv("ZHIBIAO_MODEL", str(missing))
    with pytest.raises(ModelNotFoundError, match="no-model"):
        load_pipeline()
    with pytest.raises(ModelNotFoundError, match="ZHIBIAO_MODEL"):
        extract("地区生产总值增长6%。")


def test_pipeline_is_loaded_once_and_gets_a_linker(tmp_path):
    nlp = rules_pipeline(RULES, linker=False)  # saved without a linker, as a trained NER pipeline would be
    nlp.to_disk(tmp_path / "m")
    first = load_pipeline(tmp_path / "m")
    assert first is load_pipeline(str(tmp_path / "m"))
    assert first.pipe_names == ["zhibiao_rules", "zhibiao_linker"]


def test_write_records_csv_and_jsonl(tmp_path):
    records = records_of("[[报会上市|I]][[2-3|V]][[家|U]]")
    write_records(tmp_path / "r.jsonl", records)
    assert json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))["value"] == [2.0, 3.0]
    write_records(tmp_path / "r.csv", records)
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("doc_id,place,year,kind,indicator,value_text,value,unit")
    assert "报会上市,2-3,\"[2.0, 3.0]\",家" in lines[1]
    with pytest.raises(ValueError, match=".csv or .jsonl"):
        write_records(tmp_path / "r.xlsx", records)


def test_extract_reads_traditional_characters_as_clean_does(rules_nlp):
    # a report pasted in traditional characters gives the records its simplified text gives
    traditional = extract("全市地區生產總值達到85.6億元，增長6.5%。", rules_nlp)
    simplified = extract("全市地区生产总值达到85.6亿元，增长6.5%。", rules_nlp)
    assert [(r["indicator"], r["value"], r["unit"]) for r in traditional] == \
        [(r["indicator"], r["value"], r["unit"]) for r in simplified] == \
        [("地区生产总值", 85.6, "亿元"), ("地区生产总值", 6.5, "%")]


def test_a_full_width_unit_is_the_same_unit(rules_nlp):
    records = extract("全市地区生产总值增长６．５％，城镇登记失业率２．８％。", rules_nlp)
    assert [(r["value_text"], r["value"], r["unit"]) for r in records] == [("６．５", 6.5, "%"), ("２．８", 2.8, "%")]


@pytest.mark.parametrize("nlp", ["training/model-final", RULES, object()])
def test_extract_names_an_nlp_that_is_no_loaded_pipeline(nlp):
    with pytest.raises(TypeError, match=r"nlp is a loaded pipeline \(zhibiao.extraction.load_pipeline\(path\)\), "
                                        rf"not {type(nlp).__name__}$"):
        extract("地区生产总值增长6%左右。", nlp=nlp)


def test_extract_refuses_a_pipeline_without_zhibiao_recognisers():
    english = spacy.blank("en")
    english.add_pipe("ner").add_label("ORG")
    for nlp, components in ((spacy.blank("zh"), "none"), (english, "ner")):
        with pytest.raises(ValueError, match=rf"neither zhibiao_rules nor a recogniser .* \(its components: {components}\)"):
            extract("地区生产总值增长6%左右。", nlp=nlp)


@pytest.mark.parametrize("argument, error, fragment", [
    (None, TypeError, "not NoneType"),
    (b"\xe5\xa2\x9e", TypeError, "decode the bytes first"),
    ("增长\ud800", ValueError, r"lone surrogate U\+D800 at position 2"),
    ("增长\x006%", ValueError, "NUL character at position 2"),
    # what clean removes: kept, it cut 1200 to 200 or 00, or the % from its 6
    ("全区地区生产总值达到1\u200b200亿元。", ValueError, r"invisible character U\+200B at position 11"),
    ("全区地区生产总值达到12\ufeff00亿元。", ValueError, r"invisible character U\+FEFF at position 12"),
    ("地区生产总值增长6\xad%左右。", ValueError, r"invisible character U\+00AD at position 9.*clean_text"),
])
def test_extract_names_an_argument_it_cannot_read(rules_nlp, argument, error, fragment):
    with pytest.raises(error, match=fragment):
        extract(argument, rules_nlp)
    with pytest.raises(TypeError, match="meta is a dict"):
        extract("增长6%", rules_nlp, meta="x")
    with pytest.raises(TypeError, match=r"meta\['year'\] is a year \(int\), not 'abc'"):
        extract("增长6%", rules_nlp, meta={"year": "abc"})
    for year in (-5, 1900, 3000):
        with pytest.raises(ValueError, match=rf"meta\['year'\] is {year}, outside 1949–\d{{4}}: the year of the report"):
            extract("增长6%", rules_nlp, meta={"year": year})


@pytest.mark.parametrize("text, values", [
    ("居民收入增长5%-6%。", [(5.0, "%"), (6.0, "%")]),  # the dash after a unit joins two values: 6 is not -6
    ("居民收入增长５％－６％。", [(5.0, "%"), (6.0, "%")]),
    ("税收收入3亿元-5亿元。", [(3.0, "亿元"), (5.0, "亿元")]),
    ("居民收入增长５－６％。", [([5.0, 6.0], "%")]),  # a full-width range is a range, not None
    ("规上工业增加值增长８～１０％。", [([8.0, 10.0], "%")]),
    ("工业投资增长-3%,-5%以内。", [(-3.0, "%"), (-5.0, "%")]),  # after a comma the sign stays
])
def test_a_range_dash_after_a_unit_and_a_full_width_range(rules_nlp, text, values):
    assert [(record["value"], record["unit"]) for record in extract(text, rules_nlp)] == values


def test_normalise_value_folds_full_width():
    assert normalise_value("５－６") == [5.0, 6.0] and normalise_value("１０～１５") == [10.0, 15.0]


@pytest.mark.parametrize("text, values", [
    ("固定资产投资增长\u22123.5%。", [(-3.5, "%")]),  # MINUS SIGN: was 3.5, the sign lost
    ("固定资产投资增长\u20133.5%。", [(-3.5, "%")]),  # an en dash for the sign
    ("固定资产投资增长\ufe633.5%。", [(-3.5, "%")]),
    ("地区生产总值增长3\u20135%。", [([3.0, 5.0], "%")]),  # an en dash between numbers: a range (was 5)
    ("地区生产总值增长6\ufe6a。", [(6.0, "%")]),  # a small percent sign: was no record
])
def test_minus_signs_and_dashes_a_word_processor_writes_read_as_a_hyphen(rules_nlp, text, values):
    assert [(record["value"], record["unit"]) for record in extract(text, rules_nlp)] == values


@pytest.mark.parametrize("text", ["", " ", "\u3000"])
def test_nothing_is_no_number(text):
    assert parse_number(text) is None  # not 一 (1), as a bare magnitude reads
