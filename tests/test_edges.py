"""The INDICATOR edge model (zhibiao.edges) and its component `zhibiao_indicator_edges`."""

import re

import pytest
import spacy
import srsly
from conftest import ROOT

from zhibiao.assemble import CANDIDATES, candidate_config
from zhibiao.crossval import fold_edge_models
from zhibiao.edge_features import can_end, can_start, end_features, start_features
from zhibiao.edges import EdgeWords, best_end, best_start, fit, known_name_start, start_window, training_rows
from zhibiao.indicator_edges import IndicatorEdges

FINAL = ROOT / "configs" / "final.cfg"

MARK = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


def line(text: str, doc_id: str = "a-2024", sent_id: int = 0) -> dict:
    """A gold line from marked text: [INDICATOR], {VALUE}."""
    entities, plain, position = [], "", 0
    for match in MARK.finditer(text):
        plain += text[position:match.start()]
        name, label = (match.group(1), "INDICATOR") if match.group(1) else (match.group(2), "VALUE")
        entities.append({"id": len(entities), "start_offset": len(plain), "end_offset": len(plain) + len(name),
                         "label": label})
        plain += name
        position = match.end()
    plain += text[position:]
    return {"doc_id": doc_id, "sent_id": sent_id, "text": plain, "entities": entities, "relations": []}


# Invented sentences: a verb the lists do not hold (`盘活`, `施划`) before the indicator, which starts after it.
TRAINING = [
    line("全年盘活[存量用地]{3200}亩", "a-2024", 0),
    line("盘活[闲置厂房]{12}万平方米", "a-2024", 1),
    line("施划[公共停车位]{800}个", "b-2024", 0),
    line("施划[城区停车泊位]{1500}个", "b-2024", 1),
    line("[地区生产总值]增长{6}%", "c-2024", 0),
    line("[城镇居民人均可支配收入]增长{5}%", "c-2024", 1),
]
LEADING = ["新增", "完成"]
TRAILING = ["增长", "达到"]
NAMES = ["地区生产总值", "生产总值"]
WORDS = EdgeWords(frozenset(LEADING), frozenset(TRAILING), frozenset(NAMES))
WORD_DATA = {"leading_words": LEADING, "trailing_words": TRAILING, "indicator_gazetteer": NAMES}


def test_features_name_the_words_at_and_before_the_start():
    text = "全年盘活存量用地3200亩"
    tokens = start_window(text, 8)
    i = next(i for i, token in enumerate(tokens) if token[2] == "存量")
    found = start_features(text, tokens, i, 8, frozenset(["盘活"]))
    assert "word=存量" in found and "word_before=盘活" in found and "leading_word_before" in found
    assert "leading_word" not in found and "window_start" not in found


def test_a_leading_word_jieba_cuts_apart_is_read_in_the_text():
    text = "新设外商投资企业14家"
    words = EdgeWords(frozenset(["新设"]), frozenset(TRAILING), frozenset())
    tokens = start_window(text, 8)
    assert [token[2] for token in tokens[:2]] == ["新", "设"]  # jieba's words: `新设` is no word of its own
    leading = words.leading_positions(text, 0, 8)
    at = {token[0]: i for i, token in enumerate(tokens)}
    assert "leading_word" not in start_features(text, tokens, at[0], 8, words.leading, None, leading)
    assert "leading_text" in start_features(text, tokens, at[0], 8, words.leading, None, leading)
    assert "leading_text_before" in start_features(text, tokens, at[2], 8, words.leading, None, leading)
    assert not {"leading_text", "leading_text_before"} & set(start_features(text, tokens, at[2], 8, words.leading))


def test_a_defining_word_that_opens_with_a_leading_word_is_no_leading_word():
    words = EdgeWords(frozenset(["总", "新增"]), frozenset(TRAILING), frozenset(), frozenset(["总投资"]))
    assert words.leading_positions("新增项目总投资86亿元", 0, 9) == {0, 1}  # 新增, not the 总 of 总投资


