"""The VALUE → INDICATOR linker: one case per pairing rule of ANNOTATION.md, and the spaCy component."""

import re

import pytest
import spacy

import zhibiao.linker  # noqa: F401  (registers zhibiao_linker)
import zhibiao.ruler  # noqa: F401  (registers zhibiao_rules)
from zhibiao.annotations import make_record
from zhibiao.evaluate import score_records
from zhibiao.linker import link, unit_of
from zhibiao.records import doc_records
from zhibiao.spans import value_of

MARK = re.compile(r"\[\[(.+?)\|([IVUP])\]\]")
LABELS = {"I": "INDICATOR", "V": "VALUE", "U": "UNIT", "P": "PROJECT"}


def annotated(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`新增[[产值|I]][[30|V]]…` → the plain text and its (start, end, label) spans."""
    text, spans, position = "", [], 0
    for match in MARK.finditer(marked):
        text += marked[position:match.start()]
        spans.append((len(text), len(text) + len(match.group(1)), LABELS[match.group(2)]))
        text += match.group(1)
        position = match.end()
    return text + marked[position:], spans


def pairs(marked: str) -> set[tuple[str, str]]:
    """(value, indicator) surfaces the linker pairs in a marked sentence."""
    text, spans = annotated(marked)
    return {(text[spans[v][0]:spans[v][1]], text[spans[i][0]:spans[i][1]]) for v, i in link(text, spans)}


def test_nearest_indicator_before_in_its_clause():
    assert pairs("[[地区生产总值|I]]增长[[6|V]][[%|U]]以上,[[一般公共预算收入|I]]增长[[5|V]][[%|U]]") == {
        ("6", "地区生产总值"), ("5", "一般公共预算收入")}


def test_several_values_of_one_indicator():
    assert pairs("[[地区生产总值|I]]达到[[4763|V]][[亿元|U]]、年均增长[[5.8|V]][[%|U]]") == {
        ("4763", "地区生产总值"), ("5.8", "地区生产总值")}


def test_count_first_measures_the_noun_after_it():
    assert pairs("打造[[100|V]][[个|U]][[政务服务“好办”“快办”场景|I]]") == {("100", "政务服务“好办”“快办”场景")}


def test_count_first_wins_over_an_indicator_before_it():
    assert pairs("抓实[[4|V]][[个|U]][[列省|I]]、[[53|V]][[个|U]][[列盐城重大项目|I]]") == {
        ("4", "列省"), ("53", "列盐城重大项目")}


def test_total_after_increment_goes_to_the_same_indicator():
    assert pairs("新增[[规上工业企业|I]][[102|V]][[家|U]]、总数达[[760|V]][[家|U]]") == {
        ("102", "规上工业企业"), ("760", "规上工业企业")}


def test_each_gives_one_value_to_every_listed_indicator():
    assert pairs("新增[[国家级博士后科研工作站|I]]、[[省级博士后创新实践基地|I]]各[[2|V]][[家|U]]") == {
        ("2", "国家级博士后科研工作站"), ("2", "省级博士后创新实践基地")}


def test_jun_also_gives_one_value_to_every_listed_indicator():
    assert pairs("其中[[国家高企|I]]、[[“小巨人”新增数|I]]均占盐城[[1/5|V]]以上") == {
        ("1/5", "国家高企"), ("1/5", "“小巨人”新增数")}


def test_annual_average_is_not_each():
    # 年均 is a rate word; only the indicator right before takes the value.
    assert pairs("[[产值|I]]、[[一般公共预算收入|I]]年均增长[[3.5|V]][[%|U]]") == {("3.5", "一般公共预算收入")}


def test_respectively_maps_a_list_of_values_onto_a_list_of_indicators():
    assert pairs("[[油料|I]]、[[水产|I]]、[[蔬菜|I]]产量分别达[[1.3|V]][[万吨|U]]、[[4.5|V]][[万吨|U]]、[[52|V]][[万吨|U]]") == {
        ("1.3", "油料"), ("4.5", "水产"), ("52", "蔬菜")}


def test_respectively_looks_back_to_earlier_clauses():
    marked = ("[[实际利用外资|I]][[6070|V]][[万美元|U]]、完成[[进出口|I]][[16.7|V]][[亿美元|U]],"
              "分别增长[[25|V]][[%|U]]、[[10|V]][[%|U]]")
    assert pairs(marked) == {("6070", "实际利用外资"), ("16.7", "进出口"), ("25", "实际利用外资"), ("10", "进出口")}


def test_respectively_skips_the_noun_a_count_already_measures():
    marked = ("[[集成电路|I]]、[[晶硅光伏|I]]、[[风电装备|I]]等[[3|V]][[条|U]][[重点产业链|I]]"
              "分别增长[[40.3|V]][[%|U]]、[[39.7|V]][[%|U]]、[[38.3|V]][[%|U]]")
    assert pairs(marked) == {("3", "重点产业链"), ("40.3", "集成电路"), ("39.7", "晶硅光伏"), ("38.3", "风电装备")}


def test_respectively_with_one_indicator_gives_it_every_value():
    assert pairs("[[城乡居民人均收入|I]]分别增长[[5.8|V]][[%|U]]、[[7.1|V]][[%|U]]") == {
        ("5.8", "城乡居民人均收入"), ("7.1", "城乡居民人均收入")}


def test_respectively_with_one_value_gives_it_to_every_indicator():
    marked = "[[高端装备制造|I]]、[[新材料|I]][[两|V]][[个|U]][[产业集群|I]]分别突破[[千|V]][[亿元|U]]"
    assert pairs(marked) == {("两", "产业集群"), ("千", "高端装备制造"), ("千", "新材料")}


def test_threshold_inside_a_modifier_gets_no_indicator():
    assert pairs("实施[[500|V]][[万元|U]]以上[[技改项目|I]][[80|V]][[个|U]]") == {("80", "技改项目")}


def test_threshold_without_a_threshold_word_is_found_by_the_count_after_the_noun():
    assert pairs("新增[[产值|I]][[30|V]][[亿元|U]][[企业|I]][[1|V]][[家|U]]") == {("30", "产值"), ("1", "企业")}


def test_threshold_alternatives_are_read_as_one():
    marked = "引进[[投资|I]]超[[30|V]][[亿元|U]]或[[3|V]][[亿美元|U]][[项目|I]][[6|V]][[个|U]]"
    assert pairs(marked) == {("30", "投资"), ("3", "投资"), ("6", "项目")}


def test_age_threshold_inside_a_counted_noun():
    marked = "为[[5.8|V]][[万名|U]][[80|V]][[周岁|U]]以上[[老人|I]]购买居家养老服务"
    assert pairs(marked) == {("5.8", "老人")}


def test_no_indicator_no_pair():
    assert pairs("开工[[248|V]][[个|U]],竣工投产[[141|V]][[个|U]]") == set()


def test_clause_without_indicator_continues_the_previous_one():
    assert pairs("新增[[有效发明专利|I]][[735|V]][[件|U]],比2019年之前总量多[[137|V]][[件|U]]") == {
        ("735", "有效发明专利"), ("137", "有效发明专利")}


def test_clause_without_indicator_measures_the_unmeasured_one_before_it():
    assert pairs("[[县域经济总量|I]]五年翻一番,达到[[1280|V]][[亿元|U]]") == {("1280", "县域经济总量")}
    # one a value already measures in between is not taken back
    assert pairs("[[县域经济总量|I]]五年翻一番,[[工业投资|I]]增长[[5|V]][[%|U]],达到[[1280|V]][[亿元|U]]") == {
        ("5", "工业投资"), ("1280", "工业投资")}


def test_value_modifying_an_unlabelled_noun_does_not_continue_the_previous_clause():
    marked = "[[亿元以上项目|I]]超[[100|V]][[个|U]],持续突破[[百|V]][[亿|U]]级、[[50|V]][[亿|U]]级重特大项目"
    assert pairs(marked) == {("100", "亿元以上项目")}


def test_first_indicator_after_when_none_before():
    assert pairs("[[5|V]][[家|U]]企业获评[[省级瞪羚企业|I]]") == {("5", "省级瞪羚企业")}


def test_unit_is_the_unit_right_after_the_value_with_yu_between():
    text, spans = annotated("[[7500|V]]余[[户|U]]、[[3|V]]个")
    assert unit_of(text, spans) == {0: 1}


def test_unit_after_spaces_is_the_values_unit():
    text, spans = annotated("[[123.4|V]] [[亿元|U]]、[[3|V]] 余 [[户|U]]、[[5|V]]，个")
    assert unit_of(text, spans) == {0: 1, 2: 3}


# ---------------------------------------------------------------- the spaCy component

def _doc_with_ents(nlp, marked: str):
    text, spans = annotated(marked)
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    return doc


def _pairs(doc) -> list[tuple[str, str]]:
    return [(doc.text[vs:ve], doc.text[is_:ie]) for vs, ve, is_, ie in value_of(doc)]


def test_component_sets_value_of_offsets_and_records_follow():
    nlp = spacy.blank("zh")
    linker = nlp.add_pipe("zhibiao_linker")
    doc = linker(_doc_with_ents(nlp, "新增[[国家级博士后科研工作站|I]]、[[省级博士后创新实践基地|I]]各[[2|V]][[家|U]]。"))
    assert doc._.value_of == [(26, 27, 2, 13), (26, 27, 14, 25)]  # plain offsets: they serialise
    assert _pairs(doc) == [("2", "国家级博士后科研工作站"), ("2", "省级博士后创新实践基地")]
    assert [(r["indicator"], r["value"], r["unit"], r["change"]) for r in doc_records(doc)] == [
        ("国家级博士后科研工作站", 2.0, "家", "新增"), ("省级博士后创新实践基地", 2.0, "家", "新增")]


def test_component_survives_saving(tmp_path, rules_nlp):
    rules_nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["zhibiao_rules", "zhibiao_linker"]
    doc = loaded("地区生产总值增长6%以上,一般公共预算收入增长5%。")
    assert set(_pairs(doc)) == {("6", "地区生产总值"), ("5", "一般公共预算收入")}
    assert [r["indicator"] for r in doc_records(doc)] == ["地区生产总值", "一般公共预算收入"]


def test_component_reads_the_span_group_it_is_given_and_only_that():
    nlp = spacy.blank("zh")
    linker = nlp.add_pipe("zhibiao_linker", config={"spans_key": "sc"})
    text, spans = annotated("[[地区生产总值|I]]增长[[6|V]][[%|U]]")
    doc = nlp.make_doc(text)
    doc.spans["sc"] = [doc.char_span(s, e, label=label) for s, e, label in spans]
    assert _pairs(linker(doc)) == [("6", "地区生产总值")]
    ents_linker = spacy.blank("zh").add_pipe("zhibiao_linker")
    assert ents_linker(doc)._.value_of == []  # doc.ents is empty: the span group is not read


# ---------------------------------------------------------------- record scores

def _gold(marked: str, relations: list[tuple[int, int]], sent_id: int = 0) -> dict:
    text, spans = annotated(marked)
    return make_record("r-2024", sent_id, text, {}, spans, relations)


def test_record_score_on_gold_spans_counts_a_wrong_link():
    right = _gold("[[地区生产总值|I]]增长[[6|V]][[%|U]]", [(1, 0)])
    # The gold says 30 measures 产值 and 1 measures 企业; a gold that links 30 to 企业 disagrees with the linker.
    disagreeing = _gold("新增[[产值|I]][[30|V]][[亿元|U]][[企业|I]][[1|V]][[家|U]]", [(1, 3), (4, 3)], sent_id=1)
    result = score_records([right, disagreeing])
    assert result["input"] == "gold spans"
    assert result["records"]["tp"] == 2  # 6 → 地区生产总值, 1 → 企业
    assert result["records"]["fn"] == 1 and result["records"]["fp"] == 1
    assert {(e["side"], e["indicator"], e["value"]) for e in result["errors"]} == {("fn", "企业", "30"), ("fp", "产值", "30")}


def test_record_score_on_predicted_spans_uses_the_pipeline(rules_data):
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhibiao_rules").initialize(patterns=rules_data)  # no linker: score_records adds it
    gold = _gold("[[地区生产总值|I]]增长[[6|V]][[%|U]]以上", [(1, 0)])
    result = score_records([gold], nlp)
    assert result["input"] == "predicted spans"
    assert result["records"]["tp"] == 1 and result["records"]["f"] == pytest.approx(1.0)
    assert "zhibiao_linker" in nlp.pipe_names


def test_the_components_share_one_reading_of_the_text_and_leave_none_behind():
    from pathlib import Path

    import spacy

    from zhibiao.ruler import rules_pipeline
    from zhibiao.spans import doc_text

    nlp = rules_pipeline(Path(__file__).parents[1] / "configs" / "rules.json")
    doc = nlp("地区生产总值增长6%。")
    assert "zhibiao.text" not in doc.user_data  # the linker, last, took it out: nothing extra to serialise
    assert doc._.value_of
    other = spacy.blank("zh")("新增企业5家。")
    other.user_data["zhibiao.text"] = "地区生产总值增长6%。"  # a stale copy from another Doc is not trusted
    assert doc_text(other) == "新增企业5家。"


def test_moved_entities_bounds_each_move_by_its_neighbours_and_drops_on_none():
    import spacy

    from zhibiao.spans import moved_entities

    doc = spacy.blank("zh")("地区生产总值增长6%,居民收入增长5%。")
    doc.ents = [doc.char_span(0, 6, label="INDICATOR"), doc.char_span(8, 9, label="VALUE"),
                doc.char_span(11, 15, label="INDICATOR"), doc.char_span(17, 18, label="VALUE")]
    seen = []

    def move(ent, before, high):
        seen.append((ent.text, before.text if before is not None else None, high))
        return None if ent.text == "居民收入" else doc.char_span(2, 6, label="INDICATOR")

    kept = moved_entities(doc, "INDICATOR", move)
    assert seen == [("地区生产总值", None, 8), ("居民收入", "6", 17)]
    assert [(e.text, e.label_) for e in kept] == [("生产总值", "INDICATOR"), ("6", "VALUE"), ("5", "VALUE")]


def test_a_count_after_nothing_but_what_became_of_projects_has_no_relation():
    # ANNOTATION.md: `开工248个, 竣工投产141个`: nothing is left of the noun once the verb goes
    assert pairs("新开工[[亿元以上项目|I]][[230|V]][[个|U]]、竣工[[180|V]][[个|U]]") == {("230", "亿元以上项目")}
    assert pairs("开工改造[[城镇棚户区|I]][[3860|V]][[套|U]]，基本建成[[2950|V]][[套|U]]") == {("3860", "城镇棚户区")}
    assert pairs("新建[[高标准农田|I]][[4.6|V]][[万亩|U]]、改造提升[[2.2|V]][[万亩|U]]") == {("4.6", "高标准农田")}
    # a total of the same kind, a change, or a count before a named set still pair
    assert pairs("新建[[高标准农田|I]][[12.6|V]][[万亩|U]]，累计建成[[186|V]][[万亩|U]]") == {
        ("12.6", "高标准农田"), ("186", "高标准农田")}
    assert pairs("推出[[制度创新案例|I]][[22|V]][[项|U]]，其中[[3|V]][[项|U]]被评为[[优秀案例|I]]") == {
        ("22", "制度创新案例"), ("3", "优秀案例")}


def test_a_milestone_measures_the_indicator_before_it():
    # ANNOTATION.md: `【工业开票销售】突破【600】【亿元】大关`, here in a clause of its own
    assert pairs("[[规上工业营业收入|I]]达到[[6128|V]][[亿元|U]]，首次突破[[6000|V]][[亿元|U]]大关") == {
        ("6128", "规上工业营业收入"), ("6000", "规上工业营业收入")}
