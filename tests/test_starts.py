"""The INDICATOR start model (zhibiao.starts) and its component `zhibiao_indicator_starts`."""

import re

import pytest
import spacy
import srsly

from zhibiao.assemble import CANDIDATES, candidate_config
from zhibiao.crossval import fold_start_models
from zhibiao.indicator_starts import IndicatorStarts
from zhibiao.starts import best_start, features, fit, training_rows, window

from conftest import ROOT

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


def test_features_name_the_words_at_and_before_the_start():
    text = "全年盘活存量用地3200亩"
    tokens = window(text, 8)
    i = next(i for i, token in enumerate(tokens) if token[2] == "存量")
    found = features(text, tokens, i, 8, frozenset(["盘活"]))
    assert "word=存量" in found and "word_before=盘活" in found and "leading_word_before" in found
    assert "leading_word" not in found and "window_start" not in found


def test_every_gold_indicator_gives_exactly_one_positive_row():
    rows, labels = training_rows(TRAINING, frozenset(LEADING))
    assert sum(labels) == 6 and len(rows) == len(labels) > 6


def test_a_fitted_model_starts_after_a_verb_it_learned_from_the_gold():
    model = fit(TRAINING, LEADING)
    text = "盘活存量低效用地500亩"
    assert text[best_start(text, 0, 8, model):8] == "存量低效用地"
    text = "施划新能源停车位300个"
    assert text[best_start(text, 0, 8, model):8] == "新能源停车位"
    assert model["fitted_on"] == {"reports": ["a-2024", "b-2024", "c-2024"], "sentences": 6, "indicators": 6, "c": 1.0}


def test_a_start_never_goes_before_the_entity_ahead():
    model = fit(TRAINING, LEADING)
    text = "新建学校3所新增学位1200个"
    assert best_start(text, 6, 10, model, low=6) >= 6


def test_fitting_needs_gold_indicators():
    with pytest.raises(ValueError, match="nothing to fit"):
        fit([line("全年完成{3}项")], LEADING)


def fitted_component() -> tuple[spacy.language.Language, IndicatorStarts]:
    nlp = spacy.blank("zh")
    starts = nlp.add_pipe("zhibiao_indicator_starts")
    starts.initialize(model=fit(TRAINING, LEADING))
    return nlp, starts


def with_ents(nlp, text: str, spans: list[tuple[int, int, str]]):
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
    return doc


def test_the_component_moves_indicator_starts_and_keeps_ends_and_other_labels():
    nlp, starts = fitted_component()
    doc = starts(with_ents(nlp, "盘活存量低效用地500亩", [(0, 8, "INDICATOR"), (8, 11, "VALUE")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("存量低效用地", "INDICATOR"), ("500", "VALUE")]


def test_the_component_needs_a_model_and_says_where_it_comes_from():
    nlp = spacy.blank("zh")
    starts = nlp.add_pipe("zhibiao_indicator_starts")
    with pytest.raises(ValueError, match=r"initialize\.components\.zhibiao_indicator_starts\.model"):
        starts(nlp.make_doc("盘活存量用地"))
    with pytest.raises(ValueError, match="no start model"):
        starts.initialize()


def test_the_model_is_saved_with_the_pipeline(tmp_path):
    nlp, starts = fitted_component()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline").get_pipe("zhibiao_indicator_starts").model
    copy = IndicatorStarts().from_bytes(starts.to_bytes()).model
    for model in (loaded, copy):  # JSON keeps the weights to the last bit or so
        assert model["weights"] == pytest.approx(starts.model["weights"], abs=1e-9)
        assert model["leading_words"] == starts.model["leading_words"]


def test_fold_start_models_fit_on_the_other_reports_only(tmp_path):
    paths = fold_start_models(TRAINING, ["a-2024"], LEADING, tmp_path)
    assert srsly.read_json(paths["a-2024"])["fitted_on"]["reports"] == ["b-2024", "c-2024"]


def test_candidates_without_the_start_model_read_no_start_model():
    without = next(o for name, o in CANDIDATES.items() if "start model" not in name)
    config = candidate_config(FINAL, without)
    assert "zhibiao_indicator_starts" not in config["components"]
    assert "zhibiao_indicator_starts" not in config["initialize"]["components"]
    with_model = next(o for name, o in CANDIDATES.items() if "start model" in name)
    assert "zhibiao_indicator_starts" in candidate_config(FINAL, with_model)["initialize"]["components"]