def test_end_features_name_the_words_at_and_after_the_end():
    text = "地区生产总值增长6%"
    tokens = [(0, 2, "地区", "n"), (2, 6, "生产总值", "n"), (6, 8, "增长", "v")]
    found = end_features(text, tokens, 1, frozenset(TRAILING), high=8)
    assert "word=生产总值" in found and "word_after=增长" in found and "trailing_word_after" in found
    assert "next_entity" not in found and "next_entity" in end_features(text, tokens, 2, frozenset(TRAILING), high=8)


def test_the_longest_listed_name_ending_at_the_end_is_found():
    text = "全年地区生产总值增长6%"
    assert known_name_start(text, 0, 8, frozenset(NAMES)) == 2
    assert known_name_start(text, 4, 8, frozenset(NAMES)) == 4  # not before the window
    assert known_name_start(text, 0, 7, frozenset(NAMES)) is None
    tokens = start_window(text, 8)
    at = {token[0]: i for i, token in enumerate(tokens)}
    assert "known_name" in start_features(text, tokens, at[2], 8, WORDS.leading, 2)
    assert "known_name_cut" in start_features(text, tokens, at[4], 8, WORDS.leading, 2)


def test_every_gold_indicator_gives_exactly_one_positive_row_per_edge():
    rows = training_rows(TRAINING, WORDS)
    for edge in ("start", "end"):
        features, labels = rows[edge]
        assert sum(labels) == 6 and len(features) == len(labels) > 6


def test_a_fitted_model_starts_after_a_verb_it_learned_from_the_gold():
    model = fit(TRAINING, WORDS)
    text = "盘活存量低效用地500亩"
    assert text[best_start(text, 0, 8, model):8] == "存量低效用地"
    text = "施划新能源停车位300个"
    assert text[best_start(text, 0, 8, model):8] == "新能源停车位"
    assert model["fitted_on"] == {"reports": ["a-2024", "b-2024", "c-2024"], "sentences": 6, "indicators": 6, "c": 1.0}


def test_an_end_moves_only_on_evidence_stronger_than_its_prior():
    model = fit(TRAINING, WORDS)
    text = "地区生产总值增长6%"
    assert best_end(text, 0, 6, model, high=8, prior=3.0) == 6
    assert best_end(text, 0, 2, model, high=8, prior=0.0) == 6  # `地区` alone ends before a noun
    assert best_end(text, 0, 2, model, high=8, prior=1e6) == 2


def test_a_start_never_goes_before_the_entity_ahead():
    model = fit(TRAINING, WORDS)
    text = "新建学校3所新增学位1200个"
    assert best_start(text, 6, 10, model, low=6) >= 6


def test_a_start_is_never_a_joining_word():
    # the start model would score `和` after the leading verb 新建 highly; a name never opens with it
    model = {**fit(TRAINING, WORDS), "start": {"bias": 0.0, "leading_word_before": 5.0}}
    text = "新建和改扩建中小学12所"
    assert text[best_start(text, 0, 9, model):9] != "和改扩建中小学"
    assert can_start("和平路") and not can_start("和") and not can_start("、")


def test_a_name_never_opens_or_closes_with_a_one_character_adverb():
    # `建成后可新增【仓储面积】`, `日供水能力将新增`: 后, 可 and 将 modify the verb, not the name
    assert not can_start("后") and not can_start("可") and can_start("后备箱")
    assert not can_end("将") and can_end("能力")


def test_a_name_never_closes_with_a_qualifier_of_its_value_but_a_threshold_may_open_with_one():
    # ANNOTATION.md: qualifiers stay outside (`研发投入近28亿元`); `超亿元企业` keeps its threshold
    assert not can_end("近") and not can_end("逾") and not can_end("约") and can_end("附近")
    assert can_start("超")


