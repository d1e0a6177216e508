"""INDICATOR boundary repair (ANNOTATION.md: leading verbs, time words and trailing change words stay out)
and dropping INDICATORs that no VALUE measures."""

import pytest
import spacy

from zhibiao.boundaries import listed_words, repair_indicator


def repaired(patterns, text: str) -> str:
    start, end = repair_indicator(text, 0, len(text), frozenset(patterns.leading_words), patterns.trailing_words,
                                  patterns.repair_leading_tags, patterns.repair_trailing_tags)
    return text[start:end]


@pytest.mark.parametrize("span, expected", [
    ("培养高技能人才", "高技能人才"),  # a verb no list names: jieba tags it
    ("完成进出口", "进出口"),
    ("落实中央八项规定", "中央八项规定"),  # a listed leading verb jieba does not tag as one
    ("荣获国家卫生城市", "国家卫生城市"),
    ("工业增加值跃上", "工业增加值"),  # trailing change word
    ("社会消费品零售总额调整优化", "社会消费品零售总额"),  # a listed change word jieba cuts in two
    ("技改项目不少于", "技改项目"),  # trailing adverb + preposition
    ("空气质量优良天数比例提升", "空气质量优良天数比例"),
    ("重点产业链,", "重点产业链"),  # edge punctuation
    ("国家高企、", "国家高企"),
    ("“12345”热线满意率", "“12345”热线满意率"),  # an owned quote stays
    ("新增就业", "就业"),  # the decision in ANNOTATION.md: 新增就业 gives 就业
    ("城镇新增就业", "城镇新增就业"),  # a fixed statistical term: nothing leads or trails it
    ("实际利用外资", "实际利用外资"),
    ("居家适老化改造", "居家适老化改造"),  # the whole phrase when the count follows
    ("总投资", "总投资"),  # token-aligned: 总 is not stripped out of a word
    ("经济适用房等保障性住房需求", "保障性住房需求"),  # `X等 + head`: the head only
    ("高等教育毛入学率", "高等教育毛入学率"),  # 等 inside a word is no list
    ("冲刺", ""),  # a listed verb alone names no quantity: no INDICATOR (ANNOTATION.md)
    ("解决率", "解决率"),  # one character is no name: the verb stays with 率
    ("轨道交通客运量日均", "轨道交通客运量"),  # 日均 after the name says how the value is counted
    ("上缴税费", "税费"),
    ("二季度开工率", "开工率"),  # a quarter dates the value (a subject word)
    ("降低经营主体成本", "经营主体成本"),
    ("限额以上网上零售额逆势", "限额以上网上零售额"),  # how the change went, before the change word
    ("茶业集群产值重回", "茶业集群产值"),
    ("医保参保人群扩面", "医保参保人群"),
    ("涉企证明事项再精简", "涉企证明事项"),
])
def test_repair_indicator(patterns, span, expected):
    assert repaired(patterns, span) == expected


@pytest.mark.parametrize("text, span, expected", [
    ("年内引进长三角地区项目80个", "角地区项目", "长三角地区项目"),  # a start inside a word goes back to its start
    ("村集体收入平均达到200万元", "村集体收入平", "村集体收入"),  # an end inside a non-noun goes back
    # an end before a listed change word that jieba joins to the name stays (`结构调整` is one jieba word)
    ("三次产业结构调整为9.7:47.3:43", "三次产业结构", "三次产业结构"),
])
def test_edges_inside_a_word_move_to_word_boundaries(patterns, text, span, expected):
    start = text.index(span)
    a, b = repair_indicator(text, start, start + len(span), frozenset(patterns.leading_words), patterns.trailing_words,
                            patterns.repair_leading_tags, patterns.repair_trailing_tags)
    assert text[a:b] == expected


def test_edges_never_move_into_a_neighbouring_entity(patterns):
    text = "年内引进长三角地区项目80个"
    start = text.index("角地区项目")
    a, b = repair_indicator(text, start, start + 5, frozenset(patterns.leading_words), patterns.trailing_words,
                            patterns.repair_leading_tags, patterns.repair_trailing_tags, low=start)
    assert a >= start


