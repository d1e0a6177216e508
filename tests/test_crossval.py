"""Cross-validation's scoring: per-sentence counts, bootstrap intervals, paired differences, fold bookkeeping."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from zhibiao.annotations import make_record
from zhibiao.cli import app
from zhibiao.crossval import FoldModel, FoldsError, cross_validate, fold_models, markdown, train_folds
from zhibiao.evaluate import SCORED, bootstrap_f1, bootstrap_weights, f1_of, sentence_counts


def test_sentence_counts_per_label_micro_relations_and_records():
    gold = {"spans": [(0, 6, "INDICATOR"), (8, 9, "VALUE")], "relations": [(8, 9, 0, 6)], "records": [("地区", "6", 8, "%")]}
    predicted = {"spans": [(0, 4, "INDICATOR"), (8, 9, "VALUE")], "relations": [(8, 9, 0, 4)], "records": []}
    counts = dict(zip(SCORED, sentence_counts(gold, predicted)))
    assert counts["INDICATOR"] == (0, 1, 1) and counts["VALUE"] == (1, 0, 0) and counts["PROJECT"] == (0, 0, 0)
    assert counts["micro"] == (1, 1, 1)
    assert counts["value_of"] == (0, 1, 1) and counts["records"] == (0, 0, 1)


def test_bootstrap_of_all_ones_weights_is_the_plain_f1():
    counts = np.array([[[1, 0, 1]], [[2, 1, 0]], [[0, 0, 3]]])
    assert bootstrap_f1(counts, np.ones((1, 3)))[0, 0] == pytest.approx(f1_of(counts.sum(axis=0))[0])
    weights = bootstrap_weights(3, samples=50, seed=1)
    assert weights.shape == (50, 3) and (weights.sum(axis=1) == 3).all()


def test_cross_validate_pools_held_out_sentences_and_pairs_the_differences(rules_nlp):
    texts = {"a-2024": ["地区生产总值增长6%左右。", "新增规上工业企业102家。"], "b-2024": ["一般公共预算收入增长5%。"]}
    records = []
    for doc_id, sentences in texts.items():
        for sent_id, text in enumerate(sentences):
            doc = rules_nlp(text)
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            pairs = [(spans.index((vs, ve, "VALUE")), spans.index((is_, ie, "INDICATOR"))) for vs, ve, is_, ie in doc._.value_of]
            records.append(make_record(doc_id, sent_id, text, {}, spans, pairs))
    models = [FoldModel(doc_id, seed, 1.0, f"/nowhere/{doc_id}/{seed}") for doc_id in texts for seed in (0, 1)]
    variants = {"rules": lambda path: rules_nlp, "same again": lambda path: rules_nlp}
    result = cross_validate(records, models, variants, samples=100, log=lambda message: None)
    rules = result["variants"]["rules"]
    assert result["sentences"] == 3 and result["seeds"] == [0, 1] and result["reports"] == ["a-2024", "b-2024"]
    assert rules["f1"]["micro"] == 1.0 and rules["sd_over_seeds"]["micro"] == 0.0  # the gold is the rules' own
    assert result["variants"]["same again"]["delta_vs_rules_ci95"]["micro"] == [0.0, 0.0]
    assert "| same again |" in markdown(result)


def test_cross_validate_refuses_sentences_no_fold_held_out(rules_nlp):
    records = [make_record("a-2024", 0, "地区生产总值增长6%。", {}, []), make_record("b-2024", 0, "新增企业5家。", {}, [])]
    with pytest.raises(ValueError, match="no fold model"):
        cross_validate(records, [FoldModel("a-2024", 0, 1.0, "/nowhere")], {"rules": lambda path: rules_nlp},
                       samples=10, log=lambda message: None)


def test_cv_train_lists_fold_models_that_cv_evaluate_finds_from_another_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    def train(command, **kwargs):  # what spacy train leaves, and its exit code, which train_folds reads
        Path(command[command.index("--output") + 1], "model-last").mkdir(parents=True)
        return subprocess.CompletedProcess(command, 0, b"")

    monkeypatch.setattr(subprocess, "run", train)
    folds = [{"train": ["b-2024"], "dev": ["b-2024"], "test": ["a-2024"]}]
    train_folds(Path("ner.cfg"), folds, Path("work"), Path("training/cv"), [0, 1], 10, log=lambda message: None)
    listed = json.loads((tmp_path / "training/cv/folds.json").read_text())
    assert [m["path"] for m in listed] == ["a-2024/seed0/model-last", "a-2024/seed1/model-last"]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert [m.path for m in fold_models(Path("../training/cv"))] == \
        [Path("../training/cv/a-2024/seed0/model-last"), Path("../training/cv/a-2024/seed1/model-last")]


def test_a_fold_list_of_paths_from_cv_trains_working_directory_still_reads(tmp_path, monkeypatch):
    """Lists written before held the paths as cv-train was given them: <--models>/<fold>/seed<N>/model-last."""
    models = tmp_path / "training" / "cv" / "ner"
    (models / "a-2024" / "seed0" / "model-last").mkdir(parents=True)
    (models / "folds.json").write_text(json.dumps(
        [{"test": "a-2024", "seed": 0, "fraction": 1.0, "path": "training/cv/ner/a-2024/seed0/model-last"}]))
    monkeypatch.chdir(tmp_path / "training")  # not where cv-train ran
    assert [m.path for m in fold_models(Path("cv/ner"))] == [Path("cv/ner/a-2024/seed0/model-last")]


def test_a_missing_fold_model_is_named(tmp_path):
    (tmp_path / "folds.json").write_text(json.dumps(
        [{"test": "a-2024", "seed": 0, "fraction": 1.0, "path": "a-2024/seed0/model-last"}]))
    with pytest.raises(FoldsError, match=f"^{tmp_path / 'a-2024/seed0/model-last'}: no fold model there"):
        fold_models(tmp_path)


@pytest.mark.parametrize("samples", ["0", "-5"])
def test_cv_evaluate_refuses_fewer_than_one_bootstrap_sample_up_front(tmp_path, samples):
    result = CliRunner().invoke(app, ["cv-evaluate", str(tmp_path / "gold"), "--models", str(tmp_path), "--out",
                                      str(tmp_path / "cv.json"), "--markdown", str(tmp_path / "cv.md"), "--samples", samples])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert result.stderr == f"error: --samples must be at least 1, not {samples}\n"