def test_a_start_stays_before_the_list_an_entity_holds():
    # a model that would start after every list comma keeps a whole list the entity was given
    model = {**fit(TRAINING, WORDS), "start": {"bias": 0.0, "leading_word_before": 2.0, "char_before=、": 9.0}}
    text = "新增中小学、幼儿园5所"
    assert best_start(text, 2, 9, model) == 2
    assert best_start(text, 6, 9, model) == 6  # an entity of the last item alone may start there


def test_an_end_never_takes_in_a_comparison_with_an_earlier_time():
    # a model that would end right before the change word keeps 比上年 out all the same
    model = {**fit(TRAINING, WORDS), "end": {"bias": 0.0, "trailing_word_after": 5.0}}
    text = "地区生产总值比上年增长6%"
    assert best_end(text, 0, 6, model, prior=1.0) == 6  # not after 上年, where the change word follows
    assert best_end("地区生产总值较去年同期增长6%", 0, 6, model, prior=1.0) == 6
    assert best_end("地区生产总值增长6%", 0, 2, model, prior=1.0) == 6  # without one the model decides


def test_a_start_never_cuts_off_a_defining_modifier():
    # a model that would start after any verb keeps 留守 with 儿童
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset({"留守"}))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "word_before=关爱": 1.0, "word_before=留守": 5.0}}
    text = "关爱留守儿童1200人"
    assert text[best_start(text, 2, 6, model, words=words):6] == "留守儿童"
    assert text[best_start(text, 2, 6, model, words=WORDS):6] == "儿童"  # without the list the model decides


def test_a_defining_word_jieba_cuts_apart_opens_a_name_whole():
    # jieba reads 和|美乡村: a model that would start at 美 starts at 和 of 和美乡村, never inside it
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset({"和美乡村"}))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "word=美": 5.0, "word=乡村": 5.0, "word=创建": -5.0}}
    text = "创建和美乡村示范村120个"
    assert text[best_start(text, 2, 9, model, words=words):9] == "和美乡村示范村"


def test_a_zone_right_after_a_leading_verb_is_no_subject():
    # `园区` is a subject word (`园区实现营业收入`), but after 建成 it says which roads were built
    words = EdgeWords(frozenset({"建成"}), WORDS.trailing, WORDS.names, frozenset(), ("园区",))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "word=园区": 5.0}}
    assert "建成园区道路16公里"[best_start("建成园区道路16公里", 2, 6, model, words=words):6] == "园区道路"
    assert "园区道路16公里"[best_start("园区道路16公里", 0, 4, model, words=words):4] == "道路"


def test_a_start_is_never_a_subject_or_time_word():
    # a model that would start at the clause's first word leaves out the subject all the same
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset(), ("全市",))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}
    text = "主要目标:全市生产总值增长5.5%"
    assert text[best_start(text, 7, 11, model, words=words):11] == "生产总值"
    assert text[best_start(text, 7, 11, model, words=WORDS):11] == "全市生产总值"  # without the list the model decides


@pytest.mark.parametrize("text, start, end, expected", [
    ("全旗一般公共预算收入完成18.7亿元", 2, 10, "一般公共预算收入"),  # jieba: 全 + 旗
    ("全年发电量达到386亿千瓦时", 2, 5, "发电量"),  # jieba: 全 + 年发电量
])
def test_a_start_is_never_inside_a_subject_or_time_word_jieba_cuts_apart(text, start, end, expected):
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset(), ("全旗", "全年"))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}
    assert text[best_start(text, start, end, model, words=words):end] == expected


@pytest.mark.parametrize("text, end, expected", [
    ("为企业减税降费18.6亿元", 7, "减税降费"),  # the rules and the repair leave the one served out too
    ("为群众挽回经济损失2860万元", 9, "经济损失"),
])
def test_a_start_is_never_at_the_one_a_quantity_serves(text, end, expected):
    model = {**fit(TRAINING, WORDS), "start": {"bias": 0.0, "window_start": 5.0}}  # the model would take the window
    assert text[best_start(text, end - 2, end, model, words=WORDS):end] == expected