def repaired_names(repairing, text: str, span: str) -> list[str]:
    """The INDICATORs after the rule component repairs a model's INDICATOR `span` of `text`."""
    nlp, rules = repairing
    doc = nlp.make_doc(text)
    start = text.index(span)
    doc.ents = [doc.char_span(start, start + len(span), label="INDICATOR")]
    return [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"]


@pytest.fixture()
def repairing(rules_data):
    """The rule component after a model: the rules own VALUE and UNIT, and repair INDICATOR entities."""
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["VALUE", "UNIT"], "fill_labels": []}})
    rules.initialize(patterns=rules_data)
    return nlp, rules


def test_repair_runs_on_model_entities_in_the_rule_component(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("培养高技能人才2000人。")
    doc.ents = [doc.char_span(0, 7, label="INDICATOR")]  # a model's span with the verb in it
    assert [(e.text, e.label_) for e in rules(doc).ents] == [("高技能人才", "INDICATOR"), ("2000", "VALUE"), ("人", "UNIT")]


def test_after_a_count_that_comes_first_the_activity_is_left_out(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("完成11条支流支浜消劣。")
    doc.ents = [doc.char_span(5, 11, label="INDICATOR")]  # 支流支浜消劣
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["支流支浜"]
    doc = nlp.make_doc("完成26座换热站智能化改造。")  # a model's span with the activity's manner in it
    doc.ents = [doc.char_span(5, 11, label="INDICATOR")]  # 换热站智能化
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["换热站"]
    doc = nlp.make_doc("完成居家适老化改造1200户。")  # the count follows: the whole phrase
    doc.ents = [doc.char_span(2, 9, label="INDICATOR")]
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["居家适老化改造"]


@pytest.mark.parametrize("text, span", [
    ("可再生能源装机占比保持在95%以上。", "可再生能源装机占比"),  # 可 reads as a verb; it defines the name
    ("初信初访一次性化解率达到90%。", "初信初访一次性化解率"),
])
def test_a_defining_word_that_reads_as_a_verb_stays(repairing, text, span):
    assert repaired_names(repairing, text, span) == [span]


@pytest.mark.parametrize("text, word", [
    ("规上工业利润总额增长-4.1%，降幅较一季度收窄3.2个百分点。", "降幅"),
    ("全县地区生产总值增长6.1%，增速高于全市0.7个百分点。", "增速"),
])
def test_a_bare_fall_or_rise_names_nothing(repairing, text, word):
    assert word not in repaired_names(repairing, text, word)  # a model's span: the growth of the name before


def test_a_conversion_after_a_name_is_no_part_of_it(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("归国侨胞捐赠折合人民币3200万元。")
    doc.ents = [doc.char_span(0, 11, label="INDICATOR")]  # a model's span with 折合人民币 in it
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["归国侨胞捐赠"]


def test_a_name_that_stops_short_takes_the_modifiers_before_it(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("完成进出口19亿美元、实际利用外资1.2亿美元。")
    start = doc.text.index("利用外资")
    doc.ents = [doc.char_span(start, start + 4, label="INDICATOR")]  # a model's span without 实际
    assert "实际利用外资" in [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"]


@pytest.mark.parametrize("text, span, expected", [
    ("规模以上工业增加值增长8%。", "工业增加值", "规模以上工业增加值"),  # other provinces' 规模以上 (规上)
    ("实施500万元以上技改项目80个。", "技改项目", "技改项目"),  # a threshold with its own VALUE stays out
])
def test_a_locative_joins_only_with_the_modifier_before_it(repairing, text, span, expected):
    nlp, rules = repairing
    doc = nlp.make_doc(text)
    start = text.index(span)
    doc.ents = [doc.char_span(start, start + len(span), label="INDICATOR")]
    assert expected in [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"]


@pytest.mark.parametrize("text, span, expected", [
    # a subject or time word jieba cuts apart (`全`+`旗`, `各地`+`市`, `全`+`年发电量`) stays out
    ("全旗一般公共预算收入完成18.7亿元。", "一般公共预算收入", "一般公共预算收入"),
    ("各地市地区生产总值均增长5%以上。", "地区生产总值", "地区生产总值"),
    ("全年发电量达到386亿千瓦时。", "发电量", "发电量"),
    # a named company, port or park that is the subject stays out (ANNOTATION.md: 磊达集团【应税销售】)
    ("鸿远集团营业收入突破300亿元。", "鸿远集团营业收入", "营业收入"),
    ("青川港货物吞吐量突破8000万吨。", "青川港货物吞吐量", "货物吞吐量"),
    ("北港口岸集装箱吞吐量突破500万标箱。", "北港口岸集装箱吞吐量", "集装箱吞吐量"),
    # a head after a common noun, or inside one word, defines the set
    ("工业园区污水集中处理率达到95%。", "工业园区污水集中处理率", "工业园区污水集中处理率"),
    ("上市公司数量达到12家。", "上市公司数量", "上市公司数量"),
])
def test_the_repair_leaves_subjects_out(repairing, text, span, expected):
    assert repaired_names(repairing, text, span) == [expected]


@pytest.mark.parametrize("text, span", [
    ("普惠小微贷款余额增长23%,高于各项贷款增速9.2个百分点。", "高于各项贷款增速"),
    ("服务贸易进出口增长18%,比货物贸易高7个百分点。", "比货物贸易高"),
    # what comes right after a comparison, a subject word aside, is what the value is compared with
    ("沙溪镇增速达到11.3%,比全市平均水平高出4.5个百分点。", "平均水平高出"),
    ("开发区亩均税收达到41.3万元,高出全市平均水平12.8万元。", "平均水平"),
    # what caused a change is no name either (`受…影响`), whatever part of it a model marks
    ("工业用电量42.6亿千瓦时,受棉价下行影响同比下降3.5%。", "受棉价"),
    ("港口吞吐量1.2亿吨,受航线调整等因素影响下降2.1%。", "航线调整"),
])
def test_a_model_span_that_opens_with_a_comparison_is_dropped(repairing, text, span):
    assert repaired_names(repairing, text, span) == []


@pytest.mark.parametrize("text, span, inside", [
    ("工业用电量下降3.5%,受棉价下行影响。", "棉价下行影响", True),
    ("受棉价下行影响,工业用电量下降3.5%。", "工业用电量", False),  # the cause ends before the name
    ("安置受影响群众860户。", "受影响群众", False),  # 影响 inside the name
    ("受益群众达到1.2万人。", "受益群众", False),  # 受 is no word of its own
    ("受益群众人数因受天气影响减少。", "受益群众", False),  # (even with a 影响 later in the clause)
])
def test_in_cause(text, span, inside):
    from zhibiao.comparisons import in_cause

    start = text.index(span)
    assert in_cause(text, start, start + len(span)) is inside


def test_compares_reads_one_character_words_as_jieba_words():
    from zhibiao.comparisons import compares

    words = ("比", "低于")
    assert compares("比货物贸易高", 0, 6, words)
    assert not compares("比重达到", 0, 2, words)  # 比重 is one word
    assert compares("低于全国", 0, 4, words)


def test_a_span_left_naming_no_quantity_is_dropped(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("新增规上工业企业102家、总数达760家。")
    doc.ents = [doc.char_span(2, 8, label="INDICATOR"), doc.char_span(13, 16, label="INDICATOR")]  # 总数达
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["规上工业企业"]


def test_linker_drops_indicators_no_value_measures_only_when_asked():
    text = "推动地区生产总值增长,新增企业5家。"
    for drop, expected in ((False, ["地区生产总值", "企业"]), (True, ["企业"])):
        nlp = spacy.blank("zh")
        linker = nlp.add_pipe("zhibiao_linker", config={"drop_unmeasured": drop})
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(2, 8, label="INDICATOR"), doc.char_span(13, 15, label="INDICATOR"),
                    doc.char_span(15, 16, label="VALUE"), doc.char_span(16, 17, label="UNIT")]
        doc = linker(doc)
        assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == expected
        assert doc._.value_of == [(15, 16, 13, 15)]


def test_listed_words_jieba_joins_count_as_listed():
    words = frozenset({"全面", "完成", "加快", "总"})
    assert listed_words("全面完成", words) and listed_words("完成", words)
    assert not listed_words("全面完", words)  # a piece that is not listed
    assert not listed_words("总", words) and listed_words("总", words, 1)  # one character only when asked


def test_a_defining_modifier_stays_though_jieba_reads_a_verb(repairing):
    nlp, rules = repairing
    doc = nlp.make_doc("脱贫人口人均纯收入增长12%。")
    doc.ents = [doc.char_span(0, 9, label="INDICATOR")]
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["脱贫人口人均纯收入"]
    # without the list the verb goes, as any leading verb jieba tags does
    assert repair_indicator("脱贫人口人均纯收入", 0, 9, frozenset(), frozenset(), frozenset({"v"}), frozenset()) == (2, 9)


@pytest.mark.parametrize("text, model_span, expected", [
    # the rules give the count to the list it joins: the model's noun before the verb would take it
    ("14个项目列入省重点项目。", "项目", [("14", "VALUE"), ("个", "UNIT"), ("省重点项目", "INDICATOR")]),
])
def test_a_model_span_in_a_gap_never_takes_a_count_the_rules_gave_to_a_later_name(rules_data, text, model_span, expected):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"],
        "fill_labels": [], "model_fill_labels": ["INDICATOR"]}})
    rules.initialize(patterns=rules_data)
    doc = nlp.make_doc(text)
    start = text.index(model_span)
    doc.ents = [doc.char_span(start, start + len(model_span), label="INDICATOR")]
    assert [(e.text, e.label_) for e in rules(doc).ents] == expected


def test_a_model_span_after_a_count_fills_the_gap_when_no_rule_name_follows():
    from zhibiao.ruler import make_rule_labels_filter
    combine = make_rule_labels_filter(["INDICATOR", "VALUE", "UNIT"], [], ["INDICATOR"])
    doc = spacy.blank("zh").make_doc("14个项目列入省重点项目。")
    model = [doc.char_span(3, 5, label="INDICATOR")]
    counts = [doc.char_span(0, 2, label="VALUE"), doc.char_span(2, 3, label="UNIT")]
    assert [e.text for e in combine(model, counts)] == ["14", "个", "项目"]
    title = [doc.char_span(7, 12, label="INDICATOR")]
    assert [e.text for e in combine(model, counts + title)] == ["14", "个", "省重点项目"]


def test_the_repair_keeps_a_kept_word_jieba_cuts_apart(rules_data):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT"], "fill_labels": []}})
    rules.initialize(patterns=rules_data)
    # jieba reads 占 + 比 (a verb and a preposition); ANNOTATION.md: a bare 【占比】 is its own INDICATOR
    assert [e.text for e in nlp("其中民间投资186亿元，占比42%。").ents if e.label_ == "INDICATOR"] == ["民间投资", "占比"]


@pytest.mark.parametrize("text, span, expected", [
    ("高新技术产业产值占比达62%", "高新技术产业产值占比", "高新技术产业产值占比"),  # jieba: 占 + 比达 (a name it guesses)
    ("森林火灾受害率控制在0.3‰以内", "森林火灾受害率", "森林火灾受害率"),  # jieba: 受害 + 率控制
    ("村集体收入平均达到200万元", "村集体收入平", "村集体收入"),  # 平均 is a word: no cut inside it
])
def test_an_end_before_a_change_word_jieba_joins_to_it_stays(patterns, text, span, expected):
    from zhibiao.boundaries import snapped_to_words
    start = text.index(span)
    a, b = snapped_to_words(text, start, start + len(span), 0, len(text), patterns.trailing_words, patterns.subject_words)
    assert text[a:b] == expected


def test_a_bare_growth_before_a_comparison_is_the_name_before_it(rules_data):  # ANNOTATION.md (增速, 增幅, 降幅)
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT"], "fill_labels": []}})
    rules.initialize(patterns=rules_data)
    doc = nlp("外贸进出口总额同比增长9.4%，增速高于全国7.6个百分点。")
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["外贸进出口总额"]


@pytest.mark.parametrize("text, expected", [
    ("葛岙镇实际使用外资", 3),
    ("岚溪街道规上工业总产值", 4),
    ("工业园区产值", None),  # 工业 is a common noun: a kind of park
    ("老旧小区改造", None),
    ("新建市级创新联合体", None),  # 新建 is a county's name too, but jieba reads 市级: the head ends no word
])
def test_a_named_place_is_a_name_and_a_head_that_ends_a_word(text, expected):
    from zhibiao.boundaries import named_place_end

    assert named_place_end(text, 0, len(text), ("街道", "县", "区", "市", "镇", "乡", "旗"),
                           frozenset({"nr", "nrt", "ns", "nz", "nt", "j"})) == expected


def test_the_repair_never_extends_a_name_over_the_head_of_a_place(repairing):
    # `沂岭市、岱溪市【地区生产总值】分别…`: 市 ends the place, it modifies nothing after it
    nlp, rules = repairing
    text = "沂岭市、岱溪市地区生产总值分别达到1.72万亿元、1.64万亿元。"
    doc = nlp.make_doc(text)
    start = text.index("地区生产总值")
    doc.ents = [doc.char_span(start, start + 6, label="INDICATOR")]
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["地区生产总值"]


def test_only_places_reads_a_list_of_named_places():
    from zhibiao.boundaries import only_places

    heads, tags = ("街道", "县", "区", "市", "镇"), frozenset({"nr", "ns", "nz", "j"})
    assert only_places("沂澜市、岱屏市地区生产总值", 0, 7, heads, tags)
    assert not only_places("工业园区产值", 0, 4, heads, tags)


def test_a_model_span_that_is_the_base_of_a_share_is_dropped(repairing):
    # ANNOTATION.md: a share of a named base without 比重 measures the subject (`占【1/5】以上`)
    nlp, rules = repairing
    text = "民营规上工业企业达到1862家，占全市规上工业企业的93.5%。"
    doc = nlp.make_doc(text)
    start = text.index("规上工业企业的")
    doc.ents = [doc.char_span(0, 8, label="INDICATOR"), doc.char_span(start, start + 6, label="INDICATOR")]
    assert [e.text for e in rules(doc).ents if e.label_ == "INDICATOR"] == ["民营规上工业企业"]


def test_the_repair_never_widens_a_name_the_rules_proposed(rules_data):
    # the rules cut the shared head off the last item; jieba's word 农村居民 must not carry the repair past it
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"],
        "fill_labels": [], "model_fill_labels": ["INDICATOR"]}})
    rules.initialize(patterns=rules_data)
    text = "城镇、农村居民人均可支配收入分别达到5万元、3万元。"
    doc = rules(nlp.make_doc(text))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["城镇", "农村"]
    # nor cuts off what became of projects, where the rules kept it as the set a rate is of (ANNOTATION.md)
    doc = rules(nlp.make_doc("新签约亿元以上项目当年开工率达到60%。"))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["新签约亿元以上项目当年开工率"]


def test_repair_keeps_a_name_whose_first_word_jieba_tags_a_verb(repairing):
    # 信访 is a verb to jieba: stripped as one, it would leave 总量, which names nothing, and drop the name
    nlp, rules = repairing
    doc = nlp.make_doc("信访总量下降12.6%。")
    doc.ents = [doc.char_span(0, 4, label="INDICATOR")]
    assert [(e.text, e.label_) for e in rules(doc).ents] == [("信访总量", "INDICATOR"), ("12.6", "VALUE"), ("%", "UNIT")]