def test_a_start_is_never_before_a_title_verb():
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, titles=("列入", "获评"))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}  # the model would take the window
    text = "14个项目列入省重点项目"
    assert text[best_start(text, 7, 12, model, low=3, words=words):12] == "省重点项目"
    assert fit(TRAINING, words)["title_verbs"] == ["列入", "获评"]  # saved with the model
    defining = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset({"入选者"}), titles=("入选",))
    text = "新增国家级人才计划入选者186人"
    assert text[best_start(text, 9, 12, model, words=defining):12] == "新增国家级人才计划入选者"  # 入选 of a noun


def test_a_start_is_never_before_the_examples_of_a_head():
    model = {**fit(TRAINING, WORDS), "start": {"bias": 0.0, "window_start": 5.0}}  # the model would take the window
    text = "引进光伏组件、储能变流器等配套企业20家"
    assert text[best_start(text, 13, 17, model, words=WORDS):17] == "配套企业"


def test_a_start_after_a_value_is_never_at_its_qualifier():
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, qualifiers=("以上",))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}  # the model would take the window
    text = "其中50万元以上的村28个"
    assert text[best_start(text, 9, 10, model, low=6, words=words):10] == "村"
    assert fit(TRAINING, words)["value_qualifiers"] == ["以上"]


def test_a_start_after_a_subject_verb_is_a_feature_of_its_own():
    # the verbs differ from report to report (`接待`, `惠及`, `入驻`): one feature lets the model learn them as a class
    text = "观光带接待游客46万人次"
    tokens = start_window(text, 7)
    i = next(i for i, token in enumerate(tokens) if token[2] == "游客")
    assert "subject_verb_before" in start_features(text, tokens, i, 7, frozenset(), subject_verbs=frozenset(["接待"]))
    assert "subject_verb_before" not in start_features(text, tokens, i, 7, frozenset())
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, subject_verbs=frozenset(["接待"]))
    assert fit(TRAINING, words)["subject_verbs"] == ["接待"]
    assert EdgeWords.from_data(fit(TRAINING, words)).subject_verbs == frozenset(["接待"])


def test_the_given_end_stays_a_candidate_where_jieba_joins_it_to_a_change_word():
    words = EdgeWords(WORDS.leading, WORDS.trailing | {"控制"}, WORDS.names)
    model = {**fit(TRAINING, words), "end": {"bias": 0.0}}  # no preference: the given end wins with its prior
    text = "森林火灾受害率控制在0.3‰以内"
    assert text[0:best_end(text, 0, 7, model, prior=1.0, words=words)] == "森林火灾受害率"  # jieba: 受害 + 率控制


def test_the_one_served_is_no_beneficiary_inside_a_defining_word():
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, frozenset({"为老服务"}))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}
    text = "建成社区综合为老服务中心28家"
    assert text[best_start(text, 2, 12, model, low=2, words=words):12] == "社区综合为老服务中心"


@pytest.mark.parametrize("text, expected", [
    ("完成年度投资计划的126%", "年度投资计划"),  # never ends at a particle
    ("一般公共预算收入同口径增长4%", "一般公共预算收入"),  # the same scope as before is a comparison
])
def test_an_end_is_never_at_a_particle_nor_after_a_comparison(text, expected):
    model = {**fit(TRAINING, WORDS), "end": {"bias": 0.0, "word=的": 9.0, "word=同口径": 9.0}}  # tempting ends
    start = text.index(expected)
    assert text[start:best_end(text, start, start + len(expected), model, prior=1.0, words=WORDS)] == expected


def test_a_start_is_never_before_a_named_company_that_is_the_subject():
    words = EdgeWords(WORDS.leading, WORDS.trailing, WORDS.names, subject_heads=("集团",), name_tags=frozenset({"nr"}))
    model = {**fit(TRAINING, words), "start": {"bias": 0.0, "window_start": 5.0}}
    text = "鸿远集团营业收入突破300亿元"
    assert text[best_start(text, 4, 8, model, words=words):8] == "营业收入"
    assert text[best_start(text, 4, 8, model, words=WORDS):8] == "鸿远集团营业收入"  # without the heads the model decides


def test_an_end_is_never_a_change_word_nor_past_a_comparison_with_another_place():
    # a model that would end at the change word, or past the comparison, if it could
    model = {**fit(TRAINING, WORDS), "end": {"word=开工": 9.0, "word=平均水平": 9.0, "word=改造": 1.0, "word=增速": 1.0}}
    text = "棚户区改造开工1.6万套"
    words = EdgeWords(WORDS.leading, WORDS.trailing | {"开工"}, WORDS.names)
    assert text[:best_end(text, 0, 5, model, text.index("1.6"), words=words)] == "棚户区改造"
    text = "地区生产总值增速高于全省平均水平0.8个百分点"
    assert text[:best_end(text, 0, 6, model, text.index("0.8"), words=WORDS)] == "地区生产总值增速"


def test_a_word_whose_tail_makes_a_change_word_with_the_next_is_cut_there():
    model = {**fit(TRAINING, WORDS), "end": {"word=结构调整": 9.0, "word=结构": 1.0}}
    words = EdgeWords(WORDS.leading, WORDS.trailing | {"调整为"}, WORDS.names)
    text = "三次产业结构调整为13.2:38.6:48.2"
    assert text[:best_end(text, 0, 6, model, text.index("13"), words=words)] == "三次产业结构"
    assert text[:best_end(text, 0, 6, model, text.index("13"), words=WORDS)] == "三次产业结构调整"  # without the word


def test_a_start_is_never_a_particle():
    model = {**fit(TRAINING, WORDS), "start": {"bias": 0.0, "window_start": 5.0}}
    text = "主营业务收入超50亿元的企业达到12家"
    assert text[best_start(text, 12, 14, model, text.index("的"), words=WORDS):14] == "企业"


def test_fitting_needs_gold_indicators():
    with pytest.raises(ValueError, match="nothing to fit"):
        fit([line("全年完成{3}项")], WORDS)


def component(model) -> tuple[spacy.language.Language, IndicatorEdges]:
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    edges.initialize(model=model)
    return nlp, edges


def fitted_component() -> tuple[spacy.language.Language, IndicatorEdges]:
    return component(fit(TRAINING, WORDS))


def with_ents(nlp, text: str, spans: list[tuple[int, int, str]]):
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    return doc


def moved_names(words: EdgeWords, training: list[dict], text: str, name: str) -> list[str]:
    """The entities after the component fitted on `training` moves the INDICATOR `name` of `text`."""
    nlp, edges = component(fit(training, words))
    start = text.index(name)
    return [e.text for e in edges(with_ents(nlp, text, [(start, start + len(name), "INDICATOR")])).ents]


def test_the_component_moves_indicator_starts_and_keeps_ends_and_other_labels():
    nlp, edges = fitted_component()
    doc = edges(with_ents(nlp, "盘活存量低效用地500亩", [(0, 8, "INDICATOR"), (8, 11, "VALUE")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("存量低效用地", "INDICATOR"), ("500", "VALUE")]


def test_the_component_needs_a_model_and_says_where_it_comes_from():
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    with pytest.raises(ValueError, match=r"initialize\.components\.zhibiao_indicator_edges\.model"):
        edges(nlp.make_doc("盘活存量用地"))
    with pytest.raises(ValueError, match="no edge model"):
        edges.initialize()
    with pytest.raises(ValueError, match="needs end, trailing_words, indicator_gazetteer"):
        edges.initialize(model={"start": {}, "leading_words": []})


def test_the_model_is_saved_with_the_pipeline(tmp_path):
    nlp, edges = fitted_component()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline").get_pipe("zhibiao_indicator_edges").model
    copy = IndicatorEdges().from_bytes(edges.to_bytes()).model
    for model in (loaded, copy):  # JSON keeps the weights to the last bit or so
        for edge in ("start", "end"):
            assert model[edge] == pytest.approx(edges.model[edge], abs=1e-9)
        assert model["leading_words"] == edges.model["leading_words"]


def test_fold_edge_models_fit_on_the_reports_the_folds_ner_trained_on(tmp_path):
    from zhibiao.crossval import FoldModel

    folds = [FoldModel("a-2024", 0, 1.0, tmp_path), FoldModel("a-2024", 1, 1.0, tmp_path),
             FoldModel("a-2024", 0, 0.5, tmp_path)]
    paths = fold_edge_models(TRAINING, folds, WORD_DATA, tmp_path)
    assert set(paths) == {("a-2024", 1.0), ("a-2024", 0.5)}
    assert srsly.read_json(paths[("a-2024", 1.0)])["fitted_on"]["reports"] == ["b-2024", "c-2024"]
    assert srsly.read_json(paths[("a-2024", 0.5)])["fitted_on"]["reports"] == ["b-2024"]  # the learning curve's share


def test_every_fold_edge_model_also_learns_from_the_synthetic_sentences(tmp_path):
    from zhibiao.crossval import FoldModel

    synthetic = [line("全年盘活[存量厂房]{40}万平方米", "synthetic-x", 0)]
    folds = [FoldModel("a-2024", 0, 1.0, tmp_path), FoldModel("b-2024", 0, 1.0, tmp_path)]
    paths = fold_edge_models(TRAINING, folds, WORD_DATA, tmp_path, synthetic)
    assert srsly.read_json(paths[("a-2024", 1.0)])["fitted_on"]["reports"] == ["b-2024", "c-2024", "synthetic-x"]
    assert srsly.read_json(paths[("b-2024", 1.0)])["fitted_on"]["reports"] == ["a-2024", "c-2024", "synthetic-x"]
    assert srsly.read_json(paths[("b-2024", 1.0)])["fitted_on"]["sentences"] == 5


def test_candidates_without_the_edge_model_read_no_edge_model():
    without = next(o for name, o in CANDIDATES.items() if "model" not in name)
    config = candidate_config(FINAL, without)
    assert "zhibiao_indicator_edges" not in config["components"]
    assert "zhibiao_indicator_edges" not in config["initialize"]["components"]
    for name in ("start model", "edge model"):
        with_model = next(o for candidate, o in CANDIDATES.items() if candidate.endswith(name))
        assert "zhibiao_indicator_edges" in candidate_config(FINAL, with_model)["initialize"]["components"]


def test_after_a_count_the_end_model_may_shorten_an_indicator_but_never_lengthen_it():
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    edges.initialize(model={**fit(TRAINING, WORDS), "end": {"word=补贴": 9.0}})  # it would take the activity
    text = "为6.2万名困难群众发放取暖补贴"
    doc = edges(with_ents(nlp, text, [(1, 4, "VALUE"), (4, 6, "UNIT"), (6, 10, "INDICATOR")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["困难群众"]
    text = "困难群众发放取暖补贴6.2万元"  # no count before it: the model decides
    doc = edges(with_ents(nlp, text, [(0, 4, "INDICATOR"), (10, 13, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["困难群众发放取暖补贴"]


def test_the_end_model_never_gives_the_last_item_of_a_respectively_list_its_shared_head_back():
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    edges.initialize(model={**fit(TRAINING, WORDS), "end": {"word=使用量": 9.0}})
    text = "化肥、农药使用量分别下降3.2%和4.1%"
    doc = edges(with_ents(nlp, text, [(0, 2, "INDICATOR"), (3, 5, "INDICATOR"), (13, 16, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["化肥", "农药"]


def test_the_edge_model_leaves_the_quotes_of_a_name_quoted_whole_out():
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    edges.initialize(model={**fit(TRAINING, WORDS), "start": {"word=“": 9.0}})  # it would start at the quote
    text = "建设“口袋公园”50个"
    doc = edges(with_ents(nlp, text, [(3, 7, "INDICATOR"), (8, 10, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["口袋公园"]


def test_the_component_never_moves_a_start_back_over_the_places_listed_before_it():
    # a model that learned to start names at the clause's start (`[岚山县规上工业增加值]`) would take in the places
    # listed as the subjects of a 分别 list; they stay out (`沂澜市、岱屏市【地区生产总值】分别…`)
    from dataclasses import replace

    words = replace(WORDS, place_heads=("市", "县", "区"), name_tags=frozenset({"ns", "nr", "j"}))
    training = [line("[全省地区生产总值]增长{6}%"), line("[湖东区粮食总产量]达到{1}亿斤"), line("[沿江高速公路]开通{3}条"),
                line("新建[学校]{5}所"), line("[岚山县规上工业增加值]增长{8}%")]
    text = "沂澜市、岱屏市地区生产总值分别达到1.72万亿元、1.64万亿元。"
    assert moved_names(words, training, text, "地区生产总值") == ["地区生产总值"]


def test_the_component_never_leaves_one_character_of_a_name():
    # a model that learned that a leading verb opens no name would cut `新增` off `新增率`; one character is no name
    nlp, edges = component({**fit(TRAINING, WORDS), "start": {"bias": 0.0, "leading_word_before": 9.0}})
    doc = edges(with_ents(nlp, "新增率达到5%", [(0, 3, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["新增率"]


def test_the_component_keeps_the_subject_before_a_subject_verb_out():
    # a model that starts names at the clause's start would take the park that the firms moved into (`产业园入驻【企业】`)
    from dataclasses import replace

    words = replace(WORDS, subject_verbs=frozenset({"入驻", "完成"}))
    training = [line("[全省地区生产总值]增长{6}%"), line("[岚山县规上工业增加值]增长{8}%"), line("[湖东区粮食总产量]达到{1}亿斤")]
    assert moved_names(words, training, "岚峪产业园入驻企业达到31家。", "企业") == ["企业"]


def test_the_component_keeps_a_threshold_without_a_numeral_in_the_name():
    # ANNOTATION.md: a threshold with no numeral stays inside the indicator (`县控以上断面水质达标率`); a model that
    # learned to start after 以上 (`10万吨级以上【泊位】`) would cut it off
    nlp, edges = component({**fit(TRAINING, WORDS), "start": {"bias": 0.0, "word=断面": 9.0}})
    doc = edges(with_ents(nlp, "县控以上断面水质达标率保持100%", [(0, 11, "INDICATOR"), (13, 16, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["县控以上断面水质达标率"]
    doc = edges(with_ents(nlp, "新增10万吨级以上断面监测点3个", [(9, 14, "INDICATOR"), (14, 15, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["断面监测点"]  # the numeral bounds it: no move


def test_an_end_may_close_works_a_change_word_ends():
    # 提升 is a change word no name ends with, but for works it ends (`【背街小巷整治提升】186条`)
    words = {**WORD_DATA, "trailing_words": [*TRAILING, "提升"]}
    model = {**fit(TRAINING, EdgeWords.from_data(words)), "end": {"bias": 0.0}}
    text = "背街小巷整治提升186条"
    assert best_end(text, 0, 8, model, prior=1.0) < 8  # without the works listed, the end goes back
    with_works = {**model, "works_activities": ["整治提升"]}
    assert best_end(text, 0, 8, with_works, prior=1.0) == 8


def test_the_shipped_word_lists_let_a_name_end_with_the_activity_its_count_follows():
    # ANNOTATION.md: when the count follows, the whole phrase is the indicator (`【…班列开行】320列`)
    words = EdgeWords.from_data(srsly.read_json(ROOT / "configs" / "rules.json"))
    model = {**fit(TRAINING, words), "end": {"bias": 0.0}}
    text = "对俄国际货运班列开行320列"
    assert best_end(text, 0, 10, model, prior=1.0) == 10


def test_the_component_drops_a_name_whose_edges_leave_what_names_nothing():
    # a model's `降幅比…` cut before its comparison is a bare 降幅: the growth of the name before (ANNOTATION.md)
    from dataclasses import replace

    nlp, edges = component({**fit(TRAINING, replace(WORDS, nameless=frozenset({"降幅"}))), "end": {"bias": 0.0}})
    text = "外贸进出口总额下降2.4%，降幅比一季度收窄5.8个百分点"
    start = text.index("降幅")
    doc = edges(with_ents(nlp, text, [(0, 7, "INDICATOR"), (start, start + 2, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["外贸进出口总额"]
    assert "降幅" in fit(TRAINING, replace(WORDS, nameless=frozenset({"降幅"})))["not_indicators"]


def test_the_component_keeps_what_became_of_projects_before_a_rate():
    # ANNOTATION.md keeps a project trigger that defines the set a rate is of (`【新签约亿元以上项目当年开工率】`); a model
    # that learned a leading verb opens no name would cut it off, as it does before any other name
    from dataclasses import replace

    words = replace(WORDS, triggers=("签约", "开工"))
    nlp, edges = component({**fit(TRAINING, words), "start": {"bias": 0.0, "word=项目": 9.0}})
    doc = edges(with_ents(nlp, "新签约项目开工率达到60%", [(0, 8, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["新签约项目开工率"]
    nlp, edges = component({**fit(TRAINING, WORDS), "start": {"bias": 0.0, "word=项目": 9.0}})
    doc = edges(with_ents(nlp, "新签约项目开工率达到60%", [(0, 8, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["项目开工率"]  # (without the listed triggers the model cuts it)


def test_the_component_keeps_the_quote_a_name_opens_with():
    # a model start right after an opening quote whose closing quote stays inside the name would leave it unbalanced
    nlp, edges = component({**fit(TRAINING, WORDS), "start": {"bias": 0.0, "word=减": 9.0}})
    doc = edges(with_ents(nlp, "“减油增化”改造项目完成3个", [(0, 10, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["“减油增化”改造项目"]


def test_the_component_keeps_the_quote_a_name_closes_with():
    # a model end before the closing quote of a title the name ends with would leave it unbalanced
    nlp, edges = component({**fit(TRAINING, WORDS), "start": {"bias": 0.0, "word=省级": 9.0},
                            "end": {"bias": 0.0, "word=企业": 9.0}})
    doc = edges(with_ents(nlp, "2家企业获评省级“雄鹰企业”", [(6, 14, "INDICATOR")]))
    assert [e.text for e in doc.ents] == ["省级“雄鹰企业”"]


def test_the_edge_model_never_moves_a_start_back_over_a_leading_word():
    # the repair cut 新增 off; a model that would start at it (jieba reads 新增村, as it reads 新建村) starts after it
    nlp = spacy.blank("zh")
    edges = nlp.add_pipe("zhibiao_indicator_edges")
    edges.initialize(model={**fit(TRAINING, WORDS), "start": {"word=新增": 9.0, "word=新增村": 9.0}})
    text = "新增村卫生室26个"
    doc = edges(with_ents(nlp, text, [(2, 6, "INDICATOR"), (6, 8, "VALUE")]))
    assert [e.text for e in doc.ents if e.label_ == "INDICATOR"] == ["村卫生室"]


def test_an_end_never_takes_in_a_comparison_with_the_same_period():
    # jieba reads 同比增加 as one word; a model that would end after it ends before it
    model = {**fit(TRAINING, WORDS), "end": {"bias": 0.0, "word=同比增加": 9.0}}
    assert best_end("优良天数同比增加28天", 0, 4, model, high=8, prior=1.0) == 4
